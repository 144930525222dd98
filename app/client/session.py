"""The toolkit-free heart of every Gofto client.

A :class:`Session` is a sans-I/O state machine: the front end feeds it received lines and
connection changes; it hands outgoing lines to the ``send`` callable and announces what
happened through :mod:`app.client.events`. The Qt app, the Tk app and the terminal client all
drive this one class, so conversation logic is written once. It is not thread-safe: call it
from one thread (the GUI thread, or the terminal client's loop).

The session is a facade over objects that each own one part of the state and change it only
through their methods:

- :class:`~app.client.roster.Roster`: channels, members, private conversations, away states;
- :class:`~app.client.registration.Registration` and
  :class:`~app.client.registration.Capabilities`: who we are and how far registration got;
- :class:`~app.client.outbox.Outbox`: lines to the server, and messages held while offline;
- :class:`~app.client.pending.PendingReplies` and :class:`~app.client.replay.Replay`: the
  WHO/WHOIS answers we wait for, the history replayed on join.

Inbound commands dispatch through one table (:data:`app.client.inbound.HANDLERS`) and slash
commands through another (:data:`app.client.commands.COMMANDS`); both call those objects'
methods and the session's few shared steps (:meth:`Session.say`,
:meth:`Session.finish_registration`, :meth:`Session.release_held`). The wording of numeric
replies is in :mod:`app.client.replies`.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime

from app import DEFAULT_ROOM
from app.client import commands, convo, inbound
from app.client.convo import MultilineBatches, RecentMessages
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
from app.client.fetches import AROUND, MAX_BATCH_LINES, PAGE, Fetches, Kind
from app.client.lookups import Lookups
from app.client.outbox import Held, Outbox
from app.client.pending import PendingReplies
from app.client.registration import DEFAULT_REALNAME, Capabilities, Registration
from app.client.replay import Replay
from app.client.roster import Member, Roster
from app.client.spans import SpanFetch, page_size
from app.client.state import ServerInfo
from app.client.typing import TypingSender
from app.irc import Message, ParseError, parse
from app.irc.caps import LATEST_ON_JOIN
from app.irc.history import format_time
from app.irc.split import message_budget, split_text

__all__ = ["Member", "Session"]

log = logging.getLogger(__name__)

_ACTION_OVERHEAD = len("\x01ACTION \x01")
#: Commands after which a welcomed server that skipped the MOTD counts as done registering.
_NOT_THE_END = frozenset({"PING", "CAP", "NOTICE", "MODE"})


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
        realname: str = DEFAULT_REALNAME,
        host_secret: str | None = None,
        nick_fallback: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._listeners: list[Callable[[Event], None]] = []
        self._info = ServerInfo()
        #: Who we are and how far this connection's registration got.
        self.registration = Registration(
            nick,
            password=password,
            room=room,
            username=username,
            realname=realname,
            host_secret=host_secret,
            nick_fallback=nick_fallback,
        )
        #: The IRCv3 capabilities of this connection.
        self.caps = Capabilities()
        #: Channels, members, private conversations, away states.
        self.roster = Roster(self._info)
        #: Lines to the server, and messages typed while the way is not open.
        self.outbox = Outbox(send, self.emit)
        #: WHO and WHOIS requests waiting for their answers.
        self.pending = PendingReplies()
        #: History batches, and the message ids already shown.
        self.replay = Replay()
        #: History asked for while scrolling, opening a private chat or jumping; read markers.
        self.fetches = Fetches(clock)
        #: LIST and WHOIS answers the window asked for quietly (the rooms pane, a card).
        self.lookups = Lookups(self.fold, self.emit)
        self._mention: tuple[str, re.Pattern[str]] | None = None  # our folded nick's pattern
        self._batch_number = 0  # reference tags of the draft/multiline batches we send
        #: draft/multiline batches being received (app.client.convo).
        self.multiline = MultilineBatches()
        #: When to send +typing notifications (``clock``: tests drive time).
        self.typing = TypingSender(clock)
        #: The last message ids per conversation, for /react and /delete.
        self.recent = RecentMessages(self.fold)
        self._listeners.append(self.recent.on_event)
        self._reset_connection()

    def _reset_connection(self) -> None:
        """Forget everything that belongs to one connection only."""
        self.registration.reset()
        self.caps.reset()
        self.outbox.close()
        self.replay.connection_reset()
        self.fetches.connection_reset()
        self.pending.clear()
        self.roster.connection_reset()
        self.lookups.reset()
        self.multiline.reset()
        self.typing.reset()

    # -- wiring ---------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[Event], None]) -> None:
        """Call ``listener(event)`` for every event, in order, synchronously."""
        self._listeners.append(listener)

    def set_sender(self, send: Callable[[str], None]) -> None:
        """Where outgoing lines (without CR LF) go; replaced on every reconnect if needed."""
        self.outbox.set_sender(send)

    # -- connection life cycle --------------------------------------------------------------
    def connection_made(self) -> None:
        """The socket is connected: start registration (CAP LS 302, PASS, NICK, USER)."""
        self._reset_connection()
        registration = self.registration
        registration.begin()
        self.caps.start()
        self.send("CAP", "LS", "302")
        if registration.password:
            self.send("PASS", registration.password)
        self.send("NICK", registration.nick)
        self.send("USER", registration.username, "0", "*", registration.realname)

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
        for name in self.roster.disconnected():
            self.emit(MembersChanged(name))
        registration = self.registration
        self.emit(
            Disconnected(
                reason, will_reconnect=not registration.quitting and not registration.fatal
            )
        )

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
            self.emit(ErrorMessage.say("error.write_nowhere"))
            return
        self.say(conversation, text, MessageKind.TEXT)

    def open_private(self, nick: str) -> str:
        """The conversation name for a private chat with ``nick`` (for the front end's tab).

        The first time it is opened on a connection, its history and read marker are asked
        for (``CHATHISTORY LATEST``, ``MARKREAD``): they arrive as
        :class:`~app.client.events.HistoryFetched` and
        :class:`~app.client.events.ReadMarkerChanged`.
        """
        new = self.roster.private_name(nick) is None
        name = self.roster.open_private(nick)
        if new and self.registered:
            self.fetch_older(name, None)
            if self.caps.read_markers_enabled:
                self.send("MARKREAD", name)
        return name

    # -- history and read markers -----------------------------------------------------------
    def fetch_older(self, conversation: str, before: str | None) -> bool:
        """Ask the host for the lines before message id ``before`` (the oldest one shown;
        ``None``: nothing is shown, ask for the latest). ``False`` when nothing was asked:
        the host keeps no history, a request for it is already out, or there is no more."""
        key = self.fold(conversation)
        if not self.caps.replay_enabled or self.fetches.busy(key) or self.fetches.complete(key):
            return False
        if before is None:
            sent = self.send("CHATHISTORY", "LATEST", conversation, "*", str(PAGE))
        else:
            sent = self.send("CHATHISTORY", "BEFORE", conversation, f"msgid={before}", str(PAGE))
        if sent:
            self.fetches.sent(key, Kind.OLDER, PAGE)
        return sent

    def fetch_around(self, conversation: str, msgid: str) -> bool:
        """Ask for the lines around message ``msgid`` (a search result not loaded yet)."""
        key = self.fold(conversation)
        if not self.caps.replay_enabled or self.fetches.busy(key):
            return False
        sent = self.send("CHATHISTORY", "AROUND", conversation, f"msgid={msgid}", str(AROUND))
        if sent:
            self.fetches.sent(key, Kind.AROUND, AROUND, msgid)
        return sent

    def fetch_latest(self, channel: str) -> bool:
        """The join's ``CHATHISTORY LATEST``: shown as it arrives, and registered like every
        other request so a scroll-up sent before its answer cannot take that answer."""
        sent = self.send("CHATHISTORY", "LATEST", channel, "*", str(LATEST_ON_JOIN))
        if sent:
            self.fetches.sent(self.fold(channel), Kind.JOIN, LATEST_ON_JOIN)
        return sent

    def fetch_jump(self, conversation: str, msgid: str, oldest: str | None) -> bool:
        """A search result ``msgid`` that is not shown: fetch it with every line between it
        and ``oldest`` (the oldest line shown), so no hole is left (:mod:`app.client.spans`;
        a :class:`HistoryFetched` with ``around=msgid`` follows). With nothing shown, the
        lines around it are enough."""
        if oldest is None or oldest == msgid:
            return self.fetch_around(conversation, msgid)
        return self._start_span(conversation, SpanFetch(oldest, msgid, msgid))

    def fetch_gap(self, conversation: str, upper: str, lower: str) -> bool:
        """Fetch the lines between ``upper`` and ``lower`` (a hole shown as a row); a
        :class:`HistoryFetched` with ``fills=(upper, lower)`` follows. It may go out while a
        page is on its way (each batch finds its own request); not twice for one hole."""
        key = self.fold(conversation)
        if not self.caps.replay_enabled or self.fetches.filling(key, upper, lower):
            return False
        return self._start_span(conversation, SpanFetch(lower, upper, None))

    def _start_span(self, conversation: str, span: SpanFetch) -> bool:
        key = self.fold(conversation)
        if not self.caps.replay_enabled or not self.fetches.has_room(key):
            return False
        if span.target is not None and self.fetches.busy(key):
            return False
        span.page = page_size(self._info.tokens.get("CHATHISTORY"), MAX_BATCH_LINES)
        return self.continue_span(conversation, span)

    def continue_span(self, conversation: str, span: SpanFetch) -> bool:
        """Send the next step of ``span`` (or, when it is over, hand its lines on)."""
        result = span.result
        if result is None:
            request = span.request()
            sent = self.send("CHATHISTORY", *request.params(conversation))
            if sent:
                self.fetches.sent(self.fold(conversation), Kind.SPAN, request.limit, span=span)
            return sent
        if result.complete:
            self.fetches.mark_complete(self.fold(conversation))
        self.emit(span.event(conversation))
        return True

    def has_more_history(self, conversation: str) -> bool:
        """Whether scrolling up in ``conversation`` may still bring older lines."""
        key = self.fold(conversation)
        return self.caps.replay_enabled and not self.fetches.complete(key)

    def mark_read(self, conversation: str, when: datetime) -> bool:
        """The person has read ``conversation`` up to ``when`` (its newest shown line): tell
        the host (``MARKREAD``), so their other devices and the next start know. Only a marker
        that moves forward is sent; the front end debounces (this is cheap to call)."""
        if not self.registered or not self.caps.read_markers_enabled:
            return False
        if not self.fetches.set_marker(self.fold(conversation), when):
            return False
        return self.send("MARKREAD", conversation, f"timestamp={format_time(when.timestamp())}")

    def read_marker(self, conversation: str) -> datetime | None:
        """The last-read time known for ``conversation`` (from the host, or sent by us)."""
        return self.fetches.marker(self.fold(conversation))

    def quit(self, message: str = "Leaving") -> None:
        """Send QUIT; no reconnect afterwards."""
        self.registration.quit()
        if self.registration.connected:
            self.send("QUIT", message or "Leaving")

    @staticmethod
    def command_help() -> list[tuple[str, str]]:
        """``[("/msg NICK TEXT", "send a private message"), …]`` for /help and tooltips."""
        return commands.help_rows()

    # -- state the front end reads ----------------------------------------------------------------
    @property
    def nick(self) -> str:
        """Our current nickname (it can change: /nick, or 433 at registration)."""
        return self.registration.nick

    @property
    def nick_fallback(self) -> bool:
        """Whether a 433 during registration tries ``nick_`` (see the class docstring)."""
        return self.registration.nick_fallback

    @nick_fallback.setter
    def nick_fallback(self, value: bool) -> None:
        self.registration.nick_fallback = value

    @property
    def registered(self) -> bool:
        """Whether registration finished on the current connection."""
        return self.registration.done

    @property
    def queued(self) -> int:
        """How many typed messages wait for the connection (and the room's rejoin)."""
        return self.outbox.queued

    @property
    def room(self) -> str | None:
        """The default channel this session joins (``#lobby`` unless told otherwise)."""
        return self.registration.room

    @property
    def channels(self) -> list[str]:
        """The channels we are in, in the order we joined them."""
        return self.roster.channel_names()

    def members(self, channel: str) -> list[Member]:
        """The people in ``channel``, sorted for display (operators first, then by folded nick)."""
        return self.roster.members(channel, self.nick)

    def topic(self, channel: str) -> str:
        """The channel's topic, or ``""``."""
        return self.roster.topic(channel)

    def list_rooms(self) -> bool:
        """Ask the server for its rooms without showing lines; the answer is ``RoomsListed``.

        Returns False (nothing sent) while not registered.
        """
        if not self.registered:
            return False
        self.lookups.expect_list()
        return self.send("LIST")

    def look_up(self, nick: str) -> bool:
        """WHOIS ``nick`` for a card: the answer is one ``PersonLooked``, not lines.

        Returns False (nothing sent) while not registered or with too many lookups open.
        """
        if not self.registered or not nick or " " in nick:
            return False
        if not self.lookups.expect_whois(nick, quiet=True):
            return False
        return self.send("WHOIS", nick)

    def nicks(self) -> list[str]:
        """Every nick we share a channel with, for Tab completion."""
        return self.roster.nicks(self.nick)

    @property
    def filehost(self) -> str | None:
        """Where the host takes shared files (ISUPPORT ``draft/FILEHOST``), when it offers
        an ``https`` address; ``None`` otherwise (plain ``http`` is never used)."""
        url = self._info.tokens.get("DRAFT/FILEHOST")  # keys are upper-cased
        return url if url and url.lower().startswith("https://") else None

    def request_file_token(self) -> bool:
        """Ask the host for an upload token (answered by ``FileTokenReceived``)."""
        return self.send("FILEHOST", "TOKEN")

    @property
    def server_info(self) -> ServerInfo:
        """What the server advertised (case mapping, channel types, prefixes, NICKLEN)."""
        return self._info

    def host_of(self, nick: str) -> str | None:
        """The host (address) the server showed for ``nick`` this connection, if seen yet."""
        return self.roster.host_of(nick)

    # -- steps shared by the inbound handlers and the slash commands ------------------------------
    def fold(self, name: str) -> str:
        """``name`` under the server's case mapping."""
        return self._info.fold(name)

    def is_me(self, nick: str) -> bool:
        """Whether ``nick`` is ours."""
        return self.fold(nick) == self.fold(self.nick)

    def emit(self, event: Event) -> None:
        """Tell every listener about ``event``, in order; a failing listener is logged."""
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                # A front end's bug must not corrupt the session's state half-way.
                log.exception("listener failed on %r", event)

    def send(self, command: str, *params: str) -> bool:
        """Put one message on the wire; returns False when it could not be formatted."""
        return self.outbox.send(command, *params)

    def say(
        self, target: str, text: str, kind: MessageKind, tags: Mapping[str, str] | None = None
    ) -> None:
        """Send (or hold) ``text`` to ``target``: several lines as one ``draft/multiline``
        message when the server supports it, else one message per line of text. ``tags``:
        client-only tags (a reply's), sent with the (first) message."""
        text = text.replace("\0", "").replace("\r\n", "\n").replace("\r", "\n")
        outbox = self.outbox
        self.typing.message_sent(self.fold(target))
        if (
            "\n" in text.strip("\n")
            and outbox.is_open
            and self._send_multiline(target, text.strip("\n"), kind, tags)
        ):
            return
        for line in text.split("\n"):
            if not line.strip():
                continue
            if outbox.is_open:
                self._send_text(target, line, kind, tags)
            elif not outbox.hold(Held(target, line, kind, tags)):
                self.emit(ErrorMessage.say("error.queue_full"))
            else:
                self.emit(MessageQueued(target, line))
            tags = None  # a reply's tags go with its first message only

    def _send_text(
        self, target: str, text: str, kind: MessageKind, tags: Mapping[str, str] | None = None
    ) -> None:
        command = "NOTICE" if kind is MessageKind.NOTICE else "PRIVMSG"
        budget = message_budget(command, target)
        if kind is MessageKind.ACTION:
            budget -= _ACTION_OVERHEAD
        is_private = not self._info.is_channel(target)
        if is_private:
            conversation = self.roster.open_private(target)
        else:
            conversation = self.roster.conversation_name(target)
        for piece in split_text(text, max(budget, 16)):
            payload = ctcp("ACTION", piece) if kind is MessageKind.ACTION else piece
            sent_tags = tags if tags and self.caps.has("message-tags") else None
            if not self.outbox.send(command, target, payload, tags=sent_tags):
                return
            if not self.caps.has("echo-message"):
                reply_to = convo.reply_of(sent_tags or {})
                self.emit(
                    MessageReceived(
                        conversation,
                        self.nick,
                        piece,
                        kind,
                        is_private,
                        True,
                        False,
                        reply_to=reply_to,
                    )
                )
            tags = None

    def _send_multiline(
        self, target: str, text: str, kind: MessageKind, tags: Mapping[str, str] | None
    ) -> bool:
        """Send ``text`` as ``draft/multiline`` batches; ``False`` when the server cannot
        take them (then the caller sends line by line)."""
        caps = self.caps
        if kind is MessageKind.ACTION or not (caps.has(convo.MULTILINE_CAP) and caps.has("batch")):
            return False
        max_bytes, max_lines = convo.multiline_limits(caps.value(convo.MULTILINE_CAP))
        if max_bytes < 64 or max_lines < 2:
            return False
        command = "NOTICE" if kind is MessageKind.NOTICE else "PRIVMSG"
        budget = message_budget(command, target)
        batches = convo.multiline_batches(text, budget, max_bytes, max_lines)
        sent_tags = tags if tags and caps.has("message-tags") else None
        for lines in batches:
            self._batch_number += 1
            ref = f"m{self._batch_number}"
            if not self.outbox.send(
                "BATCH", f"+{ref}", convo.MULTILINE_CAP, target, tags=sent_tags
            ):
                return True
            for piece, concat in lines:
                line_tags = {"batch": ref, convo.CONCAT_TAG: ""} if concat else {"batch": ref}
                self.outbox.send(command, target, piece, tags=line_tags)
            self.outbox.send("BATCH", f"-{ref}")
            if not caps.has("echo-message"):
                whole = convo.joined(lines)
                is_private = not self._info.is_channel(target)
                conversation = (
                    self.roster.open_private(target)
                    if is_private
                    else self.roster.conversation_name(target)
                )
                self.emit(
                    MessageReceived(
                        conversation,
                        self.nick,
                        whole,
                        kind,
                        is_private,
                        True,
                        False,
                        reply_to=convo.reply_of(sent_tags or {}),
                    )
                )
            sent_tags = None
        return True

    # -- replies, reactions, typing, deletion (IRCv3; see app.client.convo) ---------------
    def reply(self, conversation: str, msgid: str, text: str) -> bool:
        """Send ``text`` to ``conversation`` as a reply to message ``msgid``."""
        if not text.strip() or not conversation:
            return False
        self.say(conversation, text, MessageKind.TEXT, convo.reply_tags(msgid))
        return True

    @property
    def can_react(self) -> bool:
        """Whether reactions and typing notifications can be sent (message-tags)."""
        return self.caps.has("message-tags") and self.outbox.is_open

    @property
    def can_redact(self) -> bool:
        """Whether the server lets us delete messages now (draft/message-redaction)."""
        return self.caps.has(convo.REDACTION_CAP) and self.outbox.is_open

    def react(self, conversation: str, msgid: str, reaction: str, *, remove: bool = False) -> bool:
        """React to message ``msgid`` with ``reaction`` (an emoji), or take it back."""
        if not self.can_react or not reaction or len(reaction) > convo.MAX_REACTION:
            return False
        tags = convo.reply_tags(msgid)
        tags[convo.UNREACT_TAG if remove else convo.REACT_TAG] = reaction
        return self.outbox.send("TAGMSG", conversation, tags=tags)

    @property
    def send_typing(self) -> bool:
        """Whether we tell others when we type (a setting; on by default)."""
        return self.typing.enabled

    @send_typing.setter
    def send_typing(self, value: bool) -> None:
        self.typing.enabled = bool(value)

    def typing_changed(self, conversation: str, text: str) -> bool:
        """The input of ``conversation`` now holds ``text``: maybe send ``+typing``."""
        if not conversation or not self.can_react:
            return False
        state = self.typing.changed(self.fold(conversation), text)
        return state is not None and self._send_typing(conversation, state)

    def typing_paused(self, conversation: str) -> bool:
        """The user stopped typing in ``conversation`` with text left: maybe send ``paused``."""
        if not conversation or not self.can_react:
            return False
        state = self.typing.paused(self.fold(conversation))
        return state is not None and self._send_typing(conversation, state)

    def _send_typing(self, conversation: str, state: str) -> bool:
        return self.outbox.send("TAGMSG", conversation, tags={convo.TYPING_TAG: state})

    def redact(self, conversation: str, msgid: str, reason: str = "") -> bool:
        """Delete message ``msgid`` in ``conversation`` (ours, or any when we are the host)."""
        if not self.can_redact:
            self.emit(ErrorMessage.say("error.no_redaction", conversation))
            return False
        params = (conversation, msgid, reason) if reason else (conversation, msgid)
        return self.outbox.send("REDACT", *params)

    def release_held(self) -> None:
        """We are back and in the room: send what was typed meanwhile, in order."""
        outbox = self.outbox
        outbox.open()
        while (held := outbox.take()) is not None:
            self._send_text(held.target, held.text, held.kind, held.tags)

    def request_who(self, mask: str, *, shown: bool) -> None:
        """Send ``WHO mask``; its replies are shown to the user when ``shown``."""
        if self.send("WHO", mask):
            self.pending.who_sent(shown=shown)

    def request_whois(self, nick: str) -> None:
        """Send ``WHOIS nick`` (its away reply is then shown even when nothing changed)."""
        if self.send("WHOIS", nick):
            self.pending.whois_sent(self.fold(nick))

    def mentions(self, text: str) -> bool:
        """Whether ``text`` mentions our nick as a word, under the server's case mapping."""
        nick = self.fold(self.nick)
        if not nick:
            return False
        if self._mention is None or self._mention[0] != nick:  # compiled once per nick
            self._mention = (nick, re.compile(r"(?<!\w)" + re.escape(nick) + r"(?!\w)"))
        return self._mention[1].search(self.fold(text)) is not None

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
            self.registration.welcomed
            and not self.registration.done
            and not message.command.isdigit()
            and message.command not in _NOT_THE_END
        ):
            # A server that skipped the MOTD: registration is over all the same.
            self.finish_registration()

    def finish_registration(self) -> None:
        """Registration is over: OPER for the host, ``Registered``, (re)join our channels
        (the room first), and send what was typed meanwhile once back in the room."""
        registration = self.registration
        if not registration.finish():
            return
        if registration.host_secret:
            self.send("OPER", "host", registration.host_secret)
        server = registration.server_name or "server"
        self.emit(Registered(self.nick, server, self._info.network or server))
        roster, room = self.roster, registration.room
        names = roster.channel_names()
        room_key = self.fold(room) if room else None
        if room and not roster.has_channel(room):
            names.insert(0, room)
        elif room_key is not None:
            names.sort(key=lambda name: self.fold(name) != room_key)
        if room and roster.is_joined(room):
            room_key = None  # the server put us there already
        for name in names:
            if not roster.is_joined(name):
                self.send("JOIN", name)
        if room_key is None:
            self.release_held()
        else:
            self.outbox.wait_for_room()
