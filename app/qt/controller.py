"""The one object a Qt window talks to: a Session driven by a QtTransport, with reconnection.

:class:`ChatController` owns the toolkit-free :class:`~app.client.session.Session`, the
:class:`~app.qt.transport.QtTransport` that carries its lines, the reconnect timer and, when we
host, the embedded server. Widgets read the session's state and listen to ``event``; they never
see a line of protocol. Like Picard's web service, the controller never opens a dialog: a
failure before the first registration is emitted as ``failed`` for the start dialog to show,
and later trouble becomes a status text and automatic reconnection.

Encryption: the transport tries TLS first (see :mod:`app.client.trust`). A changed host
certificate stops the controller and is emitted as ``certificate_changed(old, new)`` (before
``failed`` when it happens on the first connection); a window asks the person, and
:meth:`ChatController.accept_certificate` pins the new fingerprint and connects again.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app import DEFAULT_ROOM
from app.client.address import Address
from app.client.events import Event, QuitRequested, Registered, RegistrationFailed
from app.client.log import SessionLogger
from app.client.presentation.supervisor import Supervisor, Waiting
from app.client.session import Session
from app.client.trust import ClientTls, Security
from app.errors import CertificateChanged, GoftoError, HostUnreachable
from app.qt.guard import guarded
from app.qt.i18n import sentences
from app.qt.qt import QObject, QTimer, Signal, isValid
from app.qt.transport import QtTransport

if TYPE_CHECKING:
    from app.client.reconnect import Backoff
    from app.server.hosting import HostedServer

log = logging.getLogger(__name__)


class QtTimers:
    """:class:`~app.client.presentation.supervisor.Timers` on Qt's event loop."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent

    def call_later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` after ``seconds`` on the GUI thread; the result cancels it."""
        timer = QTimer(self._parent)
        timer.setSingleShot(True)
        timer.timeout.connect(callback)
        timer.timeout.connect(timer.deleteLater)
        timer.start(max(0, round(seconds * 1000)))

        def cancel() -> None:
            with contextlib.suppress(RuntimeError):  # fired and deleted already
                if timer.isActive():
                    timer.stop()
                    timer.deleteLater()

        return cancel


class ChatController(QObject):
    """Connect, register, reconnect with backoff, and hand every session event to the GUI.

    Life cycle: ``start()`` connects. Until the first registration a failure (nothing at the
    address, wrong password, nickname taken) is emitted once as ``failed`` and the controller
    stops; the start dialog shows it and may build a new controller. After the first
    registration, a lost connection is retried with :class:`~app.client.reconnect.Backoff`
    (the status bar counts down); the Session rejoins our channels and sends what was queued.
    ``shutdown()`` says goodbye and stops everything, including a server we host.

    With ``strict_nick`` (the default) a nickname taken at the first registration is a failure
    (``NickInUse``) rather than a silent switch to ``nick_``; after that, the Session's
    alternatives are welcome (our old connection may linger on the server after a drop). The
    rule itself lives in the Session (``nick_fallback``); this only chooses it.

    ``tls``: ``True`` (TLS first, pinning in the data directory's trust store; the host's own
    window insists on its server's fingerprint), ``False`` (plain text only) or a policy.
    """

    event = Signal(object)
    status_changed = Signal(str)
    registered = Signal()
    failed = Signal(object)
    # The host's certificate is not the one pinned: (old fingerprint, new fingerprint).
    certificate_changed = Signal(str, str)
    # How the connection is protected now (a Security), on every (re)connection.
    security_changed = Signal(object)

    def __init__(
        self,
        nick: str,
        host: str,
        port: int,
        *,
        password: str | None = None,
        room: str | None = DEFAULT_ROOM,
        server: HostedServer | None = None,
        backoff: Backoff | None = None,
        strict_nick: bool = True,
        tls: ClientTls | bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.port = port
        self.hosted = server
        self._texts = sentences()  # why a connection failed, in the user's language
        self._status = ""
        self._status_text: Callable[[], str] | None = None
        self._ever_registered = False
        self._connected = False  # the session was told connection_made on this socket
        self._stopped = False  # shutdown(), /quit, or a failure before registration
        self._fatal: GoftoError | None = None
        #: When to connect again after a drop (app.client.presentation.supervisor).
        self.supervisor = Supervisor(
            self._connect, QtTimers(self), backoff=backoff, on_waiting=self._show_waiting
        )

        if tls is True:  # TLS first; a host we host ourselves must show our own certificate
            expected = server.fingerprint if server is not None else None
            tls = ClientTls(expected=expected)
        self.transport = QtTransport(self, tls=tls if isinstance(tls, ClientTls) else None)
        self.session = Session(
            nick,
            send=self.transport.send_line,
            password=password,
            room=room,
            host_secret=server.host_secret if server is not None else None,
            # The Session fails with NickInUse instead of trying "nick_", until registered.
            nick_fallback=not strict_nick,
        )
        self.session.add_listener(self._on_session_event)
        #: This app's log of what it sees on this host as this nick (Ctrl+F searches it).
        self.logger = SessionLogger.open_for(self.session, host, port)

        self._connect_signals()

    def _connect_signals(self) -> None:
        self.transport.connected.connect(self._on_connected)
        self.transport.line_received.connect(self._on_line)
        self.transport.disconnected.connect(self._on_disconnected)
        self.transport.secured.connect(self._on_secured)
        self.transport.refused.connect(self._on_refused)

    # -- what callers read ---------------------------------------------------------------------
    @property
    def is_host(self) -> bool:
        """Whether this window hosts the chat (the embedded server runs in this process)."""
        return self.hosted is not None

    @property
    def address(self) -> str:
        """``host:port`` (IPv6 in brackets) of the server we talk to."""
        return str(Address(self.host, self.port))

    @property
    def status(self) -> str:
        """The last text emitted on ``status_changed``."""
        return self._status

    @property
    def security(self) -> Security | None:
        """How the current (or last) connection is protected; ``None`` before the first."""
        return self.transport.security

    @property
    def is_registered(self) -> bool:
        """Whether we are connected and registered right now."""
        return self._connected and self.session.registered

    # -- what callers do -------------------------------------------------------------------
    def start(self) -> None:
        """Connect (asynchronously); the outcome arrives as signals."""
        self._stopped = False
        self.supervisor.start()

    def submit(self, conversation: str, text: str) -> None:
        """Typed input in ``conversation`` (queued by the Session while disconnected)."""
        self.session.submit(conversation, text)

    def open_private(self, nick: str) -> str:
        """The conversation name for a private chat with ``nick``."""
        return self.session.open_private(nick)

    def accept_certificate(self, fingerprint: str) -> None:
        """Trust ``fingerprint`` for this host from now on (the person compared it with the
        host) and connect again."""
        tls = self.transport.tls
        if tls is not None:
            tls.store.remember(self.host, self.port, fingerprint)
        self._fatal = None
        self._stopped = False
        self.supervisor.start()

    def reconnect_now(self) -> None:
        """Skip the rest of the backoff delay (e.g. a "Reconnect" action)."""
        if not self._stopped and not self._connected:
            self.supervisor.retry_now()

    def shutdown(self, message: str = "Leaving") -> None:
        """Say goodbye (QUIT), close the socket and stop a hosted server; safe to call twice."""
        already = self._stopped and self.hosted is None and not self._connected
        self._stopped = True
        self.supervisor.stop()
        self.logger.close()  # what is queued is written first (bounded wait)
        if already:
            return
        if self._connected:
            try:
                self.session.quit(message)
            except Exception:
                log.exception("QUIT failed")
        self.transport.close()
        self._connected = False
        if self.hosted is not None:
            hosted, self.hosted = self.hosted, None
            hosted.stop()

    # -- internals ---------------------------------------------------------------------------
    def _set_status(self, text: Callable[[], str]) -> None:
        """Say ``text()`` in the status bar; it is called again after a language switch."""
        self._status_text = text
        self._status = text()
        self.status_changed.emit(self._status)

    def retranslate(self) -> None:
        """The interface's language changed: the status is said again in the new one (not by
        a controller already gone, whose window may live on until it is deleted)."""
        self._texts = sentences()
        if self._status_text is not None and isValid(self):
            self._set_status(self._status_text)

    @guarded
    def _connect(self) -> None:
        if self._stopped:
            return
        self._set_status(lambda: self.tr("Connecting to {address}…").format(address=self.address))
        self.transport.connect_to(self.host, self.port)

    @guarded
    def _on_connected(self) -> None:
        self._connected = True
        self.session.connection_made()

    @guarded
    def _on_secured(self, security: Security) -> None:
        self.security_changed.emit(security)

    @guarded
    def _on_refused(self, error: GoftoError) -> None:
        # Not worth retrying: the person must decide (a changed certificate) or ask the host.
        self._fatal = error
        if isinstance(error, CertificateChanged):
            self.certificate_changed.emit(error.old, error.new)

    @guarded
    def _on_line(self, line: str) -> None:
        self.session.feed(line)

    @guarded
    def _on_disconnected(self, reason: str) -> None:
        was_connected, self._connected = self._connected, False
        if was_connected:
            self.session.connection_lost(reason)  # emits Disconnected for the widgets
        if self._stopped:
            return
        if not self._ever_registered:
            self._stopped = True
            self._fail(self._fatal or HostUnreachable(self.host, self.port, reason))
            return
        if self._fatal is not None:
            self._stopped = True
            fatal = self._fatal
            self._set_status(
                lambda: self.tr("Disconnected: {reason}").format(reason=self._texts.error(fatal))
            )
            return
        self._schedule_reconnect(reason)

    def _schedule_reconnect(self, reason: str) -> None:
        self.supervisor.lost(reason)

    @guarded
    def _show_waiting(self, waiting: Waiting) -> None:
        self._set_status(
            lambda: self._texts("state.retrying", seconds=waiting.seconds, reason=waiting.reason)
        )

    def _fail(self, error: GoftoError) -> None:
        self._set_status(
            lambda: self.tr("Disconnected: {reason}").format(reason=self._texts.error(error))
        )
        self.failed.emit(error)

    def _on_session_event(self, event: Event) -> None:
        """Every session event, synchronously on the GUI thread (called inside our slots)."""
        if isinstance(event, Registered):
            self.supervisor.registered()
            self._fatal = None
            security = self.transport.security
            encrypted = security is not None and security.encrypted
            nick = event.nick

            def connected() -> str:
                if encrypted:
                    text = self.tr("Connected as {nick} to {address} (encrypted)")
                else:
                    text = self.tr("Connected as {nick} to {address} (not encrypted)")
                return text.format(nick=nick, address=self.address)

            self._set_status(connected)
        elif isinstance(event, RegistrationFailed):
            error = event.error
            self._fatal = error if isinstance(error, GoftoError) else GoftoError(str(error))
        elif isinstance(event, QuitRequested):
            self.event.emit(event)
            self.shutdown(event.message)
            self._set_status(
                lambda: self.tr("Disconnected: {reason}").format(reason=self.tr("you quit"))
            )
            return
        self.event.emit(event)
        if isinstance(event, Registered) and not self._ever_registered:
            self._ever_registered = True
            self.registered.emit()
        if isinstance(event, RegistrationFailed) and not self._ever_registered:
            # Stop now rather than wait for the server to close: the dialog can show it at once.
            self._stopped = True
            self.transport.close()
            self._connected = False
            self._fail(self._fatal or GoftoError(str(event.error)))
