"""Screenshots of what the presentation layer draws in Qt: IRC colours and bold, a mixed
Persian/English conversation with names, rooms, commands and numbers that keep their shape,
and the offline state (banner, greyed people list, a line not sent yet), in English and
Persian. Always rendered; written to ``resources/screenshots/`` with ``GOFTO_SCREENSHOTS=1``.
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
    for conversation in window.conversations():
        conversation.view.flush()
    path = folder / name
    assert window.grab().save(str(path))
    return path


def _text(window: MainWindow) -> str:
    room = window.conversation("#lobby")
    room.view.flush()
    return strip_isolates(room.view.toPlainText())


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield translation
    translation.remove()


def _conversation(qtbot, make_peer, fast_backoff, tmp_path, *, me, friend, mine, offline, suffix):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(me, "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        peer = make_peer("127.0.0.1", hosted.port)
        peer.register(friend, room="#lobby")
        bob = make_peer("127.0.0.1", hosted.port)
        bob.register("bob", room="#lobby")
        qtbot.waitUntil(lambda: len(window.user_list.list_model.nicks()) == 3, timeout=WAIT)
        bob.send(
            "PRIVMSG #lobby :\x02Release 2.1\x02 is out: \x0303tests pass\x03, "
            "\x0304two bugs left\x03, \x0308yellow\x03 reads on white too"
        )
        peer.send(f"PRIVMSG #lobby :سلام @{me}! جلسه در #lobby ساعت 12:30 است؛ /help را ببین")
        bob.send(
            "PRIVMSG #lobby :\x1dmoved\x1d to \x1froom 4\x1f, \x1eFriday\x1e \x11make test\x11"
        )
        peer.send("PRIVMSG #lobby :\x0312,15رنگی\x03 و \x02پررنگ\x02 هم کار می‌کند")
        bob.send("PRIVMSG #lobby :\x1b]0;pwned\x07\x1b[2Jescape codes stay harmless")
        room = window.conversation("#lobby")
        qtbot.waitUntil(lambda: "harmless" in _text(window), timeout=WAIT)
        room.input.setText(mine)
        qtbot.keyClick(room.input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: mine in _text(window), timeout=WAIT)
        assert _save(window, f"conversation{suffix}.png", tmp_path).stat().st_size > 0

        hosted.stop()
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=WAIT)
        assert not window.user_list.isEnabled()
        room.input.setText(offline)
        qtbot.keyClick(room.input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: offline in _text(window), timeout=WAIT)
        assert _save(window, f"offline{suffix}.png", tmp_path).stat().st_size > 0
    finally:
        controller.shutdown()
        hosted.stop()


def test_conversation_and_offline_english(qtbot, make_peer, fast_backoff, tmp_path):
    _conversation(
        qtbot,
        make_peer,
        fast_backoff,
        tmp_path,
        me="Sara",
        friend="مریم",
        mine="See you at 12:30 in #lobby, @مریم",
        offline="typed while the host restarts",
        suffix="",
    )


def test_conversation_and_offline_persian(qtbot, make_peer, fast_backoff, tmp_path, persian):
    _conversation(
        qtbot,
        make_peer,
        fast_backoff,
        tmp_path,
        me="سارا",
        friend="Maryam",
        mine="ساعت 12:30 در #lobby می‌بینمت @Maryam",
        offline="این را وقتی میزبان دوباره راه می‌افتد نوشتم",
        suffix="-fa",
    )
