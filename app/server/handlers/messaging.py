"""PRIVMSG, NOTICE and TAGMSG to channels and nicks: the general path.

Each target is checked here and the message delivered by :func:`app.server.handlers.delivery.
deliver`, which the relay fast path shares. NOTICE never causes an error reply, as the
protocol demands (it is how bots avoid loops).

A channel target may carry status prefixes (``STATUSMSG``): ``@#room`` reaches only the room's
operators, ``+#room`` its voiced members and operators, relayed with that target. What a bot
(user mode ``B``) says carries the ``bot`` tags (:data:`app.server.outgoing.BOT_TAGS`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import is_channel
from app.server.handlers import accounts
from app.server.handlers.delivery import OneMessage, deliver, may_speak
from app.server.limits import MAX_TARGETS, PREFIX_SYMBOLS, STATUSMSG
from app.server.replies import ERR_TOOMANYTARGETS

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: Client-only tags (``+name``) relayed per message, at most this many bytes (IRCv3 limit).
MAX_CLIENT_TAG_BYTES = 4094


def privmsg(hub: Hub, client: Client, msg: Message) -> None:
    """PRIVMSG <target>{,<target>} :<text>."""
    _deliver(hub, client, msg, "PRIVMSG")


def notice(hub: Hub, client: Client, msg: Message) -> None:
    """NOTICE <target>{,<target>} :<text> (silent on every error)."""
    _deliver(hub, client, msg, "NOTICE")


def tagmsg(hub: Hub, client: Client, msg: Message) -> None:
    """TAGMSG <target>: only tags; reaches only clients that negotiated message-tags."""
    _deliver(hub, client, msg, "TAGMSG")


def client_tags(msg: Message) -> dict[str, str]:
    """The client-only (``+``) tags to relay with ``msg``: none at all when they exceed the
    IRCv3 bound (:data:`MAX_CLIENT_TAG_BYTES`); other tags are never relayed."""
    tags = {key: value for key, value in msg.tags.items() if key.startswith("+")}
    size = sum(len(key) + len(value) + 2 for key, value in tags.items())
    return tags if size <= MAX_CLIENT_TAG_BYTES else {}


def split_status(target: str) -> tuple[str, str]:
    """A STATUSMSG target's status symbol and channel: ``"@#room"`` → ``("@", "#room")``.

    ``("", target)`` when ``target`` has no status prefix or no channel follows it. Several
    prefixes mean the lowest of them (Modern IRC: ``@%#bunny`` is the same as ``%#bunny``).
    """
    name = target.lstrip(STATUSMSG)
    if name == target or not is_channel(name):
        return "", target
    lowest = max(PREFIX_SYMBOLS.index(symbol) for symbol in target[: len(target) - len(name)])
    return PREFIX_SYMBOLS[lowest], name


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
    tags = client_tags(msg)
    if command == "PRIVMSG":
        client.last_message = time.monotonic()
    targets = list(dict.fromkeys(t for t in msg.params[0].split(",") if t))
    if len(targets) > MAX_TARGETS:  # refuse the whole message rather than deliver part of it
        error(ERR_TOOMANYTARGETS, targets[MAX_TARGETS])
        return
    for target in targets:
        status, name = split_status(target)
        if is_channel(name):
            channel = hub.find_channel(name)
            if channel is None:
                error(n.ERR_NOSUCHCHANNEL, name)
            elif not may_speak(channel, client):
                error(n.ERR_CANNOTSENDTOCHAN, channel.name)
            else:
                said = OneMessage(client, command, status + channel.name, text, tags)
                deliver(hub, said, channel, status)
        else:
            peer = hub.find_nick(target)
            if peer is None:
                if command == "PRIVMSG" and accounts.to_offline(hub, client, target, text[0], tags):
                    continue  # kept for the name's owner, who is away (messages that wait)
                error(n.ERR_NOSUCHNICK, target)
            else:
                deliver(hub, OneMessage(client, command, peer.nick or target, text, tags), peer)
