"""A third-party client (the ``irc`` package from PyPI) against a real ChatServer."""

from __future__ import annotations

import threading
import time

import irc.client
import pytest

pytestmark = pytest.mark.interop


class _Bot:
    """One irc.client connection on a shared Reactor, recording what it sees."""

    def __init__(self, reactor: irc.client.Reactor, nick: str) -> None:
        self.nick = nick
        self.conn = reactor.server()
        self.welcomed = threading.Event()
        self.joined = threading.Event()
        self.messages: list[tuple[str, str, str]] = []
        self.names: dict[str, set[str]] = {}
        for event, handler in {
            "welcome": lambda c, e: self.welcomed.set(),
            "join": self._on_join,
            "pubmsg": self._on_msg,
            "privmsg": self._on_msg,
            "namreply": self._on_names,
        }.items():
            self.conn.add_global_handler(event, self._only_mine(handler))

    def _only_mine(self, handler):
        def wrapped(connection, event):
            if connection is self.conn:
                handler(connection, event)

        return wrapped

    def _on_join(self, connection, event):
        if irc.client.NickMask(event.source).nick == self.nick:
            self.joined.set()

    def _on_msg(self, connection, event):
        sender = irc.client.NickMask(event.source).nick
        self.messages.append((sender, event.target, event.arguments[0]))

    def _on_names(self, connection, event):
        channel = event.arguments[1]
        names = {name.lstrip("@+") for name in event.arguments[2].split()}
        self.names.setdefault(channel, set()).update(names)


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        threading.Event().wait(0.01)


@pytest.fixture
def reactor():
    reactor = irc.client.Reactor()
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            reactor.process_once(0.05)

    thread = threading.Thread(target=loop, name="irc-reactor", daemon=True)
    thread.start()
    yield reactor
    stop.set()
    thread.join(timeout=5)
    reactor.disconnect_all()


def test_irc_package_connects_joins_chats_and_sees_names(chat_server, reactor):
    host, port = chat_server.address
    alice, bob = _Bot(reactor, "alice"), _Bot(reactor, "bob")
    alice.conn.connect(host, port, "alice")
    bob.conn.connect(host, port, "bob")
    _wait(lambda: alice.welcomed.is_set() and bob.welcomed.is_set())
    alice.conn.join("#lobby")
    _wait(alice.joined.is_set)
    bob.conn.join("#lobby")
    _wait(bob.joined.is_set)
    _wait(lambda: bob.names.get("#lobby") == {"alice", "bob"})
    alice.conn.privmsg("#lobby", "hello from alice ✓")
    bob.conn.privmsg("alice", "psst")
    _wait(lambda: ("alice", "#lobby", "hello from alice ✓") in bob.messages)
    _wait(lambda: ("bob", "alice", "psst") in alice.messages)
    assert ("alice", "#lobby", "hello from alice ✓") not in alice.messages  # no echo
    alice.conn.names(["#lobby"])
    _wait(lambda: alice.names.get("#lobby") == {"alice", "bob"})
