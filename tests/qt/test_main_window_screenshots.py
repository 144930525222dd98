"""Screenshots of the main window in use (a room and a private tab), in English and Persian.

Both are always rendered (a broken layout or a crash in the Persian path is caught); the PNGs
are written to ``resources/screenshots/`` only with ``GOFTO_SCREENSHOTS=1``.
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


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    for conversation in window.conversations():
        conversation.view.flush()
    assert window.grab().save(str(path))
    return path


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield translation
    translation.remove()


def _scene(qtbot, make_peer, fast_backoff, *, me: str, friend: str, lines: dict[str, str]):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(me, "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(900, 560)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    friend_peer = make_peer("127.0.0.1", hosted.port)
    friend_peer.register(friend, room="#lobby")
    bob = make_peer("127.0.0.1", hosted.port)
    bob.register("bob", room="#lobby")
    bob.send("AWAY :lunch")
    qtbot.waitUntil(lambda: len(window.user_list.list_model.nicks()) == 3, timeout=WAIT)
    friend_peer.send(f"PRIVMSG #lobby :{lines['greeting']}")
    bob.send(f"PRIVMSG #lobby :{lines['markup']}")
    bob.send(f"PRIVMSG #lobby :\x01ACTION {lines['action']}\x01")
    friend_peer.send(f"PRIVMSG #lobby :{lines['mixed']}")
    friend_peer.send("PRIVMSG #lobby :https://example.org/gofto")
    room = window.conversation("#lobby")
    qtbot.waitUntil(lambda: "example.org/gofto" in _text(room), timeout=WAIT)
    room.input.setText(lines["mine"])
    qtbot.keyClick(room.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lines["mine"] in _text(room), timeout=WAIT)
    friend_peer.send(f"PRIVMSG {me} :{lines['private']}")
    qtbot.waitUntil(lambda: window.conversation(friend) is not None, timeout=WAIT)
    private = window.open_private(friend)
    private.input.setText(lines["reply"])
    qtbot.keyClick(private.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lines["reply"] in _text(private), timeout=WAIT)
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    room.input.setText(lines["draft"])
    return window, controller, hosted


def _text(conversation) -> str:
    conversation.view.flush()
    # Names and numbers inside Persian text are isolated (invisible U+2066–U+2069).
    return strip_isolates(conversation.view.toPlainText())


def test_main_window_english(qtbot, make_peer, fast_backoff, tmp_path):
    window, controller, hosted = _scene(
        qtbot,
        make_peer,
        fast_backoff,
        me="Sara",
        friend="Maryam",
        lines={
            "greeting": "Hi everyone! Who is coming tonight?",
            "markup": "<b>bold</b><img src=x> shows as typed",
            "action": "waves",
            "mixed": "سلام! the slides are ready",
            "mine": "I'll be there at 8",
            "private": "Can you bring the projector?",
            "reply": "Sure, see you there",
            "draft": "typing…",
        },
    )
    try:
        assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert window.windowTitle().endswith("#lobby — Gofto")
        assert _save(window, "main-window.png", tmp_path).stat().st_size > 0
        window.open_private("Maryam")
        assert _save(window, "main-window-private.png", tmp_path).stat().st_size > 0
    finally:
        controller.shutdown()
        hosted.stop()


def test_main_window_persian(qtbot, make_peer, fast_backoff, tmp_path, persian):
    window, controller, hosted = _scene(
        qtbot,
        make_peer,
        fast_backoff,
        me="سارا",
        friend="مریم",
        lines={
            "greeting": "سلام به همه! امشب کی میاد؟",
            "markup": "<b>bold</b><img src=x> همان‌طور که نوشته شد",
            "action": "دست تکان می‌دهد",
            "mixed": "اسلایدها آماده است: slides v2",
            "mine": "من ساعت ۸ می‌آیم",
            "private": "می‌توانی پروژکتور را بیاوری؟",
            "reply": "حتماً، آنجا می‌بینمت",
            "draft": "در حال نوشتن…",
        },
    )
    try:
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert "Gofto" in window.windowTitle()
        assert _save(window, "main-window-fa.png", tmp_path).stat().st_size > 0
        window.open_private("مریم")
        assert _save(window, "main-window-private-fa.png", tmp_path).stat().st_size > 0
    finally:
        controller.shutdown()
        hosted.stop()
