"""Hosting a chat from the desktop app: the embedded server and the addresses to share.

Both front ends host through :class:`HostedServer`, so the server's options, the host's
secret and the sentences for a port that cannot be used are written once. The server is the
same :class:`~app.server.server.ChatServer` that ``gofto serve`` runs; it listens on all
interfaces so people on the LAN can join, and serves on its own threads. Those threads never
touch a GUI object (practice 7): the host's own window joins over a socket to 127.0.0.1 like
everyone else, so hosting and joining share one code path.

The server speaks TLS and plain text on its port (``tls_only`` turns plain text away) with
this computer's certificate, made on first use in the data directory; :attr:`fingerprint` is
what the host reads out to guests, and what the host's own client insists on.

Given an ``announce`` name, the chat is announced on the LAN while it runs (DNS-SD, see
:mod:`app.server.announcing`; nothing when ``GOFTO_DISCOVERY=off``) and withdrawn with
goodbye records by :meth:`HostedServer.stop`, before the server says goodbye to its guests.
"""

from __future__ import annotations

import errno
import logging
import secrets
import ssl
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app import DEFAULT_PORT, DEFAULT_ROOM
from app.discovery.interfaces import lan_addresses as interface_lan_addresses
from app.errors import AddressInUse, CannotListen

if TYPE_CHECKING:
    from app.discovery.announce import Announcer
    from app.server.server import ChatServer

log = logging.getLogger(__name__)

ALL_INTERFACES = "0.0.0.0"
LOOPBACK = "127.0.0.1"
CLOSING_REASON = "The host closed the chat"


def lan_addresses() -> list[str]:
    """This machine's LAN IPv4 addresses, private ones first, read from its interfaces
    (every interface, not just the one with the default route; no traffic is sent)."""
    return interface_lan_addresses()


def listen_problem(port: int, error: OSError) -> AddressInUse | CannotListen:
    """The error a person can act on for ``error`` raised while starting to host on ``port``."""
    if isinstance(error, ssl.SSLError):
        return CannotListen(port, f"TLS certificate: {error}")
    if error.errno == errno.EADDRINUSE:
        return AddressInUse(port)
    detail = error.strerror or str(error)
    return CannotListen(port, detail, denied=error.errno == errno.EACCES)


class HostedServer:
    """An embedded chat server listening on every interface of ``port``.

    ``start()`` binds and returns at once (the server accepts and serves on its own threads);
    it blocks only for the bind and, on first use, for making the certificate, so a front end
    that must not freeze calls it on a background thread. ``stop()`` sends every client a
    closing notice and then closes, so they see "the host closed the chat" rather than a reset
    connection.
    """

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        *,
        password: str | None = None,
        room: str = DEFAULT_ROOM,
        host: str = ALL_INTERFACES,
        tls_only: bool = False,
        tls_dir: Path | None = None,
        announce: str | None = None,
        nick: str = "",
    ) -> None:
        self._requested = (host, port)
        self._announce = announce
        self._nick = nick
        self._announcer: Announcer | None = None
        self._stopping = threading.Lock()
        self._tls_only = tls_only
        self._tls_dir = tls_dir
        self._fingerprint: str | None = None
        self._password = password
        # Proves to the server that a connection is the host's own window (OPER): only this
        # process knows it, so a guest cannot become the room's operator. See trust.py.
        self._host_secret = secrets.token_urlsafe(32)
        self._room = room
        self._server: ChatServer | None = None
        self._port = port

    @property
    def running(self) -> bool:
        """Whether the server is accepting connections."""
        return self._server is not None

    @property
    def chat_server(self) -> ChatServer | None:
        """The running :class:`~app.server.server.ChatServer` (for tests and diagnostics)."""
        return self._server

    @property
    def port(self) -> int:
        """The port actually bound (differs from the requested one when that was 0)."""
        return self._port

    @property
    def password(self) -> str | None:
        """The room password, which the host's own client sends too."""
        return self._password

    @property
    def host_secret(self) -> str:
        """The operator secret the host's own client presents (never shown, never saved)."""
        return self._host_secret

    @property
    def fingerprint(self) -> str | None:
        """The certificate fingerprint guests can compare by voice (known once started)."""
        return self._fingerprint

    @property
    def tls_only(self) -> bool:
        """Whether guests must use TLS (plain-text IRC clients are refused)."""
        return self._tls_only

    @property
    def room(self) -> str:
        """The default room of the hosted chat."""
        return self._room

    def start(self) -> None:
        """Bind and start serving.

        Raises :class:`~app.errors.AddressInUse` when the port is taken and
        :class:`~app.errors.CannotListen` for any other reason (a privileged port, a
        certificate that cannot be made); nothing is left running in either case.
        """
        from app.datadir import history_path
        from app.server.server import ChatServer
        from app.server.tls import ServerTls

        host, port = self._requested
        try:
            # Made on first use in the data directory, then reused: the fingerprint stays.
            tls = ServerTls.for_host(
                "gofto.local", tls_only=self._tls_only, directory=self._tls_dir
            )
            server = ChatServer(
                host,
                port,
                password=self._password,
                operator_password=self._host_secret,
                room=self._room,
                tls=tls,
                # Read and written on the server's own thread, never on the GUI thread.
                history_path=history_path(),
            )
            server.start()
        except OSError as error:  # ssl.SSLError is an OSError too
            raise listen_problem(port, error) from error
        self._fingerprint = tls.fingerprint
        self._server = server
        self._port = int(server.address[1])
        log.info("hosting on %s:%d", host, self._port)
        if self._announce:
            from app.server.announcing import announcer_for

            self._announcer = announcer_for(server, self._announce, self._nick)

    @property
    def announcer(self) -> Announcer | None:
        """The LAN announcement while it runs (``None`` when not announcing)."""
        return self._announcer

    def lan_addresses(self) -> list[str]:
        """The LAN IPv4 addresses others can use to reach this machine."""
        return lan_addresses()

    def invitations(self) -> list[str]:
        """What to tell people to type: ``ADDRESS:PORT`` for each LAN address."""
        return [f"{address}:{self._port}" for address in self.lan_addresses()]

    def invite_links(self) -> list[str]:
        """An ``ircs://ADDRESS:PORT/ROOM?fp=…`` invite link for each LAN address (loopback
        when there is none): joining through one pins this server's certificate."""
        from app.server.announcing import invite_links

        server = self._server
        if server is None:
            return []
        return invite_links(server, self.lan_addresses() or ["127.0.0.1"])

    def refresh_announcement(self) -> None:
        """Send the announcement's ``pw``/``n`` again soon (after a password change)."""
        if self._announcer is not None:
            self._announcer.refresh_now()

    def stop(self, reason: str = CLOSING_REASON) -> None:
        """Withdraw the announcement, say goodbye to every client and stop serving; safe to
        call twice and from two threads (the second call returns once the first is done)."""
        with self._stopping:
            announcer, self._announcer = self._announcer, None
            if announcer is not None:
                announcer.stop()  # goodbye records while the port still answers
            server, self._server = self._server, None
            if server is not None:
                server.stop(reason)
