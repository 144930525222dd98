"""The main window against real servers: our ChatServer, ngIRCd, and raw-socket peers."""

from __future__ import annotations

import re

import pytest

from app import __version__
from app.client import events as ev
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import (
    QAbstractItemView,
    QAction,
    QGuiApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
)
from app.qt.user_list import NICK_ROLE

pytestmark = pytest.mark.gui

WAIT = 5000
PERSIAN = "سلام دنیا! این یک پیام است"
MARKUP = "<b>bold</b><img src=x>"


@pytest.fixture
def open_window(qtbot, fast_backoff):
    """``open_window(nick, host, port, **controller_kwargs)`` → a registered, shown window."""
    windows: list[MainWindow] = []

    def factory(nick: str, host: str, port: int, **kwargs) -> MainWindow:
        kwargs.setdefault("backoff", fast_backoff)
        controller = ChatController(nick, host, port, **kwargs)
        window = MainWindow(controller, ask_before_closing=False)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        room = controller.session.room
        qtbot.waitUntil(lambda: "You joined" in text_of(window, room), timeout=WAIT)
        return window

    yield factory
    for window in windows:
        window.controller.shutdown()


def text_of(window: MainWindow, name: str) -> str:
    """The plain text of a conversation's view (empty when the tab does not exist)."""
    conversation = window.conversation(name)
    if conversation is None:
        return ""
    conversation.view.flush()
    return conversation.view.toPlainText()


def last_body(window: MainWindow, name: str) -> str:
    """The text after "time nick: " on the last line of a conversation's view."""
    lines = text_of(window, name).split("\n")
    # A paragraph that runs against the interface has its time last (one time column).
    return re.sub(r" \u2066\d\d:\d\d\u2069$", "", lines[-1].split("\u2069: ", 1)[-1])


def wait_text(qtbot, window: MainWindow, name: str, text: str) -> None:
    qtbot.waitUntil(lambda: text in text_of(window, name), timeout=WAIT)


def members(window: MainWindow) -> list[str]:
    return window.user_list.list_model.nicks()


def send_line(qtbot, window: MainWindow, name: str, text: str) -> None:
    """Type into a conversation's input the way a user does and press Enter."""
    conversation = window.conversation(name)
    conversation.input.setText(text)
    qtbot.keyClick(conversation.input, Qt.Key.Key_Return)


def test_object_names_and_title(qtbot, chat_server, open_window):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    assert window.objectName() == "mainWindow"
    assert window.findChild(type(window.tabs), "conversationTabs") is window.tabs
    conversation = window.conversation("#lobby")
    assert conversation.view.objectName() == "messageView"
    assert conversation.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert conversation.input.objectName() == "messageInput"
    assert window.user_list.objectName() == "userList"
    assert window.status_label.objectName() == "connectionStatus"
    assert window.status_label.text() == f"Connected as Sara to {host}:{port} (not encrypted)"
    assert window.windowTitle().endswith("#lobby — Gofto")
    assert window.hosting_banner is None


def test_group_chat_both_ways_and_user_list(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: "bob" in members(window), timeout=WAIT)
    model = window.user_list.list_model
    me = model.index(model.row_of("Sara"))
    assert "(you)" in me.data() and me.data(Qt.ItemDataRole.FontRole).bold()
    wait_text(qtbot, window, "#lobby", "\u2068bob\u2069 joined")

    bob.send("PRIVMSG #lobby :hello from bob")
    wait_text(qtbot, window, "#lobby", "hello from bob")
    send_line(qtbot, window, "#lobby", "hi bob")
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG #lobby :hi bob"))
    wait_text(qtbot, window, "#lobby", "hi bob")

    bob.send("QUIT :bye now")
    qtbot.waitUntil(lambda: "bob" not in members(window), timeout=WAIT)
    wait_text(qtbot, window, "#lobby", "bye now")


@pytest.mark.parametrize("text", [MARKUP, PERSIAN, "mixed سلام and <i>English</i> &amp;"])
def test_untrusted_text_shows_exactly_as_typed(qtbot, chat_server, open_window, make_peer, text):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    bob.send(f"PRIVMSG #lobby :{text}")
    qtbot.waitUntil(lambda: last_body(window, "#lobby") == text, timeout=WAIT)
    view = window.conversation("#lobby").view
    pieces = view.drawn_pieces(view.model().rowCount() - 1)
    assert "".join(piece for piece, _ in pieces).endswith(text)  # drawn as the characters
    assert not any(fmt.isImageFormat() or fmt.isAnchor() for _, fmt in pieces)
    send_line(qtbot, window, "#lobby", text)
    bob.wait_for(qtbot, lambda line: line.endswith(f"PRIVMSG #lobby :{text}"))


