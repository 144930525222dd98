"""Ctrl+F in the Qt app: the search dialog over a real conversation log, and the main window
switching to the conversation of a chosen result (a real server, a raw IRC peer)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.client.log import ConversationLog, LogEntry
from app.qt import i18n
from app.qt.qt import QLineEdit, QListWidget, Qt
from app.qt.search_dialog import SearchDialog
from app.resources import resource_path
from tests.qt.test_main_window import open_window, send_line, wait_text  # noqa: F401

pytestmark = pytest.mark.gui

WAIT = 5000
T0 = datetime(2026, 3, 21, 9, 30, tzinfo=UTC)

CONVERSATION = [
    ("#lobby", "رضا", "text", "سلام! كتاب را آوردي؟"),
    ("#lobby", "Sara", "text", "Yes, the book is on the table"),
    ("#lobby", "رضا", "action", "کتاب را برمی‌دارد"),
    ("#lobby", "Babak", "text", "Which book? The Persian grammar one?"),
    ("#lobby", "Sara", "text", "کتاب دستور زبان فارسی، صفحهٔ ۱۲"),
    ("رضا", "رضا", "text", "ممنون برای کتاب"),
    ("#lobby", "Babak", "notice", "meeting at 12:30 in room 4"),
]


@pytest.fixture
def filled_log(tmp_path: Path):
    log = ConversationLog(tmp_path / "log.sqlite3")
    for n, (conversation, sender, kind, text) in enumerate(CONVERSATION):
        key = conversation.casefold()
        when = T0 + timedelta(minutes=n)
        log.record(LogEntry(conversation, key, when, sender, kind, text, f"id{n}"))
    assert log.flush()
    yield log
    log.close()


@pytest.fixture
def dialog(qtbot, filled_log):
    shown = SearchDialog(filled_log.search)
    qtbot.addWidget(shown)
    shown.start()
    qtbot.waitExposed(shown)
    return shown


def results_of(dialog: SearchDialog) -> list[str]:
    widget = dialog.findChild(QListWidget, "searchResults")
    return [widget.item(i).text() for i in range(widget.count())]


def selected(conversation) -> str:
    """The text of the message selected in a conversation's view, without the view's
    direction isolates."""
    from app.client.presentation.text import text_of

    record = conversation.view.current_message()
    assert record is not None
    assert conversation.view.selectionModel().isRowSelected(conversation.view.currentIndex().row())
    text = text_of(record.spans)
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def test_object_names(dialog) -> None:
    assert dialog.objectName() == "searchDialog"
    assert dialog.findChild(QLineEdit, "searchEdit") is dialog.edit
    assert dialog.findChild(QListWidget, "searchResults") is dialog.results
    assert dialog.edit.hasFocus() or dialog.focusProxy() is dialog.edit


def test_typing_lists_folded_results_with_context(qtbot, dialog) -> None:
    # QTest cannot type Arabic script: the text arrives as an input method would put it.
    dialog.edit.insert("كتاب")  # Arabic kaf and yeh: finds the Persian spellings
    qtbot.waitUntil(lambda: len(results_of(dialog)) == 4, timeout=WAIT)
    newest = results_of(dialog)[0]
    assert "ممنون برای کتاب" in newest and "رضا" in newest
    lines = results_of(dialog)[1].split("\n")
    assert lines[0].startswith("\u2068\u2068#lobby\u2069 · ")
    assert any(line.startswith("▶ ") and "دستور زبان" in line for line in lines)
    assert any("Which book?" in line for line in lines)  # context before
    assert "4 found" in dialog.status.text()


def test_hostile_queries_say_nothing_found(qtbot, dialog) -> None:
    for query in ('"', "AND", "*", "NEAR(", "a\x1b[2J"):
        dialog.edit.setText(query)
        dialog.search_now()
        qtbot.waitUntil(lambda: "Nothing found" in dialog.status.text(), timeout=WAIT)
        assert results_of(dialog) == []
        dialog.status.clear()


def test_enter_and_double_click_choose_a_result(qtbot, dialog) -> None:
    qtbot.keyClicks(dialog.edit, "book")
    qtbot.waitUntil(lambda: len(results_of(dialog)) == 2, timeout=WAIT)
    with qtbot.waitSignal(dialog.result_chosen, timeout=WAIT) as chosen:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert chosen.args == ["#lobby", "id3", "Which book? The Persian grammar one?"]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.results.hasFocus()
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.result_chosen, timeout=WAIT) as chosen:
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert chosen.args[1] == "id1"
    rect = dialog.results.visualItemRect(dialog.results.item(0))
    viewport = dialog.results.viewport()
    # A double-click is a press, a release, then the double-click event (as a mouse sends it).
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dialog.result_chosen, timeout=WAIT) as chosen:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args[1] == "id3"


def test_ctrl_f_in_the_window_and_enter_switches_conversation(
    qtbot,
    chat_server,
    open_window,  # noqa: F811
    make_peer,
) -> None:
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    bob.send("PRIVMSG #lobby :the meeting moved to ۱۲:۳۰")
    bob.send("PRIVMSG Sara :پیامِ خصوصي درباره كتاب")
    wait_text(qtbot, window, "#lobby", "the meeting moved")
    wait_text(qtbot, window, "bob", "درباره كتاب")
    for _ in range(30):
        bob.send("PRIVMSG #lobby :filler line")
    wait_text(qtbot, window, "#lobby", "filler line")
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    field = window.conversation("#lobby").input
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)

    qtbot.keyClick(
        window.conversation("#lobby").input, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    dialog = window.search_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.edit.insert("خصوصی کتاب")
    qtbot.waitUntil(lambda: len(results_of(dialog)) == 1, timeout=WAIT)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    private = window.conversation("bob")
    assert window.current_conversation() is private
    assert not dialog.isVisible()
    assert selected(private) == "پیامِ خصوصي درباره كتاب"

    # /search in the input opens the same dialog with the query searched
    send_line(qtbot, window, "bob", "/search 12:30")
    assert dialog.isVisible() and dialog.edit.text() == "12:30"
    qtbot.waitUntil(lambda: dialog.shown_query == "12:30", timeout=WAIT)
    assert len(results_of(dialog)) == 1
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    lobby = window.conversation("#lobby")
    assert window.current_conversation() is lobby
    assert selected(lobby) == "the meeting moved to ۱۲:۳۰"

    # a long line is found by its start
    long_line = "needle " + "word " * 80
    bob.send(f"PRIVMSG #lobby :{long_line}")
    wait_text(qtbot, window, "#lobby", "needle word")
    window.show_search("needle")
    qtbot.waitUntil(lambda: dialog.shown_query == "needle", timeout=WAIT)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert selected(lobby).strip() == long_line.strip()  # the whole message is selected


# -- screenshots ----------------------------------------------------------------------------
def _save(widget, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert widget.grab().save(str(path))
    return path


def _searched(qtbot, log: ConversationLog, query: str) -> SearchDialog:
    shown = SearchDialog(log.search)
    qtbot.addWidget(shown)
    shown.resize(620, 520)
    shown.start(query)
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: len(results_of(shown)) >= 3, timeout=WAIT)
    return shown


def test_search_screenshot_english(qtbot, filled_log, tmp_path) -> None:
    shown = _searched(qtbot, filled_log, "كتاب")
    assert shown.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert _save(shown, "search.png", tmp_path).stat().st_size > 0


def test_search_screenshot_persian(qtbot, filled_log, tmp_path) -> None:
    translation = i18n.install("fa")
    try:
        assert translation.translators, "gofto_fa.qm did not load"
        shown = _searched(qtbot, filled_log, "كتاب")
        assert shown.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert shown.windowTitle() != "Search"
        assert "Search for" not in shown.status.text()
        assert _save(shown, "search-fa.png", tmp_path).stat().st_size > 0
    finally:
        translation.remove()


def test_reveal_finds_a_line_far_up_the_history(qtbot) -> None:
    """A result thousands of lines up: the view scrolls to it and selects it; the server's
    msgid names the record, else its text does."""
    from app.client.presentation.presenter import Conversation
    from app.client.presentation.records import message
    from app.qt.conversation import ConversationWidget
    from app.qt.qt import QModelIndex

    many = 5_050

    conversation = ConversationWidget(Conversation("#lobby", private=False))
    qtbot.addWidget(conversation)
    conversation.add_record(message("the old needle, 42 times", "bob", T0, msgid="old1"))
    for n in range(many):
        conversation.add_record(message(f"line {n}.", "bob", T0))
    conversation.view.flush()
    assert conversation.reveal_message("the old needle, 42 times", "old1")
    assert selected(conversation) == "the old needle, 42 times"
    conversation.view.setCurrentIndex(QModelIndex())
    assert conversation.reveal_message("line 7.")
    assert selected(conversation) == "line 7."
    current = conversation.view.currentIndex()
    assert current.data().endswith("line 7.")
    assert not conversation.reveal_message("never said", "nobody")
