"""Slash commands: what ``/msg``, ``/me``, ``/join`` … typed in an input box do.

Each command is one row of :data:`COMMANDS` (usage, description, handler), so ``/help``, the
front ends' tooltips and the dispatcher read the same table. A wrong usage answers with the
usage sentence instead of sending something half-formed to the server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.client.events import ErrorMessage, Info, MessageKind, PrivateRequested, QuitRequested
from app.client.state import Channel
from app.irc.names import nick_problem, valid_channel

if TYPE_CHECKING:
    from app.client.session import Session

Handler = Callable[["Session", str | None, str], None]

_COMMAND_RE = re.compile(r"/(\S*)\s?(.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    """One slash command: how to write it, what it does, and the function that does it."""

    usage: str
    description: str
    handler: Handler


def run(session: Session, conversation: str | None, text: str) -> None:
    """Execute ``text`` (which starts with ``/``) typed in ``conversation``."""
    match = _COMMAND_RE.match(text)
    name = match.group(1).lower() if match else ""
    args = match.group(2) if match else ""
    command = COMMANDS.get(name)
    if command is None:
        shown = f"/{name}" if name else "/"
        session._emit(ErrorMessage(f"Unknown command {shown}; type /help for the list."))
        return
    if command.handler not in (_msg, _me, _query):
        args = args.replace("\r", " ").replace("\n", " ")
    command.handler(session, conversation or None, args)


def help_rows() -> list[tuple[str, str]]:
    """``(usage, description)`` for every command, in the order /help lists them."""
    return [(c.usage, c.description) for c in COMMANDS.values()]


def _usage(session: Session, name: str) -> None:
    command = COMMANDS[name]
    session._emit(ErrorMessage(f"Usage: {command.usage} — {command.description}."))


def _connected(session: Session) -> bool:
    """Whether the server can take a command now; says so when it cannot."""
    if session._welcomed:
        return True
    session._emit(ErrorMessage("You are not connected right now; try again once reconnected."))
    return False


def _channel_of(session: Session, conversation: str | None) -> str | None:
    if conversation and session.server_info.is_channel(conversation):
        return conversation
    return None


def _msg(session: Session, conversation: str | None, args: str) -> None:
    target, _, text = args.partition(" ")
    if not target or not text.strip():
        _usage(session, "msg")
        return
    session._say(target, text, MessageKind.TEXT)


def _query(session: Session, conversation: str | None, args: str) -> None:
    nick, _, text = args.strip().partition(" ")
    if not nick:
        _usage(session, "query")
        return
    if session.server_info.is_channel(nick):
        session._emit(ErrorMessage(f"{nick} is a room, not a person: /join {nick} to talk there."))
        return
    if session.server_info.fold(nick) == session.server_info.fold(session.nick):
        session._emit(ErrorMessage("That is you: a private conversation needs someone else."))
        return
    name = session.open_private(nick)
    session._emit(PrivateRequested(name))
    if text.strip():
        session._say(name, text, MessageKind.TEXT)


def _me(session: Session, conversation: str | None, args: str) -> None:
    if not args.strip():
        _usage(session, "me")
        return
    if not conversation:
        session._emit(ErrorMessage("Open a room or a private conversation to use /me in."))
        return
    session._say(conversation, args, MessageKind.ACTION)


def _nick(session: Session, conversation: str | None, args: str) -> None:
    new = args.strip()
    if not new or " " in new:
        _usage(session, "nick")
        return
    problem = nick_problem(new, session.server_info.nicklen)
    if problem is not None:
        session._emit(ErrorMessage(problem, code="432"))
        return
    if not session._connected:
        session._set_wanted_nick(new)
        session._emit(Info(f"You will be “{new}” once connected."))
        return
    session._send("NICK", new)


def _join(session: Session, conversation: str | None, args: str) -> None:
    parts = args.split()
    if not parts or len(parts) > 2:
        _usage(session, "join")
        return
    info = session.server_info
    name = parts[0] if info.is_channel(parts[0]) else "#" + parts[0]
    if not valid_channel(name, info.chantypes):
        session._emit(ErrorMessage(f"“{name}” is not a valid channel name."))
        return
    if not session._welcomed:
        # Remembered like the channels we were in: joined on (re)registration.
        session._channels.setdefault(session._fold(name), Channel(name))
        session._emit(Info(f"You will join {name} once connected."))
        return
    session._send("JOIN", name, *parts[1:])


def _part(session: Session, conversation: str | None, args: str) -> None:
    first, _, rest = args.strip().partition(" ")
    if first and session.server_info.is_channel(first):
        channel, reason = first, rest.strip()
    else:
        channel, reason = _channel_of(session, conversation), args.strip()
    if channel is None:
        _usage(session, "part")
        return
    if _connected(session):
        session._send("PART", channel, *([reason] if reason else []))


def _topic(session: Session, conversation: str | None, args: str) -> None:
    first, _, rest = args.partition(" ")
    channel = _channel_of(session, conversation)
    if session._fold(first) in session._channels:
        channel, args = first, rest
    if channel is None:
        _usage(session, "topic")
        return
    text = args.strip()
    if not text:
        current = session.topic(channel)
        sentence = f"The topic of {channel} is: {current}" if current else f"{channel} has no topic"
        sentence = sentence if current else sentence + "."
        session._emit(Info(sentence, channel))
        return
    if _connected(session):
        session._send("TOPIC", channel, text)


def _away(session: Session, conversation: str | None, args: str) -> None:
    text = args.strip()
    if _connected(session):
        session._send("AWAY", *([text] if text else []))


def _who(session: Session, conversation: str | None, args: str) -> None:
    mask = args.strip() or conversation
    if not mask or " " in mask:
        _usage(session, "who")
        return
    if _connected(session):
        session._request_who(mask, shown=True)


def _whois(session: Session, conversation: str | None, args: str) -> None:
    nick = args.strip()
    if not nick or " " in nick:
        _usage(session, "whois")
        return
    if _connected(session):
        session._request_whois(nick)


def _room_and_rest(session: Session, conversation: str | None, args: str) -> tuple[str | None, str]:
    """``#room rest`` → (``#room``, rest); otherwise this conversation's room and all of args."""
    first, _, rest = args.strip().partition(" ")
    if first and session.server_info.is_channel(first):
        return first, rest.strip()
    return _channel_of(session, conversation), args.strip()


