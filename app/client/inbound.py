"""What the session does with each line the server sends: one handler per command.

:data:`HANDLERS` maps a command or numeric to a function ``handler(session, message)``;
numerics without their own handler go to :func:`on_numeric`. Handlers update the session's
state (:mod:`app.client.state`) and emit :mod:`app.client.events`; they never raise on odd
input on purpose, and :meth:`Session.feed` logs anything unexpected instead of crashing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app import __version__
from app.client.ctcp import ctcp, parse_ctcp
from app.client.events import (
    AwayChanged,
    ErrorMessage,
    Event,
    Info,
    Joined,
    Kicked,
    MembersChanged,
    MessageKind,
    MessageReceived,
    NickChanged,
    Parted,
    RegistrationFailed,
    TopicChanged,
    UserQuit,
)
from app.client.replies import CHANNEL_ERRORS, JOIN_ERRORS, error_sentence, who_line, whois_line
from app.client.state import Channel, ChannelMember
from app.errors import InvalidNick, NickInUse, NickOwned, TooManyTries, WrongPassword
from app.irc import Message, Source
from app.irc import numerics as n
from app.irc.caps import CHATHISTORY_CAP, LATEST_ON_JOIN

if TYPE_CHECKING:
    from app.client.session import Session

log = logging.getLogger(__name__)

#: The IRCv3 capabilities we ask for when a server offers them (``batch`` and
#: ``draft/chathistory``: a room's latest lines, asked for when we join it).
WANTED_CAPS = frozenset(
    {
        "server-time",
        "message-tags",
        "echo-message",
        "multi-prefix",
        "away-notify",
        "batch",
        CHATHISTORY_CAP,
    }
)
#: How many alternative nicks registration tries after ``433`` before giving up.
MAX_NICK_ATTEMPTS = 9
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
    session._send("PONG", *(message.params or ("",))[:1])


def on_cap(session: Session, message: Message) -> None:
    params = message.params
    if len(params) < 2:
        return
    sub = params[1].upper()
    names = params[-1].split() if len(params) >= 3 else []
    if sub == "LS":
        session._caps_offered.update(name.split("=", 1)[0] for name in names)
        if len(params) >= 4 and params[2] == "*":
            return  # more LS lines follow
        if session._cap_negotiating:
            wanted = sorted((WANTED_CAPS & session._caps_offered) - session._caps)
            if wanted:
                session._send("CAP", "REQ", " ".join(wanted))
            else:
                end_cap(session)
    elif sub == "ACK":
        for name in names:
            if name.startswith("-"):
                session._caps.discard(name[1:])
            else:
                session._caps.add(name.split("=", 1)[0])
        if session._cap_negotiating:
            end_cap(session)
    elif sub == "NAK":
        if session._cap_negotiating:
            end_cap(session)
    elif sub == "NEW":
        session._caps_offered.update(name.split("=", 1)[0] for name in names)
        wanted = sorted((WANTED_CAPS & session._caps_offered) - session._caps)
        if wanted:
            session._send("CAP", "REQ", " ".join(wanted))
    elif sub == "DEL":
        for name in names:
            session._caps_offered.discard(name)
            session._caps.discard(name)


def end_cap(session: Session) -> None:
    session._cap_negotiating = False
    session._send("CAP", "END")


def on_welcome(session: Session, message: Message) -> None:
    session._welcomed = True
    session._cap_negotiating = False
    if message.params:
        session._nick = message.params[0]
    session._server_name = Source.parse(message.source).nick or session._server_name


def on_isupport(session: Session, message: Message) -> None:
    tokens = list(message.params[1:-1]) if len(message.params) > 2 else []
    if session._info.update(tokens):
        rekey(session)


def rekey(session: Session) -> None:
    """The case mapping changed: recompute every folded key."""
    fold = session._fold
    session._channels = {fold(c.name): c for c in session._channels.values()}
    for channel in session._channels.values():
        channel.members = {fold(m.nick): m for m in channel.members.values()}
    session._privates = {fold(nick): nick for nick in session._privates.values()}


def on_end_of_motd(session: Session, message: Message) -> None:
    session._finish_registration()


def on_nick_error(session: Session, message: Message) -> None:
    bad = message.params[1] if len(message.params) >= 3 else session._nick
    if message.command == n.ERR_ERRONEUSNICKNAME:
        if session._welcomed:
            session._emit(ErrorMessage(str(InvalidNick(bad)), code=message.command))
        else:
            fail(session, InvalidNick(bad))
        return
    owned = message.params[-1] == n.NICK_OWNED_TEXT  # another person's name on this host
    if session._welcomed:
        error = NickOwned(bad) if owned else NickInUse(bad)
        session._emit(ErrorMessage(str(error), code=message.command))
        return
    if session._fatal:
        return  # already gave up; the front end is closing the connection
    session._nick_attempt += 1
    if not session.nick_fallback or session._nick_attempt > MAX_NICK_ATTEMPTS:
        wanted = session._wanted_nick
        fail(session, NickOwned(wanted) if owned and bad == wanted else NickInUse(wanted))
        return
    suffix = "_" if session._nick_attempt == 1 else str(session._nick_attempt)
    base = session._wanted_nick[: max(1, session._info.nicklen - len(suffix))]
    session._nick = base + suffix
    session._emit(Info(f"The nickname “{bad}” is taken; trying “{session._nick}” instead."))
    session._send("NICK", session._nick)


def on_password_mismatch(session: Session, message: Message) -> None:
    text = message.params[-1] if len(message.params) >= 2 else ""
    # A throttled try is refused unchecked; the server says so in the text (Gofto's server:
    # "Too many wrong passwords from your address…"), and the advice differs: wait.
    error = TooManyTries() if "too many" in text.casefold() else WrongPassword()
    if session._welcomed:
        # After the welcome only OPER checks a password (the host's secret, or /raw OPER):
        # worth a sentence, not a reason to end the session.
        shown = (
            str(error)
            if isinstance(error, TooManyTries)
            else error_sentence(message.command, message.params[1:])
        )
        session._emit(ErrorMessage(shown, code=message.command))
        return
    fail(session, error)


def fail(session: Session, error: Exception) -> None:
    session._fatal = True
    session._emit(RegistrationFailed(error))


def on_error(session: Session, message: Message) -> None:
    text = message.params[-1] if message.params else "no reason given"
    if session._quitting:
        session._emit(Info(f"Disconnected: {text}"))
    else:
        session._emit(ErrorMessage(f"The server closed the connection: {text}", code="ERROR"))


def on_join(session: Session, message: Message) -> None:
    if not message.params:
        return
    name, source = message.params[0], Source.parse(message.source)
    nick = source.nick
    session._remember_host(nick, source.host or "")
    key, when = session._fold(name), message_time(message)
    if session._is_me(nick):
        channel = session._channels.setdefault(key, Channel(name))
        channel.name, channel.joined, channel.pending_names = name, True, None
        channel.needs_who = True
        channel.members.clear()
        channel.add(session._fold(nick), nick)
        session._emit(Joined(name, nick, True, when))
        session._emit(MembersChanged(name))
        if session._replay_enabled:  # the room's latest lines, in a chathistory batch
            session._send("CHATHISTORY", "LATEST", name, "*", str(LATEST_ON_JOIN))
        if session._awaiting_room and session._room and key == session._fold(session._room):
            if session._replay_enabled:
                # The history batch answers the request above, before the reply to the WHO
                # we send after the 366: the queue is flushed at whichever ends first.
                session._awaiting_replay = True
            else:
                session._flush_queue()
        return
    channel = session._channels.get(key)
    if channel is None:
        return
    channel.add(session._fold(nick), nick)
    session._emit(Joined(channel.name, nick, False, when))
    session._emit(MembersChanged(channel.name))


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
    key = session._fold(name)
    channel = session._channels.get(key)
    if channel is None:
        return
    if session._is_me(nick):
        del session._channels[key]
        session._emit(make(channel.name, True))
        return
    channel.remove(session._fold(nick))
    session._emit(make(channel.name, False))
    session._emit(MembersChanged(channel.name))


def on_quit(session: Session, message: Message) -> None:
    nick = Source.parse(message.source).nick
    if not nick or session._is_me(nick):
        return
    key = session._fold(nick)
    shared = [c.name for c in session._channels.values() if c.remove(key)]
    session._away.pop(key, None)
    reason = message.params[0] if message.params else ""
    session._emit(UserQuit(nick, reason, tuple(shared), message_time(message)))
    for name in shared:
        session._emit(MembersChanged(name))


def on_nick(session: Session, message: Message) -> None:
    if not message.params:
        return
    old, new = Source.parse(message.source).nick, message.params[0]
    old_key, new_key = session._fold(old), session._fold(new)
    is_self = session._is_me(old)
    places: list[str] = []
    for channel in session._channels.values():
        member = channel.members.pop(old_key, None)
        if member is not None:
            member.nick = new
            channel.members[new_key] = member
            places.append(channel.name)
    if old_key in session._away:
        session._away[new_key] = session._away.pop(old_key)
    if is_self:
        session._nick = session._wanted_nick = new
        places.extend(session._privates.values())
    elif old_key in session._privates:
        places.append(session._privates.pop(old_key))
        session._privates[new_key] = new
    session._emit(NickChanged(old, new, is_self, tuple(places), message_time(message)))
    for name in places:
        if session._fold(name) in session._channels:
            session._emit(MembersChanged(name))


def on_away(session: Session, message: Message) -> None:
    nick = Source.parse(message.source).nick
    text = message.params[0] if message.params and message.params[0] else None
    set_away(session, nick, text)


def set_away(session: Session, nick: str, text: str | None) -> bool:
    """Record ``nick``'s away state; emits events and returns True when it changed."""
    key = session._fold(nick)
    before = session._away.get(key)
    if text is None:
        if key not in session._away:
            return False
        del session._away[key]
    else:
        if before == text:
            return False
        session._away[key] = text
    session._emit(AwayChanged(nick, text))
    if (before is None) != (text is None):
        for channel in session._channels.values():
            if key in channel.members:
                session._emit(MembersChanged(channel.name))
    return True


