"""The main window: conversation tabs, the people in the room, the connection status.

:class:`MainWindow` is built around a :class:`~app.qt.controller.ChatController`. It listens
to the controller's ``event`` signal (typed :mod:`app.client.events`, never protocol lines),
turns each event into lines in the right conversation tab, keeps unread counts in the tab
labels and the window title, refreshes the ``userList`` from ``Session.members`` (coalesced,
so a burst of joins is one update) and sends what the user types through
``controller.submit``. Nothing here blocks: questions to the user are window-modal boxes
opened with ``open()``, and every slot is :func:`~app.qt.guard.guarded`. What surrounds the
tabs — menus, the rooms pane, settings, the Info card, auto-away, the tray — is
:class:`~app.qt.chrome.WindowChrome`, built here and fed through ``conversations_changed``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.client import events as ev
from app.client.catalogue import Sentence
from app.errors import GoftoError
from app.irc.names import fold
from app.qt.chrome import WindowChrome
from app.qt.conversation import ConversationWidget
from app.qt.guard import guarded
from app.qt.i18n import sentences
from app.qt.notify import Notifier
from app.qt.qt import (
    QCloseEvent,
    QColor,
    QEvent,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPalette,
    QPushButton,
    QSplitter,
    Qt,
    QTabBar,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.render import LineKind, ViewLine, clean_nick, fill, isolate, neutralise
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

_KINDS = {
    ev.MessageKind.TEXT: LineKind.MESSAGE,
    ev.MessageKind.ACTION: LineKind.ACTION,
    ev.MessageKind.NOTICE: LineKind.NOTICE,
}


def _now() -> datetime:
    return datetime.now(UTC)


def _nick(nick: str) -> str:
    """A nickname ready to go inside a sentence: cleaned and isolated."""
    return isolate(clean_nick(nick))


def _quoted(text: str) -> str:
    """Untrusted free text (a reason, a topic) isolated inside one of our sentences."""
    return isolate(neutralise(text))


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
        self._texts = sentences()  # the client's sentences (errors, /help…) in our language
        self._conversations: dict[str, ConversationWidget] = {}
        self._list_channel: str | None = None
        #: The "everyone will be disconnected" question while it is open.
        self.close_confirmation: QMessageBox | None = None
        #: The About box while it is open.
        self.about_box: QMessageBox | None = None
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
        # Conversations showing a history replay (after its separator line) until a live message.
        self._replaying: set[ConversationWidget] = set()

        # Menus, the rooms pane, settings, the Info card, auto-away: see app.qt.chrome.
        self.chrome = WindowChrome(self)
        self.resize(1040, 600)
        self._sync_from_session()
        self._connect_signals()
        self._update_title()

    def _sync_from_session(self) -> None:
        """Show what the session already knows: the window may open after registration."""
        session = self.controller.session
        names = [session.room] if session.room else []
        try:
            names += [
                name for name in session.channels if fold(name) != fold(names[0] if names else "")
            ]
            for name in names:
                self._conversation_for(name, private=False).set_topic(session.topic(name))
        except Exception:
            log.exception("could not read the session's channels")
            for name in names:
                self._conversation_for(name, private=False)
        self.refresh_members()

    def _connect_signals(self) -> None:
        self.controller.event.connect(self.on_event)
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
    def _build_hosting_banner(self) -> QFrame:
        hosted = self.controller.hosted
        banner = QFrame(self)
        banner.setObjectName("hostingBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(banner)
        row.setContentsMargins(8, 4, 8, 4)
        invitations: list[str] = []
        if hosted is not None:
            try:
                invitations = [f"{address}:{hosted.port}" for address in hosted.lan_addresses()]
            except OSError:
                log.exception("could not list LAN addresses")
            if not invitations:
                invitations = [f"127.0.0.1:{hosted.port}"]
        #: What the copy button puts on the clipboard: one ``ADDRESS:PORT`` per line.
        self.invitation_text = "\n".join(invitations)
        label = QLabel(
            fill(self.tr("You are hosting. Others can join at: %1"), "  ".join(invitations)),
            banner,
        )
        label.setObjectName("hostingAddresses")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        copy = QPushButton(self.tr("Copy address"), banner)
        copy.setObjectName("copyAddressButton")
        copy.clicked.connect(self._copy_invitation)
        texts = QVBoxLayout()
        texts.addWidget(label)
        fingerprint = hosted.fingerprint if hosted is not None else None
        if fingerprint:
            # Guests see the same groups when they first join: comparing them aloud is what
            # makes the encryption trustworthy without a certificate authority.
            secured = QLabel(
                fill(self.tr("Encrypted. Certificate fingerprint to read out: %1"), fingerprint),
                banner,
            )
            secured.setObjectName("hostingFingerprint")
            secured.setTextFormat(Qt.TextFormat.PlainText)
            secured.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            secured.setWordWrap(True)
            texts.addWidget(secured)
        row.addLayout(texts, 1)
        row.addWidget(copy)
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
            name = self.controller.open_private(nick)
        except Exception:
            log.exception("could not open a private conversation with %r", nick)
            return None
        conversation = self._conversation_for(name, private=True)
        self.tabs.setCurrentWidget(conversation)
        conversation.input.setFocus(Qt.FocusReason.OtherFocusReason)
        return conversation

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

    def _conversation_for(self, name: str, *, private: bool) -> ConversationWidget:
        existing = self._conversations.get(fold(name))
        if existing is not None:
            return existing
        conversation = ConversationWidget(
            name, private=private, completions=self._completions, parent=self.tabs
        )
        conversation.submitted.connect(self._on_submitted)
        self._conversations[conversation.key] = conversation
        index = self.tabs.addTab(conversation, clean_nick(name))
        # Tab on an empty line leaves the input for the people list (Enter there opens a
        # private conversation): the keyboard path to a private message.
        QWidget.setTabOrder(conversation.input, self.user_list)
        if not private:
            # Rooms stay open for the whole session; only private tabs get a close button.
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                self.tabs.tabBar().setTabButton(index, side, None)
        self._update_tab(conversation)
        return conversation

    def _close_conversation(self, conversation: ConversationWidget) -> None:
        if conversation.is_private:
            self.drop_conversation(conversation.name)

    def drop_conversation(self, name: str) -> None:
        """Close the tab of ``name`` (a private conversation, or a room we left)."""
        conversation = self._conversations.pop(fold(name), None)
        if conversation is None:
            return
        self._replaying.discard(conversation)
        self._unread_dirty.discard(conversation)
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

    def _is_seen(self, conversation: ConversationWidget) -> bool:
        return self.is_active() and self.tabs.currentWidget() is conversation

    def _update_tab(self, conversation: ConversationWidget) -> None:
        index = self.tabs.indexOf(conversation)
        if index < 0:
            return
        label = isolate(clean_nick(conversation.name))  # "#lobby" keeps its "#" in RTL
        if conversation.unread:
            label = fill(self.tr("%1 (%2)"), label, str(conversation.unread))
        self.tabs.setTabText(index, label)
        self.tabs.setTabToolTip(index, clean_nick(conversation.name))
        colour = QColor()
        if conversation.unread and conversation.highlighted:
            colour = self.palette().color(QPalette.ColorRole.Highlight)
        elif conversation.unread:
            colour = self.palette().color(QPalette.ColorRole.Link)
        self.tabs.tabBar().setTabTextColor(index, colour)
        self.conversations_changed.emit()

    def unread_total(self) -> int:
        """Unread messages over all conversations (what the title shows when inactive)."""
        return sum(conversation.unread for conversation in self._conversations.values())

    def _update_title(self) -> None:
        current = self.current_conversation()
        name = clean_nick(current.name) if current is not None else ""
        title = fill(self.tr("%1 — Gofto"), name) if name else APP_NAME
        unread = self.unread_total()
        if unread and not self.is_active():
            title = f"({unread}) {title}"
        self.setWindowTitle(title)

    def _mark_read(self, conversation: ConversationWidget | None) -> None:
        if conversation is None or not (conversation.unread or conversation.highlighted):
            return
        conversation.unread = 0
        conversation.highlighted = False
        self._update_tab(conversation)

    def _count_unread(self, conversation: ConversationWidget, *, highlight: bool) -> None:
        if self._is_seen(conversation):
            return
        news = not conversation.unread or (highlight and not conversation.highlighted)
        conversation.unread += 1
        conversation.highlighted = conversation.highlighted or highlight
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

    # -- events ------------------------------------------------------------------------------------
    @guarded
    def on_event(self, event: ev.Event) -> None:
        """Show one session event; unknown kinds are ignored (newer sessions, older window)."""
        handler = self._handlers().get(type(event))
        if handler is not None:
            handler(event)

    def _handlers(self) -> dict[type, object]:
        return {
            ev.MessageReceived: self._on_message,
            ev.MessageQueued: self._on_queued,
            ev.Joined: self._on_joined,
            ev.Parted: self._on_parted,
            ev.Kicked: self._on_kicked,
            ev.UserQuit: self._on_user_quit,
            ev.NickChanged: self._on_nick_changed,
            ev.MembersChanged: self._on_members_changed,
            ev.TopicChanged: self._on_topic,
            ev.AwayChanged: self._on_away,
            ev.Info: self._on_info,
            ev.ErrorMessage: self._on_error,
            ev.Disconnected: self._on_disconnected,
            ev.Registered: self._on_registered_event,
            ev.RegistrationFailed: self._on_registration_failed,
            ev.QuitRequested: self._on_quit_requested,
            ev.PrivateRequested: self._on_private_requested,
        }

    def _target(self, name: str | None) -> ConversationWidget | None:
        """Where a line about ``name`` goes: its tab if open, else the current one."""
        if name:
            found = self.conversation(name)
            if found is not None:
                return found
        return self.current_conversation()

    def _event_line(
        self, conversation: ConversationWidget | None, text: str, when: datetime
    ) -> None:
        if conversation is not None:
            conversation.add_line(ViewLine(LineKind.EVENT, text, when))

    def _on_message(self, event: ev.MessageReceived) -> None:
        if event.is_private:
            conversation = self._conversation_for(event.conversation, private=True)
        else:
            conversation = self._conversation_for(event.conversation, private=False)
        if event.is_history and conversation not in self._replaying:
            # The first line the server replayed on joining: say what follows is older.
            self._replaying.add(conversation)
            conversation.add_line(
                ViewLine(LineKind.EVENT, self.tr("— earlier messages —"), event.time)
            )
        elif not event.is_history:
            self._replaying.discard(conversation)
        conversation.add_line(
            ViewLine(
                _KINDS.get(event.kind, LineKind.MESSAGE),
                event.text,
                event.time,
                nick=event.sender,
                is_self=event.is_self,
                highlight=event.highlight and not event.is_self,
                earlier=event.is_history,
            )
        )
        if event.is_self or event.is_history:
            return  # history is not news: no unread count, no notification
        self._count_unread(conversation, highlight=event.highlight or event.is_private)
        if (event.is_private or event.highlight) and not self.is_active():
            title = clean_nick(event.sender)
            if not event.is_private:
                title = fill(self.tr("%1 in %2"), title, clean_nick(event.conversation))
            self.notifier.notify(title, event.text)

    def _on_queued(self, event: ev.MessageQueued) -> None:
        conversation = self._target(event.conversation)
        if conversation is None:
            return
        conversation.add_line(
            ViewLine(
                LineKind.QUEUED,
                event.text,
                event.time,
                nick=self.controller.session.nick,
                is_self=True,
                note=self.tr("(not sent yet — will be sent when reconnected)"),
            )
        )

    def _on_joined(self, event: ev.Joined) -> None:
        if event.is_self:
            existed = self.conversation(event.channel) is not None
            conversation = self._conversation_for(event.channel, private=False)
            self._replaying.discard(conversation)  # a replay after this join gets a separator
            text = fill(self.tr("You joined %1"), _nick(event.channel))
            if not existed and fold(event.channel) != fold(self.controller.session.room or ""):
                self.tabs.setCurrentWidget(conversation)
        else:
            conversation = self.conversation(event.channel)
            text = fill(self.tr("%1 joined"), _nick(event.nick))
        self._event_line(conversation, text, event.time)
        self._schedule_members(event.channel)

    def _on_parted(self, event: ev.Parted) -> None:
        if event.is_self:
            text = fill(self.tr("You left %1"), _nick(event.channel))
        elif event.reason:
            text = fill(self.tr("%1 left (%2)"), _nick(event.nick), _quoted(event.reason))
        else:
            text = fill(self.tr("%1 left"), _nick(event.nick))
        self._event_line(self.conversation(event.channel), text, event.time)
        self._schedule_members(event.channel)

    def _on_kicked(self, event: ev.Kicked) -> None:
        who = self.tr("You were") if event.is_self else fill(self.tr("%1 was"), _nick(event.nick))
        text = fill(self.tr("%1 removed by %2 (%3)"), who, _nick(event.by), _quoted(event.reason))
        self._event_line(self.conversation(event.channel), text, event.time)
        self._schedule_members(event.channel)

    def _on_user_quit(self, event: ev.UserQuit) -> None:
        if event.reason:
            text = fill(self.tr("%1 quit (%2)"), _nick(event.nick), _quoted(event.reason))
        else:
            text = fill(self.tr("%1 quit"), _nick(event.nick))
        places = {fold(name) for name in event.channels} | {fold(event.nick)}
        for key in places:
            self._event_line(self._conversations.get(key), text, event.time)
        for channel in event.channels:
            self._schedule_members(channel)

    def _on_nick_changed(self, event: ev.NickChanged) -> None:
        if event.is_self:
            text = fill(self.tr("You are now known as %1"), _nick(event.new))
        else:
            text = fill(self.tr("%1 is now known as %2"), _nick(event.old), _nick(event.new))
        private = self._conversations.get(fold(event.old))
        if private is not None and private.is_private and not event.is_self:
            self._conversations.pop(private.key)
            private.rename(event.new)
            self._conversations[private.key] = private
            self._update_tab(private)
        places = {fold(name) for name in event.conversations}
        if private is not None:
            places.add(private.key)
        for key in places:
            self._event_line(self._conversations.get(key), text, event.time)
        self._update_title()
        self._schedule_members(None)

    def _on_members_changed(self, event: ev.MembersChanged) -> None:
        self._schedule_members(event.channel)

    def _on_topic(self, event: ev.TopicChanged) -> None:
        conversation = self.conversation(event.channel)
        if conversation is None:
            return
        conversation.set_topic(event.topic)
        if event.setter:
            text = fill(
                self.tr("%1 changed the topic to: %2"), _nick(event.setter), _quoted(event.topic)
            )
        else:
            text = fill(self.tr("Topic: %1"), _quoted(event.topic))
        self._event_line(conversation, text, event.time)

    def _on_away(self, event: ev.AwayChanged) -> None:
        private = self.conversation(event.nick)
        if private is not None and private.is_private:
            if event.message is None:
                text = fill(self.tr("%1 is back"), _nick(event.nick))
            else:
                text = fill(self.tr("%1 is away (%2)"), _nick(event.nick), _quoted(event.message))
            self._event_line(private, text, _now())
        self._schedule_members(None)

    def _on_info(self, event: ev.Info) -> None:
        conversation = self._target(event.conversation)
        if conversation is not None:
            text = self._texts.say(event.sentence) if event.sentence else event.text
            conversation.add_line(ViewLine(LineKind.INFO, text, event.time))

    def _on_error(self, event: ev.ErrorMessage) -> None:
        conversation = self._target(event.conversation)
        if conversation is not None:
            text = self._texts.say(event.sentence) if event.sentence else event.text
            conversation.add_line(ViewLine(LineKind.ERROR, text, event.time))

    def _on_disconnected(self, event: ev.Disconnected) -> None:
        if event.will_reconnect:
            text = fill(self.tr("Disconnected (%1); reconnecting…"), _quoted(event.reason))
        else:
            text = fill(self.tr("Disconnected (%1)"), _quoted(event.reason))
        now = _now()
        for conversation in self._conversations.values():
            self._event_line(conversation, text, now)

    def _on_registered_event(self, event: ev.Registered) -> None:
        text = fill(self.tr("Connected as %1"), _nick(event.nick))
        self._event_line(self._target(self.controller.session.room), text, _now())
        self._schedule_members(None)

    def _on_registration_failed(self, event: ev.RegistrationFailed) -> None:
        error = event.error
        sentence = Sentence(error.code, error.params) if isinstance(error, GoftoError) else None
        self._on_error(ev.ErrorMessage(str(error), sentence=sentence))

    def _on_private_requested(self, event: ev.PrivateRequested) -> None:
        self.open_private(event.conversation)  # /query NICK

    def _on_quit_requested(self, _event: ev.QuitRequested) -> None:
        self._close_confirmed = True  # the user typed /quit: that was the confirmation
        QTimer.singleShot(0, self.close)

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
        if not channel:
            self.user_list.list_model.set_members([])
            return
        self.user_list.list_model.set_members(session.members(channel))

    # -- slots -------------------------------------------------------------------------------------
    @guarded
    def _on_submitted(self, conversation: str, text: str) -> None:
        self.controller.submit(conversation, text)

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
        current = self.current_conversation()
        self._mark_read(current)  # the user switched to it (or it was opened for them)
        self._update_title()
        self.refresh_members()

    @guarded
    def _on_tab_close_requested(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, ConversationWidget):
            self._close_conversation(widget)

    @guarded
    def _copy_invitation(self) -> None:
        QGuiApplication.clipboard().setText(getattr(self, "invitation_text", ""))
        self.statusBar().showMessage(self.tr("Address copied"), 3000)

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
            self.chrome.retranslate()
        if event.type() == QEvent.Type.ActivationChange:
            if self.is_active():
                self._mark_read(self.current_conversation())
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
