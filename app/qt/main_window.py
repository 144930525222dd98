"""The main window: conversation tabs, the people in the room, the connection status.

:class:`MainWindow` is built around a :class:`~app.qt.controller.ChatController`. The
controller's session events go to a :class:`~app.client.presentation.presenter.Presenter`,
which decides where each is shown, as what record, and what is unread; the window only draws
its changes (a tab per conversation, records in its view, unread counts in the tab labels and
the window title, an offline banner), refreshes the ``userList`` from ``Session.members``
(coalesced, so a burst of joins is one update) and sends what the user types through
``controller.submit``. Nothing here blocks: questions to the user are window-modal boxes
opened with ``open()``, and every slot is :func:`~app.qt.guard.guarded`. What surrounds the
tabs — menus, the rooms pane, settings, the Info card, auto-away, the tray — is
:class:`~app.qt.chrome.WindowChrome`, built here and fed through ``conversations_changed``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.client.events import Event, SearchRequested
from app.client.presentation import presenter as p
from app.client.presentation.direction import isolate
from app.client.presentation.presenter import Conversation, Presenter
from app.client.presentation.text import spans, text_of
from app.irc.names import fold
from app.qt.attachments import Previews
from app.qt.chrome import WindowChrome
from app.qt.connection_dialog import ConnectionDialog
from app.qt.conversation import ConversationWidget
from app.qt.conversation_actions import ConversationActions
from app.qt.guard import guarded
from app.qt.i18n import sentences
from app.qt.invite_banner import InviteBanner
from app.qt.notify import Notifier
from app.qt.qt import (
    QCloseEvent,
    QColor,
    QEvent,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPalette,
    QSplitter,
    Qt,
    QTabBar,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.render import fill
from app.qt.search_dialog import SearchDialog
from app.qt.sharing import WindowSharing
from app.qt.transfers import Transfers
from app.qt.user_list import UserListView

if TYPE_CHECKING:
    from app.qt.controller import ChatController

log = logging.getLogger(__name__)

#: How long member-list changes are gathered before the sidebar is refreshed.
MEMBERS_REFRESH_MS = 30
#: A growing unread count is shown at most this often: retitling the window and a tab costs
#: about 0.2 ms (a round trip to the window system), which at a flood's 1,000 messages a
#: second was a fifth of the GUI thread. The first unread message shows at once.
UNREAD_REFRESH_MS = 100
#: How often the host is told how far conversations were read (MARKREAD, only when that
#: moved): a watched busy room is read at every message, the host hears of it once in this long.
MARK_READ_MS = 2000


class MainWindow(QMainWindow):
    """The chat window; see the module docstring. ``objectName`` is ``mainWindow``."""

    #: A conversation was opened, closed, renamed or its unread count changed.
    conversations_changed = Signal()

    def __init__(
        self,
        controller: ChatController,
        *,
        ask_before_closing: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.controller = controller
        #: Whether closing a hosting window asks first (scripts and tests may turn it off).
        self.ask_before_closing = ask_before_closing
        self._close_confirmed = False
        self._conversations: dict[str, ConversationWidget] = {}
        #: Conversation lines in the user's language (the catalogue, through Qt's .qm).
        self.texts = sentences()
        #: Where session events become conversations and records (app.client.presentation).
        self.presenter = Presenter(controller.session)
        self._list_channel: str | None = None
        #: The "everyone will be disconnected" question while it is open.
        self.close_confirmation: QMessageBox | None = None
        #: The About box while it is open.
        self.about_box: QMessageBox | None = None
        #: The Connection dialog last opened (tests read it).
        self.connection_dialog: ConnectionDialog | None = None
        #: The search window (Ctrl+F), once opened.
        self.search_dialog: SearchDialog | None = None
        self.notifier = Notifier(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("conversationTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.user_list = UserListView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.user_list)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([600, 180])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.hosting_banner = self._build_hosting_banner() if controller.is_host else None
        if self.hosting_banner is not None:
            layout.addWidget(self.hosting_banner)
        # Said while the connection is down and a reconnection is on its way.
        self.offline_banner = QLabel(self)
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setAutoFillBackground(True)
        self.offline_banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.offline_banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.offline_banner.setMargin(6)
        self.offline_banner.setVisible(False)
        self._offline = False
        layout.addWidget(self.offline_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel(controller.status, self)
        self.status_label.setObjectName("connectionStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_label, 1)

        self._members_timer = QTimer(self)
        self._members_timer.setSingleShot(True)
        self._members_timer.setInterval(MEMBERS_REFRESH_MS)
        self._unread_timer = QTimer(self)
        self._unread_timer.setSingleShot(True)
        self._unread_timer.setInterval(UNREAD_REFRESH_MS)
        self._unread_dirty: set[ConversationWidget] = set()
        self._mark_read_timer = QTimer(self)
        self._mark_read_timer.setInterval(MARK_READ_MS)
        self._mark_read_timer.timeout.connect(self._flush_read)
        self._mark_read_timer.start()  # cheap when nothing moved: sends nothing
        #: What each tab label shows now: (unread, highlighted).
        self._shown_unread: dict[ConversationWidget, tuple[int, bool]] = {}

        # Attach, drag-and-drop, pasted pictures, thumbnails and file cards (app.qt.sharing).
        self.sharing = self._build_sharing()
        #: Replies, reactions, deleting and typing notifications of the tabs.
        self.actions = ConversationActions(self)
        # Menus, the rooms pane, settings, the Info card, auto-away: see app.qt.chrome.
        self.chrome = WindowChrome(self)
        self.resize(1040, 600)
        self._connect_signals()
        self._sync_from_session()
        self._tell_focus()
        self._update_title()

    def _build_sharing(self) -> WindowSharing:
        controller = self.controller

        def pinned() -> str | None:
            security = controller.security
            return security.fingerprint if security is not None else None

        transfers = Transfers(
            session=lambda: controller.session,
            pinned=pinned,
            peer=controller.transport.peer_address,
            post=controller.submit,
            report=self.presenter.on_event,
            parent=self,
        )
        previews = Previews(transfers.is_host_file, pinned, self, pool=transfers.pool)
        return WindowSharing(self, transfers, previews)

    def _sync_from_session(self) -> None:
        """Show what the session already knows: the window may open after registration."""
        session = self.controller.session
        names = [session.room] if session.room else []
        try:
            names += [
                name for name in session.channels if fold(name) != fold(names[0] if names else "")
            ]
            topics = {name: session.topic(name) for name in names}
        except Exception:
            log.exception("could not read the session's channels")
            topics = dict.fromkeys(names, "")
        for name in names:
            model = self.presenter.open(name, private=False)
            widget = self._conversations.get(model.key)
            if widget is not None and topics.get(name):
                widget.set_topic(spans(topics[name]))
        self.refresh_members()

    def _connect_signals(self) -> None:
        self.presenter.add_listener(self.on_change)
        self.controller.event.connect(self.presenter.on_event)
        self.controller.event.connect(self.sharing.transfers.on_event)
        self.controller.event.connect(self._on_search_requested)
        self.controller.transport.connected.connect(self.presenter.connecting)
        self.controller.status_changed.connect(self._on_status)
        self.controller.registered.connect(self._on_registered)
        self.controller.certificate_changed.connect(self._on_certificate_changed)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.tabs.tabCloseRequested.connect(self._on_tab_close_requested)
        self.user_list.private_requested.connect(self.open_private)
        self.user_list.kick_requested.connect(self._kick)
        self.user_list.ban_requested.connect(self._ban)
        self._members_timer.timeout.connect(self.refresh_members)
        self._unread_timer.timeout.connect(self._refresh_unread)

    # -- building ----------------------------------------------------------------------------------
    def _build_hosting_banner(self) -> InviteBanner:
        banner = InviteBanner(self.controller.hosted, self)
        banner.copied.connect(self._on_invite_copied)
        #: The first invite link (what the first *Copy invite* button copies).
        self.invitation_text = banner.invite_links[0] if banner.invite_links else ""
        return banner

    # -- conversations -----------------------------------------------------------------------------
    def conversation(self, name: str) -> ConversationWidget | None:
        """The tab of conversation ``name`` (compared folded), if it is open."""
        return self._conversations.get(fold(name))

    def conversations(self) -> list[ConversationWidget]:
        """Every open conversation, in tab order."""
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def current_conversation(self) -> ConversationWidget | None:
        """The conversation whose tab is shown."""
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ConversationWidget) else None

    def open_private(self, nick: str) -> ConversationWidget | None:
        """Open (or show) the private conversation with ``nick`` and put the cursor in it."""
        try:
            model = self.presenter.open_private(nick)
        except Exception:
            log.exception("could not open a private conversation with %r", nick)
            return None
        return self._conversations.get(model.key)

    # -- search (Ctrl+F) ---------------------------------------------------------------------------
    def show_search(self, query: str = "") -> SearchDialog:
        """Open the search window (one per main window), ``query`` typed in if given."""
        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self.controller.logger.log.search, self)
            self.search_dialog.result_chosen.connect(self.show_search_result)
        self.search_dialog.start(query)
        return self.search_dialog

    def open_search(self, *_checked: object) -> None:
        """The Search… action (Ctrl+F): the search window, with the last query."""
        self.show_search()

    @guarded
    def show_search_result(self, name: str, msgid: str, text: str) -> None:
        """Switch to conversation ``name`` (opening a private one) and show the message."""
        conversation = self.conversation(name)
        if conversation is None and not self.controller.session.server_info.is_channel(name):
            conversation = self.open_private(name)
        if conversation is None:
            return  # a room we are no longer in: nothing to switch to
        if self.search_dialog is not None:
            self.search_dialog.hide()  # Ctrl+F brings it back with the same results
        self._show(conversation)
        self.activateWindow()
        conversation.reveal_message(text, msgid or None)

    def _on_search_requested(self, event: Event) -> None:
        if isinstance(event, SearchRequested):
            self.show_search(event.query)  # /search TEXT

    @guarded
    def _kick(self, nick: str) -> None:
        """The user list's Kick: ``/kick`` in the room whose members it shows."""
        if self._list_channel:
            self.controller.submit(self._list_channel, f"/kick {nick}")

    @guarded
    def _ban(self, nick: str) -> None:
        """The user list's Ban: ban their address, then put them out of the room."""
        if self._list_channel:
            self.controller.submit(self._list_channel, f"/ban {nick}")
            self.controller.submit(self._list_channel, f"/kick {nick}")

    def _add_tab(self, model: Conversation) -> ConversationWidget:
        conversation = ConversationWidget(
            model, completions=self._completions, texts=self.texts, parent=self.tabs
        )
        conversation.submitted.connect(self._on_submitted)
        self.sharing.adopt(conversation)
        conversation.older_wanted.connect(self._fetch_older)
        conversation.around_wanted.connect(self._fetch_around)
        conversation.gap_wanted.connect(self._fetch_gap)
        self.actions.attach(conversation)  # replies, reactions, deleting, the typing line
        conversation.typed.connect(self._on_typed)
        conversation.typing_paused.connect(self._on_typing_paused)
        self._conversations[conversation.key] = conversation
        index = self.tabs.addTab(conversation, model.title)
        # Tab on an empty line leaves the input for the people list (Enter there opens a
        # private conversation): the keyboard path to a private message.
        QWidget.setTabOrder(conversation.input, self.user_list)
        if not model.private:
            # Rooms stay open for the whole session; only private tabs get a close button.
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                self.tabs.tabBar().setTabButton(index, side, None)
        self._update_tab(conversation)
        return conversation

    def _show(self, conversation: ConversationWidget) -> None:
        self.tabs.setCurrentWidget(conversation)
        conversation.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_conversation(self, conversation: ConversationWidget) -> None:
        if conversation.is_private:
            self.drop_conversation(conversation.name)

    def drop_conversation(self, name: str) -> None:
        """Close the tab of ``name`` (a private conversation, or a room we left)."""
        conversation = self._conversations.pop(fold(name), None)
        if conversation is None:
            return
        self._unread_dirty.discard(conversation)
        self._shown_unread.pop(conversation, None)
        self.presenter.close(conversation.name)
        self.tabs.removeTab(self.tabs.indexOf(conversation))
        conversation.deleteLater()
        self.conversations_changed.emit()

    def _completions(self) -> list[str]:
        try:
            names = list(self.controller.session.nicks())
        except Exception:
            log.exception("could not read nicks for completion")
            names = []
        current = self.current_conversation()
        if current is not None and current.is_private:
            names.append(current.name)
        return names

    # -- unread counts, titles ---------------------------------------------------------------------
    def is_active(self) -> bool:
        """Whether the user is looking at this window (unread counts and notifications)."""
        return self.isActiveWindow()

    def _tell_focus(self) -> None:
        """Tell the presenter what the person looks at (read, unread and notifications)."""
        current = self.current_conversation()
        self.presenter.focus(current.name if current else None, active=self.is_active())

    @guarded
    def _flush_read(self) -> None:
        """Tell the host how far conversations were read (debounced; see MARK_READ_MS)."""
        self.presenter.flush_read()

    @guarded
    def _fetch_older(self, name: str) -> None:
        widget = self._conversations.get(fold(name))
        model = self.presenter.conversation(name)
        if widget is not None and model is not None:
            widget.history_requested(self.presenter.older(model))

    @guarded
    def _fetch_around(self, name: str, msgid: str) -> None:
        widget = self._conversations.get(fold(name))
        model = self.presenter.conversation(name)
        if widget is not None and model is not None:
            widget.history_requested(self.presenter.around(model, msgid))

    @guarded
    def _fetch_gap(self, name: str, gap_id: str) -> None:
        model = self.presenter.conversation(name)
        if model is not None:
            self.presenter.fill_gap(model, gap_id)

    def _update_tab(self, conversation: ConversationWidget) -> None:
        index = self.tabs.indexOf(conversation)
        if index < 0:
            return
        self._shown_unread[conversation] = (conversation.unread, conversation.highlighted)
        label = isolate(conversation.model.title)  # "#lobby" keeps its "#" in RTL
        if conversation.unread:
            label = fill(self.tr("%1 (%2)"), label, self.texts.number(conversation.unread))
        self.tabs.setTabText(index, label)
        self.tabs.setTabToolTip(index, conversation.model.title)
        colour = QColor()
        if conversation.unread and conversation.highlighted:
            colour = self.palette().color(QPalette.ColorRole.Highlight)
        elif conversation.unread:
            colour = self.palette().color(QPalette.ColorRole.Link)
        self.tabs.tabBar().setTabTextColor(index, colour)
        self.conversations_changed.emit()

    def unread_total(self) -> int:
        """Unread messages over all conversations (what the title shows when inactive)."""
        return self.presenter.unread_total()

    def _update_title(self) -> None:
        current = self.current_conversation()
        name = current.model.title if current is not None else ""
        title = fill(self.tr("%1 — Gofto"), name) if name else APP_NAME
        unread = self.unread_total()
        if unread and not self.is_active():
            title = f"({self.texts.number(unread)}) {title}"
        self.setWindowTitle(title)

    def _on_unread(self, conversation: ConversationWidget) -> None:
        shown_count, shown_highlight = self._shown_unread.get(conversation, (0, False))
        news = (
            not shown_count
            or not conversation.unread
            or conversation.highlighted != shown_highlight
        )
        if news:  # the tab changes colour: at once
            self._update_tab(conversation)
            self._update_title()
            return
        self._unread_dirty.add(conversation)  # only the number grows: with the others
        if not self._unread_timer.isActive():
            self._unread_timer.start()

    def _refresh_unread(self) -> None:
        """Show the unread counts gathered since the last refresh (see UNREAD_REFRESH_MS)."""
        dirty, self._unread_dirty = self._unread_dirty, set()
        for conversation in self._conversations.values():  # not a tab closed meanwhile
            if conversation in dirty:
                self._update_tab(conversation)
        self._update_title()

    # -- what the presenter says ----------------------------------------------------------------
    @guarded
    def on_change(self, change: p.Change) -> None:
        """Draw one presenter change; unknown kinds are ignored (newer presenter, older window)."""
        if isinstance(change, p.Added):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                widget.add_record(change.record)
        elif isinstance(change, p.UnreadChanged):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                self._on_unread(widget)
        elif isinstance(change, p.Opened):
            widget = self._add_tab(change.conversation)
            if change.select:
                self._show(widget)
        elif isinstance(change, p.Selected):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                self._show(widget)
        elif isinstance(change, p.Replaced):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                widget.replace_record(change.old_id, change.record)
        elif isinstance(change, p.MembersChanged):
            self._schedule_members(change.channel)
        else:
            self._on_rare_change(change)

    def _on_rare_change(self, change: p.Change) -> None:
        if isinstance(change, p.TopicChanged):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                widget.set_topic(change.conversation.topic)
        elif isinstance(change, p.Renamed):
            widget = self._conversations.pop(change.old_key, None)
            if widget is not None:
                self._conversations[widget.key] = widget
                self._update_tab(widget)
                self._update_title()
        elif isinstance(change, p.ConnectionChanged):
            self._show_connection(change)
        elif isinstance(change, p.Notify):
            self._notify(change)
        elif isinstance(change, p.Registered):
            self._update_title()
            self._schedule_members(None)
        elif isinstance(change, p.Prepended):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                widget.prepend_history(
                    change.records, complete=change.complete, around=change.around
                )
        elif isinstance(change, p.GapFilled):
            widget = self._conversations.get(change.conversation.key)
            if widget is not None:
                widget.fill_gap(change.gap_id, change.records)
        elif isinstance(change, p.TypingShown):
            self.actions.show_typing(change)
        elif isinstance(change, p.QuitRequested):
            self._close_confirmed = True  # the user typed /quit: that was the confirmation
            QTimer.singleShot(0, self.close)

    def _show_connection(self, change: p.ConnectionChanged) -> None:
        """Offline: a banner says so and the people list is greyed until we are back."""
        offline = not change.online and change.will_reconnect
        self.offline_banner.setText(self.texts("state.offline") if offline else "")
        self.offline_banner.setVisible(offline)
        self._offline = offline
        self.user_list.setEnabled(change.online)
        if change.online:  # a request lost with the old connection is not waited for
            for conversation in self._conversations.values():
                conversation.paging.reset()

    def _notify(self, change: p.Notify) -> None:
        record = change.record
        title = record.sender
        if not change.conversation.private:
            title = self.texts("line.mention_in", nick=title, room=change.conversation.title)
        self.notifier.notify(title, text_of(record.spans))

    # -- the sidebar -------------------------------------------------------------------------------
    def _schedule_members(self, channel: str | None) -> None:
        """Refresh the sidebar soon if ``channel`` (None: any) is the one it shows.

        The timer is not restarted while it runs, so a steady stream of joins still refreshes
        every :data:`MEMBERS_REFRESH_MS` instead of never.
        """
        shown = self._list_channel
        relevant = channel is None or shown is None or fold(channel) == fold(shown)
        if relevant and not self._members_timer.isActive():
            self._members_timer.start()

    @guarded
    def refresh_members(self) -> None:
        """Show the members of the current room (or of the main room in a private tab)."""
        self._members_timer.stop()
        current = self.current_conversation()
        session = self.controller.session
        channel = current.name if current is not None and current.is_channel else session.room
        self._list_channel = channel
        if not session.registered and self.user_list.list_model.nicks():
            return  # offline: keep showing (greyed) who was there until we are back
        if not channel:
            self.user_list.list_model.set_members([])
            return
        self.user_list.list_model.set_members(session.members(channel))

    # -- slots -------------------------------------------------------------------------------------
    @guarded
    def _on_submitted(self, conversation: str, text: str) -> None:
        self.controller.submit(conversation, text)

    @guarded
    def _on_typed(self, conversation: str, text: str) -> None:
        self.controller.session.typing_changed(conversation, text)

    @guarded
    def _on_typing_paused(self, conversation: str) -> None:
        self.controller.session.typing_paused(conversation)

    @guarded
    def _on_status(self, text: str) -> None:
        self.status_label.setText(text)

    @guarded
    def _on_certificate_changed(self, old: str, new: str) -> None:
        """A reconnection met another certificate: ask (without blocking) before going on."""
        from app.qt.certificate_prompt import ask_to_trust

        controller = self.controller
        self.certificate_box = ask_to_trust(
            self, controller.address, old, new, lambda: controller.accept_certificate(new)
        )

    @guarded
    def _on_registered(self) -> None:
        current = self.current_conversation()
        if current is not None and self.is_active():
            current.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_members()

    @guarded
    def _on_current_changed(self, _index: int) -> None:
        self._tell_focus()  # the user switched to it (or it was opened for them): read
        self._update_title()
        self.refresh_members()

    @guarded
    def _on_tab_close_requested(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, ConversationWidget):
            self._close_conversation(widget)

    @guarded
    def _on_invite_copied(self, _text: str) -> None:
        self.statusBar().showMessage(self.tr("Invite link copied"), 3000)

    @guarded
    def show_connection(self) -> None:
        """Chat → Connection…: the host's fingerprint and how it is trusted (non-blocking)."""
        dialog = ConnectionDialog(self.controller.address, self.controller.security, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.connection_dialog = dialog
        dialog.open()

    @guarded
    def show_about(self) -> None:
        """Help → About Gofto: the version, in a box that does not block the chat."""
        if self.about_box is not None:
            self.about_box.raise_()
            return
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("About Gofto"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(fill(self.tr("Gofto %1"), __version__))
        box.setInformativeText(
            self.tr("A chat you host or join on your network. It speaks IRC on the wire.")
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._about_closed)
        self.about_box = box
        box.open()

    def _about_closed(self, _result: int) -> None:
        self.about_box = None

    # -- window life cycle -------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        """On activation, the shown conversation counts as read and the title drops the count."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        if event.type() == QEvent.Type.ActivationChange:
            self._tell_focus()
            self._update_title()

    @guarded
    def retranslate(self) -> None:
        """The language changed (Settings): what this window wrote is written again in it.

        The widgets re-read their own texts on the same ``LanguageChange`` (the views re-say
        every row); here the window's own: tab labels, title, banner, status, typing lines.
        """
        self.texts = sentences()
        self.chrome.retranslate()
        self.controller.retranslate()
        if self._offline:
            self.offline_banner.setText(self.texts("state.offline"))
        for conversation in self._conversations.values():
            self._update_tab(conversation)
        self.actions.retranslate()
        self._update_title()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing quits the chat; when hosting, ask first (everyone else is disconnected)."""
        if self.chrome.close_to_tray(event):
            return
        if self.controller.is_host and self.ask_before_closing and not self._close_confirmed:
            event.ignore()
            self._ask_before_closing()
            return
        try:
            self.sharing.close()
            self.controller.shutdown()
        except Exception:
            log.exception("shutdown failed")
        self.notifier.close()
        event.accept()

    def _ask_before_closing(self) -> None:
        if self.close_confirmation is not None:
            self.close_confirmation.raise_()
            return
        stop = self.tr("Stop hosting?")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"{stop} — {APP_NAME}",  # every window's title names Gofto
            self.tr(
                "You are hosting this chat. Closing the window disconnects everyone in it. "
                "Close anyway?"
            ),
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("closeConfirmation")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._close_answered(box))
        self.close_confirmation = box
        box.open()

    @guarded
    def _close_answered(self, box: QMessageBox) -> None:
        self.close_confirmation = None
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Close:
            self._close_confirmed = True
            self.close()
