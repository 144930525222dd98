"""Fixtures for the Tk front end's tests: a fresh hidden Tk root per test, and the app in it."""

from __future__ import annotations

import contextlib
import gc
import socket
import tkinter as tk
from collections.abc import Iterator

import pytest

from .helpers import find, pump_until, type_into
from .peer import Peer


@pytest.fixture
def root() -> Iterator[tk.Tk]:
    """A withdrawn Tk root, destroyed (with everything in it) after the test."""
    from app.tk.app import make_root

    try:
        tk_root = make_root()
    except tk.TclError as error:  # no display even under pytest-xvfb: say so, do not error
        pytest.skip(f"Tk cannot open a display: {error}")
    yield tk_root
    with contextlib.suppress(tk.TclError):
        tk_root.update()
        tk_root.destroy()
    # Widgets, variables and the interpreter sit in reference cycles (callbacks, lambdas).
    # Collect them here, on the main thread: if the cyclic collector first runs on a worker
    # thread (a server or socket thread), Tcl aborts the process with "Tcl_AsyncDelete:
    # async handler deleted by the wrong thread" (CPython issue gh-83274).
    del tk_root
    gc.collect()


class Confirmations:
    """Stands in for the "stop hosting?" question: records it and answers ``answer``."""

    def __init__(self) -> None:
        self.answer = True
        self.asked = 0

    def __call__(self, _parent: tk.Misc) -> bool:
        self.asked += 1
        return self.answer


@pytest.fixture
def confirmations() -> Confirmations:
    return Confirmations()


@pytest.fixture
def app(root, confirmations):
    """The Tk app on ``root``; everything it started is stopped afterwards."""
    from app.tk.app import TkApp

    tk_app = TkApp(root, confirm_close=confirmations)
    yield tk_app
    tk_app.shutdown()
    if tk_app.window is not None:
        # Wait (bounded) for a hosted server to stop, so the next test starts clean.
        with contextlib.suppress(tk.TclError, AssertionError):
            pump_until(root, lambda: tk_app.finished, timeout=5)


def free_port() -> int:
    """A port that was free a moment ago (the dialog cannot host on port 0)."""
    with socket.socket() as probe:
        probe.bind(("0.0.0.0", 0))
        return probe.getsockname()[1]


def start_from_dialog(
    app, root, *, mode: str, nick: str, address: str = "", port: int = 5000, password: str = ""
):
    """Fill the start dialog like a person would and press Start; returns the dialog."""
    dialog = app.show_start_dialog("guest")
    root.update()
    find(dialog, "hostModeButton" if mode == "host" else "joinModeButton").invoke()
    type_into(find(dialog, "nickEdit"), nick)
    type_into(find(dialog, "addressEdit"), address)
    spin = find(dialog, "portSpin")
    spin.delete(0, "end")
    spin.insert(0, str(port))
    type_into(find(dialog, "passwordEdit"), password)
    root.update()
    assert not find(dialog, "startButton").instate(["disabled"]), dialog.problem_label["text"]
    find(dialog, "startButton").invoke()
    return dialog


def window_after_dialog(app, root):
    """Wait for the dialog to hand over to the main window, then for the room to be joined."""
    pump_until(
        root,
        lambda: app.window is not None or app.dialog.error_label["text"],
        message="the main window",
    )
    assert app.window is not None, app.dialog.error_label["text"]
    return app.window


@pytest.fixture
def peers() -> Iterator[list[Peer]]:
    """Raw IRC peers a test makes (append them), closed after it."""
    made: list[Peer] = []
    yield made
    for peer in made:
        with contextlib.suppress(OSError):
            peer.close()
