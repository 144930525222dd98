"""What the message input does besides editing, the same in every front end.

:class:`InputHistory` is Up/Down recall of what was sent (one size, :data:`HISTORY_LIMIT`,
everywhere); :class:`Completer` is Tab completion of nicknames, cycling through the matches
on repeated presses. Both work on plain strings and cursor positions, so a ``QLineEdit``, a
Tk ``Entry`` and a test drive them alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.irc.names import fold

#: Sent lines remembered for Up/Down, in every front end.
HISTORY_LIMIT = 500


class InputHistory:
    """Sent lines for Up/Down; the line being typed is kept for the way back down."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._limit = limit
        self._lines: list[str] = []
        self._index: int | None = None
        self._draft = ""

    def lines(self) -> list[str]:
        """Lines sent, oldest first."""
        return list(self._lines)

    def remember(self, text: str) -> None:
        """``text`` was sent (a repeat of the last line is kept once)."""
        if not self._lines or self._lines[-1] != text:
            self._lines.append(text)
            del self._lines[: -self._limit]
        self._index = None
        self._draft = ""

    @property
    def recalling(self) -> bool:
        """Whether a sent line is being shown (Up/Down then keep walking the history)."""
        return self._index is not None

    def forget_recall(self) -> None:
        """The recalled line was cleared: no longer recalling (the draft is dropped)."""
        self._index = None
        self._draft = ""

    def previous(self, current: str) -> str | None:
        """Up: the previous sent line, or ``None`` when there is none (leave the input)."""
        if not self._lines:
            return None
        if self._index is None:
            self._draft = current
            self._index = len(self._lines) - 1
        elif self._index > 0:
            self._index -= 1
        return self._lines[self._index]

    def next(self) -> str | None:
        """Down: the next sent line, then the draft; ``None`` when not recalling."""
        if self._index is None:
            return None
        self._index += 1
        if self._index >= len(self._lines):
            self._index = None
            return self._draft
        return self._lines[self._index]


def matches(prefix: str, candidates: list[str]) -> list[str]:
    """The names in ``candidates`` that start with ``prefix`` (compared folded), sorted."""
    key = fold(prefix)
    found = {candidate for candidate in candidates if fold(candidate).startswith(key)}
    return sorted(found, key=lambda candidate: (fold(candidate), candidate))


@dataclass
class _State:
    head: str
    tail: str
    found: list[str]
    index: int = -1
    result: str = ""


class Completer:
    """Tab completion: ``complete(text, cursor)`` → ``(new_text, new_cursor)`` or ``None``.

    At the start of the line the name gets ``": "`` (addressing someone), elsewhere a space.
    Pressed again on its own result, it cycles; any other text starts afresh.
    """

    def __init__(self, names: Callable[[], list[str]]) -> None:
        self._names = names
        self._state: _State | None = None

    def reset(self) -> None:
        """Forget the cycle (the user typed something else)."""
        self._state = None

    def complete(self, text: str, cursor: int) -> tuple[str, int] | None:
        """Complete the word before ``cursor``; ``None`` when nothing matches."""
        state = self._state
        if state is not None and state.result != text:
            state = self._state = None
        if state is None:
            start = cursor
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            prefix = text[start:cursor]
            if not prefix:
                return None
            found = matches(prefix, list(self._names()))
            if not found:
                return None
            state = self._state = _State(text[:start], text[cursor:], found)
        state.index = (state.index + 1) % len(state.found)
        suffix = ": " if not state.head else " "
        before = state.head + state.found[state.index] + suffix
        tail = state.tail[1:] if state.tail.startswith(" ") else state.tail
        state.result = before + tail
        return state.result, len(before)
