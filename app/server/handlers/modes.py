"""MODE: user modes (``B`` bot, ``i``, ``w``, and ``o`` from OPER) and channel modes
(lists ``b e I``, ``k l i m n s t``, plus ``o v`` status)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import fold, is_channel
from app.server.handlers import moderation
from app.server.limits import (
    CHANMODES,
    MAXLIST,
    MODES,
    PREFIX_MODES,
    SELF_SET_USER_MODES,
    USER_MODES,
)
from app.server.outgoing import Outgoing
from app.server.state import Ban, normalize_mask

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

_LIST, _ALWAYS, _WHEN_SET, _FLAGS = CHANMODES


def mode(hub: Hub, client: Client, msg: Message) -> None:
    """MODE <target> [<modestring> [<args>…]]."""
    target = msg.params[0]
    if is_channel(target):
        channel = hub.find_channel(target)
        if channel is None:
            hub.reply(client, n.ERR_NOSUCHCHANNEL, target)
        elif len(msg.params) == 1:
            _show_channel(hub, client, channel)
        else:
            _change_channel(hub, client, channel, msg.params[1], list(msg.params[2:]))
        return
    peer = hub.find_nick(target)
    if peer is None:
        hub.reply(client, n.ERR_NOSUCHNICK, target)
    elif peer is not client:
        hub.reply(client, n.ERR_USERSDONTMATCH)
    elif len(msg.params) == 1:
        hub.reply(client, n.RPL_UMODEIS, "+" + "".join(sorted(client.modes)))
    else:
        _change_user(hub, client, msg.params[1])


def _change_user(hub: Hub, client: Client, modestring: str) -> None:
    sign, changes, unknown = "+", [], False
    for char in modestring:
        if char in "+-":
            sign = char
        elif char in USER_MODES:
            if char not in SELF_SET_USER_MODES and sign == "+":
                continue  # "+o" is only given by OPER; a client asking for it is ignored
            if hub.set_user_mode(client, char, sign == "+"):
                changes.append((sign, char))
        else:
            unknown = True
    if unknown:
        hub.reply(client, n.ERR_UMODEUNKNOWNFLAG)
    if changes:
        text = _modestring(changes)
        hub.send(client, Message("MODE", (client.nick or "", text), client.nick))


def _show_channel(hub: Hub, client: Client, channel: Channel) -> None:
    flags = "".join(sorted(channel.modes))
    args: list[str] = []
    if channel.key is not None:
        flags += "k"
        args.append(channel.key if client in channel.members else "*")
    if channel.limit is not None:
        flags += "l"
        args.append(str(channel.limit))
    server = hub.config.name
    params = (client.name, channel.name, "+" + flags, *args)
    hub.send(client, Message(n.RPL_CHANNELMODEIS, params, server))
    created = (client.name, channel.name, str(channel.created))
    hub.send(client, Message(n.RPL_CREATIONTIME, created, server))


#: Each list mode: the channel's list, the reply per entry and the reply that ends the list.
_LISTS = {
    "b": ("bans", n.RPL_BANLIST, n.RPL_ENDOFBANLIST),
    "e": ("exceptions", n.RPL_EXCEPTLIST, n.RPL_ENDOFEXCEPTLIST),
    "I": ("invite_exceptions", n.RPL_INVITELIST, n.RPL_ENDOFINVITELIST),
}


def _entries(channel: Channel, char: str) -> list[Ban]:
    entries: list[Ban] = getattr(channel, _LISTS[char][0])
    return entries


def _send_list(hub: Hub, client: Client, channel: Channel, char: str) -> None:
    """A list mode's entries (``MODE #c b``, ``+e``, ``I``…): mask, who set it, when."""
    server = hub.config.name
    _attr, entry_code, end_code = _LISTS[char]
    for entry in _entries(channel, char):
        params = (client.name, channel.name, entry.mask, entry.setter, str(entry.when))
        hub.send(client, Message(entry_code, params, server))
    hub.reply(client, end_code, channel.name)


