"""Gofto: a desktop chat you host or join on your network, speaking IRC on the wire."""

__version__ = "0.1.0"
APP_NAME = "Gofto"
DEFAULT_PORT = 5000
DEFAULT_ROOM = "#lobby"
