"""Who used a nick before: the bounded memory behind WHOWAS.

An entry is written when a registered user leaves (QUIT, a dropped connection, a KILL, a
timeout: everything that goes through :meth:`app.server.hub.Hub.connection_lost`) and when a
user changes nick (the old one). It keeps what WHOIS showed at that moment, so WHOWAS answers
with the same ``user`` and ``host`` a client saw before.

The memory is bounded overall, not per nick: a client that keeps changing nicks, or a crowd
that keeps reconnecting, pushes the oldest entries out instead of growing the server. Lookups
are by nick under the server's case mapping (:func:`app.irc.names.fold`), like nicks online.

Plain data guarded by the hub's state lock, like the rest of the model.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from app.irc.names import fold

if TYPE_CHECKING:
    from app.server.state import Client

#: Entries kept overall (about 150 bytes of text each: a few hundred KiB at most).
DEFAULT_ENTRIES = 1000


@dataclass(frozen=True, slots=True)
class WhowasEntry:
    """One nick as it was when its user left it."""

    nick: str
    username: str
    host: str
    realname: str
    server: str
    #: When the nick was left, in seconds since the epoch.
    when: int


def entry_for(client: Client, server: str, when: int) -> WhowasEntry:
    """``client`` as WHOIS shows it now (call before its nick changes or it is forgotten)."""
    return WhowasEntry(
        nick=client.nick or "",
        username=client.username or "",
        host=client.host,
        realname=client.realname,
        server=server,
        when=when,
    )


class WhowasHistory:
    """The last ``limit`` entries overall; per nick, newest first.

    Why two structures: the overall order decides what is forgotten (oldest first, O(1)),
    the per-nick index makes WHOWAS a lookup rather than a scan of every entry.
    """

    def __init__(self, limit: int = DEFAULT_ENTRIES) -> None:
        if limit < 1:
            raise ValueError("a WHOWAS history keeps at least one entry")
        self.limit = limit
        self._order: deque[tuple[str, WhowasEntry]] = deque()
        #: Folded nick → its entries, oldest on the left.
        self._by_nick: dict[str, deque[WhowasEntry]] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, entry: WhowasEntry) -> None:
        """Remember ``entry``; the oldest entry overall is dropped beyond the limit."""
        key = fold(entry.nick)
        self._order.append((key, entry))
        self._by_nick.setdefault(key, deque()).append(entry)
        while len(self._order) > self.limit:
            old_key, _old = self._order.popleft()
            # The oldest overall is also the oldest of its nick: the left end of its deque.
            entries = self._by_nick[old_key]
            entries.popleft()
            if not entries:
                del self._by_nick[old_key]

    def lookup(self, nick: str, count: int = 0) -> list[WhowasEntry]:
        """Entries for ``nick``, most recent first; at most ``count`` when it is positive."""
        entries = self._by_nick.get(fold(nick))
        if not entries:
            return []
        newest_first = reversed(entries)
        return list(islice(newest_first, count)) if count > 0 else list(newest_first)