def ban_mask(session: Session, who: str) -> str:
    """The ban mask for ``who``: a mask as typed, or a nick's address when we saw it.

    Banning the address (``*!*@host``) keeps someone out after a nick change; only when the
    server never showed us their host do we fall back to the nick (``nick!*@*``).
    """
    if any(ch in who for ch in "!@*?"):
        return who
    host = session.host_of(who)
    return f"*!*@{host}" if host else f"{who}!*@*"


def _kick(session: Session, conversation: str | None, args: str) -> None:
    channel, rest = _room_and_rest(session, conversation, args)
    nick, _, reason = rest.partition(" ")
    if channel is None or not nick:
        _usage(session, "kick")
        return
    if _connected(session):
        session._send("KICK", channel, nick, *([reason.strip()] if reason.strip() else []))


def _ban_command(name: str, sign: str) -> Handler:
    def handler(session: Session, conversation: str | None, args: str) -> None:
        channel, rest = _room_and_rest(session, conversation, args)
        if channel is None or not rest or " " in rest:
            _usage(session, name)
            return
        if _connected(session):
            session._send("MODE", channel, f"{sign}b", ban_mask(session, rest))

    return handler


def _password(session: Session, conversation: str | None, args: str) -> None:
    new = args.strip()
    if not new or " " in new:
        _usage(session, "password")
        return
    if _connected(session):
        session._send("PASSWORD", new)


def _release(session: Session, conversation: str | None, args: str) -> None:
    nick = args.strip()
    if not nick or " " in nick:
        _usage(session, "release")
        return
    if _connected(session):
        session._send("RELEASE", nick)


def _quit(session: Session, conversation: str | None, args: str) -> None:
    message = args.strip() or "Leaving"
    session.quit(message)
    session._emit(QuitRequested(message))


def _help(session: Session, conversation: str | None, args: str) -> None:
    session._emit(Info("Commands (start a message with // to send a literal /):", conversation))
    for usage, description in help_rows():
        session._emit(Info(f"{usage} — {description}", conversation))


def _raw(session: Session, conversation: str | None, args: str) -> None:
    if not args.strip():
        _usage(session, "raw")
        return
    if _connected(session):
        session._send_raw(args.strip())


COMMANDS: dict[str, Command] = {
    "msg": Command("/msg NICK TEXT", "send a private message", _msg),
    "query": Command(
        "/query NICK [TEXT]", "open a private conversation with someone (and say TEXT)", _query
    ),
    "me": Command("/me TEXT", "describe what you do, like “* Ali waves”", _me),
    "nick": Command("/nick NEWNICK", "change your nickname", _nick),
    "join": Command("/join #ROOM [KEY]", "join or create a room", _join),
    "part": Command("/part [#ROOM] [REASON]", "leave a room (this one by default)", _part),
    "topic": Command("/topic [TEXT]", "show or set the room's topic", _topic),
    "away": Command("/away [MESSAGE]", "mark yourself away; without a message, back", _away),
    "who": Command("/who [MASK]", "list who is in a room or matches a mask", _who),
    "whois": Command("/whois NICK", "show what the server knows about someone", _whois),
    "kick": Command(
        "/kick NICK [REASON]", "put someone out of this room (room operators only)", _kick
    ),
    "ban": Command(
        "/ban NICK|MASK",
        "keep someone's address out of this room; /kick them too (room operators only)",
        _ban_command("ban", "+"),
    ),
    "unban": Command(
        "/unban NICK|MASK", "let a banned address into this room again", _ban_command("unban", "-")
    ),
    "password": Command(
        "/password NEW", "change the room password newcomers must type (the host only)", _password
    ),
    "release": Command(
        "/release NICK",
        "free a nickname from the person who owns it on this host (the host only)",
        _release,
    ),
    "quit": Command("/quit [MESSAGE]", "leave the chat", _quit),
    "help": Command("/help", "list these commands", _help),
    "raw": Command("/raw LINE", "send a raw IRC line (for experts)", _raw),
}
