"""What the session does with each line the server sends: one handler per command.

:data:`HANDLERS` maps a command or numeric to a function ``handler(session, message)``;
numerics without their own handler go to :func:`on_numeric`. Handlers change the state
through the methods of its owners (``session.roster``, ``session.registration``,
``session.caps``, ``session.outbox``, ``session.pending``, ``session.replay``) and emit
:mod:`app.client.events`; they never raise on odd input on purpose, and
:meth:`Session.feed` logs anything unexpected instead of crashing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app import __version__
from app.client import convo
from app.client.ctcp import ctcp, parse_ctcp
from app.client.events import (
    AwayChanged,
    ErrorMessage,
    Event,
    FileTokenFailed,
    FileTokenReceived,
    HistoryFetched,
    Info,
    Joined,
    Kicked,
    MembersChanged,
    MessageKind,
    MessageReceived,
    ModeChanged,
    NickChanged,
    Parted,
    ReadMarkerChanged,
    RegistrationFailed,
    ReplayMaySkip,
    TopicChanged,
    UserQuit,
)
from app.client.fetches import Kind
from app.client.replies import (
    CHANNEL_ERRORS,
    JOIN_ERRORS,
    error_sentence,
    list_line,
    motd_line,
    server_notice_line,
    status_line,
    who_line,
    whois_line,
)
from app.errors import (
    HostRefused,
    InvalidNick,
    NickInUse,
    NickOwned,
    TooManyTries,
    WrongPassword,
)
from app.irc import Message, Source
from app.irc import numerics as n
from app.irc.history import BadReference, parse_time

if TYPE_CHECKING:
    from app.client.session import Session

log = logging.getLogger(__name__)

_SILENT = frozenset({n.RPL_ISUPPORT, n.RPL_MYINFO, n.RPL_TOPICWHOTIME, n.RPL_CREATIONTIME})
#: Numerics whose last parameter already says everything (the others repeat its numbers).
_TRAILING_ONLY = frozenset({n.RPL_LOCALUSERS, n.RPL_GLOBALUSERS})
#: Server statistics every registration brings: noise in a chat window, so they are only
#: shown when asked for later (``/raw LUSERS``), not while connecting.
_CONNECT_NOISE = frozenset(
    {
        n.RPL_YOURHOST,
        n.RPL_CREATED,
        n.RPL_LUSERCLIENT,
        n.RPL_LUSEROP,
        n.RPL_LUSERUNKNOWN,
        n.RPL_LUSERCHANNELS,
        n.RPL_LUSERME,
        n.RPL_LOCALUSERS,
        n.RPL_GLOBALUSERS,
    }
)


def message_time(message: Message) -> datetime:
    """When the message was sent: the ``server-time`` tag if present and valid, else now."""
    value = message.tags.get("time")
    if value:
        try:
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            log.debug("ignoring bad time tag %r", value)
        else:
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)


def on_ping(session: Session, message: Message) -> None:
    session.send("PONG", *(message.params or ("",))[:1])


def on_cap(session: Session, message: Message) -> None:
    params = message.params
    if len(params) < 2:
        return
    caps = session.caps
    sub = params[1].upper()
    names = params[-1].split() if len(params) >= 3 else []
    if sub == "LS":
        caps.offer(names)
        if len(params) >= 4 and params[2] == "*":
            return  # more LS lines follow
        if caps.negotiating:
            wanted = caps.wanted()
            if wanted:
                session.send("CAP", "REQ", " ".join(wanted))
            else:
                end_cap(session)
    elif sub == "ACK":
        caps.acknowledge(names)
        if caps.negotiating:
            end_cap(session)
    elif sub == "NAK":
        if caps.negotiating:
            end_cap(session)
    elif sub == "NEW":
        caps.offer(names)
        wanted = caps.wanted()
        if wanted:
            session.send("CAP", "REQ", " ".join(wanted))
    elif sub == "DEL":
        caps.withdraw(names)


def end_cap(session: Session) -> None:
    session.caps.stop()
    session.send("CAP", "END")


def on_welcome(session: Session, message: Message) -> None:
    session.caps.stop()
    server = Source.parse(message.source).nick
    session.registration.welcome(message.params[0] if message.params else None, server)


def on_isupport(session: Session, message: Message) -> None:
    tokens = list(message.params[1:-1]) if len(message.params) > 2 else []
    if session.server_info.update(tokens):
        session.roster.rekey()  # the case mapping changed


def on_end_of_motd(session: Session, message: Message) -> None:
    session.finish_registration()


def on_nick_error(session: Session, message: Message) -> None:
    registration = session.registration
    bad = message.params[1] if len(message.params) >= 3 else registration.nick
    if message.command == n.ERR_ERRONEUSNICKNAME:
        if registration.welcomed:
            session.emit(ErrorMessage.of(InvalidNick(bad), numeric=message.command))
        else:
            fail(session, InvalidNick(bad))
        return
    owned = message.params[-1:] == (n.NICK_OWNED_TEXT,)  # another person's name on this host
    if registration.welcomed:
        error = NickOwned(bad) if owned else NickInUse(bad)
        session.emit(ErrorMessage.of(error, numeric=message.command))
        return
    if registration.fatal:
        return  # already gave up; the front end is closing the connection
    nick = registration.next_nick(session.server_info.nicklen)
    if nick is None:
        wanted = registration.wanted_nick
        fail(session, NickOwned(wanted) if owned and bad == wanted else NickInUse(wanted))
        return
    session.emit(Info.say("info.nick_taken_trying", nick=bad, other=nick))
    session.send("NICK", nick)


def on_password_mismatch(session: Session, message: Message) -> None:
    text = message.params[-1] if len(message.params) >= 2 else ""
    # A throttled try is refused unchecked; the server says so in the text (Gofto's server:
    # "Too many wrong passwords from your address…"), and the advice differs: wait.
    error = TooManyTries() if "too many" in text.casefold() else WrongPassword()
    if session.registration.welcomed:
        # After the welcome only OPER checks a password (the host's secret, or /raw OPER):
        # worth a sentence, not a reason to end the session.
        shown = (
            error
            if isinstance(error, TooManyTries)
            else error_sentence(message.command, message.params[1:])
        )
        session.emit(ErrorMessage.of(shown, numeric=message.command))
        return
    fail(session, error)


def fail(session: Session, error: Exception) -> None:
    session.registration.give_up()
    session.emit(RegistrationFailed(error))


#: What a host's refusal at the door (Gofto's server: app.server.admission) means, by its text.
_REFUSALS = {
    n.TOO_MANY_CONNECTIONS_TEXT.casefold(): "error.too_many_connections",
    n.SERVER_FULL_TEXT.casefold(): "error.host_full",
    n.SERVER_BUSY_TEXT.casefold(): "error.host_busy",
}


def on_error(session: Session, message: Message) -> None:
    text = message.params[-1] if message.params else ""
    registration = session.registration
    refused = _REFUSALS.get(text.strip().casefold()) if not registration.welcomed else None
    if refused is not None and not registration.quitting:
        # Turned away at the door. Before this session ever got in, that is the answer (a
        # start dialog shows it, the terminal exits): no blind retry. After, it is for now
        # (the host restarted and fills up again): said, and the connection is retried.
        error = HostRefused(refused)
        if registration.ever_registered:
            session.emit(ErrorMessage.of(error, numeric="ERROR"))
        else:
            fail(session, error)
        return
    said = closing_sentence(text)
    if registration.quitting:
        if said is None and text:
            session.emit(Info.say("info.disconnected", reason=text))
        else:  # our own QUIT's echo ("Closing link: … (Quit: bye)"): nothing to add
            session.emit(Info.say("info.disconnected_plain"))
    elif said is not None:
        session.emit(ErrorMessage.say(said[0], numeric="ERROR", **said[1]))
    elif text:
        session.emit(ErrorMessage.say("error.server_closed", numeric="ERROR", reason=text))
    else:
        session.emit(ErrorMessage.say("error.server_closed_plain", numeric="ERROR"))


_CLOSING_LINK = re.compile(r"Closing link: \S+ \((?P<reason>.*)\)", re.DOTALL)
_PING_TIMEOUT = re.compile(r"Ping timeout: (?P<seconds>\d{1,6}) seconds")
_KILLED = re.compile(r"Killed \((?P<nick>\S+) \((?P<comment>.*)\)\)", re.DOTALL)
_HOST_STOPPED = frozenset({"server shutting down", "the host closed the chat"})


def closing_sentence(text: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue sentence for a Gofto host's own closing words (``ERROR :Closing link: h
    (Ping timeout: 240 seconds)``), so that a Persian reader is not handed the host's English;
    ``None`` for words we do not know (another server's, or a reason someone typed), which
    are shown as they came. A kill's comment is someone's words and stays as typed."""
    text = text.strip()
    closing = _CLOSING_LINK.fullmatch(text)
    reason = closing.group("reason") if closing else text
    if reason.casefold() in _HOST_STOPPED:
        return "error.host_stopped", {}
    if reason.startswith("Quit: ") or reason == "Client Quit":
        return "info.disconnected_plain", {}
    if reason == "Bad password":
        return "error.wrong_password", {}
    if reason == "Excess Flood":
        return "error.excess_flood", {}
    if reason == "SendQ exceeded":
        return "error.fell_behind", {}
    if timeout := _PING_TIMEOUT.fullmatch(reason):
        return "error.ping_timeout", {"seconds": timeout.group("seconds")}
    if killed := _KILLED.fullmatch(reason):
        return "error.killed", {"nick": killed.group("nick"), "comment": killed.group("comment")}
    return None


