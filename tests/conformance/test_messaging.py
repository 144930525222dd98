"""PRIVMSG, NOTICE, TAGMSG with message-tags, echo-message, server-time and line limits.

Ported from irctest ``server_tests/messages.py``, ``message_tags.py``, ``echo_message.py``,
``regressions.py`` (testTagCap) and ``utf8.py``.
"""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from tests.conformance.conftest import Connect
from tests.conformance.helpers import commands, join_all


def test_privmsg_and_notice_to_a_channel(connect: Connect) -> None:
    foo, bar = connect("foo"), connect("bar")
    join_all("#chan", foo, bar)
    for command in ("PRIVMSG", "NOTICE"):
        foo.send(f"{command} #chan :hello there")
        assert foo.sync() == []
        (relayed,) = bar.sync()
        assert (relayed.command, relayed.params) == (command, ("#chan", "hello there"))


def test_privmsg_to_a_user(connect: Connect) -> None:
    foo, bar = connect("foo"), connect("bar")
    foo.send("PRIVMSG bar :hey there!")
    assert foo.sync() == []
    (relayed,) = bar.sync()
    assert (relayed.command, relayed.params) == ("PRIVMSG", ("bar", "hey there!"))
    assert relayed.source is not None and relayed.source.startswith("foo!")


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        ("PRIVMSG bar :hey there!", (n.ERR_NOSUCHNICK, "bar")),
        ("PRIVMSG #nonexistent :hello there", (n.ERR_NOSUCHCHANNEL, "#nonexistent")),
        ("PRIVMSG #chan :", (n.ERR_NOTEXTTOSEND, "No text to send")),
        ("NOTICE #nonexistent :hello there", None),
        ("NOTICE bar :hey", None),
    ],
)
def test_message_errors(connect: Connect, line: str, reply: tuple[str, str] | None) -> None:
    foo, other = connect("foo"), connect("other")
    join_all("#chan", foo, other)
    foo.send(line)
    replies = foo.sync()
    if reply is None:
        assert replies == [], "NOTICE never causes an automatic reply"
    else:
        (msg,) = replies
        assert (msg.command, msg.params[:2]) == (reply[0], ("foo", reply[1]))
    assert other.sync() == []


@pytest.mark.parametrize(
    ("command", "solo", "server_time"),
    [("PRIVMSG", False, False), ("PRIVMSG", True, True), ("NOTICE", False, True)],
)
def test_echo_message(connect: Connect, command: str, solo: bool, server_time: bool) -> None:
    caps = ["echo-message"] + (["server-time"] if server_time else [])
    baz = connect("baz", caps=caps)
    baz.join("#chan")
    qux = None if solo else connect("qux", caps=["server-time"] if server_time else [])
    if qux is not None:
        join_all("#chan", qux)
        baz.sync()
    baz.send(f"{command} #chan :hello everyone")
    echo = baz.expect(command)
    assert echo.params == ("#chan", "hello everyone")
    if qux is not None:
        relayed = qux.expect(command)
        assert relayed.params == echo.params
        if server_time:
            assert "time" in echo.tags and "time" in relayed.tags


def test_client_tags_reach_only_message_tags_clients(connect: Connect) -> None:
    alice = connect("alice", caps=["message-tags"])
    bob = connect("bob", caps=["message-tags", "echo-message"])
    carol = connect("carol")
    dave = connect("dave", caps=["server-time"])
    everyone = (alice, bob, carol, dave)
    join_all("#test", *everyone)

    alice.send("@+baz=bat;fizz=buzz PRIVMSG #test hi")
    alice.sync()
    bob_msg = bob.expect("PRIVMSG")
    assert bob_msg.params == ("#test", "hi")
    assert bob_msg.tags["+baz"] == "bat" and bob_msg.tags["msgid"]
    assert "fizz" not in bob_msg.tags, "only client-only tags are relayed"
    raw = carol.read_line()
    assert raw is not None and raw.startswith(b":"), "a client without caps sees no tags"
    dave_msg = dave.expect("PRIVMSG")
    assert "time" in dave_msg.tags and "+baz" not in dave_msg.tags

    bob.send("@+bat=baz;+fizz=buzz PRIVMSG #test :hi yourself")
    echo, relayed = bob.expect("PRIVMSG"), alice.expect("PRIVMSG")
    for msg in (echo, relayed):
        assert {"+bat": "baz", "+fizz": "buzz"}.items() <= msg.tags.items()
    assert echo.tags["msgid"] == relayed.tags["msgid"]
    for client in everyone:
        client.sync()

    bob.send(r"@+buzz=fizz\:buzz;cat=dog;+steel=wootz TAGMSG #test")
    echo, relayed = bob.expect("TAGMSG"), alice.expect("TAGMSG")
    for msg in (echo, relayed):
        assert msg.params == ("#test",)
        assert msg.tags["+buzz"] == "fizz;buzz" and msg.tags["+steel"] == "wootz"
        assert "cat" not in msg.tags
    assert echo.tags["msgid"] == relayed.tags["msgid"]
    assert carol.sync() == [] and dave.sync() == [], "TAGMSG only reaches message-tags clients"


