"""``gofto host`` / ``gofto join`` skip the start dialog; failures land in the dialog."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from app.cli import build_parser
from app.errors import HostUnreachable
from app.qt.app import launch
from app.qt.qt import QApplication, QWidget

from .conftest import free_port

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def launched(qtbot, settings):
    launchers = []

    def start(*argv: str):
        launcher = launch(build_parser().parse_args(argv), settings=settings)
        launchers.append(launcher)
        return launcher

    yield start
    for launcher in launchers:
        if launcher.main_window is not None:
            launcher.main_window.ask_before_closing = False
            launcher.main_window.close()
        if launcher.dialog is not None:
            launcher.dialog.close()
        launcher.shutdown()


def _focused_input(window) -> bool:
    focused = QApplication.focusWidget() or window.focusWidget()
    return isinstance(focused, QWidget) and focused.objectName() == "messageInput"


def test_host_opens_the_main_window_directly(qtbot, launched, make_peer):
    port = free_port()
    launcher = launched("host", "--port", str(port), "--nick", "Sara", "--room", "#tea")
    assert launcher.dialog is None
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=WAIT)
    window = launcher.main_window
    assert window.objectName() == "mainWindow" and "Gofto" in window.windowTitle()
    controller = launcher.controller
    assert controller.is_host and controller.hosted.port == port
    qtbot.waitUntil(lambda: "#tea" in controller.session.channels, timeout=WAIT)
    qtbot.waitUntil(lambda: _focused_input(window), timeout=WAIT)
    peer = make_peer("127.0.0.1", port)
    peer.register("bob", room="#tea")
    assert peer.has(lambda line: " 353 " in line and "Sara" in line)


def test_join_opens_the_main_window_in_the_linked_room(qtbot, launched, make_chat_server):
    host, port = make_chat_server().address
    launcher = launched("join", f"irc://{host}:{port}/tea", "--nick", "علی")
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=WAIT)
    controller = launcher.controller
    assert not controller.is_host
    qtbot.waitUntil(lambda: "#tea" in controller.session.channels, timeout=WAIT)
    assert controller.session.nick == "علی"
    qtbot.waitUntil(lambda: _focused_input(launcher.main_window), timeout=WAIT)


def test_join_without_nick_uses_the_remembered_one(qtbot, launched, settings, make_chat_server):
    settings.nick = "Remembered"
    host, port = make_chat_server().address
    launcher = launched("join", f"{host}:{port}")
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=WAIT)
    assert launcher.controller.session.nick == "Remembered"


def test_join_nobody_there_falls_back_to_the_dialog(qtbot, launched):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    launcher = launched("join", f"127.0.0.1:{port}", "--nick", "Sara")
    qtbot.waitUntil(lambda: launcher.dialog is not None, timeout=WAIT)
    dialog = launcher.dialog
    assert dialog.isVisible() and launcher.main_window is None
    assert dialog.error_text() == str(HostUnreachable("127.0.0.1", port, "connection refused"))
    assert dialog.address_edit.text() == f"127.0.0.1:{port}"


def test_a_broken_display_is_reported_not_a_core_dump(tmp_path):
    env = {**os.environ, "DISPLAY": ":4242", "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    code = "from app.launch import qt_problem; print(qt_problem())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    assert result.returncode == 0, result.stderr
    assert "could not open a window" in result.stdout
