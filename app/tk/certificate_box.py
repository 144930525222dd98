"""The "host's certificate changed" warning (``certificateChangedBox``), for the dialog and
the main window alike.

It shows both fingerprints and two buttons: ``keepAwayButton`` hides it, and
``trustNewCertificateButton`` pins the new fingerprint and calls back to connect again. A
frame inside the window, not a modal messagebox, so the Tk loop (and a chat we host) keeps
running while the person phones the host to compare fingerprints. Named like the Qt box.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from app.client.trust import TrustStore
from app.errors import CertificateChanged
from app.tk.bidi_text import display_text
from app.tk.i18n import end_side, justify, rtl, shaped, start_side, translate


class CertificateBox(ttk.Frame):
    """Hidden until :meth:`show`; ``on_trusted()`` runs after the new fingerprint is pinned.

    The caller places it with ``grid`` and then calls :meth:`hide` (``grid_remove`` keeps
    the placement for :meth:`show`).
    """

    def __init__(
        self,
        master: tk.Misc,
        *,
        on_trusted: Callable[[], None],
        keep_away_text: str | None = None,
        wraplength: int = 360,
    ) -> None:
        super().__init__(master, name="certificateChangedBox", padding=(0, 8, 0, 0))
        self._on_trusted = on_trusted
        #: The change the box offers to trust, while it is shown.
        self.error: CertificateChanged | None = None
        self.columnconfigure(0, weight=1)
        ttk.Label(
            self,
            name="certificateTitle",
            text=shaped(translate("TkCertificate", "⚠ The host's certificate changed")),
            foreground="#b00020",
        ).grid(row=0, column=0, columnspan=2, sticky=start_side())
        # Plain text only: the address is what the person typed, the rest are hex digits.
        self.details = ttk.Label(
            self, name="certificateDetails", wraplength=wraplength, justify=justify()
        )
        self.details.grid(row=1, column=0, columnspan=2, sticky=start_side(), pady=(2, 6))
        if keep_away_text is None:
            keep_away_text = translate("TkCertificate", "Do not join")
        keep_away = ttk.Button(
            self,
            name="keepAwayButton",
            text=display_text(keep_away_text, rtl=True if rtl() else None),
            command=self.hide,
        )
        trust = ttk.Button(
            self,
            name="trustNewCertificateButton",
            text=shaped(translate("CertificatePrompt", "Trust the new certificate")),
            command=self.trust,
        )
        # The button that acts sits where lines end (mirrored right to left).
        keep_away.grid(row=2, column=1 if rtl() else 0, sticky=end_side(), padx=6)
        trust.grid(row=2, column=0 if rtl() else 1, sticky=end_side())

    def show(self, error: CertificateChanged) -> None:
        """Warn about ``error`` (both fingerprints and what to do)."""
        self.error = error
        self.details.configure(
            text=shaped(
                translate(
                    "CertificatePrompt",
                    "Before: {old}\nNow: {new}\n\nAsk the host to read out the fingerprint in "
                    "their window. Trust the new one only if it matches.",
                ),
                old=error.old,
                new=error.new,
            )
        )
        self.grid()

    def hide(self) -> None:
        """Put the warning away without trusting anything."""
        self.error = None
        self.grid_remove()

    def trust(self) -> None:
        """Pin the new fingerprint for its host, hide the warning and call back."""
        error = self.error
        if error is None:
            return
        TrustStore().remember(error.host, error.port, error.new)
        self.hide()
        self._on_trusted()
