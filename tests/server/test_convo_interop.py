"""A client without the new capabilities (the ``irc`` package from PyPI) in a room where
others reply, react, type, delete and paste multiline messages: it sees plain messages only.
And the client-only tags' relay on the general path: bounded, dropped for plain clients."""

from __future__ import annotations

import threading

import irc.client
import pytest

from app.irc import numerics as n
from app.server.handlers.messaging import MAX_CLIENT_TAG_BYTES
from tests.server.test_interop import _wait, reactor  # noqa: F401 (the fixture)

ALL = ["batch", "message-tags", "echo-message", "draft/multiline", "draft/message-redaction"]


class _Plain:
    """An irc.client connection recording every raw line it receives."""

    def __init__(self, reactor: irc.client.Reactor, nick: str) -> None:  # noqa: F811
        self.nick = nick
        self.conn = reactor.server()
        self.joined = threading.Event()
        self.welcomed = threading.Event()
        self.raw: list[str] = []
        self.messages: list[str] = []
        self.conn.add_global_handler("welcome", lambda c, e: self.welcomed.set())
        self.conn.add_global_handler("join", lambda c, e: self.joined.set())
        self.conn.add_global_handler("pubmsg", lambda c, e: self.messages.append(e.arguments[0]))
        self.conn.add_global_handler(
            "all_raw_messages", lambda c, e: self.raw.append(e.arguments[0])
        )


@pytest.mark.interop
def test_plain_irc_client_sees_plain_messages(chat_server, irc_client, reactor):  # noqa: F811
    host, port = chat_server.address
    plain = _Plain(reactor, "plain")
    plain.conn.connect(host, port, "plain")
    _wait(plain.welcomed.is_set)
    plain.conn.join("#lobby")
    _wait(plain.joined.is_set)
    alice = irc_client(chat_server, "alice", caps=ALL)
    alice.join("#lobby")
    alice.send("@+draft/reply=x1;+reply=x1 PRIVMSG #lobby :a reply")
    msgid = alice.expect("PRIVMSG").tags["msgid"]
    alice.send(f"@+draft/reply={msgid};+draft/react=👍 TAGMSG #lobby")
    alice.send("@+typing=active TAGMSG #lobby")
    alice.send("BATCH +p draft/multiline #lobby")
    alice.send("@batch=p PRIVMSG #lobby :line one")
    alice.send("@batch=p PRIVMSG #lobby :")
    alice.send("@batch=p PRIVMSG #lobby :line three")
    alice.send("BATCH -p")
    alice.send(f"REDACT #lobby {msgid}")
    alice.send("PRIVMSG #lobby :the end")
    alice.sync()
    _wait(lambda: "the end" in plain.messages)
    assert plain.messages == ["a reply", "line one", "line three", "the end"]
    later = [line for line in plain.raw if "alice!" in line]
    assert all(not line.startswith("@") for line in later)  # no tags at all
    assert not [line for line in later if " TAGMSG " in line or " REDACT " in line]
    assert not [line for line in later if " BATCH " in line]


def test_client_tags_are_relayed_bounded_and_only_client_tags(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["message-tags"])
    bob = irc_client(chat_server, "bob", caps=["message-tags"])
    carol = irc_client(chat_server, "carol")
    for client in (alice, bob, carol):
        client.join("#r")
    for client in (alice, bob, carol):
        client.sync()
    alice.send("@+draft/reply=abc;+typing=active;msgid=forged;account=evil PRIVMSG #r :hi")
    got = bob.expect("PRIVMSG")
    assert got.tags["+draft/reply"] == "abc" and got.tags["+typing"] == "active"
    assert got.tags["msgid"] != "forged" and "account" not in got.tags
    assert carol.expect("PRIVMSG").tags == {}
    big = "x" * MAX_CLIENT_TAG_BYTES  # more tag data than IRCv3 allows a client: refused
    alice.send(f"@+draft/react={big} PRIVMSG #r :big")
    assert alice.expect(n.ERR_INPUTTOOLONG)
    assert not [m for m in bob.sync() if m.command == "PRIVMSG"]
    near = "y" * (MAX_CLIENT_TAG_BYTES - 40)  # within the bound: relayed whole
    alice.send(f"@+draft/react={near} PRIVMSG #r :near")
    assert bob.expect("PRIVMSG").tags["+draft/react"] == near
    alice.send("@+typing=paused TAGMSG #r")
    assert bob.expect("TAGMSG").tags["+typing"] == "paused"
    assert not [m for m in carol.sync() if m.command == "TAGMSG"]
