"""Flood control: token buckets over received lines, per connection and per address.

Normal typing and short bursts (a client's connect burst, a conformance suite's quick
exchanges) pass untouched. A client that keeps sending faster than the refill rate has its
lines *delayed* (its reader thread waits, so TCP pushes back on it); one that keeps that up for
longer than ``patience`` seconds is disconnected with ``Excess Flood``.

Every connection's gate may also draw on a gate its address shares with its other connections
(see :mod:`app.server.admission`): a line waits for the longer of the two delays, so ten
connections from one address do not get ten times the share.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodPolicy:
    """How much a client may send: ``burst`` lines at once, ``rate`` lines per second after
    that, and for how many seconds (``patience``) it may keep exceeding the rate."""

    burst: int = 60
    rate: float = 5.0
    patience: float = 30.0


class FloodGate:
    """A token bucket. Per connection it needs no lock (only the reader thread uses it); a gate
    shared by an address's connections is made with ``locked=True``. ``shared`` is the
    address's gate this one also draws on."""

    def __init__(
        self,
        policy: FloodPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        locked: bool = False,
        shared: FloodGate | None = None,
    ) -> None:
        policy = policy or FloodPolicy()
        self._burst = float(policy.burst)
        self._rate = policy.rate
        self._patience = policy.patience
        self._clock = clock
        self._tokens = self._burst
        self._stamp = clock()
        self._throttled_since: float | None = None
        self._lock = threading.Lock() if locked else None
        self._shared = shared

    def admit(self) -> float | None:
        """Account for one line: seconds to wait before handling it, or ``None`` to disconnect."""
        if self._lock is None:
            delay = self._admit()
        else:
            with self._lock:
                delay = self._admit()
        shared = self._shared
        if shared is None or delay is None:
            return delay
        common = shared.admit()
        if common is None:
            return None
        return max(delay, common)

    def _admit(self) -> float | None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self._throttled_since = None
            return 0.0
        if self._throttled_since is None:
            self._throttled_since = now
        elif now - self._throttled_since > self._patience:
            return None
        delay = (1.0 - self._tokens) / self._rate
        self._tokens -= 1.0
        return delay
