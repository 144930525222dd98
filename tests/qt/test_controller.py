"""ChatController against real servers: register, talk, fail honestly, reconnect and rejoin."""

from __future__ import annotations

import socket

import pytest

from app.client.events import Joined, MessageQueued, MessageReceived
from app.errors import HostUnreachable, NickInUse, WrongPassword
from app.qt.controller import ChatController

pytestmark = pytest.mark.gui

WAIT = 5000


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def make_controller(qtbot, fast_backoff):
    made: list[ChatController] = []

    def factory(nick: str, host: str, port: int, **kw) -> ChatController:
        kw.setdefault("backoff", fast_backoff)
        controller = ChatController(nick, host, port, **kw)
        made.append(controller)
        return controller

    yield factory
    for controller in made:
        controller.shutdown()


def _start_and_register(qtbot, controller: ChatController) -> None:
    with qtbot.waitSignal(controller.registered, timeout=WAIT):
        controller.start()


@pytest.mark.interop
def test_registers_and_joins_on_ngircd(qtbot, ngircd, make_controller, make_peer):
    controller = make_controller("Sara", ngircd.host, ngircd.port)
    events: list[object] = []
    controller.event.connect(events.append)
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    _start_and_register(qtbot, controller)
    assert statuses[0] == f"Connecting to {ngircd.host}:{ngircd.port}…"
    # ngIRCd speaks plain text only: the TLS attempt failed and Gofto fell back, and says so.
    assert controller.status == f"Connected as Sara to {ngircd.host}:{ngircd.port} (not encrypted)"
    assert controller.security is not None and not controller.security.encrypted
    qtbot.waitUntil(lambda: any(isinstance(e, Joined) and e.is_self for e in events), timeout=WAIT)
    peer = make_peer(ngircd.host, ngircd.port)
    peer.register("bob", room="#lobby")
    qtbot.waitUntil(
        lambda: "bob" in [m.nick for m in controller.session.members("#lobby")], timeout=WAIT
    )
    controller.submit("#lobby", "salam bob")
    peer.wait_for(qtbot, lambda line: "PRIVMSG #lobby :salam bob" in line)
    peer.send("PRIVMSG #lobby :hi Sara")
    qtbot.waitUntil(
        lambda: any(isinstance(e, MessageReceived) and e.text == "hi Sara" for e in events),
        timeout=WAIT,
    )


def test_nobody_there_fails_with_a_sentence(qtbot, make_controller):
    port = closed_port()
    controller = make_controller("Sara", "127.0.0.1", port)
    with qtbot.waitSignal(controller.failed, timeout=WAIT) as blocker:
        controller.start()
    error = blocker.args[0]
    assert isinstance(error, HostUnreachable)
    assert str(error).startswith(f"Could not reach a chat at 127.0.0.1:{port}")
    assert "connection refused" in str(error)


@pytest.mark.interop
def test_nick_in_use_fails_on_ngircd(qtbot, ngircd, make_controller, make_peer):
    peer = make_peer(ngircd.host, ngircd.port)
    peer.register("Sara")
    controller = make_controller("Sara", ngircd.host, ngircd.port)
    with qtbot.waitSignal(controller.failed, timeout=WAIT) as blocker:
        controller.start()
    assert isinstance(blocker.args[0], NickInUse)
    assert str(blocker.args[0]) == str(NickInUse("Sara"))


def test_wrong_password_fails_on_our_server(qtbot, make_chat_server, make_controller):
    host, port = make_chat_server(password="secret").address
    controller = make_controller("Sara", host, port, password="nope")
    with qtbot.waitSignal(controller.failed, timeout=WAIT) as blocker:
        controller.start()
    assert isinstance(blocker.args[0], WrongPassword)


def test_reconnects_rejoins_and_delivers_what_was_queued(
    qtbot, make_chat_server, make_controller, make_peer
):
    server = make_chat_server(room="#lobby")
    host, port = server.address
    controller = make_controller("Sara", host, port)
    events: list[object] = []
    controller.event.connect(events.append)
    _start_and_register(qtbot, controller)
    qtbot.waitUntil(lambda: "#lobby" in controller.session.channels, timeout=WAIT)
    controller.submit("#lobby", "/join #tea")
    qtbot.waitUntil(lambda: "#tea" in controller.session.channels, timeout=WAIT)

    server.stop()
    qtbot.waitUntil(lambda: controller.status.startswith("Reconnecting in "), timeout=WAIT)
    assert not controller.is_registered
    controller.submit("#tea", "sent while the host was away")
    assert any(isinstance(e, MessageQueued) for e in events)

    # The host comes back on the same port; someone is already in the room. The controller
    # lives on this thread, so it cannot reconnect before the peer has joined.
    make_chat_server(host=host, port=port, room="#lobby")
    peer = make_peer(host, port)
    peer.register("bob", room="#tea")

    qtbot.waitUntil(lambda: controller.status.startswith("Connected as Sara"), timeout=WAIT)
    peer.wait_for(qtbot, lambda line: line.endswith("PRIVMSG #tea :sent while the host was away"))
    qtbot.waitUntil(
        lambda: (
            {"#lobby", "#tea"} <= set(controller.session.channels)
            and "bob" in [m.nick for m in controller.session.members("#tea")]
        ),
        timeout=WAIT,
    )
    assert peer.has(lambda line: "JOIN" in line and line.startswith(":Sara!"))


def test_shutdown_stops_reconnecting(qtbot, make_chat_server, make_controller):
    server = make_chat_server()
    host, port = server.address
    controller = make_controller("Sara", host, port)
    _start_and_register(qtbot, controller)
    server.stop()
    qtbot.waitUntil(lambda: controller.status.startswith("Reconnecting in "), timeout=WAIT)
    controller.shutdown()
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    qtbot.wait(600)  # longer than the fast backoff: nothing may happen any more
    assert statuses == []


def test_nick_in_use_fails_on_our_server_unless_strict_nick_is_off(
    qtbot, make_chat_server, make_controller, make_peer
):
    host, port = make_chat_server().address
    make_peer(host, port).register("Sara")
    strict = make_controller("Sara", host, port)
    assert strict.session.nick_fallback is False  # the rule lives in the Session
    with qtbot.waitSignal(strict.failed, timeout=WAIT) as blocker:
        strict.start()
    assert str(blocker.args[0]) == str(NickInUse("Sara"))

    lenient = make_controller("Sara", host, port, strict_nick=False)
    _start_and_register(qtbot, lenient)
    assert lenient.session.nick == "Sara_"
