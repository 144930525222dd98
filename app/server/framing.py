"""Cut a received byte stream into lines, keeping the unfinished tail, within a memory bound.

A peer that sends an endless line without a terminator cannot make the buffer grow past
``max_line`` bytes: the line is reported once as too long and discarded up to its end.
"""

from __future__ import annotations

from typing import cast

_BREAKS = (b"\r", b"\n")
#: Yielded in place of a line that was longer than the limit (and was discarded whole).
TOO_LONG = None


class LineFramer:
    """Turns chunks of bytes into complete lines (without CR/LF); empty lines are skipped.

    CR, LF and CR LF all end a line, as lenient servers do; a too-long line becomes one
    :data:`TOO_LONG` entry however many chunks it spans.
    """

    def __init__(self, max_line: int) -> None:
        self._max = max_line
        self._tail = b""
        self._discarding = False

    def feed(self, data: bytes) -> list[bytes | None]:
        """The lines completed by ``data``, in order."""
        if self._tail:
            data = self._tail + data
        # bytes.splitlines() ends lines at exactly CR, LF and CR LF (unlike str's, it knows
        # no other breaks), in one C call: this runs for every recv. What follows the last
        # break is the unfinished tail.
        parts = data.splitlines()
        self._tail = parts.pop() if parts and data[-1:] not in _BREAKS else b""
        if (
            not self._discarding
            and len(self._tail) <= self._max
            and all(parts)  # no empty line (a cheaper test than ``b"" not in parts``)
            # No line is longer than everything received (a cheaper test comes first).
            and (len(data) <= self._max or max(map(len, parts), default=0) <= self._max)
        ):
            return cast("list[bytes | None]", parts)  # the common case: every line is fine
        lines: list[bytes | None] = []
        for part in parts:
            if self._discarding:
                self._discarding = False  # the rest of the long line ends here
                continue
            if len(part) > self._max:
                lines.append(TOO_LONG)
            elif part:
                lines.append(part)
        if len(self._tail) > self._max:
            if not self._discarding:
                lines.append(TOO_LONG)
                self._discarding = True
            self._tail = b""
        return lines
