"""Telling an HTTP request from IRC in the first bytes a TLS client sends.

The host's one port carries IRC and, inside TLS, HTTPS for shared files. An HTTP request
starts with a method, a space and a path (``GET /upload/…``) or, for ``OPTIONS``, ``*``; no IRC
command is an HTTP method (IRC's ``CONNECT`` takes a server name, never a path), so the first
nine bytes at most decide. This module does no I/O and imports nothing from the rest of ``app``.
"""

from __future__ import annotations

#: RFC 9110's methods and PATCH: anything else is IRC.
_METHODS = (b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"CONNECT", b"OPTIONS", b"TRACE", b"PATCH")
_OPENINGS = (*(method + b" /" for method in _METHODS), b"OPTIONS *")
#: The most bytes :func:`is_http` may need before it decides.
LONGEST_OPENING = max(len(opening) for opening in _OPENINGS)


def is_http(start: bytes) -> bool | None:
    """``True`` when ``start`` opens an HTTP request, ``False`` when it cannot, ``None`` when
    more bytes are needed to tell."""
    for opening in _OPENINGS:
        if start.startswith(opening):
            return True
    if any(opening.startswith(start) for opening in _OPENINGS):
        return None
    return False
