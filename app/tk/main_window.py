"""The main window (``mainWindow``): conversation tabs, the people in the room, a status line.

Session events go to a :class:`~app.client.presentation.presenter.Presenter`, which decides
where each is shown and as what record; this window draws its changes (tabs, records,
unread counts, an offline note with a greyed people list) and hands typed text to
``Session.submit``; it never sees an IRC line. Everything runs on the Tk thread (the
Connection feeds the Session there).
"""

from __future__ import annotations

import contextlib
import logging
import tkinter as tk
from collections.abc import Callable, Iterable
from tkinter import messagebox, ttk
from typing import TYPE_CHECKING

from app import APP_NAME
from app.client import events as ev
from app.client.catalogue import Sentence
from app.client.presentation import convo_lines
from app.client.presentation import presenter as p
from app.client.presentation.presenter import Conversation, Presenter
from app.client.presentation.text import name
from app.errors import CertificateChanged
from app.irc.names import fold, is_channel, same_name
from app.tk.bidi_text import display_text
from app.tk.certificate_box import CertificateBox
from app.tk.connection_dialog import ConnectionDialog
from app.tk.conversation import ConversationView
from app.tk.files import AskOpen, AskSave, TkFiles, ask_open, ask_save
from app.tk.focus import focus_when_shown
from app.tk.hosting import stop_server
from app.tk.i18n import (
    error_text,
    justify,
    mnemonic,
    rtl,
    said,
    shaped,
    shown,
    start_side,
    texts,
    translate,
)
from app.tk.inbox import Inbox
from app.tk.invite_banner import InviteBanner
from app.tk.search_window import SearchWindow
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
        ask_file: AskOpen = ask_open,
        ask_save_as: AskSave = ask_save,
    ) -> None:
        super().__init__(master, name="mainWindow")
        self.room = room
        self.connection: Connection | None = None
        #: The chat this window hosts (stopped when the window closes), or ``None``.
        self.hosted: HostedServer | None = None
        #: The host's banner (invite links, QR code), when this window hosts.
        self.banner: InviteBanner | None = None
        self.conversations: dict[str, ConversationView] = {}
        self._on_closed = on_closed
        self._confirm_close = confirm_close
        self._inbox = Inbox(self)
        #: Send file… and Save… on the host's file links (app.tk.files).
        self.files = TkFiles(
            self,
            self._inbox,
            lambda: self.connection.session if self.connection is not None else None,
            current=lambda: self.current_view().conversation,
            pinned=self._pinned,
            say=self._file_note,
            ask_open=ask_file,
            ask_save=ask_save_as,
        )
        self._serial = 0
        self._closing = False
        self._focus_pending = True
        self._shown_channel = room
        #: Conversation lines in the user's language (the catalogue).
        self.texts = texts()
        self.presenter: Presenter | None = None
        #: Conversations whose previous page the person asked for with ``/more`` (folded):
        #: its answer is shown to them, not only drawn above where they are not looking.
        self._more_asked: set[str] = set()
        self.title(translate("MainWindow", "%1 — Gofto").replace("%1", room))
        self.geometry("900x560")
        self.minsize(520, 320)
        self._build()
        #: The Connection dialog (Ctrl+I) last opened.
        self.connection_dialog: ConnectionDialog | None = None
        #: The search window (Ctrl+F), once opened.
        self.search_window: SearchWindow | None = None
        self.protocol("WM_DELETE_WINDOW", self.request_close)
        self.bind("<Control-w>", self._close_private_tab)
        self.bind("<Control-f>", self._search_key)
        self._inbox.start()
        self.view(room, create=True)

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.columnconfigure(0, weight=1)
        self.rowconfigure(1, weight=1)  # row 0: the host's banner (see attach)
        panes = ttk.PanedWindow(self, name="panes", orient="horizontal")
        panes.grid(row=1, column=0, sticky="nsew", padx=6, pady=(6, 0))
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
        self.certificate_box.grid(row=2, column=0, sticky="ew", padx=6)
        self.certificate_box.hide()
        # Said while the connection is down and a reconnection is on its way.
        self.offline_banner = tk.Label(
            self,
            name="offlineBanner",
            text="",
            anchor=start_side(),
            justify=justify(),
            background="#fff3c4",
            foreground="#5a4500",
            padx=6,
            pady=4,
        )
        self.offline_banner.bind(
            "<Configure>",
            lambda event: self.offline_banner.configure(wraplength=max(200, event.width - 12)),
        )
        self.status = ttk.Label(
            self,
            name="connectionStatus",
            text=shaped(translate("TkMainWindow", "Not connected.")),
            anchor=start_side(),
        )
        self.status.grid(row=3, column=0, sticky="ew", padx=6, pady=4)
        self.tabs.bind("<<NotebookTabChanged>>", self._tab_changed)
        self._build_menu()

    def _build_menu(self) -> None:
        """The window's menu: sharing files (``Send file…``, ``Save file…``), ``Connection…``."""
        menubar = tk.Menu(self, name="menubar", tearoff=False)
        chat = tk.Menu(menubar, name="chatMenu", tearoff=False)
        label, underline = mnemonic(translate("TkMainWindow", "&Chat"))
        menubar.add_cascade(label=shaped(label), underline=underline, menu=chat)
        label, underline = mnemonic(translate("TkMainWindow", "&Send file…"))
        chat.add_command(
            label=shaped(label),
            underline=underline,
            accelerator="Ctrl+O",
            command=self.files.choose_and_send,
        )
        label, underline = mnemonic(translate("TkMainWindow", "Sa&ve file…"))
        chat.add_command(
            label=shaped(label),
            underline=underline,
            accelerator="Ctrl+S",
            command=self.save_latest_file,
        )
        chat.add_separator()
        label, underline = mnemonic(translate("MenuBar", "C&onnection…"))
        chat.add_command(
            label=shaped(label),
            underline=underline,
            accelerator="Ctrl+I",
            command=self.show_connection,
        )
        self.configure(menu=menubar)
        self.bind("<Control-i>", self._connection_key)
        self.bind("<Control-o>", lambda _e: self.files.choose_and_send())
        self.bind("<Control-s>", lambda _e: self.save_latest_file())

    def save_latest_file(self) -> None:
        """``Save file…``: the newest file link shared in the conversation in front."""
        view = self.current_view()
        url = self.files.latest(view)
        if url is None:
            view.add_info(said(Sentence("file.none_shared")), error=True)
            return
        self.files.save(url, view.conversation)

    def show_connection(self) -> ConnectionDialog:
        """Chat → Connection… (Ctrl+I): the host's fingerprint and how it is trusted.

        One at a time: asking again replaces the open one with a fresh one (a reconnection
        may have changed how the host is trusted).
        """
        if self.connection_dialog is not None and self.connection_dialog.winfo_exists():
            self.connection_dialog.destroy()
        connection = self.connection
        address = connection.address if connection is not None else ""
        security = connection.transport.security if connection is not None else None
        self.connection_dialog = ConnectionDialog(self, address, security)
        return self.connection_dialog

    def _connection_key(self, _event: tk.Event) -> str:
        self.show_connection()
        return "break"

    def _pinned(self) -> str | None:
        connection = self.connection
        security = connection.transport.security if connection is not None else None
        return security.fingerprint if security is not None else None

    def _file_note(self, conversation: str | None, text: str, error: bool) -> None:
        view = self.view(conversation) if conversation else None
        (view or self.current_view()).add_info(text, error=error)

    # -- wiring -------------------------------------------------------------------------------
    def attach(self, connection: Connection, hosted: HostedServer | None = None) -> None:
        """Show ``connection``'s events from now on; ``hosted`` is ours to stop on close."""
        self.connection = connection
        self.hosted = hosted
        if hosted is not None and self.banner is None:
            # Invite links for every LAN address, a QR code, the comparison code.
            self.banner = InviteBanner(self, hosted)
            self.banner.grid(row=0, column=0, sticky="ew", padx=6, pady=(6, 0))
        # The dialog tried once; the window keeps the chat going, reconnecting with backoff.
        connection.retry = True
        self.presenter = Presenter(connection.session)
        self.presenter.add_listener(self.on_change)
        self.presenter.open(self.room, private=False)
        self._tell_focus()
        connection.on_connected = self.presenter.connecting
        connection.add_listener(self.on_event)
        self.files.attach(connection.session)
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

    def launch_failed(self, sentence: str) -> None:
        """The launch that opened this window failed: once a connection is attached, its
        presenter writes the refusal in the transcript itself, so only the status says it."""
        if self.presenter is not None:
            self.set_status(sentence)
        else:
            self.show_failure(sentence)

    def on_event(self, event: ev.Event) -> None:
        """Hand one session event to the presenter (and react to a few here)."""
        if self.presenter is not None:
            self.presenter.on_event(event)
        if isinstance(event, ev.SendFileRequested | ev.FileTokenReceived | ev.FileTokenFailed):
            self.files.on_event(event)
        if isinstance(event, ev.RegistrationFailed):
            self.set_status(error_text(event.error))
        elif isinstance(event, ev.SearchRequested):
            self.show_search(event.query)  # /search TEXT
        elif isinstance(event, ev.HistoryRequested) and event.conversation:
            session = self.connection.session if self.connection is not None else None
            asked = session is not None and session.fetches.busy(session.fold(event.conversation))
            if asked:  # else the presenter already said why nothing comes
                self._more_asked.add(fold(event.conversation))

    def on_change(self, change: p.Change) -> None:
        """Draw one presenter change. Never raises into the caller."""
        try:
            self._draw(change)
        except tk.TclError:
            if not self._closing:
                log.exception("showing %r", change)
        except Exception:
            log.exception("showing %r", change)

    def _draw(self, change: p.Change) -> None:
        if isinstance(change, p.Added):
            view = self.view(change.conversation.name, create=True)
            assert view is not None
            quote = convo_lines.quote(self.texts, change.record)
            if quote:
                view.add_info(quote, time=change.record.time)
            line = view.add_record(change.record)
            if change.record.is_message:
                self.files.message_shown(view, line, line.conversation_text)
        elif isinstance(change, p.Updated):
            view = self.view(change.conversation.name)
            if view is not None and view.has_record(change.old_id):
                # Redrawn where it is: "deleted" in place of the words, reactions under them.
                line = view.replace_record(change.old_id, change.record)
                if not change.record.redacted:  # its file link still offers Save…
                    self.files.message_shown(view, line, line.conversation_text)
            elif view is not None:
                # A message scrolled out of what the view holds: a short line says it.
                view.add_info(convo_lines.update(self.texts, change), rtl=None)
        elif isinstance(change, p.UnreadChanged):
            view = self.view(change.conversation.name)
            if view is not None:
                view.unread = change.conversation.unread
                self.tabs.tab(view, text=self._tab_label(view))
        elif isinstance(change, p.Replaced):
            view = self.view(change.conversation.name, create=True)
            assert view is not None
            line = view.replace_record(change.old_id, change.record)
            if change.record.is_message:
                self.files.message_shown(view, line, line.conversation_text)
        elif isinstance(change, p.Opened | p.Selected):
            select = not isinstance(change, p.Opened) or change.select
            self._opened(change.conversation, select=select)
        elif isinstance(change, p.MembersChanged):
            if change.channel is None or same_name(change.channel, self._shown_channel):
                self._refresh_users()
        elif isinstance(change, p.Renamed):
            view = self.conversations.pop(change.old_key, None)
            if view is not None:
                # The private conversation follows the person to their new name.
                view.conversation = change.conversation.name
                self.conversations[change.conversation.key] = view
                self.tabs.tab(view, text=self._tab_label(view))
        elif isinstance(change, p.ConnectionChanged):
            self._show_connection(change)
        elif isinstance(change, p.Registered):
            self._refresh_users()
        elif isinstance(change, p.Prepended):
            view = self.view(change.conversation.name)
            if view is not None:
                drawn = view.prepend_records(
                    change.records, complete=change.complete, around=change.around
                )
                if change.around is None and fold(view.conversation) in self._more_asked:
                    self._more_answered(view, drawn, complete=change.complete)
        elif isinstance(change, p.GapFilled):
            view = self.view(change.conversation.name)
            if view is not None:
                view.fill_gap(change.gap_id, change.records)
        elif isinstance(change, p.QuitRequested):
            self.after_idle(self.close)

    def _more_answered(self, view: ConversationView, drawn: int, *, complete: bool) -> None:
        """``/more`` was answered: show the page that came (drawn above, where the person,
        typing at the bottom, is not looking), or say there is nothing older."""
        self._more_asked.discard(fold(view.conversation))
        if drawn:
            view.show_top()
        elif complete:
            where = name(view.conversation)
            view.add_info(self.texts("history.start", where=where))

    def _opened(self, conversation: Conversation, *, select: bool) -> None:
        view = self.view(conversation.name, create=True)
        assert view is not None
        room = same_name(conversation.name, self.room)
        if room and self._focus_pending:
            self._focus_pending = False
            self.select(conversation.name)
            self.after_idle(focus_when_shown, self, view.input)
        elif select:
            self.select(conversation.name)

    def _show_connection(self, change: p.ConnectionChanged) -> None:
        """Offline: a note above the status line and a greyed people list until we are back."""
        offline = not change.online and change.will_reconnect
        if offline:
            self.offline_banner.configure(text=shaped(self.texts("state.offline")))
            self.offline_banner.grid(row=3, column=0, sticky="ew", padx=6)
        else:
            self.offline_banner.grid_remove()
        if change.online:  # a request lost with the old connection is not waited for
            for view in self.conversations.values():
                view.paging.reset()
        self.users.set_offline(not change.online)
        self._refresh_users()

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
            texts=self.texts,
            on_typing=self._typing,
            on_older=self._fetch_older,
            on_around=self._fetch_around,
            on_gap=self._fetch_gap,
        )
        self.conversations[key] = view
        self.tabs.add(view, text=display_text(name(conversation)), padding=4)
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
        if same_name(nick, session.nick) or self.presenter is None:
            return None
        return self.select(self.presenter.open_private(nick).name)

    # -- search (Ctrl+F) ---------------------------------------------------------------------
    def show_search(self, query: str = "") -> SearchWindow | None:
        """Open the search window (one per main window), ``query`` typed in if given."""
        if self.connection is None:
            return None
        if self.search_window is None:
            self.search_window = SearchWindow(
                self,
                search=self.connection.logger.log.search,
                inbox=self._inbox,
                on_choose=self.show_search_result,
            )
        self.search_window.start(query)
        return self.search_window

    def _search_key(self, _event: tk.Event) -> str:
        self.show_search()
        return "break"

    def show_search_result(self, conversation: str, msgid: str, text: str) -> None:
        """Switch to ``conversation`` (opening a private one) and show the message there:
        scrolled to and marked, or asked of the host when it is not loaded (its lines
        arrive as older history). A room we left is not reopened."""
        if not is_channel(conversation):
            view = self.open_private(conversation)
        elif self.view(conversation) is not None:
            view = self.select(conversation)
        else:
            return
        if view is None:
            return
        self.update_idletasks()  # the tab just shown has its size: scrolling can use it
        view.reveal(text, msgid or None)

    def _fetch_older(self, conversation: str) -> bool:
        """A view scrolled to its top: ask for the lines before its oldest message."""
        presenter = self.presenter
        model = presenter.conversation(conversation) if presenter is not None else None
        return presenter is not None and model is not None and presenter.older(model)

    def _fetch_gap(self, conversation: str, gap_id: str) -> bool:
        """A gap row was clicked: ask for the lines it stands for."""
        presenter = self.presenter
        model = presenter.conversation(conversation) if presenter is not None else None
        return presenter is not None and model is not None and presenter.fill_gap(model, gap_id)

    def _fetch_around(self, conversation: str, msgid: str) -> bool:
        """A search result the view does not hold: ask for the lines around it."""
        presenter = self.presenter
        model = presenter.conversation(conversation) if presenter is not None else None
        return presenter is not None and model is not None and presenter.around(model, msgid)

    def _close_private_tab(self, _event: tk.Event | None = None) -> str:
        view = self.current_view()
        if not is_channel(view.conversation):
            self.conversations.pop(fold(view.conversation), None)
            if self.presenter is not None:
                self.presenter.close(view.conversation)
            self.tabs.forget(view)
            view.destroy()
        return "break"

    def _tab_label(self, view: ConversationView) -> str:
        label = display_text(name(view.conversation))
        return f"{label} ({view.unread})" if view.unread else label

    def _tell_focus(self) -> None:
        """Tell the presenter which conversation is shown (it counts the others' unread)."""
        if self.presenter is not None:
            self.presenter.focus(self.current_view().conversation, active=True)

    def _tab_changed(self, _event: tk.Event | None = None) -> None:
        view = self.current_view()
        self._tell_focus()
        if is_channel(view.conversation):
            self._shown_channel = view.conversation
        self._refresh_users()

    def _refresh_users(self) -> None:
        if self.connection is None:
            return
        if not self.connection.session.registered and self.users.nicks:
            return  # offline: keep showing (greyed) who was there until we are back
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

    def _typing(self, conversation: str, text: str) -> None:
        """The input changed: the session may send an IRCv3 typing notification."""
        if self.connection is not None:
            self.connection.session.typing_changed(conversation, text)

    def _mention(self, nick: str) -> None:
        view = self.current_view()
        entry = view.input
        prefix = f"{nick}: " if not entry.get() else f"{nick} "
        entry.insert("insert", prefix)
        view.focus_input()

    def _own_nick(self) -> str:
        return self.connection.session.nick if self.connection is not None else ""

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
        self.files.close()
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
