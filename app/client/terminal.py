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
been sent, says QUIT and exits with 0. When the server goes away it prints why and exits with
1: a terminal session is easy to restart, and scripts want to see the failure.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import queue
import sys
import threading
import time
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
from app.client.search import TERMINAL_CONTEXT, TERMINAL_RESULTS, SearchResults, result_lines
from app.client.session import Session
from app.client.transport import ThreadedTransport
from app.client.trust import ClientTls, Security
from app.errors import CertificateChanged
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
    ) -> None:
        self.host, self.port = host, port
        self._texts = texts
        self._out = out or sys.stdout
        self._stdin_fd = stdin_fd
        self._items: queue.Queue[tuple[str, Any] | SearchResults] = queue.Queue()
        self._session = Session(nick, password=password, room=room)
        # Every conversation seen is logged (on the log's own thread) for /search.
        self._logger = SessionLogger.open_for(self._session, host, port)
        self._transport = ThreadedTransport(
            on_connected=lambda: self._items.put(("connected", "")),
            on_line=lambda line: self._items.put(("line", line)),
            on_closed=lambda reason: self._items.put(("closed", reason)),
            tls=tls,
            texts=texts,
        )
        self._session.set_sender(self._transport.send_line)
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
            post=lambda call: self._items.put(("call", call)),
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

    def run(self) -> int:
        """Connect, chat until stdin ends or the server goes away; the exit status."""
        self._transport.connect(self.host, self.port)
        threading.Thread(target=self._read_stdin, name="gofto-stdin", daemon=True).start()
        try:
            return self._loop()
        finally:
            self._transport.close()
            self._logger.close()

    def _loop(self) -> int:
        while True:
            try:
                item = self._items.get(timeout=0.25)
            except queue.Empty:
                item = ("tick", "")
            if isinstance(item, SearchResults):
                for line in result_lines(item, self._texts, TERMINAL_RESULTS):
                    self._print(line)
                continue
            kind, payload = item
            if kind == "connected":
                self._show_security(self._transport.security)
                self._session.connection_made()
            elif kind == "line":
                self._session.feed(payload)
            elif kind == "input":
                if self._quit_at is None:
                    self._session.submit(self._session.room or "", payload)
            elif kind == "call":
                payload()
            elif kind == "eof":
                self._eof_at = time.monotonic()
            elif kind == "closed":
                self._session.connection_lost(payload)
                self._show_failure()
                return 0 if self._quit_at is not None and not self._failed else 1
            if self._failed:
                return 1
            self._maybe_quit()
            if self._quit_at is not None and time.monotonic() - self._quit_at > QUIT_TIMEOUT:
                return 0

    def _pinned(self) -> str | None:
        """The fingerprint this connection was verified with (uploads go to that host only)."""
        security = self._transport.security
        return security.fingerprint if security is not None else None

    def _show_security(self, security: Security | None) -> None:
        say = self._texts
        if security is None or not security.encrypted:
            self._print("-- " + say("terminal.not_encrypted"))
            return
        self._print("-- " + say("terminal.encrypted", fingerprint=security.fingerprint))
        if security.first_use:
            self._print("-- " + say("terminal.first_visit"))

    def _show_failure(self) -> None:
        """After the session's ``!! Disconnected: …``, what to do about a changed certificate."""
        failure = self._transport.failure
        if isinstance(failure, CertificateChanged):
            say = self._texts
            self._print("!! " + say("terminal.fingerprint_before", fingerprint=failure.old))
            self._print("!! " + say("terminal.fingerprint_now", fingerprint=failure.new))
            hint = f'--accept-new-cert "{failure.new}"'
            self._print("!! " + say("terminal.trust_hint", option=hint))

    def _maybe_quit(self) -> None:
        """After EOF, QUIT once the typed lines went out (or waiting took too long)."""
        if self._eof_at is None or self._quit_at is not None:
            return
        drained = (
            self._session.registered
            and self._in_room
            and not self._session.queued
            and not self._files.busy
        )
        if drained or time.monotonic() - self._eof_at > DRAIN_TIMEOUT:
            self._session.quit("Leaving")
            self._quit_at = time.monotonic()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, Registered):
            address = str(Address(self.host, self.port))
            self._print(self._texts("terminal.connected", address=address, nick=event.nick))
        elif isinstance(event, Joined) and event.is_self:
            room = self._session.room
            if room is not None and fold(event.channel) == fold(room):
                self._in_room = True
        elif isinstance(event, RegistrationFailed):
            self._failed = True
        elif isinstance(event, QuitRequested):
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
                        self._items.put(("input", line.rstrip("\r")))
                if not data:
                    break
            if pending.strip():
                self._items.put(("input", pending))
        except OSError:
            pass
        finally:
            self._items.put(("eof", ""))


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
