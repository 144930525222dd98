"""Hostile text through a real server into the real Qt window: nothing a peer sends acts on
the view, IRC formatting is drawn as real styles, colours read on the palette."""

from __future__ import annotations

import pytest

from app.client.presentation.direction import strip_isolates
from app.client.presentation.text import contrast
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import QFont, QPalette
from tests.hostile import WIRE as HOSTILE
from tests.hostile import clean

pytestmark = pytest.mark.gui

WAIT = 5000


def _shown(window: MainWindow) -> str:
    room = window.conversation("#lobby")
    room.view.flush()
    return strip_isolates(room.view.toPlainText())


@pytest.fixture
def watched(qtbot, chat_server, make_peer, fast_backoff):
    """A registered window on a real server, and a peer in its room."""
    host, port = chat_server.address
    controller = ChatController("vic", host, port, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()
    qtbot.waitUntil(lambda: "You joined" in _shown(window), timeout=WAIT)
    peer = make_peer(host, port)
    peer.register("mallory", room="#lobby")
    qtbot.waitUntil(lambda: "mallory joined" in _shown(window), timeout=WAIT)
    yield window, peer
    controller.shutdown()


def test_no_control_or_escape_reaches_the_view(qtbot, watched):
    window, peer = watched
    for _case, text, _words in HOSTILE:
        peer.send(f"PRIVMSG #lobby :{text}")
    peer.send("NOTICE #lobby :notice\x1b]0;title\x07end")
    peer.send("PRIVMSG vic :private\x1b[2Jend")
    qtbot.waitUntil(lambda: "notice" in _shown(window), timeout=WAIT)
    shown = _shown(window)
    for case, _text, words in HOSTILE:
        assert words in shown, case
    assert clean(shown), [line for line in shown.split("\n") if not clean(line)]
    qtbot.waitUntil(lambda: window.conversation("mallory") is not None, timeout=WAIT)
    private = window.conversation("mallory")
    private.view.flush()
    assert clean(private.view.toPlainText()) and "end" in private.view.toPlainText()
    peer.send("PART #lobby :bye\x1b[2J\x07now")
    qtbot.waitUntil(lambda: "left (" in _shown(window), timeout=WAIT)
    assert clean(_shown(window))


def test_formatting_is_drawn_as_styles(qtbot, watched):
    window, peer = watched
    peer.send(
        "PRIVMSG #lobby :plain \x02bold\x02 \x1ditalic\x1d \x1funder\x1f \x1estrike\x1e "
        "\x0308,01yellow\x03 \x0302navy"
    )
    qtbot.waitUntil(lambda: "navy" in _shown(window), timeout=WAIT)
    view = window.conversation("#lobby").view
    view.flush()
    pieces = view.drawn_pieces(view.model().rowCount() - 1)
    formats = {piece.strip(): fmt for piece, fmt in pieces}
    block_text = "".join(piece for piece, _ in pieces)
    assert formats["bold"].fontWeight() == QFont.Weight.Bold
    assert formats["italic"].fontItalic()
    assert formats["under"].fontUnderline()
    assert formats["strike"].fontStrikeOut()
    assert "\x02" not in block_text and "\x03" not in block_text
    base = view.palette().color(QPalette.ColorRole.Base)
    background = (base.red(), base.green(), base.blue())
    navy = formats["navy"].foreground().color()
    assert contrast((navy.red(), navy.green(), navy.blue()), background) >= 3.0
    yellow = formats["yellow"]
    fg, bg = yellow.foreground().color(), yellow.background().color()
    assert contrast((fg.red(), fg.green(), fg.blue()), (bg.red(), bg.green(), bg.blue())) >= 3.0
