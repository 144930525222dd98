"""Registration, PASS, CAP negotiation, NICK, PING, QUIT, ISUPPORT and LUSERS.

Ported from irctest ``server_tests/connection_registration.py``, ``cap.py``,
``regressions.py``, ``pingpong.py``, ``quit.py``, ``isupport.py`` and ``lusers.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from app.irc import numerics as n
from app.server.server import ChatServer
from tests.conformance.conftest import SERVER_NAME, Connect
from tests.conformance.helpers import commands, registration_reply
from tests.server.helpers import IrcTestClient

PASSWORD = "testpassword"


# -- PASS (PasswordedConnectionRegistrationTestCase) ------------------------------------------


@pytest.mark.parametrize(
    ("lines", "welcomed"),
    [
        ([f"PASS {PASSWORD}", "NICK foo", "USER username * * :Realname"], True),
        (["NICK foo", "USER username * * :Realname"], False),
        ([f"PASS {PASSWORD}garbage", "NICK foo", "USER username * * :Realname"], False),
        (["NICK foo", "USER username * * :Realname", f"PASS {PASSWORD}"], False),
    ],
    ids=["pass-first", "no-pass", "wrong-pass", "pass-after-user"],
)
def test_password(
    make_chat_server: Callable[..., ChatServer],
    irc_client: Callable[..., IrcTestClient],
    lines: list[str],
    welcomed: bool,
) -> None:
    client = irc_client(make_chat_server(name=SERVER_NAME, password=PASSWORD))
    for line in lines:
        client.send(line)
    first = registration_reply(client)
    if welcomed:
        assert first.command == n.RPL_WELCOME
        return
    # Modern: "SHOULD send ERR_PASSWDMISMATCH and MUST close the connection with ERROR".
    assert first.command == n.ERR_PASSWDMISMATCH
    assert first.params[0] == "foo"
    rest = client.read_until_closed()
    assert commands(rest) == ["ERROR"]


# -- QUIT ------------------------------------------------------------------------------------


def test_quit_gets_error_then_close(connect: Connect) -> None:
    foo = connect("foo")
    foo.send("QUIT")
    assert commands(foo.read_until_closed()) == ["ERROR"]
    assert foo.eof


def test_quit_before_registration_answers_like_irctest_port_check(connect: Connect) -> None:
    """irctest's controllers probe the port with ``QUIT :chkport`` and wait for ERROR."""
    probe = connect()
    probe.send("QUIT :chkport")
    (error,) = probe.read_until_closed()
    assert error.command == "ERROR"


def test_quit_reason_reaches_channel_peers(connect: Connect) -> None:
    bar, qux = connect("bar"), connect("qux")
    bar.join("#chan")
    qux.join("#chan")
    bar.sync()
    qux.send("QUIT :qux out")
    quit_ = bar.expect("QUIT")
    assert "qux out" in quit_.params[0]
    assert quit_.source is not None and quit_.source.startswith("qux!")


# -- USER / NICK -----------------------------------------------------------------------------


def test_empty_realname_is_461(connect: Connect) -> None:
    client = connect()
    client.send("NICK foo")
    client.send("USER username * * :")
    reply = registration_reply(client)
    assert reply.command == n.ERR_NEEDMOREPARAMS
    assert reply.params[:2] == ("foo", "USER")
    assert len(reply.params) == 3


@pytest.mark.parametrize(
    ("nick_line", "error"),
    [("NICK *", n.ERR_ERRONEUSNICKNAME), ("NICK :", n.ERR_NONICKNAMEGIVEN)],
    ids=["star", "empty"],
)
def test_bad_nick_then_valid_one(connect: Connect, nick_line: str, error: str) -> None:
    client = connect()
    client.send(nick_line)
    client.send("USER u s e r")
    assert commands(client.sync()) == [error]
    client.send("NICK valid")
    assert registration_reply(client).command == n.RPL_WELCOME


def test_nick_collision_at_registration(connect: Connect) -> None:
    connect("foo")
    second = connect()
    second.send("NICK foo")
    second.send("USER username * * :Realname")
    assert registration_reply(second).command == n.ERR_NICKNAMEINUSE


def test_early_nick_collision_only_one_wins(connect: Connect) -> None:
    one, two = connect(), connect()
    one.send("NICK foo")
    two.send("NICK foo")
    one.send("USER username * * :Realname")
    two.send("USER username * * :Realname")
    firsts = {registration_reply(one).command, registration_reply(two).command}
    assert firsts == {n.RPL_WELCOME, n.ERR_NICKNAMEINUSE}


