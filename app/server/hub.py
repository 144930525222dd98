"""The hub: the state of the chat (clients, channels, nicks) that the command handlers use.

Handlers (:mod:`app.server.handlers`) read and change the model through the hub, always
inside one of its transactions (:mod:`app.server.transaction`: the state lock, and the output
queued under it and flushed after it). Received lines reach the handlers through
:mod:`app.server.intake` (flood check, fast path or general path, dispatch).
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from app.irc import FormatError, Message
from app.irc.confusables import nick_skeleton
from app.irc.names import fold
from app.server import replies
from app.server.accounts import Accounts
from app.server.config import ServerConfig
from app.server.filehost import FileHost
from app.server.handlers.monitor import client_gone
from app.server.history import History
from app.server.monitor import MonitorRegistry
from app.server.outgoing import Outgoing
from app.server.quietlog import LogLimiter, describe, quiet
from app.server.readmarkers import ReadMarkers
from app.server.sent import SentIndex
from app.server.state import Channel, Client
from app.server.store import Snapshot
from app.server.transaction import Transactions
from app.server.trust import Trust
from app.server.waiting import Waiting
from app.server.whowas import WhowasHistory, entry_for
from app.server.wire import encode

log = logging.getLogger(__name__)


class Hub:
    """Owns the model; handlers (``app.server.handlers``) operate through it, in transactions."""

    def __init__(self, config: ServerConfig, history: History | None = None) -> None:
        self.config = config
        #: Rooms' and private conversations' recent messages, for CHATHISTORY
        #: (app.server.history).
        self.history = history if history is not None else History()
        #: Recent message ids and their senders, for REDACT (app.server.sent); bounded.
        self.sent = SentIndex()
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
        #: Shared files (app.server.filehost), set by the server when it speaks TLS.
        self.filehost: FileHost | None = None
        #: Console lines about unregistered connections, rate-limited per address.
        self.connection_lines = LogLimiter()
        #: The state lock and the output queued under it (app.server.transaction).
        self.transactions = output = Transactions(config.log)
        # Output, bound once: handlers call these for every message (see Transactions).
        #: ``with hub.transaction():`` holds the state lock; output is flushed after it.
        self.transaction = output.transaction
        #: Queue a console line (control characters made visible), emitted after the lock.
        self.log = output.log
        #: Queue encoded bytes for one client.
        self.send_bytes = output.send_bytes
        #: Queue one :class:`Outgoing` for many clients, each in its capabilities' variant.
        self.relay = output.relay
        #: Queue a run of :class:`Outgoing` for many clients, one append each.
        self.relay_all = output.relay_all

    # -- output ----------------------------------------------------------------------------

    def send(self, client: Client, msg: Message) -> None:
        """Queue one message for ``client``; an unencodable one is logged and dropped."""
        try:
            data = encode(msg)
        except FormatError as exc:
            text = f"dropped {msg.command} for {client.name}: {exc}"
            quiet(log, logging.WARNING, client.host, text)
            return
        self.send_bytes(client, data)

    def reply(self, client: Client, code: str, *params: str) -> None:
        """Send a numeric reply (see :func:`app.server.replies.reply`)."""
        self.send(client, replies.reply(self.config.name, client, code, *params))

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
            line = self.connection_lines.line(client.host, f"Connection from {client.host}")
            if line is not None:  # one address's churn is a line per 10 s, not per connection
                self.log(line)

    def detach(self, client: Client) -> None:
        """Stop treating a connection as a chat client (it carries HTTP, not IRC)."""
        with self.transaction():
            self.clients.discard(client)

    def connection_lost(self, client: Client) -> None:
        """Forget ``client``: others sharing a channel see it QUIT (once each)."""
        try:
            with self.transaction():
                self._forget(client, client.conn.close_reason or "Connection closed")
        except Exception as exc:
            text = f"forgetting {client.name} failed: {describe(exc)}"
            quiet(log, logging.ERROR, client.host, text)

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
            text = f"Connection from {client.host} closed ({reason})"
            line = self.connection_lines.line(f"closed {client.host}", text)
            if line is not None:
                self.log(line)
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
                    if client.password_pending:
                        continue  # its password waits its turn (app.server.throttle)
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
