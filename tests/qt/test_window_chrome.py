"""Around the conversations: menus, the rooms pane, the people pane's card, settings, away.

Every test drives the real main window against a real server (Gofto's own, hosted in-process
like the app does, or the plain ChatServer) and raw-socket peers; keyboard paths use real key
presses on the widgets.
"""

from __future__ import annotations

import os

import pytest

from app.client.events import PersonLooked
from app.qt import i18n
from app.qt.controller import ChatController
from app.qt.idle import IdleWatcher
from app.qt.main_window import MainWindow
from app.qt.preferences import Notifications, Preferences
from app.qt.qt import (
    QAction,
    QApplication,
    QContextMenuEvent,
    QGuiApplication,
    QInputDialog,
    QLabel,
    QPalette,
    QPlainTextEdit,
    QPoint,
    QSettings,
    Qt,
)
from app.qt.rooms_pane import ROW_ROLE
from app.qt.theme import Theme, ThemeSwitcher, is_dark
from app.qt.user_list import NICK_ROLE
from app.resources import resource_path
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def hosted():
    server = HostedServer(0, host="127.0.0.1")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def open_window(qtbot, fast_backoff):
    """``open_window(nick, port, server=None)`` → a registered window in #lobby."""
    windows: list[MainWindow] = []

    def factory(nick: str, port: int, server: HostedServer | None = None) -> MainWindow:
        controller = ChatController(
            nick, "127.0.0.1", port, server=server, backoff=fast_backoff, tls=server is not None
        )
        window = MainWindow(controller, ask_before_closing=False)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: window.conversation("#lobby") is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: "#lobby" in controller.session.channels, timeout=WAIT)
        return window

    yield factory
    for window in windows:
        window.controller.shutdown()


@pytest.fixture
def theme(qapp):
    switcher = ThemeSwitcher.of(QApplication.instance())
    yield switcher
    switcher.apply(Theme.SYSTEM)


@pytest.fixture
def back_to_english(qapp):
    yield
    i18n.switch("en")


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def room_names(window: MainWindow) -> dict[str, tuple[int | None, bool]]:
    return {row.name: (row.users, row.joined) for row in window.chrome.rooms_pane.rooms()}


