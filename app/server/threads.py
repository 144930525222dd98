"""Start the server's threads with a small stack, so thousands of connections stay feasible."""

from __future__ import annotations

import threading
from collections.abc import Callable

#: Stack per server thread. Python 3.11 keeps Python-to-Python calls off the C stack, so a
#: reader thread needs little; the default (8 MiB of address space on Linux) would make 2,000
#: connections cost 32 GiB of virtual memory.
STACK_SIZE = 512 * 1024

_stack_lock = threading.Lock()


def start_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """Start a daemon thread running ``target`` with :data:`STACK_SIZE` bytes of stack.

    ``threading.stack_size`` is process-wide, so it is set and restored around the start
    under a lock; other code's threads keep their default.
    """
    thread = threading.Thread(target=target, name=name, daemon=True)
    with _stack_lock:
        try:
            previous = threading.stack_size(STACK_SIZE)
        except (ValueError, RuntimeError):  # platform refuses custom sizes
            thread.start()
            return thread
        try:
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread
