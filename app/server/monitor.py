"""Who watches which nick: the two indexes behind IRCv3 MONITOR.

A client's monitor list is a set of nicks it wants to hear about when they come online or go
offline (https://ircv3.net/specs/extensions/monitor). Every event must be cheap, whoever is
online and however long the lists are, so the model keeps two indexes that mirror each other:

- folded nick → the clients watching it: a nick that signs on, signs off or changes tells
  exactly its watchers, found by one lookup rather than a scan of every list;
- client → its targets (folded → as the client wrote them): ``MONITOR L``/``S``/``C`` and a
  watcher's disconnection touch only that client's own entries.

Nicks are compared under the server's case mapping (:func:`app.irc.names.fold`). An index
entry lives only while someone watches that nick, and a client's entry only while its list is
not empty, so a watcher that leaves (:meth:`MonitorRegistry.forget`) leaves nothing behind.

Plain data guarded by the hub's state lock, like the rest of the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc.names import fold

if TYPE_CHECKING:
    from app.server.state import Client


class MonitorRegistry:
    """The monitor lists of every client, indexed both ways."""

    def __init__(self) -> None:
        #: Folded nick → the clients monitoring it (never an empty set).
        self._watchers: dict[str, set[Client]] = {}
        #: Client → folded nick → the nick as the client wrote it (never an empty dict).
        self._targets: dict[Client, dict[str, str]] = {}

    def __len__(self) -> int:
        """How many nicks are watched by anyone (what the nick index holds)."""
        return len(self._watchers)

    def watching(self) -> int:
        """How many clients have a non-empty list (what the client index holds)."""
        return len(self._targets)

    def count(self, client: Client) -> int:
        """How many targets ``client`` monitors (what the ``MONITOR`` limit counts)."""
        targets = self._targets.get(client)
        return len(targets) if targets is not None else 0

    def has(self, client: Client, nick: str) -> bool:
        """Whether ``client`` already monitors ``nick`` (in any case)."""
        targets = self._targets.get(client)
        return targets is not None and fold(nick) in targets

    def add(self, client: Client, nick: str) -> bool:
        """Monitor ``nick`` for ``client``; ``False`` if it was already on the list (the spec
        says a target is never added twice). The caller enforces the limit."""
        key = fold(nick)
        targets = self._targets.setdefault(client, {})
        if key in targets:
            return False
        targets[key] = nick
        self._watchers.setdefault(key, set()).add(client)
        return True

    def remove(self, client: Client, nick: str) -> None:
        """Stop monitoring ``nick`` for ``client`` (nothing happens if it was not listed)."""
        targets = self._targets.get(client)
        if targets is None:
            return
        key = fold(nick)
        if targets.pop(key, None) is None:
            return
        if not targets:
            del self._targets[client]
        self._drop_watcher(key, client)

    def forget(self, client: Client) -> None:
        """Clear ``client``'s list (``MONITOR C``, or the client is leaving)."""
        targets = self._targets.pop(client, None)
        if targets is None:
            return
        for key in targets:
            self._drop_watcher(key, client)

    def targets(self, client: Client) -> list[str]:
        """``client``'s targets as it wrote them, in the order they were added."""
        targets = self._targets.get(client)
        return list(targets.values()) if targets is not None else []

    def watchers(self, nick: str) -> set[Client]:
        """The clients monitoring ``nick`` (a copy: callers may change lists meanwhile)."""
        watchers = self._watchers.get(fold(nick))
        return set(watchers) if watchers is not None else set()

    def _drop_watcher(self, key: str, client: Client) -> None:
        watchers = self._watchers.get(key)
        if watchers is None:
            return
        watchers.discard(client)
        if not watchers:
            del self._watchers[key]