def _change_channel(
    hub: Hub, client: Client, channel: Channel, modestring: str, args: list[str]
) -> None:
    is_op = channel.is_op(client)
    denied = False
    sign = "+"
    applied: list[tuple[str, str, str | None]] = []
    with_param = 0
    for char in modestring:
        if char in "+-":
            sign = char
            continue
        if char not in "".join(CHANMODES) + PREFIX_MODES:
            hub.reply(client, n.ERR_UNKNOWNMODE, char, channel.name)
            continue
        takes_arg = char in _LIST + _ALWAYS + PREFIX_MODES or (char in _WHEN_SET and sign == "+")
        if char in _LIST and not args:
            if char == "b" or is_op:  # exceptions are the operators' business
                _send_list(hub, client, channel, char)  # "MODE #c b" is a query
            else:
                denied = True
            continue
        if takes_arg and not args and (char in PREFIX_MODES or sign == "+"):
            continue  # a parameter mode without its parameter: skip it, as others do
        arg = args.pop(0) if takes_arg and args else None
        if takes_arg:
            with_param += 1
            if with_param > MODES:
                continue
        if not is_op:
            denied = True
            continue
        change = _apply(hub, client, channel, sign=sign, char=char, arg=arg)
        if change is not None:
            applied.append(change)
    if denied:
        hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)
    if applied:
        text = _modestring([(s, c) for s, c, _ in applied])
        params = [a for _, _, a in applied if a is not None]
        out = Outgoing(
            client.source,
            "MODE",
            (channel.name, text, *params),
            bot=client.is_bot,
            account=client.account,
        )
        hub.relay(channel.members, out)
        hub.log(f"{client.nick} set mode {text} {' '.join(params)} on {channel.name}".rstrip())


def _apply(
    hub: Hub, client: Client, channel: Channel, *, sign: str, char: str, arg: str | None
) -> tuple[str, str, str | None] | None:
    """Apply one mode change; the change as it should be announced, or ``None``."""
    on = sign == "+"
    if char in PREFIX_MODES:
        target = hub.find_nick(arg or "")
        if target is None:
            hub.reply(client, n.ERR_NOSUCHNICK, arg or "*")
            return None
        if target not in channel.members:
            hub.reply(client, n.ERR_USERNOTINCHANNEL, target.nick or "", channel.name)
            return None
        if not on and moderation.protected_from(client, target):
            hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)  # nobody de-ops the host
            return None
        return (sign, char, target.nick) if channel.set_status(target, char, on) else None
    if char in _LISTS:
        entries = _entries(channel, char)
        mask = normalize_mask(arg or "")
        # Masks compare under the case mapping, so "-b bar!*@*" lifts "+b BAR!*@*".
        existing = [entry for entry in entries if fold(entry.mask) == fold(mask)]
        if on and not existing and len(entries) < MAXLIST:
            entries.append(Ban(mask, client.source, int(time.time())))
            return sign, char, mask
        if not on and existing:
            entries.remove(existing[0])
            return sign, char, existing[0].mask
        return None
    if char == "k":
        if on:
            if not arg or " " in arg or "," in arg:
                hub.reply(client, n.ERR_INVALIDMODEPARAM, channel.name, "k", "*", "Bad key")
                return None
            channel.key = arg
            return sign, char, arg
        if channel.key is None:
            return None
        channel.key = None
        return sign, char, "*"
    if char == "l":
        if on:
            if not arg or not arg.isdigit() or int(arg) <= 0:
                hub.reply(client, n.ERR_INVALIDMODEPARAM, channel.name, "l", "*", "Bad limit")
                return None
            channel.limit = int(arg)
            return sign, char, str(channel.limit)
        if channel.limit is None:
            return None
        channel.limit = None
        return sign, char, None
    if on == (char in channel.modes):
        return None
    (channel.modes.add if on else channel.modes.discard)(char)
    return sign, char, None


def _modestring(changes: list[tuple[str, str]]) -> str:
    text, current = "", ""
    for sign, char in changes:
        if sign != current:
            text += sign
            current = sign
        text += char
    return text
