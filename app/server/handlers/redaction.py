"""REDACT: deleting a message (IRCv3 ``draft/message-redaction``, a work-in-progress spec).

``REDACT <target> <msgid> [:<reason>]``. Who may delete what: the sender of the message
(the same ``nick!user@host`` that sent it); the host (a server operator, see
:mod:`app.server.handlers.moderation`) any message; a channel operator any message of their
channel (the moderation the spec has in mind). Messages are known by the ids in
:class:`~app.server.sent.SentIndex` (every recent channel, private and tag-only message) and,
after a restart, by the ids in a channel's history.

When allowed, the ``REDACT`` is relayed like the message was: to the channel's members (or
the private peer) that negotiated the capability, and back to the sender when they asked for
``echo-message``; nobody else is told (the spec lets a server send no fallback, and a line
"someone deleted a message" in a plain client would be noise). The line also leaves the
channel's history, so no replay shows it again.

Errors are the spec's ``FAIL REDACT`` codes. A message the asker could not have seen (another
room's, someone else's private one) is ``UNKNOWN_MSGID`` like one that never existed, so the
answer does not reveal that it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import fold, is_channel
from app.server.handlers.delivery import ECHO_MESSAGE
from app.server.handlers.moderation import is_host
from app.server.outgoing import Outgoing
from app.server.sent import SentMessage

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

#: The capability a client negotiates to send REDACT and be told of deletions.
REDACTION_CAP = "draft/message-redaction"
#: Longest reason relayed (it travels as the last parameter of a 512-byte line).
MAX_REASON = 300


def redact(hub: Hub, client: Client, msg: Message) -> None:
    """REDACT <target> <msgid> [:<reason>]."""
    if REDACTION_CAP not in client.caps:
        hub.reply(client, n.ERR_UNKNOWNCOMMAND, "REDACT")  # the spec: only with the capability
        return
    if len(msg.params) < 2 or not msg.params[0] or not msg.params[1]:
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "REDACT")
        return
    target, msgid = _word(msg.params[0]), _word(msg.params[1])
    reason = msg.params[2][:MAX_REASON] if len(msg.params) > 2 else ""

    def fail(code: str, *params: str) -> None:
        hub.send(client, Message("FAIL", ("REDACT", code, *params), hub.config.name))

    if is_channel(target):
        channel = hub.find_channel(target)
        if channel is None or (client not in channel.members and not is_host(client)):
            fail("INVALID_TARGET", target, f"You cannot delete messages from {target}")
            return
        sent = _in_channel(hub, channel, msgid)
        if sent is None:
            fail("UNKNOWN_MSGID", target, msgid, "This message does not exist or is too old")
            return
        if not (_may_delete(client, sent) or channel.is_op(client)):
            fail("REDACT_FORBIDDEN", target, msgid, _FORBIDDEN)
            return
        hub.history.forget(channel, msgid)
        hub.sent.forget(msgid)
        told = [m for m in channel.members if REDACTION_CAP in m.caps and _told(m, client)]
        _relay(hub, client, _params(channel.name, msgid, reason), told)
        hub.log(f"{client.nick} deleted a message in {channel.name}")
        return
    peer = hub.find_nick(target)
    if peer is None:
        fail("INVALID_TARGET", target, f"You cannot delete messages from {target}")
        return
    sent = hub.sent.find(msgid)
    pair = {fold(client.nick or ""), fold(peer.nick or "")}
    if sent is None or not isinstance(sent.where, tuple) or set(sent.where) != pair:
        fail("UNKNOWN_MSGID", target, msgid, "This message does not exist or is too old")
        return
    if not _may_delete(client, sent):
        fail("REDACT_FORBIDDEN", target, msgid, _FORBIDDEN)
        return
    hub.history.forget(None, msgid)  # kept when an account was in the conversation
    hub.sent.forget(msgid)
    told = [one for one in (peer, client) if REDACTION_CAP in one.caps and _told(one, client)]
    _relay(hub, client, _params(peer.nick or target, msgid, reason), list(dict.fromkeys(told)))
    hub.log(f"{client.nick} deleted a private message")


def _params(target: str, msgid: str, reason: str) -> tuple[str, ...]:
    return (target, msgid, reason) if reason else (target, msgid)


def _word(param: str) -> str:
    """``param`` if it can be sent back as a middle parameter, else ``*`` (a trailing
    ``:a b`` given as a target or an id names nothing and must not break the FAIL line)."""
    return "*" if not param or " " in param or param.startswith(":") else param


_FORBIDDEN = "You are not authorised to delete this message"


def _in_channel(hub: Hub, channel: Channel, msgid: str) -> SentMessage | None:
    """The channel message with this id: from the index, or from the channel's history (a
    line read back from disk after a restart is in no index)."""
    sent = hub.sent.find(msgid)
    if sent is not None:
        return sent if sent.where == fold(channel.name) else None
    for out in channel.backlog:
        if out.msgid == msgid:
            return SentMessage(out.message.source or "", out.message.command, fold(channel.name))
    return None


def _may_delete(client: Client, sent: SentMessage) -> bool:
    """Its sender (as the same ``nick!user@host``) or the host."""
    return is_host(client) or fold(sent.source) == fold(client.source)


def _told(member: Client, redactor: Client) -> bool:
    """Whether ``member`` is shown the REDACT: everyone but the redactor, who gets it as an
    echo only if they asked for ``echo-message`` (as with the message itself)."""
    return member is not redactor or ECHO_MESSAGE in redactor.caps


def _relay(hub: Hub, client: Client, params: tuple[str, ...], told: list[Client]) -> None:
    if told:
        hub.relay(told, Outgoing(client.source, "REDACT", params, bot=client.is_bot))
