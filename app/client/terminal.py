"""``python -m app chat``: the terminal client, a Session and a ThreadedTransport.

Typed lines go to the room; slash commands work as in the windows (``/msg bob hi``,
``/me waves``, ``/help``). Every Session call happens on the main thread: the network
callbacks and a small stdin reader thread only put items on one queue, which the main loop
drains. (Reading stdin on the main thread would be simpler, but then nothing could stop the
program when the server goes away while the user is not typing.) The reader uses ``os.read``
on the file descriptor, not ``sys.stdin``, so the interpreter never waits on its buffer lock
at exit.

The connection is encrypted when the host speaks TLS (every Gofto host does): the host's
certificate fingerprint is printed once, pinned on first use, and a changed one stops the
client until it is run again with ``--accept-new-cert FINGERPRINT`` (see app.client.trust).

When stdin ends (EOF, or the end of piped input) the client waits until what was typed has
been sent, says QUIT and exits with 0. When the connection drops after the client got in, it
reconnects like the windows do, through the same
:class:`~app.client.presentation.supervisor.Supervisor` (on this loop's own timers): one line
says when it tries again and why, the rooms are rejoined, lines typed meanwhile are sent once
it is back, and ``/quit``, Ctrl-D or Ctrl-C leave at any moment. A host that refuses us (a
wrong password, a nickname someone else owns, a changed certificate, a full host before we
ever got in) is not retried: the client says why and exits with 1, as it does when the first
connection fails; scripts want to see the failure.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import heapq
import itertools
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from app.client.address import Address
from app.client.catalogue import ENGLISH, Texts, texts_for
from app.client.events import (
    AwayChanged,
    Event,
    Joined,
    PrivateRequested,
    QuitRequested,
    Registered,
    RegistrationFailed,
    SearchRequested,
    SendFileRequested,
)
from app.client.files import FileSharing
from app.client.log import SessionLogger
from app.client.presentation.console import ConsoleView
from app.client.presentation.presenter import Change, Presenter
from app.client.presentation.supervisor import Supervisor, Waiting
from app.client.reconnect import Backoff
from app.client.search import TERMINAL_CONTEXT, TERMINAL_RESULTS, SearchResults, result_lines
from app.client.session import Session
from app.client.transport import ThreadedTransport
from app.client.trust import ClientTls, Security
from app.errors import CertificateChanged, HostUnreachable
from app.i18n import language_from_env
from app.irc import fold, nick_problem
from app.irc.names import is_channel

#: How long to wait, after stdin ended, for typed lines to reach the room before quitting.
DRAIN_TIMEOUT = 20.0
#: How long to wait for the server to close the connection after QUIT.
QUIT_TIMEOUT = 3.0


def format_event(event: Event, texts: Texts = ENGLISH, *, styled: bool = False) -> list[str]:
    """The terminal lines for one session event, in a session where the conversations the
    event names are open (for tests and documentation); ``texts`` says Gofto's sentences."""
    lines: list[str] = []
    view = ConsoleView(texts, styled=styled)
    presenter = Presenter(_Detached())  # type: ignore[arg-type]
    names = [getattr(event, "channel", None), getattr(event, "conversation", None)]
    if isinstance(event, AwayChanged):
        names.append(event.nick)
    names += [*getattr(event, "channels", ()), *getattr(event, "conversations", ())]
    for name in names:
        if name and not isinstance(event, PrivateRequested):
            presenter.open(name, private=not is_channel(name))
    presenter.add_listener(lambda change: lines.extend(view.lines(change)))
    presenter.on_event(event)
    return lines


class _Detached:
    """What a presenter asks of a session, for :func:`format_event`."""

    room = "#lobby"
    nick = "me"

    @staticmethod
    def open_private(nick: str) -> str:
        return nick


