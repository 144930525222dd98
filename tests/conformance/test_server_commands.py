"""WHOWAS, KILL, WALLOPS, INFO, HELP/HELPOP and LINKS.

Ported from irctest ``server_tests/whowas.py``, ``kill.py``, ``wallops.py``, ``info.py``,
``help.py`` and ``links.py`` (the cases the default irctest selection runs). irctest's
controller gives the server an operator password and sends ``OPER operuser operpassword``; the
``ircd`` fixture here does the same (Gofto ignores the oper name: there is one host secret).
"""

from __future__ import annotations

import re

import pytest

from app.irc import Message
from app.irc import numerics as n
from app.server.server import ChatServer
from tests.conformance.conftest import SERVER_NAME, Connect
from tests.conformance.helpers import commands
from tests.server.helpers import IrcTestClient

OPER_LINE = "OPER operuser operpassword"


@pytest.fixture
def ircd(make_chat_server) -> ChatServer:
    """``My.Little.Server`` with an operator password, as irctest's controller starts it."""
    return make_chat_server(name=SERVER_NAME, operator_password="operpassword")


def _client(connect: Connect, nick: str, ident: str = "username") -> IrcTestClient:
    """irctest's ``connectClient(nick, ident=…)``: realname ``Realname``, then a sync."""
    client = connect()
    client.send(f"NICK {nick}")
    client.send(f"USER {ident} 0 * :Realname")
    client.expect("376")
    client.sync()
    return client


def _quit(client: IrcTestClient) -> None:
    client.send("QUIT :bye")
    client.read_until_closed()


def _oper(client: IrcTestClient) -> None:
    client.send(OPER_LINE)
    assert n.RPL_YOUREOPER in commands(client.sync()), "OPER failed"


# -- WHOWAS (whowas.py) ----------------------------------------------------------------------


def test_whowas_numerics(connect):
    nick1 = _client(connect, "nick1")
    _quit(_client(connect, "nick2"))
    nick1.send("WHOWAS nick2")
    messages = nick1.collect_until(n.RPL_ENDOFWHOWAS)

    last = messages.pop()
    assert last.params[:2] == ("nick1", "nick2")
    unexpected = []
    for msg in messages:
        if msg.command == n.RPL_WHOWASUSER:
            assert msg.params[:2] == ("nick1", "nick2")
            assert re.fullmatch("~?username", msg.params[2])
            assert re.fullmatch("[0-9A-Za-z_:.-]+", msg.params[3])
            assert msg.params[4:] == ("*", "Realname")
        elif msg.command == n.RPL_WHOISSERVER:
            assert msg.params[:3] == ("nick1", "nick2", SERVER_NAME)
        elif msg.command != n.RPL_WHOISACTUALLY:
            unexpected.append(msg)
    assert unexpected == []


def _whowas_idents(messages: list[Message]) -> list[str]:
    return [m.params[2] for m in messages if m.command == n.RPL_WHOWASUSER]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("WHOWAS nick2", ["ident3", "ident2"]),  # testWhowasMultiple
        ("WHOWAS nick2 1", ["ident3"]),  # testWhowasCount1
        ("WHOWAS nick2 2", ["ident3", "ident2"]),  # testWhowasCount2
        ("WHOWAS nick2 -1", ["ident3", "ident2"]),  # testWhowasCountNegative
        ("WHOWAS nick2 0", ["ident3", "ident2"]),  # testWhowasCountZero
    ],
)
def test_whowas_multiple(connect, line, expected):
    nick1 = _client(connect, "nick1")
    _quit(_client(connect, "nick2", ident="ident2"))
    _quit(_client(connect, "nick2", ident="ident3"))
    nick1.send(line)
    messages = nick1.sync()

    assert messages[-1].command == n.RPL_ENDOFWHOWAS
    assert messages[-1].params[:2] == ("nick1", "nick2")
    assert [re.sub("^~", "", ident) for ident in _whowas_idents(messages)] == expected
    for msg in messages:
        if msg.command == n.RPL_WHOWASUSER:
            assert msg.params[:2] == ("nick1", "nick2")
            assert msg.params[4:] == ("*", "Realname")
    # Each 314 is followed by its 312 (irctest skips 338/312 between entries).
    shape = [c for c in commands(messages) if c != n.RPL_WHOISACTUALLY]
    assert shape == [n.RPL_WHOWASUSER, n.RPL_WHOISSERVER] * len(expected) + [n.RPL_ENDOFWHOWAS]


def test_whowas_no_such_nick(connect):
    nick1 = _client(connect, "nick1")
    nick1.send("WHOWAS nick2")
    first, second = nick1.sync()
    assert first.command == n.ERR_WASNOSUCHNICK
    assert first.params[:2] == ("nick1", "nick2")
    assert second.command == n.RPL_ENDOFWHOWAS
    assert second.params[:2] == ("nick1", "nick2")


# -- KILL (kill.py) --------------------------------------------------------------------------


def _assert_disconnected(client: IrcTestClient) -> None:
    """irctest's ``assertDisconnected``: nothing but the parting lines, then the end."""
    rest = client.read_until_closed()
    assert client.eof
    assert {m.command for m in rest} <= {"KILL", "ERROR", "QUIT"}


