"""The Tk window says Gofto's own sentences in Persian (the .ts read without Qt): /help,
usage lines, errors, WHOIS lines, typed into a real window joined to a real server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import start_from_dialog, window_after_dialog
from .helpers import press, pump_for, pump_until, type_into
from .peer import Peer

pytestmark = pytest.mark.gui

SCREENSHOT = Path(__file__).resolve().parents[2] / "resources/screenshots/tk-help-fa.png"


@pytest.fixture
def persian():
    """The Tk interface in Persian for one test (what LANG=fa_IR.UTF-8 gives at start-up)."""
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def _send(view, text: str) -> None:
    type_into(view.input, text)
    press(view.input, "<Return>")


def test_help_usage_errors_and_whois_in_persian(persian, app, root, chat_server, tmp_path):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="علی", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    view = window.view("#lobby")
    assert view is not None
    bob = Peer(port, "bob")
    try:
        pump_until(root, lambda: "bob" in window.users.nicks, message="bob in the user list")
        _send(view, "/help")
        pump_until(root, lambda: "فرستادن یک خط خام IRC" in view.transcript())
        _send(view, "/frobnicate")
        _send(view, "/msg")
        pump_until(root, lambda: "طرز استفاده: /msg کاربر متن" in view.transcript())
        shown = view.transcript()
        assert "فرمان‌ها (برای فرستادن پیامی که با / شروع می‌شود" in shown
        assert "فرمان /frobnicate را نمی‌شناسم" in shown
        for english in ("Commands", "Usage", "Unknown command", "send a private message"):
            assert english not in shown
        if shutil.which("import") is not None:
            shot = SCREENSHOT if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path / "s.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            window.geometry("800x560")
            pump_for(root, 0.3)
            assert window.winfo_width() <= 800, window.winfo_width()
            frame = window.wm_frame()
            subprocess.run(["import", "-window", frame, str(shot)], check=True, timeout=20)
            assert shot.stat().st_size > 0
        _send(view, "/whois bob")
        pump_until(root, lambda: "پایان /whois bob" in view.transcript())
    finally:
        bob.close()


def test_english_without_a_translation(app, root, chat_server):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="ali", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    view = window.view("#lobby")
    assert view is not None
    _send(view, "/frobnicate")
    pump_until(root, lambda: "Unknown command /frobnicate" in view.transcript())
