"""Sharing files in the Qt window, on the real widgets against a real host (TLS + file host).

Attach (the file dialog's answer patched, the upload real), drag-and-drop (a real QDropEvent
with file URLs), paste (a QImage on the clipboard), progress and Cancel, a thumbnail for an
uploaded picture, a file card whose Save… writes the file, a decompression-bomb PNG refused
without hanging, and a link to another server never fetched.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from pathlib import Path

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt import sharing as sharing_module
from app.qt import transfers as transfers_module
from app.qt.attachments import MAX_PIXELS, PictureRefused, State, decode
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QEvent,
    QGuiApplication,
    QImage,
    QLabel,
    QMimeData,
    QPoint,
    QPointF,
    QSize,
    Qt,
    QUrl,
)
from app.resources import resource_path
from app.server.filehost import FileHostSettings

pytestmark = pytest.mark.gui

WAIT = 10_000


@pytest.fixture
def host(make_chat_server, server_tls):
    """A TLS host with a file store (small limit, so a big file is refused quickly)."""
    return make_chat_server(
        tls=server_tls, files=FileHostSettings(upload_limit=8_000_000, quota=40_000_000, linger=0.5)
    )


@pytest.fixture
def window(qtbot, host, fast_backoff, make_peer):
    controller = ChatController("Sara", *host.address, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    qtbot.waitUntil(lambda: window.conversation("#lobby") is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: window.sharing.transfers.filehost() is not None, timeout=WAIT)
    yield window
    window.sharing.close()
    controller.shutdown()


@pytest.fixture
def peer(host, make_peer):
    peer = make_peer(*host.address)
    return peer


def _png(path: Path, width: int = 64, height: int = 48, colour: str = "#2a7ae2") -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(colour)
    assert image.save(str(path), "PNG")
    return path


def _posted_link(qtbot, conversation) -> str:
    """The link our own message posted in ``conversation`` (echoed by the host)."""

    def found() -> str:
        for record in conversation.view.lines():
            if record.is_message and record.own and not record.pending:
                for span in record.spans:
                    if span.href and "/upload/" in span.href:
                        return span.href
        return ""

    qtbot.waitUntil(lambda: bool(found()), timeout=WAIT)
    return found()


def _row_with_attachment(conversation, state: State):
    view = conversation.view
    view.flush()
    model = view.list_model
    for number in range(model.rowCount()):
        attachment = model.attachment(model.row(number))
        if attachment is not None:
            preview = view.delegate.attachments.previews.preview(attachment)
            if preview.state is state:
                return number, attachment, preview
    return None


def test_attach_button_uploads_and_posts_the_link(qtbot, window, tmp_path, monkeypatch):
    lobby = window.conversation("#lobby")
    button = lobby.findChild(object, "attachButton")
    assert button is not None and button.accessibleName()
    assert "Ctrl+O" in button.toolTip()
    source = _png(tmp_path / "photo.png")
    monkeypatch.setattr(sharing_module, "ask_files", lambda _parent, chosen: chosen([str(source)]))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    link = _posted_link(qtbot, lobby)
    assert link.startswith("https://127.0.0.1:")
    # The picture shows as a thumbnail under the message (fetched over the pinned TLS).
    qtbot.waitUntil(lambda: _row_with_attachment(lobby, State.PICTURE) is not None, timeout=WAIT)
    _number, attachment, preview = _row_with_attachment(lobby, State.PICTURE)
    assert attachment.url == link and preview.thumbnail.width() == 64
    assert preview.name == "photo.png"
    # The keyboard path: Ctrl+O in the input opens the same dialog.
    asked = []
    monkeypatch.setattr(sharing_module, "ask_files", lambda _parent, chosen: asked.append(1))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    lobby.input.setFocus()
    qtbot.keyClick(lobby.input, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked == [1]


def test_a_clicked_thumbnail_opens_the_picture(qtbot, window, tmp_path, monkeypatch):
    lobby = window.conversation("#lobby")
    source = _png(tmp_path / "wide.png", 900, 300)
    monkeypatch.setattr(sharing_module, "ask_files", lambda _parent, chosen: chosen([str(source)]))
    window.sharing.choose_files(lobby)
    link = _posted_link(qtbot, lobby)
    qtbot.waitUntil(lambda: _row_with_attachment(lobby, State.PICTURE) is not None, timeout=WAIT)
    view = lobby.view
    qtbot.waitUntil(lambda: bool(view._placed), timeout=WAIT)
    number, _attachment, _preview = _row_with_attachment(lobby, State.PICTURE)
    rect = next(rect for n, rect in view._placed if n == number)
    drawn = view.delegate.drawn(view.list_model.row(number), rect.width(), view.font(), view)
    geometry = view.delegate.geometry(rect.width(), view.font())
    point = QPoint(geometry.content_x + 10, rect.top() + drawn.attachment_top + 10)
    with qtbot.waitSignal(view.attachment_activated, timeout=WAIT) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [link, "open"]
    viewer = window.sharing.viewers[-1]
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=WAIT)
    assert (viewer.image.width(), viewer.image.height()) == (900, 300)
    viewer.close()
    assert window.sharing.viewers == []
    # From the keyboard: Enter on the message opens it too.
    view.setFocus()
    view.setCurrentIndex(view.list_model.index(number))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert len(window.sharing.viewers) == 1
    window.sharing.viewers[0].close()


def test_dropped_files_are_shared_in_that_conversation(qtbot, window, host, peer, tmp_path):
    peer.register("Reza")
    private = window.open_private("Reza")
    assert private is not None
    notes = tmp_path / "notes.txt"
    notes.write_text("the notes\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    target = private.view.viewport()
    centre = QPointF(target.rect().center())
    for kind in (QEvent.Type.DragEnter, QEvent.Type.Drop):
        event_class = QDropEvent
        if kind == QEvent.Type.DragEnter:
            from app.qt.qt import QDragEnterEvent as event_class
        event = event_class(
            centre.toPoint() if kind == QEvent.Type.DragEnter else centre,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QGuiApplication.sendEvent(target, event)
        assert event.isAccepted()
    link = _posted_link(qtbot, private)
    peer.wait_for(qtbot, lambda line: "PRIVMSG Reza :" in line and link in line)
    # Not a picture: a card with the name the host keeps, its size and Save….
    qtbot.waitUntil(lambda: _row_with_attachment(private, State.CARD) is not None, timeout=WAIT)
    _number, _attachment, preview = _row_with_attachment(private, State.CARD)
    assert (preview.name, preview.size) == ("notes.txt", len("the notes\n"))
    number, _attachment, _preview = _row_with_attachment(private, State.CARD)
    model = private.view.list_model
    heard = model.data(model.index(number), Qt.ItemDataRole.AccessibleTextRole)
    assert "File: notes.txt, 10 bytes (Enter saves it)" in heard


def test_a_pasted_picture_is_uploaded_as_png(qtbot, window):
    lobby = window.conversation("#lobby")
    image = QImage(40, 30, QImage.Format.Format_ARGB32)
    image.fill("#e23a2a")
    QGuiApplication.clipboard().setImage(image)
    lobby.input.setFocus()
    qtbot.keyClick(lobby.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    link = _posted_link(qtbot, lobby)
    assert link.endswith(".png")
    assert lobby.input.text() == ""  # nothing was pasted as text
    qtbot.waitUntil(lambda: _row_with_attachment(lobby, State.PICTURE) is not None, timeout=WAIT)
    _number, _attachment, preview = _row_with_attachment(lobby, State.PICTURE)
    assert preview.name.startswith("Screenshot") and preview.name.endswith(".png")
    assert (preview.thumbnail.width(), preview.thumbnail.height()) == (40, 30)


def test_progress_and_cancel(qtbot, window, tmp_path, monkeypatch):
    lobby = window.conversation("#lobby")
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * 6_000_000)
    # The worker waits after its first progress report until Cancel was clicked (the
    # upload itself is real; this only keeps it from finishing first on a fast machine).
    release = threading.Event()
    throttled = transfers_module._throttled

    def held(transfer):
        report = throttled(transfer)

        def progress(done, total):
            report(done, total)
            release.wait(WAIT / 1000)

        return progress

    monkeypatch.setattr(transfers_module, "_throttled", held)
    window.sharing.send_files(lobby, [big])
    bar = window.sharing.bar(lobby)
    qtbot.waitUntil(lambda: bool(bar.rows), timeout=WAIT)
    row = bar.rows[0]
    assert bar.isVisible() and row.label.text() == "Sending big.bin…"
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=WAIT)
    from app.qt import i18n

    i18n.switch("fa")  # a row on screen follows a language switch
    try:
        qtbot.waitUntil(lambda: row.label.text() != "Sending big.bin…", timeout=WAIT)
        assert "big.bin" in row.label.text() and row.cancel_button.text() != "Cancel"
    finally:
        i18n.switch("en")
    qtbot.waitUntil(lambda: row.label.text() == "Sending big.bin…", timeout=WAIT)
    transfer = row.transfer
    with qtbot.waitSignal(transfer.ended, timeout=WAIT) as ended:
        qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    assert ended.args[0].code == "file.cancelled"
    qtbot.waitUntil(lambda: not bar.rows and not bar.isVisible(), timeout=WAIT)
    records = lobby.view.lines()
    assert not any(r.is_message and "/upload/" in "".join(s.text for s in r.spans) for r in records)


def test_a_file_card_saves_the_file(qtbot, window, tmp_path, monkeypatch):
    lobby = window.conversation("#lobby")
    data = bytes(range(256)) * 400
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    window.sharing.send_files(lobby, [source])
    link = _posted_link(qtbot, lobby)
    qtbot.waitUntil(lambda: _row_with_attachment(lobby, State.CARD) is not None, timeout=WAIT)
    _number, attachment, preview = _row_with_attachment(lobby, State.CARD)
    assert attachment.url == link and preview.size == len(data)
    folder = tmp_path / "saved"
    folder.mkdir()
    monkeypatch.setattr(
        sharing_module,
        "ask_save_path",
        lambda _parent, name, chosen: chosen(str(folder / name)),
    )
    view = lobby.view
    number, _a, _p = _row_with_attachment(lobby, State.CARD)
    rect = next(rect for n, rect in view._placed if n == number)
    drawn = view.delegate.drawn(view.list_model.row(number), rect.width(), view.font(), view)
    painter = view.delegate.attachments
    area = view.delegate._attachment_area(
        rect, view.delegate.geometry(rect.width(), view.font()), drawn, False
    )
    card = painter._card_rect(area, view.font())
    button = painter.button_rect(card, view.font(), False)
    with qtbot.waitSignal(view.attachment_activated, timeout=WAIT) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert clicked.args == [link, "save"]
    qtbot.waitUntil((folder / "report.pdf").exists, timeout=WAIT)
    assert (folder / "report.pdf").read_bytes() == data
    # From the keyboard: Enter on the message asks where to save it too (never over a file).
    view.setFocus()
    view.setCurrentIndex(view.list_model.index(number))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil((folder / "report (2).pdf").exists, timeout=WAIT)
    assert (folder / "report (2).pdf").read_bytes() == data


def _bomb_png(width: int, height: int) -> bytes:
    """A small PNG that claims (and holds) ``width`` × ``height`` black pixels."""
    raw_row = b"\0" + b"\0" * width  # filter byte + grey pixels
    body = zlib.compress(raw_row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding(qtbot, window, tmp_path):
    bomb = _bomb_png(20_000, 20_000)  # 400 million pixels in a few hundred kilobytes
    assert len(bomb) < 1_000_000 and MAX_PIXELS < 20_000 * 20_000
    with pytest.raises(PictureRefused):
        decode(bomb, QSize(320, 220))
    # Through the window: it becomes a card (Save… still works), quickly, nothing hangs.
    lobby = window.conversation("#lobby")
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    window.sharing.send_files(lobby, [path])
    _posted_link(qtbot, lobby)
    qtbot.waitUntil(lambda: _row_with_attachment(lobby, State.CARD) is not None, timeout=WAIT)
    _number, _attachment, preview = _row_with_attachment(lobby, State.CARD)
    assert preview.thumbnail is None and preview.name == "bomb.png"


def test_links_to_other_servers_are_not_fetched(qtbot, window, host, peer):
    peer.register("Reza", room="#lobby")
    lobby = window.conversation("#lobby")
    port = host.address[1]
    outside = [
        "https://example.com/upload/abc.png",
        f"https://127.0.0.2:{port}/upload/abc.png",
        f"http://127.0.0.1:{port}/upload/abc.png",
        f"https://127.0.0.1:{port + 1}/upload/abc.png",
        f"https://127.0.0.1:{port}/elsewhere/abc.png",
    ]
    for url in outside:
        peer.send(f"PRIVMSG #lobby :look {url}")
    qtbot.waitUntil(
        lambda: sum("look" in "".join(s.text for s in r.spans) for r in lobby.view.lines()) == 5,
        timeout=WAIT,
    )
    lobby.view.flush()
    model = lobby.view.list_model
    assert all(model.attachment(model.row(n)) is None for n in range(model.rowCount()))
    lobby.view.viewport().repaint()
    assert window.sharing.previews.fetched == []


def test_a_file_over_the_hosts_limit_is_refused_with_a_sentence(qtbot, window, tmp_path):
    lobby = window.conversation("#lobby")
    big = tmp_path / "huge.bin"
    big.write_bytes(b"\1" * 8_500_000)  # the host takes at most 8 MB
    window.sharing.send_files(lobby, [big])
    bar = window.sharing.bar(lobby)

    def refused() -> bool:
        return any(
            r.sentence is not None and r.sentence.code == "file.too_large"
            for r in lobby.view.lines()
        )

    qtbot.waitUntil(refused, timeout=WAIT)
    qtbot.waitUntil(lambda: not bar.rows, timeout=WAIT)
    shown = strip_isolates(lobby.view.toPlainText())
    assert "huge.bin is larger than this host accepts." in shown


def test_slash_send_in_qt_uploads_with_progress(qtbot, window, tmp_path):
    lobby = window.conversation("#lobby")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    lobby.input.setText(f"/send {notes}")
    qtbot.keyClick(lobby.input, Qt.Key.Key_Return)
    link = _posted_link(qtbot, lobby)
    assert link.endswith(".txt")


def test_closing_does_not_wait_for_a_stalled_transfer():
    import time

    from app.qt.workers import Workers

    workers = Workers(1, "gofto-test")
    stalled, ran = threading.Event(), []
    workers.start(lambda: stalled.wait(30))  # a host that never answers
    workers.start(lambda: ran.append(1))
    started = time.monotonic()
    workers.close(0.2)
    assert time.monotonic() - started < 2
    stalled.set()
    assert workers.wait(5) and ran == [1]


def test_cancel_before_the_token_came_and_the_next_file_still_goes(qtbot, window, tmp_path):
    lobby = window.conversation("#lobby")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("1", encoding="utf-8")
    second.write_text("2", encoding="utf-8")
    window.sharing.send_files(lobby, [first])
    bar = window.sharing.bar(lobby)
    row = bar.rows[0]
    with qtbot.waitSignal(row.transfer.ended, timeout=WAIT) as ended:
        row.cancel_button.click()  # the host's token has not been read yet
    assert ended.args[0].code == "file.cancelled" and not bar.rows
    window.sharing.send_files(lobby, [second])
    link = _posted_link(qtbot, lobby)
    records = [r for r in lobby.view.lines() if r.is_message and r.own]
    assert len(records) == 1 and link.endswith(".txt")


def test_pasting_files_copied_in_a_file_manager_shares_them(qtbot, window, tmp_path):
    lobby = window.conversation("#lobby")
    copied = tmp_path / "copied.txt"
    copied.write_text("from the file manager", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copied))])
    mime.setText(str(copied))  # file managers put the path as text too
    QGuiApplication.clipboard().setMimeData(mime)
    lobby.input.setFocus()
    qtbot.keyClick(lobby.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert lobby.input.text() == ""
    assert _posted_link(qtbot, lobby).endswith(".txt")


def test_an_animated_picture_shows_its_first_frame(qapp):
    from app.qt.qt import QBuffer, QByteArray, QImageReader

    frame = b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00"
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
        + b"\xff\xff\xff\x00\x00\x00"  # white, black
        + frame
        + b"\x02\x02\x44\x01\x00"  # the first frame: white
        + frame
        + b"\x02\x02\x4c\x01\x00"  # the second: black
        + b"\x3b"
    )
    buffer = QBuffer()
    buffer.setData(QByteArray(gif))
    assert QImageReader(buffer).imageCount() == 2  # really animated
    image = decode(gif, QSize(320, 220))
    assert image.pixelColor(0, 0).name() == "#ffffff"


def _drag(target, kind: QEvent.Type, mime: QMimeData) -> QEvent:
    """Send ``target`` a drag event of ``kind`` at its centre; the event, to read back."""
    centre = QPointF(target.rect().center())
    if kind == QEvent.Type.DragLeave:
        event = QDragLeaveEvent()
    elif kind == QEvent.Type.Drop:
        event = QDropEvent(
            centre,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    else:
        event_class = QDragEnterEvent if kind == QEvent.Type.DragEnter else QDragMoveEvent
        event = event_class(
            centre.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QGuiApplication.sendEvent(target, event)
    return event


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_file_drag_shows_where_it_goes_and_the_drop_shares_it(  # noqa: PLR0917 (fixtures)
    qtbot, window, host, peer, tmp_path, language
):
    from app.qt import i18n

    translation = i18n.install(language)
    try:
        _drop_highlight_story(qtbot, window, peer, tmp_path, language)
    finally:
        translation.remove()


def _drop_highlight_story(qtbot, window, peer, tmp_path, language: str) -> None:
    peer.register("Reza", room="#lobby")
    menus = window.chrome.menus  # the window follows the language (a posted LanguageChange)
    qtbot.waitUntil(
        lambda: (menus.chat_menu.title() == "&Chat") == (language == "en"), timeout=WAIT
    )
    lobby = window.conversation("#lobby")
    highlight = lobby.findChild(QLabel, "dropHighlight")
    assert highlight is not None and not highlight.isVisible()
    target = lobby.view.viewport()
    # Text (not a file) is refused over the conversation, and nothing lights up.
    words = QMimeData()
    words.setText("just words")
    assert not _drag(target, QEvent.Type.DragEnter, words).isAccepted()
    assert not highlight.isVisible()
    notes = tmp_path / "drop-notes.txt"
    notes.write_text("dropped\n", encoding="utf-8")
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(notes))])
    assert _drag(target, QEvent.Type.DragEnter, files).isAccepted()
    assert highlight.isVisible() and highlight.geometry() == lobby.rect()
    said = strip_isolates(highlight.text())
    expected = {"en": "Drop to share with #lobby", "fa": "رها کنید تا در #lobby هم‌رسانی شود"}
    assert said == expected[language]
    assert _drag(target, QEvent.Type.DragMove, files).isAccepted()
    assert highlight.isVisible()
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    suffix = "-fa" if language == "fa" else ""
    window.resize(820, 460)
    qtbot.waitUntil(lambda: highlight.geometry() == lobby.rect(), timeout=WAIT)
    assert window.grab().save(str(folder / f"qt-drop-highlight{suffix}.png"))
    _drag(target, QEvent.Type.DragLeave, files)
    assert not highlight.isVisible()  # the drag went away: so does the sentence
    # Over the input too; and the drop shares the file with the room, for real.
    assert _drag(lobby.input, QEvent.Type.DragEnter, files).isAccepted()
    assert highlight.isVisible()
    assert _drag(lobby.input, QEvent.Type.Drop, files).isAccepted()
    assert not highlight.isVisible()
    link = _posted_link(qtbot, lobby)
    peer.wait_for(qtbot, lambda line: "PRIVMSG #lobby :" in line and link in line)
    # A private conversation says with whom.
    private = window.open_private("Reza")
    assert private is not None
    shown = private.findChild(QLabel, "dropHighlight")
    assert _drag(private.view.viewport(), QEvent.Type.DragEnter, files).isAccepted()
    said = strip_isolates(shown.text())
    expected = {
        "en": "Drop to share privately with Reza",
        "fa": "رها کنید تا به‌طور خصوصی برای Reza فرستاده شود",
    }
    assert said == expected[language]
    _drag(private.view.viewport(), QEvent.Type.DragLeave, files)
    assert not shown.isVisible()