def test_kill(connect):
    ircop = _client(connect, "ircop")
    alice = _client(connect, "alice")
    bob = _client(connect, "bob")
    _oper(ircop)

    alice.send("KILL bob :no reason")
    assert n.ERR_NOPRIVILEGES in commands(alice.sync()), "unprivileged KILL not rejected"
    bob.sync()  # bob is not killed
    alice.send("KILL alice :no reason")
    assert n.ERR_NOPRIVILEGES in commands(alice.sync()), "unprivileged KILL not rejected"
    alice.sync()  # alice is not killed

    ircop.send("KILL alice :no reason")
    ircop.sync()
    _assert_disconnected(alice)
    ircop.send("KILL bob")
    ircop.sync()
    _assert_disconnected(bob)


def test_kill_one_argument(connect):
    ircop = _client(connect, "ircop")
    alice = _client(connect, "alice")
    _oper(ircop)
    ircop.send("KILL alice")
    ircop.sync()
    _assert_disconnected(alice)


# -- WALLOPS (wallops.py) --------------------------------------------------------------------


def test_wallops(connect):
    nick1 = _client(connect, "nick1")
    nick2 = _client(connect, "nick2")
    nick3 = _client(connect, "nick3")
    nick2.send("MODE nick2 -w")
    nick2.sync()
    nick3.send("MODE nick3 +w")
    nick3.sync()
    _oper(nick1)

    nick1.send("WALLOPS :hi everyone")
    for msg in nick1.sync():
        assert msg.source.startswith("nick1!")
        assert (msg.command, msg.params) == ("WALLOPS", ("hi everyone",))
    got = nick3.expect(lambda m: True)
    assert got.source.startswith("nick1!")
    assert (got.command, got.params) == ("WALLOPS", ("hi everyone",))
    assert nick2.sync() == [], "Server sent WALLOPS to user without +w"


def test_wallops_privileges(connect):
    nick1 = _client(connect, "nick1")
    nick1.send("WALLOPS :hi everyone")
    (reply,) = nick1.sync()
    assert reply.command == n.ERR_NOPRIVILEGES
    assert reply.params[0] == "nick1"


# -- INFO (info.py) --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["", "My.Little.Server", "*Little*", "nick"])
def test_info(connect, target):
    client = _client(connect, "nick")
    _oper(client)  # irctest opers first: remote INFO is oper-only on some servers
    client.send(f"INFO {target}".rstrip())
    messages = client.sync()

    last = messages.pop()
    assert last.command == n.RPL_ENDOFINFO
    assert last.params[0] == "nick"
    assert messages, "Gofto says something about itself"
    for msg in messages:
        assert msg.command == n.RPL_INFO
        assert msg.params[0] == "nick"


@pytest.mark.parametrize("target", ["invalid.server.example", "invalidserver"])
def test_info_no_such_server(connect, target):
    client = _client(connect, "nick")
    _oper(client)
    client.send(f"INFO {target}")
    reply = client.sync()[0]
    assert reply.command == n.ERR_NOSUCHSERVER
    assert reply.params[:2] == ("nick", target)


# -- HELP / HELPOP (help.py) -----------------------------------------------------------------


def _assert_valid_help(messages: list[Message], subject: str | None) -> None:
    """irctest's ``_assertValidHelp``: 704, 705…, 706, each ``nick <subject> :text``."""
    assert messages[0].command == n.RPL_HELPSTART
    assert messages[-1].command == n.RPL_ENDOFHELP
    assert all(m.command == n.RPL_HELPTXT for m in messages[1:-1])
    for msg in messages:
        assert msg.params[0] == "nick"
        assert len(msg.params) == 3
        if subject is not None:
            assert msg.params[1].casefold() == subject.casefold()


@pytest.mark.parametrize("command", ["HELP", "HELPOP"])
def test_help_no_arg(connect, command):
    client = _client(connect, "nick")
    client.send(command)
    _assert_valid_help(client.sync(), None)


@pytest.mark.parametrize("command", ["HELP", "HELPOP"])
def test_help_privmsg(connect, command):
    client = _client(connect, "nick")
    client.send(f"{command} PRIVMSG")
    _assert_valid_help(client.sync(), "PRIVMSG")


@pytest.mark.parametrize("command", ["HELP", "HELPOP"])
def test_help_unknown_subject(connect, command):
    client = _client(connect, "nick")
    client.send(f"{command} THISISNOTACOMMAND")
    (reply,) = client.sync()
    assert reply.command == n.ERR_HELPNOTFOUND
    assert reply.params[0] == "nick"
    assert reply.params[1].casefold() == "thisisnotacommand"


# -- LINKS (links.py) ------------------------------------------------------------------------


def test_links_single_server(connect):
    client = _client(connect, "nick")
    client.send("LINKS")
    messages = [m for m in client.sync() if m.command != "NOTICE"]
    last = messages.pop()
    assert last.command == n.RPL_ENDOFLINKS
    assert last.params[:2] == ("nick", "*")
    # A server that lists links must list itself first with irctest's description; Gofto
    # lists none (it is never linked), which irctest accepts.
    assert messages == []
