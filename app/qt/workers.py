"""A few daemon worker threads for blocking network calls of the Qt window (file transfers,
previews), fed from a queue.

Why not ``QThreadPool``: its destructor waits for every running task, and a transfer blocked
on a silent host waits for its socket timeout (30 s), so closing the window could hang that
long. These threads are daemons: the window asks them to stop (each task polls its cancel
event between chunks), waits a bounded moment, and exits whatever a stalled host does.
Tasks report back to the GUI thread through Qt signals of objects living there (queued).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Workers:
    """``count`` daemon threads named ``name`` running the callables given to :meth:`start`."""

    def __init__(self, count: int, name: str) -> None:
        self._tasks: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._count = count
        self._name = name
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def start(self, task: Callable[[], None]) -> None:
        """Run ``task`` on a worker (in order; at most ``count`` at once)."""
        with self._lock:
            self._busy += 1
            if len(self._threads) < self._count:
                thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._threads.append(thread)
                thread.start()
        self._tasks.put(task)

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            try:
                task()
            except Exception:
                log.exception("worker task")
            finally:
                with self._lock:
                    self._busy -= 1
                    self._idle.notify_all()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every task to end; whether they did."""
        with self._lock:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def close(self, timeout: float) -> None:
        """Let the threads end after their current task (waiting at most ``timeout``)."""
        self.wait(timeout)
        for _thread in self._threads:
            self._tasks.put(None)
