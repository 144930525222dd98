"""What a session knows about the server and its channels, without any protocol handling.

The server tells us, through ``005 RPL_ISUPPORT``, how it compares names (``CASEMAPPING``),
which characters start a channel name (``CHANTYPES``) and which status prefixes exist
(``PREFIX``). :class:`ServerInfo` keeps those so the rest of the client never assumes Gofto's
own rules when it talks to an ordinary IRC server. :class:`Channel` is one channel's members
and topic, keyed by folded nick so ``Alice`` and ``alice`` are one person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.irc import fold as unicode_fold
from app.irc.isupport import parse_isupport, parse_prefix
from app.irc.names import CHANTYPES

_RFC1459 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ[]\\~", "abcdefghijklmnopqrstuvwxyz{}|^")
_STRICT_RFC1459 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ[]\\", "abcdefghijklmnopqrstuvwxyz{}|")
_ASCII = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def casemap_function(casemapping: str | None) -> Callable[[str], str]:
    """The function that folds names under a ``CASEMAPPING`` value.

    Absent means ``rfc1459`` (what the spec says a client must assume); the PRECIS mappings
    (Gofto's ``rfc8265``, older ``rfc7613``) and anything unknown fold like Gofto does, since
    a server that invents a mapping almost certainly means a Unicode-aware one.
    """
    value = (casemapping or "rfc1459").lower()
    if value == "ascii":
        return lambda name: name.translate(_ASCII)
    if value == "rfc1459":
        return lambda name: name.translate(_RFC1459)
    if value == "strict-rfc1459":
        return lambda name: name.translate(_STRICT_RFC1459)
    return unicode_fold


class ServerInfo:
    """The ``RPL_ISUPPORT`` facts the client relies on, with RFC defaults until they arrive."""

    def __init__(self) -> None:
        self.tokens: dict[str, str | None] = {}
        self.casemapping: str | None = None
        self.fold: Callable[[str], str] = casemap_function(None)
        self.prefix_modes, self.prefix_symbols = parse_prefix(None)
        self.chantypes = CHANTYPES
        self.nicklen = 30
        self.network = ""
        self.chanmodes: tuple[str, str, str, str] = ("beI", "k", "l", "imnpst")
        self.statusmsg = ""

    def update(self, tokens: list[str]) -> bool:
        """Apply one 005 line's tokens; returns whether the case mapping changed."""
        parsed = parse_isupport(tokens)
        self.tokens.update(parsed)
        changed = False
        if "CASEMAPPING" in parsed and parsed["CASEMAPPING"] != self.casemapping:
            self.casemapping = parsed["CASEMAPPING"]
            self.fold = casemap_function(self.casemapping)
            changed = True
        if "PREFIX" in parsed:
            self.prefix_modes, self.prefix_symbols = parse_prefix(parsed["PREFIX"])
        if parsed.get("CHANTYPES"):
            self.chantypes = parsed["CHANTYPES"] or CHANTYPES
        if (parsed.get("NICKLEN") or "").isdigit():
            self.nicklen = max(1, int(parsed["NICKLEN"] or 30))
        if parsed.get("NETWORK"):
            self.network = parsed["NETWORK"] or ""
        if parsed.get("CHANMODES"):
            groups = [*(parsed["CHANMODES"] or "").split(","), "", "", "", ""][:4]
            self.chanmodes = (groups[0], groups[1], groups[2], groups[3])
        if "STATUSMSG" in parsed:
            self.statusmsg = parsed["STATUSMSG"] or ""
        return changed

    def is_channel(self, target: str) -> bool:
        """Whether ``target`` names a channel on this server."""
        return bool(target) and target[0] in self.chantypes

    def rank(self, prefixes: str) -> int:
        """Sort key of a member's status: 0 for the highest prefix, larger for lower ones."""
        ranks = [self.prefix_symbols.index(p) for p in prefixes if p in self.prefix_symbols]
        return min(ranks, default=len(self.prefix_symbols))

    def order_prefixes(self, prefixes: str) -> str:
        """``prefixes`` without duplicates, highest first, as the PREFIX token orders them."""
        return "".join(p for p in self.prefix_symbols if p in prefixes)

    def split_prefixes(self, entry: str) -> tuple[str, str]:
        """``"@+alice"`` → ``("@+", "alice")``; a ``userhost-in-names`` suffix is dropped."""
        index = 0
        while index < len(entry) and entry[index] in self.prefix_symbols:
            index += 1
        nick = entry[index:].split("!", 1)[0]
        return self.order_prefixes(entry[:index]), nick


@dataclass(slots=True)
class ChannelMember:
    """A nick in one channel with its status prefixes (``"@"``, ``"+"``, …)."""

    nick: str
    prefixes: str = ""


@dataclass(slots=True)
class Channel:
    """One channel we are in (or were in, before a disconnect, and will rejoin)."""

    name: str
    members: dict[str, ChannelMember] = field(default_factory=dict)
    topic: str = ""
    joined: bool = False
    #: Set on our own JOIN: once NAMES is complete, a WHO learns who is away.
    needs_who: bool = False
    #: Members collected from 353 lines until 366 says the list is complete.
    pending_names: dict[str, ChannelMember] | None = None

    def add(self, key: str, nick: str, prefixes: str = "") -> None:
        """Add a member (or update their spelling, keeping their status)."""
        member = self.members.get(key)
        if member is None:
            self.members[key] = ChannelMember(nick, prefixes)
        else:
            member.nick = nick

    def remove(self, key: str) -> bool:
        """Remove a member; returns whether they were here."""
        return self.members.pop(key, None) is not None
