"""Keep the server's threads on one CPU, where Python's GIL lets them work, not fight.

Why: only one thread runs Python at a time. Spread over several CPUs, a hundred busy reader
threads spend more time handing the GIL to each other across CPUs (a futex wake, an
inter-processor interrupt and a context switch per hand-over, all dear in a virtual machine)
than relaying messages: the private-message benchmark costs twice the CPU per delivery. On
one CPU a hand-over is an ordinary switch, and the CPUs left over serve everything else (the
desktop app's GUI thread, the clients). Linux only (``os.sched_setaffinity``); elsewhere, or
with a single CPU allowed anyway, nothing changes.

A thread inherits its creator's CPU mask, so confining the accept and housekeeping threads
confines every reader and writer thread they start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)


def chosen_cpu(
    allowed: set[int] | None = None, sysfs: Path = Path("/sys/devices/system/cpu")
) -> int | None:
    """The CPU the server's threads should share, among the ones this process may use.

    The fastest by its maximum clock (on a laptop with performance and efficiency cores,
    a performance one); among equals, or where the clock is not published (a virtual
    machine), the last, because desktops and schedulers tend to fill CPU 0 first. ``None``
    when there is nothing to choose (one CPU allowed) or the platform cannot pin threads.
    """
    if allowed is None:
        getter = getattr(os, "sched_getaffinity", None)
        if getter is None or not hasattr(os, "sched_setaffinity"):
            return None
        allowed = getter(0)
    if len(allowed) < 2:
        return None
    # max() keeps the first of equals: going from the highest number down, that is the last.
    return max(sorted(allowed, reverse=True), key=lambda cpu: _max_clock(sysfs, cpu))


def _max_clock(sysfs: Path, cpu: int) -> int:
    """The CPU's highest clock in kHz as Linux publishes it; 0 when it does not."""
    try:
        return int((sysfs / f"cpu{cpu}" / "cpufreq" / "cpuinfo_max_freq").read_text())
    except (OSError, ValueError):
        return 0


def confine_this_thread(cpu: int | None) -> None:
    """Pin the calling thread (and the threads it starts later) to ``cpu``; ``None``: no-op.

    On Linux, ``sched_setaffinity(0, …)`` applies to the calling thread only. A refusal
    (a container that forbids it) is logged and ignored: pinning is an optimisation.
    """
    if cpu is None:
        return
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as exc:
        log.info("could not keep the server on CPU %s: %s", cpu, exc)


def set_threads_cpus(threads: Iterable[threading.Thread], cpus: set[int]) -> None:
    """Let each of ``threads`` (running ones) use ``cpus``; what cannot be changed (a thread
    that ended meanwhile, a refusal) is left as it is. Linux only; elsewhere a no-op.

    Why: while a large file moves on a machine with only two CPUs, the IRC threads are let
    out of their one CPU (:meth:`app.server.filehost.service.FileHost.background`): that
    CPU may be busy in the kernel for milliseconds (a transfer's loopback traffic, or the
    pages of a removed file) while the other one idles.
    """
    setter = getattr(os, "sched_setaffinity", None)
    if setter is None:
        return
    for thread in threads:
        native = thread.native_id
        if native is None or not thread.is_alive():
            continue
        with contextlib.suppress(OSError):
            setter(native, cpus)
