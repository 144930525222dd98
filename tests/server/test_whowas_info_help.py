"""WHOWAS, INFO, LINKS and HELP/HELPOP against a real server: replies, errors and bounds."""

from __future__ import annotations

import pytest

from app import __version__
from app.irc import Message
from app.irc import numerics as n
from app.server.handlers import COMMANDS
from app.server.help_texts import HELP_TEXTS
from tests.server.helpers import IrcTestClient, connect_registered


def _leave(client: IrcTestClient) -> None:
    """QUIT and wait until the server closed the socket (it has forgotten the user by then)."""
    client.send("QUIT :bye")
    client.read_until_closed()
    client.close()


def _whowas(asker: IrcTestClient, line: str) -> list[Message]:
    asker.send(line)
    return asker.collect_until(n.RPL_ENDOFWHOWAS)


def _idents(replies: list[Message]) -> list[str]:
    return [m.params[2] for m in replies if m.command == n.RPL_WHOWASUSER]


# -- WHOWAS ----------------------------------------------------------------------------------


def test_whowas_shows_a_user_who_quit_as_whois_showed_them(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    bob = connect_registered(chat_server.address, "bob", user="bobby")
    alice.send("WHOIS bob")
    whois_user = alice.expect(n.RPL_WHOISUSER)
    alice.collect_until(n.RPL_ENDOFWHOIS)
    _leave(bob)

    replies = _whowas(alice, "WHOWAS bob")

    assert [m.command for m in replies] == [
        n.RPL_WHOWASUSER,
        n.RPL_WHOISSERVER,
        n.RPL_ENDOFWHOWAS,
    ]
    user, server, end = replies
    assert user.params == whois_user.params  # nick, user, host, "*", realname, as WHOIS said
    assert user.params == ("alice", "bob", "bobby", "127.0.0.1", "*", "Test user bob")
    assert server.params[:3] == ("alice", "bob", "gofto.local")
    assert "UTC" in server.params[3]  # when the nick was left, for people to read
    assert end.params == ("alice", "bob", "End of WHOWAS")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("WHOWAS bob", ["ident3", "ident2", "ident1"]),
        ("WHOWAS bob 0", ["ident3", "ident2", "ident1"]),
        ("WHOWAS bob -1", ["ident3", "ident2", "ident1"]),
        ("WHOWAS bob 1", ["ident3"]),
        ("WHOWAS bob 2", ["ident3", "ident2"]),
        ("WHOWAS BOB 5", ["ident3", "ident2", "ident1"]),  # nicks compare case-insensitively
        ("WHOWAS bob,alice", ["ident3", "ident2", "ident1"]),  # TARGMAX=WHOWAS:1
    ],
)
def test_whowas_is_newest_first_and_honours_count(chat_server, irc_client, line, expected):
    alice = irc_client(chat_server, "alice")
    for ident in ("ident1", "ident2", "ident3"):
        _leave(connect_registered(chat_server.address, "bob", user=ident))

    assert _idents(_whowas(alice, line)) == expected


