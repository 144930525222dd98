"""The main window (``mainWindow``): conversation tabs, the people in the room, a status line.

It renders :mod:`app.client.events` and hands typed text to ``Session.submit``; it never
sees an IRC line. Events are handled through one table (:meth:`MainWindow._handlers`), and
every handler runs on the Tk thread (the Connection feeds the Session there).
"""

from __future__ import annotations

import contextlib
import logging
import tkinter as tk
from collections.abc import Callable, Iterable
from datetime import datetime
from tkinter import messagebox, ttk
from typing import TYPE_CHECKING

from app import APP_NAME
from app.client import events as ev
from app.errors import CertificateChanged
from app.irc.names import fold, is_channel, same_name
from app.tk.bidi_text import display_text
from app.tk.certificate_box import CertificateBox
from app.tk.conversation import ConversationView
from app.tk.focus import focus_when_shown
from app.tk.hosting import stop_server
from app.tk.i18n import embedded, error_text, rtl, said, shaped, shown, start_side, translate
from app.tk.inbox import Inbox
from app.tk.user_list import UserList

if TYPE_CHECKING:
    from app.server.hosting import HostedServer
    from app.tk.connection import Connection

log = logging.getLogger(__name__)


def ask_to_close_host(parent: tk.Misc) -> bool:
    """The real confirmation: a modal question (tests pass their own ``confirm_close``)."""
    question = shaped(
        translate(
            "MainWindow",
            "You are hosting this chat. Closing the window disconnects everyone in it. "
            "Close anyway?",
        )
    )
    title = translate("MainWindow", "Stop hosting?")
    return bool(messagebox.askokcancel(f"{title} — {APP_NAME}", question, parent=parent))


#: Shown above the messages the server replays when we join a room.
HISTORY_SEPARATOR = "— earlier messages —"


