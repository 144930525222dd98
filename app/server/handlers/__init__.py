"""The command table: each IRC command maps to one handler function.

Handlers run inside a transaction (``with hub.transaction():``, the state lock held; see
:mod:`app.server.transaction`) and only queue output. Lines reach them through
:mod:`app.server.intake`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.server.handlers import (
    accounts,
    channels,
    chathistory,
    files,
    helpdesk,
    messaging,
    moderation,
    modes,
    monitor,
    multiline,
    queries,
    redaction,
    registration,
    setname,
)

if TYPE_CHECKING:
    from app.irc import Message
    from app.server.hub import Hub
    from app.server.state import Client

Handler = Callable[["Hub", "Client", "Message"], None]


@dataclass(frozen=True, slots=True)
class Command:
    """A handler and what must hold before it runs (``461``/``451`` otherwise)."""

    handler: Handler
    min_params: int = 0
    before_registration: bool = False


COMMANDS: dict[str, Command] = {
    "CAP": Command(registration.cap, 1, before_registration=True),
    "PASS": Command(registration.pass_, 1, before_registration=True),
    "NICK": Command(registration.nick, 0, before_registration=True),
    "USER": Command(registration.user, 4, before_registration=True),
    "PING": Command(registration.ping, 1, before_registration=True),
    "PONG": Command(registration.pong, 0, before_registration=True),
    "QUIT": Command(registration.quit_, 0, before_registration=True),
    "AUTHENTICATE": Command(accounts.authenticate, 1, before_registration=True),
    "REGISTER": Command(accounts.register, 0, before_registration=True),
    "RELEASE": Command(accounts.release, 1),
    "CHATHISTORY": Command(chathistory.chathistory, 0),
    "MARKREAD": Command(chathistory.markread, 0),
    "JOIN": Command(channels.join, 1),
    "PART": Command(channels.part, 1),
    "TOPIC": Command(channels.topic, 1),
    "NAMES": Command(channels.names, 0),
    "LIST": Command(channels.list_, 0),
    "KICK": Command(channels.kick, 2),
    "INVITE": Command(channels.invite, 2),
    # A line of an open draft/multiline batch is collected there; others go to messaging.
    "PRIVMSG": Command(multiline.privmsg, 0),
    "NOTICE": Command(multiline.notice, 0),
    "TAGMSG": Command(messaging.tagmsg, 0),
    "BATCH": Command(multiline.batch, 1),
    "REDACT": Command(redaction.redact, 0),
    "MODE": Command(modes.mode, 1),
    "OPER": Command(moderation.oper, 2),
    "PASSWORD": Command(moderation.password, 1),
    "KILL": Command(moderation.kill, 1),
    "WALLOPS": Command(moderation.wallops, 1),
    "SETNAME": Command(setname.setname, 1),
    "FILEHOST": Command(files.filehost, 1),
    "AWAY": Command(queries.away, 0),
    "WHO": Command(queries.who, 0),
    "WHOIS": Command(queries.whois, 0),
    "WHOWAS": Command(queries.whowas, 0),
    "MONITOR": Command(monitor.monitor, 1),
    "USERHOST": Command(queries.userhost, 1),
    "ISON": Command(queries.ison, 1),
    "LUSERS": Command(queries.lusers, 0),
    "MOTD": Command(queries.motd, 0),
    "VERSION": Command(queries.version, 0),
    "TIME": Command(queries.time_, 0),
    "INFO": Command(queries.info, 0),
    "LINKS": Command(queries.links, 0),
    "HELP": Command(helpdesk.help_, 0),
    "HELPOP": Command(helpdesk.help_, 0),
}
