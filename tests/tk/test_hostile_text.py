"""Hostile text through a real server into the real Tk window: nothing a peer sends acts on
the transcript, and IRC formatting becomes Text tags."""

from __future__ import annotations

import pytest

from tests.hostile import WIRE as HOSTILE
from tests.hostile import clean

from .conftest import start_from_dialog, window_after_dialog
from .helpers import pump_until
from .peer import Peer

pytestmark = pytest.mark.gui


@pytest.fixture
def watched(app, root, chat_server):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="vic", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    view = window.view("#lobby")
    pump_until(root, lambda: "You joined" in view.transcript())
    peer = Peer(port, "mallory")
    pump_until(root, lambda: "mallory joined" in view.transcript())
    yield window, view, peer
    peer.close()


def test_no_control_or_escape_reaches_the_transcript(root, watched):
    _window, view, peer = watched
    for _case, text, _words in HOSTILE:
        peer.say("#lobby", text)
    peer.send("NOTICE #lobby :notice\x1b]0;title\x07end")
    peer.send("PART #lobby :bye\x1b[2J\x07now")
    pump_until(root, lambda: "left (" in view.transcript())
    shown = view.view.get("1.0", "end")
    assert clean(shown), [line for line in shown.split("\n") if not clean(line)]
    transcript = view.transcript()
    assert clean(transcript)
    for case, _text, words in HOSTILE:
        assert words in transcript, case


def test_formatting_becomes_tags(root, watched):
    _window, view, peer = watched
    peer.say("#lobby", "plain \x02bold\x02 \x1funder\x1f \x0304red\x03 done")
    pump_until(root, lambda: "done" in view.transcript())
    text = view.view
    start = text.search("bold", "1.0")
    tags = text.tag_names(start)
    styled = [t for t in tags if t.startswith("style")]
    assert styled and "bold" in str(text.tag_cget(styled[0], "font"))
    under = [t for t in text.tag_names(text.search("under", "1.0")) if t.startswith("style")]
    assert under and text.tag_cget(under[0], "underline") in (True, 1, "1")
    red = [t for t in text.tag_names(text.search("red", "1.0")) if t.startswith("style")]
    assert red and str(text.tag_cget(red[0], "foreground")).startswith("#")
    assert "\x02" not in text.get("1.0", "end")