def on_join(session: Session, message: Message) -> None:
    if not message.params:
        return
    name, source = message.params[0], Source.parse(message.source)
    nick = source.nick
    roster = session.roster
    roster.remember_host(nick, source.host or "")
    when = message_time(message)
    if session.is_me(nick):
        roster.self_joined(name, nick)
        session.emit(Joined(name, nick, True, when))
        session.emit(MembersChanged(name))
        if session.caps.replay_enabled:  # the room's latest lines, in a chathistory batch
            session.fetch_latest(name)
        room = session.room
        if session.outbox.awaiting_room and room and session.fold(name) == session.fold(room):
            if session.caps.replay_enabled:
                # The history batch answers the request above, before the reply to the WHO
                # we send after the 366: the queue is flushed at whichever ends first.
                session.outbox.wait_for_replay()
            else:
                session.release_held()
        return
    shown = roster.joined(name, nick)
    if shown is None:
        return
    session.emit(Joined(shown, nick, False, when))
    session.emit(MembersChanged(shown))


def on_part(session: Session, message: Message) -> None:
    if not message.params:
        return
    nick = Source.parse(message.source).nick
    reason = message.params[1] if len(message.params) > 1 else ""
    leave(session, message.params[0], nick, lambda name, me: Parted(name, nick, reason, me))


