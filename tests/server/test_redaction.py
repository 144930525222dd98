"""REDACT (IRCv3 draft/message-redaction) against a real server over real sockets."""

from __future__ import annotations

import pytest

from app.irc import numerics as n

SECRET = "sesame"
CAPS = ["message-tags", "echo-message", "draft/message-redaction"]


@pytest.fixture
def server(make_chat_server):
    return make_chat_server(operator_password=SECRET, name="chat.example")


def _room(server, irc_client, *people):
    clients = [irc_client(server, nick, caps=caps) for nick, caps in people]
    for client in clients:
        client.join("#r")
    for client in clients:
        client.sync()
    return clients


def _said(client, text):
    client.send(f"PRIVMSG #r :{text}")
    return client.expect(lambda m: m.command == "PRIVMSG" and m.params[-1] == text).tags["msgid"]


def test_the_capability_is_offered(server, irc_client):
    client = irc_client(server)
    client.send("CAP LS 302")
    assert "draft/message-redaction" in client.expect("CAP").params[-1].split()


def test_own_message_is_deleted_for_cap_holders_only_and_leaves_history(server, irc_client):
    alice, bob, carol = _room(server, irc_client, ("alice", CAPS), ("bob", CAPS), ("carol", []))
    msgid = _said(alice, "oops")
    bob.expect(lambda m: m.command == "PRIVMSG")
    carol.expect(lambda m: m.command == "PRIVMSG")
    alice.send(f"REDACT #r {msgid} :typo")
    echoed = alice.expect("REDACT")
    assert echoed.params == ("#r", msgid, "typo")
    seen = bob.expect("REDACT")
    assert seen.source.startswith("alice!") and seen.params == ("#r", msgid, "typo")
    assert not [m for m in carol.sync() if m.command == "REDACT"]  # no cap: nothing
    assert all(out.msgid != msgid for out in server.hub.history.lines("#r"))


def test_the_host_may_delete_anyones_message_others_may_not(server, irc_client):
    alice, bob, host = _room(server, irc_client, ("alice", CAPS), ("bob", CAPS), ("host", CAPS))
    msgid = _said(alice, "spam")
    bob.send(f"REDACT #r {msgid}")
    fail = bob.expect("FAIL")
    assert fail.params[:4] == ("REDACT", "REDACT_FORBIDDEN", "#r", msgid)
    host.send(f"OPER host {SECRET}")
    host.expect(n.RPL_YOUREOPER)
    host.send(f"REDACT #r {msgid} :spam")
    assert bob.expect("REDACT").source.startswith("host!")
    alice.expect("REDACT")
    # Deleted once: a second REDACT names a message that no longer exists.
    alice.send(f"REDACT #r {msgid}")
    assert alice.expect("FAIL").params[:4] == ("REDACT", "UNKNOWN_MSGID", "#r", msgid)


def test_a_channel_operator_may_delete_in_their_channel(server, irc_client):
    chanop, user = _room(server, irc_client, ("chanop", CAPS), ("user", CAPS))  # first is @
    msgid = _said(user, "spam")
    chanop.expect(lambda m: m.command == "PRIVMSG")
    chanop.send(f"REDACT #r {msgid} :spam")
    assert chanop.expect("REDACT").params == ("#r", msgid, "spam")
    assert user.expect("REDACT").source.startswith("chanop!")
    mine = _said(chanop, "op speaking")
    user.send(f"REDACT #r {mine} :oops")
    assert user.expect("FAIL").params[:4] == ("REDACT", "REDACT_FORBIDDEN", "#r", mine)
    assert not [m for m in chanop.sync() if m.command == "REDACT"]


def test_unknown_msgid_and_invalid_target(server, irc_client):
    (alice,) = _room(server, irc_client, ("alice", CAPS))
    alice.send("REDACT #r nosuchid")
    assert alice.expect("FAIL").params[:4] == ("REDACT", "UNKNOWN_MSGID", "#r", "nosuchid")
    alice.send("REDACT #elsewhere abc")
    assert alice.expect("FAIL").params[:3] == ("REDACT", "INVALID_TARGET", "#elsewhere")
    alice.send("REDACT nobody abc")
    assert alice.expect("FAIL").params[:3] == ("REDACT", "INVALID_TARGET", "nobody")
    alice.send("REDACT #r :two words")  # an id that cannot be one: still a clean FAIL
    assert alice.expect("FAIL").params[:2] == ("REDACT", "UNKNOWN_MSGID")