class MainWindow(tk.Toplevel):
    """The chat window for one connection (attached with :meth:`attach`).

    ``on_closed()`` is called once the window is gone and, when hosting, the server stopped.
    """

    def __init__(
        self,
        master: tk.Misc,
        *,
        room: str,
        on_closed: Callable[[], None] = lambda: None,
        confirm_close: Callable[[tk.Misc], bool] = ask_to_close_host,
    ) -> None:
        super().__init__(master, name="mainWindow")
        self.room = room
        self.connection: Connection | None = None
        #: The chat this window hosts (stopped when the window closes), or ``None``.
        self.hosted: HostedServer | None = None
        self.conversations: dict[str, ConversationView] = {}
        self._on_closed = on_closed
        self._confirm_close = confirm_close
        self._inbox = Inbox(self)
        self._serial = 0
        self._closing = False
        self._focus_pending = True
        # Views showing a history replay (after its separator line) until a live message.
        self._replaying: set[ConversationView] = set()
        self._shown_channel = room
        self.title(translate("MainWindow", "%1 — Gofto").replace("%1", room))
        self.geometry("900x560")
        self.minsize(520, 320)
        self._build()
        self._handlers: dict[type[ev.Event], Callable[[ev.Event], None]] = {
            ev.Registered: self._registered,
            ev.RegistrationFailed: self._registration_failed,
            ev.Joined: self._joined,
            ev.Parted: self._parted,
            ev.Kicked: self._kicked,
            ev.UserQuit: self._user_quit,
            ev.NickChanged: self._nick_changed,
            ev.MessageReceived: self._message,
            ev.MessageQueued: self._queued,
            ev.MembersChanged: self._members_changed,
            ev.TopicChanged: self._topic,
            ev.AwayChanged: self._away,
            ev.Info: self._info,
            ev.ErrorMessage: self._error,
            ev.Disconnected: self._disconnected,
            ev.QuitRequested: self._quit_requested,
            ev.PrivateRequested: self._private_requested,
        }
        self.protocol("WM_DELETE_WINDOW", self.request_close)
        self.bind("<Control-w>", self._close_private_tab)
        self._inbox.start()
        self.view(room, create=True)

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        panes = ttk.PanedWindow(self, name="panes", orient="horizontal")
        panes.grid(row=0, column=0, sticky="nsew", padx=6, pady=(6, 0))
        self.tabs = ttk.Notebook(panes, name="conversationTabs")
        self.users = UserList(panes, on_open_private=self.open_private, on_mention=self._mention)
        # Right to left, the people list sits on the left, as Qt lays out a mirrored window.
        for pane, weight in (
            ((self.users, 1), (self.tabs, 4))
            if rtl()
            else (
                (self.tabs, 4),
                (self.users, 1),
            )
        ):
            panes.add(pane, weight=weight)
        # A reconnection that meets another certificate stops and asks (app.tk.certificate_box).
        self.certificate_box = CertificateBox(
            self,
            on_trusted=self._reconnect,
            keep_away_text=translate("TkMainWindow", "Stay disconnected"),
            wraplength=720,
        )
        self.certificate_box.grid(row=1, column=0, sticky="ew", padx=6)
        self.certificate_box.hide()
        self.status = ttk.Label(
            self,
            name="connectionStatus",
            text=shaped(translate("TkMainWindow", "Not connected.")),
            anchor=start_side(),
        )
        self.status.grid(row=2, column=0, sticky="ew", padx=6, pady=4)
        self.tabs.bind("<<NotebookTabChanged>>", self._tab_changed)

    # -- wiring -------------------------------------------------------------------------------
    def attach(self, connection: Connection, hosted: HostedServer | None = None) -> None:
        """Show ``connection``'s events from now on; ``hosted`` is ours to stop on close."""
        self.connection = connection
        self.hosted = hosted
        # The dialog tried once; the window keeps the chat going, reconnecting with backoff.
        connection.retry = True
        connection.add_listener(self.on_event)
        connection.on_status = self.set_status
        connection.on_unreachable = self._refused
        if connection.status:
            self.set_status(connection.status)

    def replay(self, backlog: Iterable[ev.Event]) -> None:
        """Show events that happened before the window existed (while the dialog waited)."""
        for event in backlog:
            self.on_event(event)

    def set_status(self, text: str) -> None:
        """Write ``text`` into the status line (shaped: it may name a Persian nick)."""
        with contextlib.suppress(tk.TclError):
            self.status.configure(text=shown(text))

    def _refused(self, sentence: str) -> None:
        """A reconnection was refused for a reason retrying cannot fix (the host's
        certificate changed): say so, and for a certificate, offer to trust the new one."""
        self.show_failure(sentence)
        failure = self.connection.failure if self.connection is not None else None
        if isinstance(failure, CertificateChanged):
            self.certificate_box.show(failure)

    def _reconnect(self) -> None:
        if self.connection is not None and not self._closing:
            self.connection.start()

    def show_failure(self, sentence: str) -> None:
        """A failure before or while connecting, in the status line and the room's tab."""
        self.set_status(sentence)
        self.view(self.room, create=True).add_info(sentence, error=True)

    def on_event(self, event: ev.Event) -> None:
        """Render one session event. Never raises into the caller."""
        handler = self._handlers.get(type(event))
        if handler is None:
            return
        try:
            handler(event)
        except tk.TclError:
            if not self._closing:
                log.exception("showing %r", event)
        except Exception:
            log.exception("showing %r", event)

    # -- conversations ------------------------------------------------------------------------
    def view(self, conversation: str, *, create: bool = False) -> ConversationView | None:
        """The tab of ``conversation`` (made when ``create``), or ``None``."""
        key = fold(conversation)
        existing = self.conversations.get(key)
        if existing is not None or not create:
            return existing
        self._serial += 1
        view = ConversationView(
            self.tabs,
            conversation,
            name=f"conversation{self._serial}",
            on_submit=self._submit,
            nicks=self._nicks,
        )
        self.conversations[key] = view
        self.tabs.add(view, text=display_text(conversation), padding=4)
        return view

    def current_view(self) -> ConversationView:
        """The conversation shown now (the room's when no tab is selected yet)."""
        with contextlib.suppress(tk.TclError):
            selected = self.tabs.select()
            if selected:
                widget = self.nametowidget(selected)
                if isinstance(widget, ConversationView):
                    return widget
        view = self.view(self.room, create=True)
        assert view is not None
        return view

    def select(self, conversation: str, *, focus: bool = True) -> ConversationView:
        """Show ``conversation``'s tab (making it) and put the cursor in its input."""
        view = self.view(conversation, create=True)
        assert view is not None
        self.tabs.select(view)
        if focus:
            view.focus_input()
        return view

    def open_private(self, nick: str) -> ConversationView | None:
        """Open (or show) a private conversation with ``nick``; not with yourself."""
        if self.connection is None:
            return None
        session = self.connection.session
        if same_name(nick, session.nick):
            return None
        return self.select(session.open_private(nick))

    def _close_private_tab(self, _event: tk.Event | None = None) -> str:
        view = self.current_view()
        if not is_channel(view.conversation):
            self.conversations.pop(fold(view.conversation), None)
            self.tabs.forget(view)
            view.destroy()
        return "break"

    def _tab_label(self, view: ConversationView) -> str:
        label = display_text(view.conversation)
        return f"{label} ({view.unread})" if view.unread else label

    def _bump_unread(self, view: ConversationView) -> None:
        if view is self.current_view():
            return
        view.unread += 1
        self.tabs.tab(view, text=self._tab_label(view))

    def _tab_changed(self, _event: tk.Event | None = None) -> None:
        view = self.current_view()
        if view.unread:
            view.unread = 0
            self.tabs.tab(view, text=self._tab_label(view))
        if is_channel(view.conversation):
            self._shown_channel = view.conversation
        self._refresh_users()

    def _refresh_users(self) -> None:
        if self.connection is None:
            return
        channel = self._shown_channel
        self.users.show(channel, self.connection.session.members(channel))

    def _nicks(self) -> list[str]:
        return self.connection.session.nicks() if self.connection is not None else []

    def _submit(self, conversation: str, text: str) -> None:
        if self.connection is None:
            self.current_view().add_info(
                translate("TkMainWindow", "Not connected yet; wait a moment."), error=True
            )
            return
        self.connection.session.submit(conversation, text)

    def _mention(self, nick: str) -> None:
        view = self.current_view()
        entry = view.input
        prefix = f"{nick}: " if not entry.get() else f"{nick} "
        entry.insert("insert", prefix)
        view.focus_input()

    def _own_nick(self) -> str:
        return self.connection.session.nick if self.connection is not None else ""

    # -- event handlers -----------------------------------------------------------------------
    def _registered(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Registered)
        self._refresh_users()

    def _registration_failed(self, event: ev.Event) -> None:
        assert isinstance(event, ev.RegistrationFailed)
        self.show_failure(error_text(event.error))

    def _joined(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Joined)
        if event.is_self:
            view = self.view(event.channel, create=True)
            assert view is not None
            joined = translate("TkMainWindow", "You joined {channel}.")
            view.add_info(joined.format(channel=embedded(event.channel)), time=event.time)
            self._replaying.discard(view)  # a replay after this join gets its separator
            if same_name(event.channel, self.room) and self._focus_pending:
                self._focus_pending = False
                self.select(event.channel)
                self.after_idle(focus_when_shown, self, view.input)
        else:
            joined = translate("TkMainWindow", "{nick} joined.").format(nick=embedded(event.nick))
            self._channel_info(event.channel, joined, event.time)

    def _parted(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Parted)
        reason = f" ({embedded(event.reason)})" if event.reason else ""
        if event.is_self:
            text = translate("TkMainWindow", "You left{reason}.").format(reason=reason)
        else:
            text = translate("TkMainWindow", "{nick} left{reason}.")
            text = text.format(nick=embedded(event.nick), reason=reason)
        self._channel_info(event.channel, text, event.time)

    def _kicked(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Kicked)
        reason = f" ({embedded(event.reason)})" if event.reason else ""
        if event.is_self:
            text = translate("TkMainWindow", "You were removed by {by}{reason}.")
        else:
            text = translate("TkMainWindow", "{nick} was removed by {by}{reason}.")
        text = text.format(nick=embedded(event.nick), by=embedded(event.by), reason=reason)
        self._channel_info(event.channel, text, event.time)

    def _user_quit(self, event: ev.Event) -> None:
        assert isinstance(event, ev.UserQuit)
        reason = f" ({embedded(event.reason)})" if event.reason else ""
        places = [*event.channels, event.nick]
        for place in places:
            view = self.view(place)
            if view is not None:
                left = translate("TkMainWindow", "{nick} left the chat{reason}.")
                text = left.format(nick=embedded(event.nick), reason=reason)
                view.add_info(text, time=event.time)

    def _nick_changed(self, event: ev.Event) -> None:
        assert isinstance(event, ev.NickChanged)
        old_view = self.conversations.pop(fold(event.old), None)
        if old_view is not None:
            # The private conversation follows the person to their new name.
            old_view.conversation = event.new
            self.conversations[fold(event.new)] = old_view
            self.tabs.tab(old_view, text=self._tab_label(old_view))
        if event.is_self:
            text = translate("TkMainWindow", "You are now known as {new}.")
        else:
            text = translate("TkMainWindow", "{old} is now known as {new}.")
        text = text.format(old=embedded(event.old), new=embedded(event.new))
        for place in {fold(c): c for c in (*event.conversations, event.new)}.values():
            view = self.view(place)
            if view is not None:
                view.add_info(text, time=event.time)

    def _message(self, event: ev.Event) -> None:
        assert isinstance(event, ev.MessageReceived)
        view = self.view(event.conversation, create=True)
        assert view is not None
        if event.is_history and view not in self._replaying:
            # The first line the server replayed on joining: say what follows is older.
            self._replaying.add(view)
            view.add_info(translate("MainWindow", "— earlier messages —"), time=event.time)
        elif not event.is_history:
            self._replaying.discard(view)
        if event.is_self:
            view.mark_sent(event.text)
        view.add_message(
            event.sender,
            event.text,
            time=event.time,
            is_self=event.is_self,
            action=event.kind is ev.MessageKind.ACTION,
            notice=event.kind is ev.MessageKind.NOTICE,
            highlight=event.highlight,
            earlier=event.is_history,
        )
        if not event.is_self and not event.is_history:  # history is not news
            self._bump_unread(view)

    def _queued(self, event: ev.Event) -> None:
        assert isinstance(event, ev.MessageQueued)
        view = self.view(event.conversation, create=True)
        assert view is not None
        view.add_message(self._own_nick(), event.text, time=event.time, is_self=True, pending=True)

    def _members_changed(self, event: ev.Event) -> None:
        assert isinstance(event, ev.MembersChanged)
        if same_name(event.channel, self._shown_channel):
            self._refresh_users()

    def _topic(self, event: ev.Event) -> None:
        assert isinstance(event, ev.TopicChanged)
        if event.setter:
            text = translate("TkMainWindow", "{nick} set the topic: {topic}")
        else:
            text = translate("TkMainWindow", "Topic: {topic}")
        text = text.format(nick=embedded(event.setter or ""), topic=embedded(event.topic))
        self._channel_info(event.channel, text, event.time)

    def _away(self, event: ev.Event) -> None:
        self._refresh_users()

    def _info(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Info)
        view = self.view(event.conversation) if event.conversation else None
        text = said(event.sentence) if event.sentence else event.text
        (view or self.current_view()).add_info(text, time=event.time, rtl=None)

    def _error(self, event: ev.Event) -> None:
        assert isinstance(event, ev.ErrorMessage)
        view = self.view(event.conversation) if event.conversation else None
        target = view or self.current_view()
        text = said(event.sentence) if event.sentence else event.text
        target.add_info(text, error=True, time=event.time, rtl=None)

    def _disconnected(self, event: ev.Event) -> None:
        assert isinstance(event, ev.Disconnected)
        if event.will_reconnect:
            text = translate("TkMainWindow", "Disconnected ({reason}). Reconnecting…")
        else:
            text = translate("TkMainWindow", "Disconnected ({reason}).")
        self.current_view().add_info(text.format(reason=event.reason), error=True)
        self._refresh_users()

    def _private_requested(self, event: ev.Event) -> None:
        assert isinstance(event, ev.PrivateRequested)
        self.open_private(event.conversation)  # /query NICK

    def _quit_requested(self, _event: ev.Event) -> None:
        self.after_idle(self.close)

    def _channel_info(self, channel: str, text: str, time: datetime) -> None:
        view = self.view(channel)
        if view is not None:
            view.add_info(text, time=time)

    # -- closing ------------------------------------------------------------------------------
    def request_close(self) -> None:
        """The window's close button: a host is asked first, since it ends the chat for all."""
        if self._closing:
            return
        if self.hosted is not None:
            try:
                if not self._confirm_close(self):
                    return
            except tk.TclError:
                log.exception("asking to close")
        self.close()

    def close(self) -> None:
        """Leave the chat, stop our server (in the background) and destroy the window."""
        if self._closing:
            return
        self._closing = True
        if self.connection is not None:
            self.connection.stop()
        self.withdraw()
        hosted, self.hosted = self.hosted, None
        if hosted is None:
            self._finish()
        else:
            self.set_status(translate("TkMainWindow", "Stopping the chat…"))
            stop_server(self._inbox, hosted, lambda _result, _error: self._finish())

    def _finish(self) -> None:
        self._inbox.close()
        with contextlib.suppress(tk.TclError):
            self.destroy()
        self._on_closed()
