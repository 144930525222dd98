"""History the person asked for, and read markers: one owner per connection and session.

Why a separate owner: the join's ``CHATHISTORY LATEST`` is shown as it arrives (nothing is on
screen yet), but lines fetched while the person scrolls up, opens a private conversation or
jumps to a search result belong *above* what is shown (and the lines of a gap row, in its
place). The session sends at most one scroll-up or jump per conversation at a time (a gap's
fill may go out beside it, once per gap); each ``chathistory`` batch is collected here and
handed to the front end whole (:class:`~app.client.events.HistoryFetched`), so a view can
insert it without jumping; a jump's steps are walked by :mod:`app.client.spans`. A
``BEFORE`` answer shorter than asked for means the host has nothing older: that conversation
is not asked again (until the person reconnects). A join's answer that filled its page with
lines never shown before may have skipped some (a reconnect after a long absence): the
session says so (:class:`~app.client.events.ReplayMaySkip`).

Which request a batch answers: we do not negotiate ``labeled-response``, so every
``CHATHISTORY`` we send — the join's ``LATEST`` included — is registered here, and a
``chathistory`` batch (whose parameter names the target, per the specification) answers the
oldest request still waiting for that target: the host answers one connection's commands in
order. Without the join's entry, a scroll-up ``BEFORE`` sent before the join's answer came
would take that answer as its own. A host that never answers cannot make us hold more: no
new request is sent while :data:`MAX_WAITING` wait for a conversation, one unanswered for
:data:`FETCH_TIMEOUT` seconds no longer counts (it stays in line, so a late answer still
finds its request), and past twice that many the oldest is forgotten.

Read markers (IRCv3 ``draft/read-marker``) are kept per conversation so the session never
sends one that does not move forward (the host would answer with the same marker anyway).
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.client.events import MessageReceived
from app.client.spans import SpanFetch

#: Lines asked for in one scroll-up (``CHATHISTORY BEFORE``) or private-conversation opening.
PAGE = 50
#: Lines asked for around a message a search result jumps to (``CHATHISTORY AROUND``).
AROUND = 21
#: Lines one fetched batch may hold (more than asked: a misbehaving host is cut short).
MAX_BATCH_LINES = 500
#: History batches open at once (a host that never closes them cannot make us keep more).
MAX_OPEN_BATCHES = 32
#: Requests that may wait for their answer per conversation (the oldest is forgotten).
MAX_WAITING = 8
#: Seconds after which an unanswered request no longer keeps its conversation busy.
FETCH_TIMEOUT = 30.0


class Kind(enum.Enum):
    """Why a ``CHATHISTORY`` was sent."""

    JOIN = "join"  # the join's LATEST: shown as it arrives
    OLDER = "older"  # scroll-up BEFORE, or a private conversation's LATEST: collected
    AROUND = "around"  # a search jump: collected
    SPAN = "span"  # one step of a contiguous stretch (app.client.spans): collected


@dataclass(slots=True)
class _Request:
    kind: Kind
    limit: int
    around: str | None = None
    sent_at: float = 0.0
    span: SpanFetch | None = None


@dataclass(slots=True)
class _Batch:
    conversation: str
    request: _Request
    lines: list[MessageReceived] = field(default_factory=list)
    received: int = 0
    fresh: int = 0  # lines never shown before (not dropped as a reconnect's repeats)


@dataclass(frozen=True, slots=True)
class Finished:
    """A collected batch is over: what to hand to the front end."""

    conversation: str
    kind: Kind
    lines: tuple[MessageReceived, ...]
    complete: bool
    around: str | None
    received: int = 0
    span: SpanFetch | None = None
    #: The join's answer was full and none of it had been shown: lines may be missing
    #: between what was shown before (a reconnect) and it.
    may_skip: bool = False


class Fetches:
    """Requests in flight per conversation (folded name), their batches, and read markers."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._waiting: dict[str, deque[_Request]] = {}  # per connection
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
        """Whether a collected request for conversation ``key`` is still unanswered (and not
        given up on: see :data:`FETCH_TIMEOUT`)."""
        now = self._clock()
        return any(
            r.kind is not Kind.JOIN and now - r.sent_at < FETCH_TIMEOUT
            for r in self._waiting.get(key, ())
        )

    def has_room(self, key: str) -> bool:
        """Whether another request for ``key`` may go out (fewer than :data:`MAX_WAITING`
        unanswered and not given up on)."""
        now = self._clock()
        live = sum(now - r.sent_at < FETCH_TIMEOUT for r in self._waiting.get(key, ()))
        return live < MAX_WAITING

    def filling(self, key: str, upper: str, lower: str) -> bool:
        """Whether the hole between ``upper`` and ``lower`` in ``key`` is being fetched."""
        now = self._clock()
        return any(
            r.span is not None
            and (r.span.stop, r.span.lower) == (upper, lower)
            and now - r.sent_at < FETCH_TIMEOUT
            for r in self._waiting.get(key, ())
        )

    def waiting(self, key: str) -> int:
        """How many requests for conversation ``key`` wait for their answer."""
        return len(self._waiting.get(key, ()))

    def complete(self, key: str) -> bool:
        """Whether the host said it has nothing older for conversation ``key``."""
        return key in self._complete

    def sent(
        self,
        key: str,
        kind: Kind,
        limit: int,
        around: str | None = None,
        span: SpanFetch | None = None,
    ) -> None:
        """A ``CHATHISTORY`` for conversation ``key`` went out (the join's too)."""
        waiting = self._waiting.setdefault(key, deque())
        waiting.append(_Request(kind, limit, around, self._clock(), span))
        while len(waiting) > 2 * MAX_WAITING:
            waiting.popleft()

    def failed(self, key: str) -> SpanFetch | None:
        """``FAIL CHATHISTORY … <target>``: the oldest request for ``key`` gets no batch;
        the stretch it was a step of, if any (it ends with what it has)."""
        waiting = self._waiting.get(key)
        if not waiting:
            return None
        request = waiting.popleft()
        if not waiting:
            del self._waiting[key]
        return request.span

    def join_unanswered(self, key: str) -> None:
        """The join's ``LATEST`` for ``key`` got no batch and will not (an answer to a command
        sent after it came first): it no longer waits, so later requests keep their answers."""
        waiting = self._waiting.get(key)
        if not waiting:
            return
        for request in waiting:
            if request.kind is Kind.JOIN:
                waiting.remove(request)
                break
        if not waiting:
            del self._waiting[key]

    # -- batches ------------------------------------------------------------------------------
    def open_batch(self, ref: str, key: str, conversation: str) -> None:
        """``BATCH +ref chathistory <conversation>``: answers the oldest request for ``key``."""
        waiting = self._waiting.get(key)
        request = waiting.popleft() if waiting else _Request(Kind.JOIN, PAGE)
        if waiting is not None and not waiting:
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

    def fresh(self, ref: str | None) -> None:
        """A line of batch ``ref`` was never shown before (it is not a reconnect's repeat)."""
        batch = self._batches.get(ref or "")
        if batch is not None:
            batch.fresh += 1

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
            batch.conversation,
            request.kind,
            tuple(batch.lines),
            complete,
            request.around,
            batch.received,
            request.span,
            request.kind is Kind.JOIN and batch.fresh == batch.received >= request.limit > 0,
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
