"""Screenshots of the conversation view: groups with avatars, a day separator, a folded
summary of joins, a reply with its quote, reactions, your own messages set apart, a typing
line, the emoji button — in English
and Persian (Jalali dates, Persian digits), light and dark.

Always rendered (a crash in any path is caught); the PNGs go to ``resources/screenshots/``
only with ``GOFTO_SCREENSHOTS=1``. Yesterday's messages are handed to the conversation as
records (what a history replay gives it) in a view emptied first, so the picture starts the
day before; everything else comes through a real server.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.client.presentation import records as rec
from app.qt import i18n
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.message_model import RowKind
from app.qt.qt import QApplication, Qt
from app.qt.theme import Theme, ThemeSwitcher
from app.resources import resource_path
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui

WAIT = 5000

ENGLISH = {
    "me": "Sara",
    "friend": "Maryam",
    "yesterday": ["Who is bringing the projector tomorrow?", "I can, if someone helps carry it"],
    "room": [
        "Good morning everyone!",
        "The slides are ready: https://example.org/slides",
        "\x02Reminder:\x02 we start at \x0304 8 sharp",
    ],
    "reza": ["On my way ☺", "Five minutes"],
    "mine": ["Great, see you there", "I'll bring tea ☕"],
}
PERSIAN = {
    "me": "سارا",
    "friend": "مریم",
    "yesterday": ["فردا چه کسی پروژکتور را می‌آورد؟", "من می‌آورم، اگر کسی کمک کند"],
    "room": [
        "صبح همگی بخیر!",
        "اسلایدها آماده است: https://example.org/slides",
        "\x02یادآوری:\x02 ساعت ۸ شروع می‌کنیم",
    ],
    "reza": ["دارم می‌آیم ☺", "پنج دقیقه دیگر"],
    "mine": ["عالی، آنجا می‌بینمت", "من چای می‌آورم ☕"],
}


@pytest.fixture
def theme(qapp):
    switcher = ThemeSwitcher.of(QApplication.instance())
    yield switcher
    switcher.apply(Theme.SYSTEM)


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    for conversation in window.conversations():
        conversation.view.flush()
    QApplication.processEvents()
    assert window.grab().save(str(path))
    return path


def _scene(qtbot, make_peer, fast_backoff, text):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    me = text["me"]
    controller = ChatController(me, "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(1040, 640)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    qtbot.waitUntil(lambda: window.conversation("#lobby") is not None, timeout=WAIT)
    room = window.conversation("#lobby")
    qtbot.waitUntil(lambda: "#lobby" in controller.session.channels, timeout=WAIT)
    # The scene starts from yesterday's talk: the lines drawn so far are set aside (a replay
    # arriving after them would come after them, in the order it arrived).
    room.view.flush()
    room.view.list_model.clear()
    yesterday = datetime.now(UTC) - timedelta(days=1)
    for number, line in enumerate(text["yesterday"]):
        who = text["friend"] if number == 0 else "Reza"
        room.add_record(rec.message(line, who, yesterday + timedelta(minutes=number)))
    peers = {}
    for nick in (text["friend"], "Reza", "bob", "Omid"):
        peer = make_peer("127.0.0.1", hosted.port)
        peer.register(nick, room="#lobby")
        peer.send("CAP REQ :message-tags")  # replies and reactions
        peer.wait_for(qtbot, lambda line: " ACK " in line)
        peers[nick] = peer
    qtbot.waitUntil(lambda: len(window.user_list.list_model.nicks()) == 5, timeout=WAIT)
    shown = 2
    for nick, lines in ((text["friend"], text["room"]), ("Reza", text["reza"])):
        for number, line in enumerate(lines):
            tags = ""
            if nick == "Reza" and number == 0:  # Reza answers the reminder
                tags = f"@+draft/reply={_messages(room)[-1].record.id} "
            peers[nick].send(f"{tags}PRIVMSG #lobby :{line}")
            shown += 1
            qtbot.waitUntil(lambda count=shown: len(_messages(room)) == count, timeout=WAIT)
    slides = _messages(room)[3].record.id  # Maryam's slides: two hearts and a thumbs-up
    heart, thumb = "\u2764\ufe0f", "\U0001f44d"  # colour emoji (fonts-noto-color-emoji)
    for nick, reaction in (("bob", heart), ("Omid", heart), ("Reza", thumb)):
        peers[nick].send(f"@+draft/reply={slides};+draft/react={reaction} TAGMSG #lobby")
    qtbot.waitUntil(lambda: len(_messages(room)[3].record.reactions) == 2, timeout=WAIT)
    qtbot.waitUntil(
        lambda: sum(len(n) for _, n in _messages(room)[3].record.reactions) == 3, timeout=WAIT
    )
    for line in text["mine"]:
        room.input.setText(line)
        qtbot.keyClick(room.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_messages(room)) == 9, timeout=WAIT)
    room.show_typing(window.texts("convo.typing_one", nick="Reza"))
    window.tabs.setCurrentWidget(room)
    return window, controller, hosted, room


def _messages(room):
    room.view.flush()
    model = room.view.list_model
    return [row for row in model.rows() if row.kind is RowKind.MESSAGE]


def _check(room):
    model = room.view.list_model
    kinds = [row.kind for row in model.rows()]
    assert kinds.count(RowKind.DAY) == 2  # yesterday and today
    assert RowKind.SUMMARY in kinds, room.view.toPlainText()
    groups = [row.starts_group for row in _messages(room)]
    assert groups == [True, True, True, False, False, True, False, True, False]
    reply = _messages(room)[5].record
    assert reply.reply_to == _messages(room)[4].record.id and reply.reply_sender


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_conversation_view_english(qtbot, make_peer, fast_backoff, tmp_path, *, theme, dark):
    theme.apply(Theme.DARK if dark else Theme.LIGHT)
    window, controller, hosted, room = _scene(qtbot, make_peer, fast_backoff, ENGLISH)
    try:
        _check(room)
        days = [room.view.list_model.text(r) for r in room.view.list_model.rows()]
        assert "Yesterday" in days and "Today" in days
        name = "conversation-view-dark.png" if dark else "conversation-view.png"
        assert _save(window, name, tmp_path).stat().st_size > 0
    finally:
        controller.shutdown()
        hosted.stop()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_conversation_view_persian(qtbot, make_peer, fast_backoff, tmp_path, *, theme, dark):
    translation = i18n.install("fa")
    theme.apply(Theme.DARK if dark else Theme.LIGHT)
    try:
        window, controller, hosted, room = _scene(qtbot, make_peer, fast_backoff, PERSIAN)
        try:
            assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
            _check(room)
            days = [room.view.list_model.text(r) for r in room.view.list_model.rows()]
            assert "دیروز" in days and "امروز" in days
            assert "در حال نوشتن" in room.typing_label.text()
            name = "conversation-view-dark-fa.png" if dark else "conversation-view-fa.png"
            assert _save(window, name, tmp_path).stat().st_size > 0
        finally:
            controller.shutdown()
            hosted.stop()
    finally:
        translation.remove()
