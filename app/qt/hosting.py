"""Hosting a chat from the Qt app: the embedded server plus a controller that joins it.

The server itself (:class:`~app.server.hosting.HostedServer`) is toolkit-free and shared with
the Tk front end; this module only adds the Qt part, the :class:`ChatController` through which
the host's own window joins its server at 127.0.0.1 like everyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import DEFAULT_ROOM
from app.qt.qt import QCoreApplication
from app.server.hosting import LOOPBACK, HostedServer

if TYPE_CHECKING:
    from app.client.reconnect import Backoff
    from app.qt.controller import ChatController


def start_hosting(
    nick: str,
    port: int,
    *,
    password: str | None = None,
    room: str = DEFAULT_ROOM,
    backoff: Backoff | None = None,
    tls_only: bool = False,
    announce: bool = True,
) -> ChatController:
    """Start a server on ``port`` and a controller that joins it at 127.0.0.1 (not started).

    With ``announce`` (the default) the chat is announced on the LAN as "NICK's chat" (in the
    host's language) until it stops; ``GOFTO_DISCOVERY=off`` silences it.

    Raises :class:`~app.errors.AddressInUse` or :class:`~app.errors.CannotListen` when the
    server cannot listen; nothing is left running in that case.
    """
    from app.qt.controller import ChatController

    name = QCoreApplication.translate("Hosting", "{nick}'s chat").format(nick=nick)
    hosted = HostedServer(
        port,
        password=password,
        room=room,
        tls_only=tls_only,
        announce=name if announce else None,
        nick=nick,
    )
    hosted.start()
    return ChatController(
        nick, LOOPBACK, hosted.port, password=password, room=room, server=hosted, backoff=backoff
    )