def on_kick(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    by = Source.parse(message.source).nick
    nick = message.params[1]
    reason = message.params[2] if len(message.params) > 2 else ""
    leave(session, message.params[0], nick, lambda name, me: Kicked(name, nick, by, reason, me))


def leave(session: Session, name: str, nick: str, make: Callable[[str, bool], Event]) -> None:
    is_self = session.is_me(nick)
    shown = session.roster.left(name, nick, is_self=is_self)
    if shown is None:
        return
    session.emit(make(shown, is_self))
    if not is_self:
        session.emit(MembersChanged(shown))


def on_quit(session: Session, message: Message) -> None:
    nick = Source.parse(message.source).nick
    if not nick or session.is_me(nick):
        return
    shared = session.roster.quit(nick)
    reason = message.params[0] if message.params else ""
    session.emit(UserQuit(nick, reason, tuple(shared), message_time(message)))
    for name in shared:
        session.emit(MembersChanged(name))


def on_nick(session: Session, message: Message) -> None:
    if not message.params:
        return
    old, new = Source.parse(message.source).nick, message.params[0]
    is_self = session.is_me(old)
    places = session.roster.rename(old, new, is_self=is_self)
    if is_self:
        session.registration.renamed(new)
    session.emit(NickChanged(old, new, is_self, tuple(places), message_time(message)))
    for name in places:
        if session.roster.has_channel(name):
            session.emit(MembersChanged(name))


def on_away(session: Session, message: Message) -> None:
    nick = Source.parse(message.source).nick
    text = message.params[0] if message.params and message.params[0] else None
    set_away(session, nick, text)


def set_away(session: Session, nick: str, text: str | None) -> bool:
    """Record ``nick``'s away state; emits events and returns True when it changed."""
    roster = session.roster
    was_away = roster.away_message(nick) is not None
    if not roster.set_away(nick, text):
        return False
    session.emit(AwayChanged(nick, text))
    if was_away != (text is not None):
        for name in roster.channels_with(nick):
            session.emit(MembersChanged(name))
    return True


def _room_replayed(session: Session, channel: str) -> None:
    """The room's history replay (or the point where it would have been) is over."""
    room = session.room
    if session.outbox.awaiting_replay and room and session.fold(channel) == session.fold(room):
        session.release_held()


def on_batch(session: Session, message: Message) -> None:
    """``BATCH +ref chathistory #chan`` … ``BATCH -ref``: the history replayed on JOIN; a
    ``draft/multiline`` batch is collected into one message (:mod:`app.client.convo`)."""
    if not message.params or len(message.params[0]) < 2:
        return
    ref = message.params[0]
    if ref[0] == "+" and session.multiline.open(message):
        return
    if ref[0] == "-" and (whole := session.multiline.close(ref[1:])) is not None:
        on_message(session, whole)
        return
    if ref[0] == "+":
        if len(message.params) >= 3 and message.params[1] == "chathistory":
            name = message.params[2]
            session.replay.open_batch(ref[1:], name)
            session.fetches.open_batch(ref[1:], session.fold(name), _shown_name(session, name))
    elif ref[0] == "-":
        channel = session.replay.close_batch(ref[1:])
        finished = session.fetches.close_batch(ref[1:])
        if finished is not None and finished.span is not None:
            if finished.span.answered(finished.lines, finished.received):
                session.continue_span(finished.conversation, finished.span)
            elif not session.continue_span(finished.conversation, finished.span):
                # the next step could not be sent (the connection is going): what it has
                session.emit(finished.span.event(finished.conversation))
        elif finished is not None and finished.may_skip:
            session.emit(ReplayMaySkip(finished.conversation))
        elif finished is not None and finished.kind is not Kind.JOIN:
            if finished.complete:
                session.fetches.mark_complete(session.fold(finished.conversation))
            session.emit(
                HistoryFetched(
                    finished.conversation, finished.lines, finished.complete, finished.around
                )
            )
        if channel is not None:
            _room_replayed(session, channel)


def _shown_name(session: Session, name: str) -> str:
    """The conversation a history batch for ``name`` belongs to, as the front end names it."""
    if session.server_info.is_channel(name):
        return session.roster.conversation_name(name)
    return session.roster.private_name(name) or name


def on_message(session: Session, message: Message) -> None:
    if len(message.params) < 2 or session.multiline.add(message):
        return
    target, text = message.params[0], message.params[1]
    source = Source.parse(message.source)
    sender = source.nick
    when = message_time(message)
    batch = message.tags.get("batch")
    is_history = session.replay.in_history(batch)
    if is_history:
        session.fetches.counted(batch)
    msgid = message.tags.get("msgid")
    if msgid and not session.replay.first_sight(msgid) and is_history:
        return  # replayed after a reconnect, and already on screen
    if is_history:
        session.fetches.fresh(batch)
    if (
        not sender
        or (not source.user and "." in sender)
        or session.fold(sender) == session.fold(session.registration.server_name)
    ):
        said = server_notice_line(text)
        if said is not None:
            session.emit(Info(said.english(), time=when, sentence=said))
        else:
            session.emit(Info(text, time=when))
        return
    kind = MessageKind.NOTICE if message.command == "NOTICE" else MessageKind.TEXT
    is_self = session.is_me(sender)
    request = parse_ctcp(text)
    if request is not None:
        command, argument = request
        if command != "ACTION":
            if not is_self and not is_history:
                on_ctcp(session, sender, request, message.command)
            return
        kind, text = MessageKind.ACTION, argument
    if len(target) > 1 and target[0] in session.server_info.statusmsg:
        target = target[1:] if session.server_info.is_channel(target[1:]) else target
    if session.server_info.is_channel(target):
        conversation, is_private = session.roster.conversation_name(target), False
    else:
        is_private = True
        conversation = session.open_private(target if is_self else sender)
    highlight = not is_self and not is_history and session.mentions(text)
    line = MessageReceived(
        conversation,
        sender,
        text,
        kind,
        is_private,
        is_self,
        highlight,
        when,
        is_history,
        msgid or None,
        convo.reply_of(message.tags),
    )
    if batch is not None and session.fetches.collects(batch):
        session.fetches.collect(batch, line)  # shown above, when the batch is over
    else:
        session.emit(line)


def on_ctcp(session: Session, sender: str, request: tuple[str, str], via: str) -> None:
    """Answer a CTCP request politely (by NOTICE, never to a NOTICE) or show a reply."""
    command, argument = request
    if via == "NOTICE":
        if argument.strip():
            session.emit(Info.say("info.ctcp_reply", nick=sender, command=command, answer=argument))
        else:
            session.emit(Info.say("info.ctcp_reply_plain", nick=sender, command=command))
        return
    replies = {
        "VERSION": f"Gofto {__version__}",
        "PING": argument,
        "TIME": datetime.now(UTC).strftime("%a %b %d %H:%M:%S %Y UTC"),
        "CLIENTINFO": "ACTION CLIENTINFO PING TIME VERSION",
    }
    if command in replies:
        session.send("NOTICE", sender, ctcp(command, replies[command]))


def on_topic_command(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    setter = Source.parse(message.source).nick
    set_topic(session, message.params[0], message.params[1], setter, message_time(message))


def set_topic(session: Session, name: str, topic: str, setter: str | None, when: datetime) -> None:
    shown = session.roster.set_topic(name, topic)
    if shown is None:
        if topic:
            session.emit(Info.say("info.topic_of", room=name, topic=topic))
        else:
            session.emit(Info.say("info.no_topic", room=name))
        return
    session.emit(TopicChanged(shown, topic, setter, when))


def on_mode(session: Session, message: Message) -> None:
    params = message.params
    info = session.server_info
    if len(params) < 2 or not info.is_channel(params[0]):
        return
    roster, name = session.roster, params[0]
    if not roster.has_channel(name):
        return
    arguments = list(params[2:])
    always, with_arg, set_only, _flags = info.chanmodes
    adding, changed = True, False
    for mode in params[1]:
        if mode in "+-":
            adding = mode == "+"
        elif mode in info.prefix_modes:
            if not arguments:
                break
            symbol = info.prefix_symbols[info.prefix_modes.index(mode)]
            if roster.set_prefix(name, arguments.pop(0), symbol, on=adding):
                changed = True
        elif arguments and (mode in always or mode in with_arg or (adding and mode in set_only)):
            arguments.pop(0)
    if changed:
        session.emit(MembersChanged(roster.channel_name(name) or name))
    by = Source.parse(message.source).nick if message.source else ""
    session.emit(
        ModeChanged(
            roster.channel_name(name) or name,
            by,
            params[1],
            tuple(params[2:]),
            message_time(message),
        )
    )


def on_invite(session: Session, message: Message) -> None:
    if len(message.params) >= 2:
        by = Source.parse(message.source).nick
        channel = message.params[1]
        session.emit(Info.say("info.invited", nick=by, room=channel))


def on_numeric(session: Session, message: Message) -> None:
    code, params = message.command, message.params[1:]
    if session.lookups.take(code, params):
        return  # a LIST or WHOIS the window asked for quietly: it gets one event instead
    if code in _SILENT or (code in _CONNECT_NOISE and not session.registered):
        return
    if code.startswith(("4", "5")):
        on_error_numeric(session, code, params)
        return
    line = (
        whois_line(code, params)
        or list_line(code, params)
        or status_line(code, params)
        or motd_line(code, params)
    )
    if line is not None:
        if code == n.RPL_ENDOFWHOIS and params:
            session.pending.whois_done(session.fold(params[0]))
        session.emit(Info.say(line.code, **line.params))
        return
    text = params[-1] if code in _TRAILING_ONLY and params else " ".join(params)
    if text:
        session.emit(Info(text))


def on_error_numeric(session: Session, code: str, params: tuple[str, ...]) -> None:
    if code == n.ERR_UNKNOWNCOMMAND and params:
        command = params[0].upper()
        if command == "CAP":
            session.caps.stop()
            return
        pending = session.pending
        if command == "WHO" and pending.awaiting_who() and not pending.who_done():
            return  # our silent WHO after a join: nothing the user asked for
    conversation = None
    if code in CHANNEL_ERRORS and params:
        conversation = session.roster.channel_name(params[0])
    elif code == n.ERR_NOSUCHNICK and params:
        conversation = session.roster.private_name(params[0])
    session.emit(ErrorMessage.of(error_sentence(code, params), conversation, numeric=code))
    room = session.room
    if (
        code in JOIN_ERRORS
        and session.outbox.awaiting_room
        and params
        and room
        and session.fold(params[0]) == session.fold(room)
    ):
        session.release_held()


def on_names(session: Session, message: Message) -> None:
    if len(message.params) < 3:
        return
    name, entries = message.params[-2], message.params[-1].split()
    if not session.roster.add_names(name, entries):
        session.emit(Info.say("info.names", room=name, names=" ".join(entries)))


def on_end_of_names(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    roster = session.roster
    shown = roster.end_names(message.params[1], session.nick)
    if shown is None:
        return
    session.emit(MembersChanged(shown))
    if roster.take_who_request(shown):
        # Away states are not in NAMES; one WHO per join learns them (away-notify or not).
        session.request_who(shown, shown=False)


def on_topic_reply(session: Session, message: Message) -> None:
    params = message.params
    if message.command == n.RPL_NOTOPIC and len(params) >= 2:
        set_topic(session, params[1], "", None, message_time(message))
    elif len(params) >= 3:
        set_topic(session, params[1], params[2], None, message_time(message))


def on_who_reply(session: Session, message: Message) -> None:
    params = message.params[1:]
    if len(params) >= 6:
        nick, flags = params[4], params[5]
        session.roster.remember_host(nick, params[2])
        if session.roster.set_operator(nick, "*" in flags):
            for name in session.roster.channels_with(nick):
                session.emit(MembersChanged(name))
        if "G" in flags:
            set_away(session, nick, session.roster.away_message(nick) or "")
        elif "H" in flags:
            set_away(session, nick, None)
    if session.pending.who_shown():
        line = who_line(params)
        session.emit(Info.say(line.code, **line.params))


def on_end_of_who(session: Session, message: Message) -> None:
    if len(message.params) > 2:
        _room_replayed(session, message.params[1])  # no replay came: there was no history
        # The join's LATEST went out before this WHO, and a host answers in order: if its
        # batch has not opened by now, none is coming (a later batch is not its answer).
        session.fetches.join_unanswered(session.fold(message.params[1]))
    shown = session.pending.who_done()
    if shown:
        mask = message.params[1] if len(message.params) > 2 else ""
        if mask.strip():
            session.emit(Info.say("who.end", mask=mask))
        else:
            session.emit(Info.say("who.end_plain"))


def on_away_reply(session: Session, message: Message) -> None:
    params = message.params[1:]
    if len(params) < 2:
        return
    nick, text = params[0], params[1]
    changed = set_away(session, nick, text)
    if session.lookups.take(message.command, params):
        return  # part of a card asked for quietly
    if changed or session.pending.whois_pending(session.fold(nick)):
        private = session.roster.private_name(nick)
        session.emit(Info.say("info.away_reply", private, nick=nick, message=text))


def on_own_away(session: Session, message: Message) -> None:
    if message.command == n.RPL_NOWAWAY:
        set_away(session, session.nick, session.roster.away_message(session.nick) or "away")
        session.emit(Info.say("info.now_away"))
    else:
        set_away(session, session.nick, None)
        session.emit(Info.say("info.back"))


def on_filehost(session: Session, message: Message) -> None:
    """``FILEHOST TOKEN <token>`` (IRCv3 draft/FILEHOST): the token asked for by /send."""
    if len(message.params) >= 2 and message.params[0].upper() == "TOKEN":
        session.emit(FileTokenReceived(message.params[1]))


def on_fail(session: Session, message: Message) -> None:
    """``FAIL <command> <code> [context…] :<text>``: FILEHOST's and CHATHISTORY's are acted on
    here (a refused history request is no longer waited for), REDACT's and BATCH's in
    :mod:`app.client.convo`."""
    command = message.params[0].upper() if message.params else ""
    if command == "FILEHOST":
        session.emit(FileTokenFailed(message.params[-1] if len(message.params) > 2 else ""))
    elif command == "CHATHISTORY":
        if len(message.params) >= 5:
            # FAIL CHATHISTORY <code> <subcommand> <target> … :text
            span = session.fetches.failed(session.fold(message.params[3]))
            if span is not None and span.result is None:
                span.failed()  # over, or on with another request: continue_span sees which
                session.continue_span(_shown_name(session, message.params[3]), span)
    else:
        convo.on_fail(session, message)


def on_markread(session: Session, message: Message) -> None:
    """``MARKREAD <target> timestamp=…|*``: how far a conversation was read (read-marker)."""
    if len(message.params) < 2:
        return
    target, value = message.params[0], message.params[1]
    when: datetime | None = None
    kind, _, text = value.partition("=")
    if kind == "timestamp":
        try:
            when = datetime.fromtimestamp(parse_time(text), UTC)
        except BadReference:
            return
    elif value != "*":
        return
    if when is not None:
        session.fetches.set_marker(session.fold(target), when)
    session.emit(ReadMarkerChanged(_shown_name(session, target), when))


HANDLERS: dict[str, Callable[[Session, Message], None]] = {
    "PING": on_ping,
    "CAP": on_cap,
    "ERROR": on_error,
    "JOIN": on_join,
    "PART": on_part,
    "KICK": on_kick,
    "QUIT": on_quit,
    "NICK": on_nick,
    "AWAY": on_away,
    "PRIVMSG": on_message,
    "NOTICE": on_message,
    "TOPIC": on_topic_command,
    "MODE": on_mode,
    "INVITE": on_invite,
    "BATCH": on_batch,
    "TAGMSG": convo.on_tagmsg,
    "REDACT": convo.on_redact,
    "FILEHOST": on_filehost,
    "FAIL": on_fail,
    "MARKREAD": on_markread,
    n.RPL_WELCOME: on_welcome,
    n.RPL_ISUPPORT: on_isupport,
    n.RPL_ENDOFMOTD: on_end_of_motd,
    n.ERR_NOMOTD: on_end_of_motd,
    n.ERR_ERRONEUSNICKNAME: on_nick_error,
    n.ERR_NICKNAMEINUSE: on_nick_error,
    "436": on_nick_error,
    n.ERR_PASSWDMISMATCH: on_password_mismatch,
    n.RPL_NAMREPLY: on_names,
    n.RPL_ENDOFNAMES: on_end_of_names,
    n.RPL_TOPIC: on_topic_reply,
    n.RPL_NOTOPIC: on_topic_reply,
    n.RPL_WHOREPLY: on_who_reply,
    n.RPL_ENDOFWHO: on_end_of_who,
    n.RPL_AWAY: on_away_reply,
    n.RPL_NOWAWAY: on_own_away,
    n.RPL_UNAWAY: on_own_away,
}
