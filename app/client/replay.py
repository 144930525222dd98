"""A room's history, replayed by the server when we join it, told apart from live lines.

We ask for a room's latest lines when we join it (IRCv3 ``draft/chathistory``: ``CHATHISTORY
LATEST``); the server answers in a ``BATCH +ref chathistory #room`` … ``BATCH -ref``, each
line with its ``msgid``. After a reconnect that replay repeats what is
already on screen: the ids shown this session are remembered (a bounded number of them) so
the repeats are dropped.
"""

from __future__ import annotations

from collections import deque

#: Message ids remembered to drop replayed lines already shown (a reconnect's history).
MAX_SEEN_IDS = 5000


class Replay:
    """Open history batches (per connection) and the message ids already shown (per session)."""

    def __init__(self) -> None:
        self._batches: dict[str, str] = {}  # open chathistory batch reference → channel
        # msgids of messages shown this session, oldest first.
        self._seen_ids: set[str] = set()
        self._seen_order: deque[str] = deque()

    def connection_reset(self) -> None:
        """A new connection: no batch is open."""
        self._batches.clear()

    def open_batch(self, ref: str, channel: str) -> None:
        """``BATCH +ref chathistory channel``."""
        self._batches[ref] = channel

    def close_batch(self, ref: str) -> str | None:
        """``BATCH -ref``: the channel whose replay ended, if it was one of ours."""
        return self._batches.pop(ref, None)

    def in_history(self, ref: str | None) -> bool:
        """Whether a line tagged ``batch=ref`` belongs to a history replay."""
        return ref is not None and ref in self._batches

    def first_sight(self, msgid: str) -> bool:
        """Remember ``msgid``; ``False`` when a message with it was already shown."""
        if msgid in self._seen_ids:
            return False
        self._seen_ids.add(msgid)
        self._seen_order.append(msgid)
        if len(self._seen_order) > MAX_SEEN_IDS:
            self._seen_ids.discard(self._seen_order.popleft())
        return True
