"""The hub: the state of the chat (clients, channels) behind one lock, and command dispatch.

Every command runs inside :meth:`Hub.transaction`: under the state lock, handlers change the
model and *queue* encoded bytes on the affected connections, so every client sees changes in
the same order; after the lock is released the touched connections are flushed and log lines
emitted. No socket is ever written while the lock is held.

A reader thread hands over all the lines of one ``recv`` at once (:meth:`Hub.lines_received`);
their transactions only collect the touched connections, which are flushed once when the batch
is done. A client that sends 50 messages in one go so costs each channel member one ``send``,
not 50, while a lone message is still flushed the moment it has been handled.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable

from app.irc import MAX_BODY_BYTES, FormatError, Message, ParseError, decode, parse
from app.irc import numerics as n
from app.irc.confusables import nick_skeleton
from app.irc.message import body_length
from app.irc.names import fold
from app.server import labels, replies
from app.server.accounts import Accounts
from app.server.config import ServerConfig
from app.server.connection import Connection
from app.server.handlers import COMMANDS
from app.server.handlers.fastpath import fast_deliver
from app.server.handlers.monitor import client_gone
from app.server.history import History
from app.server.limits import CLIENT_TAGS_BYTES
from app.server.monitor import MonitorRegistry
from app.server.outgoing import ACCOUNT_TAG, MESSAGE_TAGS, SERVER_TIME, Outgoing
from app.server.readmarkers import ReadMarkers
from app.server.state import Channel, Client
from app.server.store import Snapshot
from app.server.trust import Trust
from app.server.waiting import Waiting
from app.server.whowas import WhowasHistory, entry_for
from app.server.wire import encode

log = logging.getLogger(__name__)


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: C0 controls and DEL shown as their Unicode control pictures (U+2400…) in log lines.
_CONTROL_TO_VISIBLE = {code: 0x2400 + code for code in range(32)} | {0x7F: 0x2421}


class _Transaction:
    """The context manager :meth:`Hub.transaction` returns: one per hub, reused, since all
    its state (the re-entrant lock and the depth) lives in the hub. A class rather than a
    ``@contextmanager`` generator: it runs for every batch of lines, and costs a third."""

    __slots__ = ("_hub",)

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    def __enter__(self) -> None:
        hub = self._hub
        hub._lock.acquire()
        hub._depth += 1

    def __exit__(self, *_exc: object) -> None:
        self._hub._end_transaction()


class _Batch(threading.local):
    """Per reader thread, while it handles a flood-limited batch: the connections to flush and
    the log lines to emit when the batch is done. ``None`` otherwise, as a class attribute:
    every transaction looks, and a missing attribute would cost an exception each time."""

    pending: tuple[set[Connection], list[str]] | None = None


class Hub:
    """Owns the model and the lock; handlers (``app.server.handlers``) operate through it."""

    def __init__(self, config: ServerConfig, history: History | None = None) -> None:
        self.config = config
        #: Recent channel messages, replayed on JOIN to clients that ask (app.server.history).
        self.history = history if history is not None else History()
        store = self.history.store
        #: Who owns which name, by key or password (app.server.accounts).
        self.accounts = Accounts(store)
        #: Each account's read marker per conversation (IRCv3 draft/read-marker).
        self.markers = ReadMarkers(store)
        #: Private messages waiting for offline accounts (app.server.waiting).
        self.waiting = Waiting(store)
        #: Nicks users left behind, for WHOWAS (app.server.whowas); bounded overall.
        self.whowas = WhowasHistory()
        #: Who monitors which nick (IRCv3 MONITOR, app.server.monitor); emptied as clients leave.
        self.monitors = MonitorRegistry()
        self.started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        self.clients: set[Client] = set()
        self.nicks: dict[str, Client] = {}
        #: Each held nick's UTS #39 skeleton and its holder: look-alikes are refused, so there
        #: is one per skeleton, and finding one is a lookup, not a scan of everyone online.
        self.skeletons: dict[str, Client] = {}
        self.channels: dict[str, Channel] = {}
        self.max_users = 0
        #: Registered clients, and how many of them have each user mode: LUSERS after every
        #: registration must not count everyone online (2,000 joining would cost 2,000²).
        self.users = 0
        self.user_modes: Counter[str] = Counter()
        #: The room password, the host's secret and the wrong-password throttle.
        self.trust = Trust(config)
        self._lock = threading.RLock()  # re-entrant: a handler may open a nested transaction
        self._depth = 0
        self._dirty: set[Connection] = set()
        self._logs: list[str] = []
        # Per reader thread, while it handles a batch: connections to flush and log lines to
        # emit when the batch is done (``None`` outside a batch).
        self._batch = _Batch()
        self._transaction = _Transaction(self)

    # -- transactions and output ------------------------------------------------------------

    def transaction(self) -> _Transaction:
        """Hold the state lock; on exit, flush touched connections and emit logs, lock-free."""
        return self._transaction

    def _end_transaction(self) -> None:
        """Leave a transaction (the lock is held); the outermost one flushes, unlocked."""
        self._depth -= 1
        if self._depth:
            self._lock.release()
            return
        dirty, self._dirty = self._dirty, set()
        logs, self._logs = self._logs, []
        self._lock.release()
        pending = self._batch.pending
        if pending is not None:  # inside lines_received(): flushed when the batch is done
            pending[0].update(dirty)
            pending[1].extend(logs)
            return
        self._flush(dirty, logs)

    def _flush(self, dirty: set[Connection], logs: list[str]) -> None:
        for conn in dirty:
            conn.flush()
        callback = self.config.log
        if callback is not None and logs:
            try:
                callback(logs)
            except Exception:
                log.exception("log callback failed")

    def log(self, line: str) -> None:
        """Queue a console log line (emitted after the transaction).

        Control characters are made visible, so chat text cannot drive the operator's
        terminal (colour codes, cursor movement, a fake "Listening on" line).
        """
        # isprintable() is false for every control character: most lines skip translate().
        self._logs.append(line if line.isprintable() else line.translate(_CONTROL_TO_VISIBLE))

    def send_bytes(self, client: Client, data: bytes) -> None:
        """Queue already-encoded bytes for ``client`` (flushed when the transaction ends)."""
        conn = client.conn
        conn.append(data)
        self._dirty.add(conn)

    def send(self, client: Client, msg: Message) -> None:
        """Queue one message for ``client``; an unencodable one is logged and dropped."""
        try:
            data = encode(msg)
        except FormatError:
            log.exception("dropped unencodable %s for %s", msg.command, client.name)
            return
        self.send_bytes(client, data)

    def reply(self, client: Client, code: str, *params: str) -> None:
        """Send a numeric reply (see :func:`app.server.replies.reply`)."""
        self.send(client, replies.reply(self.config.name, client, code, *params))

    def relay(self, recipients: Iterable[Client], out: Outgoing) -> None:
        """Queue ``out`` for each recipient in the variant its capabilities ask for.

        The per-recipient work of a channel message; kept to a dict lookup and an append.
        """
        touch = self._dirty.add
        plain = out.encoded(False, False)
        for client in recipients:
            caps = client.caps
            conn = client.conn
            conn.append(out.for_caps(caps) if caps else plain)
            touch(conn)

    def relay_all(self, recipients: Iterable[Client], outs: list[Outgoing]) -> None:
        """Queue several messages in a row for each recipient, with one append each.

        Why: a run of messages from one sender (see :mod:`app.server.handlers.fastpath`)
        costs each recipient one append instead of one per message; the joined bytes are
        built once per capability variant.
        """
        if len(outs) == 1:
            self.relay(recipients, outs[0])
            return
        touch = self._dirty.add
        plain = b"".join([out.encoded(False, False) for out in outs])
        variants: dict[tuple[bool, bool, bool], bytes] = {(False, False, False): plain}
        for client in recipients:
            caps = client.caps
            data = plain
            if caps:
                key = (SERVER_TIME in caps, MESSAGE_TAGS in caps, ACCOUNT_TAG in caps)
                data = variants.get(key)  # type: ignore[assignment]
                if data is None:
                    data = variants[key] = b"".join([out.encoded(*key) for out in outs])
            conn = client.conn
            conn.append(data)
            touch(conn)

    # -- lookups ---------------------------------------------------------------------------

    def find_nick(self, nick: str) -> Client | None:
        """The registered client with this nick, if any."""
        client = self.nicks.get(fold(nick))
        return client if client is not None and client.registered else None

    def clients_of(self, account: str) -> list[Client]:
        """The registered clients logged in to ``account`` (a person may have several)."""
        key = fold(account)
        return [
            client
            for client in self.clients
            if client.registered and client.account is not None and fold(client.account) == key
        ]

    def restore(self, snapshot: Snapshot) -> None:
        """Take what the host's file held at start (call before serving anyone)."""
        with self.transaction():
            self.history.restore(snapshot.lines)
            self.accounts.restore(snapshot)
            self.markers.restore(snapshot)
            self.waiting.restore(snapshot)

    def find_channel(self, name: str) -> Channel | None:
        """The channel with this name, if it exists."""
        return self.channels.get(fold(name))

    def registered(self, client: Client) -> None:
        """Count ``client`` as registered (call once, when registration completes)."""
        client.registered = True
        self.users += 1
        self.user_modes.update(client.modes)
        self.max_users = max(self.max_users, self.users)

    def set_user_mode(self, client: Client, mode: str, on: bool) -> bool:
        """Give or take a registered client's user mode; whether anything changed."""
        if on == (mode in client.modes):
            return False
        if on:
            client.modes.add(mode)
        else:
            client.modes.discard(mode)
        self.user_modes[mode] += 1 if on else -1
        return True

    def claim_nick(self, client: Client, nick: str) -> None:
        """Make ``nick`` ``client``'s in the indexes (its old one is released)."""
        self.release_nick(client)
        self.nicks[fold(nick)] = client
        self.skeletons[nick_skeleton(nick)] = client

    def remember_nick(self, client: Client) -> None:
        """Put a registered ``client``'s current nick in the WHOWAS history (it is leaving
        the nick: a nick change or a disconnection)."""
        if client.registered and client.nick is not None:
            self.whowas.add(entry_for(client, self.config.name, int(time.time())))

    def release_nick(self, client: Client) -> None:
        """Drop ``client``'s nick from the indexes (it may still be set on the client)."""
        if client.nick is None:
            return
        key = fold(client.nick)
        if self.nicks.get(key) is client:
            del self.nicks[key]
        shape = nick_skeleton(client.nick)
        if self.skeletons.get(shape) is client:
            del self.skeletons[shape]

    # -- connections -----------------------------------------------------------------------

    def attach(self, client: Client) -> None:
        """Remember a new connection's client."""
        with self.transaction():
            self.clients.add(client)
            self.log(f"Connection from {client.host}")

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
            batch = self._batch
            batch.pending = pending = (set(), [])
            try:
                for raw in lines:
                    if conn.closing:
                        break
                    self.line_received(client, raw)
            finally:
                batch.pending = None
                self._flush(*pending)
            return
        with self._transaction:  # one for the batch, none per line; flushed when it ends
            client.last_seen = time.monotonic()  # the lines arrived together: one stamp
            client.ping_sent = None
            index, count = 0, len(lines)
            while index < count and not conn.closing:
                try:
                    # A run of messages to one target at once, else one line in full.
                    taken = fast_deliver(self, client, lines, index)
                    if not taken:
                        self._handle_general(client, lines[index])
                        taken = 1
                except Exception:
                    log.exception("handling a line from %s failed", client.name)
                    taken = 1
                index += taken

    def _flush_batch(self) -> None:
        """Flush what the current batch collected so far (before this thread blocks)."""
        pending = self._batch.pending
        if pending is not None:
            dirty, logs = set(pending[0]), list(pending[1])
            pending[0].clear()
            pending[1].clear()
            self._flush(dirty, logs)

    def line_received(self, client: Client, raw: bytes | None) -> None:
        """Handle one received line on ``client``'s reader thread; never raises."""
        try:
            self._line_received(client, raw)
        except Exception:
            log.exception("handling a line from %s failed", client.name)

    def _line_received(self, client: Client, raw: bytes | None) -> None:
        if client.flood is not None:
            delay = client.flood.admit()
            if delay is None:
                client.conn.close("Excess Flood", "Excess Flood")
                return
            if delay > 0:
                self._flush_batch()  # nobody waits for output while this client is held back
                if client.conn.wait_closed(delay):
                    return
        with self.transaction():
            self._seen(client)
            self._handle_line(client, raw)

    @staticmethod
    def _seen(client: Client) -> None:
        """Note that ``client`` just sent something (it is not idle; no PING is owed)."""
        client.last_seen = time.monotonic()
        client.ping_sent = None

    def _handle_line(self, client: Client, raw: bytes | None) -> None:
        """Handle one line; call inside a transaction, after :meth:`_seen`."""
        if not fast_deliver(self, client, (raw,), 0):  # the common PRIVMSG/NOTICE, unparsed
            self._handle_general(client, raw)

    def _handle_general(self, client: Client, raw: bytes | None) -> None:
        """Decode, parse and dispatch one line (what the fast path declined)."""
        if raw is None:
            self.reply(client, n.ERR_INPUTTOOLONG)
            return
        tags_size, body_size = body_length(raw)
        if tags_size > CLIENT_TAGS_BYTES or body_size > MAX_BODY_BYTES:
            self.reply(client, n.ERR_INPUTTOOLONG)
            return
        text = decode(raw)
        try:
            msg = parse(text)
        except ParseError:
            label = labels.wanted_raw(client, text)
            if label is None:
                self._malformed(client, text)
            else:
                labels.run_labelled(self, client, label, lambda: self._malformed(client, text))
            return
        if "\ufffd" in text and not _valid_utf8(raw):
            # UTF8ONLY: the line is handled with U+FFFD in place of the bad bytes, and the
            # sender is told so (IRCv3 utf8-only allows WARN + replacement).
            warning = (msg.command, "INVALID_UTF8", "Invalid UTF-8 was replaced")
            self.send(client, Message("WARN", warning, self.config.name))
        label = labels.wanted(client, msg) if msg.tags else None
        if label is None:
            self._dispatch(client, msg)
        else:
            labels.run_labelled(self, client, label, lambda: self._dispatch(client, msg))

    def _malformed(self, client: Client, text: str) -> None:
        words = [w for w in text.split(" ") if w and not w.startswith(("@", ":"))]
        if not words:
            return  # nothing but tags or a source: ignore, as servers do with empty lines
        if not words[0].isalnum():
            self.reply(client, n.ERR_UNKNOWNCOMMAND, words[0])
        else:
            self.reply(client, n.ERR_UNKNOWNERROR, words[0].upper())

    def _dispatch(self, client: Client, msg: Message) -> None:
        command = COMMANDS.get(msg.command)
        if command is None:
            if client.registered:
                self.reply(client, n.ERR_UNKNOWNCOMMAND, msg.command)
            else:
                self.reply(client, n.ERR_NOTREGISTERED)
            return
        if not client.registered and not command.before_registration:
            self.reply(client, n.ERR_NOTREGISTERED)
            return
        if len(msg.params) < command.min_params:
            self.reply(client, n.ERR_NEEDMOREPARAMS, msg.command)
            return
        try:
            command.handler(self, client, msg)
        except FormatError:
            log.exception("%s from %s produced an unencodable reply", msg.command, client.name)

    def connection_lost(self, client: Client) -> None:
        """Forget ``client``: others sharing a channel see it QUIT (once each)."""
        try:
            with self.transaction():
                self._forget(client, client.conn.close_reason or "Connection closed")
        except Exception:
            log.exception("forgetting %s failed", client.name)

    def _forget(self, client: Client, reason: str) -> None:
        self.clients.discard(client)
        self.release_nick(client)
        client_gone(self, client)  # its MONITOR list goes; its watchers hear it is offline
        if client.registered:
            self.remember_nick(client)
            self.users -= 1
            self.user_modes.subtract(client.modes)
            peers = client.peers()
            if peers:
                self.relay(
                    peers,
                    Outgoing(
                        client.source, "QUIT", (reason,), bot=client.is_bot, account=client.account
                    ),
                )
            self.log(f"{client.nick} disconnected ({reason})")
        else:
            self.log(f"Connection from {client.host} closed ({reason})")
        for channel in list(client.channels.values()):
            self.remove_member(channel, client)
        client.channels.clear()

    def remove_member(self, channel: Channel, client: Client) -> None:
        """Take ``client`` out of ``channel``; an empty channel ceases to exist."""
        channel.members.pop(client, None)
        client.channels.pop(fold(channel.name), None)
        if not channel.members:
            self.channels.pop(fold(channel.name), None)

    # -- housekeeping ----------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """Ping idle clients, drop silent ones and those that never registered."""
        cfg = self.config
        doomed: list[tuple[Client, str]] = []
        with self.transaction():
            for client in self.clients:
                if client.conn.closing:
                    continue
                if not client.registered:
                    if now - client.connected_at > cfg.registration_timeout:
                        doomed.append((client, "Registration timed out"))
                elif client.ping_sent is not None:
                    if now - client.ping_sent > cfg.ping_timeout:
                        doomed.append((client, f"Ping timeout: {round(cfg.ping_timeout)} seconds"))
                elif now - client.last_seen > cfg.ping_interval:
                    client.ping_sent = now
                    self.send(client, Message("PING", (cfg.name,)))
        for client, reason in doomed:
            client.conn.close(reason, f"Closing link: {client.host} ({reason})")

    def close_all(self, reason: str) -> list[Client]:
        """Close every connection with ``ERROR :Closing link: …``; returns who was closed."""
        with self.transaction():
            everyone = list(self.clients)
        for client in everyone:
            client.conn.close(reason, f"Closing link: {client.host} ({reason})")
        return everyone
