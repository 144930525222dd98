"""Read markers (IRCv3 ``draft/read-marker``): each account's last-read time per conversation.

Why per account: the point of a read marker is that it follows the person to their other
devices and across restarts, and it is never shown to anyone else (the spec forbids leaking
it). A marker only ever moves forward. Guarded by the hub's lock; persisted via the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.server.store import Snapshot, Store

#: Conversations with a marker per account; beyond it the oldest marker is forgotten.
MAX_MARKERS_PER_ACCOUNT = 500


class ReadMarkers:
    """``(account key, conversation key)`` → the time of the last message read."""

    def __init__(self, store: Store | None = None, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self._markers: dict[str, dict[str, float]] = {}

    def restore(self, snapshot: Snapshot) -> None:
        """Take what the store read at start."""
        for account, target, when in snapshot.markers:
            self._markers.setdefault(account, {})[target] = when

    def get(self, account: str, target: str) -> float | None:
        """The account's read time for a conversation, if it set one."""
        return self._markers.get(account, {}).get(target)

    def advance(self, account: str, target: str, when: float) -> float:
        """Move the marker to ``when`` if that is later; the marker afterwards.

        A time in the future is taken as now (the spec's implementation note): a marker only
        moves forward, so one set in 2030 by a confused client would otherwise mark every
        message until then as read, on every device, for good.
        """
        when = min(when, self._clock())
        mine = self._markers.setdefault(account, {})
        current = mine.get(target)
        if current is not None and when <= current:
            return current
        mine.pop(target, None)  # re-inserted last: the oldest-set marker is first
        mine[target] = when
        while len(mine) > MAX_MARKERS_PER_ACCOUNT:
            del mine[next(iter(mine))]
        if self.store is not None:
            self.store.execute(
                "INSERT OR REPLACE INTO markers VALUES (?, ?, ?)", (account, target, when)
            )
        return when
