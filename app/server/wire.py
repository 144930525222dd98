"""Encode outgoing messages the way clients are used to seeing them.

:meth:`app.irc.Message.encode` adds the ``:`` before the last parameter only when it is
needed. That is valid, but many clients and scripts expect free text (a message, a reason, a
names list) to always be a colon-marked trailing parameter, as every mainstream server sends
it. So the server marks the last parameter as trailing unless it is a plain token (a channel
in JOIN, a mode list, a timestamp).
"""

from __future__ import annotations

from app.irc import Message
from app.irc import numerics as n

#: Commands/numerics whose last parameter is a token, not free text.
_TOKEN_LAST = frozenset(
    {
        "JOIN",
        "MODE",
        "INVITE",
        "NICK",
        "BATCH",  # a reference tag, a type, a target (as the IRCv3 batch examples show)
        "TAGMSG",  # only a target
        n.RPL_MYINFO,
        n.RPL_UMODEIS,
        n.RPL_CHANNELMODEIS,
        n.RPL_CREATIONTIME,
        n.RPL_TOPICWHOTIME,
        n.RPL_INVITING,
        n.RPL_BANLIST,
    }
)


def encode(msg: Message) -> bytes:
    """``msg`` as wire bytes with CR LF; raises :class:`app.irc.FormatError` like ``encode``."""
    line = msg.format()
    if msg.params and msg.command not in _TOKEN_LAST:
        last = msg.params[-1]
        if last and " " not in last and not last.startswith(":"):
            # format() wrote it bare as the final word; mark it as trailing instead.
            line = line[: len(line) - len(last)] + ":" + last
    return (line + "\r\n").encode("utf-8")
