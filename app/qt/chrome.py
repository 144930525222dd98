"""Everything around the conversations, wired in one place: menus, rooms, people, settings.

:class:`WindowChrome` is built by the :class:`~app.qt.main_window.MainWindow` and owns what
surrounds its conversation tabs: the :class:`~app.qt.menus.MenuBar`, the
:class:`~app.qt.rooms_pane.RoomsPane` (fed by the session's ``RoomsListed`` answers, the
rooms we are in and the tabs' unread counts), the people pane's Info card, the settings
dialog and what applying it means (theme, language, nickname, notifications, auto-away, close
to tray). It talks to the chat only through the controller and the session's public methods
and events; the main window only forwards a few things to it (its close and language events).

The room list is asked for quietly (``Session.list_rooms``) after registering, after we join
or leave a room, on View → Refresh, and every :data:`ROOMS_REFRESH_MS` while the window is
in front — often enough to see new rooms, rarely enough to cost the host nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app import APP_NAME
from app.client import events as ev
from app.client.presentation.text import name as clean_nick
from app.qt.commands_dialog import CommandsDialog
from app.qt.guard import guarded
from app.qt.i18n import switch
from app.qt.idle import IdleWatcher
from app.qt.menus import MenuBar
from app.qt.person_card import PersonCard
from app.qt.preferences import Notifications, Preferences
from app.qt.qt import (
    QApplication,
    QCloseEvent,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QLocale,
    QMenu,
    QObject,
    Qt,
    QTimer,
    QWidget,
)
from app.qt.rooms_pane import RoomsPane
from app.qt.settings_dialog import SettingsDialog
from app.qt.theme import ThemeSwitcher

if TYPE_CHECKING:
    from app.qt.main_window import MainWindow

log = logging.getLogger(__name__)

#: How often the room list is asked for while the window is in front.
ROOMS_REFRESH_MS = 60_000
#: How long after our own join or part the room list is asked for again.
LIST_AFTER_CHANGE_MS = 300
#: Changes to the panes are gathered this long before they are drawn.
PANE_REFRESH_MS = 40


class WindowChrome(QObject):
    """See the module docstring; ``window`` is the main window being dressed."""

    def __init__(self, window: MainWindow, preferences: Preferences | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.preferences = preferences if preferences is not None else Preferences()
        self.menus = MenuBar(window)
        self.menus.set_host(self.controller.is_host)
        self.rooms_pane = RoomsPane(window)
        window.splitter.insertWidget(0, self.rooms_pane)
        window.splitter.setCollapsible(0, True)
        window.splitter.setStretchFactor(0, 0)
        window.splitter.setSizes([170, 560, 190])
        self.idle = IdleWatcher(self)
        #: The open Info cards, by folded nick.
        self.cards: dict[str, PersonCard] = {}
        #: The settings dialog while it is open.
        self.settings_dialog: SettingsDialog | None = None
        #: The dialog asking for a name (join, private, password, topic, kick, ban) while open.
        self.prompt: QInputDialog | None = None
        #: The list of commands while it is open.
        self.commands_dialog: QDialog | None = None
        #: Set by Chat → Quit: closing then really quits, even with "close to tray" on.
        self.quitting = False
        self._auto_away = False
        #: The room the person asked to join here: once joined, the cursor goes to its input.
        self._join_focus: str | None = None
        # Read once per apply, not per message: QSettings lookups cost microseconds each.
        self._notify_every_message = False
        self._pane_timer = QTimer(self)
        self._pane_timer.setSingleShot(True)
        self._pane_timer.setInterval(PANE_REFRESH_MS)
        self._pane_dirty = False
        self._rooms_timer = QTimer(self)
        self._rooms_timer.setInterval(ROOMS_REFRESH_MS)
        # After a join or a part the server's counts change: one LIST shortly after a burst
        # (a reconnect rejoins every room at once), not one per room.
        self._rooms_soon = QTimer(self)
        self._rooms_soon.setSingleShot(True)
        self._rooms_soon.setInterval(LIST_AFTER_CHANGE_MS)
        self._connect_signals()
        self.apply_preferences(initial=True)
        self.refresh_panes()
        self._on_current_changed()
        if self.controller.is_registered:
            self.request_rooms()

    def _connect_signals(self) -> None:
        window, menus, pane = self.window, self.menus, self.rooms_pane
        self.controller.event.connect(self._on_event)
        # Tab changes are already throttled by the main window: shown at once.
        window.conversations_changed.connect(self._refresh_conversations)
        window.tabs.currentChanged.connect(self._on_current_changed)
        window.user_list.info_requested.connect(self.show_person)
        self._pane_timer.timeout.connect(self._pane_interval_over)
        self._rooms_timer.timeout.connect(self._periodic_rooms)
        self._rooms_soon.timeout.connect(self.request_rooms)
        self._rooms_timer.start()
        menus.join_room.triggered.connect(self.ask_join_room)
        menus.new_private.triggered.connect(self.ask_private)
        menus.leave_room.triggered.connect(self._leave_current)
        menus.close_conversation.triggered.connect(self._close_current_private)
        menus.search.triggered.connect(window.open_search)
        menus.settings.triggered.connect(self.open_settings)
        menus.connection.triggered.connect(window.show_connection)
        menus.quit.triggered.connect(self.quit)
        menus.go_rooms.triggered.connect(self._focus_rooms)
        menus.go_input.triggered.connect(self._focus_input)
        menus.go_people.triggered.connect(self._focus_people)
        menus.refresh_rooms.triggered.connect(self.request_rooms)
        menus.change_password.triggered.connect(self.ask_password)
        menus.set_topic.triggered.connect(self.ask_topic)
        menus.kick.triggered.connect(lambda: self.ask_moderation(ban=False))
        menus.ban.triggered.connect(lambda: self.ask_moderation(ban=True))
        menus.commands.triggered.connect(self.show_commands)
        menus.about.triggered.connect(window.show_about)
        pane.join_requested.connect(self.join_room)
        pane.show_requested.connect(self.show_conversation)
        pane.leave_requested.connect(self.leave_room)
        pane.close_requested.connect(self._close_private)
        pane.create_requested.connect(self.ask_join_room)
        pane.refresh_requested.connect(self.request_rooms)
        self.idle.went_idle.connect(self._went_idle)
        self.idle.came_back.connect(self._came_back)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- events from the session ------------------------------------------------------------------
    @guarded
    def _on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.RoomsListed):
            self.rooms_pane.set_listed(event.rooms)
        elif isinstance(event, ev.PersonLooked):
            card = self.cards.get(self._fold(event.nick))
            if card is not None:
                card.show_result(event)
        elif isinstance(event, ev.Registered):
            self.request_rooms()
            self._schedule_panes()
        elif isinstance(event, ev.Joined | ev.Kicked) and event.is_self:
            self._rooms_soon.start()  # the server's count includes us now
            self._schedule_panes()
            if isinstance(event, ev.Joined) and self._join_focus == self._fold(event.channel):
                self._join_focus = None
                # After the main window has made the room's tab (it hears the event next).
                QTimer.singleShot(0, lambda name=event.channel: self.show_conversation(name))
        elif isinstance(event, ev.Parted) and event.is_self:
            self.window.drop_conversation(event.channel)  # leaving closes the room's tab
            self._rooms_soon.start()
            self._schedule_panes()
        elif isinstance(event, ev.MembersChanged | ev.Disconnected):
            self._schedule_panes()
        elif isinstance(event, ev.MessageReceived):
            self._on_message(event)

    def _on_message(self, event: ev.MessageReceived) -> None:
        if event.is_self:
            self.idle.activity()
            return
        if event.is_history or event.is_private or event.highlight:
            return  # the main window notifies about mentions and private messages itself
        if self._notify_every_message and not self.window.is_active():
            title = f"{clean_nick(event.sender)} — {clean_nick(event.conversation)}"
            self.window.notifier.notify(title, event.text)

    # -- the panes --------------------------------------------------------------------------------
    def _schedule_panes(self) -> None:
        """Refresh now, then at most once per :data:`PANE_REFRESH_MS` while changes go on.

        The first change shows at once (a tab switch must not leave a stale badge); a burst
        of changes (a flood's unread counts, a reconnect's joins) is one more refresh at the
        end of the interval.
        """
        if self._pane_timer.isActive():
            self._pane_dirty = True
            return
        self._pane_dirty = False
        self.refresh_panes()
        self._pane_timer.start()

    @guarded
    def _pane_interval_over(self) -> None:
        if self._pane_dirty:
            self._pane_dirty = False
            self.refresh_panes()
            self._pane_timer.start()

    @guarded
    def refresh_panes(self) -> None:
        """Show the rooms we are in and the open conversations in the rooms pane now."""
        session = self.controller.session
        self.rooms_pane.set_joined(
            [(name, len(session.members(name))) for name in session.channels]
        )
        self._refresh_conversations()

    @guarded
    def _refresh_conversations(self) -> None:
        self.rooms_pane.set_conversations(
            [(c.name, c.is_private, c.unread, c.highlighted) for c in self.window.conversations()]
        )
        current = self.window.current_conversation()
        self.rooms_pane.set_current(current.name if current is not None else None)

    @guarded
    def request_rooms(self) -> None:
        """Ask the server for its rooms (quietly); nothing happens while not connected."""
        self.controller.session.list_rooms()

    @guarded
    def _periodic_rooms(self) -> None:
        if self.window.is_active():
            self.request_rooms()

    @guarded
    def _on_current_changed(self, _index: int = -1) -> None:
        current = self.window.current_conversation()
        self.menus.set_conversation(
            is_room=current is not None and current.is_channel,
            is_private=current is not None and current.is_private,
        )
        self.rooms_pane.set_current(current.name if current is not None else None)

    # -- what the person asks for -----------------------------------------------------------------
    def _fold(self, name: str) -> str:
        return self.controller.session.server_info.fold(name)

    def _current_room(self) -> str | None:
        current = self.window.current_conversation()
        if current is not None and current.is_channel:
            return current.name
        return self.controller.session.room

    @guarded
    def join_room(self, name: str) -> None:
        """Join ``name`` (or show it if we are in it already)."""
        name = name.strip()
        if not name:
            return
        if self.window.conversation(name) is not None:
            self.show_conversation(name)
            return
        info = self.controller.session.server_info
        self._join_focus = self._fold(name if info.is_channel(name) else "#" + name)
        self.controller.submit(self._current_room() or "", f"/join {name}")

    @guarded
    def leave_room(self, name: str) -> None:
        """Leave the room ``name``; its tab closes when the server confirms."""
        self.controller.submit(name, f"/part {name}")

    @guarded
    def show_conversation(self, name: str) -> None:
        """Bring the tab of ``name`` to the front and put the cursor in its input."""
        conversation = self.window.conversation(name)
        if conversation is None:
            if not self.controller.session.server_info.is_channel(name):
                self.window.open_private(name)
            return
        self.window.tabs.setCurrentWidget(conversation)
        conversation.input.setFocus(Qt.FocusReason.OtherFocusReason)

    @guarded
    def _focus_rooms(self) -> None:
        self.rooms_pane.room_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @guarded
    def _focus_input(self) -> None:
        current = self.window.current_conversation()
        if current is not None:
            current.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @guarded
    def _focus_people(self) -> None:
        self.window.user_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @guarded
    def _leave_current(self) -> None:
        current = self.window.current_conversation()
        if current is not None and current.is_channel:
            self.leave_room(current.name)

    @guarded
    def _close_current_private(self) -> None:
        current = self.window.current_conversation()
        if current is not None and current.is_private:
            self.window.drop_conversation(current.name)

    @guarded
    def _close_private(self, name: str) -> None:
        conversation = self.window.conversation(name)
        if conversation is not None and conversation.is_private:
            self.window.drop_conversation(name)

    def _ask(
        self,
        name: str,
        title: str,
        label: str,
        done: object,
        *,
        items: list[str] | None = None,
        text: str = "",
        secret: bool = False,
    ) -> QInputDialog:
        """A non-blocking question with one answer; ``done(answer)`` runs on OK."""
        if self.prompt is not None:
            self.prompt.close()
        dialog = QInputDialog(self.window)
        dialog.setObjectName(name)
        dialog.setWindowTitle(f"{title} — {APP_NAME}")
        dialog.setLabelText(label)
        for text_label in dialog.findChildren(QLabel):
            text_label.setTextFormat(Qt.TextFormat.PlainText)  # a room name is untrusted text
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if items is not None:
            dialog.setComboBoxItems(items)
            dialog.setComboBoxEditable(True)
        if secret:
            dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setTextValue(text)
        dialog.textValueSelected.connect(done)
        dialog.finished.connect(lambda _result: self._prompt_closed(dialog))
        self.prompt = dialog
        dialog.open()
        return dialog

    def _prompt_closed(self, dialog: QInputDialog) -> None:
        if self.prompt is dialog:
            self.prompt = None

    @guarded
    def ask_join_room(self) -> None:
        """Chat → Join Room… (also the pane's "New room"): a room name, new or listed."""
        joined = {self._fold(name) for name in self.controller.session.channels}
        listed = [row.name for row in self.rooms_pane.rooms() if self._fold(row.name) not in joined]
        self._ask(
            "joinRoomDialog",
            self.tr("Join Room"),
            self.tr("Room to join or create (for example #books):"),
            self.join_room,
            items=listed,
        )

    @guarded
    def ask_private(self) -> None:
        """Chat → New Private Conversation…: whom to talk to."""
        self._ask(
            "newPrivateDialog",
            self.tr("New Private Conversation"),
            self.tr("Talk privately with:"),
            self._open_private,
            items=list(self.controller.session.nicks()),
        )

    @guarded
    def _open_private(self, nick: str) -> None:
        nick = nick.strip()
        if nick and " " not in nick and not self.controller.session.server_info.is_channel(nick):
            self.window.open_private(nick)

    @guarded
    def ask_password(self) -> None:
        """Host → Change Room Password…: empty removes the password."""
        room = self._current_room() or ""
        self._ask(
            "roomPasswordDialog",
            self.tr("Change Room Password"),
            self.tr("New password for joining this chat (empty: no password):"),
            lambda text: self.controller.submit(room, f"/password {text}".rstrip()),
            secret=True,
        )

    @guarded
    def ask_topic(self) -> None:
        """Host → Set Topic…: the current room's topic."""
        room = self._current_room()
        if not room:
            return
        self._ask(
            "topicDialog",
            self.tr("Set Topic"),
            self.tr("Topic of %1:").replace("%1", clean_nick(room)),
            lambda text: self.controller.submit(room, f"/topic {text}") if text.strip() else None,
            text=self.controller.session.topic(room),
        )

    @guarded
    def ask_moderation(self, *, ban: bool) -> None:
        """Host → Kick Someone… / Ban Someone…: whom, among the room's people."""
        room = self._current_room()
        if not room:
            return
        people = [m.nick for m in self.controller.session.members(room) if not m.is_self]

        def act(nick: str) -> None:
            nick = nick.strip()
            if not nick or " " in nick:
                return
            if ban:
                self.controller.submit(room, f"/ban {nick}")
            self.controller.submit(room, f"/kick {nick}")

        self._ask(
            "banDialog" if ban else "kickDialog",
            self.tr("Ban Someone") if ban else self.tr("Kick Someone"),
            (self.tr("Ban from %1:") if ban else self.tr("Put out of %1:")).replace(
                "%1", clean_nick(room)
            ),
            act,
            items=people,
        )

    @guarded
    def show_person(self, nick: str) -> PersonCard:
        """The people pane's Info: a card, filled in when the server answers."""
        key = self._fold(nick)
        card = self.cards.get(key)
        if card is None:
            card = PersonCard(nick, self.window)
            self.cards[key] = card
            card.destroyed.connect(lambda _obj=None, key=key: self.cards.pop(key, None))
            if not self.controller.session.look_up(nick):
                card.show_result(ev.PersonLooked(nick, found=False))
        card.show()
        card.raise_()
        card.activateWindow()
        return card

    @guarded
    def show_commands(self) -> None:
        """Help → Commands: every slash command with what it does, and the keys."""
        if self.commands_dialog is not None:
            self.commands_dialog.raise_()
            return
        dialog = CommandsDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._commands_closed)
        self.commands_dialog = dialog
        dialog.open()

    def _commands_closed(self, _result: int) -> None:
        self.commands_dialog = None

    # -- settings ---------------------------------------------------------------------------------
    @guarded
    def open_settings(self) -> SettingsDialog:
        """Chat → Settings…"""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = SettingsDialog(self.preferences, self.window, nick=self.controller.session.nick)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self.apply_preferences)
        dialog.finished.connect(self._settings_closed)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _settings_closed(self, _result: int) -> None:
        self.settings_dialog = None

    @guarded
    def apply_preferences(self, initial: bool = False) -> None:
        """Make the running application follow the preferences.

        At construction (``initial``) only what belongs to this window is applied; the theme
        and the language were set at start-up (:func:`app.qt.app.run`) before any window.
        """
        prefs = self.preferences
        notifier = self.window.notifier
        level = prefs.notifications
        notifier.enabled = level is not Notifications.NONE
        self._notify_every_message = level is Notifications.ALL
        notifier.sound = prefs.sound
        self.idle.set_minutes(prefs.away_minutes)
        self.controller.session.send_typing = prefs.send_typing
        if initial:
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            ThemeSwitcher.of(app).apply(prefs.theme)
        language = prefs.language_code()
        if language != self.current_language():
            switch(language)
        nick = prefs.nick
        session = self.controller.session
        if nick and self._fold(nick) != self._fold(session.nick):
            self.controller.submit(self._current_room() or "", f"/nick {nick}")

    @staticmethod
    def current_language() -> str:
        """The language the interface shows now (from the default locale Qt was given)."""
        return QLocale().name().split("_")[0] or "en"

    def retranslate(self) -> None:
        """The main window got ``LanguageChange``: menus follow (the panes do on their own)."""
        self.menus.retranslate()

    # -- auto-away, tray --------------------------------------------------------------------------
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            self.idle.activity()

    @guarded
    def _went_idle(self) -> None:
        if self.controller.is_registered and not self._own_away():
            self._auto_away = True
            self.controller.submit("", "/away " + self.tr("Away from the computer"))

    @guarded
    def _came_back(self) -> None:
        if self._auto_away:
            self._auto_away = False
            if self.controller.is_registered:
                self.controller.submit("", "/away")

    def _own_away(self) -> bool:
        session = self.controller.session
        return any(
            member.is_self and member.away
            for name in session.channels
            for member in session.members(name)
        )

    def close_to_tray(self, event: QCloseEvent) -> bool:
        """Hide the window in the tray instead of closing it, when chosen and possible."""
        if self.quitting or not self.preferences.close_to_tray:
            return False
        tray = self.window.notifier.tray()
        if tray is None:
            return False  # no tray on this desktop: closing must not lose the window
        event.ignore()
        if tray.contextMenu() is None:
            tray.setContextMenu(self._tray_menu())
        self.window.hide()
        tray.showMessage(
            APP_NAME,
            self.tr("Gofto is still running here; click the icon to open it."),
        )
        return True

    def _tray_menu(self) -> QMenu:
        """The tray icon's menu: open the window again, or quit for real."""
        menu = QMenu(self.window)
        menu.setObjectName("trayMenu")
        show = menu.addAction(self.tr("Open Gofto"))
        show.setObjectName("trayOpenAction")
        show.triggered.connect(self._show_from_tray)
        leave = menu.addAction(self.tr("Quit"))
        leave.setObjectName("trayQuitAction")
        leave.triggered.connect(self.quit)
        return menu

    @guarded
    def _show_from_tray(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    @guarded
    def quit(self) -> None:
        """Chat → Quit: close for real (a host is still asked first)."""
        # Stays set while a host answers "Stop hosting?": their "Close" must quit, not hide.
        self.quitting = True
        self.window.close()