def test_tags_follow_a_late_cap_req(connect: Connect) -> None:
    alice = connect("alice", caps=["message-tags", "echo-message", "server-time"])
    bob = connect("bob")
    alice.send("@+draft/reply=ct95w3xemz8qj9du2h74wp8pee PRIVMSG bob :hey yourself")
    assert alice.expect("PRIVMSG").tags["+draft/reply"] == "ct95w3xemz8qj9du2h74wp8pee"
    assert bob.expect("PRIVMSG").tags == {}
    bob.send("CAP REQ :message-tags server-time")
    bob.sync()
    alice.send("@+draft/reply=tbxqauh9nykrtpa3n6icd9whan PRIVMSG bob :hey again")
    assert bob.expect("PRIVMSG").tags["+draft/reply"] == "tbxqauh9nykrtpa3n6icd9whan"


@pytest.mark.parametrize(
    ("line", "accepted"),
    [
        # 4094 bytes of tag data (4096 with '@' and ' '): the most a client may send.
        ("@foo=bar;+baz={} TAGMSG #test".format("a" * 4081), True),
        ("@foo=bar;+baz={} TAGMSG #test".format("a" * 4082), False),
        ("@foo=bar;+baz={} PRIVMSG #test {}".format("a" * 4081, "b" * 496), True),
        ("@foo=bar;+baz={} PRIVMSG #test {}".format("a" * 4082, "b" * 495), False),
        ("@+clientOnlyTagExample={} PRIVMSG #test hi!".format("a" * 4096), False),
    ],
    ids=["tagmsg-at-limit", "tagmsg-over", "privmsg-at-limit", "privmsg-tags-over", "monster"],
)
def test_tag_length_limits(connect: Connect, line: str, accepted: bool) -> None:
    alice = connect("alice", caps=["message-tags", "echo-message"])
    bob = connect("bob", caps=["message-tags"])
    join_all("#test", alice, bob)
    alice.send(line)
    if not accepted:
        assert commands(alice.sync()) == [n.ERR_INPUTTOOLONG]
        assert bob.sync() == [], "an overflowing message is not relayed"
        return
    echo = alice.read()
    relayed = bob.read()
    assert echo is not None and relayed is not None
    assert echo.command == relayed.command == line.split(" ")[1]
    assert echo.tags["+baz"] == relayed.tags["+baz"] == "a" * 4081
    assert echo.tags["msgid"] == relayed.tags["msgid"]
    assert echo.params == relayed.params == tuple(line.split(" ")[2:])


@pytest.mark.parametrize(
    ("length", "accepted"), [(510, True), (511, False)], ids=["at-limit", "beyond"]
)
def test_body_length_limit(connect: Connect, length: int, accepted: bool) -> None:
    bar = connect("bar")
    line = "PING " + "x" * (length - 5)
    bar.send(line)
    reply = bar.read()
    assert reply is not None
    if accepted:
        assert reply.command == "PONG" and "x" * 450 in reply.params[-1]
    else:
        assert reply.command == n.ERR_INPUTTOOLONG
        bar.join("#test_channel")  # still connected and usable


def test_invalid_utf8_gets_a_warning(connect: Connect) -> None:
    foo, bar = connect("foo"), connect("bar")
    foo.send("PRIVMSG bar hi")
    assert bar.expect("PRIVMSG").params == ("bar", "hi")
    foo.send_raw(b"PRIVMSG bar hi\xaa\r\n")
    warning = foo.read()
    assert warning is not None
    assert (warning.command, warning.params[:2]) == ("WARN", ("PRIVMSG", "INVALID_UTF8"))
    assert bar.expect("PRIVMSG").params == ("bar", "hi\ufffd")
