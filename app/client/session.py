"""The toolkit-free heart of every Gofto client.

A :class:`Session` is a sans-I/O state machine: the front end feeds it received lines and
connection changes; it hands outgoing lines to the ``send`` callable and announces what
happened through :mod:`app.client.events`. The Qt app, the Tk app and the terminal client all
drive this one class, so conversation logic is written once. It is not thread-safe: call it
from one thread (the GUI thread, or the terminal client's loop).

Inbound commands dispatch through one table (:data:`app.client.inbound.HANDLERS`); the
member and channel model lives in :mod:`app.client.state`, slash commands in
:mod:`app.client.commands` and the wording of numeric replies in :mod:`app.client.replies`.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from app import DEFAULT_ROOM
from app.client import commands, inbound
from app.client.ctcp import ctcp
from app.client.events import (
    Disconnected,
    ErrorMessage,
    Event,
    MembersChanged,
    MessageKind,
    MessageQueued,
    MessageReceived,
    Registered,
)
from app.client.state import Channel, ServerInfo
from app.irc import FormatError, Message, ParseError, parse
from app.irc.caps import CHATHISTORY_CAP
from app.irc.split import message_budget, split_text

log = logging.getLogger(__name__)

#: Messages kept while disconnected; more than that is refused with a sentence.
MAX_QUEUED = 500
#: Message ids remembered to drop replayed lines already shown (a reconnect's history).
MAX_SEEN_IDS = 5000
_ACTION_OVERHEAD = len("\x01ACTION \x01")


@dataclass(frozen=True, slots=True)
class Member:
    """One person in a channel as the sidebar shows them."""

    nick: str
    prefixes: str  # channel status symbols, highest first, e.g. "@" for the operator
    away: bool
    is_self: bool


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """A message waiting for the connection to come back."""

    target: str
    text: str
    kind: MessageKind


def _username_from(nick: str) -> str:
    """A USER name servers accept: ASCII letters and digits of the nick, else ``gofto``."""
    ascii_part = "".join(ch for ch in nick if ch.isascii() and ch.isalnum())[:10]
    return ascii_part or "gofto"


class Session:
    """One connection's worth of conversation state.

    Usage by a front end::

        session = Session("Ali", password=None, room="#lobby", send=transport.send_line)
        session.add_listener(window.on_event)
        # when the socket connects:
        session.connection_made()
        # for every received line (decoded text, CR LF stripped):
        session.feed(line)
        # when the socket closes or fails:
        session.connection_lost("Connection reset by peer")
        # when the user presses Enter in a conversation's input:
        session.submit("#lobby", "hello")          # or "/msg bob hi", "/me waves", …

    ``room`` is joined automatically after registration and rejoined after a reconnect, along
    with every other channel we were in. Messages submitted while not registered are queued
    (``MessageQueued``) and sent, in order, once registered and rejoined again.

    ``host_secret`` is given only to the window of the person who hosts the chat: it is the
    embedded server's operator secret, presented with ``OPER`` so the host is the room's
    operator (kick, ban, topic, ``/password``) even when a guest arrived first.

    ``nick_fallback`` decides what a ``433`` (nickname in use) before the welcome means. With
    ``True`` (the default) the session tries ``nick_``, ``nick2``… itself: right for a
    reconnect, where our own old connection may still hold the nick. With ``False`` it emits
    ``RegistrationFailed(NickInUse(nick))`` like a ``432``: someone who typed a nickname in a
    start dialog wants to hear that it is taken and choose another. The strict rule holds
    until the first registration succeeds; after that the session allows the fallback on its
    own (:attr:`nick_fallback` turns ``True``), since after a drop the nick may be our ghost.
    """

    def __init__(
        self,
        nick: str,
        *,
        send: Callable[[str], None] | None = None,
        password: str | None = None,
        room: str | None = DEFAULT_ROOM,
        username: str | None = None,
        realname: str = "Gofto user",
        host_secret: str | None = None,
        nick_fallback: bool = True,
    ) -> None:
        self._wanted_nick = nick
        #: Whether a 433 during registration tries ``nick_`` (see the class docstring).
        self.nick_fallback = nick_fallback
        self._nick = nick
        self._send_line = send
        self._password = password
        # The hosting app's secret: sent as OPER on every registration, before any JOIN, so
        # the server makes us operator of the room (see app.server.handlers.moderation).
        self._host_secret = host_secret
        self._room = room
        self._username = username or _username_from(nick)
        self._realname = realname or "Gofto user"
        self._listeners: list[Callable[[Event], None]] = []
        self._info = ServerInfo()
        self._channels: dict[str, Channel] = {}
        self._away: dict[str, str] = {}
        self._privates: dict[str, str] = {}
        self._queue: deque[_Outgoing] = deque()
        self._who_requests: deque[bool] = deque()
        self._whois_pending: set[str] = set()
        self._server_name = ""
        # msgids of channel messages shown this session, oldest first: the history replayed
        # after a reconnect repeats what is already on screen, and is dropped by these.
        self._seen_ids: set[str] = set()
        self._seen_order: deque[str] = deque()
        self._reset_connection()
        self._quitting = False
        self._fatal = False

    def _reset_connection(self) -> None:
        """Forget everything that belongs to one connection only."""
        self._connected = False
        self._welcomed = False
        self._registration_done = False
        self._ready = False
        self._awaiting_room = False
        # Set while the room was joined but its history replay may still be coming: queued
        # messages wait for it (history first, then what was typed offline).
        self._awaiting_replay = False
        self._batches: dict[str, str] = {}  # open chathistory batch reference → channel
        self._caps_offered: set[str] = set()
        self._caps: set[str] = set()
        self._cap_negotiating = False
        self._nick_attempt = 0
        self._who_requests.clear()
        self._whois_pending.clear()
        self._away.clear()
        self._hosts: dict[str, str] = {}  # folded nick → host, from JOIN lines and WHO replies

    # -- wiring ---------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[Event], None]) -> None:
        """Call ``listener(event)`` for every event, in order, synchronously."""
        self._listeners.append(listener)

    def set_sender(self, send: Callable[[str], None]) -> None:
        """Where outgoing lines (without CR LF) go; replaced on every reconnect if needed."""
        self._send_line = send

    # -- connection life cycle --------------------------------------------------------------
    def connection_made(self) -> None:
        """The socket is connected: start registration (CAP LS 302, PASS, NICK, USER)."""
        self._reset_connection()
        self._connected = True
        self._quitting = False
        self._fatal = False
        self._nick = self._wanted_nick
        self._cap_negotiating = True
        self._send("CAP", "LS", "302")
        if self._password:
            self._send("PASS", self._password)
        self._send("NICK", self._nick)
        self._send("USER", self._username, "0", "*", self._realname)

    def feed(self, line: str) -> None:
        """Handle one received line. Malformed lines are logged and ignored, never raised."""
        try:
            message = parse(line)
        except ParseError as error:
            log.warning("ignoring malformed line %r: %s", line[:200], error)
            return
        try:
            self._dispatch(message)
        except Exception:
            # A server can send anything; one odd line must not take the client down.
            log.exception("error while handling %r", line[:200])

    def connection_lost(self, reason: str) -> None:
        """The socket closed; emits ``Disconnected`` and keeps channels for the rejoin."""
        self._reset_connection()
        for channel in self._channels.values():
            channel.joined = False
            channel.members.clear()
            channel.pending_names = None
            self._emit(MembersChanged(channel.name))
        self._emit(Disconnected(reason, will_reconnect=not self._quitting and not self._fatal))

    # -- what the user does -------------------------------------------------------------------
    def submit(self, conversation: str, text: str) -> None:
        """Typed input in ``conversation``: a slash command, or a message to that conversation.

        Text longer than one line is split by :mod:`app.irc.split`; several lines of pasted
        text are sent as several messages (the front end asks first when there are many).
        """
        if text.startswith("/") and not text.startswith("//"):
            commands.run(self, conversation, text)
            return
        if text.startswith("//"):
            text = text[1:]
        if not conversation:
            self._emit(ErrorMessage("Open a room or a private conversation to write in."))
            return
        self._say(conversation, text, MessageKind.TEXT)

    def open_private(self, nick: str) -> str:
        """The conversation name for a private chat with ``nick`` (for the front end's tab)."""
        key = self._fold(nick)
        known = self._privates.get(key)
        if known is not None:
            return known
        for channel in self._channels.values():
            member = channel.members.get(key)
            if member is not None:
                nick = member.nick
                break
        self._privates[key] = nick
        return nick

    def quit(self, message: str = "Leaving") -> None:
        """Send QUIT; no reconnect afterwards."""
        self._quitting = True
        if self._connected:
            self._send("QUIT", message or "Leaving")

    @staticmethod
    def command_help() -> list[tuple[str, str]]:
        """``[("/msg NICK TEXT", "send a private message"), …]`` for /help and tooltips."""
        return commands.help_rows()

    # -- state the front end reads ----------------------------------------------------------------
    @property
    def nick(self) -> str:
        """Our current nickname (it can change: /nick, or 433 at registration)."""
        return self._nick

    @property
    def registered(self) -> bool:
        """Whether registration finished on the current connection."""
        return self._registration_done

    @property
    def queued(self) -> int:
        """How many typed messages wait for the connection (and the room's rejoin)."""
        return len(self._queue)

    @property
    def room(self) -> str | None:
        """The default channel this session joins (``#lobby`` unless told otherwise)."""
        return self._room

    @property
    def channels(self) -> list[str]:
        """The channels we are in, in the order we joined them."""
        return [channel.name for channel in self._channels.values()]

    def members(self, channel: str) -> list[Member]:
        """The people in ``channel``, sorted for display (operators first, then by folded nick)."""
        state = self._channels.get(self._fold(channel))
        if state is None:
            return []
        me = self._fold(self._nick)
        people = [
            Member(m.nick, m.prefixes, key in self._away, key == me)
            for key, m in state.members.items()
        ]
        people.sort(key=lambda m: (self._info.rank(m.prefixes), self._fold(m.nick)))
        return people

    def topic(self, channel: str) -> str:
        """The channel's topic, or ``""``."""
        state = self._channels.get(self._fold(channel))
        return state.topic if state else ""

    def nicks(self) -> list[str]:
        """Every nick we share a channel with, for Tab completion."""
        me = self._fold(self._nick)
        found: dict[str, str] = {}
        for channel in self._channels.values():
            for key, member in channel.members.items():
                if key != me:
                    found.setdefault(key, member.nick)
        return [found[key] for key in sorted(found)]

    # -- helpers shared with app.client.commands -------------------------------------------------
    @property
    def server_info(self) -> ServerInfo:
        """What the server advertised (case mapping, channel types, prefixes, NICKLEN)."""
        return self._info

    def _fold(self, name: str) -> str:
        return self._info.fold(name)

    def host_of(self, nick: str) -> str | None:
        """The host (address) the server showed for ``nick`` this connection, if seen yet."""
        return self._hosts.get(self._fold(nick))

    def _remember_host(self, nick: str, host: str) -> None:
        if nick and host and len(self._hosts) < 10_000:
            self._hosts[self._fold(nick)] = host

    def _is_me(self, nick: str) -> bool:
        return self._fold(nick) == self._fold(self._nick)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                # A front end's bug must not corrupt the session's state half-way.
                log.exception("listener failed on %r", event)

    def _send(self, command: str, *params: str) -> bool:
        """Put one message on the wire; returns False when it could not be formatted."""
        try:
            line = Message(command, params).format()
        except FormatError as error:
            self._emit(ErrorMessage(f"That cannot be sent: {error}."))
            return False
        if self._send_line is None:
            log.warning("no sender set; dropping %s", command)
            return False
        self._send_line(line)
        return True

    def _send_raw(self, line: str) -> None:
        """Send a line the user typed with /raw, after checking that it parses."""
        try:
            message = parse(line)
        except ParseError as error:
            self._emit(ErrorMessage(f"That is not a valid IRC line: {error}."))
            return
        self._send(message.command, *message.params)

    def _say(self, target: str, text: str, kind: MessageKind) -> None:
        """Send (or queue) ``text`` to ``target``, one message per line of text."""
        text = text.replace("\0", "").replace("\r\n", "\n").replace("\r", "\n")
        for line in text.split("\n"):
            if not line.strip():
                continue
            if self._ready:
                self._send_text(target, line, kind)
            elif len(self._queue) >= MAX_QUEUED:
                self._emit(ErrorMessage("Too many messages are waiting; this one was dropped."))
            else:
                self._queue.append(_Outgoing(target, line, kind))
                self._emit(MessageQueued(target, line))

    def _send_text(self, target: str, text: str, kind: MessageKind) -> None:
        command = "NOTICE" if kind is MessageKind.NOTICE else "PRIVMSG"
        budget = message_budget(command, target)
        if kind is MessageKind.ACTION:
            budget -= _ACTION_OVERHEAD
        is_private = not self._info.is_channel(target)
        conversation = self._conversation_name(target)
        if is_private:
            conversation = self.open_private(target)
        for piece in split_text(text, max(budget, 16)):
            payload = ctcp("ACTION", piece) if kind is MessageKind.ACTION else piece
            if not self._send(command, target, payload):
                return
            if "echo-message" not in self._caps:
                self._emit(
                    MessageReceived(conversation, self._nick, piece, kind, is_private, True, False)
                )

    def _first_sight(self, msgid: str) -> bool:
        """Remember ``msgid``; ``False`` when a message with it was already shown."""
        if msgid in self._seen_ids:
            return False
        self._seen_ids.add(msgid)
        self._seen_order.append(msgid)
        if len(self._seen_order) > MAX_SEEN_IDS:
            self._seen_ids.discard(self._seen_order.popleft())
        return True

    @property
    def _replay_enabled(self) -> bool:
        """Whether we ask for a room's history (draft/chathistory) when we join it."""
        return {CHATHISTORY_CAP, "batch", "server-time"} <= self._caps

    def _flush_queue(self) -> None:
        """We are back and in the room: send what was typed meanwhile, in order."""
        self._ready = True
        self._awaiting_room = False
        self._awaiting_replay = False
        while self._queue and self._ready:
            item = self._queue.popleft()
            self._send_text(item.target, item.text, item.kind)

    def _conversation_name(self, target: str) -> str:
        channel = self._channels.get(self._fold(target))
        return channel.name if channel else target

    def _request_who(self, mask: str, *, shown: bool) -> None:
        if self._send("WHO", mask):
            self._who_requests.append(shown)

    def _request_whois(self, nick: str) -> None:
        if self._send("WHOIS", nick):
            self._whois_pending.add(self._fold(nick))

    def _set_wanted_nick(self, nick: str) -> None:
        """The nick to use from the next registration on (``/nick`` while disconnected)."""
        self._wanted_nick = nick
        if not self._connected:
            self._nick = nick

    def _mentions(self, text: str) -> bool:
        """Whether ``text`` mentions our nick as a word, under the server's case mapping."""
        nick = self._fold(self._nick)
        if not nick:
            return False
        pattern = r"(?<!\w)" + re.escape(nick) + r"(?!\w)"
        return re.search(pattern, self._fold(text)) is not None

    # -- inbound dispatch ---------------------------------------------------------------
    def _dispatch(self, message: Message) -> None:
        handler = inbound.HANDLERS.get(message.command)
        if handler is not None:
            handler(self, message)
        elif message.command.isdigit():
            inbound.on_numeric(self, message)
        else:
            log.debug("unhandled command %s", message.command)
        if (
            self._welcomed
            and not self._registration_done
            and not message.command.isdigit()
            and message.command not in ("PING", "CAP", "NOTICE", "MODE")
        ):
            # A server that skipped the MOTD: registration is over all the same.
            self._finish_registration()

    def _finish_registration(self) -> None:
        if self._registration_done or not self._welcomed:
            return
        self._registration_done = True
        # From now on a 433 at registration is most likely our own old connection lingering.
        self.nick_fallback = True
        if self._host_secret:
            self._send("OPER", "host", self._host_secret)
        server = self._server_name or "server"
        self._emit(Registered(self._nick, server, self._info.network or server))
        names = [c.name for c in self._channels.values()]
        room_key = self._fold(self._room) if self._room else None
        if self._room and room_key not in self._channels:
            names.insert(0, self._room)
        elif room_key is not None:
            names.sort(key=lambda name: self._fold(name) != room_key)
        room_state = self._channels.get(room_key) if room_key else None
        if room_state is not None and room_state.joined:
            room_key = None  # the server put us there already
        for name in names:
            state = self._channels.get(self._fold(name))
            if state is None or not state.joined:
                self._send("JOIN", name)
        if room_key is None:
            self._flush_queue()
        else:
            self._awaiting_room = True