# -- menus ------------------------------------------------------------------------------------
def test_menus_hold_what_people_look_for(open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert titles == ["&Chat", "&View", "&Help"]  # no Host menu for a guest
    chat = [a.objectName() for a in window.chrome.menus.chat_menu.actions() if a.objectName()]
    assert chat == [
        "joinRoomAction",
        "newPrivateAction",
        "leaveRoomAction",
        "closeConversationAction",
        "searchAction",
        "settingsAction",
        "connectionAction",
        "quitAction",
    ]
    help_items = [a.objectName() for a in window.chrome.menus.help_menu.actions()]
    assert help_items == ["commandsAction", "aboutAction"]
    for name in (
        "joinRoomAction",
        "newPrivateAction",
        "searchAction",
        "settingsAction",
        "quitAction",
    ):
        assert not action(window, name).shortcut().isEmpty(), name
    assert action(window, "leaveRoomAction").isEnabled()  # #lobby is shown
    assert not action(window, "closeConversationAction").isEnabled()
    assert not action(window, "changePasswordAction").isEnabled()


def test_the_host_sees_the_host_menu_and_changes_the_password(
    qtbot, open_window, hosted, make_peer
):
    window = open_window("Host", hosted.port, server=hosted)
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert titles == ["&Chat", "&View", "H&ost", "&Help"]
    action(window, "changePasswordAction").trigger()
    dialog = window.findChild(QInputDialog, "roomPasswordDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("s3cret")
    with qtbot.waitSignal(
        window.controller.event,
        timeout=WAIT,
        check_params_cb=lambda e: "password is changed" in getattr(e, "text", ""),
    ):
        dialog.accept()
    # A newcomer without the password is refused now.
    peer = make_peer("127.0.0.1", hosted.port)
    peer.send("NICK late")
    peer.send("USER late 0 * :late")
    peer.wait_for(qtbot, lambda line: " 464 " in line)


def test_help_commands_lists_the_commands(
    qtbot, open_window, chat_server, back_to_english, tmp_path
):
    window = open_window("Sara", chat_server.address[1])
    action(window, "commandsAction").trigger()
    dialog = window.chrome.commands_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QPlainTextEdit, "commandsText")
    assert "/join" in text.toPlainText() and text.accessibleName()
    english = text.toPlainText()
    # The keys follow the commands: Up on an empty line, Ctrl+Up to recall.
    keys = english.split("\nKeyboard\n", 1)[1]
    assert "Up" in keys and "go to the newest message" in keys
    assert "Ctrl+Up, Ctrl+Down" in keys and "Recall what you sent" in keys
    _screenshot(dialog, "commands.png", tmp_path)
    dialog.close()
    qtbot.waitUntil(lambda: window.chrome.commands_dialog is None, timeout=WAIT)
    i18n.switch("fa")  # the list is the catalogue's, in the language shown
    action(window, "commandsAction").trigger()
    persian = window.chrome.commands_dialog.findChild(QPlainTextEdit, "commandsText")
    assert "/join" in persian.toPlainText() and persian.toPlainText() != english
    assert "صفحه‌کلید" in persian.toPlainText() and "Ctrl+Up" in persian.toPlainText()
    _screenshot(window.chrome.commands_dialog, "commands-fa.png", tmp_path)
    window.chrome.commands_dialog.close()


def _screenshot(widget, name: str, tmp_path) -> None:
    """Save ``widget``; into resources/screenshots with ``GOFTO_SCREENSHOTS=1``."""
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    assert widget.grab().save(str(folder / name))


def test_join_room_by_keyboard(qtbot, open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(
        window.conversation("#lobby").input, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: window.chrome.prompt is not None, timeout=WAIT)
    dialog = window.chrome.prompt
    assert dialog.objectName() == "joinRoomDialog"
    dialog.setTextValue("books")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.conversation("#books") is not None, timeout=WAIT)
    assert window.current_conversation().name == "#books"


# -- the rooms pane ---------------------------------------------------------------------------
def test_rooms_pane_lists_rooms_and_joins_by_click_and_enter(
    qtbot, open_window, chat_server, make_peer
):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#music")
    peer.send("JOIN #books")
    peer.send("JOIN #lobby")
    peer.block_until(lambda line: "JOIN" in line and "#lobby" in line)
    window = open_window("Sara", port)
    pane = window.chrome.rooms_pane
    window.chrome.request_rooms()
    qtbot.waitUntil(lambda: {"#books", "#music", "#lobby"} <= set(room_names(window)), timeout=WAIT)
    qtbot.waitUntil(lambda: room_names(window).get("#lobby") == (2, True), timeout=WAIT)
    assert room_names(window)["#music"] == (1, False)
    assert pane.room_list.objectName() == "roomList"
    view = pane.room_list

    # Click joins a room we are not in.
    row = view.row_model.row_of("#music")
    rect = view.visualRect(view.row_model.index(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.conversation("#music") is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: room_names(window)["#music"] == (2, True), timeout=WAIT)

    # Enter joins from the keyboard.
    view.setFocus()
    view.setCurrentIndex(view.row_model.index(view.row_model.row_of("#books")))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.conversation("#books") is not None, timeout=WAIT)

    # Enter on a room we are in shows it.
    view.setCurrentIndex(view.row_model.index(view.row_model.row_of("#lobby")))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_conversation().name == "#lobby", timeout=WAIT)


