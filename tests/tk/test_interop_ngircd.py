"""The Tk client against an IRC server nobody here wrote (ngIRCd)."""

from __future__ import annotations

import pytest

from app.tk.app import TkApp

from .helpers import find, pump_until, type_into
from .peer import Peer

pytestmark = [pytest.mark.gui, pytest.mark.interop]


def test_join_ngircd_through_the_dialog_and_talk(root, ngircd):
    app = TkApp(root, confirm_close=lambda _parent: True)
    try:
        dialog = app.show_start_dialog("ali")
        find(dialog, "joinModeButton").invoke()
        type_into(find(dialog, "addressEdit"), f"{ngircd.host}:{ngircd.port}")
        root.update()
        find(dialog, "startButton").invoke()
        pump_until(root, lambda: app.window is not None, message="the main window")
        window = app.window
        assert window.title() == "#lobby — Gofto"
        bob = Peer(ngircd.port, "bob")
        try:
            pump_until(root, lambda: "bob" in window.users.nicks, message="bob in the list")
            bob.say("#lobby", "hi ali")
            view = window.view("#lobby")
            pump_until(root, lambda: "bob: hi ali" in view.transcript())
            type_into(view.input, "سلام bob")
            view.input.event_generate("<Return>")
            pump_until(root, lambda: "سلام bob" in bob.received_text("#lobby"))
        finally:
            bob.close()
    finally:
        app.shutdown()
