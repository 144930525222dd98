"""Getting into a chat: host it (start the embedded server) if asked, then join it.

The start dialog and ``gofto --tk host|join`` both go through :class:`Launch`, so the same
request fails with the same sentence either way. The steps are asynchronous (a background
thread for the server, the socket worker for the connection) and report back on the Tk thread.
"""

from __future__ import annotations

import logging
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app import DEFAULT_ROOM
from app.client.events import Event, Joined, RegistrationFailed
from app.client.trust import INVITE, ClientTls
from app.errors import GoftoError
from app.irc.names import same_name
from app.server.hosting import HostedServer
from app.tk.connection import Connection
from app.tk.hosting import start_server, stop_server
from app.tk.i18n import error_text, translate
from app.tk.inbox import Inbox
from app.tk.transport import WorkerFactory, threaded_worker

log = logging.getLogger(__name__)

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class StartRequest:
    """What the person asked for: host on ``port``, or join ``host:port``."""

    mode: Literal["host", "join"]
    nick: str
    port: int
    host: str = LOCALHOST
    password: str | None = None
    room: str = DEFAULT_ROOM
    #: Hosting only: refuse guests that cannot encrypt.
    tls_only: bool = False
    #: Joining an invite link or a chat found on the network: the certificate to insist on.
    fingerprint: str | None = None
    #: How that fingerprint is known (app.client.trust.INVITE or DISCOVERY).
    how: str = INVITE


class Launch:
    """Host (optionally) and connect; tell the caller how it went, on the Tk thread.

    - ``on_progress(text)``: what is happening now ("Starting the chat on port 5000…").
    - ``on_connection(launch)``: the Connection exists (a window can attach to it now).
    - ``on_ready(launch)``: we are in the room; ``backlog`` holds the events seen so far.
    - ``on_failed(sentence)``: it did not work; the sentence says what to do.

    With ``retry=False`` (the start dialog) a failure ends the attempt and cleans up (the
    server we started is stopped, so the next try can host again); with ``retry=True`` (the
    main window opened from the command line) a lost or unreachable connection is retried.
    """

    def __init__(
        self,
        widget: tk.Misc,
        request: StartRequest,
        *,
        retry: bool,
        on_progress: Callable[[str], None] = lambda _text: None,
        on_connection: Callable[[Launch], None] = lambda _launch: None,
        on_ready: Callable[[Launch], None] = lambda _launch: None,
        on_failed: Callable[[str], None] = lambda _sentence: None,
        worker_factory: WorkerFactory = threaded_worker,
    ) -> None:
        self.request = request
        self.retry = retry
        self.connection: Connection | None = None
        #: The server this launch hosts, once it listens (``None`` when joining).
        self.hosted: HostedServer | None = None
        self.backlog: list[Event] = []
        #: The error behind the last ``on_failed`` sentence, when there is one to act on
        #: (the dialog offers to trust a new certificate on ``CertificateChanged``).
        self.error: GoftoError | None = None
        self._widget = widget
        self._inbox = Inbox(widget)
        self._on_progress = on_progress
        self._on_connection = on_connection
        self._on_ready = on_ready
        self._on_failed = on_failed
        self._worker_factory = worker_factory
        self._cancelled = False
        self._ready = False
        # The server to host, made (not started) up front so its operator secret is known:
        # our own connection presents it with OPER so the host is the room's operator.
        self._hosting = (
            HostedServer(
                request.port,
                password=request.password or None,
                room=request.room or DEFAULT_ROOM,
                tls_only=request.tls_only,
                # Announced on the LAN as "NICK's chat" (GOFTO_DISCOVERY=off silences it).
                announce=translate("Hosting", "{nick}'s chat").format(nick=request.nick),
                nick=request.nick,
            )
            if request.mode == "host"
            else None
        )

    def start(self) -> None:
        """Begin; returns at once."""
        self._inbox.start()
        if self._hosting is not None:
            starting = translate("TkLaunch", "Starting the chat on port {port}…")
            self._on_progress(starting.format(port=self.request.port))
            start_server(self._inbox, self._hosting, self._hosted)
        else:
            self._connect(self.request.host, self.request.port)

    def cancel(self) -> None:
        """Give up: disconnect and stop the server this launch started."""
        self._cancelled = True
        if self.connection is not None:
            self.connection.stop()
        self._stop_server()
        self._inbox.close()

    def release(self) -> None:
        """The caller owns the connection and server now; stop reporting to it."""
        if self.connection is not None:
            self.connection.remove_listener(self._event)
            self.connection.on_unreachable = lambda _sentence: None
        self._inbox.close()

    # -- steps --------------------------------------------------------------------------------
    def _hosted(self, problem: str | None) -> None:
        hosted = self._hosting
        assert hosted is not None
        if self._cancelled:
            if problem is None:
                stop_server(self._inbox, hosted)
            return
        if problem is not None:
            self._fail(problem)
            return
        self.hosted = hosted
        self._connect(LOCALHOST, hosted.port)

    def _connect(self, host: str, port: int) -> None:
        connecting = translate("ChatController", "Connecting to {address}…")
        self._on_progress(connecting.format(address=f"{host}:{port}"))
        hosted = self.hosted
        tls: ClientTls | None = None
        if hosted is not None:
            # Our own server: insist on its certificate rather than pinning whatever answers.
            tls = ClientTls(expected=hosted.fingerprint)
        elif self.request.fingerprint:
            # Pinned: only the certificate the invite or announcement vouched for.
            tls = ClientTls(pinned=self.request.fingerprint, how=self.request.how)
        connection = Connection(
            self._widget,
            host=host,
            port=port,
            nick=self.request.nick,
            password=self.request.password,
            room=self.request.room,
            retry=self.retry,
            # In the dialog the person asked for this name: a taken one is NickInUse, not
            # a silent "nick_" (the Session allows that itself once registered).
            nick_fallback=self.retry,
            host_secret=hosted.host_secret if hosted is not None else None,
            tls=tls,
            worker_factory=self._worker_factory,
        )
        self.connection = connection
        connection.add_listener(self._event)
        connection.on_unreachable = self._unreachable
        self._on_connection(self)
        connection.start()

    def _unreachable(self, sentence: str) -> None:
        self._fail(sentence, self.connection.failure if self.connection is not None else None)

    def _event(self, event: Event) -> None:
        if self._ready or self._cancelled:
            return
        self.backlog.append(event)
        if isinstance(event, RegistrationFailed):
            error = event.error
            self._fail(error_text(error), error if isinstance(error, GoftoError) else None)
        elif (
            isinstance(event, Joined)
            and event.is_self
            and same_name(event.channel, self.request.room)
        ):
            self._ready = True
            self._on_ready(self)

    def _fail(self, sentence: str, error: GoftoError | None = None) -> None:
        if self._cancelled:
            return
        self.error = error
        if not self.retry:
            self._cancelled = True
            if self.connection is not None:
                # Defer: we may be inside the connection's own event dispatch.
                self._widget.after_idle(self.connection.stop)
            self._stop_server()
        self._on_failed(sentence)

    def _stop_server(self) -> None:
        hosted, self.hosted = self.hosted, None
        if hosted is not None:
            stop_server(self._inbox, hosted)