def test_leave_from_the_context_menu_and_unread_badges(
    qtbot, open_window, chat_server, make_peer, monkeypatch
):
    host, port = chat_server.address
    window = open_window("Sara", port)
    monkeypatch.setattr(window, "is_active", lambda: False)
    window.chrome.join_room("#books")
    qtbot.waitUntil(lambda: window.conversation("#books") is not None, timeout=WAIT)
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    peer = make_peer(host, port)
    peer.register("ali", room="#books")
    peer.send("PRIVMSG #books :hello")
    peer.send("PRIVMSG #books :Sara: are you there?")
    peer.send("PRIVMSG Sara :psst")
    pane = window.chrome.rooms_pane

    def books():
        return next((row for row in pane.rooms() if row.name == "#books"), None)

    qtbot.waitUntil(lambda: books() is not None and books().unread == 2, timeout=WAIT)
    assert books().highlighted
    qtbot.waitUntil(lambda: [row.name for row in pane.privates()] == ["ali"], timeout=WAIT)
    assert pane.privates()[0].unread == 1
    accessible = pane.room_list.row_model.index(pane.room_list.row_model.row_of("#books")).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    assert "2" in accessible and "#books" in accessible

    index = pane.room_list.row_model.index(pane.room_list.row_model.row_of("#books"))
    menu = pane.context_menu_for(index)
    names = [a.objectName() for a in menu.actions()]
    assert names == ["openAction", "leaveAction", "createAction", "refreshAction"]
    next(a for a in menu.actions() if a.objectName() == "leaveAction").trigger()
    qtbot.waitUntil(lambda: window.conversation("#books") is None, timeout=WAIT)
    peer.wait_for(qtbot, lambda line: line.startswith(":Sara!") and " PART " in line)
    qtbot.waitUntil(lambda: not room_names(window).get("#books", (0, False))[1], timeout=WAIT)

    # Delete on a private conversation closes it.
    view = pane.private_list
    view.setFocus()
    view.setCurrentIndex(view.row_model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.conversation("ali") is None, timeout=WAIT)
    qtbot.waitUntil(lambda: pane.privates() == [], timeout=WAIT)


def test_rooms_pane_keyboard_context_menu(qtbot, open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    view = window.chrome.rooms_pane.room_list
    qtbot.waitUntil(lambda: view.row_model.row_of("#lobby") >= 0, timeout=WAIT)
    view.setFocus()
    view.setCurrentIndex(view.row_model.index(view.row_model.row_of("#lobby")))
    requested = []
    view.menu_requested.connect(lambda index, point: requested.append(index.data(ROW_ROLE).name))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0))
    QApplication.sendEvent(view, event)
    assert requested == ["#lobby"]
    menu = window.chrome.rooms_pane.menu
    assert menu is not None
    menu.close()