def test_failed_nick_change_keeps_the_old_nick(connect: Connect) -> None:
    alice, bob = connect("alice"), connect("bob")
    bob.send("NICK alice")
    (reply,) = bob.sync()
    assert reply.command == n.ERR_NICKNAMEINUSE
    alice.send("PRIVMSG bob hi")
    assert alice.sync() == []
    (relayed,) = bob.sync()
    assert (relayed.command, relayed.params) == ("PRIVMSG", ("bob", "hi"))


def test_nick_case_change_is_announced_and_a_no_op_is_silent(connect: Connect) -> None:
    alice, bob = connect("alice"), connect("bob")
    alice.join("#test")
    bob.join("#test")
    alice.sync()
    alice.send("NICK Alice")
    for client in (alice, bob):
        (msg,) = client.sync()
        assert (msg.command, msg.params) == ("NICK", ("Alice",))
    alice.send("NICK Alice")
    assert alice.sync() == []
    assert bob.sync() == []


@pytest.mark.parametrize("registered", [True, False], ids=["registered", "unregistered"])
def test_nick_is_released_on_quit(connect: Connect, registered: bool) -> None:
    first = connect("alice") if registered else connect()
    if not registered:
        first.send("NICK alice")
    first.send("QUIT")
    first.read_until_closed()
    second = connect()
    second.send("NICK ALICE")
    second.send("USER u s e r")
    assert registration_reply(second).command == n.RPL_WELCOME


def test_nick_is_released_on_change(connect: Connect) -> None:
    alice = connect("alice")
    alice.send("NICK malice")
    assert [m.params for m in alice.sync() if m.command == "NICK"] == [("malice",)]
    other = connect()
    other.send("NICK alice")
    other.send("USER u s e r")
    assert registration_reply(other).command == n.RPL_WELCOME


# -- CAP -------------------------------------------------------------------------------------


def _cap_ls(client: IrcTestClient, version: str = " 302") -> dict[str, str | None]:
    client.send(f"CAP LS{version}")
    reply = registration_reply(client)
    assert (reply.command, reply.params[:2]) == ("CAP", ("*", "LS"))
    assert reply.params[2] != "*", "one line is enough for our capabilities"
    return {
        name: (value or None)
        for name, _, value in (c.partition("=") for c in reply.params[2].split())
    }


def test_cap_ls_301_is_one_line_without_values(connect: Connect) -> None:
    caps = _cap_ls(connect(), version="")
    assert all(value is None for value in caps.values())


def test_cap_ls_lists_what_we_implement(connect: Connect) -> None:
    caps = _cap_ls(connect())
    assert {
        "away-notify",
        "echo-message",
        "message-tags",
        "multi-prefix",
        "server-time",
        "setname",
        "userhost-in-names",
    } <= set(caps)
    # History (draft/chathistory answers in batches) and accounts (sasl, account-tag…).
    assert {"batch", "labeled-response", "draft/chathistory", "account-tag"} <= set(caps)
    assert caps["sasl"] == "EXTERNAL,PLAIN"


def test_empty_cap_list(connect: Connect) -> None:
    client = connect()
    client.send("CAP LIST")
    reply = registration_reply(client)
    assert (reply.command, reply.params) == ("CAP", ("*", "LIST", ""))


@pytest.mark.parametrize(
    ("request_", "answer"),
    [
        ("foo qux bar baz qux quux", "NAK"),
        ("foo multi-prefix bar", "NAK"),
        ("multi-prefix bar", "NAK"),
        ("foo multi-prefix", "NAK"),
        ("multi-prefix", "ACK"),
    ],
)
def test_cap_req_is_acked_or_naked_whole_and_verbatim(
    connect: Connect, request_: str, answer: str
) -> None:
    client = connect()
    _cap_ls(client)
    client.send(f"CAP REQ :{request_}")
    reply = registration_reply(client)
    assert (reply.command, reply.params[1:]) == ("CAP", (answer, request_))


@pytest.mark.parametrize("req", [None, "foo"], ids=["no-req", "unavailable-req"])
def test_cap_end_completes_registration(connect: Connect, req: str | None) -> None:
    client = connect()
    _cap_ls(client)
    client.send("USER foo foo foo :foo")
    client.send("NICK foo")
    if req is not None:
        client.send(f"CAP REQ :{req}")
        assert registration_reply(client).params[1] == "NAK"
    assert client.sync() == [], "registration waits for CAP END"
    client.send("CAP END")
    assert registration_reply(client).command == n.RPL_WELCOME


