"""Reading a subprocess's output line by line with a deadline (no sleeps, no hangs)."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any


class Lines:
    """The stdout lines of ``process``, read on a thread; :meth:`wait_for` waits for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        try:
            for line in self.process.stdout:
                self._queue.put(line.rstrip("\n"))
        except (OSError, ValueError):  # the pipe was closed on teardown
            pass
        self._queue.put(None)

    def wait_for(self, test: Callable[[str], bool], timeout: float = 15) -> str:
        """The first new line for which ``test`` is true; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching line in {timeout} s; saw {self.seen[-5:]}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                stderr = self.process.stderr.read() if self.process.stderr else ""
                raise AssertionError(f"the process ended; saw {self.seen[-5:]}; {stderr[-2000:]}")
            self.seen.append(line)
            if test(line):
                return line

    def wait_for_list(
        self, test: Callable[[list[dict[str, Any]]], bool], timeout: float = 15
    ) -> list[dict[str, Any]]:
        """The first browse snapshot (a JSON list) for which ``test`` is true."""
        line = self.wait_for(lambda text: text.startswith("[") and test(json.loads(text)), timeout)
        return json.loads(line)