# -- the people pane --------------------------------------------------------------------------
def test_info_card_shows_whois(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.send("NICK reza")
    peer.send("USER rz 0 * :Reza Rahimi")
    peer.block_until(lambda line: " 001 " in line)
    peer.send("JOIN #lobby")
    peer.send("JOIN #کتاب")
    peer.send("AWAY :<b>at lunch</b>")
    window = open_window("Sara", port)
    qtbot.waitUntil(lambda: "reza" in window.user_list.list_model.nicks(), timeout=WAIT)
    before = window.conversation("#lobby").view.toPlainText()
    view = window.user_list
    index = view.list_model.index(view.list_model.row_of("reza"))
    menu = view.context_menu_for(index)
    with qtbot.waitSignal(
        window.controller.event, timeout=WAIT, check_params_cb=lambda e: isinstance(e, PersonLooked)
    ):
        next(a for a in menu.actions() if a.objectName() == "infoAction").trigger()
    card = window.chrome.cards["reza"]
    assert card.objectName() == "personCard" and card.isVisible()
    values = card.values()
    assert values["personRealName"] == "Reza Rahimi"
    assert "#کتاب" in values["personRooms"] and "#lobby" in values["personRooms"]
    assert "<b>at lunch</b>" in card.status_label.text()  # plain text, not markup
    assert card.status_label.textFormat() == Qt.TextFormat.PlainText
    window.conversation("#lobby").view.flush()
    assert window.conversation("#lobby").view.toPlainText() == before  # nothing in the room
    card.close()


def test_info_card_for_someone_gone(qtbot, open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    with qtbot.waitSignal(
        window.controller.event, timeout=WAIT, check_params_cb=lambda e: isinstance(e, PersonLooked)
    ):
        card = window.chrome.show_person("nobody")
    assert card.result is not None and not card.result.found
    assert card.values() == {}


def test_host_is_marked_and_kicks_from_the_menu(qtbot, open_window, hosted, make_peer):
    guest_peer = make_peer("127.0.0.1", hosted.port)
    guest_peer.register("guest", room="#lobby")
    window = open_window("Host", hosted.port, server=hosted)
    guest = open_window("Mina", hosted.port)
    # The guest's people pane marks the host.
    qtbot.waitUntil(
        lambda: any(m.is_host and m.nick == "Host" for m in guest.user_list.list_model.members()),
        timeout=WAIT,
    )
    assert not any(m.is_host for m in guest.user_list.list_model.members() if m.nick != "Host")
    row = guest.user_list.list_model.row_of("Host")
    tooltip = guest.user_list.list_model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert "Hosts this chat" in tooltip
    # The guest's menu has no Kick; the host's has.
    guest_menu = guest.user_list.context_menu_for(guest.user_list.list_model.index(row))
    assert "kickAction" not in [a.objectName() for a in guest_menu.actions()]
    view = window.user_list
    qtbot.waitUntil(
        lambda: view.we_are_operator() and "guest" in view.list_model.nicks(), timeout=WAIT
    )
    menu = view.context_menu_for(view.list_model.index(view.list_model.row_of("guest")))
    next(a for a in menu.actions() if a.objectName() == "kickAction").trigger()
    guest_peer.wait_for(qtbot, lambda line: " KICK #lobby guest" in line)


def test_people_pane_keyboard_menu_and_names(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    window = open_window("Sara", port)
    view = window.user_list
    qtbot.waitUntil(lambda: "ali" in view.list_model.nicks(), timeout=WAIT)
    assert view.accessibleName()
    view.setFocus()
    view.setCurrentIndex(view.list_model.index(view.list_model.row_of("ali")))
    assert view.currentIndex().data(NICK_ROLE) == "ali"
    assert "ali" in view.currentIndex().data(Qt.ItemDataRole.AccessibleTextRole)


# -- settings ---------------------------------------------------------------------------------
def test_settings_switch_theme_live_and_persist(qtbot, open_window, chat_server, theme):
    window = open_window("Sara", chat_server.address[1])
    action(window, "settingsAction").trigger()
    dialog = window.chrome.settings_dialog
    assert dialog is not None and dialog.objectName() == "settingsDialog"
    for widget in (
        dialog.nick_edit,
        dialog.theme_combo,
        dialog.language_combo,
        dialog.notify_combo,
        dialog.sound_check,
        dialog.away_spin,
        dialog.tray_check,
    ):
        assert widget.accessibleName(), widget.objectName()
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(Theme.DARK))
    dialog.findChild(type(dialog.buttons.buttons()[0]), "applyButton").click()
    assert is_dark(QApplication.palette())
    assert QApplication.style().name().lower() == "fusion"
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    text_colour = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert window_colour.lightnessF() < 0.2 and text_colour.lightnessF() > 0.8
    qtbot.waitUntil(lambda: is_dark(window.user_list.palette()), timeout=WAIT)  # widgets follow
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(Theme.LIGHT))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not is_dark(QApplication.palette())
    assert Preferences(QSettings()).theme is Theme.LIGHT  # the app's own settings file
    theme.apply(Theme.SYSTEM)  # back to how the application started (light under Xvfb)
    assert not is_dark(QApplication.palette())
    assert window.chrome.settings_dialog is None


def test_settings_switch_language_live(qtbot, open_window, chat_server, back_to_english):
    window = open_window("Sara", chat_server.address[1])
    dialog = window.chrome.open_settings()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("fa"))
    dialog.buttons.button(dialog.buttons.StandardButton.Apply).click()
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(
        lambda: window.layoutDirection() == Qt.LayoutDirection.RightToLeft, timeout=WAIT
    )
    qtbot.waitUntil(lambda: window.chrome.menus.chat_menu.title() != "&Chat", timeout=WAIT)
    assert window.chrome.rooms_pane.rooms_label.text() != "&Rooms"
    assert dialog.windowTitle().startswith("تنظیمات")
    assert dialog.theme_combo.itemText(0) != "Like the system"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    qtbot.waitUntil(lambda: window.chrome.menus.chat_menu.title() == "&Chat", timeout=WAIT)


def test_settings_change_nickname_and_refuse_a_bad_one(qtbot, open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    dialog = window.chrome.open_settings()
    dialog.nick_edit.setText("bad nick")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.nick_problem.isVisible()
    dialog.nick_edit.setText("Sarah")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.controller.session.nick == "Sarah", timeout=WAIT)


