"""Slowing down password guessing, per address.

The first few wrong passwords (room ``PASS`` or host ``OPER``) from an address cost nothing,
so a typo is not punished; after that every one doubles how long that address must wait
before its next try is even looked at: 0.5 s, 1 s, 2 s … up to a ceiling.
A try that arrives too early is refused without comparing anything, so opening many
connections in parallel does not guess faster either. A right password clears the record.

Memory is bounded: at most ``capacity`` addresses are remembered, the least recently failing
forgotten first (an LRU dict), and a record older than ``forget_after`` seconds starts over.
Not thread-safe on its own: the hub's lock guards it, like the rest of the server's state.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Record:
    failures: int
    last_failure: float
    blocked_until: float


class PasswordThrottle:
    """Exponential back-off for wrong passwords, one record per address, LRU-bounded."""

    def __init__(
        self,
        *,
        free_failures: int = 3,
        base_delay: float = 0.5,
        max_delay: float = 60.0,
        forget_after: float = 600.0,
        capacity: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free_failures = free_failures
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self.capacity = capacity
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def __len__(self) -> int:
        return len(self._records)

    def wait_left(self, address: str) -> float:
        """Seconds before a try from ``address`` will be considered (0 means now)."""
        record = self._records.get(address)
        if record is None:
            return 0.0
        return max(0.0, record.blocked_until - self._clock())

    def failed(self, address: str) -> float:
        """Record a wrong password from ``address``; returns the delay now imposed on it."""
        now = self._clock()
        record = self._records.pop(address, None)
        if record is None or now - record.last_failure > self.forget_after:
            record = _Record(0, now, now)
        record.failures += 1
        excess = record.failures - self.free_failures
        delay = 0.0
        if excess > 0:
            delay = min(self.max_delay, self.base_delay * 2 ** min(excess - 1, 32))
        record.last_failure = now
        record.blocked_until = now + delay
        self._records[address] = record  # most recent at the end
        while len(self._records) > self.capacity:
            self._records.popitem(last=False)
        return delay

    def succeeded(self, address: str) -> None:
        """A right password from ``address``: forget its failures."""
        self._records.pop(address, None)
