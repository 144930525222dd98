"""Screenshots of what the presentation layer draws in Tk: IRC colours and bold, a mixed
Persian/English conversation, and the offline state, in English and Persian. Always taken
(when ImageMagick's ``import`` is there); written to ``resources/screenshots/`` with
``GOFTO_SCREENSHOTS=1``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import start_from_dialog, window_after_dialog
from .helpers import pump_for, pump_until, type_into
from .peer import Peer

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed"),
]

FOLDER = Path(__file__).resolve().parents[2] / "resources/screenshots"


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def _shoot(root, window, name: str, tmp_path: Path) -> None:
    folder = FOLDER if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pump_for(root, 0.3)
    shot = folder / name
    subprocess.run(["import", "-window", window.wm_frame(), str(shot)], check=True, timeout=20)
    assert shot.stat().st_size > 0


def _scene(app, root, chat_server, tmp_path, *, me, friend, mine, offline, suffix):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick=me, address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    window.geometry("780x540+0+0")
    view = window.view("#lobby")
    pump_until(root, lambda: "#lobby" in view.transcript())
    peer, bob = Peer(port, friend), Peer(port, "bob")
    try:
        pump_until(root, lambda: len(window.users.nicks) == 3)
        bob.say(
            "#lobby",
            "\x02Release 2.1\x02 is out: \x0303tests pass\x03, \x0304two bugs left\x03",
        )
        peer.say("#lobby", f"سلام @{me}! جلسه در #lobby ساعت 12:30 است؛ /help را ببین")
        bob.say("#lobby", "\x1dmoved\x1d to \x1froom 4\x1f, \x1eFriday\x1e \x11make test\x11")
        peer.say("#lobby", "\x0312,15رنگی\x03 و \x02پررنگ\x02 هم کار می‌کند")
        bob.say("#lobby", "\x1b]0;pwned\x07\x1b[2Jescape codes stay harmless")
        pump_until(root, lambda: "harmless" in view.transcript())
        type_into(view.input, mine)
        view.input.event_generate("<Return>")
        pump_until(root, lambda: mine in view.transcript())
        _shoot(root, window, f"tk-conversation{suffix}.png", tmp_path)
        chat_server.stop("The host closed the chat")
        pump_until(root, window.offline_banner.winfo_ismapped)
        type_into(view.input, offline)
        view.input.event_generate("<Return>")
        pump_until(root, lambda: offline in view.transcript())
        _shoot(root, window, f"tk-offline{suffix}.png", tmp_path)
    finally:
        peer.close()
        bob.close()


def test_conversation_and_offline_english(app, root, chat_server, tmp_path):
    _scene(
        app,
        root,
        chat_server,
        tmp_path,
        me="sara",
        friend="مریم",
        mine="See you at 12:30 in #lobby, @مریم",
        offline="typed while the host restarts",
        suffix="",
    )


def test_conversation_and_offline_persian(persian, app, root, chat_server, tmp_path):
    _scene(
        app,
        root,
        chat_server,
        tmp_path,
        me="سارا",
        friend="maryam",
        mine="ساعت 12:30 در #lobby می‌بینمت @maryam",
        offline="این را وقتی میزبان دوباره راه می‌افتد نوشتم",
        suffix="-fa",
    )
