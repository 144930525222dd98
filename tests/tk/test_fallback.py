"""Without PySide6, ``gofto host`` opens the Tk window and says why on stderr."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .peer import Peer

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0

# `sys.modules["PySide6"] = None` makes every `import PySide6…` raise ImportError, exactly as
# on a machine where it is not installed.
NO_QT = (
    "import sys; sys.modules['PySide6'] = None; "
    "from app.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)  # polling a condition (the port accepting) with a deadline
    raise AssertionError(f"the hosted chat never listened on {port}")


def _xdotool(*args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    return done.stdout.strip()


def _focused_window() -> str:
    # getwindowfocus fails while nothing has the focus yet (PointerRoot): that is "not yet".
    done = subprocess.run(
        ["xdotool", "getwindowfocus"], check=False, capture_output=True, text=True, timeout=TIMEOUT
    )
    return done.stdout.strip()


def _wait_for_focus(window: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while _focused_window() != window:
        assert time.monotonic() < deadline, "the Gofto window never took the keyboard focus"
        time.sleep(0.05)  # polling a condition (who has the focus) with a deadline


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_without_pyside6_host_opens_the_tk_window(tmp_path):
    assert os.environ.get("DISPLAY"), "pytest-xvfb should provide a display"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", NO_QT, "host", "--port", str(port), "--nick", "ali"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peer = None
    try:
        # --sync waits (bounded by the timeout) until the window exists.
        window = _xdotool("search", "--sync", "--name", "^#lobby .* Gofto$").splitlines()[0]
        assert _xdotool("getwindowname", window) == "#lobby — Gofto"
        _wait_listening(port, process)
        peer = Peer(port, "bob")
        peer.wait(
            lambda m: (
                (m.command == "JOIN" and (m.source or "").startswith("ali!"))
                or (m.command == "353" and "ali" in [n.lstrip("@+") for n in m.params[-1].split()])
            )
        )
        # After joining, the window takes the keyboard focus, in the room's input: type
        # /quit there (as a person would), which leaves, stops the server and exits.
        _wait_for_focus(window)
        _xdotool("type", "--delay", "10", "/quit")
        _xdotool("key", "Return")
        _out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if peer is not None:
            peer.close()
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Using the tkinter front end: PySide6 is not available" in err
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
        pass  # the embedded server stopped with the window
