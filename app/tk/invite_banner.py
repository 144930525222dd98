"""The tkinter host's banner: every LAN address with its invite link, a QR code and the
comparison code, as in the Qt window (:mod:`app.qt.invite_banner`, whose texts it shares).

Each address gets its ``ircs://…?fp=…`` link in a read-only field (selectable, left to right
in every language) and a *Copy invite* button; the QR code of the first link is a PNG made by
``segno`` shown through ``tk.PhotoImage``; the comparison code is in the interface's digits,
the full fingerprint one click away.
"""

from __future__ import annotations

import base64
import io
import logging
import tkinter as tk
from tkinter import ttk
from typing import TYPE_CHECKING

import segno

from app.discovery.comparison import comparison_code
from app.tk.i18n import rtl, shaped, start_side, translate

if TYPE_CHECKING:
    from app.server.hosting import HostedServer

log = logging.getLogger(__name__)
QR_SCALE = 3


def qr_image(master: tk.Misc, text: str) -> tk.PhotoImage:
    """A QR code of ``text`` as a Tk image (error correction M, quiet zone of 2 modules)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=QR_SCALE, border=2)
    return tk.PhotoImage(master=master, data=base64.b64encode(buffer.getvalue()).decode())


class InviteBanner(ttk.Frame):
    """The banner (Tk name ``hostingBanner``) of a window that hosts ``hosted``."""

    def __init__(self, master: tk.Misc, hosted: HostedServer) -> None:
        super().__init__(master, name="hostingBanner", padding=6, relief="groove")
        start = start_side()
        try:
            links = hosted.invite_links()
            addresses = hosted.lan_addresses() or ["127.0.0.1"]
        except OSError:
            log.exception("could not list LAN addresses")
            links, addresses = [], []
        #: One invite link per address, best first.
        self.invite_links = links
        texts = ttk.Frame(self, name="texts")
        where = "  ".join(f"{address}:{hosted.port}" for address in addresses)
        hosting = translate("InviteBanner", "You are hosting. Others can join at: %1")
        ttk.Label(texts, name="hostingAddresses", text=shaped(hosting.replace("%1", where))).grid(
            row=0, column=0, columnspan=2, sticky=start
        )
        copy_text = shaped(translate("InviteBanner", "Copy invite"))
        for index, link in enumerate(links):
            # Narrow enough for the buttons and the QR code to fit; the whole link scrolls.
            field = ttk.Entry(texts, name=f"inviteLink{index}", width=40, justify="left")
            field.insert(0, link)
            field.state(["readonly"])
            button = ttk.Button(
                texts,
                name="copyAddressButton" if index == 0 else f"copyInviteButton{index}",
                text=copy_text,
                command=lambda text=link: self.copy(text),
            )
            field.grid(row=index + 1, column=1 if rtl() else 0, sticky="ew", pady=1)
            button.grid(row=index + 1, column=0 if rtl() else 1, padx=4)
        fingerprint = hosted.fingerprint
        self.full_fingerprint: ttk.Label | None = None
        if fingerprint:
            code = comparison_code(fingerprint, persian=rtl())
            said = translate("InviteBanner", "Encrypted. Comparison code to read out: %1")
            row = len(links) + 1
            ttk.Label(texts, name="hostingFingerprint", text=shaped(said.replace("%1", code))).grid(
                row=row, column=0, columnspan=2, sticky=start, pady=(4, 0)
            )
            self.full_fingerprint = ttk.Label(
                texts, name="hostingFullFingerprint", text=fingerprint
            )
            ttk.Button(
                texts,
                name="showFingerprintButton",
                text=shaped(translate("InviteBanner", "Full fingerprint")),
                command=self.toggle_fingerprint,
            ).grid(row=row + 1, column=0 if rtl() else 1, padx=4)
            self._fingerprint_row = row + 1
        self.qr: tk.PhotoImage | None = None
        if links:
            self.qr = qr_image(self, links[0])
            ttk.Label(self, name="inviteQrCode", image=self.qr).pack(
                side="left" if rtl() else "right", padx=(6, 0)
            )
        texts.columnconfigure(1 if rtl() else 0, weight=1)
        texts.pack(side="right" if rtl() else "left", fill="x", expand=True)

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard."""
        self.clipboard_clear()
        self.clipboard_append(text)

    def toggle_fingerprint(self) -> None:
        """Show or hide the full fingerprint."""
        label = self.full_fingerprint
        if label is None:
            return
        if label.winfo_manager():
            label.grid_remove()
        else:
            label.grid(row=self._fingerprint_row, column=1 if rtl() else 0, sticky=start_side())
