"""One chat connection for the Tk app: Session + TkTransport + reconnection with backoff.

The Session is toolkit-free and knows nothing about sockets or timers; this class gives it
both, Tk-style: lines arrive through :class:`~app.tk.transport.TkTransport` on the Tk thread,
and reconnect attempts are ``after()`` timers, so nothing ever blocks the Tk loop. The start
dialog and the main window listen to the same object (the dialog hands it over when the
room is joined), so a connection made in the dialog carries straight on in the window.
"""

from __future__ import annotations

import contextlib
import logging
import tkinter as tk
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.client.events import Disconnected, Event, QuitRequested, Registered, RegistrationFailed
from app.client.log import SessionLogger
from app.client.presentation.supervisor import Supervisor, Waiting
from app.errors import GoftoError, HostUnreachable
from app.tk.i18n import error_text, texts, translate
from app.tk.transport import TkTransport, WorkerFactory, threaded_worker

if TYPE_CHECKING:
    from app.client.trust import ClientTls

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class TkTimers:
    """:class:`~app.client.presentation.supervisor.Timers` on Tk's ``after``."""

    def __init__(self, widget: tk.Misc) -> None:
        self._widget = widget

    def call_later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` after ``seconds`` on the Tk thread; the result cancels it."""
        timer = self._widget.after(max(0, round(seconds * 1000)), callback)

        def cancel() -> None:
            with contextlib.suppress(tk.TclError):
                self._widget.after_cancel(timer)

        return cancel


class Connection:
    """Connects a Session to ``host:port`` and keeps it connected until :meth:`stop`.

    ``retry`` decides what a failure means: while the start dialog waits it is ``False``, so
    an unreachable host is reported once through ``on_unreachable``; in the main window it
    is ``True`` and the connection is retried with growing delays.

    ``nick_fallback`` and ``host_secret`` go to the :class:`~app.client.session.Session`: a
    dialog wants a taken nickname reported rather than replaced, and the host's own window
    presents the embedded server's operator secret. ``tls`` is the transport's TLS policy
    (the host's own window insists on its own server's fingerprint; ``None``: pin on first use).
    """

    def __init__(
        self,
        widget: tk.Misc,
        *,
        host: str,
        port: int,
        nick: str,
        password: str | None,
        room: str | None,
        retry: bool = True,
        nick_fallback: bool = True,
        host_secret: str | None = None,
        tls: ClientTls | None = None,
        worker_factory: WorkerFactory = threaded_worker,
    ) -> None:
        from app.client.session import Session

        self.host, self.port = host, port
        self.on_status: Callable[[str], None] = lambda _text: None
        #: Called when a connection is made (before registering): the window's presenter
        #: keeps the welcome and MOTD of a reconnection quiet.
        self.on_connected: Callable[[], None] = lambda: None
        self.on_unreachable: Callable[[str], None] = lambda _sentence: None
        self._widget = widget
        self._listeners: list[Listener] = []
        #: When to try again (app.client.presentation.supervisor), on Tk's ``after`` timers.
        self.supervisor = Supervisor(
            self._attempt,
            TkTimers(widget),
            on_waiting=self._show_waiting,
            retry_unregistered=retry,
        )
        self._texts = texts()
        self._stopped = False
        self._fatal = False
        self._status = ""
        #: Why the last attempt was refused (e.g. CertificateChanged), or ``None``.
        self.failure: GoftoError | None = None
        self.transport = TkTransport(
            widget,
            on_connected=self._connected,
            on_line=self._line,
            on_closed=self._closed,
            worker_factory=worker_factory,
            tls=tls,
        )
        self.session = Session(
            nick,
            send=self.transport.send_line,
            password=password,
            room=room,
            host_secret=host_secret,
            nick_fallback=nick_fallback,
        )
        self.session.add_listener(self._dispatch)
        #: This app's log of what it sees on this host as this nick (Ctrl+F searches it).
        self.logger = SessionLogger.open_for(self.session, host, port)

    # -- listeners ------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(event)`` for every session event (on the Tk thread)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener`` (the dialog does this when the window takes over)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def retry(self) -> bool:
        """Whether a failed first attempt is retried (the window); the dialog says at once."""
        return self.supervisor.retry_unregistered

    @retry.setter
    def retry(self, value: bool) -> None:
        self.supervisor.retry_unregistered = value

    @property
    def status(self) -> str:
        """The last status sentence, for a window that starts listening late."""
        return self._status

    @property
    def address(self) -> str:
        """``host:port`` as people write it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Begin connecting (returns at once)."""
        self._stopped = False
        self._fatal = False
        self.failure = None
        self.supervisor.start()

    def stop(self, message: str = "Leaving") -> None:
        """Say goodbye (QUIT) when connected, close the socket, and never reconnect."""
        if self._stopped:
            return
        self._stopped = True
        self.supervisor.stop()
        if self.transport.connected:
            try:
                self.session.quit(message)
            except Exception:  # a half-registered session must not keep the window open
                log.exception("sending QUIT")
        self.transport.shutdown()
        self.logger.close()  # what is queued is written first (bounded wait)
        self._set_status(translate("TkConnection", "Disconnected."))

    # -- transport callbacks (Tk thread) ------------------------------------------------------
    def _attempt(self) -> None:
        if self._stopped:
            return
        self._set_status(
            translate("ChatController", "Connecting to {address}…").format(address=self.address)
        )
        self.transport.connect(self.host, self.port)

    def _connected(self) -> None:
        signing_in = translate("TkConnection", "Connected to {address}; signing in…")
        self._set_status(signing_in.format(address=self.address))
        self.session.set_sender(self.transport.send_line)
        self.on_connected()
        self.session.connection_made()

    def _line(self, line: str) -> None:
        self.session.feed(line)

    def _closed(self, reason: str, was_connected: bool) -> None:
        if self._stopped:
            return
        if was_connected:
            # The session emits Disconnected; _dispatch schedules the reconnect if it says so.
            self.session.connection_lost(reason)
            return
        refused = self.transport.failure
        if refused is not None and not isinstance(refused, HostUnreachable):
            # Not worth retrying (a changed certificate, a failed encryption): the person
            # must decide or ask the host. The dialog reads ``failure`` to offer a choice.
            self.failure = refused
            self._fatal = True
            self.supervisor.refused()
            self._set_status(error_text(refused))
            self.on_unreachable(error_text(refused))
            return
        if not self.retry:
            # The transport's failure for a failed connect is already a HostUnreachable.
            unreachable_error = (
                refused
                if isinstance(refused, HostUnreachable)
                else HostUnreachable(self.host, self.port, reason)
            )
            sentence = error_text(unreachable_error)
            unreachable = translate("TkConnection", "Could not reach {address}.")
            self._set_status(unreachable.format(address=self.address))
            self.on_unreachable(sentence)
            return
        no_answer = translate("TkConnection", "No answer from {address}")
        self._schedule_retry(no_answer.format(address=self.address))

    def _schedule_retry(self, why: str) -> None:
        if self._stopped or self._fatal or not self.retry:
            return
        self.supervisor.lost(why)

    def _show_waiting(self, waiting: Waiting) -> None:
        text = self._texts("state.retrying", seconds=waiting.seconds, reason=waiting.reason)
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self._status = text
        try:
            self.on_status(text)
        except Exception:
            log.exception("status listener failed")

    # -- session events -----------------------------------------------------------------------
    def _dispatch(self, event: Event) -> None:
        if isinstance(event, Registered):
            self.supervisor.registered()
            connected = translate("TkConnection", "Connected to {address} as {nick}.")
            self._set_status(connected.format(address=self.address, nick=event.nick))
        elif isinstance(event, RegistrationFailed):
            self._fatal = True
            self.supervisor.refused()
            said = error_text(event.error)  # the person's language, not the English
            self._set_status(said)
            # Closing from inside the session's own dispatch would re-enter it; do it next.
            self._widget.after_idle(self._give_up, said)
        elif isinstance(event, Disconnected):
            if event.will_reconnect and not self._fatal:
                self._schedule_retry(event.reason)
            elif not self._stopped:
                disconnected = translate("TkConnection", "Disconnected ({reason}).")
                self._set_status(disconnected.format(reason=event.reason))
        elif isinstance(event, QuitRequested):
            self._stopped = True
            self.supervisor.stop()
            # The QUIT line is already queued on the worker; close once it had a moment to go.
            self._widget.after(200, self.transport.shutdown)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # one broken listener must not starve the others
                log.exception("listener %r failed on %r", listener, event)

    def _give_up(self, reason: str) -> None:
        if self.transport.connected:
            self.transport.close()
            self.session.connection_lost(reason)
