"""Waiting on conditions with deadlines, and what a server holds, for the abuse tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from app.server.server import ChatServer

#: How often a condition is looked at again while waiting for it.
POLL = 0.01


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Return as soon as ``condition()`` holds; fail the test with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        pause.wait(POLL)


def holdings(server: ChatServer) -> tuple[int, int]:
    """``(threads alive, clients known)``: what must return to its baseline after abuse."""
    return len(server.threads_alive()), len(server.hub.clients)


def back_to(server: ChatServer, baseline: tuple[int, int], timeout: float = 10.0) -> None:
    """Wait until the server holds no more threads and clients than at ``baseline``."""
    wait_until(
        lambda: holdings(server)[0] <= baseline[0] and holdings(server)[1] <= baseline[1],
        timeout,
        f"server back to {baseline} threads/clients (now {holdings(server)})",
    )
