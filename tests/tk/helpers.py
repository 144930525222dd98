"""Driving real Tk widgets from tests without sleeping: pump the event loop until a condition."""

from __future__ import annotations

import time
import tkinter as tk
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0


def pump_until(
    root: tk.Misc,
    condition: Callable[[], T],
    timeout: float = DEFAULT_TIMEOUT,
    message: str = "",
) -> T:
    """Run Tk's event loop until ``condition()`` is truthy; fail after ``timeout`` seconds.

    ``root.update()`` processes pending events and ``after`` timers (the transport's queue
    drain among them) and returns when there is nothing left to do, so this loop spins only
    as fast as events arrive.
    """
    deadline = time.monotonic() + timeout
    while True:
        root.update()
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message or condition}")


def pump_for(root: tk.Misc, seconds: float) -> None:
    """Keep the loop running for ``seconds`` (to check something does *not* happen)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        root.update()


def walk(widget: tk.Misc) -> Iterator[tk.Misc]:
    """``widget`` and all its descendants."""
    yield widget
    for child in widget.winfo_children():
        yield from walk(child)


def find(widget: tk.Misc, name: str) -> tk.Misc:
    """The one descendant whose Tk name is ``name`` (fails when there is none or several)."""
    found = [w for w in walk(widget) if w.winfo_name() == name]
    assert len(found) == 1, f"expected one widget named {name!r}, found {len(found)}"
    return found[0]


def find_all(widget: tk.Misc, name: str) -> list[tk.Misc]:
    """Every descendant whose Tk name is ``name``."""
    return [w for w in walk(widget) if w.winfo_name() == name]


def type_into(entry: tk.Entry, text: str) -> None:
    """Replace an Entry's text, as typing would."""
    entry.delete(0, "end")
    entry.insert(0, text)


def press(widget: tk.Misc, sequence: str) -> None:
    """Deliver a key event (e.g. ``<Return>``) to ``widget``, which must hold the focus.

    Tk sends generated key events to the focus window, as it does real keystrokes.
    """
    if sequence.startswith("<<"):
        widget.event_generate(sequence)
        return
    widget.focus_force()
    widget.update()
    widget.event_generate(sequence)
    widget.update()


def focused(root: tk.Misc) -> tk.Misc | None:
    """The widget with Tk's keyboard focus, or ``None``."""
    return root.focus_get()


def double_click(widget: tk.Misc, x: int, y: int) -> None:
    """Two clicks at ``(x, y)`` in quick succession, which Tk turns into ``<Double-Button-1>``.

    Tk refuses to generate a Double event directly; it recognises one from two presses.
    """
    for _ in range(2):
        widget.event_generate("<ButtonPress-1>", x=x, y=y)
        widget.event_generate("<ButtonRelease-1>", x=x, y=y)
    widget.update()