def _room_replayed(session: Session, channel: str) -> None:
    """The room's history replay (or the point where it would have been) is over."""
    room = session._room
    if session._awaiting_replay and room and session._fold(channel) == session._fold(room):
        session._flush_queue()


def on_batch(session: Session, message: Message) -> None:
    """``BATCH +ref chathistory #chan`` … ``BATCH -ref``: the history replayed on JOIN."""
    if not message.params or len(message.params[0]) < 2:
        return
    ref = message.params[0]
    if ref[0] == "+":
        if len(message.params) >= 3 and message.params[1] == "chathistory":
            session._batches[ref[1:]] = message.params[2]
    elif ref[0] == "-":
        channel = session._batches.pop(ref[1:], None)
        if channel is not None:
            _room_replayed(session, channel)


def on_message(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    target, text = message.params[0], message.params[1]
    source = Source.parse(message.source)
    sender = source.nick
    when = message_time(message)
    batch = message.tags.get("batch")
    is_history = batch is not None and batch in session._batches
    msgid = message.tags.get("msgid")
    if msgid and not session._first_sight(msgid) and is_history:
        return  # replayed after a reconnect, and already on screen
    if (
        not sender
        or (not source.user and "." in sender)
        or session._fold(sender) == session._fold(session._server_name)
    ):
        session._emit(Info(text, time=when))
        return
    kind = MessageKind.NOTICE if message.command == "NOTICE" else MessageKind.TEXT
    is_self = session._is_me(sender)
    request = parse_ctcp(text)
    if request is not None:
        command, argument = request
        if command != "ACTION":
            if not is_self and not is_history:
                on_ctcp(session, sender, request, message.command)
            return
        kind, text = MessageKind.ACTION, argument
    if len(target) > 1 and target[0] in session._info.statusmsg:
        target = target[1:] if session._info.is_channel(target[1:]) else target
    if session._info.is_channel(target):
        conversation, is_private = session._conversation_name(target), False
    else:
        is_private = True
        conversation = session.open_private(target if is_self else sender)
    highlight = not is_self and not is_history and session._mentions(text)
    session._emit(
        MessageReceived(
            conversation, sender, text, kind, is_private, is_self, highlight, when, is_history
        )
    )


def on_ctcp(session: Session, sender: str, request: tuple[str, str], via: str) -> None:
    """Answer a CTCP request politely (by NOTICE, never to a NOTICE) or show a reply."""
    command, argument = request
    if via == "NOTICE":
        session._emit(Info(f"{sender} answered {command}: {argument}".rstrip(": ")))
        return
    replies = {
        "VERSION": f"Gofto {__version__}",
        "PING": argument,
        "TIME": datetime.now(UTC).strftime("%a %b %d %H:%M:%S %Y UTC"),
        "CLIENTINFO": "ACTION CLIENTINFO PING TIME VERSION",
    }
    if command in replies:
        session._send("NOTICE", sender, ctcp(command, replies[command]))


def on_topic_command(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    setter = Source.parse(message.source).nick
    set_topic(session, message.params[0], message.params[1], setter, message_time(message))


def set_topic(session: Session, name: str, topic: str, setter: str | None, when: datetime) -> None:
    channel = session._channels.get(session._fold(name))
    if channel is None:
        session._emit(Info(f"Topic of {name}: {topic}" if topic else f"{name} has no topic."))
        return
    channel.topic = topic
    session._emit(TopicChanged(channel.name, topic, setter, when))


def on_mode(session: Session, message: Message) -> None:
    params = message.params
    if len(params) < 2 or not session._info.is_channel(params[0]):
        return
    channel = session._channels.get(session._fold(params[0]))
    if channel is None:
        return
    arguments = list(params[2:])
    always, with_arg, set_only, _flags = session._info.chanmodes
    adding, changed = True, False
    for mode in params[1]:
        if mode in "+-":
            adding = mode == "+"
        elif mode in session._info.prefix_modes:
            if not arguments:
                break
            symbol = session._info.prefix_symbols[session._info.prefix_modes.index(mode)]
            member = channel.members.get(session._fold(arguments.pop(0)))
            if member is not None:
                current = member.prefixes.replace(symbol, "")
                member.prefixes = session._info.order_prefixes(
                    current + symbol if adding else current
                )
                changed = True
        elif arguments and (mode in always or mode in with_arg or (adding and mode in set_only)):
            arguments.pop(0)
    if changed:
        session._emit(MembersChanged(channel.name))


def on_invite(session: Session, message: Message) -> None:
    if len(message.params) >= 2:
        by = Source.parse(message.source).nick
        channel = message.params[1]
        session._emit(Info(f"{by} invites you to {channel}; type /join {channel} to go there."))


def on_numeric(session: Session, message: Message) -> None:
    code, params = message.command, message.params[1:]
    if code in _SILENT or (code in _CONNECT_NOISE and not session.registered):
        return
    if code.startswith(("4", "5")):
        on_error_numeric(session, code, params)
        return
    line = whois_line(code, params)
    if line is not None:
        if code == n.RPL_ENDOFWHOIS and params:
            session._whois_pending.discard(session._fold(params[0]))
        session._emit(Info(line))
        return
    text = params[-1] if code in _TRAILING_ONLY and params else " ".join(params)
    if text:
        session._emit(Info(text))


def on_error_numeric(session: Session, code: str, params: tuple[str, ...]) -> None:
    if code == n.ERR_UNKNOWNCOMMAND and params:
        command = params[0].upper()
        if command == "CAP":
            session._cap_negotiating = False
            return
        if command == "WHO" and session._who_requests and not session._who_requests.popleft():
            return  # our silent WHO after a join: nothing the user asked for
    conversation = None
    if code in CHANNEL_ERRORS and params:
        channel = session._channels.get(session._fold(params[0]))
        conversation = channel.name if channel else None
    elif code == n.ERR_NOSUCHNICK and params:
        conversation = session._privates.get(session._fold(params[0]))
    session._emit(ErrorMessage(error_sentence(code, params), conversation, code))
    if (
        code in JOIN_ERRORS
        and session._awaiting_room
        and params
        and session._room
        and session._fold(params[0]) == session._fold(session._room)
    ):
        session._flush_queue()


def on_names(session: Session, message: Message) -> None:
    if len(message.params) < 3:
        return
    name, entries = message.params[-2], message.params[-1].split()
    channel = session._channels.get(session._fold(name))
    if channel is None or not channel.joined:
        session._emit(Info(f"In {name}: {' '.join(entries)}"))
        return
    if channel.pending_names is None:
        channel.pending_names = {}
    for entry in entries:
        prefixes, nick = session._info.split_prefixes(entry)
        if nick:
            channel.pending_names.setdefault(session._fold(nick), ChannelMember(nick, prefixes))


def on_end_of_names(session: Session, message: Message) -> None:
    if len(message.params) < 2:
        return
    channel = session._channels.get(session._fold(message.params[1]))
    if channel is None or channel.pending_names is None:
        return
    channel.members, channel.pending_names = channel.pending_names, None
    me = session._fold(session._nick)
    if me not in channel.members and channel.joined:
        channel.add(me, session._nick)
    session._emit(MembersChanged(channel.name))
    if channel.needs_who:
        # Away states are not in NAMES; one WHO per join learns them (away-notify or not).
        channel.needs_who = False
        session._request_who(channel.name, shown=False)


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
        session._remember_host(nick, params[2])
        if "G" in flags:
            set_away(session, nick, session._away.get(session._fold(nick), ""))
        elif "H" in flags:
            set_away(session, nick, None)
    if session._who_requests and session._who_requests[0]:
        session._emit(Info(who_line(params)))


def on_end_of_who(session: Session, message: Message) -> None:
    if len(message.params) > 2:
        _room_replayed(session, message.params[1])  # no replay came: there was no history
    shown = session._who_requests.popleft() if session._who_requests else False
    if shown:
        mask = message.params[1] if len(message.params) > 2 else ""
        session._emit(Info(f"End of /who {mask}".rstrip()))


def on_away_reply(session: Session, message: Message) -> None:
    params = message.params[1:]
    if len(params) < 2:
        return
    nick, text = params[0], params[1]
    changed = set_away(session, nick, text)
    if changed or session._fold(nick) in session._whois_pending:
        session._emit(Info(f"{nick} is away: {text}", session._privates.get(session._fold(nick))))


def on_own_away(session: Session, message: Message) -> None:
    if message.command == n.RPL_NOWAWAY:
        set_away(session, session._nick, session._away.get(session._fold(session._nick)) or "away")
        session._emit(Info("You are marked as away."))
    else:
        set_away(session, session._nick, None)
        session._emit(Info("You are back."))


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
