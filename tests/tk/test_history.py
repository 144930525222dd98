"""The Tk window of a late joiner shows the room's earlier messages, quietly."""

from __future__ import annotations

import contextlib

import pytest

from app.client.catalogue import ENGLISH

from .conftest import start_from_dialog, window_after_dialog
from .helpers import pump_until
from .peer import Peer

HISTORY_SEPARATOR = ENGLISH("line.earlier")

pytestmark = pytest.mark.gui


def test_late_joiner_sees_earlier_lines_quiet_and_not_unread(app, root, chat_server):
    port = chat_server.address[1]
    bob = Peer(port, "bob")
    try:
        bob.say("#lobby", "before you came")
        pump_until(root, lambda: len(chat_server.hub.history.lines("#lobby")) == 1)
        start_from_dialog(app, root, mode="join", nick="ali", address=f"127.0.0.1:{port}")
        window = window_after_dialog(app, root)
        view = window.view("#lobby")
        assert view is not None
        pump_until(root, lambda: "bob: before you came" in view.transcript())
        text = view.transcript()
        assert text.index("You joined") < text.index(HISTORY_SEPARATOR)
        assert text.index(HISTORY_SEPARATOR) < text.index("before you came")
        earlier = next(line for line in view.lines if line.conversation_text == "before you came")
        assert all(tags == ("time",) or "earlier" in tags for _text, tags in earlier.parts)
        assert view.unread == 0

        bob.say("#lobby", "and now live")
        pump_until(root, lambda: "bob: and now live" in view.transcript())
        live = next(line for line in view.lines if line.conversation_text == "and now live")
        assert not any("earlier" in tags for _text, tags in live.parts)
        assert view.transcript().count(HISTORY_SEPARATOR) == 1
    finally:
        with contextlib.suppress(OSError):
            bob.close()
