"""The threaded chat server, embedded in the desktop app or run headless with ``serve``."""