def test_a_message_of_another_room_is_unknown_not_forbidden(server, irc_client):
    alice, bob = _room(server, irc_client, ("alice", CAPS), ("bob", CAPS))
    alice.join("#other")
    alice.send("PRIVMSG #other :secret")
    msgid = alice.expect("PRIVMSG").tags["msgid"]
    bob.send(f"REDACT #r {msgid}")
    assert bob.expect("FAIL").params[1] == "UNKNOWN_MSGID"


def test_without_the_capability_redact_is_unknown(server, irc_client):
    (alice,) = _room(server, irc_client, ("alice", ["message-tags", "echo-message"]))
    msgid = _said(alice, "hello")
    alice.send(f"REDACT #r {msgid}")
    assert alice.expect(n.ERR_UNKNOWNCOMMAND).params[1] == "REDACT"
    assert any(out.msgid == msgid for out in server.hub.history.lines("#r"))


def test_private_message_deleted_by_its_sender_only(server, irc_client):
    alice = irc_client(server, "alice", caps=CAPS)
    bob = irc_client(server, "bob", caps=CAPS)
    alice.send("PRIVMSG bob :psst")
    msgid = alice.expect("PRIVMSG").tags["msgid"]
    assert bob.expect("PRIVMSG").tags["msgid"] == msgid
    bob.send(f"REDACT alice {msgid}")
    assert bob.expect("FAIL").params[:2] == ("REDACT", "REDACT_FORBIDDEN")
    alice.send(f"REDACT bob {msgid}")
    told = bob.expect("REDACT")
    assert told.source.startswith("alice!") and told.params == ("bob", msgid)
    assert alice.expect("REDACT").params == ("bob", msgid)


def test_a_reaction_tagmsg_can_be_deleted(server, irc_client):
    alice, bob = _room(server, irc_client, ("alice", CAPS), ("bob", CAPS))
    msgid = _said(alice, "nice")
    bob.send(f"@+draft/reply={msgid};+draft/react=👍 TAGMSG #r")
    reaction = bob.expect("TAGMSG").tags["msgid"]
    bob.send(f"REDACT #r {reaction}")
    assert alice.expect("REDACT").params == ("#r", reaction)


def test_redact_shows_in_help(server, irc_client):
    alice = irc_client(server, "alice")
    alice.send("HELP REDACT")
    lines = alice.collect_until(n.RPL_ENDOFHELP)
    assert any("REDACT <target> <msgid>" in m.params[-1] for m in lines)


def test_deleted_lines_leave_the_history_on_disk_and_chathistory(tmp_path, irc_client):
    from app.server.server import ChatServer

    history = ["batch", "server-time", "draft/chathistory", *CAPS]
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path, operator_password=SECRET) as first:
        alice = irc_client(first, "alice", caps=history)
        alice.join("#lobby")
        alice.send("PRIVMSG #lobby :keep me")
        keep = alice.expect("PRIVMSG")
        alice.send("PRIVMSG #lobby :delete me")
        gone = alice.expect("PRIVMSG").tags["msgid"]
        alice.send("CHATHISTORY LATEST #lobby * 10")
        before = [m for m in alice.sync() if m.command == "PRIVMSG"]
        assert [m.params[1] for m in before] == ["keep me", "delete me"]
        alice.send(f"REDACT #lobby {gone}")
        alice.expect("REDACT")
        alice.send("CHATHISTORY LATEST #lobby * 10")
        after = [m for m in alice.sync() if m.command == "PRIVMSG"]
        assert [m.params[1] for m in after] == ["keep me"]  # excluded, as the spec prefers
    with ChatServer(history_path=path, operator_password=SECRET) as second:
        bob = irc_client(second, "bob", caps=history)
        bob.join("#lobby")
        bob.send("CHATHISTORY LATEST #lobby * 10")
        replayed = [m for m in bob.sync() if m.command == "PRIVMSG"]
        assert [m.params[1] for m in replayed] == ["keep me"]  # gone from the file too
        assert replayed[0].tags["msgid"] == keep.tags["msgid"]
        # After a restart the index is empty: the id is found in the room's history.
        host = irc_client(second, "host", caps=CAPS)
        host.join("#lobby")
        host.send(f"OPER host {SECRET}")
        host.expect(n.RPL_YOUREOPER)
        host.send(f"REDACT #lobby {keep.tags['msgid']}")
        assert bob.expect("REDACT").params == ("#lobby", keep.tags["msgid"])
