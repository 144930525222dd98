"""Slash commands: what ``/msg``, ``/me``, ``/join`` … typed in an input box do.

Each command is one row of :data:`COMMANDS` (name and handler; its usage and description are
the catalogue's ``usage.NAME`` and ``help.NAME``), so ``/help``, the front ends' tooltips and
the dispatcher read the same table. A wrong usage answers with the usage sentence instead of
sending something half-formed to the server. Every sentence is an event with a catalogue code
(:meth:`Info.say`, :meth:`ErrorMessage.say`): each front end words it in its user's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.client.catalogue import ENGLISH, Sentence
from app.client.events import (
    ErrorMessage,
    HistoryRequested,
    Info,
    MessageKind,
    PrivateRequested,
    QuitRequested,
    SearchRequested,
    SendFileRequested,
)
from app.irc.names import nick_problem, valid_channel

if TYPE_CHECKING:
    from app.client.session import Session

Handler = Callable[["Session", str | None, str], None]

_COMMAND_RE = re.compile(r"/(\S*)\s?(.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    """One slash command: its name and the function that does it.

    How to write it and what it does are sentences of the catalogue (``usage.NAME``,
    ``help.NAME``), so /help reads in the user's language.
    """

    name: str
    handler: Handler
    #: Whether the command's text may span several lines (each sent as a message); the
    #: others get their line breaks turned into spaces.
    multiline: bool = False

    @property
    def usage(self) -> Sentence:
        """How to write the command (``/msg NICK TEXT``)."""
        return Sentence(f"usage.{self.name}")

    @property
    def description(self) -> Sentence:
        """What the command does."""
        return Sentence(f"help.{self.name}")


def run(session: Session, conversation: str | None, text: str) -> None:
    """Execute ``text`` (which starts with ``/``) typed in ``conversation``."""
    match = _COMMAND_RE.match(text)
    name = match.group(1).lower() if match else ""
    args = match.group(2) if match else ""
    command = COMMANDS.get(name)
    if command is None:
        session.emit(ErrorMessage.say("error.unknown_command", command=f"/{name}"))
        return
    if not command.multiline:
        args = args.replace("\r", " ").replace("\n", " ")
    command.handler(session, conversation or None, args)


def help_rows() -> list[tuple[str, str]]:
    """``(usage, description)`` in English for every command, in the order /help lists them."""
    return [(ENGLISH.say(c.usage), ENGLISH.say(c.description)) for c in COMMANDS.values()]


def _usage(session: Session, name: str) -> None:
    command = COMMANDS[name]
    session.emit(
        ErrorMessage.say("error.usage", usage=command.usage, description=command.description)
    )


def _connected(session: Session) -> bool:
    """Whether the server can take a command now; says so when it cannot."""
    if session.registration.welcomed:
        return True
    session.emit(ErrorMessage.say("error.not_connected"))
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
    session.say(target, text, MessageKind.TEXT)


def _query(session: Session, conversation: str | None, args: str) -> None:
    nick, _, text = args.strip().partition(" ")
    if not nick:
        _usage(session, "query")
        return
    if session.server_info.is_channel(nick):
        session.emit(ErrorMessage.say("error.query_room", room=nick))
        return
    if session.server_info.fold(nick) == session.server_info.fold(session.nick):
        session.emit(ErrorMessage.say("error.query_self"))
        return
    name = session.open_private(nick)
    session.emit(PrivateRequested(name))
    if text.strip():
        session.say(name, text, MessageKind.TEXT)


def _me(session: Session, conversation: str | None, args: str) -> None:
    if not args.strip():
        _usage(session, "me")
        return
    if not conversation:
        session.emit(ErrorMessage.say("error.me_nowhere"))
        return
    session.say(conversation, args, MessageKind.ACTION)


def _nick(session: Session, conversation: str | None, args: str) -> None:
    new = args.strip()
    if not new or " " in new:
        _usage(session, "nick")
        return
    problem = nick_problem(new, session.server_info.nicklen)
    if problem is not None:
        session.emit(ErrorMessage.of(problem, numeric="432"))
        return
    if not session.registration.connected:
        session.registration.want_nick(new)
        session.emit(Info.say("info.nick_later", nick=new))
        return
    session.send("NICK", new)


def _join(session: Session, conversation: str | None, args: str) -> None:
    parts = args.split()
    if not parts or len(parts) > 2:
        _usage(session, "join")
        return
    info = session.server_info
    name = parts[0] if info.is_channel(parts[0]) else "#" + parts[0]
    if not valid_channel(name, info.chantypes):
        session.emit(ErrorMessage.say("error.invalid_channel", room=name))
        return
    if not session.registration.welcomed:
        # Remembered like the channels we were in: joined on (re)registration.
        session.roster.remember_channel(name)
        session.emit(Info.say("info.join_later", room=name))
        return
    session.send("JOIN", name, *parts[1:])


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
        session.send("PART", channel, *([reason] if reason else []))


def _topic(session: Session, conversation: str | None, args: str) -> None:
    first, _, rest = args.partition(" ")
    channel = _channel_of(session, conversation)
    if session.roster.has_channel(first):
        channel, args = first, rest
    if channel is None:
        _usage(session, "topic")
        return
    text = args.strip()
    if not text:
        current = session.topic(channel)
        if current:
            session.emit(Info.say("info.topic_is", channel, room=channel, topic=current))
        else:
            session.emit(Info.say("info.no_topic", channel, room=channel))
        return
    if _connected(session):
        session.send("TOPIC", channel, text)


def _away(session: Session, conversation: str | None, args: str) -> None:
    text = args.strip()
    if _connected(session):
        session.send("AWAY", *([text] if text else []))


def _who(session: Session, conversation: str | None, args: str) -> None:
    mask = args.strip() or conversation
    if not mask or " " in mask:
        _usage(session, "who")
        return
    if _connected(session):
        session.request_who(mask, shown=True)


def _whois(session: Session, conversation: str | None, args: str) -> None:
    nick = args.strip()
    if not nick or " " in nick:
        _usage(session, "whois")
        return
    if _connected(session):
        session.request_whois(nick)


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
        session.send("KICK", channel, nick, *([reason.strip()] if reason.strip() else []))


def _ban_command(name: str, sign: str) -> Handler:
    def handler(session: Session, conversation: str | None, args: str) -> None:
        channel, rest = _room_and_rest(session, conversation, args)
        if channel is None or not rest or " " in rest:
            _usage(session, name)
            return
        if _connected(session):
            session.send("MODE", channel, f"{sign}b", ban_mask(session, rest))

    return handler


def _password(session: Session, conversation: str | None, args: str) -> None:
    new = args.strip()
    if not new or " " in new:
        _usage(session, "password")
        return
    if _connected(session):
        session.send("PASSWORD", new)


def _release(session: Session, conversation: str | None, args: str) -> None:
    nick = args.strip()
    if not nick or " " in nick:
        _usage(session, "release")
        return
    if _connected(session):
        session.send("RELEASE", nick)


def _quit(session: Session, conversation: str | None, args: str) -> None:
    message = args.strip() or "Leaving"
    session.quit(message)
    session.emit(QuitRequested(message))


def _send_file(session: Session, conversation: str | None, args: str) -> None:
    """/send PATH: the front end shares the file (app.client.files.FileSharing)."""
    path = args.strip()
    if not path:
        _usage(session, "send")
        return
    if not _connected(session):
        return
    if not session.filehost:
        session.emit(ErrorMessage.say("file.no_filehost"))
        return
    if not conversation:
        session.emit(ErrorMessage.say("error.write_nowhere"))
        return
    session.emit(SendFileRequested(conversation, path))


def _help(session: Session, conversation: str | None, args: str) -> None:
    session.emit(Info.say("help.heading", conversation))
    for command in COMMANDS.values():
        session.emit(
            Info.say("help.row", conversation, usage=command.usage, description=command.description)
        )


def _search(session: Session, conversation: str | None, args: str) -> None:
    query = args.strip()
    if not query:
        _usage(session, "search")
        return
    # The log belongs to the front end (it opened it for this host and nick): it searches.
    session.emit(SearchRequested(query, conversation))


def _more(session: Session, conversation: str | None, args: str) -> None:
    """/more [CONVERSATION]: the page before the oldest line shown (the presenter knows it)."""
    named = args.strip()
    if " " in named:
        _usage(session, "more")
        return
    if _connected(session):
        session.emit(HistoryRequested(named or conversation))


def _react(session: Session, conversation: str | None, args: str) -> None:
    reaction = args.strip()
    if not reaction or " " in reaction:
        _usage(session, "react")
        return
    msgid = session.recent.theirs(conversation) if conversation else None
    if msgid is None:
        session.emit(ErrorMessage.say("error.react_nothing", conversation))
    elif not session.react(conversation or "", msgid, reaction):
        session.emit(ErrorMessage.say("error.no_reactions", conversation))


def _delete(session: Session, conversation: str | None, args: str) -> None:
    msgid = session.recent.mine(conversation) if conversation else None
    if msgid is None:
        session.emit(ErrorMessage.say("error.delete_nothing", conversation))
        return
    session.redact(conversation or "", msgid, args.strip())


def _raw(session: Session, conversation: str | None, args: str) -> None:
    if not args.strip():
        _usage(session, "raw")
        return
    if _connected(session):
        session.outbox.send_raw(args.strip())


COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command("msg", _msg, multiline=True),
        Command("query", _query, multiline=True),
        Command("me", _me, multiline=True),
        Command("nick", _nick),
        Command("join", _join),
        Command("part", _part),
        Command("topic", _topic),
        Command("away", _away),
        Command("who", _who),
        Command("whois", _whois),
        Command("search", _search),
        Command("more", _more),
        Command("kick", _kick),
        Command("ban", _ban_command("ban", "+")),
        Command("unban", _ban_command("unban", "-")),
        Command("password", _password),
        Command("release", _release),
        Command("send", _send_file),
        Command("react", _react),
        Command("delete", _delete),
        Command("quit", _quit),
        Command("help", _help),
        Command("raw", _raw),
    )
}
