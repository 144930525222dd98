"""Messages that wait: a private message to an account whose owner is offline.

Why: on a small LAN chat people come and go; a note to someone who stepped away should reach
them when they come back, with its original time (it is delivered as history), instead of
bouncing with ``401``. The message itself lives in the private conversation's history
(:mod:`app.server.history`); this module keeps which of those messages are still owed to whom.

Bounds: at most :data:`PER_RECIPIENT` messages wait for one account and :data:`PER_SENDER`
from one sender to one account; beyond either, the oldest is dropped and the sender told.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.server.store import Snapshot, Store

#: Messages waiting for one account, from everyone together.
PER_RECIPIENT = 100
#: Messages waiting for one account from one sender.
PER_SENDER = 30


class Waiting:
    """Recipient account key → message ids owed to it, oldest first, with their senders."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        self._owed: dict[str, deque[tuple[str, str]]] = {}  # account → (msgid, sender key)

    def restore(self, snapshot: Snapshot) -> None:
        """Take what the store read at start."""
        for msgid, account, sender in snapshot.waiting:
            self._owed.setdefault(account, deque()).append((msgid, sender))

    def add(self, account: str, sender: str, msgid: str) -> int:
        """Owe ``msgid`` to ``account``; how many older messages were dropped to make room."""
        owed = self._owed.setdefault(account, deque())
        owed.append((msgid, sender))
        self._save("INSERT OR REPLACE INTO waiting VALUES (?, ?, ?)", (msgid, account, sender))
        dropped = 0
        from_sender = [entry for entry in owed if entry[1] == sender]
        for entry in from_sender[: max(0, len(from_sender) - PER_SENDER)]:
            owed.remove(entry)
            self._forget(entry[0])
            dropped += 1
        while len(owed) > PER_RECIPIENT:
            self._forget(owed.popleft()[0])
            dropped += 1
        return dropped

    def take(self, account: str) -> list[tuple[str, str]]:
        """``(msgid, sender identity)`` of the messages owed to ``account``, oldest first;
        they are no longer owed."""
        owed = self._owed.pop(account, None)
        if not owed:
            return []
        self._save("DELETE FROM waiting WHERE account_key = ?", (account,))
        return list(owed)

    def count(self, account: str) -> int:
        """How many messages wait for ``account``."""
        return len(self._owed.get(account, ()))

    def _forget(self, msgid: str) -> None:
        self._save("DELETE FROM waiting WHERE msgid = ?", (msgid,))

    def _save(self, sql: str, params: tuple[object, ...]) -> None:
        if self.store is not None:
            self.store.execute(sql, params)
