"""Private conversations kept per account pair and given only to those two; messages that
wait for an offline account; read markers (draft/read-marker). Real server, real sockets."""

from __future__ import annotations

import time

import pytest

from app.irc.history import format_time, parse_time
from app.server.server import ChatServer
from app.server.waiting import PER_SENDER
from tests.server.accounts_helpers import plain_response, sasl_register
from tests.server.helpers import IrcTestClient, command_is

PASSWORD = "correct horse battery"
CAPS = ["batch", "server-time", "message-tags", "draft/chathistory", "draft/read-marker"]


def _account(server, irc_client, nick: str, caps=CAPS) -> IrcTestClient:
    client = irc_client(server, nick, caps=caps)
    client.send(f"REGISTER * * :{PASSWORD}")
    client.expect("REGISTER")
    client.sync()
    return client


def _log_in(server, nick: str, caps=CAPS, account: str | None = None) -> tuple[IrcTestClient, list]:
    client = IrcTestClient.connect(server.address)
    response = plain_response(account or nick, PASSWORD)
    _exchange, welcome = sasl_register(client, nick, "PLAIN", response, caps)
    return client, welcome + client.sync()


def _ask(client: IrcTestClient, request: str) -> list:
    client.send(request)
    return client.sync()


def _texts(lines) -> list[str]:
    return [m.params[-1] for m in lines if m.command in ("PRIVMSG", "NOTICE")]


def _quit(client: IrcTestClient) -> None:
    client.send("QUIT")
    client.read_until_closed()
    client.close()


@pytest.fixture
def pair(make_chat_server, irc_client):
    server = make_chat_server(flood_limit=False)
    alice = _account(server, irc_client, "alice")
    bob = _account(server, irc_client, "bob")
    alice.send("PRIVMSG bob :hi bob")
    bob.expect("PRIVMSG")
    bob.send("PRIVMSG alice :hi alice")
    alice.expect("PRIVMSG")
    alice.sync()
    return server, alice, bob


def test_both_parties_get_the_conversation(pair):
    _server, alice, bob = pair
    assert _texts(_ask(alice, "CHATHISTORY LATEST bob * 10")) == ["hi bob", "hi alice"]
    theirs = _ask(bob, "CHATHISTORY LATEST alice * 10")
    assert theirs[0].params[1:] == ("chathistory", "alice")
    assert _texts(theirs) == ["hi bob", "hi alice"]
    senders = [m.source.split("!")[0] for m in theirs if m.command == "PRIVMSG"]
    assert senders == ["alice", "bob"]


def test_nobody_else_gets_it(pair, irc_client):
    server, alice, _bob = pair
    ids = [m.tags["msgid"] for m in _ask(alice, "CHATHISTORY LATEST bob * 10") if "msgid" in m.tags]
    eve = _account(server, irc_client, "eve")
    assert _texts(_ask(eve, "CHATHISTORY LATEST bob * 10")) == []
    assert _texts(_ask(eve, "CHATHISTORY LATEST alice * 10")) == []
    assert _texts(_ask(eve, f"CHATHISTORY AROUND bob msgid={ids[0]} 10")) == []
    assert _texts(_ask(eve, f"CHATHISTORY AFTER alice msgid={ids[0]} 10")) == []
    targets = _ask(
        eve,
        "CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z"
        " timestamp=2999-01-01T00:00:00.000Z 10",
    )
    assert [m for m in targets if m.command == "CHATHISTORY"] == []
    # Someone without an account is told the conversation is not there.
    guest = irc_client(server, "guest", caps=CAPS)
    (fail,) = _ask(guest, "CHATHISTORY LATEST alice * 10")
    assert fail.command == "FAIL" and fail.params[1:4] == ("INVALID_TARGET", "LATEST", "alice")
    # ...and cannot become one of them while they are away.
    _quit(alice)
    thief = IrcTestClient.connect(server.address)
    try:
        thief.send("NICK alice")
        thief.send("USER x 0 * :x")
        assert thief.expect("433")
    finally:
        thief.close()


def test_targets_lists_private_partners(pair):
    _server, alice, _bob = pair
    lines = _ask(
        alice,
        "CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z"
        " timestamp=2999-01-01T00:00:00.000Z 10",
    )
    assert [m.params[1] for m in lines if m.command == "CHATHISTORY"] == ["bob"]


def test_private_history_survives_a_restart(tmp_path, irc_client):
    path = tmp_path / "host.sqlite3"
    with ChatServer(history_path=path, flood_limit=False) as first:
        alice = _account(first, irc_client, "alice")
        bob = _account(first, irc_client, "bob")
        alice.send("PRIVMSG bob :before the restart")
        bob.expect("PRIVMSG")
        alice.sync()
    with ChatServer(history_path=path) as second:
        client, _ = _log_in(second, "bob")
        try:
            assert _texts(_ask(client, "CHATHISTORY LATEST alice * 10")) == ["before the restart"]
        finally:
            client.close()


