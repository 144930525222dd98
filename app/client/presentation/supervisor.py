"""The reconnect supervisor: when to try again, and the countdown a person sees meanwhile.

Every front end used to keep its own timers and rules; this one object holds them. It knows
no toolkit: the front end passes a :class:`Timers` (``QTimer``, Tk ``after``, or a fake clock
in tests) and a ``connect`` callable, and reports what happens to the connection. The
supervisor answers with ``connect()`` calls and :class:`Waiting` notes for the status line.

Rules: a connection that never registered is not retried unless ``retry_unregistered`` (a
start dialog wants to hear "no chat there" at once); a fatal refusal (wrong password, a
changed certificate) is never retried; a stopped supervisor does nothing; the delays grow
with :class:`~app.client.reconnect.Backoff` and start again after a registration.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.client.reconnect import Backoff

Cancel = Callable[[], None]


class Timers(Protocol):
    """Run a callback later on the front end's own thread."""

    def call_later(self, seconds: float, callback: Callable[[], None]) -> Cancel:
        """Call ``callback`` after ``seconds``; the result cancels it (safe to call twice)."""
        ...


@dataclass(frozen=True, slots=True)
class Waiting:
    """The next attempt is ``seconds`` away (whole seconds, at least 1); ``reason`` is why
    the last connection ended. Shown as the catalogue's ``state.retrying``."""

    seconds: int
    reason: str


class Supervisor:
    """Decides when ``connect()`` is called again after a connection ends."""

    def __init__(
        self,
        connect: Callable[[], None],
        timers: Timers,
        *,
        backoff: Backoff | None = None,
        on_waiting: Callable[[Waiting], None] = lambda _waiting: None,
        retry_unregistered: bool = False,
    ) -> None:
        self._connect = connect
        self._timers = timers
        self.backoff = backoff or Backoff()
        self._on_waiting = on_waiting
        #: Whether a connection that never registered is retried too.
        self.retry_unregistered = retry_unregistered
        self._ever_registered = False
        self._stopped = False
        self._fatal = False
        self._cancels: list[Cancel] = []
        self._seconds_left = 0
        self._reason = ""

    # -- what the front end reports --------------------------------------------------------
    @property
    def ever_registered(self) -> bool:
        """Whether any connection of this supervisor got as far as registering."""
        return self._ever_registered

    @property
    def stopped(self) -> bool:
        """Whether the supervisor gave up or was stopped (no attempt will follow)."""
        return self._stopped

    @property
    def waiting(self) -> bool:
        """Whether an attempt is scheduled."""
        return bool(self._cancels)

    def start(self) -> None:
        """Connect now (again after :meth:`stop`)."""
        self._stopped = False
        self._fatal = False
        self._attempt()

    def registered(self) -> None:
        """The connection registered: the next drop starts the delays from the beginning."""
        self._ever_registered = True
        self._fatal = False
        self.backoff.reset()

    def refused(self) -> None:
        """The server refused us for good: the next drop is not retried."""
        self._fatal = True

    def lost(self, reason: str) -> bool:
        """The connection ended; returns whether another attempt was scheduled."""
        self._cancel()
        if self._stopped or self._fatal:
            self._stopped = True
            return False
        if not self._ever_registered and not self.retry_unregistered:
            self._stopped = True
            return False
        delay = self.backoff.next_delay()
        self._reason = reason
        self._seconds_left = max(1, math.ceil(delay))
        self._cancels.append(self._timers.call_later(delay, self._attempt))
        self._tick()
        return True

    def retry_now(self) -> None:
        """Skip the rest of the delay (a "Reconnect" button, a trusted new certificate)."""
        if not self._stopped:
            self._attempt()

    def stop(self) -> None:
        """No more attempts (quit, window closed)."""
        self._stopped = True
        self._cancel()

    # -- internals ---------------------------------------------------------------------------
    def _attempt(self) -> None:
        self._cancel()
        if not self._stopped:
            self._connect()

    def _tick(self) -> None:
        self._on_waiting(Waiting(self._seconds_left, self._reason))
        if self._seconds_left > 1:
            self._cancels.append(self._timers.call_later(1.0, self._count_down))

    def _count_down(self) -> None:
        if self._cancels:
            self._cancels.pop()  # this tick's own timer has fired
        self._seconds_left -= 1
        self._tick()

    def _cancel(self) -> None:
        cancels, self._cancels = self._cancels, []
        for cancel in cancels:
            cancel()
