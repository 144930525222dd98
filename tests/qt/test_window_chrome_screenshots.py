"""Screenshots of the main window with the rooms pane and the people pane: light and dark,
English and Persian. Always rendered (a crash or a broken layout in any of the four is caught);
the PNGs go to ``resources/screenshots/`` only with ``GOFTO_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.client.events import PersonLooked
from app.qt import i18n
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import QApplication, QLabel, Qt, QWidget
from app.qt.theme import Theme, ThemeSwitcher
from app.resources import resource_path
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui

WAIT = 5000


def _save_dialogs(qtbot, window: MainWindow, friend: str, suffix: str, tmp_path: Path) -> None:
    """The settings dialog and a person's Info card, next to the window."""
    settings = window.chrome.open_settings()
    qtbot.waitExposed(settings)
    assert _save(settings, f"settings{suffix}.png", tmp_path).stat().st_size > 0
    settings.reject()
    with qtbot.waitSignal(
        window.controller.event,
        timeout=WAIT,
        check_params_cb=lambda event: isinstance(event, PersonLooked),
    ):
        card = window.chrome.show_person(friend)
    qtbot.waitExposed(card)
    qtbot.waitUntil(lambda: card.findChild(QLabel, "personRealName").isVisible(), timeout=WAIT)
    card.adjustSize()
    assert _save(card, f"person-card{suffix}.png", tmp_path).stat().st_size > 0
    card.close()


def _save(window: QWidget, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    for conversation in window.conversations() if isinstance(window, MainWindow) else ():
        conversation.view.flush()
    assert window.grab().save(str(path))
    return path


@pytest.fixture
def theme(qapp):
    switcher = ThemeSwitcher.of(QApplication.instance())
    yield switcher
    switcher.apply(Theme.SYSTEM)


def _scene(qtbot, make_peer, fast_backoff, *, me: str, friend: str, rooms: list[str], text):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(me, "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(1040, 600)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    peers = {}
    for nick, room in ((friend, rooms[0]), ("bob", rooms[1]), ("Reza", rooms[0])):
        peer = make_peer("127.0.0.1", hosted.port)
        peer.register(nick, room="#lobby")
        peer.send(f"JOIN {room}")
        peers[nick] = peer
    peers["bob"].send("AWAY :lunch")
    peers["Reza"].send(f"JOIN {rooms[2]}")
    qtbot.waitUntil(lambda: len(window.user_list.list_model.nicks()) == 4, timeout=WAIT)
    window.chrome.join_room(rooms[0])
    qtbot.waitUntil(lambda: window.conversation(rooms[0]) is not None, timeout=WAIT)
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    peers[friend].send(f"PRIVMSG {rooms[0]} :{text['room']}")
    peers["Reza"].send(f"PRIVMSG {rooms[0]} :{text['mention']}")
    peers[friend].send(f"PRIVMSG #lobby :{text['lobby']}")
    peers[friend].send(f"PRIVMSG {me} :{text['private']}")
    qtbot.waitUntil(lambda: window.conversation(friend) is not None, timeout=WAIT)
    window.chrome.request_rooms()
    qtbot.waitUntil(lambda: len(window.chrome.rooms_pane.rooms()) == 4, timeout=WAIT)
    qtbot.waitUntil(
        lambda: any(row.unread for row in window.chrome.rooms_pane.rooms()), timeout=WAIT
    )
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    window.chrome.refresh_panes()
    return window, controller, hosted


@pytest.fixture
def scene(qtbot, make_peer, fast_backoff):
    """``scene(**people_rooms_and_texts)`` → (window, controller, hosted server)."""
    return lambda **kwargs: _scene(qtbot, make_peer, fast_backoff, **kwargs)


ENGLISH = {
    "me": "Sara",
    "friend": "Maryam",
    "rooms": ["#books", "#music", "#weekend-trip"],
    "text": {
        "room": "Has anyone finished the new novel?",
        "mention": "Sara, you wanted the link?",
        "lobby": "Good morning everyone",
        "private": "Can you bring the projector?",
    },
}
PERSIAN = {
    "me": "سارا",
    "friend": "مریم",
    "rooms": ["#کتاب", "#موسیقی", "#سفر"],
    "text": {
        "room": "کسی رمان تازه را تمام کرده؟",
        "mention": "سارا، لینک را می‌خواستی؟",
        "lobby": "صبح همگی بخیر",
        "private": "می‌توانی پروژکتور را بیاوری؟",
    },
}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_rooms_and_people_english(qtbot, scene, tmp_path, theme, dark):
    theme.apply(Theme.DARK if dark else Theme.LIGHT)
    window, controller, hosted = scene(**ENGLISH)
    try:
        assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
        name = "rooms-and-people-dark.png" if dark else "rooms-and-people.png"
        assert _save(window, name, tmp_path).stat().st_size > 0
        if not dark:
            _save_dialogs(qtbot, window, "Maryam", "", tmp_path)
    finally:
        controller.shutdown()
        hosted.stop()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_rooms_and_people_persian(qtbot, scene, tmp_path, theme, dark):
    translation = i18n.install("fa")
    theme.apply(Theme.DARK if dark else Theme.LIGHT)
    try:
        window, controller, hosted = scene(**PERSIAN)
        try:
            assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
            name = "rooms-and-people-dark-fa.png" if dark else "rooms-and-people-fa.png"
            assert _save(window, name, tmp_path).stat().st_size > 0
            if not dark:
                _save_dialogs(qtbot, window, "مریم", "-fa", tmp_path)
        finally:
            controller.shutdown()
            hosted.stop()
    finally:
        translation.remove()
