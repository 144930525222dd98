"""Log lines about one address, rate-limited: a client cannot make the host's log grow.

Why: anything a client can trigger at will (a refused connection, a malformed line, a failed
TLS handshake) must not let it write to the host's log at its own pace: 8,000 refused
connections would be 8,000 lines, and each line containing NUL once wrote two chained
tracebacks. :class:`LogLimiter` lets through at most one line per key (an address) per
:data:`INTERVAL` seconds and says how many it held back when the next one passes.
:func:`describe` turns an exception into one line (type, message, where), for the places that
must log a failure they did not expect without printing a traceback.

Memory is bounded: at most ``capacity`` keys are remembered, the least recently seen
forgotten first. Thread-safe.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable

#: At most one line per key in this many seconds.
INTERVAL = 10.0


class LogLimiter:
    """Decides whether a line about a key may be logged now, and counts what was held back."""

    def __init__(
        self,
        interval: float = INTERVAL,
        capacity: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.capacity = capacity
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def allow(self, key: str) -> int | None:
        """``None`` to stay quiet; else how many lines about ``key`` were held back since the
        last one that passed (``0`` usually), for the caller to mention."""
        now = self._clock()
        with self._lock:
            last = self._seen.pop(key, None)
            if last is not None and now - last[0] < self.interval:
                self._seen[key] = (last[0], last[1] + 1)
                return None
            self._seen[key] = (now, 0)
            while len(self._seen) > self.capacity:
                self._seen.popitem(last=False)
            return last[1] if last is not None else 0

    def line(self, key: str, text: str) -> str | None:
        """``text`` with ``(N more like it held back)`` when some were; ``None`` to stay quiet."""
        held = self.allow(key)
        if held is None:
            return None
        return f"{text} ({held} more like it held back)" if held else text


def describe(exc: BaseException) -> str:
    """One line about ``exc``: its type, its message and the innermost place it came from."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    message = str(exc).replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever it says
    return f"{type(exc).__name__}: {message}{where}"


#: The limiter behind :func:`quiet`: one per process, like the logging module it guards.
_LIMITER = LogLimiter()


def quiet(logger: logging.Logger, level: int, key: str, text: str) -> None:
    """Log ``text`` (one line, no traceback) unless a line about ``key`` went out lately."""
    line = _LIMITER.line(key, text)
    if line is not None:
        logger.log(level, "%s", line)
