"""The message input: Enter sends, Up/Down history, Tab completion, multi-line paste."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def message_input(qtbot):
    from app.qt.input import MessageInput

    nicks = ["Ali", "alan", "Bob", "علی"]
    widget = MessageInput(completions=lambda: nicks)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.sent = []
    widget.submitted.connect(widget.sent.append)
    return widget


def _type_and_send(qtbot, widget, text):
    """Type ``text`` (QTest can only type ASCII; the rest is inserted) and press Enter."""
    from app.qt.qt import Qt

    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_enter_sends_and_clears(qtbot, message_input):
    _type_and_send(qtbot, message_input, "hello سلام")
    assert message_input.sent == ["hello سلام"]
    assert message_input.text() == ""
    from app.qt.qt import Qt

    qtbot.keyClick(message_input, Qt.Key.Key_Enter)  # empty: nothing sent
    qtbot.keyClicks(message_input, "   ")
    qtbot.keyClick(message_input, Qt.Key.Key_Return)
    assert message_input.sent == ["hello سلام"]
    assert message_input.objectName() == "messageInput"


def test_ctrl_up_and_down_recall_sent_lines_then_up_and_down_walk_on(qtbot, message_input):
    from app.qt.qt import Qt

    ctrl = Qt.KeyboardModifier.ControlModifier
    for text in ("one", "two", "three"):
        _type_and_send(qtbot, message_input, text)
    qtbot.keyClicks(message_input, "draft")
    qtbot.keyClick(message_input, Qt.Key.Key_Up)  # a plain Up on a draft recalls nothing
    assert message_input.text() == "draft" and not message_input.recalling()
    qtbot.keyClick(message_input, Qt.Key.Key_Up, ctrl)
    assert message_input.text() == "three" and message_input.recalling()
    qtbot.keyClick(message_input, Qt.Key.Key_Up)  # recalling: plain Up walks on
    qtbot.keyClick(message_input, Qt.Key.Key_Up, ctrl)
    qtbot.keyClick(message_input, Qt.Key.Key_Up)  # stays at the oldest
    assert message_input.text() == "one"
    qtbot.keyClick(message_input, Qt.Key.Key_Down)
    assert message_input.text() == "two"
    qtbot.keyClick(message_input, Qt.Key.Key_Down, ctrl)
    qtbot.keyClick(message_input, Qt.Key.Key_Down)
    assert message_input.text() == "draft" and not message_input.recalling()
    qtbot.keyClick(message_input, Qt.Key.Key_Down)  # not recalling: Down does nothing
    assert message_input.text() == "draft"
    qtbot.keyClick(message_input, Qt.Key.Key_Up, ctrl)
    qtbot.keyClick(message_input, Qt.Key.Key_Return)  # re-sending a recalled line
    assert message_input.sent[-1] == "three"
    assert message_input.history() == ["one", "two", "three"]
    assert not message_input.recalling()


def test_tab_completes_nicks_and_cycles(qtbot, message_input):
    from app.qt.qt import Qt

    qtbot.keyClicks(message_input, "al")
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "alan: "
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "Ali: "
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "alan: "
    qtbot.keyClicks(message_input, "hi b")
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "alan: hi Bob "
    message_input.clear()
    message_input.insert("salam عل")
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "salam علی "
    message_input.clear()
    qtbot.keyClicks(message_input, "zz")
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "zz"


def test_tab_completes_in_the_middle_of_a_line(qtbot, message_input):
    from app.qt.qt import Qt

    message_input.setText("hey B how are you")
    message_input.setCursorPosition(len("hey B"))
    qtbot.keyClick(message_input, Qt.Key.Key_Tab)
    assert message_input.text() == "hey Bob how are you"
    assert message_input.cursorPosition() == len("hey Bob ")


def test_single_line_paste_is_inserted(message_input):
    message_input.setText("ab")
    message_input.setCursorPosition(1)
    message_input.paste_text("XY")
    assert message_input.text() == "aXYb"
    assert message_input.sent == []


def test_paste_of_a_few_lines_sends_one_text(message_input):
    message_input.paste_text("first\nsecond\n\nthird\n")
    assert message_input.sent == ["first\nsecond\nthird"]  # one multiline message
    assert message_input.text() == ""
    assert message_input.paste_confirmation is None


def test_paste_joins_typed_text_with_the_first_line(message_input):
    message_input.setText("say: ")
    message_input.paste_text("one\r\ntwo")
    assert message_input.sent == ["say: one\ntwo"]


def test_paste_with_a_command_line_sends_each(message_input):
    message_input.paste_text("hello\n/join #other")
    assert message_input.sent == ["hello", "/join #other"]


def test_paste_shortcut_goes_through_paste_text(qtbot, message_input):
    from app.qt.qt import QGuiApplication, QKeySequence

    QGuiApplication.clipboard().setText("a\nb")
    sequence = QKeySequence(QKeySequence.StandardKey.Paste)[0]
    qtbot.keyClick(message_input, sequence.key(), sequence.keyboardModifiers())
    assert message_input.sent == ["a\nb"]


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_paste_of_many_lines_asks_first(qtbot, message_input, answer):
    from app.qt.qt import QMessageBox

    lines = [f"line {i}" for i in range(8)]
    message_input.paste_text("\n".join(lines))
    box = message_input.paste_confirmation
    assert box is not None and message_input.sent == []
    qtbot.waitUntil(box.isVisible, timeout=2000)
    assert "8" in box.text()
    assert "Gofto" in box.windowTitle()  # every top-level window's title names Gofto
    button = box.button(getattr(QMessageBox.StandardButton, answer))
    button.click()
    qtbot.waitUntil(lambda: message_input.paste_confirmation is None, timeout=2000)
    assert message_input.sent == (["\n".join(lines)] if answer == "Yes" else [])
