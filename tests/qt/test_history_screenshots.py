"""Screenshots of the "new since you left" line: a key-owning person read a room, left, came
back to two new lines (English and Persian). Always rendered; written to
``resources/screenshots/`` with ``GOFTO_SCREENSHOTS=1``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt import i18n
from app.qt.controller import ChatController
from app.qt.main_window import MARK_READ_MS, MainWindow
from app.resources import resource_path
from tests.qt.test_main_window import WAIT, text_of

pytestmark = pytest.mark.gui


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield translation
    translation.remove()


@pytest.fixture
def open_window(qtbot, fast_backoff):
    """``open_window(nick, host, port)`` → a registered window in the room (any language)."""
    windows: list[MainWindow] = []

    def factory(nick: str, host: str, port: int) -> MainWindow:
        controller = ChatController(nick, host, port, backoff=fast_backoff)
        window = MainWindow(controller, ask_before_closing=False)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: window.conversation("#lobby") is not None, timeout=WAIT)
        return window

    yield factory
    for window in windows:
        window.controller.shutdown()


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for conversation in window.conversations():
        conversation.view.flush()
    path = folder / name
    assert window.grab().save(str(path))
    return path


def _divider(qtbot, open_window, make_chat_server, server_tls, make_peer, lines, suffix, tmp):  # noqa: PLR0917
    server = make_chat_server(tls=server_tls, flood_limit=False)
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    for text in lines[:3]:
        carol.send(f"PRIVMSG #lobby :{text}")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == 3, timeout=WAIT)
    first = open_window("Sara", host, port)
    qtbot.waitUntil(lambda: lines[2] in text_of(first, "#lobby"), timeout=WAIT)
    first.presenter.focus("#lobby", active=True)
    qtbot.waitUntil(
        lambda: server.hub.markers.get("sara", "#lobby") is not None,
        timeout=MARK_READ_MS + WAIT,
    )
    first.controller.shutdown()
    first.close()
    for text in lines[3:]:
        carol.send(f"PRIVMSG #lobby :{text}")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == len(lines), timeout=WAIT)
    again = open_window("Sara", host, port)
    again.resize(820, 460)
    qtbot.waitUntil(lambda: lines[-1] in text_of(again, "#lobby"), timeout=WAIT)
    return _save(again, f"history-divider{suffix}.png", tmp), strip_isolates(
        text_of(again, "#lobby")
    )


def test_screenshot_new_since_you_left(  # noqa: PLR0917 (fixtures)
    qtbot,
    open_window,
    make_chat_server,
    server_tls,
    make_peer,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("GOFTO_DATA_DIR", str(tmp_path / "data"))
    lines = [
        "Shall we meet on Friday?",
        "Room 4 is free at 12:30",
        "I'll bring the slides",
        "Change of plan: room 2",
        "See you there!",
    ]
    path, shown = _divider(
        qtbot, open_window, make_chat_server, server_tls, make_peer, lines, "", tmp_path
    )
    assert path.stat().st_size > 0
    assert shown.index(lines[2]) < shown.index("— new since you left —") < shown.index(lines[3])


def test_screenshot_new_since_you_left_persian(  # noqa: PLR0917 (fixtures)
    qtbot,
    persian,
    open_window,
    make_chat_server,
    server_tls,
    make_peer,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("GOFTO_DATA_DIR", str(tmp_path / "data"))
    lines = [
        "جمعه همدیگر را ببینیم؟",
        "اتاق ۴ ساعت ۱۲:۳۰ خالی است",
        "من اسلایدها را می‌آورم",
        "تغییر برنامه: اتاق ۲",
        "آنجا می‌بینمتان!",
    ]
    path, shown = _divider(
        qtbot, open_window, make_chat_server, server_tls, make_peer, lines, "-fa", tmp_path
    )
    assert path.stat().st_size > 0
    assert shown.index(lines[2]) < shown.index("— تازه‌ها از وقتی رفتید —") < shown.index(lines[3])
