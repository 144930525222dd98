"""The main window's menu bar: what a person looks for, where they look for it.

*Chat* holds joining, private conversations, leaving, settings and quitting; *View* moves the
keyboard between the rooms pane, the conversation and the people pane; *Host* (shown only in
the window of the person hosting the chat) holds the room password, the topic, kick and ban;
*Help* lists the commands and says what Gofto is. :class:`MenuBar` only builds the actions and
keeps their texts in the current language (:meth:`MenuBar.retranslate` on
``LanguageChange``); :class:`~app.qt.chrome.WindowChrome` connects them to what they do.

Every action has an ``objectName`` (tests find them so) and a shortcut where people expect
one; a menu's title carries its ``&`` mnemonic, so Alt+C, Alt+V, Alt+O, Alt+H open them.
"""

from __future__ import annotations

from app.qt.qt import QAction, QKeySequence, QMainWindow, QMenu, QObject

_Std = QKeySequence.StandardKey


class MenuBar(QObject):
    """The actions of the main window's menus (attributes named after what they do)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        bar = window.menuBar()
        bar.setObjectName("menuBar")
        self.chat_menu = self._menu(bar.addMenu(""), "chatMenu")
        self.join_room = self._action("joinRoomAction", QKeySequence("Ctrl+J"))
        self.new_private = self._action("newPrivateAction", QKeySequence(_Std.New))
        self.leave_room = self._action("leaveRoomAction", QKeySequence("Ctrl+Shift+W"))
        self.close_conversation = self._action("closeConversationAction", QKeySequence(_Std.Close))
        self.search = self._action("searchAction", QKeySequence(_Std.Find))
        self.settings = self._action("settingsAction", QKeySequence("Ctrl+,"))
        self.quit = self._action("quitAction", QKeySequence(_Std.Quit))
        for item in (
            self.join_room,
            self.new_private,
            None,
            self.leave_room,
            self.close_conversation,
            None,
            self.search,
            None,
            self.settings,
            None,
            self.quit,
        ):
            self._add(self.chat_menu, item)

        self.view_menu = self._menu(bar.addMenu(""), "viewMenu")
        self.go_rooms = self._action("goToRoomsAction", QKeySequence("Ctrl+Shift+R"))
        self.go_input = self._action("goToMessageAction", QKeySequence("Ctrl+Shift+M"))
        self.go_people = self._action("goToPeopleAction", QKeySequence("Ctrl+Shift+P"))
        self.refresh_rooms = self._action("refreshRoomsAction", QKeySequence(_Std.Refresh))
        for item in (self.go_rooms, self.go_input, self.go_people, None, self.refresh_rooms):
            self._add(self.view_menu, item)

        self.host_menu = self._menu(bar.addMenu(""), "hostMenu")
        self.change_password = self._action("changePasswordAction")
        self.set_topic = self._action("setTopicAction")
        self.kick = self._action("hostKickAction")
        self.ban = self._action("hostBanAction")
        for item in (self.change_password, self.set_topic, None, self.kick, self.ban):
            self._add(self.host_menu, item)

        self.help_menu = self._menu(bar.addMenu(""), "helpMenu")
        self.commands = self._action("commandsAction", QKeySequence(_Std.HelpContents))
        self.about = self._action("aboutAction")
        self._add(self.help_menu, self.commands)
        self._add(self.help_menu, self.about)
        self.retranslate()
        self.set_host(False)

    def _menu(self, menu: QMenu, name: str) -> QMenu:
        menu.setObjectName(name)
        return menu

    def _action(self, name: str, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self.parent())
        action.setObjectName(name)
        if shortcut is not None and not shortcut.isEmpty():
            action.setShortcut(shortcut)
        return action

    @staticmethod
    def _add(menu: QMenu, action: QAction | None) -> None:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)

    def set_host(self, is_host: bool) -> None:
        """Show the Host menu only to the person hosting the chat."""
        self.host_menu.menuAction().setVisible(is_host)
        for action in self.host_menu.actions():
            action.setEnabled(is_host)

    def set_conversation(self, *, is_room: bool, is_private: bool) -> None:
        """Enable what makes sense for the conversation shown."""
        self.leave_room.setEnabled(is_room)
        self.close_conversation.setEnabled(is_private)
        self.set_topic.setEnabled(is_room and self.host_menu.menuAction().isVisible())

    def retranslate(self) -> None:
        """Write every text in the current language."""
        self.chat_menu.setTitle(self.tr("&Chat"))
        self.view_menu.setTitle(self.tr("&View"))
        self.host_menu.setTitle(self.tr("H&ost"))
        self.help_menu.setTitle(self.tr("&Help"))
        texts = {
            self.join_room: self.tr("&Join Room…"),
            self.new_private: self.tr("&New Private Conversation…"),
            self.leave_room: self.tr("&Leave Room"),
            self.close_conversation: self.tr("Close Private Conversation"),
            self.search: self.tr("&Search…"),
            self.settings: self.tr("&Settings…"),
            self.quit: self.tr("&Quit"),
            self.go_rooms: self.tr("&Rooms"),
            self.go_input: self.tr("&Message"),
            self.go_people: self.tr("&People"),
            self.refresh_rooms: self.tr("Re&fresh Room List"),
            self.change_password: self.tr("Change Room &Password…"),
            self.set_topic: self.tr("Set &Topic…"),
            self.kick: self.tr("&Kick Someone…"),
            self.ban: self.tr("&Ban Someone…"),
            self.commands: self.tr("&Commands"),
            self.about: self.tr("&About Gofto"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setToolTip(text.replace("&", "").rstrip("…"))
