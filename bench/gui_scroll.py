"""Scrolling a 100,000-message history in the Qt message view: frame time, memory.

Fills a real :class:`~app.qt.message_view.MessageView` (in a shown 900×700 window under
Xvfb) with ``--messages`` records like a busy room's — a dozen people, groups, Persian and
English, IRC colours and bold, links, long lines that wrap, joins and parts folded into
summaries, several days — then scrolls it the ways a reader does: wheel notches up through
the history, Page Down back, and jumps by dragging the scroll bar. Every frame is one scroll
step plus a synchronous ``repaint()``, timed with ``perf_counter``. Target: p99 < 16 ms
(one frame at 60 Hz). Also reports how long the history took to add and the resident memory.

Usage: ``python bench/gui_scroll.py [--messages 100000] [--frames 1500] [--quick]``.
Writes ``bench/results/scroll-<time>.json``. On a shared, busy machine compare medians of
several runs beside the recorded load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
TARGET_P99_MS = 16.0
PEOPLE = ["Ali", "Sara", "Reza", "مریم", "Omid", "Nika", "bob", "carol", "Dariush", "Leila"]
TEXTS = [
    "hello everyone, how is it going?",
    "سلام به همه! امروز جلسه ساعت ۳ است",
    "\x02bold\x02 and \x0304red\x03 and \x1ditalic\x1d text",
    "see https://example.org/some/long/path?query=1 for the details",
    "a long line that wraps " * 12,
    "ok 👍",
    "mixed سلام and English in one message with @Sara and #lobby",
]


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def history(count: int) -> list:
    """``count`` records over several days, in the shapes a busy room has."""
    from app.client.presentation import records as rec
    from app.client.presentation.records import Record

    chance = random.Random(14)
    start = datetime.now(UTC) - timedelta(days=3)
    step = timedelta(days=3) / max(1, count)
    out = []
    person = PEOPLE[0]
    for number in range(count):
        when = start + step * number
        if chance.random() < 0.02:
            kind = chance.choice(["line.joined", "line.left"])
            out.append(Record(kind, when, params=(("nick", chance.choice(PEOPLE)),)))
            continue
        if chance.random() < 0.3:
            person = chance.choice(PEOPLE)
        text = f"{chance.choice(TEXTS)} #{number}"
        out.append(rec.message(text, person, when, own=person == "Sara"))
    return out


def run(messages: int, frames: int) -> dict:
    """Fill the view and scroll it; the measurements."""
    from app.qt.message_view import MessageView
    from app.qt.qt import QApplication

    app = QApplication.instance() or QApplication(["gui_scroll"])
    rss_start = _rss_mib()
    records = history(messages)
    view = MessageView()
    view.resize(900, 700)
    view.show()
    app.processEvents()
    began = time.perf_counter()
    for offset in range(0, len(records), 1000):  # as a history replay arrives: in batches
        for record in records[offset : offset + 1000]:
            view.append_record(record)
        view.flush()
    app.processEvents()
    fill_s = time.perf_counter() - began
    rows = view.model().rowCount()
    times: list[float] = []
    bar = view.verticalScrollBar()
    line = view.fontMetrics().height()
    chance = random.Random(16)
    per_kind = max(1, frames // 3)

    cpu: list[float] = []

    def frame(step: Callable[[], object]) -> None:
        began, began_cpu = time.perf_counter(), time.thread_time()
        step()
        view.viewport().repaint()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.thread_time() - began_cpu) * 1000)
        app.processEvents()

    for _ in range(per_kind):  # wheel notches up through the history
        frame(lambda: view.scroll_pixels(-3 * line))
    for _ in range(per_kind):  # Page Down back
        frame(lambda: view.scroll_pixels(view.viewport().height()))
    for _ in range(per_kind):  # dragging the scroll bar: jumps anywhere
        frame(lambda: bar.setValue(chance.randrange(0, max(1, bar.maximum()))))
    result = {
        "messages": messages,
        "rows": rows,
        "fill_s": fill_s,
        "frames": len(times),
        "frame_ms": {
            "p50": _pct(times, 0.5),
            "p99": _pct(times, 0.99),
            "max": max(times, default=float("nan")),
        },
        # CPU time of the GUI thread per frame: what the frame costs without waiting for a
        # core (the wall time above includes waiting, on a shared machine).
        "frame_cpu_ms": {"p50": _pct(cpu, 0.5), "p99": _pct(cpu, 0.99)},
        "rss_mib": {"start": rss_start, "end": _rss_mib()},
        "loadavg_1min": os.getloadavg()[0],
    }
    view.close()
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse arguments; re-run under xvfb-run without a display; print and save the result."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--frames", type=int, default=1500)
    parser.add_argument("--quick", action="store_true", help="300 frames (still 100,000 rows)")
    args = parser.parse_args(argv)
    if args.quick:
        args.frames = 300
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            raise SystemExit("no display and no xvfb-run (apt-get install xvfb xauth)")
        command = [xvfb, "-a", "-s", "-screen 0 1280x800x24", sys.executable, __file__]
        return subprocess.call([*command, *(argv if argv is not None else sys.argv[1:])])
    result = run(args.messages, args.frames)
    frame = result["frame_ms"]
    verdict = ("PASS" if frame["p99"] < TARGET_P99_MS else "MISS") + (
        f" frame time p99 {frame['p99']:.1f} ms (target < {TARGET_P99_MS:.0f} ms)"
    )
    result["verdicts"] = [verdict]
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"scroll-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1))
    print(
        f"GUI scroll: {result['messages']} messages in {result['rows']} rows, added in "
        f"{result['fill_s']:.1f} s; {result['frames']} frames: p50 {frame['p50']:.1f} / p99 "
        f"{frame['p99']:.1f} / max {frame['max']:.1f} ms (CPU p50 "
        f"{result['frame_cpu_ms']['p50']:.1f} / p99 {result['frame_cpu_ms']['p99']:.1f} ms); "
        f"RSS {result['rss_mib']['start']:.0f}"
        f" → {result['rss_mib']['end']:.0f} MiB; load average {result['loadavg_1min']:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(verdict)
    print(f"Written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
