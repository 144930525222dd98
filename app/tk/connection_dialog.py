"""Chat → Connection… in the tkinter window: how the connection to the host is protected.

The same dialog as Qt's (:mod:`app.qt.connection_dialog`, whose ``ConnectionDialog`` texts and
Persian it shares, and whose widget names it uses as Tk names): the host's address, whether
the connection is encrypted, the short comparison code (the same the host's banner shows, in
the interface's digits), how the host's certificate came to be trusted (pinned by an invite
link or by the network announcement, trusted on first use, accepted after a change, or our
own server, :func:`app.client.trust.trust_sentence`) and since when; the full fingerprint is
one click away. Nothing here is editable, and the dialog does not grab the chat's input.
"""

from __future__ import annotations

import textwrap
import tkinter as tk
from datetime import datetime
from tkinter import ttk

from app import APP_NAME
from app.client.trust import Security, trust_sentence
from app.discovery.comparison import comparison_code, language_digits
from app.tk.focus import focus_when_shown
from app.tk.i18n import justify, rtl, shaped, shown, start_side, translate

WRAP = 440
#: Characters per line of the hint (Tk wraps after reordering, which would swap the lines
#: of a right-to-left paragraph, so the dialog breaks them first and shapes each).
HINT_COLUMNS = 60


def _wrapped(sentence: str) -> str:
    """``sentence`` broken into lines of :data:`HINT_COLUMNS`, each shaped for Tk."""
    return "\n".join(shaped(line) for line in textwrap.wrap(sentence, HINT_COLUMNS))


class ConnectionDialog(tk.Toplevel):
    """The "Connection" dialog (Tk name ``connectionDialog``) for ``address`` protected as
    ``security`` (``None``: not connected yet)."""

    def __init__(self, master: tk.Misc, address: str, security: Security | None) -> None:
        super().__init__(master, name="connectionDialog")
        self.title(shaped(translate("ConnectionDialog", "Connection — {app}"), app=APP_NAME))
        self.transient(master.winfo_toplevel())
        self.resizable(width=False, height=False)
        frame = ttk.Frame(self, name="body", padding=12)
        frame.grid(row=0, column=0, sticky="nsew")
        # Right to left, captions sit on the right, values on their left (as Qt's mirrored form).
        self._caption_column, self._value_column = (1, 0) if rtl() else (0, 1)
        frame.columnconfigure(self._value_column, weight=1)
        self._frame = frame
        self._row = 0
        self._row_of(translate("ConnectionDialog", "Host:"), address, "connectionAddress", ltr=True)
        encrypted = security is not None and security.encrypted
        state = (
            translate("ConnectionDialog", "Encrypted (TLS)")
            if encrypted
            else translate("ConnectionDialog", "Not encrypted")
        )
        self._row_of(
            translate("ConnectionDialog", "Connection:"), shaped(state), "connectionEncryption"
        )
        #: The full fingerprint, hidden until *Show full fingerprint* (``None``: plain text).
        self.full_fingerprint: ttk.Label | None = None
        self.show_button: ttk.Button | None = None
        if encrypted and security is not None and security.fingerprint:
            # Through the bidi layer like the banner's, so Persian groups read right to left.
            code = shown(comparison_code(security.fingerprint, persian=rtl()))
            self._row_of(translate("ConnectionDialog", "Comparison code:"), code, "connectionCode")
            how = shaped(translate("ConnectionDialog", trust_sentence(security.how)))
            self._row_of(translate("ConnectionDialog", "Trust:"), how, "connectionTrust")
            if security.since is not None:
                when = datetime.fromtimestamp(security.since).strftime("%Y-%m-%d %H:%M")
                when = shown(language_digits(when, "fa" if rtl() else "en"))
                self._row_of(translate("ConnectionDialog", "Since:"), when, "connectionSince")
            self.show_button = ttk.Button(
                frame,
                name="showFingerprintButton",
                text=shaped(translate("ConnectionDialog", "Show full fingerprint")),
                command=self.toggle_fingerprint,
            )
            self.show_button.grid(
                row=self._row, column=self._value_column, sticky=start_side(), pady=(6, 0)
            )
            self._row += 1
            # Hex reads left to right in every language; selectable through a read-only entry
            # would cut it, so it wraps in a label of its own (copied with the host's banner).
            self.full_fingerprint = ttk.Label(
                frame,
                name="connectionFingerprint",
                text=security.fingerprint,
                wraplength=WRAP,
                justify="left",
                anchor="w",
                font="TkFixedFont",
            )
            self._fingerprint_row = self._row
            self._row += 1
        hint = ttk.Label(
            frame,
            name="connectionHint",
            text=_wrapped(
                translate(
                    "ConnectionDialog",
                    "Ask the host to read out the comparison code on their banner: "
                    "if it is the same, nobody is in between.",
                )
            ),
            justify=justify(),
            anchor=start_side(),
        )
        hint.grid(row=self._row, column=0, columnspan=2, sticky="ew", pady=(10, 6))
        close = ttk.Button(
            frame,
            name="closeButton",
            text=shaped(translate("ConnectionDialog", "Close")),
            command=self.destroy,
        )
        close.grid(row=self._row + 1, column=0, columnspan=2, sticky="e" if not rtl() else "w")
        self.bind("<Escape>", lambda _e: self.destroy())
        focus_when_shown(self, close)

    def _row_of(self, caption: str, value: str, name: str, *, ltr: bool = False) -> ttk.Label:
        """A caption and its value (Tk name ``name``) on the next row of the form."""
        ttk.Label(self._frame, text=shaped(caption)).grid(
            row=self._row,
            column=self._caption_column,
            sticky="ne" if rtl() else "nw",
            padx=(8, 0) if rtl() else (0, 8),
            pady=2,
        )
        label = ttk.Label(
            self._frame,
            name=name,
            text=value,
            wraplength=WRAP,
            justify="left" if ltr else justify(),
            anchor="w" if ltr else start_side(),
        )
        label.grid(row=self._row, column=self._value_column, sticky="ew", pady=2)
        self._row += 1
        return label

    def fingerprint_shown(self) -> bool:
        """Whether the full fingerprint is on screen."""
        return self.full_fingerprint is not None and bool(self.full_fingerprint.winfo_ismapped())

    def toggle_fingerprint(self) -> None:
        """*Show full fingerprint*: show it, or hide it again."""
        if self.full_fingerprint is None:
            return
        if self.full_fingerprint.winfo_manager():
            self.full_fingerprint.grid_remove()
        else:
            self.full_fingerprint.grid(
                row=self._fingerprint_row, column=self._value_column, sticky="ew", pady=2
            )
