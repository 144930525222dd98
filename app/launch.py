"""Pick and start a desktop front end: Qt when it can open a window, else tkinter.

The choice is made here, once, so no other module tries one toolkit and falls back to another.
"""

from __future__ import annotations

import argparse
import os
import sys


def has_display() -> bool:
    """Whether a window can be opened at all (X11 or Wayland on Linux; always elsewhere)."""
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY = (
    "Gofto needs a display to open its window and none was found; "
    "run `gofto serve` for a headless server or `gofto chat` for the terminal client."
)


def qt_problem() -> str | None:
    """Why the Qt front end cannot start here, or ``None`` when it can."""
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as error:
        return f"PySide6 is not available ({error})"
    from app.qt.app import platform_problem

    return platform_problem()


def run_gui(args: argparse.Namespace) -> int:
    """Open the start dialog or the main window in the front end that can run here."""
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    if not args.tk:
        problem = qt_problem()
        if problem is None:
            from app.qt.app import run

            return run(args)
        print(f"Using the tkinter front end: {problem}.", file=sys.stderr)
    from app.tk.app import run as run_tk

    return run_tk(args)
