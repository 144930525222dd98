"""When to try again after the connection drops: exponential backoff with jitter.

:class:`app.client.presentation.supervisor.Supervisor` decides when to try again for every
front end (on the front end's own timers); this class only says how long to wait, so a whole
room whose host restarts does not reconnect in lock-step.
"""

from __future__ import annotations

import random


class Backoff:
    """Delays of ``initial``, ``initial*factor``, … up to ``maximum`` seconds, each ± ``jitter``.

    ``jitter`` is a fraction (0.1 = ±10 %). Call :meth:`reset` once a connection succeeds.
    """

    def __init__(
        self,
        initial: float = 1.0,
        factor: float = 2.0,
        maximum: float = 30.0,
        jitter: float = 0.1,
        *,
        rng: random.Random | None = None,
    ) -> None:
        if initial <= 0 or factor < 1 or maximum < initial or not 0 <= jitter < 1:
            raise ValueError("need 0 < initial <= maximum, factor >= 1 and 0 <= jitter < 1")
        self.initial, self.factor, self.maximum, self.jitter = initial, factor, maximum, jitter
        self._rng = rng or random.Random()
        self._attempts = 0

    @property
    def attempts(self) -> int:
        """How many delays were handed out since the last reset."""
        return self._attempts

    def next_delay(self) -> float:
        """The seconds to wait before the next attempt (grows until ``maximum``)."""
        base = min(self.maximum, self.initial * self.factor ** min(self._attempts, 64))
        self._attempts += 1
        spread = base * self.jitter
        return min(self.maximum, max(0.0, base + self._rng.uniform(-spread, spread)))

    def reset(self) -> None:
        """Start again from ``initial`` (after a successful connection)."""
        self._attempts = 0
