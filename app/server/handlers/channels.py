"""Channel membership and channel facts: JOIN, PART, KICK, INVITE, TOPIC, NAMES, LIST."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import CHANTYPES, fold, valid_channel
from app.server.handlers import accounts, chathistory, moderation
from app.server.limits import (
    CHANLIMIT,
    DEFAULT_CHANNEL_MODES,
    KICKLEN,
    MAX_TARGETS,
    TOPICLEN,
    truncate_utf8,
)
from app.server.outgoing import Outgoing
from app.server.replies import ERR_TOOMANYTARGETS, packed
from app.server.state import Channel, mask_matches

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client


def join(hub: Hub, client: Client, msg: Message) -> None:
    """JOIN <channel>{,<channel>} [<key>{,<key>}], or ``JOIN 0`` to leave every channel."""
    if msg.params[0] == "0":
        for channel in list(client.channels.values()):
            _leave(hub, client, channel, "PART", ())
        return
    keys = msg.params[1].split(",") if len(msg.params) > 1 else []
    for index, name in enumerate(msg.params[0].split(",")):
        if not name:
            continue
        key = keys[index] if index < len(keys) else None
        _join_one(hub, client, name, key)


def _join_one(hub: Hub, client: Client, name: str, key: str | None) -> None:
    if not valid_channel(name, CHANTYPES):
        hub.reply(client, n.ERR_NOSUCHCHANNEL, name)
        return
    channel = hub.find_channel(name)
    if channel is not None and client in channel.members:
        return
    if len(client.channels) >= CHANLIMIT:
        hub.reply(client, n.ERR_TOOMANYCHANNELS, name)
        return
    if channel is None:
        channel = Channel(name=name, modes=set(DEFAULT_CHANNEL_MODES))
        channel.history_key = fold(name)
        channel.backlog = hub.history.backlog(channel.history_key)
        hub.channels[fold(name)] = channel
        channel.members[client] = moderation.creator_status(hub, client, name)
    else:
        refusal = None if moderation.is_host(client) else _refusal(channel, client, key)
        if refusal is not None:
            hub.reply(client, refusal, channel.name)
            return
        channel.members[client] = moderation.joiner_status(client)
    channel.invited.discard(fold(client.nick or ""))
    client.channels[fold(name)] = channel
    accounts.relay_join(hub, client, channel)
    if client.away is not None:
        watchers = [m for m in channel.members if m is not client and "away-notify" in m.caps]
        hub.relay(
            watchers,
            Outgoing(
                client.source, "AWAY", (client.away,), bot=client.is_bot, account=client.account
            ),
        )
    if channel.topic:
        send_topic(hub, client, channel)
    chathistory.marker_on_join(hub, client, channel.name)  # before the 366 (read-marker)
    send_names(hub, client, channel)
    hub.log(f"{client.nick} joined {channel.name}")


def _refusal(channel: Channel, client: Client, key: str | None) -> str | None:
    """The numeric that keeps ``client`` out of ``channel``, or ``None``."""
    invited = fold(client.nick or "") in channel.invited
    if channel.key is not None and key != channel.key:
        return n.ERR_BADCHANNELKEY
    if channel.limit is not None and len(channel.members) >= channel.limit and not invited:
        return n.ERR_CHANNELISFULL
    if "i" in channel.modes and not invited and not channel.is_invite_excepted(client):
        return n.ERR_INVITEONLYCHAN
    if channel.is_banned(client) and not invited:
        return n.ERR_BANNEDFROMCHAN
    return None


def part(hub: Hub, client: Client, msg: Message) -> None:
    """PART <channel>{,<channel>} [:reason]."""
    reason = (msg.params[1],) if len(msg.params) > 1 and msg.params[1] else ()
    for name in msg.params[0].split(","):
        if not name:
            continue
        channel = hub.find_channel(name)
        if channel is None:
            hub.reply(client, n.ERR_NOSUCHCHANNEL, name)
        elif client not in channel.members:
            hub.reply(client, n.ERR_NOTONCHANNEL, channel.name)
        else:
            _leave(hub, client, channel, "PART", reason)


def _leave(hub: Hub, client: Client, channel: Channel, command: str, extra: tuple) -> None:
    hub.relay(
        channel.members,
        Outgoing(
            client.source,
            command,
            (channel.name, *extra),
            bot=client.is_bot,
            account=client.account,
        ),
    )
    hub.remove_member(channel, client)
    hub.log(f"{client.nick} left {channel.name}")


def kick(hub: Hub, client: Client, msg: Message) -> None:
    """KICK <channel>{,<channel>} <nick>{,<nick>} [:reason]: channel operators only.

    One channel with several nicks, or as many channels as nicks paired in order (RFC 2812);
    every removal is announced as its own single-target KICK, as clients expect.
    """
    rooms = [name for name in msg.params[0].split(",") if name]
    nicks = [name for name in msg.params[1].split(",") if name]
    if not rooms or not nicks or len(rooms) not in (1, len(nicks)):
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "KICK")
        return
    given = msg.params[2] if len(msg.params) > 2 and msg.params[2] else client.nick or ""
    reason = truncate_utf8(given, KICKLEN)
    pairs = zip(rooms * len(nicks) if len(rooms) == 1 else rooms, nicks, strict=True)
    refused: set[str] = set()  # channels already answered with an error
    for index, (room, name) in enumerate(pairs):
        if index >= MAX_TARGETS:
            hub.reply(client, ERR_TOOMANYTARGETS, name)
            break
        if fold(room) in refused:
            continue
        channel = hub.find_channel(room)
        if channel is None:
            hub.reply(client, n.ERR_NOSUCHCHANNEL, room)
        elif client not in channel.members:
            hub.reply(client, n.ERR_NOTONCHANNEL, channel.name)
        elif not channel.is_op(client):
            hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)
        else:
            _kick_one(hub, client, channel, name, reason)
            continue
        refused.add(fold(room))


def _kick_one(hub: Hub, client: Client, channel: Channel, name: str, reason: str) -> None:
    target = hub.find_nick(name)
    if target is None:
        hub.reply(client, n.ERR_NOSUCHNICK, name)
    elif target not in channel.members:
        hub.reply(client, n.ERR_USERNOTINCHANNEL, target.nick or name, channel.name)
    elif moderation.protected_from(client, target):
        hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)  # nobody kicks the host
    else:
        out = Outgoing(
            client.source,
            "KICK",
            (channel.name, target.nick or name, reason),
            bot=client.is_bot,
            account=client.account,
        )
        hub.relay(channel.members, out)
        hub.remove_member(channel, target)
        hub.log(f"{client.nick} kicked {target.nick} from {channel.name} ({reason})")


def invite(hub: Hub, client: Client, msg: Message) -> None:
    """INVITE <nick> <channel>: lets the nick past +i, +l and bans for one join."""
    target = hub.find_nick(msg.params[0])
    if target is None:
        hub.reply(client, n.ERR_NOSUCHNICK, msg.params[0])
        return
    channel = hub.find_channel(msg.params[1])
    if channel is None:
        hub.reply(client, n.ERR_NOSUCHCHANNEL, msg.params[1])
        return
    if client not in channel.members:
        hub.reply(client, n.ERR_NOTONCHANNEL, channel.name)
        return
    if target in channel.members:
        hub.reply(client, n.ERR_USERONCHANNEL, target.nick or "", channel.name)
        return
    if "i" in channel.modes and not channel.is_op(client):
        hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)
        return
    channel.invited.add(fold(target.nick or ""))
    hub.reply(client, n.RPL_INVITING, target.nick or "", channel.name)
    hub.relay(
        [target],
        Outgoing(
            client.source,
            "INVITE",
            (target.nick or "", channel.name),
            bot=client.is_bot,
            account=client.account,
        ),
    )
    if target.away is not None:
        hub.reply(client, n.RPL_AWAY, target.nick or "", target.away)


def topic(hub: Hub, client: Client, msg: Message) -> None:
    """TOPIC <channel> [:<topic>]: query, set or (with an empty text) clear the topic."""
    channel = hub.find_channel(msg.params[0])
    if channel is None:
        hub.reply(client, n.ERR_NOSUCHCHANNEL, msg.params[0])
        return
    if len(msg.params) == 1:
        if "s" in channel.modes and client not in channel.members:
            hub.reply(client, n.ERR_NOTONCHANNEL, channel.name)
        elif channel.topic:
            send_topic(hub, client, channel)
        else:
            hub.reply(client, n.RPL_NOTOPIC, channel.name)
        return
    if client not in channel.members:
        hub.reply(client, n.ERR_NOTONCHANNEL, channel.name)
        return
    if "t" in channel.modes and not channel.is_op(client):
        hub.reply(client, n.ERR_CHANOPRIVSNEEDED, channel.name)
        return
    text = truncate_utf8(msg.params[1], TOPICLEN)
    channel.topic = text or None
    channel.topic_by = client.source
    channel.topic_at = int(time.time())
    hub.relay(
        channel.members,
        Outgoing(
            client.source, "TOPIC", (channel.name, text), bot=client.is_bot, account=client.account
        ),
    )
    hub.log(f"{client.nick} set the topic of {channel.name}: {text}")


def send_topic(hub: Hub, client: Client, channel: Channel) -> None:
    """332 and 333 for a channel that has a topic."""
    hub.reply(client, n.RPL_TOPIC, channel.name, channel.topic or "")
    hub.send(
        client,
        Message(
            n.RPL_TOPICWHOTIME,
            (client.name, channel.name, channel.topic_by, str(channel.topic_at)),
            hub.config.name,
        ),
    )


def send_names(hub: Hub, client: Client, channel: Channel, end: bool = True) -> None:
    """353 lines (as many as needed) and 366 for one channel."""
    multi = "multi-prefix" in client.caps
    full = "userhost-in-names" in client.caps
    visible = client in channel.members or "s" not in channel.modes
    if visible:
        symbol = "@" if "s" in channel.modes else "="
        items = (
            channel.prefix(member, multi) + (member.source if full else member.nick or "")
            for member in channel.members
        )
        head = [client.name, symbol, channel.name]
        for line in packed(head, items, hub.config.name, n.RPL_NAMREPLY):
            hub.send(client, line)
    if end:
        hub.reply(client, n.RPL_ENDOFNAMES, channel.name)


def names(hub: Hub, client: Client, msg: Message) -> None:
    """NAMES [<channel>{,<channel>}]: the 353 lines of each channel, then *one* 366.

    The single 366 carries the channel list exactly as asked (``#a,#b``), which is what
    Modern IRC and irctest expect; an unknown channel yields only that 366. Without a channel,
    every channel the client may see is listed (RFC 1459), ending with ``366 *``.
    """
    wanted = [name for name in msg.params[0].split(",") if name] if msg.params else []
    everything = list(hub.channels.values())
    for channel in [hub.find_channel(name) for name in wanted] if wanted else everything:
        if channel is not None:
            send_names(hub, client, channel, end=False)  # hides a secret one from outsiders
    hub.reply(client, n.RPL_ENDOFNAMES, ",".join(wanted) or "*")


def list_(hub: Hub, client: Client, msg: Message) -> None:
    """LIST [<channel|filter>{,<channel|filter>}]: 321, one 322 per visible channel, 323.

    The filters are Modern IRC's ``ELIST`` (``ELIST=CMNTU`` in ISUPPORT): a mask (``#ch*``),
    a mask to leave out (``!#ch*``), a member count (``>5``, ``<20``), and minutes since the
    channel was made or its topic set (``C>60``, ``T<5``). Names and masks choose channels
    (all of them when there are none); every count or time must also hold. A filter that
    does not parse is ignored.
    """
    server = hub.config.name
    hub.send(client, Message(n.RPL_LISTSTART, (client.name, "Channel", "Users  Name"), server))
    items = [item for item in msg.params[0].split(",") if item] if msg.params else []
    names = [item for item in items if not _is_list_filter(item)]
    tests = [test for item in items if _is_list_filter(item) if (test := elist_test(item))]
    if names:
        chosen: dict[int, Channel] = {}
        for name in names:
            if "*" in name or "?" in name:
                for channel in _sorted_channels(hub):
                    if mask_matches(name, channel.name):
                        chosen.setdefault(id(channel), channel)
            elif (channel := hub.find_channel(name)) is not None:
                chosen.setdefault(id(channel), channel)
        candidates = list(chosen.values())
    else:
        candidates = _sorted_channels(hub)
    now = time.time()
    for channel in candidates:
        if "s" in channel.modes and client not in channel.members:
            continue
        if not all(test(channel, now) for test in tests):
            continue
        hub.send(
            client,
            Message(
                n.RPL_LIST,
                (client.name, channel.name, str(len(channel.members)), channel.topic or ""),
                server,
            ),
        )
    hub.reply(client, n.RPL_LISTEND)


ListTest = Callable[[Channel, float], bool]


def _sorted_channels(hub: Hub) -> list[Channel]:
    return sorted(hub.channels.values(), key=lambda channel: fold(channel.name))


def _is_list_filter(item: str) -> bool:
    return item[0] in "<>!" or (len(item) > 1 and item[0] in "CT" and item[1] in "<>")


def elist_test(item: str) -> ListTest | None:
    """The ELIST condition ``item`` stands for; ``None`` when it does not parse."""
    if item.startswith("!"):
        mask = item[1:]
        return lambda channel, _now: not mask_matches(mask, channel.name)
    kind, rest = (item[0], item[1:]) if item[0] in "CT" else ("U", item)
    if not rest[1:].isdigit():
        return None
    more, value = rest[0] == ">", int(rest[1:])
    if kind == "U":
        if more:
            return lambda channel, _now: len(channel.members) > value
        return lambda channel, _now: len(channel.members) < value

    def minutes_ago(channel: Channel, now: float) -> float | None:
        if kind == "C":
            return (now - channel.created) / 60
        return (now - channel.topic_at) / 60 if channel.topic else None

    def test(channel: Channel, now: float) -> bool:
        age = minutes_ago(channel, now)
        return age is not None and (age > value if more else age < value)

    return test
