"""PRIVMSG, NOTICE and TAGMSG to channels and nicks.

A channel message is encoded once per capability variant (:class:`Outgoing`) and queued for
every member; ``echo-message`` clients also get their own copy. NOTICE never causes an error
reply, as the protocol demands (it is how bots avoid loops).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import is_channel
from app.server.history import is_replayable
from app.server.limits import MAX_TARGETS
from app.server.outgoing import MESSAGE_TAGS, Outgoing, new_msgid
from app.server.replies import ERR_TOOMANYTARGETS

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

#: Client-only tags (``+name``) relayed per message, at most this many bytes (IRCv3 limit).
MAX_CLIENT_TAG_BYTES = 4094


def channel_log_line(channel: str, nick: str, text: str) -> str:
    """The console line for a channel message: ``<#lobby> bob: hi``, ``<#lobby> * bob waves``.

    A ``/me`` action is shown as people read it, not as its CTCP wrapping.
    """
    if text.startswith("\x01ACTION ") or text == "\x01ACTION\x01":
        return f"<{channel}> * {nick} {text[8:].rstrip(chr(1))}".rstrip()
    return f"<{channel}> {nick}: {text}"


def privmsg(hub: Hub, client: Client, msg: Message) -> None:
    """PRIVMSG <target>{,<target>} :<text>."""
    _deliver(hub, client, msg, "PRIVMSG")


def notice(hub: Hub, client: Client, msg: Message) -> None:
    """NOTICE <target>{,<target>} :<text> (silent on every error)."""
    _deliver(hub, client, msg, "NOTICE")


def tagmsg(hub: Hub, client: Client, msg: Message) -> None:
    """TAGMSG <target>: only tags; reaches only clients that negotiated message-tags."""
    _deliver(hub, client, msg, "TAGMSG")


def _client_tags(msg: Message) -> dict[str, str]:
    tags = {key: value for key, value in msg.tags.items() if key.startswith("+")}
    size = sum(len(key) + len(value) + 2 for key, value in tags.items())
    return tags if size <= MAX_CLIENT_TAG_BYTES else {}


def _deliver(hub: Hub, client: Client, msg: Message, command: str) -> None:
    quiet = command == "NOTICE"

    def error(code: str, *params: str) -> None:
        if not quiet:
            hub.reply(client, code, *params)

    if not msg.params or not msg.params[0]:
        error(n.ERR_NORECIPIENT, f"No recipient given ({command})")
        return
    text: tuple[str, ...] = ()
    if command != "TAGMSG":
        if len(msg.params) < 2 or not msg.params[1]:
            error(n.ERR_NOTEXTTOSEND)
            return
        text = (msg.params[1],)
    tags = _client_tags(msg)
    if command == "PRIVMSG":
        client.last_message = time.monotonic()
    targets = list(dict.fromkeys(t for t in msg.params[0].split(",") if t))
    if len(targets) > MAX_TARGETS:  # refuse the whole message rather than deliver part of it
        error(ERR_TOOMANYTARGETS, targets[MAX_TARGETS])
        return
    for target in targets:
        if is_channel(target):
            channel = hub.find_channel(target)
            if channel is None:
                error(n.ERR_NOSUCHCHANNEL, target)
            elif not may_speak(channel, client):
                error(n.ERR_CANNOTSENDTOCHAN, channel.name)
            else:
                _to_channel(hub, client, channel, command=command, text=text, tags=tags)
        else:
            peer = hub.find_nick(target)
            if peer is None:
                error(n.ERR_NOSUCHNICK, target)
                continue
            out = Outgoing(
                client.source, command, (peer.nick or target, *text), tags, msgid=new_msgid()
            )
            recipients = {peer}
            if "echo-message" in client.caps:
                recipients.add(client)
            _relay(hub, recipients, out, command)
            if text:
                hub.log(f"{client.nick} -> {peer.nick}: (private {command.lower()})")
            if command == "PRIVMSG" and peer.away is not None:
                hub.reply(client, n.RPL_AWAY, peer.nick or target, peer.away)


def may_speak(channel: Channel, client: Client) -> bool:
    """Whether ``client`` may send to ``channel`` (``+n``, ``+m``, bans; voice overrides)."""
    member = client in channel.members
    if "n" in channel.modes and not member:
        return False
    if channel.is_voiced(client):
        return True
    return "m" not in channel.modes and not channel.is_banned(client)


def _to_channel(
    hub: Hub,
    client: Client,
    channel: Channel,
    *,
    command: str,
    text: tuple[str, ...],
    tags: dict[str, str],
) -> None:
    out = Outgoing(client.source, command, (channel.name, *text), tags, msgid=new_msgid())
    recipients = [
        member
        for member in channel.members
        if member is not client or "echo-message" in client.caps
    ]
    _relay(hub, recipients, out, command)
    if text:
        if is_replayable(text[0]):
            hub.history.record(channel, out)
        hub.log(channel_log_line(channel.name, client.nick or "", text[0]))


def _relay(hub: Hub, recipients: set[Client] | list[Client], out: Outgoing, command: str) -> None:
    if command == "TAGMSG":
        recipients = [client for client in recipients if MESSAGE_TAGS in client.caps]
    hub.relay(recipients, out)
