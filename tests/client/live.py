"""A Session on a real ThreadedTransport, driven from a test thread.

The transport calls back on its worker thread; every Session call here happens under one
condition variable, so the test thread can wait for events with a deadline instead of sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from app.client.events import Event
from app.client.session import Session
from app.client.transport import ThreadedTransport
from app.client.trust import ClientTls

E = TypeVar("E", bound=Event)
TIMEOUT = 10.0


class LiveClient:
    """One connected client; ``events`` is everything its Session emitted, in order."""

    def __init__(
        self, host: str, port: int, nick: str, *, tls: ClientTls | None = None, **kwargs: object
    ) -> None:
        self.host, self.port = host, port
        self._tls = tls
        self._cond = threading.Condition()
        self.events: list[Event] = []
        self.closed_reasons: list[str] = []
        self.session = Session(nick, **kwargs)  # type: ignore[arg-type]
        self.session.add_listener(self._on_event)
        self.transport = ThreadedTransport(self._connected, self._line, self._closed, tls=tls)
        self.session.set_sender(self.transport.send_line)

    def connect(self) -> LiveClient:
        self.transport.connect(self.host, self.port)
        return self

    def drop(self) -> None:
        """Lose the connection without QUIT, the way a network failure does."""
        self.transport.close()

    def reconnect(self) -> None:
        """A new transport for the same Session, as a front end does after a drop."""
        self.transport = ThreadedTransport(self._connected, self._line, self._closed, tls=self._tls)
        with self._cond:
            self.session.set_sender(self.transport.send_line)
        self.transport.connect(self.host, self.port)

    # -- transport callbacks (worker thread) ---------------------------------------------------
    def _connected(self) -> None:
        with self._cond:
            self.session.connection_made()

    def _line(self, line: str) -> None:
        with self._cond:
            self.session.feed(line)

    def _closed(self, reason: str) -> None:
        with self._cond:
            self.closed_reasons.append(reason)
            self.session.connection_lost(reason)
            self._cond.notify_all()

    def _on_event(self, event: Event) -> None:
        self.events.append(event)  # already under the condition's lock
        self._cond.notify_all()

    # -- test thread -----------------------------------------------------------------------------
    def submit(self, conversation: str, text: str) -> None:
        with self._cond:
            self.session.submit(conversation, text)

    def call(self, action: Callable[[Session], object]) -> object:
        """Run ``action(session)`` under the lock the transport's callbacks take."""
        with self._cond:
            return action(self.session)

    def of(self, kind: type[E]) -> list[E]:
        with self._cond:
            return [event for event in self.events if isinstance(event, kind)]

    def wait_for(
        self, predicate: Callable[[LiveClient], object], what: str, timeout: float = TIMEOUT
    ) -> None:
        """Wait until ``predicate(self)`` is true; fails with ``what`` after ``timeout``."""
        with self._cond:
            if not self._cond.wait_for(lambda: predicate(self), timeout):
                raise AssertionError(f"timed out waiting for {what}; events: {self.events}")

    def wait_event(
        self, kind: type[E], match: Callable[[E], bool] = lambda e: True, timeout: float = TIMEOUT
    ) -> E:
        """The first event of ``kind`` that ``match``es, waiting for it if needed."""
        found: list[E] = []

        def check(client: LiveClient) -> bool:
            found[:] = [e for e in client.events if isinstance(e, kind) and match(e)]
            return bool(found)

        self.wait_for(check, f"a matching {kind.__name__}", timeout)
        return found[0]

    def close(self) -> None:
        with self._cond:
            self.session.quit("test over")
        self.transport.close()
