"""The start dialog (``startDialog``): host a chat or join one.

Validation is inline: while the nickname, address or port is not usable, ``startButton`` is
disabled and ``problemLabel`` says why, in the same words as the Qt dialog (they come from
:func:`app.irc.names.nick_problem` and :func:`app.client.address.parse_address`). When starting
fails (port taken, nobody at the address, wrong password, nickname taken) the dialog stays
open and ``errorLabel`` shows the sentence from :mod:`app.errors`.

When the host's certificate changed since the last visit, the dialog also shows the warning
``certificateChangedBox`` (:mod:`app.tk.certificate_box`): trusting the new fingerprint there
starts again.
"""

from __future__ import annotations

import logging
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from app import APP_NAME, DEFAULT_PORT, DEFAULT_ROOM, discovery
from app.client.address import AddressError, parse_address
from app.client.invite import format_invite
from app.client.trust import DISCOVERY, INVITE
from app.discovery.browse import Browser
from app.discovery.record import FoundChat
from app.errors import CertificateChanged
from app.irc.names import nick_problem
from app.tk.bidi_text import display_text
from app.tk.certificate_box import CertificateBox
from app.tk.focus import focus_when_shown
from app.tk.i18n import (
    end_side,
    error_text,
    justify,
    mnemonic,
    rtl,
    said,
    shaped,
    shown,
    start_side,
    translate,
)
from app.tk.launch_flow import Launch, StartRequest

log = logging.getLogger(__name__)


def port_problem(text: str) -> str | None:
    """Why ``text`` is not a port to host on, or ``None``."""
    text = text.strip()
    if not text.isdigit():
        return "The port must be a number between 1 and 65535."
    if not 1 <= int(text) <= 65535:
        return f"Port {int(text)} is out of range (1–65535)."
    return None


#: How often the Tk dialog reads the list of chats found (python-zeroconf runs on its threads).
DISCOVERED_POLL_MS = 300