def test_notification_levels(qtbot, open_window, chat_server, make_peer, monkeypatch):
    host, port = chat_server.address
    window = open_window("Sara", port)
    monkeypatch.setattr(window, "is_active", lambda: False)
    notes = []
    window.notifier.notified.connect(lambda how, title, text: notes.append(text))
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    prefs = window.chrome.preferences
    prefs.notifications = Notifications.ALL
    window.chrome.apply_preferences(initial=True)
    peer.send("PRIVMSG #lobby :plain message")
    qtbot.waitUntil(lambda: "plain message" in notes, timeout=WAIT)
    prefs.notifications = Notifications.NONE
    window.chrome.apply_preferences(initial=True)
    peer.send("PRIVMSG Sara :private one")
    qtbot.waitUntil(lambda: window.conversation("ali") is not None, timeout=WAIT)
    assert "private one" not in notes
    prefs.notifications = Notifications.MENTIONS
    window.chrome.apply_preferences(initial=True)
    peer.send("PRIVMSG #lobby :another plain one")
    peer.send("PRIVMSG Sara :private two")
    qtbot.waitUntil(lambda: "private two" in notes, timeout=WAIT)
    assert "another plain one" not in notes


def test_close_to_tray_without_a_tray_still_closes(qtbot, open_window, chat_server):
    window = open_window("Sara", chat_server.address[1])
    window.chrome.preferences.close_to_tray = True
    assert window.close()  # Xvfb has no tray: the window must not vanish unreachable


# -- auto-away --------------------------------------------------------------------------------
def test_idle_watcher_cycle(qapp):
    now = [0.0]
    pointer = [QPoint(1, 1)]
    watcher = IdleWatcher(clock=lambda: now[0], pointer=lambda: pointer[0])
    events = []
    watcher.went_idle.connect(lambda: events.append("idle"))
    watcher.came_back.connect(lambda: events.append("back"))
    watcher.set_minutes(2)
    now[0] = 100.0
    watcher.check()
    assert events == []
    now[0] = 121.0
    watcher.check()
    watcher.check()
    assert events == ["idle"]
    pointer[0] = QPoint(5, 5)
    watcher.check()
    assert events == ["idle", "back"]
    watcher.set_minutes(0)
    now[0] = 10_000.0
    watcher.check()
    assert events == ["idle", "back"]


def test_auto_away_sends_away_and_back(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.send("CAP REQ :away-notify")
    peer.send("CAP END")
    peer.register("ali", room="#lobby")
    window = open_window("Sara", port)
    peer.block_until(lambda line: "JOIN" in line and line.startswith(":Sara!"))
    window.chrome.idle.went_idle.emit()
    peer.wait_for(qtbot, lambda line: line.startswith(":Sara!") and " AWAY :" in line)
    qtbot.waitUntil(
        lambda: any(m.is_self and m.away for m in window.user_list.list_model.members()),
        timeout=WAIT,
    )
    window.chrome.idle.came_back.emit()
    peer.wait_for(qtbot, lambda line: line.startswith(":Sara!") and line.rstrip().endswith("AWAY"))


def test_keyboard_paths_between_the_panes(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#music")
    window = open_window("Sara", port)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    rooms = window.chrome.rooms_pane.room_list
    window.chrome.request_rooms()
    qtbot.waitUntil(lambda: rooms.row_model.row_of("#music") >= 0, timeout=WAIT)
    lobby = window.conversation("#lobby")
    lobby.input.setFocus()
    qtbot.waitUntil(lobby.input.hasFocus, timeout=WAIT)
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    qtbot.keyClick(lobby.input, Qt.Key.Key_R, control_shift)  # View → Rooms
    qtbot.waitUntil(rooms.hasFocus, timeout=WAIT)
    rooms.setCurrentIndex(rooms.row_model.index(0))
    while rooms.currentIndex().data(ROW_ROLE).name != "#music":
        qtbot.keyClick(rooms, Qt.Key.Key_Down)
    qtbot.keyClick(rooms, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.conversation("#music") is not None, timeout=WAIT)
    # Joined from the keyboard: the cursor is in the new room's input, ready to write.
    qtbot.waitUntil(window.conversation("#music").input.hasFocus, timeout=WAIT)

    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P, control_shift)  # View → People
    qtbot.waitUntil(window.user_list.hasFocus, timeout=WAIT)
    qtbot.keyClick(window.user_list, Qt.Key.Key_M, control_shift)  # View → Message
    qtbot.waitUntil(window.current_conversation().input.hasFocus, timeout=WAIT)

    qtbot.keyClick(
        window.current_conversation().input, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: window.chrome.settings_dialog is not None, timeout=WAIT)
    dialog = window.chrome.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.chrome.settings_dialog is None, timeout=WAIT)


