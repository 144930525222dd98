"""Every kind of bad input gets a protocol-correct answer and leaves the server healthy."""

from __future__ import annotations

import random

import pytest

from app.irc import MAX_BODY_BYTES, MAX_LINE_BYTES
from app.irc import numerics as n
from tests.server.helpers import IrcTestClient

TOO_LONG_TEXT = "x" * MAX_BODY_BYTES


@pytest.mark.parametrize(
    ("line", "numeric"),
    [
        ("FROBNICATE", n.ERR_UNKNOWNCOMMAND),
        ("!!! what", n.ERR_UNKNOWNCOMMAND),
        ("JOIN", n.ERR_NEEDMOREPARAMS),
        ("PART", n.ERR_NEEDMOREPARAMS),
        ("KICK #lobby", n.ERR_NEEDMOREPARAMS),
        ("MODE", n.ERR_NEEDMOREPARAMS),
        ("PING", n.ERR_NEEDMOREPARAMS),
        ("USERHOST", n.ERR_NEEDMOREPARAMS),
        ("CAP", n.ERR_NEEDMOREPARAMS),
        ("PRIVMSG", n.ERR_NORECIPIENT),
        ("PRIVMSG :", n.ERR_NORECIPIENT),
        ("PRIVMSG #lobby", n.ERR_NOTEXTTOSEND),
        ("PRIVMSG #lobby :", n.ERR_NOTEXTTOSEND),
        ("PRIVMSG nobody :hi", n.ERR_NOSUCHNICK),
        ("PRIVMSG #nowhere :hi", n.ERR_NOSUCHCHANNEL),
        ("PRIVMSG a,b,c,d,e :hi", "407"),
        ("JOIN nochantype", n.ERR_NOSUCHCHANNEL),
        ("JOIN #bad\x07bell", n.ERR_NOSUCHCHANNEL),
        ("JOIN #" + "x" * 60, n.ERR_NOSUCHCHANNEL),
        ("PART #nowhere", n.ERR_NOSUCHCHANNEL),
        ("PART #elsewhere", n.ERR_NOTONCHANNEL),
        ("TOPIC #elsewhere :mine", n.ERR_NOTONCHANNEL),
        ("TOPIC #nowhere", n.ERR_NOSUCHCHANNEL),
        ("KICK #elsewhere somebody", n.ERR_NOTONCHANNEL),
        ("KICK #lobby nobody", n.ERR_NOSUCHNICK),
        ("KICK #lobby somebody", n.ERR_USERNOTINCHANNEL),
        ("PRIVMSG #elsewhere :hi from outside", n.ERR_CANNOTSENDTOCHAN),
        ("MODE #nowhere", n.ERR_NOSUCHCHANNEL),
        ("MODE nobody", n.ERR_NOSUCHNICK),
        ("MODE me +Z", n.ERR_UMODEUNKNOWNFLAG),
        ("WHOIS", n.ERR_NONICKNAMEGIVEN),
        ("NICK", n.ERR_NONICKNAMEGIVEN),
        ("NICK somebody", n.ERR_NICKNAMEINUSE),
        ("NICK :bad nick", n.ERR_ERRONEUSNICKNAME),
        ("NICK ::colon", n.ERR_ERRONEUSNICKNAME),
        ("USER a 0 * :again", n.ERR_ALREADYREGISTERED),
        ("CAP BOGUS", "410"),
        (f"PRIVMSG #lobby :{TOO_LONG_TEXT}", n.ERR_INPUTTOOLONG),
        ("@" + "a=b;" * 2100 + " PRIVMSG #lobby :tags too long", n.ERR_INPUTTOOLONG),
        ("@b@d=1 PRIVMSG #lobby :hi", n.ERR_UNKNOWNERROR),
        ("PRIVMSG #lobby :nul\x00inside", n.ERR_UNKNOWNERROR),
    ],
)
def test_bad_line_table(chat_server, irc_client, line, numeric):
    me = irc_client(chat_server, "me")
    somebody = irc_client(chat_server, "somebody")
    somebody.join("#elsewhere")
    me.join("#lobby")
    listener = irc_client(chat_server, "listener")
    listener.join("#lobby")
    me.sync()
    me.send_raw(line.encode("utf-8") + b"\r\n")
    reply = me.expect(lambda m: m.command[0].isdigit())
    assert reply.command == numeric, reply
    assert reply.params[0] == "me"
    # Nothing of a rejected line reached anyone else, and the server still works for all.
    me.send("PRIVMSG #lobby :still fine")
    relayed = listener.expect("PRIVMSG")
    assert relayed.params == ("#lobby", "still fine")


