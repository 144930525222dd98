"""Registration against a real server: welcome burst, ISUPPORT, CAP, PASS, nick rules."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from app.irc.isupport import parse_isupport
from tests.server.helpers import IrcTestClient, ServerClosed, command_is


def test_welcome_burst_in_order(chat_server, irc_client):
    client = irc_client(chat_server)
    lines = client.register("alice")
    commands = [m.command for m in lines]
    for code in ("001", "002", "003", "004", "005", "251", "255", "375", "372", "376"):
        assert code in commands
    assert commands.index("001") < commands.index("005") < commands.index("375")
    assert lines[0].params[0] == "alice"
    assert "alice!tester@127.0.0.1" in lines[0].params[-1]
    motd = " ".join(m.params[-1] for m in lines if m.command == n.RPL_MOTD)
    assert "#lobby" in motd


def test_isupport_is_honest(chat_server, irc_client):
    lines = irc_client(chat_server).register("alice")
    tokens = parse_isupport(t for m in lines if m.command == "005" for t in m.params[1:-1])
    assert tokens["CASEMAPPING"] == "rfc8265"
    assert tokens["CHANTYPES"] == "#&"
    assert tokens["PREFIX"] == "(ov)@+"
    assert tokens["NETWORK"] == "Gofto"
    assert "UTF8ONLY" in tokens
    assert tokens["CHANMODES"] == "beI,k,l,imnst"
    for key in ("NICKLEN", "CHANNELLEN", "TOPICLEN", "AWAYLEN", "KICKLEN", "TARGMAX"):
        assert key in tokens
    assert all(len(m.params) <= 15 for m in lines if m.command == "005")


def test_room_and_network_options_reach_clients(make_chat_server, irc_client):
    server = make_chat_server(room="#garden", network="Home", name="home.local")
    lines = irc_client(server).register("alice")
    assert lines[0].source == "home.local"
    assert "Home" in lines[0].params[-1]
    assert "#garden" in " ".join(m.params[-1] for m in lines if m.command == "372")


def test_no_motd_gives_422(make_chat_server, irc_client):
    server = make_chat_server(motd="")
    lines = irc_client(server).register("alice")
    assert lines[-1].command == n.ERR_NOMOTD


def test_cap_negotiation_holds_registration_until_end(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    client.send("NICK alice")
    client.send("USER a 0 * :A")
    ls = client.expect("CAP")
    assert ls.params[1] == "LS"
    offered = set(ls.params[-1].split())
    assert {"server-time", "message-tags", "echo-message", "multi-prefix", "away-notify"} <= offered
    client.send("CAP REQ :multi-prefix away-notify")
    ack = client.expect("CAP")
    assert ack.params[1:] == ("ACK", "multi-prefix away-notify")
    client.send("CAP REQ :multi-prefix bogus-cap")
    nak = client.expect("CAP")
    assert nak.params[1:] == ("NAK", "multi-prefix bogus-cap")
    client.send("CAP LIST")
    listed = client.expect("CAP")
    assert set(listed.params[-1].split()) == {"multi-prefix", "away-notify"}
    # Nothing registered yet: a PING round trip shows no 001 arrived.
    assert not any(m.command == "001" for m in client.sync())
    client.send("CAP END")
    client.expect("001")
    client.send("CAP REQ :-away-notify")
    assert client.expect("CAP").params[1:] == ("ACK", "-away-notify")


def test_unknown_cap_subcommand(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP FROB")
    assert client.expect("410").params[1] == "FROB"


def test_password_accepted(make_chat_server, irc_client):
    server = make_chat_server(password="sesame")
    lines = irc_client(server).register("alice", password="sesame")
    assert lines[0].command == "001"


@pytest.mark.parametrize("password", [None, "wrong", "sesame ", "sésame"])
def test_password_refused(make_chat_server, password):
    server = make_chat_server(password="sesame")
    with IrcTestClient.connect(server.address) as client:
        if password is not None:
            client.send(f"PASS :{password}")
        client.send("NICK alice")
        client.send("USER a 0 * :A")
        rest = client.read_until_closed()
        commands = [m.command for m in rest]
        assert n.ERR_PASSWDMISMATCH in commands
        assert commands[-1] == "ERROR"
        assert "001" not in commands


def test_nick_in_use_and_case_folding(chat_server, irc_client):
    irc_client(chat_server, "Alice")
    second = irc_client(chat_server)
    second.send("NICK ALICE")
    second.send("USER b 0 * :B")
    assert second.expect("433").params[:2] == ("*", "ALICE")
    second.send("NICK alice2")
    second.expect("001")


def test_persian_nicks_fold_and_clash(chat_server, irc_client):
    irc_client(chat_server, "مریم")
    other = irc_client(chat_server)
    other.send("NICK مریم")
    other.send("USER b 0 * :B")
    other.expect("433")
    other.send("NICK سارا")
    assert other.expect("001").params[0] == "سارا"


@pytest.mark.parametrize(
    ("line", "numeric"),
    [
        ("NICK", n.ERR_NONICKNAMEGIVEN),
        ("NICK :", n.ERR_NONICKNAMEGIVEN),
        ("NICK #chan", n.ERR_ERRONEUSNICKNAME),
        ("NICK 9lives", n.ERR_ERRONEUSNICKNAME),
        ("NICK a!b", n.ERR_ERRONEUSNICKNAME),
        ("NICK :a b", n.ERR_ERRONEUSNICKNAME),
        ("NICK " + "x" * 31, n.ERR_ERRONEUSNICKNAME),
        ("USER onlyone", n.ERR_NEEDMOREPARAMS),
        ("JOIN #lobby", n.ERR_NOTREGISTERED),
        ("PRIVMSG x :hi", n.ERR_NOTREGISTERED),
    ],
)
def test_bad_registration_lines(chat_server, irc_client, line, numeric):
    client = irc_client(chat_server)
    client.send(line)
    reply = client.expect(lambda m: m.command[0].isdigit())
    assert reply.command == numeric
    assert reply.params[0] == "*"


def test_already_registered(chat_server, irc_client):
    client = irc_client(chat_server, "alice")
    client.send("USER again 0 * :x")
    client.expect(n.ERR_ALREADYREGISTERED)
    client.send("PASS x")
    client.expect(n.ERR_ALREADYREGISTERED)


def test_registration_timeout_closes_silent_connection(make_chat_server):
    server = make_chat_server(registration_timeout=0.3)
    with IrcTestClient.connect(server.address) as client:
        client.send("NICK lurker")
        rest = client.read_until_closed(timeout=5)
        assert rest[-1].command == "ERROR"
        assert "Registration timed out" in rest[-1].params[0]


def test_ping_timeout_drops_silent_client(make_chat_server, irc_client):
    server = make_chat_server(ping_interval=0.2, ping_timeout=0.3)
    watcher = irc_client(server, "watcher")
    watcher.join("#lobby")
    silent = IrcTestClient.connect(server.address)
    try:
        silent.register("silent")
        silent.join("#lobby")
        # `silent` stops reading, so it never answers the server's PING.
        quit_msg = watcher.expect(lambda m: m.command == "QUIT", timeout=5)
        assert quit_msg.source.startswith("silent!")
        assert quit_msg.params[0].startswith("Ping timeout")
    finally:
        silent.close()


def test_server_pings_and_client_that_answers_stays(make_chat_server, irc_client):
    server = make_chat_server(ping_interval=0.2, ping_timeout=1.0)
    client = irc_client(server, "alive")
    ping = client.expect("PING", timeout=5)  # read() answers it with PONG
    assert ping.params[0] == "gofto.local"
    client.expect("PING", timeout=5)  # still connected: a second ping came
    client.send("PING :still-here")
    client.expect(lambda m: m.command == "PONG" and m.params[-1] == "still-here")


def test_quit_before_registration(chat_server):
    with IrcTestClient.connect(chat_server.address) as client:
        client.send("QUIT :bye")
        rest = client.read_until_closed()
        assert [m.command for m in rest] == ["ERROR"]


def test_server_closed_is_reported(chat_server):
    with IrcTestClient.connect(chat_server.address) as client:
        client.send("QUIT")
        client.expect("ERROR")
        with pytest.raises(ServerClosed):
            client.expect(command_is("001"))
