"""Replies, reactions, deletion, typing and multiline in the Qt conversation view, through a
real server and a peer that speaks IRCv3 message tags, driven by mouse and keyboard."""

from __future__ import annotations

import re

from app.qt.message_model import RowKind
from app.qt.qt import QPoint, Qt
from tests.qt.test_window_chrome import WAIT, open_window  # noqa: F401 (the fixture)


def _message_rows(room):
    room.view.flush()
    model = room.view.list_model
    return [
        (n, model.row(n)) for n in range(model.rowCount()) if model.row(n).kind is RowKind.MESSAGE
    ]


def _find(room, text):
    for number, row in _message_rows(room):
        if text in "".join(span.text for span in row.record.spans):
            return number, row
    return -1, None


def _setup(qtbot, open_window, chat_server, make_peer):  # noqa: F811
    host, port = chat_server.address
    ali = make_peer(host, port)
    ali.register("ali", room="#lobby")
    ali.send("CAP REQ :message-tags")
    window = open_window("Sara", port)
    ali.wait_for(qtbot, lambda line: " ACK " in line)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    room = window.conversation("#lobby")
    ali.send("@msgid=orig1 PRIVMSG #lobby :where is the projector?")  # clients cannot set msgid
    qtbot.waitUntil(lambda: _find(room, "projector")[1] is not None, timeout=WAIT)
    return window, room, ali


