"""Notice when the person has left the computer, and when they are back (auto-away).

Watching every input event of the application from Python would cost a call per event (a
flood of messages makes thousands a second), so :class:`IdleWatcher` looks instead: every
few seconds it compares the mouse pointer's position with the last one, and the window
reports the other signs of life it sees anyway (keyboard focus moving, a message sent, the
window activated) through :meth:`IdleWatcher.activity`. The clock and the pointer are
injected, so tests run the whole cycle without waiting minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.qt.qt import QCursor, QObject, QPoint, QTimer, Signal

#: How often the pointer is looked at.
CHECK_INTERVAL_MS = 10_000


class IdleWatcher(QObject):
    """Emits ``went_idle`` after ``minutes`` without activity and ``came_back`` after it."""

    went_idle = Signal()
    came_back = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        pointer: Callable[[], QPoint] = QCursor.pos,
        interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._pointer = pointer
        self._last_activity = clock()
        self._last_pointer = pointer()
        self._minutes = 0
        self.idle = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    @property
    def minutes(self) -> int:
        """Minutes without activity before ``went_idle``; 0 turns auto-away off."""
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        """Change the delay (0: never); coming back is still reported if we were idle."""
        self._minutes = max(0, int(minutes))
        if self._minutes:
            self._timer.start()
        else:
            self._timer.stop()
            self.activity()

    def activity(self) -> None:
        """The person did something: they are here."""
        self._last_activity = self._clock()
        if self.idle:
            self.idle = False
            self.came_back.emit()

    def check(self) -> None:
        """Look at the pointer and the clock (the timer calls this; tests may too)."""
        position = self._pointer()
        if position != self._last_pointer:
            self._last_pointer = position
            self.activity()
            return
        if (
            self._minutes
            and not self.idle
            and self._clock() - self._last_activity >= self._minutes * 60
        ):
            self.idle = True
            self.went_idle.emit()
