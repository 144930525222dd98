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


def test_irc_package_logs_in_with_sasl_and_fetches_history(chat_server, reactor, irc_client):
    """The ``irc`` package's own SASL PLAIN logs in to an account made with REGISTER; the
    message that waited for it arrives; CHATHISTORY (which the package does not know: sent
    with its ``send_raw``, answered lines parsed by it, tags included) returns the
    conversation in a chathistory batch."""
    password = "correct horse battery"
    made = irc_client(chat_server, "reza")
    made.send(f"REGISTER * * :{password}")
    assert made.expect("REGISTER").params[0] == "SUCCESS"
    made.send("QUIT")
    made.read_until_closed()
    host, port = chat_server.address
    alice = _Bot(reactor, "alice")
    alice.conn.connect(host, port, "alice")
    _wait(alice.welcomed.is_set)
    notices: list[str] = []
    alice.conn.add_global_handler("privnotice", lambda c, e: notices.append(e.arguments[0]))
    alice.conn.privmsg("reza", "while you were out")
    _wait(lambda: any("will be delivered when reza returns" in text for text in notices))

    reza = _Bot(reactor, "reza")
    seen: list[irc.client.Event] = []
    logged_in = threading.Event()
    for kind in ("batch", "privmsg", "saslsuccess"):
        reza.conn.add_global_handler(kind, lambda c, e: seen.append(e) if c is reza.conn else None)
    reza.conn.add_global_handler("saslsuccess", lambda c, e: logged_in.set())
    reza.conn.connect(host, port, "reza", password=password, sasl_login="reza")
    _wait(lambda: logged_in.is_set() and reza.welcomed.is_set())
    _wait(lambda: ("alice", "reza", "while you were out") in reza.messages)

    acked = threading.Event()
    reza.conn.add_global_handler(
        "cap", lambda c, e: acked.set() if c is reza.conn and e.arguments[0] == "ACK" else None
    )
    reza.conn.cap("REQ", "batch", "server-time", "message-tags", "draft/chathistory")
    _wait(acked.is_set)
    seen.clear()
    reza.conn.send_raw("CHATHISTORY LATEST alice * 10")
    _wait(lambda: sum(e.type == "batch" for e in seen) == 2)
    kinds = [e.type for e in seen]
    assert kinds == ["batch", "privmsg", "batch"]
    opening, line, _closing = seen
    assert opening.target.startswith("+") and opening.arguments == ["chathistory", "alice"]
    tags = {tag["key"]: tag["value"] for tag in line.tags}
    assert tags["batch"] == opening.target[1:]
    assert tags["msgid"] and tags["time"].endswith("Z")
    assert line.arguments == ["while you were out"]