def test_a_message_waits_for_an_offline_account(make_chat_server, irc_client):
    server = make_chat_server(flood_limit=False)
    reza = _account(server, irc_client, "reza")
    _quit(reza)
    alice = irc_client(server, "alice", caps=["echo-message"])
    alice.send("PRIVMSG reza :see you tomorrow")
    lines = alice.sync()
    notices = [m.params[-1] for m in lines if m.command == "NOTICE"]
    assert notices == ["reza is offline: your message will be delivered when reza returns"]
    assert "401" not in [m.command for m in lines]
    assert [m.params[-1] for m in lines if m.command == "PRIVMSG"] == ["see you tomorrow"]
    said_at = (
        parse_time(next(m.tags["time"] for m in lines if m.command == "PRIVMSG"))
        if any("time" in m.tags for m in lines)
        else None
    )
    client, welcome = _log_in(server, "reza")
    try:
        batch = [m for m in welcome if m.command == "BATCH"]
        assert batch and batch[0].params[1:] == ("chathistory", "alice")
        (waited,) = [m for m in welcome if m.command == "PRIVMSG"]
        assert waited.params == ("reza", "see you tomorrow")
        assert waited.source.startswith("alice!")
        assert waited.tags["batch"] == batch[0].params[0][1:]
        assert waited.tags["time"].endswith("Z") and waited.tags["msgid"]
        assert said_at is None or parse_time(waited.tags["time"]) == said_at
    finally:
        _quit(client)
    again, welcome = _log_in(server, "reza")  # delivered once, not at every return
    try:
        assert [m for m in welcome if m.command == "PRIVMSG"] == []
        # ...but it is in the conversation's history.
        assert _texts(_ask(again, "CHATHISTORY LATEST alice * 10")) == ["see you tomorrow"]
    finally:
        again.close()


def test_waiting_messages_are_capped_oldest_first(make_chat_server, irc_client):
    server = make_chat_server(flood_limit=False)
    reza = _account(server, irc_client, "reza")
    _quit(reza)
    alice = irc_client(server, "alice")
    for i in range(PER_SENDER + 2):
        alice.send(f"PRIVMSG reza :note {i}")
    lines = alice.sync()
    dropped = [m.params[-1] for m in lines if "will not be delivered" in m.params[-1]]
    assert len(dropped) == 2
    client, welcome = _log_in(server, "reza")
    try:
        texts = [m.params[-1] for m in welcome if m.command == "PRIVMSG"]
        assert texts == [f"note {i}" for i in range(2, PER_SENDER + 2)]
    finally:
        client.close()


def test_an_unowned_offline_nick_is_still_401(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    alice.send("PRIVMSG nobody :hello?")
    assert alice.expect("401").params[1] == "nobody"
    alice.send("NOTICE nobody :quietly")  # NOTICE never answers, never waits
    assert [m.command for m in alice.sync()] == []


# -- read markers ----------------------------------------------------------------------------


def test_markread_on_join_set_get_and_only_forwards(make_chat_server, irc_client):
    server = make_chat_server()
    alice = _account(server, irc_client, "alice")
    alice.send("JOIN #lobby")
    lines = alice.collect_until(command_is("366"))
    marker = [m for m in lines if m.command == "MARKREAD"]
    assert marker and marker[0].params == ("#lobby", "*")
    assert [m.command for m in lines].index("MARKREAD") < len(lines) - 1  # before the 366
    stamp = "2024-01-02T03:04:05.678Z"
    (reply,) = _ask(alice, f"MARKREAD #lobby timestamp={stamp}")
    assert reply.params == ("#lobby", f"timestamp={stamp}")
    (older,) = _ask(alice, "MARKREAD #lobby timestamp=2023-01-01T00:00:00.000Z")
    assert older.params == ("#lobby", f"timestamp={stamp}")  # never moves back
    (got,) = _ask(alice, "MARKREAD #lobby")
    assert got.params == ("#lobby", f"timestamp={stamp}")
    # Another device of the same account hears of a move; someone else never does.
    other, _ = _log_in(server, "alice-laptop", account="alice")
    try:
        bob = _account(server, irc_client, "bob")
        bob.join("#lobby")
        bob.sync()
        later = format_time(parse_time(stamp) + 60)
        _ask(alice, f"MARKREAD #lobby timestamp={later}")
        assert other.expect("MARKREAD").params == ("#lobby", f"timestamp={later}")
        assert [m for m in bob.sync() if m.command == "MARKREAD"] == []
        (bobs,) = _ask(bob, "MARKREAD #lobby")
        assert bobs.params == ("#lobby", "*")
    finally:
        other.close()


def test_markread_in_the_future_is_taken_as_now(make_chat_server, irc_client):
    """The spec's implementation note: clamp to the current time, or a confused client's
    2099 marker would mark everything read, on every device, for good."""
    server = make_chat_server()
    alice = _account(server, irc_client, "alice")
    before = time.time()
    (reply,) = _ask(alice, "MARKREAD #lobby timestamp=2099-01-02T03:04:05.678Z")
    stored = parse_time(reply.params[1].removeprefix("timestamp="))
    assert before - 1 <= stored <= time.time() + 1
    (got,) = _ask(alice, "MARKREAD #lobby")
    assert got.params == reply.params


def test_markread_for_a_private_conversation_and_after_a_restart(tmp_path, irc_client):
    path = tmp_path / "host.sqlite3"
    stamp = "2024-01-02T03:04:05.678Z"
    with ChatServer(history_path=path) as first:
        alice = _account(first, irc_client, "alice")
        (reply,) = _ask(alice, f"MARKREAD bob timestamp={stamp}")
        assert reply.params == ("bob", f"timestamp={stamp}")
    with ChatServer(history_path=path) as second:
        client, _ = _log_in(second, "alice")
        try:
            (got,) = _ask(client, "MARKREAD bob")
            assert got.params == ("bob", f"timestamp={stamp}")
        finally:
            client.close()


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("MARKREAD", "NEED_MORE_PARAMS"),
        ("MARKREAD #lobby yesterday", "INVALID_PARAMS"),
        ("MARKREAD #lobby timestamp=soon", "INVALID_PARAMS"),
        ("MARKREAD #lobby *", "INVALID_PARAMS"),
    ],
)
def test_markread_errors(chat_server, irc_client, line, code):
    alice = _account(chat_server, irc_client, "alice")
    (fail,) = _ask(alice, line)
    assert fail.command == "FAIL" and fail.params[:2] == ("MARKREAD", code)
