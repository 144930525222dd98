"""app.collector.settle: start-up's objects frozen once, young collections rarer.

Run in a child interpreter: freezing is for the life of a process, and the test process's own
objects are not the point.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import gc
    from app import collector

    class Node:
        pass

    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    alive = [Node() for _ in range(1000)]
    collector.settle()
    frozen = gc.get_freeze_count()
    assert frozen >= 1000, frozen  # what lived at the time is out of the collector's way
    assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, *before[1:])
    more = [Node() for _ in range(1000)]
    collector.settle()  # a second main window: nothing frozen again
    assert gc.get_freeze_count() == frozen
    # Cycles made after settling are still collected: memory stays bounded.
    for _ in range(100_000):
        a, b = Node(), Node()
        a.other, b.other = b, a
    del a, b
    assert gc.collect() >= 0
    assert len(gc.get_objects()) < 50_000, len(gc.get_objects())
    print("ok")
    """
)


def test_settle_freezes_once_and_cycles_are_still_collected() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
