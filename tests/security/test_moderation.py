"""The host is the room's operator; kicks, bans and the room password, over real sockets.

Every reply checked here is the standard numeric (modern.ircdocs.horse) so that any IRC client
sees moderation the same way Gofto's own does.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient, connect_registered

SECRET = "host-secret-for-tests"
ROOM = "#lobby"


@pytest.fixture
def hosted(make_chat_server: Callable[..., ChatServer]) -> ChatServer:
    """A server with a host secret, as the Qt app's HostedServer starts it."""
    return make_chat_server(operator_password=SECRET, flood_limit=False)


@pytest.fixture
def room(hosted: ChatServer, irc_client: Callable[..., IrcTestClient]):
    """A guest who arrived first, then the host (identified), both in the room."""
    guest = irc_client(hosted, "guest")
    guest.join(ROOM)
    host = irc_client(hosted, "host")
    host.send(f"OPER host {SECRET}")
    host.expect("381")
    host.join(ROOM)
    guest.expect("JOIN")
    return host, guest


def _names(client: IrcTestClient) -> str:
    client.send(f"NAMES {ROOM}")
    return client.expect("353").params[-1]


def test_host_is_operator_even_when_a_guest_created_the_room(room):
    _host, guest = room
    names = _names(guest).split()
    assert "@host" in names
    assert "guest" in names  # the guest who created the room is no operator of it


def test_oper_while_inside_makes_the_host_op_there(hosted, irc_client):
    guest = irc_client(hosted, "guest")
    guest.join("#side")
    host = irc_client(hosted, "host")
    host.join("#side")
    guest.expect("JOIN")
    host.send(f"OPER host {SECRET}")
    host.expect("381")
    mode = guest.expect("MODE")
    assert mode.params == ("#side", "+o", "host")


def test_a_guest_creating_another_room_is_its_operator(hosted, irc_client):
    guest = irc_client(hosted, "guest")
    names = [m for m in guest.join("#guests") if m.command == "353"]
    assert "@guest" in names[0].params[-1].split()


def test_wrong_oper_secret_is_refused(hosted, irc_client):
    guest = irc_client(hosted, "guest")
    guest.send("OPER host nope")
    assert guest.expect(lambda m: m.command in {"381", "464"}).command == "464"
    guest.send("MODE guest")
    assert "o" not in guest.expect("221").params[-1]


def test_without_a_host_secret_oper_has_no_host(chat_server, irc_client):
    client = irc_client(chat_server, "someone")
    client.send("OPER host anything")
    assert client.expect(lambda m: m.command in {"381", "464", "491"}).command == "491"


def test_host_kicks_with_a_reason(room):
    host, guest = room
    host.send(f"KICK {ROOM} guest :behave")
    kick = guest.expect("KICK")
    assert kick.source is not None and kick.source.startswith("host!")
    assert kick.params == (ROOM, "guest", "behave")
    assert host.expect("KICK").params[1] == "guest"


@pytest.mark.parametrize(
    ("line", "numeric"),
    [
        (f"KICK {ROOM} host :bye", "482"),  # not an operator
        (f"MODE {ROOM} +b host!*@*", "482"),
        (f"MODE {ROOM} -o host", "482"),
        (f"TOPIC {ROOM} :mine now", "482"),  # +t is on by default
        ("PASSWORD stolen", "481"),
    ],
)
def test_a_guest_cannot_moderate(room, line, numeric):
    _host, guest = room
    guest.send(line)
    reply = guest.expect(lambda m: m.command in {numeric, "KICK", "MODE", "TOPIC", "NOTICE"})
    assert reply.command == numeric
    assert "@host" in _names(guest).split()


def test_kicking_someone_not_in_the_room_is_441(room, hosted, irc_client):
    host, _guest = room
    irc_client(hosted, "outsider")
    host.send(f"KICK {ROOM} outsider")
    assert host.expect(lambda m: m.command in {"441", "KICK"}).command == "441"


def test_ban_keeps_out_and_silences(room, hosted, irc_client):
    host, guest = room
    host.send(f"MODE {ROOM} +b guest!*@*")
    assert guest.expect("MODE").params == (ROOM, "+b", "guest!*@*")
    guest.send(f"PRIVMSG {ROOM} :can I still talk?")
    assert guest.expect(lambda m: m.command in {"404", "PRIVMSG"}).command == "404"
    host.send(f"KICK {ROOM} guest")
    guest.expect("KICK")
    guest.send(f"JOIN {ROOM}")
    assert guest.expect(lambda m: m.command in {"474", "JOIN"}).command == "474"
    host.send(f"MODE {ROOM} b")
    bans = host.collect_until("368")
    assert [m.params[2] for m in bans if m.command == "367"] == ["guest!*@*"]
    host.send(f"MODE {ROOM} -b guest!*@*")
    host.expect("MODE")
    guest.join(ROOM)


