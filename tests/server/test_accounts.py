"""Accounts on a real server: SASL EXTERNAL (client certificates) and PLAIN, REGISTER,
nickname ownership across disconnects and restarts, RELEASE, and what others see
(account-tag, extended-join, account-notify, 330)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.irc import numerics as n
from app.server.handlers.accounts import NICK_OWNED
from app.server.server import ChatServer
from tests.server.accounts_helpers import (
    connect_tls,
    make_identity,
    plain_response,
    sasl_register,
)
from tests.server.helpers import IrcTestClient, command_is

PASSWORD = "correct horse battery"


@pytest.fixture
def identities(tmp_path):
    return make_identity(tmp_path, "reza"), make_identity(tmp_path, "other")


@pytest.fixture
def tls_server(make_chat_server, server_tls):
    return make_chat_server(tls=server_tls)


def _register_account(server, irc_client, nick: str, password: str = PASSWORD) -> IrcTestClient:
    client = irc_client(server, nick)
    client.send(f"REGISTER * * :{password}")
    done = client.expect("REGISTER")
    assert done.params[:2] == ("SUCCESS", nick)
    assert client.expect("900").params[2] == nick
    return client


def test_caps_advertise_sasl_mechanisms_and_registration(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    offered = client.expect("CAP").params[-1].split()
    assert "sasl=EXTERNAL,PLAIN" in offered
    assert "draft/account-registration=before-connect" in offered
    for cap in ("account-tag", "account-notify", "extended-join"):
        assert cap in offered


def test_sasl_external_logs_a_certificate_in_and_binds_the_nick(tls_server, identities):
    reza, other = identities
    first = connect_tls(tls_server.address, reza)
    try:
        exchange, welcome = sasl_register(first, "reza", "EXTERNAL")
        codes = [m.command for m in exchange]
        assert codes[-2:] == ["900", "903"]
        assert exchange[-2].params[2] == "reza"
        assert welcome[0].command == "001"
    finally:
        first.close()
    # Another key cannot take the name, even though its owner is gone.
    thief = connect_tls(tls_server.address, other)
    try:
        thief.send("NICK reza")
        thief.send("USER x 0 * :x")
        refused = thief.expect(n.ERR_NICKNAMEINUSE)
        assert refused.params[1:] == ("reza", NICK_OWNED)
        thief.send("NICK guest")
        thief.expect("001")  # a free name works as before
    finally:
        thief.close()
    # The owner's key gets it back, logged in without asking (CertFP).
    again = connect_tls(tls_server.address, reza)
    try:
        lines = again.register("reza")
        assert any(m.command == "900" and m.params[2] == "reza" for m in lines)
    finally:
        again.close()


def test_sasl_external_without_a_certificate_fails(tls_server):
    client = connect_tls(tls_server.address, None)
    try:
        exchange, welcome = sasl_register(client, "nocert", "EXTERNAL")
        assert exchange[-1].command == "904"
        assert welcome[0].command == "001"  # still chats, with an unowned name
    finally:
        client.close()


def test_ownership_survives_a_restart(tmp_path, server_tls, identities, irc_client):
    path = tmp_path / "host.sqlite3"
    reza, other = identities
    with ChatServer(tls=server_tls, history_path=path) as first:
        client = connect_tls(first.address, reza)
        try:
            client.register("reza")
        finally:
            client.close()
        plain = irc_client(first, "alice")
        plain.send(f"REGISTER * * :{PASSWORD}")
        plain.expect("REGISTER")
        plain.sync()
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT name, password FROM accounts ORDER BY name").fetchall()
    assert [name for name, _ in rows] == ["alice", "reza"]
    stored = dict(rows)["alice"]
    assert stored.startswith("scrypt$") and PASSWORD not in stored  # salted hash only
    assert dict(rows)["reza"] is None  # a key, no password
    with ChatServer(tls=server_tls, history_path=path) as second:
        thief = connect_tls(second.address, other)
        try:
            thief.send("NICK reza")
            thief.send("USER x 0 * :x")
            assert thief.expect(n.ERR_NICKNAMEINUSE).params[-1] == NICK_OWNED
        finally:
            thief.close()
        guest = IrcTestClient.connect(second.address)
        try:
            guest.send("NICK alice")
            guest.send("USER x 0 * :x")
            assert guest.expect(n.ERR_NICKNAMEINUSE).params[-1] == NICK_OWNED
        finally:
            guest.close()
        owner = IrcTestClient.connect(second.address)
        try:
            exchange, welcome = sasl_register(
                owner, "alice", "PLAIN", plain_response("alice", PASSWORD)
            )
            assert [m.command for m in exchange][-2:] == ["900", "903"]
            assert welcome[0].command == "001"
        finally:
            owner.close()


def test_sasl_plain_with_a_wrong_password_fails(chat_server, irc_client):
    _register_account(chat_server, irc_client, "alice")
    client = irc_client(chat_server)
    exchange, welcome = sasl_register(
        client, "alice2", "PLAIN", plain_response("alice", "wrong one")
    )
    assert exchange[-1].command == "904"
    assert welcome[0].command == "001"


def test_sasl_cannot_act_as_someone_else(chat_server, irc_client):
    _register_account(chat_server, irc_client, "alice")
    _register_account(chat_server, irc_client, "mallory")
    import base64

    forged = base64.b64encode(f"alice\0mallory\0{PASSWORD}".encode()).decode()
    client = irc_client(chat_server)
    exchange, _ = sasl_register(client, "m2", "PLAIN", forged)
    assert exchange[-1].command == "904"


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["AUTHENTICATE FOO"], "908"),
        (["AUTHENTICATE PLAIN", "AUTHENTICATE *"], "906"),
        (["AUTHENTICATE PLAIN", "AUTHENTICATE !!!notbase64"], "904"),
        (["AUTHENTICATE PLAIN", "AUTHENTICATE " + "A" * 401], "905"),
        (["AUTHENTICATE PLAIN", *["AUTHENTICATE " + "A" * 400] * 11], "904"),
    ],
)
def test_sasl_errors(chat_server, irc_client, lines, code):
    client = irc_client(chat_server)
    client.send("CAP REQ sasl")
    client.expect("CAP")
    for line in lines:
        client.send(line)
    assert client.expect(command_is("904", "905", "906", "908")).command == code


def test_authenticate_needs_the_cap_and_only_once(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("AUTHENTICATE PLAIN")
    assert client.expect(n.ERR_UNKNOWNCOMMAND).params[1] == "AUTHENTICATE"
    first = _register_account(chat_server, irc_client, "alice")
    first.send("QUIT")
    first.read_until_closed()
    again = irc_client(chat_server)
    sasl_register(again, "alice", "PLAIN", plain_response("alice", PASSWORD))
    again.send("AUTHENTICATE PLAIN")
    assert again.expect("907")


def test_registration_finishing_mid_sasl_aborts_it(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP REQ sasl")
    client.expect("CAP")
    client.send("NICK mid")
    client.send("USER x 0 * :x")
    client.send("AUTHENTICATE PLAIN")
    client.expect("AUTHENTICATE")
    client.send("CAP END")
    lines = client.collect_until(command_is("001"))
    assert "906" in [m.command for m in lines]


@pytest.mark.parametrize(
    ("register", "code"),
    [
        ("REGISTER * * :", "WEAK_PASSWORD"),
        ("REGISTER someoneelse * :long enough password", "ACCOUNT_NAME_MUST_BE_NICK"),
    ],
)
def test_register_refusals(chat_server, irc_client, register, code):
    client = irc_client(chat_server, "newbie")
    client.send(register)
    fail = client.expect("FAIL")
    assert fail.params[:2] == ("REGISTER", code)


def test_register_an_existing_name_or_twice(chat_server, irc_client):
    alice = _register_account(chat_server, irc_client, "alice")
    alice.send(f"REGISTER * * :{PASSWORD}")
    assert alice.expect("FAIL").params[:3] == ("REGISTER", "ALREADY_AUTHENTICATED", "alice")
    alice.send("QUIT")
    alice.read_until_closed()
    guest = irc_client(chat_server)
    guest.send("NICK alice")
    guest.send("USER x 0 * :x")
    assert guest.expect(n.ERR_NICKNAMEINUSE).params[-1] == NICK_OWNED
    guest.send("NICK bob")
    guest.expect("001")
    guest.send("NICK alice")  # a registered client cannot switch to it either
    assert guest.expect(n.ERR_NICKNAMEINUSE).params[1:] == ("alice", NICK_OWNED)


def test_register_before_connecting(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    client.send("NICK early")
    client.send(f"REGISTER * * :{PASSWORD}")
    assert client.expect("REGISTER").params[:2] == ("SUCCESS", "early")
    client.send("USER x 0 * :x")
    client.send("CAP END")
    client.expect("001")


def test_release_frees_a_name_for_the_host_only(make_chat_server, irc_client):
    server = make_chat_server(operator_password="hostsecret")
    alice = _register_account(server, irc_client, "alice")
    guest = irc_client(server, "guest")
    guest.send("RELEASE alice")
    assert guest.expect(n.ERR_NOPRIVILEGES)
    host = irc_client(server, "host")
    host.send("OPER host hostsecret")
    host.expect(n.RPL_YOUREOPER)
    host.send("RELEASE alice")
    assert "free" in host.expect("NOTICE").params[-1]
    host.send("RELEASE nobodyowns")
    assert "not owned" in host.expect("NOTICE").params[-1]
    # The name is anyone's now (its old account may log in but no longer owns it).
    alice.send("QUIT")
    alice.read_until_closed()
    late = irc_client(server)
    late.send("NICK alice")
    late.send("USER x 0 * :x")
    late.expect("001")


def test_others_see_the_account(chat_server, irc_client):
    watcher = irc_client(
        chat_server,
        "watcher",
        caps=["account-tag", "extended-join", "account-notify", "message-tags"],
    )
    watcher.join("#room")
    alice = _register_account(chat_server, irc_client, "alice")
    alice.join("#room")
    joined = watcher.expect("JOIN")
    assert joined.params == ("#room", "alice", "Test user alice")
    alice.send("PRIVMSG #room :hello")
    said = watcher.expect("PRIVMSG")
    assert said.tags["account"] == "alice"
    guest = irc_client(chat_server, "guest")
    guest.join("#room")
    assert watcher.expect("JOIN").params == ("#room", "*", "Test user guest")
    guest.send(f"REGISTER * * :{PASSWORD}")
    notified = watcher.expect("ACCOUNT")
    assert notified.source.startswith("guest!") and notified.params == ("guest",)
    watcher.send("WHOIS alice")
    whois = watcher.collect_until(command_is(n.RPL_ENDOFWHOIS))
    (account,) = [m for m in whois if m.command == "330"]
    assert account.params[1:] == ("alice", "alice", "is logged in as")
    watcher.send("WHOIS watcher")
    assert "330" not in [m.command for m in watcher.collect_until(command_is(n.RPL_ENDOFWHOIS))]
