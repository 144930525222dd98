"""PRIVMSG, NOTICE and TAGMSG to channels and nicks.

A channel message is encoded once per capability variant (:class:`Outgoing`) and queued for
every member; ``echo-message`` clients also get their own copy. NOTICE never causes an error
reply, as the protocol demands (it is how bots avoid loops).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.irc import MAX_BODY_BYTES, Message
from app.irc import numerics as n
from app.irc.names import CHANTYPES, fold, is_channel
from app.server.history import is_replayable
from app.server.limits import MAX_TARGETS
from app.server.outgoing import MESSAGE_TAGS, Outgoing, new_msgid
from app.server.replies import ERR_TOOMANYTARGETS

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

#: Client-only tags (``+name``) relayed per message, at most this many bytes (IRCv3 limit).
MAX_CLIENT_TAG_BYTES = 4094
#: Commands the fast path (:func:`fast_deliver`) takes, by their received bytes.
_FAST_COMMANDS = {b"PRIVMSG": "PRIVMSG", b"NOTICE": "NOTICE"}
_CHANNEL_STARTS = frozenset(CHANTYPES.encode())
#: Folded names of recent targets: folding (NFKC twice and a case fold) is the dearest step
#: of finding a nick, and people keep writing to the same few. Cleared when full.
_folded: dict[str, str] = {}
_FOLDED_MAX = 4096


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


def fast_deliver(hub: Hub, client: Client, raw: bytes) -> bool:
    """Relay ``PRIVMSG``/``NOTICE <target> :<text>`` without parsing it; ``False`` if declined.

    Why: relaying is what a chat server does most, and the general path (decode, parse,
    dispatch, build and format an :class:`Outgoing`) costs tens of microseconds per line. For
    the common shape (upper-case command, no tags or source, one target that exists and may
    be spoken to, non-empty valid UTF-8 text without NUL, within the body limit, a registered
    sender) the relayed line is the received text behind the sender's prefix, built with a few
    bytes operations. Anything else, every error reply included, is declined *before* anything
    changed, and the general path (:func:`_deliver`), which defines the behaviour, handles it.
    Call under the state lock.
    """
    command_bytes, _, rest = raw.partition(b" ")
    command = _FAST_COMMANDS.get(command_bytes)
    if command is None or not client.registered or len(raw) + 2 > MAX_BODY_BYTES:
        return False
    target_bytes, colon, text_bytes = rest.partition(b" :")
    if (
        not colon
        or not target_bytes
        or not text_bytes
        or target_bytes[0] == 0x3A  # ":": the general parser reads it as the trailing param
        # Byte values, not one-byte strings: ``0x20 in data`` is a memchr, while
        # ``b" " in data`` goes through the buffer protocol and costs ten times as much.
        or 0x20 in target_bytes  # " "
        or 0x2C in target_bytes  # ","
        or 0 in raw
    ):
        return False
    try:
        target = target_bytes.decode()
        text = text_bytes.decode()
    except UnicodeDecodeError:
        return False  # the general path replaces the bad bytes and warns the sender
    folded = _folded.get(target)
    if folded is None:
        if len(_folded) >= _FOLDED_MAX:
            _folded.clear()
        folded = _folded[target] = fold(target)
    source = client.source
    echo = "echo-message" in client.caps
    if target_bytes[0] in _CHANNEL_STARTS:
        channel = hub.channels.get(folded)
        if channel is None or not _may_speak(channel, client):
            return False
        name = channel.name
        line = b":%s %s %s :%s\r\n" % (source.encode(), command_bytes, name.encode(), text_bytes)
        out = Outgoing(source, command, (name, text), msgid=new_msgid(), plain=line)
        recipients = [member for member in channel.members if member is not client or echo]
        hub.relay(recipients, out)
        if text_bytes[0] != 1:  # the common case, without a call: plain text (no CTCP)
            hub.history.record(channel, out)
            hub.log(f"<{name}> {client.nick}: {text}")
        else:
            if is_replayable(text):
                hub.history.record(channel, out)
            hub.log(channel_log_line(name, client.nick or "", text))
    else:
        peer = hub.nicks.get(folded)
        if peer is None or not peer.registered:
            return False
        nick = peer.nick or target
        source_bytes = source.encode()
        if nick == target:  # as usual, written as the peer spells it: relay the line as is
            line = b":%s %s\r\n" % (source_bytes, raw)
        else:
            line = b":%s %s %s :%s\r\n" % (source_bytes, command_bytes, nick.encode(), text_bytes)
        if peer.caps or echo:
            out = Outgoing(source, command, (nick, text), msgid=new_msgid(), plain=line)
            hub.relay({peer, client} if echo else (peer,), out)
        else:  # the line every plain client gets: no Outgoing needed
            hub.send_bytes(peer, line)
        hub.log(f"{client.nick} -> {nick}: (private {command.lower()})")
        if command == "PRIVMSG" and peer.away is not None:
            hub.reply(client, n.RPL_AWAY, nick, peer.away)
    if command == "PRIVMSG":
        client.last_message = time.monotonic()
    return True


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
            elif not _may_speak(channel, client):
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


def _may_speak(channel: Channel, client: Client) -> bool:
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
