"""History playback on JOIN: who gets it, what it looks like, how much, and on disk."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.server.history import REPLAY_CAP
from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient

REPLAY = ["batch", "server-time", REPLAY_CAP]


def _say(client: IrcTestClient, *lines: str) -> None:
    for line in lines:
        client.send(line)
    client.sync()  # every message was handled (and recorded) before the next join


def _replay(client: IrcTestClient, channel: str = "#lobby") -> list:
    """JOIN, then everything up to the end of the history batch (or a sync if none comes)."""
    client.join(channel)
    return client.sync()


def test_replay_only_to_clients_that_asked(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    alice.join("#lobby")
    _say(alice, "PRIVMSG #lobby :one", "NOTICE #lobby :two", "PRIVMSG #lobby :\x01ACTION waves\x01")
    asked = irc_client(chat_server, "bob", caps=REPLAY)
    lines = _replay(asked)
    assert lines[0].command == "BATCH"
    ref = lines[0].params[0]
    assert ref.startswith("+") and lines[0].params[1:] == ("chathistory", "#lobby")
    body = lines[1:-1]
    assert [(m.command, m.params) for m in body] == [
        ("PRIVMSG", ("#lobby", "one")),
        ("NOTICE", ("#lobby", "two")),
        ("PRIVMSG", ("#lobby", "\x01ACTION waves\x01")),
    ]
    for line in body:
        assert line.tags["batch"] == ref[1:]
        assert line.tags["time"].endswith("Z") and line.tags["msgid"]
        assert line.source.startswith("alice!")
    assert len({m.tags["msgid"] for m in body}) == 3
    assert (lines[-1].command, lines[-1].params) == ("BATCH", ("-" + ref[1:],))

    # Half the capabilities is not enough; a plain client sees nothing either.
    partly = irc_client(chat_server, "carol", caps=["batch", "server-time"])
    assert _replay(partly) == []
    without_time = irc_client(chat_server, "dave", caps=["batch", REPLAY_CAP])
    assert _replay(without_time) == []
    plain = irc_client(chat_server, "erin")
    assert _replay(plain) == []


def test_plain_join_replies_unchanged_with_history(chat_server, irc_client):
    """Conformance guard: a client that did not ask gets exactly JOIN, 353, 366."""
    alice = irc_client(chat_server, "alice")
    alice.join("#lobby")
    _say(alice, *(f"PRIVMSG #lobby :line {i}" for i in range(5)))
    bob = irc_client(chat_server, "bob", caps=["server-time", "message-tags", "echo-message"])
    lines = bob.join("#lobby") + bob.sync()
    assert [m.command for m in lines] == ["JOIN", "353", "366"]
    assert not any(m.tags.get("batch") for m in lines)


def test_history_is_bounded_and_private_messages_never_stored(make_chat_server, irc_client):
    server = make_chat_server(history_size=3, flood_limit=False)
    alice = irc_client(server, "alice")
    bob = irc_client(server, "bob")
    alice.join("#lobby")
    _say(alice, *(f"PRIVMSG #lobby :n{i}" for i in range(6)))
    _say(alice, "PRIVMSG bob :secret", "NOTICE bob :psst", "PRIVMSG #lobby :\x01VERSION\x01")
    bob.send("JOIN #lobby")
    late = irc_client(server, "carol", caps=REPLAY)
    texts = [m.params[-1] for m in _replay(late) if m.command in ("PRIVMSG", "NOTICE")]
    assert texts == ["n3", "n4", "n5"]


def test_history_survives_an_emptied_channel(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    alice.join("#lobby")
    _say(alice, "PRIVMSG #lobby :still here?", "PART #lobby")
    bob = irc_client(chat_server, "bob", caps=REPLAY)
    texts = [m.params[-1] for m in _replay(bob) if m.command == "PRIVMSG"]
    assert texts == ["still here?"]


def test_history_persists_across_a_restart(tmp_path, irc_client):
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path, history_size=4) as first:
        alice = irc_client(first, "alice")
        alice.join("#lobby")
        _say(alice, *(f"PRIVMSG #lobby :m{i}" for i in range(6)), "PRIVMSG #other :x")
        bob = irc_client(first, "bob", caps=REPLAY)
        before = [m for m in _replay(bob) if m.command == "PRIVMSG"]
    assert not first.threads_alive()
    with closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM lines WHERE channel_key = '#lobby'").fetchone()
    assert count == 4  # trimmed on disk too
    with ChatServer(history_path=path, history_size=4) as second:
        carol = irc_client(second, "carol", caps=REPLAY)
        after = [m for m in _replay(carol) if m.command == "PRIVMSG"]
    assert [m.params for m in after] == [m.params for m in before]
    assert [m.params[1] for m in after] == ["m2", "m3", "m4", "m5"]
    assert [m.tags["msgid"] for m in after] == [m.tags["msgid"] for m in before]
    assert [m.tags["time"] for m in after] == [m.tags["time"] for m in before]


def test_a_bots_lines_keep_their_bot_tags_across_a_restart(tmp_path, irc_client):
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path) as first:
        robot = irc_client(first, "robot")
        robot.send("MODE robot +B")
        robot.expect("MODE")
        robot.join("#lobby")
        alice = irc_client(first, "alice")
        alice.join("#lobby")
        _say(robot, "PRIVMSG #lobby :beep")
        _say(alice, "PRIVMSG #lobby :hello robot")
    with ChatServer(history_path=path) as second:
        carol = irc_client(second, "carol", caps=[*REPLAY, "message-tags"])
        said = [m for m in _replay(carol) if m.command == "PRIVMSG"]
    assert [(m.source.split("!")[0], m.params[1]) for m in said] == [
        ("robot", "beep"),
        ("alice", "hello robot"),
    ]
    assert "bot" in said[0].tags and "draft/bot" in said[0].tags
    assert "bot" not in said[1].tags


def test_a_history_file_from_before_bot_tags_is_upgraded(tmp_path, irc_client):
    path = tmp_path / "history.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE lines (id INTEGER PRIMARY KEY, channel_key TEXT NOT NULL, at REAL NOT"
            " NULL, msgid TEXT NOT NULL, source TEXT NOT NULL, command TEXT NOT NULL, channel"
            " TEXT NOT NULL, text TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO lines (channel_key, at, msgid, source, command, channel, text)"
            " VALUES ('#lobby', 1.5e9, 'old-1', 'dan!dan@10.0.0.2', 'PRIVMSG', '#lobby', 'hi')"
        )
    with ChatServer(history_path=path) as server:
        carol = irc_client(server, "carol", caps=[*REPLAY, "message-tags"])
        said = [m for m in _replay(carol) if m.command == "PRIVMSG"]
        alice = irc_client(server, "alice")
        alice.join("#lobby")
        _say(alice, "PRIVMSG #lobby :new line")
    assert [(m.params[1], m.tags["msgid"]) for m in said] == [("hi", "old-1")]
    assert "bot" not in said[0].tags
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT text, bot FROM lines ORDER BY id").fetchall()
    assert rows == [("hi", 0), ("new line", 0)]


def test_unusable_history_file_still_serves(tmp_path, irc_client):
    bad = tmp_path / "a-directory.sqlite3"
    bad.mkdir()
    with ChatServer(history_path=bad) as server:
        alice = irc_client(server, "alice")
        assert [m.command for m in alice.join("#lobby")] == ["JOIN", "353", "366"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x01ACTION waves\x01", "<#lobby> * alice waves"),
        ("plain words", "<#lobby> alice: plain words"),
    ],
)
@pytest.mark.parametrize("fast", [True, False])
def test_console_log_shows_actions_as_people_read_them(
    make_chat_server, irc_client, text, shown, fast
):
    lines: list[str] = []
    server = make_chat_server(log=lines.extend)
    alice = irc_client(server, "alice")
    alice.join("#lobby")
    # A tag sends the line down the general path; without one the fast path takes it.
    _say(alice, f"PRIVMSG #lobby :{text}" if fast else f"@+x=1 PRIVMSG #lobby :{text}")
    assert shown in lines
