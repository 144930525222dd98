"""Benchmarks: the server against ngIRCd (``make bench``), the GUI under a flood."""
