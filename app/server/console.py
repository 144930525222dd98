"""The ``serve`` command's console log: one line per event, written in batches.

Why: ``python -m app serve`` prints a line per connection, join, message and disconnect.
Printed and flushed one at a time, every relayed message cost its thread a ``write`` system
call (and a trip through the GIL around it), more than relaying the message itself under load.
Lines are instead queued (a list extended once per transaction) and a writer thread writes
what queued in one go: at once after a quiet spell, so an idle server's console is as prompt
as before, and at most every :data:`INTERVAL` seconds under load, so a busy one pays a
``write`` per interval, not per line. Order is kept: one queue, one writer (or
:meth:`ConsoleLog.flush`) at a time.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TextIO

from app.server.threads import start_thread

#: Under load, the console is written at most this often (seconds).
INTERVAL = 0.05
#: Lines joined per write: a busy interval's lines joined at once are megabytes of
#: short-lived text, for which the allocator maps fresh pages (page faults) every time.
_CHUNK = 256


class ConsoleLog:
    """A line sink for :class:`app.server.config.ServerConfig.log`; :meth:`close` when done."""

    def __init__(self, stream: TextIO, interval: float = INTERVAL) -> None:
        self._stream = stream
        self._interval = interval
        self._queue_lock = threading.Lock()  # guards _lines and _pending
        self._lines: list[str] = []
        self._pending = False  # the writer was woken and has not started draining yet
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._write_lock = threading.Lock()
        self._thread = start_thread(self._main, "console-log")

    def write(self, line: str) -> None:
        """Queue ``line``; safe from any thread, never blocks on the stream."""
        self.write_lines([line])

    def write_lines(self, lines: list[str]) -> None:
        """Queue ``lines`` in order (what :class:`~app.server.config.ServerConfig` ``log``
        gets, once per transaction); safe from any thread, never blocks on the stream."""
        lock = self._queue_lock
        lock.acquire()  # not ``with``: half the cost, and this runs once per transaction
        try:
            self._lines.extend(lines)
            if self._pending:
                return
            self._pending = True  # wake the writer once per batch, not once per line
        finally:
            lock.release()
        self._wake.set()

    def say(self, line: str) -> None:
        """Write ``line`` now, after everything queued before it (for status lines)."""
        self.write(line)
        self.flush()

    def flush(self) -> None:
        """Write what is queued, on the caller's thread."""
        with self._write_lock:
            with self._queue_lock:
                lines, self._lines = self._lines, []
            if not lines:
                return
            # A closed or broken stdout must not take the server down with it.
            with contextlib.suppress(OSError, ValueError):
                for start in range(0, len(lines), _CHUNK):
                    self._stream.write("\n".join(lines[start : start + _CHUNK]) + "\n")
                self._stream.flush()

    def close(self) -> None:
        """Stop the writer and write what is left."""
        self._stop.set()
        self._wake.set()
        self._thread.join()
        self.flush()

    def _main(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            with self._queue_lock:
                self._pending = False  # before draining: a line queued from now on wakes us
            self.flush()
            self._stop.wait(self._interval)  # lines arriving meanwhile make the next batch