def test_reply_from_the_keyboard_reaches_the_peer_and_shows_its_quote(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    _window, room, ali = _setup(qtbot, open_window, chat_server, make_peer)
    _number, row = _find(room, "projector")
    msgid = row.record.id
    room.input.setFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert room.view.hasFocus() and room.view.current_message().id == msgid
    qtbot.keyClick(room.view, Qt.Key.Key_R)
    assert room.reply_bar.isVisible() and room.replying_to() == msgid
    assert "projector" in room.reply_label.text()
    assert room.input.hasFocus()
    qtbot.keyClicks(room.input, "in the cupboard")
    qtbot.keyClick(room.input, Qt.Key.Key_Return)
    ali.wait_for(
        qtbot,
        lambda line: f"+draft/reply={msgid}" in line and line.endswith(":in the cupboard"),
    )
    assert not room.reply_bar.isVisible()
    qtbot.waitUntil(lambda: _find(room, "cupboard")[1] is not None, timeout=WAIT)
    number, reply = _find(room, "cupboard")
    assert reply.record.reply_to == msgid
    drawn = room.view.delegate.drawn(
        reply, room.view.viewport().width(), room.view.font(), room.view
    )
    assert drawn.quote is not None and "projector" in drawn.quote.text()
    assert "projector" in room.view.model().index(number).data()  # screen readers hear it
    # Clicking the quote jumps to the original.
    room.view.scroll_to_bottom()
    rect = room.view.visualRect(room.view.model().index(number))
    point = QPoint(rect.center().x(), rect.top() + drawn.quote_top + 3)
    assert room.view.hit_at(point) == ("quote", msgid)
    qtbot.mouseClick(room.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert room.view.currentIndex().row() == _find(room, "projector")[0]


def test_a_reply_by_hover_button_and_escape_cancels(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    _window, room, _ali = _setup(qtbot, open_window, chat_server, make_peer)
    number, row = _find(room, "projector")
    view = room.view
    rect = view.visualRect(view.model().index(number))
    button = view.delegate.reply_button_rect(rect, rtl=False)
    qtbot.mouseMove(view.viewport(), button.center())
    qtbot.waitUntil(lambda: view.hit_at(button.center())[0] == "reply", timeout=WAIT)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert room.replying_to() == row.record.id
    qtbot.keyClick(room.input, Qt.Key.Key_Escape)
    assert not room.reply_bar.isVisible() and not room.replying_to()


def test_reactions_show_as_chips_and_a_click_adds_yours(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    _window, room, ali = _setup(qtbot, open_window, chat_server, make_peer)
    _number, row = _find(room, "projector")
    msgid = row.record.id
    ali.send(f"@+draft/reply={msgid};+draft/react=👍 TAGMSG #lobby")
    qtbot.waitUntil(lambda: bool(_find(room, "projector")[1].record.reactions), timeout=WAIT)
    number, row = _find(room, "projector")
    view = room.view
    drawn = view.delegate.drawn(row, view.viewport().width(), view.font(), view)
    assert [(emoji, label) for _, emoji, label in drawn.chips] == [("👍", "👍 1")]
    assert "👍" in view.model().index(number).data() and "1 (" in view.model().index(number).data()
    view.scroll_to_bottom()
    rect = view.visualRect(view.model().index(number))
    chip = view.delegate.chip_rect(drawn.chips[0][0], rect, rtl=False)
    with qtbot.waitSignal(view.react_requested, timeout=WAIT) as asked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=chip.center())
    assert asked.args == [msgid, "👍"]
    ali.wait_for(qtbot, lambda line: "+draft/react=👍" in line and " TAGMSG " in line)
    qtbot.waitUntil(
        lambda: len(dict(_find(room, "projector")[1].record.reactions).get("👍", ())) == 2,
        timeout=WAIT,
    )


def test_typing_line_and_deleting_your_own_message(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    _window, room, ali = _setup(qtbot, open_window, chat_server, make_peer)
    ali.send("@+typing=active TAGMSG #lobby")
    qtbot.waitUntil(room.typing_label.isVisible, timeout=WAIT)
    assert re.search(r"ali.* is typing", room.typing_label.text())
    ali.send("@+typing=done TAGMSG #lobby")
    qtbot.waitUntil(lambda: not room.typing_label.isVisible(), timeout=WAIT)
    # Our own typing is told to ali (the rate is the session's).
    qtbot.keyClicks(room.input, "hel")
    ali.wait_for(qtbot, lambda line: "+typing=active" in line)
    room.input.clear()
    qtbot.keyClicks(room.input, "delete me")
    qtbot.keyClick(room.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _find(room, "delete me")[1] is not None, timeout=WAIT)
    number, _row = _find(room, "delete me")
    room.view.setFocus()
    room.view.setCurrentIndex(room.view.model().index(number))
    qtbot.keyClick(room.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(
        lambda: any(row.record.redacted for _, row in _message_rows(room)), timeout=WAIT
    )
    [deleted] = [n for n, row in _message_rows(room) if row.record.redacted]
    assert room.view.model().index(deleted).data().endswith("message deleted")


def test_a_multiline_message_is_one_row_on_several_lines(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    window, room, _ali = _setup(qtbot, open_window, chat_server, make_peer)
    session = window.controller.session
    session.submit("#lobby", "first line\nsecond line\nthird line")
    qtbot.waitUntil(lambda: _find(room, "third line")[1] is not None, timeout=WAIT)
    _number, row = _find(room, "third line")
    assert "first line" in "".join(span.text for span in row.record.spans)
    view = room.view
    drawn = view.delegate.drawn(row, view.viewport().width(), view.font(), view)
    assert drawn.body.lineCount() >= 3


def test_a_reaction_from_the_keyboard(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    _window, room, ali = _setup(qtbot, open_window, chat_server, make_peer)
    msgid = _find(room, "projector")[1].record.id
    room.input.setFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(room.view, Qt.Key.Key_E)
    picker = room.emoji_picker
    qtbot.waitUntil(picker.isVisible, timeout=WAIT)
    qtbot.keyClicks(picker.search, "tada")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    ali.wait_for(qtbot, lambda line: "+draft/react=🎉" in line and f"+draft/reply={msgid}" in line)
    assert room.input.text() == ""  # a reaction, not text in the input


def test_up_on_an_empty_input_selects_the_last_message_even_with_history(
    qtbot,
    open_window,  # noqa: F811
    chat_server,
    make_peer,
):
    """The issue's path: Up on an empty input, then a key. What was sent is recalled with
    Ctrl+Up (then Up/Down walk on), never in Up's way."""
    _window, room, ali = _setup(qtbot, open_window, chat_server, make_peer)
    ctrl = Qt.KeyboardModifier.ControlModifier
    room.input.setFocus()
    for text in ("first from me", "second from me"):
        qtbot.keyClicks(room.input, text)
        qtbot.keyClick(room.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _find(room, "second from me")[1] is not None, timeout=WAIT)
    ali.send("PRIVMSG #lobby :the newest line")
    qtbot.waitUntil(lambda: _find(room, "the newest line")[1] is not None, timeout=WAIT)
    newest = _find(room, "the newest line")[1].record.id
    assert room.input.history() == ["first from me", "second from me"]
    # Up on the empty input: the newest message, though there is history to recall.
    qtbot.keyClick(room.input, Qt.Key.Key_Up)
    assert room.view.hasFocus() and room.view.current_message().id == newest
    assert room.input.text() == ""
    # Escape goes back to the input; Up again, then R answers the message.
    qtbot.keyClick(room.view, Qt.Key.Key_Escape)
    assert room.input.hasFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Up)
    qtbot.keyClick(room.view, Qt.Key.Key_R)
    assert room.replying_to() == newest and room.input.hasFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Escape)  # drops the reply
    assert room.replying_to() == ""
    # Ctrl+Up recalls; once recalling, plain Up and Down walk the history.
    qtbot.keyClick(room.input, Qt.Key.Key_Up, ctrl)
    assert room.input.text() == "second from me" and room.input.hasFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Up)
    assert room.input.text() == "first from me" and room.input.hasFocus()
    qtbot.keyClick(room.input, Qt.Key.Key_Down)
    qtbot.keyClick(room.input, Qt.Key.Key_Down)
    assert room.input.text() == "" and room.input.hasFocus()
    # Back on an empty line: Up is the messages' again; Delete deletes one's own.
    own = _find(room, "second from me")[0]
    qtbot.keyClick(room.input, Qt.Key.Key_Up)
    assert room.view.hasFocus()
    room.view.setCurrentIndex(room.view.model().index(own))
    qtbot.keyClick(room.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(
        lambda: any(row.record.redacted for _, row in _message_rows(room)), timeout=WAIT
    )