def test_cap_removal_by_client(connect: Connect) -> None:
    sender = connect("sender")
    bar = connect()
    _cap_ls(bar)
    bar.send("CAP REQ :echo-message server-time")
    bar.send("nick bar")
    bar.send("user user 0 * realname")
    bar.send("CAP END")
    ack = registration_reply(bar)
    assert ack.params[1] == "ACK"
    assert set(ack.params[2].split()) == {"echo-message", "server-time"}
    bar.expect("376")
    sender.send("PRIVMSG bar :hi")
    assert "time" in bar.expect("PRIVMSG").tags
    bar.send("CAP REQ :-server-time")
    assert bar.expect("CAP").params[1:] == ("ACK", "-server-time")
    bar.send("CAP LIST")
    assert bar.expect("CAP").params[1:] == ("LIST", "echo-message")


# -- PING ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "command", "params"),
    [
        ("PING abcdef", "PONG", (SERVER_NAME, "abcdef")),
        ("PING :", "PONG", (SERVER_NAME, "")),
        ("PING", n.ERR_NEEDMOREPARAMS, ("foo", "PING", "Not enough parameters")),
    ],
    ids=["token", "empty-token", "no-token"],
)
def test_ping(connect: Connect, line: str, command: str, params: tuple[str, ...]) -> None:
    foo = connect("foo")
    foo.send(line)
    reply = foo.read()
    assert reply is not None
    assert (reply.command, reply.params) == (command, params)


def test_ping_before_registration_is_answered(connect: Connect) -> None:
    client = connect()
    client.send("PING PARAM")
    assert registration_reply(client).command == "PONG"


# -- ISUPPORT --------------------------------------------------------------------------------


def test_isupport_lines(connect: Connect) -> None:
    client = connect()
    welcome = client.register("foo")
    lines = [msg for msg in welcome if msg.command == n.RPL_ISUPPORT]
    assert lines
    tokens: dict[str, str] = {}
    for msg in lines:
        assert msg.params[0] == "foo"
        assert 3 <= len(msg.params) <= 15
        for token in msg.params[1:-1]:
            assert token.isascii(), token
            key, _, value = token.partition("=")
            assert "=" not in value, "irctest splits each token on '=' exactly once"
            tokens[key] = value
    prefix = re.fullmatch(r"\((?P<modes>[a-zA-Z]+)\)(?P<symbols>\S+)", tokens["PREFIX"])
    assert prefix is not None
    assert dict(zip(prefix["modes"], prefix["symbols"], strict=True)) == {"o": "@", "v": "+"}
    for part in tokens["TARGMAX"].split(","):
        assert re.fullmatch("[A-Z]+:[0-9]*", part), part
    assert "UTF8ONLY" in tokens


# -- LUSERS ----------------------------------------------------------------------------------

_LUSERCLIENT = re.compile(r"^.*( [-0-9]* ).*( [-0-9]* ).*( [-0-9]* ).*$")


def _lusers(client: IrcTestClient) -> dict[str, tuple[str, ...]]:
    client.send("LUSERS")
    messages = client.sync()
    by_numeric = {msg.command: msg.params for msg in messages}
    assert len(by_numeric) == len(messages), "duplicated numerics"
    assert all(params[0] == client.nick for params in by_numeric.values())
    assert len(by_numeric[n.RPL_LUSERCLIENT]) == 2
    assert _LUSERCLIENT.match(by_numeric[n.RPL_LUSERCLIENT][1])
    assert len(by_numeric[n.RPL_LUSERME]) == 2
    return by_numeric


def _counts(lusers: dict[str, tuple[str, ...]]) -> tuple[int, int, int, int]:
    """(unregistered, local total, local max, visible + invisible from 251)."""
    match = _LUSERCLIENT.match(lusers[n.RPL_LUSERCLIENT][1])
    assert match is not None
    unknown = int(lusers[n.RPL_LUSERUNKNOWN][1]) if n.RPL_LUSERUNKNOWN in lusers else 0
    local = lusers[n.RPL_LOCALUSERS]
    assert local[1:3] == lusers[n.RPL_GLOBALUSERS][1:3]
    return unknown, int(local[1]), int(local[2]), int(match[1]) + int(match[2])


def test_lusers_counts_registered_and_unregistered(connect: Connect) -> None:
    bar = connect("bar")
    assert _counts(_lusers(bar)) == (0, 1, 1, 1)
    qux, bat = connect(), connect()
    for client, nick in ((qux, "qux"), (bat, "bat")):
        client.send(f"NICK {nick}")
        client.sync()
    assert _counts(_lusers(bar)) == (2, 1, 1, 1)
    qux.send("USER u s e r")
    registration_reply(qux)
    assert _counts(_lusers(bar)) == (1, 2, 2, 2)
    bat.send("QUIT")
    bat.read_until_closed()
    qux.send("QUIT")
    qux.read_until_closed()
    assert _counts(_lusers(bar)) == (0, 1, 2, 1)
