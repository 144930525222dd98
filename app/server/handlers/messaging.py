"""PRIVMSG, NOTICE and TAGMSG to channels and nicks.

A channel message is encoded once per capability variant (:class:`Outgoing`) and queued for
every member; ``echo-message`` clients also get their own copy. NOTICE never causes an error
reply, as the protocol demands (it is how bots avoid loops).

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
from app.server.handlers import accounts, chathistory
from app.server.history import is_replayable
from app.server.limits import MAX_TARGETS, PREFIX_MODES, PREFIX_SYMBOLS, STATUSMSG
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


def private_log_line(sender: str, recipient: str, command: str, count: int = 1) -> str:
    """The console line for private messages: who wrote to whom, never what.

    A run of them in one read (a paste, a bot) is one line with a count, ``alice -> bob:
    (private privmsg ×25)``: a console scrolling thousands of identical lines shows nothing
    (and writing them took the console thread 2–4 % of a busy server's CPU time).
    """
    times = f" ×{count}" if count > 1 else ""
    return f"{sender} -> {recipient}: (private {command.lower()}{times})"


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
    tags = _client_tags(msg)
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
                _to_channel(
                    hub, client, channel, command=command, text=text, tags=tags, status=status
                )
        else:
            peer = hub.find_nick(target)
            if peer is None:
                if command == "PRIVMSG" and accounts.to_offline(hub, client, target, text[0], tags):
                    continue  # kept for the name's owner, who is away
                error(n.ERR_NOSUCHNICK, target)
                continue
            out = Outgoing(
                client.source,
                command,
                (peer.nick or target, *text),
                tags,
                msgid=new_msgid(),
                bot=client.is_bot,
                account=client.account,
            )
            # To oneself with echo-message: delivered, then echoed (two copies, as servers do;
            # labeled-response labels only the echo).
            recipients = [peer, client] if "echo-message" in client.caps else [peer]
            _relay(hub, recipients, out, command)
            if text and is_replayable(text[0]):
                hub.history.record_private(
                    (chathistory.identity(hub, client), client.nick or ""),
                    (chathistory.identity(hub, peer), peer.nick or target),
                    out,
                )
            if text:
                hub.log(private_log_line(client.nick or "", peer.nick or target, command))
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
    status: str = "",
) -> None:
    """Relay to the members of ``channel``; with a ``status`` symbol (``"@"``), only to those
    with that status or a higher one, and kept out of the history everyone is replayed."""
    target = status + channel.name
    out = Outgoing(
        client.source,
        command,
        (target, *text),
        tags,
        msgid=new_msgid(),
        bot=client.is_bot,
        account=client.account,
    )
    echo = "echo-message" in client.caps
    recipients = [member for member in channel.members if member is not client or echo]
    if status:
        mode = PREFIX_MODES[PREFIX_SYMBOLS.index(status)]
        recipients = [
            member
            for member in recipients
            if member is client or channel.ranks_at_least(member, mode)
        ]
    _relay(hub, recipients, out, command)
    if text:
        if not status and is_replayable(text[0]):
            hub.history.record(channel, out)
        hub.log(channel_log_line(target, client.nick or "", text[0]))


def _relay(hub: Hub, recipients: list[Client], out: Outgoing, command: str) -> None:
    if command == "TAGMSG":
        recipients = [client for client in recipients if MESSAGE_TAGS in client.caps]
    hub.relay(recipients, out)
