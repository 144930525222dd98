"""Line intake: what happens to the lines a reader thread received, until a handler runs.

For each line: the flood check (:mod:`app.server.flood`), then the relay fast path
(:mod:`app.server.handlers.fastpath`, runs of ``PRIVMSG``/``NOTICE`` without a parse) or the
general path (size limits, decode, parse, UTF-8 check), then dispatch through the command
table (:data:`app.server.handlers.COMMANDS`). The handlers change the model through the
:class:`~app.server.hub.Hub`; all of it runs inside the hub's transactions
(:mod:`app.server.transaction`).
"""

from __future__ import annotations

import logging
import time

from app.irc import MAX_BODY_BYTES, FormatError, Message, ParseError, decode, parse
from app.irc import numerics as n
from app.irc.message import body_length
from app.server import labels
from app.server.handlers import COMMANDS
from app.server.handlers.fastpath import fast_deliver
from app.server.hub import Hub
from app.server.limits import CLIENT_TAGS_BYTES
from app.server.quietlog import describe, quiet
from app.server.state import Client

log = logging.getLogger(__name__)


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def line_failed(client: Client, exc: Exception) -> None:
    """A line from ``client`` raised: one log line, no traceback, rate-limited per address
    (nothing a client sends may fill the host's log)."""
    text = f"handling a line from {client.name} ({client.host}) failed: {describe(exc)}"
    quiet(log, logging.ERROR, client.host, text)


def _declined(_hub: Hub, _client: Client, _lines: object, _start: int) -> int:
    """A fast path that takes nothing (``Intake(fast_path=False)``)."""
    return 0


class Intake:
    """Handles received lines for one hub; its methods run on the readers' threads.

    ``fast_path=False`` sends every line through the general path: what the differential
    test (``tests/server/test_fastpath.py``) compares the fast path with.
    """

    def __init__(self, hub: Hub, *, fast_path: bool = True) -> None:
        self._hub = hub
        self._transactions = hub.transactions
        self._fast = fast_deliver if fast_path else _declined

    def lines_received(self, client: Client, lines: list[bytes | None]) -> None:
        """Handle the lines of one ``recv`` on ``client``'s reader thread; never raises.

        Stops at the first line after which the connection is closing (QUIT, a flood).
        Without flood control the whole batch runs in one transaction: with a hundred busy
        clients, taking the state lock once per line made them queue on it (a convoy of
        context switches that cost more than the commands). With flood control a line may
        wait, which must not happen under the lock, so each line takes it by itself.
        """
        conn = client.conn
        if client.flood is not None:
            # Each line's transaction only collects what to flush; flushed once at the end.
            transactions = self._transactions
            transactions.start_batch()
            try:
                for raw in lines:
                    if conn.closing:
                        break
                    self.line_received(client, raw)
            finally:
                transactions.end_batch()
            return
        fast = self._fast
        with self._transactions:  # one for the batch, none per line; flushed when it ends
            client.last_seen = time.monotonic()  # the lines arrived together: one stamp
            client.ping_sent = None
            index, count = 0, len(lines)
            while index < count and not conn.closing:
                try:
                    # A run of messages to one target at once, else one line in full.
                    taken = fast(self._hub, client, lines, index)
                    if not taken:
                        self._handle_general(client, lines[index])
                        taken = 1
                except Exception as exc:
                    line_failed(client, exc)
                    taken = 1
                index += taken

    def line_received(self, client: Client, raw: bytes | None) -> None:
        """Handle one received line on ``client``'s reader thread; never raises."""
        try:
            self._line_received(client, raw)
        except Exception as exc:
            line_failed(client, exc)

    def _line_received(self, client: Client, raw: bytes | None) -> None:
        if client.flood is not None:
            delay = client.flood.admit()
            if delay is None:
                client.conn.close("Excess Flood", "Excess Flood")
                return
            if delay > 0:
                # Nobody waits for output while this client is held back.
                self._transactions.flush_batch()
                if client.conn.wait_closed(delay):
                    return
        with self._transactions:
            client.last_seen = time.monotonic()  # not idle; no PING is owed
            client.ping_sent = None
            # The common PRIVMSG/NOTICE, unparsed; else the general path.
            if not self._fast(self._hub, client, (raw,), 0):
                self._handle_general(client, raw)

    def _handle_general(self, client: Client, raw: bytes | None) -> None:
        """Decode, parse and dispatch one line (what the fast path declined)."""
        hub = self._hub
        if raw is None:
            hub.reply(client, n.ERR_INPUTTOOLONG)
            return
        tags_size, body_size = body_length(raw)
        if tags_size > CLIENT_TAGS_BYTES or body_size > MAX_BODY_BYTES:
            hub.reply(client, n.ERR_INPUTTOOLONG)
            return
        text = decode(raw)
        try:
            msg = parse(text)
        except ParseError:
            label = labels.wanted_raw(client, text)
            if label is None:
                self._malformed(client, text)
            else:
                labels.run_labelled(hub, client, label, lambda: self._malformed(client, text))
            return
        if "\ufffd" in text and not _valid_utf8(raw):
            # UTF8ONLY: the line is handled with U+FFFD in place of the bad bytes, and the
            # sender is told so (IRCv3 utf8-only allows WARN + replacement).
            warning = (msg.command, "INVALID_UTF8", "Invalid UTF-8 was replaced")
            hub.send(client, Message("WARN", warning, hub.config.name))
        label = labels.wanted(client, msg) if msg.tags else None
        if label is None:
            self.dispatch(client, msg)
        else:  # IRCv3 labeled-response: the answer carries the label (app.server.labels)
            labels.run_labelled(hub, client, label, lambda: self.dispatch(client, msg))

    def _malformed(self, client: Client, text: str) -> None:
        words = [w for w in text.split(" ") if w and not w.startswith(("@", ":"))]
        if not words:
            return  # nothing but tags or a source: ignore, as servers do with empty lines
        word = words[0].replace("\0", "\ufffd")  # a NUL cannot be sent back
        if not word.isalnum():
            self._hub.reply(client, n.ERR_UNKNOWNCOMMAND, word)
        else:
            self._hub.reply(client, n.ERR_UNKNOWNERROR, word.upper())

    def dispatch(self, client: Client, msg: Message) -> None:
        """Run ``msg``'s handler for ``client`` (inside a transaction), or answer why not."""
        hub = self._hub
        command = COMMANDS.get(msg.command)
        if command is None:
            if client.registered:
                hub.reply(client, n.ERR_UNKNOWNCOMMAND, msg.command)
            else:
                hub.reply(client, n.ERR_NOTREGISTERED)
            return
        if not client.registered and not command.before_registration:
            hub.reply(client, n.ERR_NOTREGISTERED)
            return
        if len(msg.params) < command.min_params:
            hub.reply(client, n.ERR_NEEDMOREPARAMS, msg.command)
            return
        try:
            command.handler(hub, client, msg)
        except FormatError as exc:
            text = f"{msg.command} from {client.name} produced an unencodable reply: {exc}"
            quiet(log, logging.WARNING, client.host, text)
