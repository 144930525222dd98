"""Hosting from the Qt app: the start dialog starts a server, others join, stopping is clean.

The server itself (``app.server.hosting.HostedServer``) is tested without Qt in
tests/server/test_hosting.py.
"""

from __future__ import annotations

import pytest

from app.client.events import Joined
from app.errors import CannotListen
from app.qt.qt import QLineEdit, QPushButton, Qt
from app.qt.start_dialog import StartDialog

from .conftest import free_port

pytestmark = pytest.mark.gui

WAIT = 5000


def test_host_through_the_dialog_then_someone_joins(qtbot, settings, make_peer):
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    port = free_port()
    dialog.port_spin.setValue(port)
    qtbot.mouseClick(dialog.findChild(QPushButton, "hostModeButton"), Qt.MouseButton.LeftButton)
    nick_edit = dialog.findChild(QLineEdit, "nickEdit")
    nick_edit.clear()
    qtbot.keyClicks(nick_edit, "Sara")
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as blocker:
        qtbot.keyClick(nick_edit, Qt.Key.Key_Return)
    controller = blocker.args[0]
    try:
        assert not dialog.isVisible()
        assert controller.is_host
        assert controller.hosted.port == port
        assert controller.address == f"127.0.0.1:{port}"
        events: list[object] = []
        controller.event.connect(events.append)
        qtbot.waitUntil(lambda: "#lobby" in controller.session.channels, timeout=WAIT)
        # Someone on the network joins (the server listens on all interfaces).
        peer = make_peer("127.0.0.1", port)
        peer.register("bob", room="#lobby")
        assert peer.has(lambda line: " 353 " in line and "Sara" in line)
        qtbot.waitUntil(
            lambda: "bob" in [m.nick for m in controller.session.members("#lobby")],
            timeout=WAIT,
        )
        assert any(isinstance(e, Joined) and e.nick == "bob" for e in events)
        controller.submit("#lobby", "خوش آمدی bob")
        peer.wait_for(qtbot, lambda line: "PRIVMSG #lobby :خوش آمدی bob" in line)
    finally:
        controller.shutdown()
    # The guest hears the host closing the chat, then the connection ends.
    peer.block_until(lambda line: line.startswith("ERROR"))
    assert settings.mode.value == "host" and settings.port == port and settings.nick == "Sara"


@pytest.mark.parametrize(
    ("error", "persian"),
    [
        (CannotListen(80, "Permission denied", denied=True), "بالاتر از ۱۰۲۴"),
        (CannotListen(5000, "TLS certificate: bad key"), "بین ۱۰۲۴ و ۶۵۵۳۵"),
    ],
)
def test_cannot_listen_sentences_are_translated(qapp, error, persian):
    from app.qt import i18n

    installed = i18n.install("fa")
    try:
        shown = i18n.sentences().error(error)
    finally:
        installed.remove()
    assert persian in shown
    assert str(error.port) in shown