def test_preferences_apply_at_start(qapp, isolated_settings, theme):
    from app.qt.preferences import apply_at_start

    prefs = Preferences(isolated_settings)
    prefs.theme = Theme.DARK
    prefs.language = "fa"
    isolated_settings.setValue("away/minutes", "99999")  # a hand-edited file: the default
    translation = apply_at_start(QApplication.instance(), Preferences(isolated_settings))
    try:
        assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert is_dark(QApplication.palette())
        assert QApplication.translate("MenuBar", "&Chat") == "&گفتگو"
        assert Preferences(isolated_settings).away_minutes == 15
    finally:
        translation.remove()


def test_untrusted_topics_and_names_are_never_markup(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#x<b>y</b>")
    peer.send("TOPIC #x<b>y</b> :<img src=http://127.0.0.1:1/t.png> <b>big</b>")
    peer.block_until(lambda line: " TOPIC " in line)
    window = open_window("Sara", port)
    pane = window.chrome.rooms_pane
    window.chrome.request_rooms()
    qtbot.waitUntil(lambda: pane.room_list.row_model.row_of("#x<b>y</b>") >= 0, timeout=WAIT)
    index = pane.room_list.row_model.index(pane.room_list.row_model.row_of("#x<b>y</b>"))
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img src=" in tooltip and "&lt;b&gt;big" in tooltip
    window.tabs.setCurrentWidget(window.conversation("#lobby"))
    window.chrome.join_room("#x<b>y</b>")
    qtbot.waitUntil(lambda: window.conversation("#x<b>y</b>") is not None, timeout=WAIT)
    window.chrome.ask_topic()
    dialog = window.chrome.prompt
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel)
    )
    dialog.reject()


def test_new_private_conversation_from_the_menu(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    window = open_window("Sara", port)
    qtbot.waitUntil(lambda: "ali" in window.controller.session.nicks(), timeout=WAIT)
    action(window, "newPrivateAction").trigger()
    dialog = window.chrome.prompt
    assert dialog.objectName() == "newPrivateDialog"
    assert "ali" in dialog.comboBoxItems()
    dialog.setTextValue("ali")
    dialog.accept()
    qtbot.waitUntil(lambda: window.conversation("ali") is not None, timeout=WAIT)
    assert window.current_conversation().name == "ali"
    assert action(window, "closeConversationAction").isEnabled()
    assert not action(window, "leaveRoomAction").isEnabled()
    action(window, "closeConversationAction").trigger()
    assert window.conversation("ali") is None


def test_host_menu_kicks_and_sets_the_topic(qtbot, open_window, hosted, make_peer):
    guest = make_peer("127.0.0.1", hosted.port)
    guest.register("guest", room="#lobby")
    window = open_window("Host", hosted.port, server=hosted)
    qtbot.waitUntil(window.user_list.we_are_operator, timeout=WAIT)
    action(window, "setTopicAction").trigger()
    dialog = window.chrome.prompt
    assert dialog.objectName() == "topicDialog"
    dialog.setTextValue("Plans for Friday")
    dialog.accept()
    guest.wait_for(qtbot, lambda line: " TOPIC #lobby :Plans for Friday" in line)
    action(window, "hostKickAction").trigger()
    dialog = window.chrome.prompt
    assert dialog.objectName() == "kickDialog" and dialog.comboBoxItems() == ["guest"]
    dialog.setTextValue("guest")
    dialog.accept()
    guest.wait_for(qtbot, lambda line: " KICK #lobby guest" in line)
