"""Slowing down password guessing, per address, by delaying rather than refusing.

The first few wrong passwords (room ``PASS`` or host ``OPER``) from an address cost nothing,
so a typo is not punished; after that every one doubles how long that address must wait
before its next try is looked at: 0.5 s, 1 s, 2 s … up to a ceiling (:class:`PasswordThrottle`).
A try that arrives while its address must wait is *not refused*: it waits in the address's
line (:class:`PasswordQueue`) and is answered when its turn comes, one try at a time. So
opening many connections in parallel does not guess faster, and the right password from the
same address (a colleague behind the same router as a guesser) still gets in, only later. A
right password clears the record.

The trade-off: someone who guesses from your address makes you wait too, up to the ceiling
for every try in line before yours; the line is at most :data:`MAX_WAITING` tries long (the
per-address connection limit keeps it shorter still), and only a try that finds it full is
refused ("wait a little and try again").

Memory is bounded: at most ``capacity`` addresses are remembered, the least recently failing
forgotten first (an LRU dict), and a record older than ``forget_after`` seconds starts over.
Not thread-safe on its own: the hub's lock guards it, like the rest of the server's state.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

#: Tries one address may have waiting at once; a try that finds its line full is refused.
MAX_WAITING = 16


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
        max_delay: float = 10.0,
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


class PasswordQueue:
    """Each address's waiting password tries, answered one at a time when its wait is over.

    ``wait_left(address)`` says how long an address must still wait (the throttle's answer,
    looked up at each use, so the throttle may be replaced). A try is a callable that
    compares the password and answers the client; it runs at once when its address may try
    and nothing waits before it, else later from :meth:`run_due`. Guarded by the hub's lock,
    like the throttle.
    """

    def __init__(self, wait_left: Callable[[str], float], max_waiting: int = MAX_WAITING) -> None:
        self._wait_left = wait_left
        self.max_waiting = max_waiting
        #: Called when a try starts waiting (the server wakes whoever answers them).
        self.on_queued: Callable[[], None] = lambda: None
        self._lines: dict[str, deque[Callable[[], None]]] = {}

    def __len__(self) -> int:
        return sum(len(line) for line in self._lines.values())

    def submit(self, address: str, attempt: Callable[[], None]) -> bool:
        """Run ``attempt`` now, or queue it; ``False`` (not run) when the line is full."""
        line = self._lines.get(address)
        if line is None:
            if self._wait_left(address) <= 0:
                attempt()
                return True
            line = self._lines[address] = deque()
        if len(line) >= self.max_waiting:
            return False
        line.append(attempt)
        self.on_queued()
        return True

    def run_due(self) -> None:
        """Answer every try whose turn has come (each address's first, while it may try)."""
        for address in list(self._lines):
            line = self._lines[address]
            while line and self._wait_left(address) <= 0:
                line.popleft()()
            if not line:
                del self._lines[address]

    def next_due(self) -> float | None:
        """Seconds until the next waiting try may be answered (``None``: nothing waits)."""
        if not self._lines:
            return None
        return min(self._wait_left(address) for address in self._lines)
