"""History the person asked for, and read markers: one owner per connection and session.

Why a separate owner: the join's ``CHATHISTORY LATEST`` is shown as it arrives (nothing is on
screen yet), but lines fetched while the person scrolls up, opens a private conversation or
jumps to a search result belong *above* what is shown. The session sends at most one such
request per conversation at a time; its ``chathistory`` batch is collected here and handed to
the front end whole (:class:`~app.client.events.HistoryFetched`), so a view can insert it
above without jumping. A ``BEFORE`` answer shorter than asked for means the host has nothing
older: that conversation is not asked again (until the person reconnects).

Read markers (IRCv3 ``draft/read-marker``) are kept per conversation so the session never
sends one that does not move forward (the host would answer with the same marker anyway).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.client.events import MessageReceived

#: Lines asked for in one scroll-up (``CHATHISTORY BEFORE``) or private-conversation opening.
PAGE = 50
#: Lines asked for around a message a search result jumps to (``CHATHISTORY AROUND``).
AROUND = 21
#: Lines one fetched batch may hold (more than asked: a misbehaving host is cut short).
MAX_BATCH_LINES = 500
#: History batches open at once (a host that never closes them cannot make us keep more).
MAX_OPEN_BATCHES = 32


class Kind(enum.Enum):
    """Why a ``CHATHISTORY`` was sent."""

    JOIN = "join"  # the join's LATEST: shown as it arrives
    OLDER = "older"  # scroll-up BEFORE, or a private conversation's LATEST: collected
    AROUND = "around"  # a search jump: collected


@dataclass(slots=True)
class _Request:
    kind: Kind
    limit: int
    around: str | None = None


@dataclass(slots=True)
class _Batch:
    conversation: str
    request: _Request
    lines: list[MessageReceived] = field(default_factory=list)
    received: int = 0


@dataclass(frozen=True, slots=True)
class Finished:
    """A collected batch is over: what to hand to the front end."""

    conversation: str
    kind: Kind
    lines: tuple[MessageReceived, ...]
    complete: bool
    around: str | None


class Fetches:
    """Requests in flight per conversation (folded name), their batches, and read markers."""

    def __init__(self) -> None:
        self._waiting: dict[str, list[_Request]] = {}  # per connection
        self._batches: dict[str, _Batch] = {}  # per connection: batch ref → batch
        self._complete: set[str] = set()  # per connection: nothing older on the host
        self._markers: dict[str, datetime] = {}  # per session: folded conversation → read

    def connection_reset(self) -> None:
        """A new connection: nothing is in flight; the host may have more history now."""
        self._waiting.clear()
        self._batches.clear()
        self._complete.clear()

    # -- requests -----------------------------------------------------------------------------
    def busy(self, key: str) -> bool:
        """Whether a collected request for conversation ``key`` is still unanswered."""
        return any(r.kind is not Kind.JOIN for r in self._waiting.get(key, ()))

    def complete(self, key: str) -> bool:
        """Whether the host said it has nothing older for conversation ``key``."""
        return key in self._complete

    def sent(self, key: str, kind: Kind, limit: int, around: str | None = None) -> None:
        """A ``CHATHISTORY`` for conversation ``key`` went out."""
        self._waiting.setdefault(key, []).append(_Request(kind, limit, around))

    def failed(self, key: str) -> None:
        """``FAIL CHATHISTORY … <target>``: the oldest request for ``key`` gets no batch."""
        waiting = self._waiting.get(key)
        if waiting:
            waiting.pop(0)

    # -- batches ------------------------------------------------------------------------------
    def open_batch(self, ref: str, key: str, conversation: str) -> None:
        """``BATCH +ref chathistory <conversation>``: answers the oldest request for ``key``."""
        waiting = self._waiting.get(key)
        request = waiting.pop(0) if waiting else _Request(Kind.JOIN, PAGE)
        if waiting == []:
            del self._waiting[key]
        if len(self._batches) >= MAX_OPEN_BATCHES:
            del self._batches[next(iter(self._batches))]  # the oldest, never closed
        self._batches[ref] = _Batch(conversation, request)

    def collects(self, ref: str | None) -> bool:
        """Whether a line tagged ``batch=ref`` is collected rather than shown now."""
        batch = self._batches.get(ref or "")
        return batch is not None and batch.request.kind is not Kind.JOIN

    def in_batch(self, ref: str | None) -> bool:
        """Whether ``ref`` is one of our open history batches (of any kind)."""
        return ref is not None and ref in self._batches

    def counted(self, ref: str | None) -> None:
        """A line of any kind arrived in batch ``ref`` (counted for "is there more")."""
        batch = self._batches.get(ref or "")
        if batch is not None:
            batch.received += 1

    def collect(self, ref: str, line: MessageReceived) -> None:
        """Keep ``line`` for the front end (bounded: a host cannot make us hold more)."""
        batch = self._batches.get(ref)
        if batch is not None and len(batch.lines) < MAX_BATCH_LINES:
            batch.lines.append(line)

    def close_batch(self, ref: str) -> Finished | None:
        """``BATCH -ref``: the finished batch (``None`` if it was not ours)."""
        batch = self._batches.pop(ref, None)
        if batch is None:
            return None
        request = batch.request
        complete = request.kind is Kind.OLDER and batch.received < request.limit
        return Finished(
            batch.conversation, request.kind, tuple(batch.lines), complete, request.around
        )

    def mark_complete(self, key: str) -> None:
        """The host has nothing older for ``key``: do not ask again on this connection."""
        self._complete.add(key)

    # -- read markers -------------------------------------------------------------------------
    def marker(self, key: str) -> datetime | None:
        """The last-read time known for conversation ``key``."""
        return self._markers.get(key)

    def set_marker(self, key: str, when: datetime) -> bool:
        """Remember a read marker; ``False`` when it does not move forward."""
        known = self._markers.get(key)
        if known is not None and when <= known:
            return False
        self._markers[key] = when
        return True