class LoopTimers:
    """:class:`~app.client.presentation.supervisor.Timers` on the terminal's main loop: the
    loop asks how long it may wait (:meth:`due_in`) and runs what is due (:meth:`run_due`),
    so every callback runs on the loop's thread, like every Session call."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._heap: list[tuple[float, int, list[Callable[[], None] | None]]] = []
        self._order = itertools.count()

    def call_later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` after ``seconds``; the result cancels it (safe to call twice)."""
        slot: list[Callable[[], None] | None] = [callback]
        heapq.heappush(self._heap, (self._clock() + max(0.0, seconds), next(self._order), slot))

        def cancel() -> None:
            slot[0] = None

        return cancel

    def due_in(self, longest: float) -> float:
        """Seconds until the next callback is due, at most ``longest``."""
        while self._heap and self._heap[0][2][0] is None:
            heapq.heappop(self._heap)
        if not self._heap:
            return longest
        return min(longest, max(0.0, self._heap[0][0] - self._clock()))

    def run_due(self) -> None:
        """Run every callback whose time came."""
        now = self._clock()
        while self._heap and self._heap[0][0] <= now:
            _when, _order, slot = heapq.heappop(self._heap)
            callback, slot[0] = slot[0], None
            if callback is not None:
                callback()


class TerminalClient:
    """The terminal client's main loop; every Session call happens in :meth:`run`."""

    def __init__(
        self,
        host: str,
        port: int,
        nick: str,
        *,
        password: str | None = None,
        room: str | None = None,
        out: TextIO | None = None,
        stdin_fd: int = 0,
        tls: ClientTls | None = None,
        texts: Texts = ENGLISH,
        styled: bool | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.host, self.port = host, port
        self._texts = texts
        self._out = out or sys.stdout
        self._stdin_fd = stdin_fd
        self._items: queue.Queue[tuple[str, Any, int] | SearchResults] = queue.Queue()
        self._session = Session(nick, password=password, room=room)
        # Every conversation seen is logged (on the log's own thread) for /search.
        self._logger = SessionLogger.open_for(self._session, host, port)
        self._tls = tls
        #: The current attempt's transport (a new one per attempt) and its number: what an
        #: older transport still reports is ignored.
        self._transport: ThreadedTransport | None = None
        self._attempt_number = 0
        self._connected = False  # the current transport connected (the session was told)
        self._shown_security: tuple[bool, str | None] | None = None
        self._timers = LoopTimers()
        #: When to try again after a drop: the windows' own rules (app.client.presentation).
        self._supervisor = Supervisor(
            self._attempt, self._timers, backoff=backoff, on_waiting=self._show_waiting
        )
        self._announce = False  # the next Waiting is a new wait: say it (once, not per second)
        self._session.add_listener(self._on_event)
        #: Where the session's events become lines (see app.client.presentation).
        self.presenter = Presenter(self._session)
        self.presenter.focus(room, active=True)
        self._view = ConsoleView(texts, styled=_tty(self._out) if styled is None else styled)
        self._session.add_listener(self.presenter.on_event)
        self.presenter.add_listener(self._on_change)
        # /send PATH: uploads run on a thread; their outcome comes back through the queue.
        self._files = FileSharing(
            self._session,
            post=lambda call: self._items.put(("call", call, 0)),
            pinned=self._pinned,
            report=lambda said, is_error: self._print(
                f"{'!!' if is_error else '--'} {self._texts.say(said)}"
            ),
        )
        self._session.add_listener(self._files.on_event)
        self._in_room = room is None
        self._failed = False
        self._eof_at: float | None = None
        self._quit_at: float | None = None
        try:
            self._interactive = os.isatty(stdin_fd)
        except OSError:
            self._interactive = False

    def run(self) -> int:
        """Connect, chat until stdin ends, /quit, or the host is gone for good; the exit
        status (0: the person left; 1: cut off or refused)."""
        threading.Thread(target=self._read_stdin, name="gofto-stdin", daemon=True).start()
        self._supervisor.start()
        try:
            return self._loop()
        finally:
            self._supervisor.stop()
            if self._transport is not None:
                self._transport.close()
            self._logger.close()
            self._files.close()

    def _loop(self) -> int:
        while True:
            try:
                item = self._items.get(timeout=self._timers.due_in(0.25))
            except queue.Empty:
                item = None
            self._timers.run_due()
            if isinstance(item, SearchResults):
                for line in result_lines(item, self._texts, TERMINAL_RESULTS):
                    self._print(line)
            elif item is not None:
                status = self._handle(*item)
                if status is not None:
                    return status
            if self._failed:
                return 1
            self._maybe_quit()
            if self._quit_at is not None and (
                not self._connected or time.monotonic() - self._quit_at > QUIT_TIMEOUT
            ):
                return 0

    def _handle(self, kind: str, payload: Any, attempt: int) -> int | None:
        """One item of the queue; an exit status when the client is done."""
        current = attempt == self._attempt_number
        if kind == "connected" and current:
            self._connected = True
            if self._transport is not None:
                self._show_security(self._transport.security)
            self._session.connection_made()
        elif kind == "line" and current:
            self._session.feed(payload)
        elif kind == "input":
            if self._quit_at is None:
                self._session.submit(self._session.room or "", payload)
        elif kind == "call":
            payload()
        elif kind == "eof":
            self._eof_at = time.monotonic()
        elif kind == "closed" and current:
            return self._closed(payload)
        return None

    def _attempt(self) -> None:
        """Connect (the supervisor calls this: at start and after each wait)."""
        if self._transport is not None:
            self._transport.close()  # the last attempt's, already over: joins its threads
        self._attempt_number += 1
        attempt = self._attempt_number
        self._connected = False
        self._transport = ThreadedTransport(
            on_connected=lambda: self._items.put(("connected", "", attempt)),
            on_line=lambda line: self._items.put(("line", line, attempt)),
            on_closed=lambda reason: self._items.put(("closed", reason, attempt)),
            tls=self._tls,
            texts=self._texts,
        )
        self._session.set_sender(self._transport.send_line)
        self._transport.connect(self.host, self.port)

    def _closed(self, reason: str) -> int | None:
        """The current connection ended (or never came up): try again, or the exit status."""
        was_connected, self._connected = self._connected, False
        if was_connected:
            self._session.connection_lost(reason)
        if self._quit_at is not None:
            return 1 if self._failed else 0
        if self._failed:
            return 1  # refused (the session said why): not retried
        failure = self._transport.failure if self._transport is not None else None
        if failure is not None and not isinstance(failure, HostUnreachable):
            # A changed certificate, a failed encryption: the person must decide, as in the
            # windows; a retry would only say the same again.
            self._supervisor.refused()
        elif not was_connected and self._supervisor.ever_registered:
            # A retry that found nobody: short, since the line says it again at every try.
            reason = self._texts("terminal.no_answer", address=Address(self.host, self.port))
        self._announce = True
        if self._supervisor.lost(reason):
            return None
        self._announce = False
        self._print("!! " + self._texts("terminal.disconnected", reason=reason))
        self._show_failure(failure)
        return 1

    def _show_waiting(self, waiting: Waiting) -> None:
        """The supervisor's countdown: said once per wait (a terminal is no status bar)."""
        if self._announce:
            self._announce = False
            for line in self._view.retrying(waiting):
                self._print(line)

    def _pinned(self) -> str | None:
        """The fingerprint this connection was verified with (uploads go to that host only)."""
        security = self._transport.security if self._transport is not None else None
        return security.fingerprint if security is not None else None

    def _show_security(self, security: Security | None) -> None:
        """How the connection is protected: on the first connection, and again only when a
        reconnection is protected differently."""
        shown = (security.encrypted, security.fingerprint) if security is not None else None
        if shown == self._shown_security:
            return
        self._shown_security = shown
        say = self._texts
        if security is None or not security.encrypted:
            self._print("-- " + say("terminal.not_encrypted"))
            return
        self._print("-- " + say("terminal.encrypted", fingerprint=security.fingerprint))
        if security.first_use:
            self._print("-- " + say("terminal.first_visit"))

    def _show_failure(self, failure: Exception | None) -> None:
        """After ``!! Disconnected: …``, what to do about a changed certificate."""
        if isinstance(failure, CertificateChanged):
            say = self._texts
            self._print("!! " + say("terminal.fingerprint_before", fingerprint=failure.old))
            self._print("!! " + say("terminal.fingerprint_now", fingerprint=failure.new))
            hint = f'--accept-new-cert "{failure.new}"'
            self._print("!! " + say("terminal.trust_hint", option=hint))

    def _maybe_quit(self) -> None:
        """After EOF, QUIT once the typed lines went out (or waiting took too long). Offline,
        a person's Ctrl-D (or piped input with nothing left to send) leaves at once."""
        if self._eof_at is None or self._quit_at is not None:
            return
        drained = (
            self._session.registered
            and self._in_room
            and not self._session.queued
            and not self._files.busy
        )
        offline = not self._session.registered and self._supervisor.ever_registered
        leave_now = offline and (self._interactive or not self._session.queued)
        if drained or leave_now or time.monotonic() - self._eof_at > DRAIN_TIMEOUT:
            self._leave("Leaving")

    def _leave(self, message: str) -> None:
        self._supervisor.stop()
        if self._quit_at is None:
            self._session.quit(message)
            self._quit_at = time.monotonic()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, Registered):
            first = not self._supervisor.ever_registered
            self._supervisor.registered()
            if first:
                address = str(Address(self.host, self.port))
                self._print(self._texts("terminal.connected", address=address, nick=event.nick))
            else:
                self._print("-- " + self._texts("state.reconnected", nick=event.nick))
        elif isinstance(event, Joined) and event.is_self:
            room = self._session.room
            if room is not None and fold(event.channel) == fold(room):
                self._in_room = True
        elif isinstance(event, RegistrationFailed):
            self._failed = True
            self._supervisor.refused()
        elif isinstance(event, QuitRequested):
            self._supervisor.stop()
            self._quit_at = time.monotonic()
        elif isinstance(event, SearchRequested):
            # Answered on the log's thread; printed by the loop, in order with the rest.
            self._logger.log.search(
                event.query, self._items.put, limit=TERMINAL_RESULTS, context=TERMINAL_CONTEXT
            )
        elif isinstance(event, SendFileRequested):
            self._files.send(event.conversation, Path(event.path).expanduser())

    def _on_change(self, change: Change) -> None:
        for line in self._view.lines(change):
            self._print(line)

    def _print(self, line: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(line, file=self._out, flush=True)

    def _read_stdin(self) -> None:
        """Turn stdin into ``input`` items, then one ``eof`` item (runs on its own thread)."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        try:
            while True:
                data = os.read(self._stdin_fd, 4096)
                pending += decoder.decode(data, final=not data)
                *lines, pending = pending.split("\n")
                for line in lines:
                    if line.strip("\r"):
                        self._items.put(("input", line.rstrip("\r"), 0))
                if not data:
                    break
            if pending.strip():
                self._items.put(("input", pending, 0))
        except OSError:
            pass
        finally:
            self._items.put(("eof", "", 0))


def _tty(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that gets styled (SGR) output."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") not in ("", "dumb")
    except (AttributeError, ValueError):
        return False


def run_chat(args: argparse.Namespace) -> int:
    """``python -m app chat``: the exit status is 0 after a normal end, 1 when cut off."""
    from app.client.nickname import default_nick

    for stream in (sys.stdout, sys.stderr):
        # Piped output is read by programs (and tests): UTF-8, line by line, never an
        # encoding error because a nick cannot be shown in the terminal's charset.
        options: dict[str, object] = {"errors": "replace", "line_buffering": True}
        if not stream.isatty():
            options["encoding"] = "utf-8"
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(**options)  # type: ignore[union-attr]
    # The terminal speaks the language of its locale (LANG=fa_IR.UTF-8: Persian), like the
    # windows: every sentence of Gofto's own comes from the catalogue.
    texts = texts_for(language_from_env())
    nick = args.nick or default_nick(texts("nick.default"))
    problem = nick_problem(nick)
    if problem is not None:
        print("!! " + texts.say(problem), file=sys.stderr, flush=True)
        return 2
    tls = None
    if not getattr(args, "plain", False):
        tls = ClientTls(
            force=bool(getattr(args, "tls", False)),
            accept=getattr(args, "accept_new_cert", None),
        )
    client = TerminalClient(
        args.host,
        args.port,
        nick,
        password=args.password,
        room=args.room or None,
        tls=tls,
        texts=texts,
    )
    try:
        return client.run()
    except KeyboardInterrupt:
        return 130
