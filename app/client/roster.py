"""Who is where: the channels we are in, their members and topics, private conversations,
who is away and the hosts the server showed us.

The :class:`Roster` owns that state and changes it only through its methods (join, part,
quit, rename, away…), which say what changed; the inbound handlers
(:mod:`app.client.inbound`) turn that into events. Every name is keyed by its folded form
under the server's case mapping (:class:`~app.client.state.ServerInfo`), so ``Alice`` and
``alice`` are one person, and the keys are rebuilt when the server announces another mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.client.state import Channel, ChannelMember, ServerInfo

#: Hosts remembered per connection (for /ban by nick); more are not recorded.
MAX_HOSTS = 10_000
#: Server operators remembered per connection; more are not recorded.
MAX_OPERATORS = 1000


@dataclass(frozen=True, slots=True)
class Member:
    """One person in a channel as the sidebar shows them."""

    nick: str
    prefixes: str  # channel status symbols, highest first, e.g. "@" for the operator
    away: bool
    is_self: bool
    #: A server operator: on a Gofto server, the person who hosts the chat (WHO flag ``*``).
    is_host: bool = False


class Roster:
    """The channels, members, private conversations and away states of one session."""

    def __init__(self, info: ServerInfo) -> None:
        self._info = info
        self._channels: dict[str, Channel] = {}
        self._privates: dict[str, str] = {}  # folded nick → the nick as we first saw it
        self._away: dict[str, str] = {}  # folded nick → away message
        self._hosts: dict[str, str] = {}  # folded nick → host, from JOIN lines and WHO replies
        self._operators: set[str] = set()  # folded nicks WHO marked ``*`` (the host)

    def fold(self, name: str) -> str:
        """``name`` under the server's case mapping."""
        return self._info.fold(name)

    # -- the connection ----------------------------------------------------------------------

    def connection_reset(self) -> None:
        """Forget what belongs to one connection only (away states, hosts, operators)."""
        self._away.clear()
        self._hosts.clear()
        self._operators.clear()

    def disconnected(self) -> list[str]:
        """The connection is gone: every channel is left (and kept, for the rejoin); the
        channels' names."""
        for channel in self._channels.values():
            channel.joined = False
            channel.members.clear()
            channel.pending_names = None
        return self.channel_names()

    def rekey(self) -> None:
        """The case mapping changed: recompute every folded key."""
        fold = self.fold
        self._channels = {fold(c.name): c for c in self._channels.values()}
        for channel in self._channels.values():
            channel.members = {fold(m.nick): m for m in channel.members.values()}
        self._privates = {fold(nick): nick for nick in self._privates.values()}

    # -- channels ------------------------------------------------------------------------------

    def channel_names(self) -> list[str]:
        """The channels we are in (or will rejoin), in the order we joined them."""
        return [channel.name for channel in self._channels.values()]

    def has_channel(self, name: str) -> bool:
        """Whether we are in (or will rejoin) channel ``name``."""
        return self.fold(name) in self._channels

    def is_joined(self, name: str) -> bool:
        """Whether we are in channel ``name`` on this connection."""
        channel = self._channels.get(self.fold(name))
        return channel is not None and channel.joined

    def channel_name(self, name: str) -> str | None:
        """How the server spells channel ``name``, if we are in it."""
        channel = self._channels.get(self.fold(name))
        return channel.name if channel else None

    def conversation_name(self, target: str) -> str:
        """The conversation a message to ``target`` belongs to: a channel as the server
        spells it, else ``target`` itself."""
        return self.channel_name(target) or target

    def remember_channel(self, name: str) -> None:
        """Join ``name`` on the next registration (``/join`` while disconnected)."""
        self._channels.setdefault(self.fold(name), Channel(name))

    def self_joined(self, name: str, nick: str) -> None:
        """We joined ``name`` as ``nick``: its member list starts again (NAMES follows)."""
        channel = self._channels.setdefault(self.fold(name), Channel(name))
        channel.name, channel.joined, channel.pending_names = name, True, None
        channel.needs_who = True
        channel.members.clear()
        channel.add(self.fold(nick), nick)

    def joined(self, name: str, nick: str) -> str | None:
        """``nick`` joined ``name``; the channel's name, or ``None`` if we are not there."""
        channel = self._channels.get(self.fold(name))
        if channel is None:
            return None
        channel.add(self.fold(nick), nick)
        return channel.name

    def left(self, name: str, nick: str, *, is_self: bool) -> str | None:
        """``nick`` left ``name`` (parted or kicked); we forget a channel we left. The
        channel's name, or ``None`` if we were not there."""
        key = self.fold(name)
        channel = self._channels.get(key)
        if channel is None:
            return None
        if is_self:
            del self._channels[key]
        else:
            channel.remove(self.fold(nick))
        return channel.name

    def quit(self, nick: str) -> list[str]:
        """``nick`` left the server; the channels we shared with them."""
        key = self.fold(nick)
        self._away.pop(key, None)
        self._operators.discard(key)
        return [c.name for c in self._channels.values() if c.remove(key)]

    def rename(self, old: str, new: str, *, is_self: bool) -> list[str]:
        """``old`` is now ``new``: the conversations that saw the change (shared channels,
        and the private conversation with them; all private ones when it is us)."""
        old_key, new_key = self.fold(old), self.fold(new)
        places: list[str] = []
        for channel in self._channels.values():
            member = channel.members.pop(old_key, None)
            if member is not None:
                member.nick = new
                channel.members[new_key] = member
                places.append(channel.name)
        if old_key in self._away:
            self._away[new_key] = self._away.pop(old_key)
        if old_key in self._operators:
            self._operators.discard(old_key)
            self._operators.add(new_key)
        if is_self:
            places.extend(self._privates.values())
        elif old_key in self._privates:
            places.append(self._privates.pop(old_key))
            self._privates[new_key] = new
        return places

    def set_prefix(self, name: str, nick: str, symbol: str, *, on: bool) -> bool:
        """Give or take status ``symbol`` (``"@"``) of ``nick`` in ``name``; whether
        someone we know of changed."""
        channel = self._channels.get(self.fold(name))
        member = channel.members.get(self.fold(nick)) if channel else None
        if member is None:
            return False
        current = member.prefixes.replace(symbol, "")
        member.prefixes = self._info.order_prefixes(current + symbol if on else current)
        return True

    def topic(self, name: str) -> str:
        """Channel ``name``'s topic, or ``""``."""
        channel = self._channels.get(self.fold(name))
        return channel.topic if channel else ""

    def set_topic(self, name: str, topic: str) -> str | None:
        """Record ``name``'s topic; the channel's name, or ``None`` if we are not there."""
        channel = self._channels.get(self.fold(name))
        if channel is None:
            return None
        channel.topic = topic
        return channel.name

    # -- NAMES ---------------------------------------------------------------------------------

    def add_names(self, name: str, entries: list[str]) -> bool:
        """Collect one ``353`` line's members for ``name``; ``False`` when we are not in it
        (the reply answers a question: show it)."""
        channel = self._channels.get(self.fold(name))
        if channel is None or not channel.joined:
            return False
        if channel.pending_names is None:
            channel.pending_names = {}
        for entry in entries:
            prefixes, nick = self._info.split_prefixes(entry)
            if nick:
                channel.pending_names.setdefault(self.fold(nick), ChannelMember(nick, prefixes))
        return True

    def end_names(self, name: str, me: str) -> str | None:
        """``366``: the collected members replace ``name``'s list; the channel's name, or
        ``None`` when nothing was collected for it."""
        channel = self._channels.get(self.fold(name))
        if channel is None or channel.pending_names is None:
            return None
        channel.members, channel.pending_names = channel.pending_names, None
        key = self.fold(me)
        if key not in channel.members and channel.joined:
            channel.add(key, me)
        return channel.name

    def take_who_request(self, name: str) -> bool:
        """Whether ``name`` still needs the one WHO after our join that learns who is away
        (NAMES does not say); asking twice answers ``False``."""
        channel = self._channels.get(self.fold(name))
        if channel is None or not channel.needs_who:
            return False
        channel.needs_who = False
        return True

    # -- people --------------------------------------------------------------------------------

    def members(self, name: str, me: str) -> list[Member]:
        """The people in ``name``, sorted for display (operators first, then by folded
        nick); ``me`` is our nick."""
        channel = self._channels.get(self.fold(name))
        if channel is None:
            return []
        fold, my_key = self.fold, self.fold(me)
        people = [
            Member(m.nick, m.prefixes, key in self._away, key == my_key, key in self._operators)
            for key, m in channel.members.items()
        ]
        people.sort(key=lambda m: (self._info.rank(m.prefixes), fold(m.nick)))
        return people

    def nicks(self, me: str) -> list[str]:
        """Every nick we share a channel with but ``me``, sorted by folded nick."""
        my_key = self.fold(me)
        found: dict[str, str] = {}
        for channel in self._channels.values():
            for key, member in channel.members.items():
                if key != my_key:
                    found.setdefault(key, member.nick)
        return [found[key] for key in sorted(found)]

    def set_operator(self, nick: str, is_operator: bool) -> bool:
        """Record whether ``nick`` is a server operator (WHO's ``*``); whether that changed."""
        key = self.fold(nick)
        if is_operator == (key in self._operators):
            return False
        if not is_operator:
            self._operators.discard(key)
            return True
        if len(self._operators) >= MAX_OPERATORS:
            return False
        self._operators.add(key)
        return True

    def channels_with(self, nick: str) -> list[str]:
        """The channels ``nick`` is in with us."""
        key = self.fold(nick)
        return [c.name for c in self._channels.values() if key in c.members]

    def open_private(self, nick: str) -> str:
        """The conversation name for a private chat with ``nick`` (created on first use,
        spelled as a shared channel shows them)."""
        key = self.fold(nick)
        known = self._privates.get(key)
        if known is not None:
            return known
        for channel in self._channels.values():
            member = channel.members.get(key)
            if member is not None:
                nick = member.nick
                break
        self._privates[key] = nick
        return nick

    def private_name(self, nick: str) -> str | None:
        """The private conversation with ``nick``, if there is one."""
        return self._privates.get(self.fold(nick))

    def away_message(self, nick: str) -> str | None:
        """``nick``'s away message (``""`` when away without one), ``None`` when here."""
        return self._away.get(self.fold(nick))

    def set_away(self, nick: str, text: str | None) -> bool:
        """Record ``nick``'s away state (``None``: back); whether it changed."""
        key = self.fold(nick)
        if text is None:
            return self._away.pop(key, None) is not None
        if self._away.get(key) == text:
            return False
        self._away[key] = text
        return True

    def remember_host(self, nick: str, host: str) -> None:
        """The server showed ``nick``'s host (for ``/ban`` by nick)."""
        if nick and host and len(self._hosts) < MAX_HOSTS:
            self._hosts[self.fold(nick)] = host

    def host_of(self, nick: str) -> str | None:
        """The host the server showed for ``nick`` on this connection, if seen yet."""
        return self._hosts.get(self.fold(nick))
