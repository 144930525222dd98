"""Tk shows replies as a quoted line, reactions as a short line, deletions as "message
deleted", and a multiline message as one message — with peers that speak IRCv3 over a real
server. Screenshots in English and Persian (written with ``GOFTO_SCREENSHOTS=1``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import start_from_dialog, window_after_dialog
from .helpers import pump_for, pump_until
from .peer import Peer

pytestmark = pytest.mark.gui

FOLDER = Path(__file__).resolve().parents[2] / "resources/screenshots"
CAPS = "message-tags echo-message batch draft/multiline draft/message-redaction"


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def _modern(peer: Peer) -> Peer:
    peer.send(f"CAP REQ :{CAPS}")
    peer.wait(lambda m: m.command == "CAP" and m.params[1] == "ACK")
    return peer


def _said(peer: Peer, text: str) -> str:
    peer.say("#lobby", text)
    echo = peer.wait(lambda m: m.command == "PRIVMSG" and m.params[-1] == text)
    return echo.tags["msgid"]


def _scene(app, root, chat_server, tmp_path, *, me, friend, words, expect, shot):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick=me, address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    window.geometry("780x540+0+0")
    view = window.view("#lobby")
    pump_until(root, lambda: "#lobby" in view.transcript())
    reza, bob = _modern(Peer(port, friend)), _modern(Peer(port, "bob"))
    try:
        pump_until(root, lambda: len(window.users.nicks) == 3)
        parent = _said(reza, words["parent"])
        oops = _said(bob, words["oops"])
        bob.send(f"@+draft/reply={parent};+reply={parent} PRIVMSG #lobby :{words['reply']}")
        bob.send(f"@+draft/reply={parent};+draft/react=👍 TAGMSG #lobby")
        bob.send("BATCH +m draft/multiline #lobby")
        bob.send(f"@batch=m PRIVMSG #lobby :{words['line1']}")
        bob.send(f"@batch=m PRIVMSG #lobby :{words['line2']}")
        bob.send("BATCH -m")
        bob.send(f"REDACT #lobby {oops}")
        pump_until(root, lambda: expect["deleted"] in view.transcript())
        text = view.transcript()
        assert expect["quote"] in text
        assert expect["reactions"] in text
        assert f"{words['line1']}\n{words['line2']}" in text  # one message, two lines
        assert words["oops"] not in text  # the deleted message's text is gone
        # Changed in place: the reactions under the message they answer, and "deleted" where
        # bob's message was (before his reply), not appended at the end.
        order = text.split("\n")
        parent_at = next(i for i, t in enumerate(order) if t.endswith(words["parent"]))
        assert expect["reactions"] in order[parent_at + 1], order
        assert expect["deleted"] in order[parent_at + 2] and "bob" in order[parent_at + 2], order
        assert expect["quote"] in order[parent_at + 3], order
        if shutil.which("import"):
            folder = FOLDER if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
            pump_for(root, 0.3)
            target = folder / shot
            subprocess.run(
                ["import", "-window", window.wm_frame(), str(target)], check=True, timeout=20
            )
            assert target.stat().st_size > 0
    finally:
        reza.close()
        bob.close()


def test_replies_reactions_deletion_multiline_english(app, root, chat_server, tmp_path):
    _scene(
        app,
        root,
        chat_server,
        tmp_path,
        me="sara",
        friend="reza",
        words={
            "parent": "The build is green",
            "oops": "wrong room, sorry",
            "reply": "Great, shipping it",
            "line1": "Release notes:",
            "line2": "- faster startup",
        },
        expect={
            "quote": "↪ reza: The build is green",
            "reactions": "Reactions: ",
            "deleted": "message deleted",
        },
        shot="tk-convo.png",
    )


def test_replies_reactions_deletion_multiline_persian(persian, app, root, chat_server, tmp_path):
    _scene(
        app,
        root,
        chat_server,
        tmp_path,
        me="سارا",
        friend="رضا",
        words={
            "parent": "بیلد سبز شد",
            "oops": "اتاق اشتباه، ببخشید",
            "reply": "عالی، منتشرش کن",
            "line1": "یادداشت انتشار:",
            "line2": "- شروع سریع‌تر",
        },
        expect={"quote": "↪ رضا: بیلد سبز شد", "reactions": "واکنش‌ها: ", "deleted": "پیام پاک شد"},
        shot="tk-convo-fa.png",
    )


def test_typing_in_tk_tells_the_others(app, root, chat_server):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="sara", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    view = window.view("#lobby")
    pump_until(root, lambda: "#lobby" in view.transcript())
    reza = _modern(Peer(port, "reza"))
    try:
        pump_until(root, lambda: len(window.users.nicks) == 2)
        pump_until(root, lambda: window.connection.session.can_react)
        view.input.insert(0, "hel")
        view.input.event_generate("<KeyRelease>", keysym="l")
        got = reza.wait(lambda m: m.command == "TAGMSG")
        assert got.tags["+typing"] == "active" and got.source.startswith("sara!")
    finally:
        reza.close()
