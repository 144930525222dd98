"""Reconnecting in the Qt window is quiet: an offline banner and a greyed people list while
the host is away; afterwards no second message of the day or "You joined", and the line typed
offline shows once, as sent."""

from __future__ import annotations

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow

pytestmark = pytest.mark.gui

WAIT = 10_000


def _shown(window: MainWindow) -> str:
    room = window.conversation("#lobby")
    room.view.flush()
    return strip_isolates(room.view.toPlainText())


def test_reconnection_is_quiet(qtbot, make_chat_server, make_peer, fast_backoff):
    first = make_chat_server()
    host, port = first.address
    controller = ChatController("sara", host, port, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: "You joined #lobby" in _shown(window), timeout=WAIT)
        assert not window.offline_banner.isVisible()
        first.stop("going away")
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=WAIT)
        assert not window.user_list.isEnabled()
        room = window.conversation("#lobby")
        room.input.setText("typed while away")
        room.input.send()
        qtbot.waitUntil(lambda: "not sent yet" in _shown(window), timeout=WAIT)
        make_chat_server(port=port)
        qtbot.waitUntil(lambda: "Connected again as sara" in _shown(window), timeout=WAIT)
        qtbot.waitUntil(lambda: "not sent yet" not in _shown(window), timeout=WAIT)
        shown = _shown(window)
        assert shown.count("Message of the day") == 1
        assert shown.count("You joined #lobby") == 1
        assert shown.count("typed while away") == 1
        assert not window.offline_banner.isVisible() and window.user_list.isEnabled()
        bob = make_peer(host, port)
        bob.register("bob", room="#lobby")
        qtbot.waitUntil(lambda: "bob joined" in _shown(window), timeout=WAIT)
    finally:
        controller.shutdown()