def test_whowas_remembers_the_old_nick_of_a_nick_change(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    bob = irc_client(chat_server, "bob")
    bob.send("NICK robert")
    bob.expect("NICK")

    replies = _whowas(alice, "WHOWAS bob")
    assert [m.params[1] for m in replies if m.command == n.RPL_WHOWASUSER] == ["bob"]
    # The new nick is online, not history.
    assert _whowas(alice, "WHOWAS robert")[0].command == n.ERR_WASNOSUCHNICK


def test_whowas_unknown_nick_is_406_then_369(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    irc_client(chat_server, "online")  # being online now is no history either

    for nick in ("nobody", "online"):
        replies = _whowas(alice, f"WHOWAS {nick}")
        assert [m.command for m in replies] == [n.ERR_WASNOSUCHNICK, n.RPL_ENDOFWHOWAS]
        assert replies[0].params == ("alice", nick, "There was no such nickname")


@pytest.mark.parametrize("line", ["WHOWAS", "WHOWAS :", "WHOWAS ,bob"])
def test_whowas_without_a_nick_is_431_then_369(chat_server, irc_client, line):
    alice = irc_client(chat_server, "alice")
    replies = _whowas(alice, line)
    assert [m.command for m in replies] == [n.ERR_NONICKNAMEGIVEN, n.RPL_ENDOFWHOWAS]
    assert replies[1].params == ("alice", "*", "End of WHOWAS")


def test_whowas_does_not_search_wildcards(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    _leave(connect_registered(chat_server.address, "bob"))
    assert _whowas(alice, "WHOWAS b*")[0].command == n.ERR_WASNOSUCHNICK


def test_whowas_history_is_bounded(make_chat_server, irc_client):
    server = make_chat_server(flood_limit=False)
    alice = irc_client(server, "alice")
    limit = server.hub.whowas.limit
    # ``limit + 1`` nick changes leave ``limit + 1`` entries: the oldest (alice) is forgotten.
    alice.send_raw(b"".join(f"NICK n{i}\r\n".encode() for i in range(limit + 1)))
    alice.expect(lambda m: m.command == "NICK" and m.params[0] == f"n{limit}")

    assert _whowas(alice, "WHOWAS alice")[0].command == n.ERR_WASNOSUCHNICK
    assert _idents(_whowas(alice, "WHOWAS n0")) == ["tester"]
    with server.hub.transaction():
        assert len(server.hub.whowas) == limit


# -- INFO ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["INFO", "INFO gofto.local", "INFO GOFTO.*", "INFO *local", "INFO bob"]
)
def test_info_describes_the_software(chat_server, irc_client, line):
    alice = irc_client(chat_server, "alice")
    irc_client(chat_server, "bob")
    alice.send(line)
    replies = alice.collect_until(n.RPL_ENDOFINFO)

    assert {m.command for m in replies[:-1]} == {n.RPL_INFO}
    assert all(m.params[0] == "alice" for m in replies)
    text = "\n".join(m.params[-1] for m in replies[:-1])
    assert f"Gofto {__version__}" in text
    assert "IRC" in text
    assert replies[-1].params == ("alice", "End of INFO list")


@pytest.mark.parametrize("target", ["invalid.server.example", "nobody", "*.example"])
def test_info_about_another_server_is_402(chat_server, irc_client, target):
    alice = irc_client(chat_server, "alice")
    alice.send(f"INFO {target}")
    reply = alice.expect(lambda m: m.command[0].isdigit())
    assert reply.command == n.ERR_NOSUCHSERVER
    assert reply.params == ("alice", target, "No such server")


# -- LINKS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "mask"), [("LINKS", "*"), ("LINKS *.local", "*.local")])
def test_links_lists_no_other_server(chat_server, irc_client, line, mask):
    alice = irc_client(chat_server, "alice")
    alice.send(line)
    (end,) = alice.collect_until(n.RPL_ENDOFLINKS)
    assert end.params == ("alice", mask, "End of /LINKS list")


# -- HELP / HELPOP ---------------------------------------------------------------------------


def test_every_command_has_help_and_every_help_a_command():
    assert set(HELP_TEXTS) == set(COMMANDS)
    for command, lines in HELP_TEXTS.items():
        assert lines[0].split()[0] in {command, "@<tags>"}, "the first line is the usage"
        assert all(0 < len(line) <= 100 for line in lines), command


@pytest.mark.parametrize("command", ["HELP", "HELPOP", "help"])
def test_help_without_a_subject_lists_every_command(chat_server, irc_client, command):
    alice = irc_client(chat_server, "alice")
    alice.send(command)
    replies = alice.collect_until(n.RPL_ENDOFHELP)

    assert replies[0].command == n.RPL_HELPSTART
    assert {m.command for m in replies[1:-1]} == {n.RPL_HELPTXT}
    assert all(m.params[:2] == ("alice", "*") for m in replies)
    listed = {word for m in replies[1:-1] for word in m.params[-1].split()}
    assert set(COMMANDS) <= listed


@pytest.mark.parametrize("command", ["HELP", "HELPOP"])
@pytest.mark.parametrize("subject", ["PRIVMSG", "privmsg", "Whowas", "KILL", "OPER", "PASSWORD"])
def test_help_on_a_command_explains_it(chat_server, irc_client, command, subject):
    alice = irc_client(chat_server, "alice")
    alice.send(f"{command} {subject}")
    replies = alice.collect_until(n.RPL_ENDOFHELP)

    expected = HELP_TEXTS[subject.upper()]
    assert [m.command for m in replies] == [
        n.RPL_HELPSTART,
        *[n.RPL_HELPTXT] * (len(expected) - 1),
        n.RPL_ENDOFHELP,
    ]
    assert all(m.params[:2] == ("alice", subject.upper()) for m in replies)
    assert [m.params[-1] for m in replies[:-1]] == list(expected)


@pytest.mark.parametrize("command", ["HELP", "HELPOP"])
def test_help_on_an_unknown_subject_is_524(chat_server, irc_client, command):
    alice = irc_client(chat_server, "alice")
    alice.send(f"{command} THISISNOTACOMMAND")
    (reply,) = alice.sync()
    assert reply.command == n.ERR_HELPNOTFOUND
    assert reply.params == ("alice", "THISISNOTACOMMAND", "No help available on this topic")
