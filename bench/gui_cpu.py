"""The conversation view's GUI-thread CPU time, without the network or the machine's load.

``bench/gui_flood.py`` and ``bench/gui_scroll.py`` measure what a user feels (wall-clock lag and
frame time) and so depend on how busy the machine is. This measures what the code costs, to
compare two versions of it on a shared machine: CPU time of the GUI thread
(``time.thread_time``), offscreen (``QT_QPA_PLATFORM=offscreen``, no X server to wait for).

- **flood**: a real ``ChatController`` + ``MainWindow`` joined to Gofto's server; the lines a
  flood brings (four people in turn, ten messages each, one a reply, and two reactions per ten;
  with msgids and server times, as the server sends them) are fed to the controller every
  10 ms by a timer, like ``gui_flood.py``'s sender, and the view batches and paints as it
  does for the network. Reports µs of GUI-thread CPU per message.
- **scroll**: ``gui_scroll.py``'s 100,000-message history, then frames of each kind (nothing
  moved, wheel notch, Page Down, scroll-bar jump), each a step plus a synchronous repaint:
  CPU p50/p99 per kind.

Usage: ``python bench/gui_cpu.py [--messages 6000] [--history 100000] [--frames 300]``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROOM = "#lobby"
SPEAKERS = 4
REACTIONS = ("\U0001f44d", "\U0001f602", "\u2764\ufe0f", "\U0001f389")


def flood_lines(count: int) -> list[str]:
    """The lines the server sends a viewer during a flood of ``count`` messages (with
    ``message-tags`` and ``server-time``): slices of ten from each person in turn, the first
    of each slice a reply to the newest message, two reactions after each slice."""
    lines: list[str] = []
    start = datetime.now(UTC)
    msgids: list[str] = []
    serial = 0
    for number in range(count):
        speaker = f"flooder{(number // 10) % SPEAKERS}"
        when = (start + timedelta(milliseconds=number)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        serial += 1
        tags = f"msgid=bench-{serial};time={when}Z"
        if number % 10 == 0 and msgids:
            tags += f";+draft/reply={msgids[-1]}"
        source = f"{speaker}!{speaker}@127.0.0.1"
        lines.append(f"@{tags} :{source} PRIVMSG {ROOM} :flood#{number} lorem ipsum dolor sit")
        msgids.append(f"bench-{serial}")
        if number % 10 == 9:
            for offset in (2, 5):
                serial += 1
                emoji = REACTIONS[serial % len(REACTIONS)]
                lines.append(
                    f"@msgid=bench-{serial};time={when}Z;+draft/reply={msgids[-offset]};"
                    f"+draft/react={emoji} :{source} TAGMSG {ROOM}"
                )
    return lines


def _spin(app: object, done: Callable[[], bool], seconds: float) -> None:
    from bench.gui_flood import _spin as spin

    spin(app, done, seconds)  # type: ignore[arg-type]


def flood(count: int) -> dict:
    """GUI-thread CPU per message of a flood fed to a real window (see the module docstring)."""
    from app.qt.qt import QApplication, Qt, QTimer
    from bench.servers import GoftoServer

    server = GoftoServer()
    server.start()
    app = QApplication.instance() or QApplication(["gui_cpu"])
    from app import collector
    from app.qt.controller import ChatController
    from app.qt.main_window import MainWindow

    controller = ChatController("viewer", "127.0.0.1", server.port, room=ROOM)
    window = MainWindow(controller, ask_before_closing=False)
    window.show()
    collector.settle()  # as app.qt.app does once its main window is shown
    try:
        controller.start()
        _spin(app, lambda: controller.is_registered and ROOM in controller.session.channels, 20)
        _spin(app, lambda: False, 0.3)
        view = window.conversation(ROOM).view
        lines = flood_lines(count)
        position = [0]
        per_tick = 12  # ten messages and two reactions every 10 ms: 1,000 messages/s

        def tick() -> None:
            for line in lines[position[0] : position[0] + per_tick]:
                controller.transport.line_received.emit(line)
            position[0] += per_tick

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(10)
        timer.timeout.connect(tick)
        began = time.thread_time()
        timer.start()
        _spin(app, lambda: position[0] >= len(lines), 120)
        timer.stop()
        _spin(app, lambda: False, 0.1)
        cpu = time.thread_time() - began
        reactions = sum(len(nicks) for line in view.lines() for _, nicks in line.reactions)
        return {
            "messages": count,
            "rows": view.model().rowCount(),
            "reactions_shown": reactions,
            "cpu_per_message_us": cpu / count * 1e6,
        }
    finally:
        controller.shutdown()
        window.close()
        _spin(app, lambda: False, 0.2)
        server.stop()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def scroll(messages: int, frames: int) -> dict:
    """GUI-thread CPU per frame of each kind on a ``messages``-message history."""
    from app.qt.message_view import MessageView
    from app.qt.qt import QApplication
    from bench.gui_scroll import history

    app = QApplication.instance() or QApplication(["gui_cpu"])
    view = MessageView()
    view.resize(900, 700)
    view.show()
    app.processEvents()
    for record in history(messages):
        view.append_record(record)
    view.flush()
    app.processEvents()
    bar = view.verticalScrollBar()
    line = view.fontMetrics().height()
    chance = random.Random(16)
    kinds: dict[str, Callable[[], object]] = {
        "still": lambda: None,
        "wheel": lambda: view.scroll_pixels(-3 * line),
        "page": lambda: view.scroll_pixels(view.viewport().height()),
        "jump": lambda: bar.setValue(chance.randrange(0, max(1, bar.maximum()))),
    }
    result = {}
    for kind, step in kinds.items():
        cpu = []
        for _ in range(frames):
            began = time.thread_time()
            step()
            view.viewport().repaint()
            cpu.append((time.thread_time() - began) * 1000)
            app.processEvents()
        result[kind] = {"p50": _pct(cpu, 0.5), "p99": _pct(cpu, 0.99)}
    view.close()
    return result


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=6000, help="flood messages")
    parser.add_argument("--history", type=int, default=100_000, help="messages scrolled")
    parser.add_argument("--frames", type=int, default=300, help="frames of each kind")
    args = parser.parse_args(argv)
    # No X server to wait for (set here, not on import: importing this changes nothing).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    found = flood(args.messages)
    print(
        f"flood: {found['cpu_per_message_us']:.0f} µs of GUI-thread CPU a message "
        f"({found['messages']} messages, {found['reactions_shown']} reactions shown, "
        f"{found['rows']} rows)"
    )
    frames = scroll(args.history, args.frames)
    print(
        "scroll frames, GUI-thread CPU p50 / p99 ms: "
        + "; ".join(f"{kind} {v['p50']:.2f} / {v['p99']:.2f}" for kind, v in frames.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
