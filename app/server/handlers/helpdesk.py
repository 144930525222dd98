"""HELP and HELPOP: the server explains its commands (Modern IRC's 704/705/706 numerics).

The texts live in :mod:`app.server.help_texts`; this module only shapes them into replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.server.help_texts import HELP_TEXTS

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: Command names per line of the index.
_INDEX_COLUMNS = 8

#: The index: every command with help, several to a line, and how to read more.
INDEX: tuple[str, ...] = (
    "Commands this server understands:",
    *(
        " ".join(names[start : start + _INDEX_COLUMNS])
        for names in [sorted(HELP_TEXTS)]
        for start in range(0, len(names), _INDEX_COLUMNS)
    ),
    "HELP <command> says how to use one of them.",
)


def help_(hub: Hub, client: Client, msg: Message) -> None:
    """HELP [<subject>] (also HELPOP): 704, 705 lines, 706; or 524 for an unknown subject.

    Without a subject the index is sent, under the subject ``*`` as Modern IRC's example
    does; a command name is looked up case-insensitively and echoed in its usual spelling.
    """
    asked = msg.params[0] if msg.params else ""
    if not asked:
        _send(hub, client, "*", "Gofto help", INDEX)
        return
    subject = asked.upper()
    text = HELP_TEXTS.get(subject)
    if text is None:
        hub.reply(client, n.ERR_HELPNOTFOUND, asked)
        return
    usage, *explanation = text
    _send(hub, client, subject, usage, explanation)


def _send(
    hub: Hub, client: Client, subject: str, title: str, lines: tuple[str, ...] | list[str]
) -> None:
    server = hub.config.name
    hub.send(client, Message(n.RPL_HELPSTART, (client.name, subject, title), server))
    for line in lines:
        hub.send(client, Message(n.RPL_HELPTXT, (client.name, subject, line), server))
    hub.reply(client, n.RPL_ENDOFHELP, subject)
