"""Screenshots of sharing files in Qt: a conversation with a picture (a thumbnail fetched from
the host), a file card with Save…, and an upload in progress, in English and Persian (light
theme). Always rendered; written to ``resources/screenshots/`` with ``GOFTO_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.qt import i18n
from app.qt.attachments import State
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import QApplication, QColor, QImage, QLinearGradient, QPainter, QPointF, Qt
from app.qt.theme import Theme, ThemeSwitcher
from app.qt.transfers import Transfer
from app.resources import resource_path
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui

WAIT = 10_000

ENGLISH = {
    "me": "Sara",
    "friend": "Maryam",
    "ask": "Can someone share the photo from Friday and the minutes?",
    "picture": "lake.png",
    "file": "minutes.pdf",
    "thanks": "Thank you!",
    "sending": "holiday.mp4",
}
PERSIAN = {
    "me": "سارا",
    "friend": "مریم",
    "ask": "کسی عکس جمعه و صورت‌جلسه را می‌فرستد؟",
    "picture": "دریاچه.png",
    "file": "صورت‌جلسه.pdf",
    "thanks": "ممنون!",
    "sending": "سفر.mp4",
}


@pytest.fixture
def theme(qapp):
    switcher = ThemeSwitcher.of(QApplication.instance())
    switcher.apply(Theme.LIGHT)
    yield switcher
    switcher.apply(Theme.SYSTEM)


def _landscape(path: Path) -> Path:
    """A small drawn landscape (sky, sun, hills, lake): a picture worth a thumbnail."""
    image = QImage(480, 320, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(QPointF(0, 0), QPointF(0, 200))
    sky.setColorAt(0, QColor("#7fb8ee"))
    sky.setColorAt(1, QColor("#f6d7a7"))
    painter.fillRect(0, 0, 480, 320, sky)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffcf40"))
    painter.drawEllipse(QPointF(360, 90), 40, 40)
    painter.setBrush(QColor("#4f8a4b"))
    painter.drawEllipse(QPointF(90, 260), 200, 90)
    painter.setBrush(QColor("#3d7040"))
    painter.drawEllipse(QPointF(400, 270), 220, 80)
    painter.setBrush(QColor("#3b78b5"))
    painter.drawRect(0, 250, 480, 70)
    painter.end()
    assert image.save(str(path), "PNG")
    return path


def _save(window: MainWindow, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for conversation in window.conversations():
        conversation.view.flush()
    QApplication.processEvents()
    path = folder / name
    assert window.grab().save(str(path))
    return path


def _previews(room, state: State) -> int:
    view = room.view
    view.flush()
    model = view.list_model
    count = 0
    for number in range(model.rowCount()):
        attachment = model.attachment(model.row(number))
        if attachment is not None:
            preview = view.delegate.attachments.previews.preview(attachment)
            count += preview.state is state
    return count


def _scene(qtbot, make_peer, fast_backoff, tmp_path, *, text, name):
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(
        text["me"], "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff
    )
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(1040, 680)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: window.conversation("#lobby") is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: window.sharing.transfers.filehost() is not None, timeout=WAIT)
        room = window.conversation("#lobby")
        friend = make_peer("127.0.0.1", hosted.port)
        friend.register(text["friend"], room="#lobby")
        friend.send(f"PRIVMSG #lobby :{text['ask']}")
        picture = _landscape(tmp_path / text["picture"])
        document = tmp_path / text["file"]
        document.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 1200)
        window.sharing.send_files(room, [picture])
        qtbot.waitUntil(lambda: _previews(room, State.PICTURE) == 1, timeout=WAIT)
        window.sharing.send_files(room, [document])
        qtbot.waitUntil(lambda: _previews(room, State.CARD) == 1, timeout=WAIT)
        friend.send(f"PRIVMSG #lobby :{text['thanks']}")
        qtbot.waitUntil(lambda: text["thanks"] in room.view.toPlainText(), timeout=WAIT)
        # An upload on its way, as the bar shows it (progress given here, not sent).
        sending = Transfer(text["sending"], "#lobby", upload=True, size=1000)
        window.sharing.bar(room).add(sending)
        sending.report_progress(420, 1000)
        qtbot.waitUntil(lambda: window.sharing.bar(room).rows[0].bar.value() == 420)
        room.input.setFocus()
        return _save(window, name, tmp_path)
    finally:
        window.sharing.close()
        controller.shutdown()
        hosted.stop()


def test_sharing_screenshot_english(qtbot, make_peer, fast_backoff, tmp_path, theme):
    path = _scene(qtbot, make_peer, fast_backoff, tmp_path, text=ENGLISH, name="sharing-files.png")
    assert path.stat().st_size > 0


def test_sharing_screenshot_persian(qtbot, make_peer, fast_backoff, tmp_path, theme):
    translation = i18n.install("fa")
    try:
        path = _scene(
            qtbot, make_peer, fast_backoff, tmp_path, text=PERSIAN, name="sharing-files-fa.png"
        )
        assert path.stat().st_size > 0
    finally:
        translation.remove()
