"""KILL, WALLOPS and user mode ``w`` against a real server: the host's powers, refused to guests."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from tests.server.helpers import IrcTestClient

SECRET = "sesame"


@pytest.fixture
def server(make_chat_server):
    """A server with an operator secret (so ``OPER host sesame`` makes a client the host)."""
    return make_chat_server(operator_password=SECRET, name="chat.example")


def _oper(client: IrcTestClient) -> None:
    client.send(f"OPER host {SECRET}")
    client.expect(n.RPL_YOUREOPER)
    client.sync()


def _first_numeric(client: IrcTestClient) -> tuple[str, ...]:
    reply = client.expect(lambda m: m.command[0].isdigit())
    return (reply.command, *reply.params)


# -- KILL ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["KILL bob :go away", "KILL bob", "KILL alice :me"])
def test_kill_is_refused_to_guests(server, irc_client, line):
    alice = irc_client(server, "alice")
    bob = irc_client(server, "bob")
    alice.send(line)
    assert _first_numeric(alice) == (
        n.ERR_NOPRIVILEGES,
        "alice",
        "Permission Denied- You're not an IRC operator",
    )
    # Nobody was disconnected.
    assert bob.sync() == []
    assert alice.sync() == []


def test_kill_disconnects_and_the_channel_sees_why(server, irc_client):
    boss = irc_client(server, "boss")
    bob = irc_client(server, "bob")
    carol = irc_client(server, "carol")
    for client in (boss, bob, carol):
        client.join("#room")
    for client in (boss, bob, carol):
        client.sync()
    _oper(boss)
    carol.sync()  # the host's +o in #room

    boss.send("KILL bob :spamming the room")

    rest = bob.read_until_closed()
    assert [m.command for m in rest] == ["KILL", "ERROR"]
    assert rest[0].source.startswith("boss!")
    assert rest[0].params == ("bob", "spamming the room")
    assert rest[1].params == ("Closing link: 127.0.0.1 (Killed (boss (spamming the room)))",)
    quit_ = carol.expect("QUIT")
    assert quit_.source == "bob!tester@127.0.0.1"
    assert quit_.params == ("Killed (boss (spamming the room))",)
    # bob is gone: his nick is free and WHOWAS remembers him.
    carol.send("WHOIS bob")
    assert carol.collect_until(n.RPL_ENDOFWHOIS)[0].command == n.ERR_NOSUCHNICK
    carol.send("WHOWAS bob")
    assert carol.collect_until(n.RPL_ENDOFWHOWAS)[0].command == n.RPL_WHOWASUSER


def test_kill_without_a_comment(server, irc_client):
    boss = irc_client(server, "boss")
    bob = irc_client(server, "bob")
    _oper(boss)
    boss.send("KILL bob")
    rest = bob.read_until_closed()
    assert rest[-1].command == "ERROR"
    assert "Killed (boss (No reason given))" in rest[-1].params[0]


def test_the_host_may_kill_itself(server, irc_client):
    boss = irc_client(server, "boss")
    _oper(boss)
    boss.send("KILL boss :bye")
    assert [m.command for m in boss.read_until_closed()] == ["KILL", "ERROR"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("nobody", (n.ERR_NOSUCHNICK, "boss", "nobody", "No such nick/channel")),
        ("CHAT.example", (n.ERR_CANTKILLSERVER, "boss", "You cant kill a server!")),
    ],
)
def test_kill_of_nobody_or_the_server_is_an_error(server, irc_client, target, expected):
    boss = irc_client(server, "boss")
    _oper(boss)
    boss.send(f"KILL {target} :why")
    assert _first_numeric(boss) == expected


def test_kill_needs_a_nick(server, irc_client):
    boss = irc_client(server, "boss")
    _oper(boss)
    boss.send("KILL")
    assert _first_numeric(boss)[0] == n.ERR_NEEDMOREPARAMS


# -- user mode w and WALLOPS -----------------------------------------------------------------


def test_user_mode_w_is_advertised_and_self_set(server, irc_client):
    client = irc_client(server)
    (myinfo,) = [m for m in client.register("alice") if m.command == n.RPL_MYINFO]
    assert myinfo.params[3] == "Biow"
    client.send("MODE alice +w")
    assert client.expect("MODE").params == ("alice", "+w")
    client.send("MODE alice")
    assert client.expect(n.RPL_UMODEIS).params[1] == "+w"
    client.send("MODE alice -w")
    assert client.expect("MODE").params == ("alice", "-w")


def test_wallops_reaches_only_users_with_w(server, irc_client):
    boss = irc_client(server, "boss")
    reader = irc_client(server, "reader")
    quitter = irc_client(server, "quitter")
    other = irc_client(server, "other")
    for client, modes in ((reader, "+w"), (quitter, "+w"), (boss, "+w")):
        client.send(f"MODE {client.nick} {modes}")
        client.expect("MODE")
    quitter.send(f"MODE {quitter.nick} -w")  # changed its mind
    quitter.expect("MODE")
    _oper(boss)

    boss.send("WALLOPS :server restarts at noon")

    # boss first: once its PONG is back the WALLOPS was handled, so the others' syncs follow it.
    for client in (boss, reader):  # the sender has +w, so it gets its own WALLOPS too
        got = client.sync()
        assert [(m.source, m.command, m.params) for m in got] == [
            ("boss!tester@127.0.0.1", "WALLOPS", ("server restarts at noon",))
        ]
    assert quitter.sync() == []
    assert other.sync() == []


def test_wallops_from_a_host_without_w_is_not_echoed(server, irc_client):
    boss = irc_client(server, "boss")
    reader = irc_client(server, "reader")
    reader.send("MODE reader +w")
    reader.expect("MODE")
    _oper(boss)
    boss.send("WALLOPS :hello")
    assert reader.expect("WALLOPS").params == ("hello",)
    assert boss.sync() == []


@pytest.mark.parametrize(
    ("line", "code"),
    [("WALLOPS :hi", n.ERR_NOPRIVILEGES), ("WALLOPS", n.ERR_NEEDMOREPARAMS)],
)
def test_wallops_is_refused_to_guests(server, irc_client, line, code):
    alice = irc_client(server, "alice")
    reader = irc_client(server, "reader")
    reader.send("MODE reader +w")
    reader.expect("MODE")
    alice.send(line)
    assert _first_numeric(alice)[0] == code
    assert reader.sync() == []


def test_wallops_needs_text_from_the_host(server, irc_client):
    boss = irc_client(server, "boss")
    _oper(boss)
    boss.send("WALLOPS :")
    assert _first_numeric(boss)[:2] == (n.ERR_NEEDMOREPARAMS, "boss")
