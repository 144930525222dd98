"""Announcing a running server on the LAN, and the invite links it prints and shows.

Glue between :class:`~app.server.server.ChatServer` and :mod:`app.discovery`: the record's
``n`` and ``pw`` come from :meth:`ChatServer.room_summary`, polled by the announcer's own
thread (never by a server thread), so announcing costs the server nothing per message.
Nothing is announced when ``GOFTO_DISCOVERY=off`` or the server has no certificate (a chat
found on the network is always joined with its fingerprint pinned).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from app import __version__, discovery
from app.discovery.announce import Announcer
from app.discovery.interfaces import listening_addresses
from app.discovery.record import ChatRecord
from app.irc.url import format_irc_url

if TYPE_CHECKING:
    from app.server.server import ChatServer


def _hex(fingerprint: str) -> str:
    return "".join(fingerprint.split()).lower()


def default_name(room: str) -> str:
    """A headless server's instance name: ``#lobby on HOSTNAME``."""
    return f"{room} on {socket.gethostname() or 'Gofto'}"


def invite_links(server: ChatServer, addresses: list[str] | None = None) -> list[str]:
    """``ircs://ADDRESS:PORT/ROOM?fp=…`` for every address the server can be reached at."""
    host, port = server.address
    fingerprint = server.fingerprint
    query = {"fp": _hex(fingerprint)} if fingerprint else None
    found = addresses if addresses is not None else listening_addresses(host)
    return [format_irc_url("ircs", a, port, server.config.room, query) for a in found]


def announcer_for(server: ChatServer, name: str, nick: str = "") -> Announcer | None:
    """A started :class:`Announcer` for ``server`` (already started itself), or ``None``
    when discovery is off or the server speaks no TLS."""
    fingerprint = server.fingerprint
    if not discovery.enabled() or not fingerprint:
        return None
    host, port = server.address
    room = server.config.room

    def status() -> ChatRecord:
        people, password = server.room_summary()
        return ChatRecord(_hex(fingerprint), room, password, people, __version__, nick)

    announcer = Announcer(name, port, listening_addresses(host), status)
    announcer.start()
    return announcer