def test_over_long_line_without_newline_is_discarded_whole(chat_server, irc_client):
    me = irc_client(chat_server, "me")
    listener = irc_client(chat_server, "listener")
    for client in (me, listener):
        client.join("#lobby")
    me.sync()
    # Twice the largest legal line, in pieces, then the end of it: one 417, nothing executed.
    me.send_raw(b"PRIVMSG #lobby :" + b"y" * MAX_LINE_BYTES)
    me.send_raw(b"z" * MAX_LINE_BYTES)
    me.send_raw(b" tail\r\nPRIVMSG #lobby :after\r\n")
    assert me.expect(lambda m: m.command[0].isdigit()).command == n.ERR_INPUTTOOLONG
    relayed = listener.expect("PRIVMSG")
    assert relayed.params == ("#lobby", "after")
    assert [m.command for m in me.sync() if m.command[0].isdigit()] == []


def test_invalid_utf8_is_replaced_not_fatal(chat_server, irc_client):
    me = irc_client(chat_server, "me")
    listener = irc_client(chat_server, "listener")
    for client in (me, listener):
        client.join("#lobby")
    me.sync()
    me.send_raw(b"PRIVMSG #lobby :caf\xe9 \xff\xfe ok\r\n")
    relayed = listener.expect("PRIVMSG")
    assert relayed.params[1] == "caf\ufffd \ufffd\ufffd ok"


@pytest.mark.parametrize("terminator", [b"\n", b"\r", b"\r\n"])
def test_line_terminators_are_lenient(chat_server, irc_client, terminator):
    me = irc_client(chat_server)
    me.send_raw(b"NICK me" + terminator + b"USER me 0 * :Me" + terminator)
    me.expect("001")


def test_nobody_can_speak_for_someone_else(chat_server, irc_client):
    me = irc_client(chat_server, "me")
    listener = irc_client(chat_server, "listener")
    for client in (me, listener):
        client.join("#lobby")
    me.sync()
    me.send(":listener!x@y PRIVMSG #lobby :forged")
    relayed = listener.expect("PRIVMSG")
    assert relayed.source == "me!tester@127.0.0.1"


def test_cr_lf_nul_never_relayed(chat_server, irc_client):
    me = irc_client(chat_server, "me")
    listener = irc_client(chat_server, "listener")
    for client in (me, listener):
        client.join("#lobby")
    me.sync()
    me.send_raw(b"PRIVMSG #lobby :one\rPRIVMSG #lobby :two\r\n")
    me.send_raw(b"PRIVMSG #lobby :three\x00NICK evil\r\n")
    me.send("PRIVMSG #lobby :end")
    texts = []
    while not texts or texts[-1] != "end":
        texts.append(listener.expect("PRIVMSG").params[-1])
    # A bare CR ends a line (so "two" is a line of its own); the line with a NUL is refused.
    assert texts == ["one", "two", "end"]
    assert me.expect(lambda m: m.command[0].isdigit()).command == n.ERR_UNKNOWNERROR
    assert not any(m.command == "NICK" for m in listener.received)


def test_random_bytes_do_not_hurt_a_well_behaved_client(chat_server, irc_client):
    rng = random.Random(1234)
    polite = irc_client(chat_server, "polite")
    polite.join("#lobby")
    for round_ in range(20):
        with IrcTestClient.connect(chat_server.address) as noisy:
            blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
            noisy.send_raw(blob)
            if round_ % 2:
                noisy.send_raw(b"NICK n" + str(round_).encode() + b"\r\nUSER a 0 * :x\r\n")
                noisy.send_raw(b"JOIN #lobby\r\n" + blob + b"\r\nQUIT\r\n")
            noisy.read_until_closed(timeout=5) if round_ % 2 else None
    polite.send("PRIVMSG polite :self check")
    got = polite.expect("PRIVMSG")
    assert got.params == ("polite", "self check")
    assert chat_server.threads_alive()  # still serving
