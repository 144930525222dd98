"""Hosting from the Qt app: the start dialog starts a server, others join, stopping is clean."""

from __future__ import annotations

import ipaddress

import pytest

from app.client.events import Joined
from app.qt.hosting import HostedServer, lan_addresses
from app.qt.qt import QLineEdit, QPushButton, Qt
from app.qt.start_dialog import StartDialog

from .conftest import free_port

pytestmark = pytest.mark.gui

WAIT = 5000


def test_lan_addresses_are_private_ipv4_and_not_loopback():
    for address in lan_addresses():
        ip = ipaddress.IPv4Address(address)
        assert not ip.is_loopback and not ip.is_unspecified


def test_hosted_server_listens_on_all_interfaces_and_says_goodbye(make_peer):
    hosted = HostedServer(0, room="#lobby")
    hosted.start()
    try:
        assert hosted.running and hosted.port > 0
        assert hosted.invitations() == [f"{a}:{hosted.port}" for a in hosted.lan_addresses()]
        peer = make_peer("127.0.0.1", hosted.port)
        peer.register("bob", room="#lobby")
    finally:
        hosted.stop()
    assert not hosted.running
    # A closing notice, not a reset: the peer reads ERROR before the connection ends.
    peer.block_until(lambda line: line.startswith("ERROR"))
    hosted.stop()  # twice is fine


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
