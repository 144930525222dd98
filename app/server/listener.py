"""Bind the listening socket the way a chat host needs it.

``0.0.0.0`` and ``::`` mean every interface (``::`` dual-stack when the OS allows, so IPv4
clients reach it too); ``SO_REUSEADDR`` (set by :func:`socket.create_server` on POSIX) lets a
stopped server's port be taken again at once.
"""

from __future__ import annotations

import errno
import socket

from app.errors import AddressInUse

BACKLOG = 128


def bind(host: str, port: int) -> socket.socket:
    """A listening, non-blocking socket on ``(host, port)``; ``AddressInUse`` if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if ":" not in host and host not in ("", "0.0.0.0"):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            infos = []
        if infos:
            family = infos[0][0]
            host = infos[0][4][0]
    dual = family == socket.AF_INET6 and host in ("::", "") and socket.has_dualstack_ipv6()
    try:
        sock = socket.create_server(
            (host, port), family=family, backlog=BACKLOG, dualstack_ipv6=dual
        )
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise AddressInUse(port) from exc
        raise
    sock.setblocking(False)
    return sock


def peer_host(address: tuple) -> str:
    """The host part a client is known by: IPv4-mapped IPv6 shown as IPv4, and never a
    leading ``:`` (it would break the wire format, so ``::1`` becomes ``0::1``)."""
    host = str(address[0]) if address else "unknown"
    if host.startswith("::ffff:") and "." in host:
        host = host[len("::ffff:") :]
    if host.startswith(":"):
        host = "0" + host
    return host
