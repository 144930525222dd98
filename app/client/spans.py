"""Fetching a contiguous stretch of history, so a conversation never silently has a hole.

Why: a search result may point at a line older than the oldest one shown. Asking only for the
lines *around* it and inserting them above everything would leave the lines between them and
what was shown unfetched, and scrolling up would continue above the jump. Instead a
:class:`SpanFetch` walks back from the oldest line shown (``lower``) to the line wanted
(``stop``) with IRCv3 ``CHATHISTORY BETWEEN``, one host-sized page at a time (BETWEEN counts
from its first reference: with the later line first it returns the ``limit`` lines just before
it, excluding both ends, oldest first), up to :data:`MAX_SPAN_LINES` lines in all:

- a jump (``target`` set): when the walk reaches the target (a page shorter than asked), one
  ``BEFORE`` page brings the target itself and some context before it; the whole stretch is
  inserted above what is shown, in order, and scrolling up continues above it;
- when the stretch is longer than the bound, the lines ``AROUND`` the target are fetched
  instead, and the answer says where the hole lies (:attr:`SpanResult.gap_at`): the front
  end shows an explicit "Earlier messages not shown — load them" row there;
- a gap fill (``target`` ``None``, ``stop`` the line above the hole): the same walk; a stretch
  still longer than the bound leaves the hole above the lines it brought.

The walk is pure: the session sends what :meth:`SpanFetch.request` says and hands each
answer to :meth:`SpanFetch.answered`; tests drive it without a socket.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.client.events import HistoryFetched, MessageReceived

#: Lines one stretch may bring in all (a longer hole is shown as a row that loads more).
MAX_SPAN_LINES = 2000
#: Lines asked for in one page of the walk when the host does not say its limit.
DEFAULT_SPAN_PAGE = 100
#: Lines of context fetched before a jump's target (the target itself is the last of them).
CONTEXT_LINES = 20
#: Lines asked for around a target when the stretch to it is too long.
AROUND_LINES = 21


def page_size(advertised: str | None, most: int) -> int:
    """Lines per page of a walk: the host's ``CHATHISTORY=`` limit (absent or ``0``: not
    said), never more than ``most`` (what one batch may hold) nor than the stretch's bound."""
    page = int(advertised) if advertised and advertised.isdigit() else 0
    return min(page or DEFAULT_SPAN_PAGE, most, MAX_SPAN_LINES)


@dataclass(frozen=True, slots=True)
class SpanRequest:
    """One ``CHATHISTORY`` of the walk: ``subcommand``, its message references, ``limit``."""

    subcommand: str
    references: tuple[str, ...]
    limit: int

    def params(self, target: str) -> tuple[str, ...]:
        """The command's parameters for conversation ``target``."""
        refs = tuple(f"msgid={ref}" for ref in self.references)
        return (self.subcommand, target, *refs, str(self.limit))


@dataclass(frozen=True, slots=True)
class SpanResult:
    """The finished walk: ``lines`` oldest first, all older than ``lower``.

    ``gap_at``: the hole that is left lies just before ``lines[gap_at]`` (``None``: no hole;
    ``len(lines)``: between the last of them and the oldest line shown).
    ``complete``: the host has nothing older than ``lines[0]``.
    """

    lines: tuple[MessageReceived, ...]
    gap_at: int | None
    complete: bool


@dataclass(slots=True)
class SpanFetch:
    """The walk from ``lower`` back to ``stop`` (the jump's target, or the line above a gap)."""

    lower: str
    stop: str
    target: str | None
    page: int = DEFAULT_SPAN_PAGE
    bound: int = 0  # 0: MAX_SPAN_LINES
    _range: list[MessageReceived] = field(default_factory=list, init=False)  # oldest first
    _phase: str = field(default="between", init=False)  # then "context"/"around", "done"
    _cursor: str = field(default="", init=False)
    result: SpanResult | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._cursor = self.lower
        self.bound = self.bound or MAX_SPAN_LINES

    def request(self) -> SpanRequest:
        """What to ask the host next."""
        if self._phase == "context":
            first = self._range[0].msgid if self._range else None
            return SpanRequest("BEFORE", (first or self.lower,), CONTEXT_LINES)
        if self._phase == "around":
            return SpanRequest("AROUND", (self.stop,), AROUND_LINES)
        return SpanRequest("BETWEEN", (self._cursor, self.stop), self.page)

    def answered(self, lines: tuple[MessageReceived, ...], received: int) -> bool:
        """The answer to :meth:`request` (``received``: lines the batch held, kept or not);
        whether the walk is over (:attr:`result` is set)."""
        if self._phase == "context":
            return self._finish([*lines, *self._range], None, complete=received < CONTEXT_LINES)
        if self._phase == "around":
            ids = self._ids()
            kept = [line for line in lines if line.msgid not in ids]
            # They overlap the stretch (or, with none, what is shown: those lines were dropped
            # as already on screen): nothing is missing.
            reached = len(kept) < len(lines) or (not self._range and received > len(lines))
            return self._finish(
                [*kept, *self._range], None if reached else len(kept), complete=False
            )
        self._range[:0] = lines
        if received < self.page:  # the walk reached ``stop``
            if self.target is not None:
                self._phase = "context"
                return False
            return self._finish(list(self._range), None, complete=False)
        cursor = lines[0].msgid if lines else None
        if cursor is None or cursor == self._cursor or len(self._range) >= self.bound:
            # Too long (or a host that cannot be paged): the hole stays, shown as a row.
            if self.target is not None:
                self._phase = "around"
                return False
            return self._finish(list(self._range), 0, complete=False)
        self._cursor = cursor
        return False

    def failed(self) -> bool:
        """The host refused a step; whether the walk is over. A jump refused its first
        ``BETWEEN`` (a host without it) asks for the lines around the target instead, the hole
        below them shown as a gap row; otherwise the walk ends with what it has, the hole
        (if any) still above it."""
        if self.target is not None and self._phase == "between" and not self._range:
            self._phase = "around"
            return False
        return self._give_up()

    def _give_up(self) -> bool:
        gap_at = 0 if self._range or self.target is None else None
        return self._finish(list(self._range), gap_at, complete=False)

    def event(self, conversation: str) -> HistoryFetched:
        """What the front end is handed when the walk is over (ended early: what it has)."""
        if self.result is None:
            self._give_up()
        result = self.result
        assert result is not None
        fills = None if self.target is not None else (self.stop, self.lower)
        return HistoryFetched(
            conversation, result.lines, result.complete, self.target, result.gap_at, fills
        )

    def _ids(self) -> set[str | None]:
        return {line.msgid for line in self._range}

    def _finish(self, lines: list[MessageReceived], gap_at: int | None, *, complete: bool) -> bool:
        self._phase = "done"
        self.result = SpanResult(tuple(lines), gap_at, complete)
        return True
