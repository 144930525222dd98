"""Python's garbage collector, tuned once a front end's windows are built, or a headless host
has started.

The cyclic collector's pauses land on the GUI thread, between two events: a full collection
walks every tracked object, and after start-up there are hundreds of thousands of them (Qt's
wrappers, the modules, the window's widgets) that will live as long as the app. Measured during
``bench/gui_cpu.py``'s flood (1,000 messages/s for 10 s, GUI-thread CPU of each collection in
the flood), a full collection took 22-34 ms once and middle ones up to 3.5 ms (12 of them).

:func:`settle` collects once, then moves every object alive to the permanent generation
(:func:`gc.freeze`): later collections no longer walk the start-up objects, so they are shorter.
It also makes young collections rarer (:data:`YOUNG_THRESHOLD` allocations instead of 700);
each still visits only young objects, so memory stays bounded: garbage in a cycle waits a few
thousand allocations longer. With both, the same flood had no full collection, three middle
ones of up to 5.6 ms and young ones of up to 1 ms (frozen alone: a full one of 19 ms; a
threshold of 5,000: a middle one of 13-15 ms). Objects frozen are never collected, so it runs
once per process (the first main window), not per window.

The headless host (``serve``) settles once it listens, for the same reason on other threads: a
collection runs in whichever thread's allocation triggers it, holding the GIL. While a file
moved, the transfer thread's allocations triggered collections that held the chat's threads:
measured with ``bench/files_bench.py``'s conversation (1,500 samples), its p99 during transfers
was 1.8-6.1 ms with the collector as it was, 0.9-1.3 ms with none at all, and 0.6-1.9 ms
(idle: 0.6-0.8) settled.
"""

from __future__ import annotations

import gc

#: Allocations (less deallocations) of container objects between young collections.
YOUNG_THRESHOLD = 2_000


def settle() -> None:
    """Collect, freeze what lives now and raise the young threshold; once per process."""
    if gc.get_freeze_count():
        return  # settled already (the first main window), or frozen by whoever embeds us
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
