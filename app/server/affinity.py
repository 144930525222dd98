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

import logging
import os

log = logging.getLogger(__name__)


def chosen_cpu() -> int | None:
    """The CPU the server's threads should share: the last one this process may use.

    The last, because desktops and schedulers tend to fill CPU 0 first. ``None`` when
    there is nothing to choose (one CPU allowed) or the platform cannot pin threads.
    """
    getter = getattr(os, "sched_getaffinity", None)
    if getter is None or not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(getter(0))
    return allowed[-1] if len(allowed) > 1 else None


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
