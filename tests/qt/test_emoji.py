"""The emoji picker and ``:shortcode:`` completion, driven by keyboard on the real widgets."""

from __future__ import annotations

import pytest

from app.client import emoji as table
from app.client.presentation.presenter import Conversation
from app.qt.conversation import ConversationWidget
from app.qt.emoji_picker import recent_emoji
from app.qt.qt import QApplication, Qt


def test_table_names_are_unique_and_searchable():
    names = [entry.name for entry in table.EMOJI]
    assert len(names) == len(set(names)) >= 100
    assert table.char_of("thumbsup") == "👍"
    assert "❤️" in [e.char for e in table.search("heart love")]
    assert table.completions("thu")[0].name == "thumbsup"
    assert table.replace_shortcodes("ok :thumbsup: :nope: :fire:") == "ok 👍 :nope: 🔥"


@pytest.fixture
def conversation(qtbot):
    widget = ConversationWidget(Conversation("#lobby", False))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    widget.input.setFocus()
    return widget


@pytest.mark.gui
def test_the_picker_opens_by_keyboard_searches_and_inserts(qtbot, conversation):
    assert conversation.emoji_button.accessibleName()
    qtbot.keyClick(conversation.input, Qt.Key.Key_Semicolon, Qt.KeyboardModifier.ControlModifier)
    picker = conversation.emoji_picker
    assert picker is not None
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    qtbot.keyClicks(picker.search, "rocket")
    assert picker.grid.count() == 1
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=2000)
    assert conversation.input.text() == "🚀"
    assert recent_emoji()[0] == "🚀"
    # Recent ones come first next time.
    conversation.emoji_button.click()
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    assert picker.grid.item(0).text() == "🚀"
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Right)
    qtbot.keyClick(picker.grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=2000)
    assert conversation.input.text().startswith("🚀") and len(conversation.input.text()) > 1


@pytest.mark.gui
def test_shortcodes_complete_in_the_input(qtbot, conversation):
    line = conversation.input
    qtbot.keyClicks(line, "great :fire:")
    assert line.text() == "great 🔥"
    line.clear()
    qtbot.keyClicks(line, "yes :thumbsu")
    popup = conversation.shortcodes.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert line.text() == "yes 👍"
    assert QApplication.instance() is not None