class StartDialog(tk.Toplevel):
    """Ask how to start; ``on_ready(launch)`` once the room is joined, ``on_cancel()`` if closed."""

    def __init__(
        self,
        master: tk.Misc,
        *,
        nick: str,
        on_ready: Callable[[Launch], None],
        on_cancel: Callable[[], None],
        port: int = DEFAULT_PORT,
        room: str = DEFAULT_ROOM,
    ) -> None:
        super().__init__(master, name="startDialog")
        self.title(translate("StartDialog", "Start a chat — {app}").format(app=APP_NAME))
        self.resizable(False, False)
        self.room = room
        self.launch: Launch | None = None
        self._on_ready = on_ready
        self._on_cancel = on_cancel
        self.mode = tk.StringVar(self, "host")
        self.nick = tk.StringVar(self, nick)
        self.address = tk.StringVar(self, "")
        self.port = tk.StringVar(self, str(port))
        self.password = tk.StringVar(self, "")
        self.tls_only = tk.BooleanVar(self, False)
        # Alt+letter → what the control with that underlined letter does (see _build).
        self._mnemonics: dict[str, Callable[[], object]] = {}
        self._build()
        for variable in (self.mode, self.nick, self.address, self.port):
            variable.trace_add("write", self._validate)
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.bind("<Return>", self._return)
        self.bind("<Escape>", lambda _event: self.cancel())
        self._validate()
        self.nick_edit.select_range(0, "end")  # typing replaces the suggested nickname
        self.nick_edit.icursor("end")
        focus_when_shown(self, self.nick_edit)

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        # Right to left (Persian) the form is mirrored: labels on the right, buttons on the left.
        start, end, rtl_ui = start_side(), end_side(), rtl()
        label_col, field_col = (1, 0) if rtl_ui else (0, 1)
        body = ttk.Frame(self, name="body", padding=14)
        body.grid(sticky="nsew")
        body.columnconfigure(field_col, weight=1)
        modes = ttk.Frame(body, name="modes")
        modes.grid(row=0, column=0, columnspan=2, sticky=start, pady=(0, 8))

        def keyed(translated: str, action: Callable[[], object]) -> tuple[str, int]:
            """The text and underline of a ``&`` label; Alt+its letter runs ``action``.

            Right to left the letter would be a Persian one: no mnemonics there.
            """
            text, underline = mnemonic(translated)
            if rtl_ui or underline < 0:
                return display_text(text, rtl=True if rtl_ui else None), -1
            self._mnemonics[text[underline].lower()] = action
            return text, underline

        def radio(name: str, source: str, value: str) -> ttk.Radiobutton:
            button = ttk.Radiobutton(modes, name=name, variable=self.mode, value=value)
            text, underline = keyed(translate("StartDialog", source), button.invoke)
            button.configure(text=text, underline=underline)
            button.grid(row=0 if value == "host" else 1, column=0, sticky=start)
            return button

        self.host_button = radio("hostModeButton", "&Host a chat", "host")
        self.join_button = radio("joinModeButton", "&Join a chat", "join")

        def row(index: int, translated: str, widget: tk.Widget) -> None:
            text, underline = keyed(translated, widget.focus_set)
            ttk.Label(body, text=text, underline=underline).grid(
                row=index, column=label_col, sticky=start, padx=8, pady=2
            )
            widget.grid(row=index, column=field_col, sticky="ew", pady=2)

        self.nick_edit = ttk.Entry(body, name="nickEdit", textvariable=self.nick, width=32)
        self.address_edit = ttk.Entry(body, name="addressEdit", textvariable=self.address)
        self.port_spin = ttk.Spinbox(
            body, name="portSpin", from_=1, to=65535, textvariable=self.port, width=8
        )
        self.password_edit = ttk.Entry(
            body, name="passwordEdit", textvariable=self.password, show="•"
        )
        row(1, translate("StartDialog", "Your &nickname:"), self.nick_edit)
        row(2, translate("StartDialog", "Host's &address:"), self.address_edit)
        row(3, translate("StartDialog", "&Port:"), self.port_spin)
        row(4, translate("StartDialog", "Room pass&word:"), self.password_edit)
        self.tls_only_check = ttk.Checkbutton(body, name="tlsOnlyCheck", variable=self.tls_only)
        text, underline = keyed(
            translate("StartDialog", "Encrypted connections &only"), self.tls_only_check.invoke
        )
        self.tls_only_check.configure(text=text, underline=underline)
        self.tls_only_check.grid(row=5, column=field_col, sticky=start, pady=2)
        self._build_discovered(body, start)
        self.problem_label = ttk.Label(
            body, name="problemLabel", foreground="#8a5a00", wraplength=360, justify=justify()
        )
        self.problem_label.grid(row=6, column=0, columnspan=2, sticky=start, pady=(8, 0))
        self.error_label = ttk.Label(
            body, name="errorLabel", foreground="#b00020", wraplength=360, justify=justify()
        )
        self.error_label.grid(row=7, column=0, columnspan=2, sticky=start)
        # Shown when a join meets a changed certificate; trusting it starts again.
        self.certificate_box = CertificateBox(body, on_trusted=self.start)
        self.certificate_box.grid(row=8, column=0, columnspan=2, sticky="ew")
        self.certificate_box.hide()
        self.progress_label = ttk.Label(body, name="progressLabel", foreground="#555555")
        self.progress_label.grid(row=9, column=0, columnspan=2, sticky=start)
        buttons = ttk.Frame(body, name="buttons")
        buttons.grid(row=10, column=0, columnspan=2, sticky=end, pady=(10, 0))
        self.start_button = ttk.Button(buttons, name="startButton", command=self.start)
        self.start_button.grid(row=0, column=0 if rtl_ui else 1)
        text, underline = keyed(translate("StartDialog", "&Quit"), self.cancel)
        ttk.Button(
            buttons, name="cancelButton", text=text, underline=underline, command=self.cancel
        ).grid(row=0, column=1 if rtl_ui else 0, padx=6)
        self.bind("<Alt-KeyPress>", self._mnemonic_key)

    # -- chats found on the network ----------------------------------------------------------
    def _build_discovered(self, body: ttk.Frame, start: str) -> None:
        """The list of chats on the network (``discoveredList``), as in the Qt dialog.

        python-zeroconf browses on its own threads; Tk is not thread-safe, so the list is
        read (a snapshot, never blocking) every :data:`DISCOVERED_POLL_MS` on the Tk thread.
        """
        self._browser: Browser | None = None
        self._discovered: list[FoundChat] = []
        self._discovered_link: str | None = None
        frame = ttk.Frame(body, name="discoveredFrame")
        self.discovered_frame = frame
        ttk.Label(
            frame, text=shaped(translate("StartDialog", "Chats found on your network:"))
        ).pack(anchor=start)
        self.discovered_list = tk.Listbox(
            frame, name="discoveredList", height=5, activestyle="dotbox", exportselection=False
        )
        self.discovered_list.pack(fill="x")
        self.discovered_list.bind("<Double-Button-1>", self._join_discovered)
        self.discovered_list.bind("<Return>", self._join_discovered)
        self.discovered_list.bind("<KP_Enter>", self._join_discovered)
        self.discovered_list.bind("<Destroy>", lambda _event: self._stop_browsing())
        frame.grid(row=5, column=0, columnspan=2, sticky="ew", pady=(6, 0))
        frame.grid_remove()

    def _browse(self) -> bool:
        if self._browser is None and discovery.enabled():
            self._browser = Browser()
            self._browser.start()
            self.after(DISCOVERED_POLL_MS, self._poll_discovered)
        return self._browser is not None

    def _poll_discovered(self) -> None:
        browser = self._browser
        if browser is None or not self.winfo_exists():
            return
        chats = browser.chats()
        if chats != self._discovered:
            self._discovered = chats
            selected = self.discovered_list.curselection()
            self.discovered_list.delete(0, "end")
            for chat in chats:
                self.discovered_list.insert("end", display_text(self._describe(chat)))
            if selected and selected[0] < len(chats):
                self.discovered_list.selection_set(selected[0])
        self.after(DISCOVERED_POLL_MS, self._poll_discovered)

    @staticmethod
    def _describe(chat: FoundChat) -> str:
        record = chat.record
        parts = [chat.name] + ([record.nick] if record.nick else [])
        if record.people is not None:
            parts.append(
                translate("DiscoveredList", "%1 in the room").replace("%1", str(record.people))
            )
        if record.password:
            parts.append(translate("DiscoveredList", "needs the room password"))
        return " — ".join(parts)

    def _stop_browsing(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.stop(wait=False)

    def _join_discovered(self, _event: tk.Event | None = None) -> str:
        selected = self.discovered_list.curselection()
        if not selected or selected[0] >= len(self._discovered) or self.launch is not None:
            return "break"
        chat = self._discovered[selected[0]]
        record = chat.record
        self._discovered_link = format_invite(
            chat.address, chat.port, record.room, record.fingerprint
        )
        self.address.set(self._discovered_link)
        if record.password and not self.password.get():
            needs = translate(
                "StartDialog", "This chat needs the room password: type it, then press Enter."
            )
            self.problem_label.configure(text=shown(needs))
            self.password_edit.focus_set()
            return "break"
        self.start()
        return "break"

    def _mnemonic_key(self, event: tk.Event) -> str | None:
        """Alt+the underlined letter of a control, as in the Qt dialog (Alt+H hosts…)."""
        action = self._mnemonics.get(str(event.keysym).lower())
        if action is None:
            return None
        action()
        return "break"

    # -- validation ---------------------------------------------------------------------------
    def problem(self) -> str | None:
        """The first thing that keeps the form from being used, as a sentence, or ``None``."""
        problem = nick_problem(self.nick.get().strip())
        if problem is not None:
            return said(problem)
        if self.mode.get() == "join":
            try:
                parse_address(self.address.get(), self._default_port())
            except AddressError as error:
                return error_text(error)
        return port_problem(self.port.get())

    def _default_port(self) -> int:
        text = self.port.get().strip()
        return int(text) if text.isdigit() and 1 <= int(text) <= 65535 else DEFAULT_PORT

    def _validate(self, *_args: object) -> None:
        hosting = self.mode.get() == "host"
        self.address_edit.state(["disabled"] if hosting else ["!disabled"])
        if hosting:  # only the host decides whether plain-text guests are turned away
            self.tls_only_check.grid()
            self.discovered_frame.grid_remove()
            self._stop_browsing()  # a host has nothing to look for
        else:
            self.tls_only_check.grid_remove()
            if self._browse():
                self.discovered_frame.grid()
        label = translate("StartDialog", "Host") if hosting else translate("StartDialog", "Join")
        self.start_button.configure(text=shaped(label))
        if self.launch is not None:
            return
        problem = self.problem()
        self.problem_label.configure(text=shown(problem) if problem else "")
        self.start_button.state(["disabled"] if problem else ["!disabled"])

    def _set_busy(self, busy: bool) -> None:
        state = ["disabled"] if busy else ["!disabled"]
        for widget in (
            self.host_button,
            self.join_button,
            self.nick_edit,
            self.port_spin,
            self.password_edit,
            self.tls_only_check,
            self.start_button,
        ):
            widget.state(state)
        if busy:
            self.address_edit.state(["disabled"])
        else:
            self._validate()

    # -- actions ------------------------------------------------------------------------------
    def request(self) -> StartRequest:
        """The form as a :class:`StartRequest` (call only when :meth:`problem` is ``None``)."""
        nick = self.nick.get().strip()
        password = self.password.get() or None
        if self.mode.get() == "host":
            return StartRequest(
                "host",
                nick,
                int(self.port.get()),
                password=password,
                room=self.room,
                tls_only=self.tls_only.get(),
            )
        text = self.address.get().strip()
        address = parse_address(text, self._default_port())
        return StartRequest(
            "join",
            nick,
            address.port,
            host=address.host,
            password=password,
            room=address.room or self.room,
            fingerprint=address.fingerprint,
            how=DISCOVERY if text == self._discovered_link else INVITE,
        )

    def start(self) -> None:
        """Host or join as the form says; the dialog waits (without blocking) for the result."""
        if self.launch is not None or self.problem() is not None:
            return
        self.error_label.configure(text="")
        self.certificate_box.hide()
        self.launch = Launch(
            self,
            self.request(),
            retry=False,
            on_progress=self._progress,
            on_ready=self._ready,
            on_failed=self._failed,
        )
        self._set_busy(True)
        self.launch.start()

    def _return(self, _event: tk.Event | None = None) -> str:
        self.start()
        return "break"

    def _progress(self, text: str) -> None:
        self.progress_label.configure(text=display_text(text, rtl=True if rtl() else None))

    def _failed(self, sentence: str) -> None:
        error = self.launch.error if self.launch is not None else None
        self.launch = None
        self.progress_label.configure(text="")
        self.error_label.configure(text=shown(sentence))
        self._set_busy(False)
        if isinstance(error, CertificateChanged):
            self.certificate_box.show(error)

    def _ready(self, launch: Launch) -> None:
        launch.release()
        self.launch = None
        self._on_ready(launch)

    def cancel(self) -> None:
        """Close the dialog, abandoning an attempt in progress."""
        if self.launch is not None:
            self.launch.cancel()
            self.launch = None
        self.destroy()
        self._on_cancel()