def test_private_conversation_from_the_user_list(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob, carol = make_peer(host, port), make_peer(host, port)
    bob.register("bob", room="#lobby")
    carol.register("carol", room="#lobby")
    qtbot.waitUntil(lambda: {"bob", "carol"} <= set(members(window)), timeout=WAIT)

    view = window.user_list
    rect = view.visualRect(view.list_model.index(view.list_model.row_of("bob")))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    private = window.conversation("bob")
    assert private is not None and private.is_private
    assert window.current_conversation() is private
    assert window.windowTitle().endswith("bob — Gofto")

    send_line(qtbot, window, "bob", "just for you")
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG bob :just for you"))
    carol.send("PING :sync")  # carol's own round trip: anything for her has arrived by now
    carol.wait_for(qtbot, lambda line: "PONG" in line)
    assert not carol.has(lambda line: "just for you" in line)

    bob.send("PRIVMSG Sara :got it")
    wait_text(qtbot, window, "bob", "got it")
    assert "got it" not in text_of(window, "#lobby")
    wait_text(qtbot, window, "bob", "just for you")

    # our own name is not clickable for a private conversation
    rect = view.visualRect(view.list_model.index(view.list_model.row_of("Sara")))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.conversation("Sara") is None


def test_private_conversation_by_keyboard_alone(qtbot, chat_server, open_window, make_peer):
    """Tab on an empty line reaches the people list; Enter on a name opens the private
    conversation with the cursor in it (Tab on a word still completes nicknames)."""
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: "bob" in members(window), timeout=WAIT)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    field = window.conversation("#lobby").input
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)

    qtbot.keyClick(field, Qt.Key.Key_Tab)
    view = window.user_list
    qtbot.waitUntil(view.hasFocus, timeout=WAIT)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    while view.currentIndex().data(NICK_ROLE) != "bob":
        row = view.currentIndex().row()
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert view.currentIndex().row() > row, "bob is not in the list"
    qtbot.keyClick(view, Qt.Key.Key_Return)

    private = window.conversation("bob")
    assert private is not None and window.current_conversation() is private
    qtbot.waitUntil(private.input.hasFocus, timeout=WAIT)
    qtbot.keyClicks(private.input, "typed, not clicked")
    qtbot.keyClick(private.input, Qt.Key.Key_Return)
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG bob :typed, not clicked"))


def test_query_opens_the_private_conversation(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: "bob" in members(window), timeout=WAIT)
    send_line(qtbot, window, "#lobby", "/query BOB first words")
    private = window.conversation("bob")
    assert private is not None and window.current_conversation() is private
    assert window.tabs.tabText(window.tabs.indexOf(private)) == "\u2068bob\u2069"
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG bob :first words"))
    wait_text(qtbot, window, "bob", "first words")
    assert "first words" not in text_of(window, "#lobby")


def test_someone_writing_first_opens_a_tab_with_unread_count(
    qtbot, chat_server, open_window, make_peer, monkeypatch
):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    monkeypatch.setattr(window, "is_active", lambda: False)  # the user looks elsewhere
    notes = []
    window.notifier.notified.connect(lambda how, title, text: notes.append((how, title, text)))
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    carol.send("PRIVMSG Sara :psst")
    qtbot.waitUntil(lambda: window.conversation("carol") is not None, timeout=WAIT)
    private = window.conversation("carol")
    wait_text(qtbot, window, "carol", "psst")
    assert window.current_conversation() is window.conversation("#lobby")  # focus stays
    assert private.unread == 1 and private.highlighted
    index = window.tabs.indexOf(private)
    assert window.tabs.tabText(index) == "\u2068carol\u2069 (1)"
    assert notes and notes[0][1:] == ("carol", "psst")
    carol.send("PRIVMSG #lobby :Sara: look here")
    qtbot.waitUntil(lambda: window.windowTitle().startswith("(2) "), timeout=WAIT)
    assert window.windowTitle() == "(2) #lobby — Gofto"
    assert len(notes) == 2 and notes[1][1] == "carol in #lobby"

    monkeypatch.setattr(window, "is_active", lambda: True)
    window.tabs.setCurrentWidget(private)
    assert private.unread == 0 and window.tabs.tabText(index) == "\u2068carol\u2069"
    assert window.windowTitle() == "carol — Gofto"


