"""SETNAME and the ``setname`` capability (https://ircv3.net/specs/extensions/setname)."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from app.irc.isupport import parse_isupport
from app.server.limits import REALNAMELEN


def _realname_in_whois(client, nick: str) -> str:
    client.send(f"WHOIS {nick}")
    (user,) = [m for m in client.collect_until(n.RPL_ENDOFWHOIS) if m.command == n.RPL_WHOISUSER]
    return user.params[-1]


def test_setname_is_advertised_with_namelen(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    assert "setname" in client.expect("CAP").params[-1].split()
    client.send("CAP END")
    lines = client.register("alice")
    tokens = parse_isupport(t for m in lines if m.command == "005" for t in m.params[1:-1])
    assert tokens["NAMELEN"] == str(REALNAMELEN)


def test_setname_is_confirmed_to_self_and_to_peers_that_asked(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["setname"])
    bob = irc_client(chat_server, "bob", caps=["setname"])
    carol = irc_client(chat_server, "carol")
    for client in (alice, bob, carol):
        client.join("#a")
    bob.join("#b")
    alice.join("#b")  # bob shares two channels with alice: told once all the same
    for client in (alice, bob, carol):
        client.sync()
    alice.send("SETNAME :Alice Liddell <alice@example.org>")
    mine = alice.expect("SETNAME")
    assert mine.source.startswith("alice!")
    assert mine.params == ("Alice Liddell <alice@example.org>",)
    seen = [m for m in bob.sync() if m.command == "SETNAME"]
    assert [(m.source.split("!")[0], m.params) for m in seen] == [
        ("alice", ("Alice Liddell <alice@example.org>",))
    ]
    assert not [m for m in carol.sync() if m.command == "SETNAME"]  # no capability, no line
    assert _realname_in_whois(carol, "alice") == "Alice Liddell <alice@example.org>"
    carol.send("WHO alice")
    assert carol.expect(n.RPL_WHOREPLY).params[-1] == "0 Alice Liddell <alice@example.org>"


def test_setname_without_the_capability_is_silent_but_done(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    alice.send("SETNAME :Quiet Change")
    assert alice.sync() == []
    assert _realname_in_whois(alice, "alice") == "Quiet Change"


@pytest.mark.parametrize("caps", [["setname"], []])
@pytest.mark.parametrize("realname", ["", "x" * (REALNAMELEN + 1)])
def test_invalid_realname_fails_and_changes_nothing(chat_server, irc_client, caps, realname):
    alice = irc_client(chat_server, "alice", caps=caps)
    alice.send(f"SETNAME :{realname}")
    fail = alice.expect("FAIL")
    assert fail.params[:2] == ("SETNAME", "INVALID_REALNAME")
    assert not [m for m in alice.sync() if m.command == "SETNAME"]
    assert _realname_in_whois(alice, "alice") == "Test user alice"


def test_the_longest_realname_is_accepted_whole(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["setname"])
    longest = "ف" * REALNAMELEN  # characters, not bytes, as USER counts them
    alice.send(f"SETNAME :{longest}")
    assert alice.expect("SETNAME").params == (longest,)


def test_setname_needs_a_parameter_and_registration(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["setname"])
    alice.send("SETNAME")
    assert alice.expect(n.ERR_NEEDMOREPARAMS).params[1] == "SETNAME"
    early = irc_client(chat_server)
    early.send("SETNAME :too soon")
    early.expect(n.ERR_NOTREGISTERED)
