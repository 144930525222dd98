"""When to tell others we are typing (IRCv3 ``+typing``), at the rate the spec allows.

The ratified ``typing`` client tag: ``active`` while the user edits the input (not a
``/command``), ``paused`` once when they stop with text left, ``done`` once when they clear it
without sending. Notifications to one target are at least :data:`TYPING_INTERVAL` seconds
apart ("MUST be throttled so that any typing notification is not sent within 3 seconds of
another one for a given target"). :class:`TypingSender` only decides; the session sends. Its
clock is injected, so tests drive time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: The spec's minimum gap between two notifications to one target (seconds).
TYPING_INTERVAL = 3.0
ACTIVE, PAUSED, DONE = "active", "paused", "done"
#: How long a received state holds without news (seconds), as the spec says.
EXPIRY = {ACTIVE: 6.0, PAUSED: 30.0}
#: Targets remembered at once (a window has few conversations; bounded all the same).
MAX_TARGETS = 256


class TypingSender:
    """What ``+typing`` state (if any) to send now for each target (a folded name)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        #: Whether the user lets us send typing notifications at all.
        self.enabled = True
        self._last: dict[str, tuple[float, str]] = {}  # target -> (when sent, state sent)

    def changed(self, target: str, text: str) -> str | None:
        """The input for ``target`` now holds ``text``: ``active``, ``done`` or nothing."""
        if not self.enabled:
            return None
        last = self._last.get(target)
        if not text.strip() or text.startswith("/"):
            if last is None or last[1] == DONE:
                return None
            return self._send(target, DONE)
        return self._send(target, ACTIVE)

    def paused(self, target: str) -> str | None:
        """The user stopped typing, text left in the input: ``paused`` once after ``active``."""
        last = self._last.get(target)
        if not self.enabled or last is None or last[1] != ACTIVE:
            return None
        return self._send(target, PAUSED)

    def message_sent(self, target: str) -> None:
        """A message went to ``target``: it ends the typing (no ``done`` needed), but the
        gap since the last notification still counts."""
        last = self._last.get(target)
        if last is not None:
            self._last[target] = (last[0], DONE)

    def reset(self) -> None:
        """A new connection: nobody was told anything on it."""
        self._last.clear()

    def _send(self, target: str, state: str) -> str | None:
        now = self._clock()
        last = self._last.get(target)
        if last is not None and now - last[0] < TYPING_INTERVAL:
            return None
        if len(self._last) >= MAX_TARGETS and target not in self._last:
            del self._last[next(iter(self._last))]
        self._last[target] = (now, state)
        return state