def test_tab_completion_and_history_in_the_window(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: "bob" in members(window), timeout=WAIT)
    field = window.conversation("#lobby").input
    qtbot.keyClicks(field, "bo")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "bob: "
    qtbot.keyClicks(field, "hi")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG #lobby :bob: hi"))
    qtbot.keyClick(field, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # recall
    assert field.text() == "bob: hi"


def test_multi_line_paste_sends_several_messages(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    field = window.conversation("#lobby").input
    field.paste_text("one\ntwo\nthree")
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG #lobby :three"))
    said = [line.rsplit(":", 1)[-1] for line in bob.lines if "PRIVMSG #lobby" in line]
    assert said == ["one", "two", "three"]
    field.paste_text("\n".join(f"many {i}" for i in range(7)))
    box = field.paste_confirmation
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    box.button(QMessageBox.StandardButton.Yes).click()
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG #lobby :many 6"))


def test_help_goes_through_the_session(qtbot, chat_server, open_window):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    send_line(qtbot, window, "#lobby", "/help")
    wait_text(qtbot, window, "#lobby", "/msg")


def test_events_without_a_server_round_trip(qtbot, chat_server, open_window):
    """Queued messages, errors, info, nick changes and disconnects, fed as the session would."""
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    emit = window.controller.event.emit
    emit(ev.MessageQueued("#lobby", "later please"))
    wait_text(
        qtbot, window, "#lobby", "later please (not sent yet — will be sent when reconnected)"
    )
    emit(ev.ErrorMessage("No such nick: zed"))
    wait_text(qtbot, window, "#lobby", "\u26a0 No such nick: zed")
    emit(ev.MessageReceived("dave", "dave", "hi", ev.MessageKind.TEXT, True, False, False))
    qtbot.waitUntil(lambda: window.conversation("dave") is not None, timeout=WAIT)
    emit(ev.NickChanged("dave", "david", False, ("#lobby", "dave")))
    qtbot.waitUntil(lambda: window.conversation("david") is not None, timeout=WAIT)
    assert window.conversation("dave") is None
    wait_text(qtbot, window, "david", "is now known as")
    emit(ev.MessageReceived("#lobby", "bob", "waves", ev.MessageKind.ACTION, False, False, False))
    wait_text(qtbot, window, "#lobby", "* \u2068bob\u2069 waves")
    emit(ev.TopicChanged("#lobby", "<b>topic</b>", "bob"))
    topic = window.conversation("#lobby").topic_label
    qtbot.waitUntil(topic.isVisible, timeout=WAIT)
    assert topic.text() == "<b>topic</b>" and topic.textFormat() == Qt.TextFormat.PlainText
    emit(ev.Disconnected("Connection reset", True))
    wait_text(qtbot, window, "david", "Disconnected")
    emit(ev.Info("just so you know", None))
    wait_text(qtbot, window, "#lobby", "just so you know")


def test_about_box_shows_the_version(qtbot, chat_server, open_window):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    about = window.findChild(QAction, "aboutAction")
    about.trigger()
    box = window.about_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    assert __version__ in box.text() and "Gofto" in box.text()
    box.accept()
    qtbot.waitUntil(lambda: window.about_box is None, timeout=WAIT)


def test_hosting_banner_and_closing_asks_first(qtbot, fast_backoff):
    from app.server.hosting import HostedServer

    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(
        "Host", "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff
    )
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        banner = window.hosting_banner
        assert banner is not None and banner.objectName() == "hostingBanner"
        assert f":{hosted.port}" in banner.findChild(QLabel, "hostingAddresses").text()
        banner.findChild(QPushButton, "copyAddressButton").click()
        assert QGuiApplication.clipboard().text() == window.invitation_text
        assert f":{hosted.port}" in window.invitation_text

        window.close()
        box = window.close_confirmation
        qtbot.waitUntil(box.isVisible, timeout=WAIT)
        assert "Gofto" in box.windowTitle()  # every top-level window's title names Gofto
        box.button(QMessageBox.StandardButton.Cancel).click()
        qtbot.waitUntil(lambda: window.close_confirmation is None, timeout=WAIT)
        assert window.isVisible() and hosted.running

        window.close()
        box = window.close_confirmation
        qtbot.waitUntil(box.isVisible, timeout=WAIT)
        box.button(QMessageBox.StandardButton.Close).click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)
        assert not hosted.running
    finally:
        controller.shutdown()
        hosted.stop()


def test_closing_as_a_guest_quits(qtbot, chat_server, open_window, make_peer):
    host, port = chat_server.address
    window = open_window("Sara", host, port)
    bob = make_peer(host, port)
    bob.register("bob", room="#lobby")
    window.close()
    bob.wait_for(qtbot, lambda line: " QUIT " in line and line.startswith(":Sara"))


@pytest.mark.interop
def test_room_users_and_privates_on_ngircd(qtbot, ngircd, open_window, make_peer):
    window = open_window("Sara", ngircd.host, ngircd.port)
    bob = make_peer(ngircd.host, ngircd.port)
    bob.register("bob", room="#lobby")
    qtbot.waitUntil(lambda: "bob" in members(window), timeout=WAIT)
    bob.send("PRIVMSG #lobby :hello on ngircd")
    wait_text(qtbot, window, "#lobby", "hello on ngircd")
    send_line(qtbot, window, "#lobby", PERSIAN)
    bob.wait_for(qtbot, lambda line: line.endswith(f"PRIVMSG #lobby :{PERSIAN}"))
    window.open_private("bob")
    send_line(qtbot, window, "bob", "private hi")
    bob.wait_for(qtbot, lambda line: line.endswith("PRIVMSG bob :private hi"))
    bob.send("PRIVMSG Sara :private reply")
    wait_text(qtbot, window, "bob", "private reply")