def test_ban_by_address_catches_a_new_nick(room):
    host, guest = room
    host.send(f"MODE {ROOM} +b *!*@127.0.0.1")
    host.expect("MODE")
    host.send(f"KICK {ROOM} guest")
    guest.expect("KICK")
    guest.send("NICK someone_else")
    guest.expect("NICK")
    guest.send(f"JOIN {ROOM}")
    assert guest.expect(lambda m: m.command in {"474", "JOIN"}).command == "474"
    # The host, from the same address, is never kept out of its own room.
    host.send(f"PART {ROOM}")
    host.expect("PART")
    host.join(ROOM)


def test_host_changes_the_room_password(hosted, irc_client):
    host = irc_client(hosted, "host")
    host.send(f"OPER host {SECRET}")
    host.expect("381")
    host.send("PASSWORD :open sesame")
    assert "changed" in host.expect("NOTICE").params[-1]
    with IrcTestClient.connect(hosted.address) as late:
        late.send("NICK late")
        late.send("USER late 0 * :Late")
        assert late.expect(lambda m: m.command in {"001", "464"}).command == "464"
    connect_registered(hosted.address, "newcomer", password="open sesame").close()
    host.send("PASSWORD :")
    assert "no password" in host.expect("NOTICE").params[-1]
    connect_registered(hosted.address, "anyone").close()


@pytest.mark.parametrize("line", [f"KICK {ROOM} host :coup", f"MODE {ROOM} -o host"])
def test_an_operator_guest_cannot_remove_the_host(room, line):
    host, guest = room
    host.send(f"MODE {ROOM} +o guest")
    guest.expect(lambda m: m.command == "MODE" and m.params[1:] == ("+o", "guest"))
    guest.send(line)
    assert guest.expect(lambda m: m.command in {"482", "KICK", "MODE"}).command == "482"
    assert "@host" in _names(guest).split()


def test_myinfo_lists_the_operator_user_mode(hosted):
    with IrcTestClient.connect(hosted.address) as client:
        (myinfo,) = [m for m in client.register("late") if m.command == "004"]
    assert set(myinfo.params[3]) == {"B", "i", "o", "w"}  # <available user modes>


def test_whois_says_who_is_the_host(room):
    _host, guest = room
    guest.send("WHOIS host")
    replies = guest.collect_until(lambda m: m.command == "318")
    (oper,) = [m for m in replies if m.command == "313"]
    assert oper.params[:2] == ("guest", "host")
    assert "operator" in oper.params[-1]
    guest.send("WHOIS guest")
    assert all(m.command != "313" for m in guest.collect_until(lambda m: m.command == "318"))


def test_lusers_counts_the_host_as_an_operator(hosted, irc_client):
    guest = irc_client(hosted, "guest")
    guest.send("LUSERS")
    assert guest.expect("252").params[1] == "0"
    host = irc_client(hosted, "host")
    host.send(f"OPER host {SECRET}")
    host.expect("381")
    guest.send("LUSERS")
    assert guest.expect("252").params[1:] == ("1", "operator(s) online")


def test_userhost_and_who_mark_the_host(room):
    _host, guest = room
    guest.send("USERHOST host guest")
    found = guest.expect("302").params[-1].split()
    assert found[0].startswith("host*=+") and found[1].startswith("guest=+")
    guest.send("WHO host")
    assert "*" in guest.expect("352").params[6]


def test_user_mode_o_comes_only_from_oper(hosted, irc_client):
    guest = irc_client(hosted, "guest")
    guest.send("MODE guest +o")
    guest.send("MODE guest")
    assert guest.expect("221").params[-1] == "+"
    guest.send("LUSERS")
    assert guest.expect("252").params[1] == "0"


def test_the_host_may_give_up_operator_status(room):
    host, _guest = room
    host.send("MODE host -o")
    assert host.expect("MODE").params == ("host", "-o")
    host.send("WHOIS host")
    assert all(m.command != "313" for m in host.collect_until(lambda m: m.command == "318"))
