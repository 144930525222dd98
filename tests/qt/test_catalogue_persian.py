"""The Qt window says Gofto's own sentences in Persian: /help, usage, errors, WHOIS lines.

A real main window joined to a real server; the person types slash commands into the room's
``messageInput`` and the Persian lines must appear in its ``messageView`` (the catalogue's
codes said with the compiled .qm). The PNGs go to ``resources/screenshots/`` only with
``GOFTO_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt import i18n
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import Qt
from app.resources import resource_path
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield translation
    translation.remove()


@pytest.fixture
def window(qtbot, make_peer, fast_backoff):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(
        "سارا", "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff
    )
    main = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(main)
    main.resize(900, 600)
    main.show()
    qtbot.waitExposed(main)
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    bob = make_peer("127.0.0.1", hosted.port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: len(main.user_list.list_model.nicks()) == 2, timeout=WAIT)
    yield main
    controller.shutdown()
    hosted.stop()


def _text(window: MainWindow) -> str:
    room = window.conversation("#lobby")
    room.view.flush()
    # Values inside Gofto's sentences are isolated (invisible U+2066–U+2069) so they keep
    # their shape in Persian; what a person reads is the text without them.
    return strip_isolates(room.view.toPlainText())


def _type(qtbot, window: MainWindow, line: str) -> None:
    room = window.conversation("#lobby")
    room.input.setFocus()
    qtbot.keyClicks(room.input, line)
    qtbot.keyClick(room.input, Qt.Key.Key_Return)


def test_help_usage_errors_and_whois_in_persian(qtbot, persian, window, tmp_path):
    assert persian.translators, "gofto_fa.qm did not load"
    _type(qtbot, window, "/help")
    qtbot.waitUntil(lambda: "فرستادن یک خط خام IRC" in _text(window), timeout=WAIT)
    _type(qtbot, window, "/frobnicate")
    _type(qtbot, window, "/msg")
    qtbot.waitUntil(lambda: "طرز استفاده: /msg کاربر متن" in _text(window), timeout=WAIT)
    shown = _text(window)
    assert "فرمان‌ها (برای فرستادن پیامی که با / شروع می‌شود" in shown
    assert "پیوستن به یک اتاق یا ساختن آن" in shown
    assert "فرمان /frobnicate را نمی‌شناسم" in shown
    for english in ("Commands", "Usage", "Unknown command", "send a private message"):
        assert english not in shown
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    _save(window, folder / "help-fa.png")
    _type(qtbot, window, "/whois bob")
    qtbot.waitUntil(lambda: "پایان /whois bob" in _text(window), timeout=WAIT)
    assert "bob در #lobby است" in _text(window)


def test_the_same_lines_in_english_without_a_translation(qtbot, window):
    _type(qtbot, window, "/frobnicate")
    qtbot.waitUntil(lambda: "Unknown command /frobnicate" in _text(window), timeout=WAIT)


def _save(window: MainWindow, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    window.conversation("#lobby").view.flush()
    assert window.grab().save(str(path))


def test_persian_default_nickname_in_the_start_dialog(qtbot, persian, settings, monkeypatch):
    from app.qt.qt import QLineEdit
    from app.qt.start_dialog import StartDialog

    monkeypatch.setenv("USER", "9-not-a-nick")
    monkeypatch.delenv("USERNAME", raising=False)
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "nickEdit").text() == "مهمان"
