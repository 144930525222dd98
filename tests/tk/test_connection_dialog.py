"""Chat → Connection… (Ctrl+I) in the Tk window, against a real TLS server on 127.0.0.1:
the host's fingerprint, how it is trusted (first use, or pinned by an invite link) and the
comparison code in the interface's digits. Screenshots in English and Persian (written to
``resources/screenshots/`` with ``GOFTO_SCREENSHOTS=1``, else to a temporary folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.client.invite import format_invite
from app.discovery.comparison import comparison_code
from app.tk.i18n import shaped, shown, translate

from .conftest import start_from_dialog, window_after_dialog
from .helpers import find, pump_for, pump_until

pytestmark = pytest.mark.gui

FOLDER = Path(__file__).resolve().parents[2] / "resources/screenshots"


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def _shoot(root, dialog, name: str, tmp_path: Path) -> None:
    if shutil.which("import") is None:
        return  # ImageMagick missing: the checks above still ran
    folder = FOLDER if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pump_for(root, 0.3)
    shot = folder / name
    subprocess.run(["import", "-window", dialog.wm_frame(), str(shot)], check=True, timeout=20)
    assert shot.stat().st_size > 0


def _joined(app, root, address: str):
    start_from_dialog(app, root, mode="join", nick="ali", address=address)
    window = window_after_dialog(app, root)
    pump_until(
        root,
        lambda: window.connection is not None and window.connection.transport.security is not None,
        message="the TLS connection",
    )
    return window


def _text(dialog, name: str) -> str:
    return str(find(dialog, name).cget("text"))


def test_ctrl_i_shows_a_first_use_fingerprint_and_its_code(
    app, root, make_chat_server, make_server_tls, tmp_path
):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    window = _joined(app, root, f"{host}:{port}")
    window.focus_force()
    pump_for(root, 0.1)
    window.event_generate("<Control-i>", when="tail")
    pump_until(root, lambda: window.connection_dialog is not None, message="the dialog")
    dialog = window.connection_dialog
    pump_until(root, dialog.winfo_ismapped, message="the dialog on screen")
    assert "Gofto" in dialog.title()
    assert _text(dialog, "connectionAddress") == f"{host}:{port}"
    assert _text(dialog, "connectionEncryption") == "Encrypted (TLS)"
    assert _text(dialog, "connectionTrust") == "Trusted on first use"
    assert _text(dialog, "connectionCode") == comparison_code(server.fingerprint)
    assert find(dialog, "connectionSince").cget("text")
    full = find(dialog, "connectionFingerprint")
    assert not full.winfo_manager()  # one click away, not on screen at first
    find(dialog, "showFingerprintButton").invoke()
    pump_until(root, full.winfo_ismapped, message="the full fingerprint")
    assert full.cget("text") == server.fingerprint
    _shoot(root, dialog, "tk-connection.png", tmp_path)
    find(dialog, "closeButton").invoke()
    root.update()
    assert not dialog.winfo_exists()


@pytest.mark.usefixtures("persian")
def test_the_chat_menu_shows_an_invite_pinned_host_in_persian(
    app, root, make_chat_server, make_server_tls, tmp_path
):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    window = _joined(app, root, format_invite(host, port, "lobby", server.fingerprint))
    menu = find(window, "menubar").nametowidget("chatMenu")
    menu.invoke(menu.index("end"))  # Connection…, the last entry
    dialog = window.connection_dialog
    assert dialog is not None
    pump_until(root, dialog.winfo_ismapped, message="the dialog on screen")
    assert "Gofto" in dialog.title()
    pinned = translate("ConnectionDialog", "Pinned by the invite link")
    assert pinned == "با پیوند دعوت تثبیت شده"  # the Persian of the .ts, not the English
    assert _text(dialog, "connectionTrust") == shaped(pinned)
    code = _text(dialog, "connectionCode")
    assert code == shown(comparison_code(server.fingerprint, persian=True))
    assert not any(c.isascii() and c.isdigit() for c in code)
    find(dialog, "showFingerprintButton").invoke()
    pump_until(root, find(dialog, "connectionFingerprint").winfo_ismapped)
    assert _text(dialog, "connectionFingerprint") == server.fingerprint
    _shoot(root, dialog, "tk-connection-fa.png", tmp_path)
