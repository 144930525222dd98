"""IRCv3 draft/chathistory on a real server: every subcommand, both reference types, the
errors as the spec words them, limits, labeled-response, and history kept on disk."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.irc.history import format_time, parse_time
from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient

EARLY = "timestamp=2000-01-01T00:00:00.000Z"
LATE = "timestamp=2999-01-01T00:00:00.000Z"
HISTORY = ["batch", "server-time", "message-tags", "draft/chathistory"]


def _say(client: IrcTestClient, *lines: str) -> None:
    for line in lines:
        client.send(line)
    client.sync()  # every message was handled (and recorded) before the next request


def _ask(client: IrcTestClient, request: str) -> list:
    """Send a CHATHISTORY request; the lines of its answer (a batch, or a FAIL)."""
    client.send(request)
    return client.sync()


def _texts(lines: list) -> list[str]:
    return [m.params[-1] for m in lines if m.command in ("PRIVMSG", "NOTICE")]


@pytest.fixture
def room(make_chat_server, irc_client):
    """A room with ten lines m0..m9 said by alice; bob (asking for history) is in it."""
    server = make_chat_server(flood_limit=False)
    alice = irc_client(server, "alice", caps=HISTORY)
    alice.join("#lobby")
    _say(alice, *(f"PRIVMSG #lobby :m{i}" for i in range(10)))
    bob = irc_client(server, "bob", caps=HISTORY)
    bob.join("#lobby")
    bob.sync()
    latest = _ask(bob, "CHATHISTORY LATEST #lobby * 100")
    ids = [m.tags["msgid"] for m in latest if m.command == "PRIVMSG"]
    times = [m.tags["time"] for m in latest if m.command == "PRIVMSG"]
    return server, alice, bob, ids, times


def test_isupport_and_caps_are_advertised(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    offered = client.expect("CAP").params[-1].split()
    client.send("CAP END")
    for cap in ("draft/chathistory", "batch", "server-time", "labeled-response", "message-tags"):
        assert cap in offered
    lines = client.register("probe")
    tokens = {t for m in lines if m.command == "005" for t in m.params[1:-1]}
    assert "CHATHISTORY=100" in tokens
    assert "MSGREFTYPES=timestamp,msgid" in tokens


def test_latest_is_one_batch_with_times_and_msgids(room):
    _server, _alice, bob, ids, times = room
    lines = _ask(bob, "CHATHISTORY LATEST #lobby * 3")
    assert lines[0].command == "BATCH" and lines[0].params[1:] == ("chathistory", "#lobby")
    ref = lines[0].params[0][1:]
    assert (lines[-1].command, lines[-1].params) == ("BATCH", (f"-{ref}",))
    body = lines[1:-1]
    assert _texts(body) == ["m7", "m8", "m9"]
    assert all(m.tags["batch"] == ref and m.source.startswith("alice!") for m in body)
    assert [m.tags["msgid"] for m in body] == ids[7:]
    assert [m.tags["time"] for m in body] == times[7:]
    assert len(set(ids)) == 10


def test_nothing_is_replayed_unasked(room):
    """draft/chathistory: the server SHOULD NOT play history back on its own."""
    server, _alice, _bob, _ids, _times = room
    carol = IrcTestClient.connect(server.address)
    try:
        carol.register("carol", caps=HISTORY)
        lines = carol.join("#lobby") + carol.sync()
        assert not [m for m in lines if m.command in ("BATCH", "PRIVMSG")]
    finally:
        carol.close()


def test_latest_after_a_reference(room):
    _server, _alice, bob, ids, times = room
    assert _texts(_ask(bob, f"CHATHISTORY LATEST #lobby msgid={ids[6]} 100")) == [
        "m7",
        "m8",
        "m9",
    ]
    assert _texts(_ask(bob, f"CHATHISTORY LATEST #lobby msgid={ids[2]} 2")) == ["m8", "m9"]
    later = _texts(_ask(bob, f"CHATHISTORY LATEST #lobby timestamp={times[9]} 10"))
    assert later == []  # nothing after (and excluding) the last one


def test_before_and_after_by_msgid_exclude_the_reference(room):
    _server, _alice, bob, ids, _times = room
    assert _texts(_ask(bob, f"CHATHISTORY BEFORE #lobby msgid={ids[5]} 3")) == ["m2", "m3", "m4"]
    assert _texts(_ask(bob, f"CHATHISTORY AFTER #lobby msgid={ids[5]} 3")) == ["m6", "m7", "m8"]
    assert _texts(_ask(bob, f"CHATHISTORY BEFORE #lobby msgid={ids[0]} 3")) == []


def test_before_and_after_by_timestamp(room):
    _server, _alice, bob, _ids, times = room
    stamp = format_time(parse_time(times[-1]) + 1)  # a second after the last line
    assert _texts(_ask(bob, f"CHATHISTORY BEFORE #lobby timestamp={stamp} 2")) == ["m8", "m9"]
    first = format_time(parse_time(times[0]) - 1)
    assert _texts(_ask(bob, f"CHATHISTORY AFTER #lobby timestamp={first} 2")) == ["m0", "m1"]
    everything = _texts(_ask(bob, f"CHATHISTORY AFTER #lobby timestamp={first} 100"))
    assert everything == [f"m{i}" for i in range(10)]


def test_around_centres_on_the_message(room):
    _server, _alice, bob, ids, times = room
    around = _texts(_ask(bob, f"CHATHISTORY AROUND #lobby msgid={ids[5]} 3"))
    assert len(around) == 3 and "m5" in around
    assert around == sorted(around)
    assert _texts(_ask(bob, f"CHATHISTORY AROUND #lobby msgid={ids[0]} 4")) == [
        "m0",
        "m1",
        "m2",
        "m3",
    ]
    by_time = _texts(_ask(bob, f"CHATHISTORY AROUND #lobby timestamp={times[5]} 1"))
    assert len(by_time) == 1


def test_between_both_ways_and_both_reference_types(room):
    _server, _alice, bob, ids, times = room
    forwards = _texts(_ask(bob, f"CHATHISTORY BETWEEN #lobby msgid={ids[2]} msgid={ids[7]} 100"))
    assert forwards == ["m3", "m4", "m5", "m6"]
    limited = _texts(_ask(bob, f"CHATHISTORY BETWEEN #lobby msgid={ids[2]} msgid={ids[7]} 2"))
    assert limited == ["m3", "m4"]  # counted from the first reference
    backwards = _texts(_ask(bob, f"CHATHISTORY BETWEEN #lobby msgid={ids[7]} msgid={ids[2]} 2"))
    assert backwards == ["m5", "m6"]  # counted from the first reference, backwards
    start = format_time(parse_time(times[0]) - 1)
    mixed = _texts(_ask(bob, f"CHATHISTORY BETWEEN #lobby timestamp={start} msgid={ids[3]} 100"))
    assert mixed == ["m0", "m1", "m2"]


def test_limit_is_capped_at_the_advertised_maximum(make_chat_server, irc_client):
    server = make_chat_server(flood_limit=False, history_size=300)
    alice = irc_client(server, "alice", caps=HISTORY)
    alice.join("#big")
    _say(alice, *(f"PRIVMSG #big :n{i}" for i in range(150)))
    assert len(_texts(_ask(alice, "CHATHISTORY LATEST #big * 1000"))) == 100


def test_history_is_bounded_per_room(make_chat_server, irc_client):
    server = make_chat_server(history_size=3, flood_limit=False)
    alice = irc_client(server, "alice", caps=HISTORY)
    alice.join("#lobby")
    _say(alice, *(f"PRIVMSG #lobby :n{i}" for i in range(6)), "PRIVMSG #lobby :\x01VERSION\x01")
    assert _texts(_ask(alice, "CHATHISTORY LATEST #lobby * 50")) == ["n3", "n4", "n5"]


def test_statusmsg_and_ctcp_requests_are_not_kept(room):
    _server, alice, bob, _ids, _times = room
    _say(alice, "PRIVMSG @#lobby :ops only", "PRIVMSG #lobby :\x01PING 1\x01")
    bob.sync()
    assert _texts(_ask(bob, "CHATHISTORY LATEST #lobby * 1")) == ["m9"]


@pytest.mark.parametrize(
    ("request_line", "expected"),
    [
        ("CHATHISTORY FROB #lobby * 10", ("INVALID_PARAMS", "FROB")),
        ("CHATHISTORY LATEST #lobby *", ("INVALID_PARAMS", "LATEST")),
        ("CHATHISTORY LATEST #lobby * 10 extra", ("INVALID_PARAMS", "LATEST")),
        ("CHATHISTORY BEFORE #lobby * 10", ("INVALID_PARAMS", "BEFORE")),
        ("CHATHISTORY BEFORE #lobby timestamp=yesterday 10", ("INVALID_PARAMS", "BEFORE")),
        ("CHATHISTORY LATEST #lobby * many", ("INVALID_PARAMS", "LATEST")),
        ("CHATHISTORY BEFORE #lobby id=3 10", ("INVALID_MSGREFTYPE", "BEFORE")),
        ("CHATHISTORY LATEST #nowhere * 10", ("INVALID_TARGET", "LATEST")),
        ("CHATHISTORY TARGETS msgid=a msgid=b 10", ("INVALID_MSGREFTYPE", "TARGETS")),
        ("CHATHISTORY", ("INVALID_PARAMS", "*")),
    ],
)
def test_errors_are_the_specs_fail_replies(room, request_line, expected):
    _server, _alice, bob, _ids, _times = room
    lines = _ask(bob, request_line)
    assert len(lines) == 1, lines
    fail = lines[0]
    assert fail.command == "FAIL" and fail.params[0] == "CHATHISTORY"
    assert fail.params[1:3] == expected


def test_a_room_you_are_not_in_is_not_given(room):
    server, _alice, _bob, _ids, _times = room
    outsider = IrcTestClient.connect(server.address)
    try:
        outsider.register("eve", caps=HISTORY)
        lines = _ask(outsider, "CHATHISTORY LATEST #lobby * 10")
        assert [m.command for m in lines] == ["FAIL"]
        assert lines[0].params[1:4] == ("INVALID_TARGET", "LATEST", "#lobby")
    finally:
        outsider.close()


def test_without_batch_the_lines_come_bare(room):
    server, _alice, _bob, _ids, _times = room
    plain = IrcTestClient.connect(server.address)
    try:
        plain.register("plain", caps=["draft/chathistory"])
        plain.join("#lobby")
        lines = _ask(plain, "CHATHISTORY LATEST #lobby * 2")
        assert [(m.command, m.params[-1], dict(m.tags)) for m in lines] == [
            ("PRIVMSG", "m8", {}),
            ("PRIVMSG", "m9", {}),
        ]
    finally:
        plain.close()


def test_empty_history_is_an_empty_batch(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=HISTORY)
    alice.join("#quiet")
    lines = _ask(alice, "CHATHISTORY LATEST #quiet * 10")
    assert [m.command for m in lines] == ["BATCH", "BATCH"]


def test_targets_lists_rooms_by_latest_line(room):
    _server, alice, _bob, _ids, _times = room
    alice.join("#second")
    _say(alice, "PRIVMSG #second :newer")
    lines = _ask(
        alice,
        f"CHATHISTORY TARGETS {EARLY} {LATE} 10",
    )
    assert lines[0].params[1] == "draft/chathistory-targets"
    found = [m.params[1] for m in lines if m.command == "CHATHISTORY"]
    assert found == ["#lobby", "#second"]
    assert all(m.params[0] == "TARGETS" and m.params[2].endswith("Z") for m in lines[1:-1])
    limited = _ask(
        alice,
        f"CHATHISTORY TARGETS {LATE} {EARLY} 1",
    )
    assert [m.params[1] for m in limited if m.command == "CHATHISTORY"] == ["#second"]


def test_labeled_response_labels_the_batch_and_acks_silence(room):
    _server, _alice, bob, _ids, _times = room
    bob.send("CAP REQ labeled-response")
    bob.expect("CAP")
    lines = _ask(bob, "@label=q1 CHATHISTORY LATEST #lobby * 2")
    assert lines[0].command == "BATCH" and lines[0].tags["label"] == "q1"
    assert lines[0].params[1] == "chathistory"
    assert sum("label" in m.tags for m in lines) == 1
    (ack,) = _ask(bob, "@label=q2 PONG :nothing")
    assert (ack.command, ack.tags["label"]) == ("ACK", "q2")
    (one,) = _ask(bob, "@label=q3 PRIVMSG nobody :hello")
    assert (one.command, one.tags["label"]) == ("401", "q3")
    many = _ask(bob, "@label=q4 WHOIS alice")
    assert many[0].command == "BATCH" and many[0].params[1] == "labeled-response"
    assert many[0].tags["label"] == "q4"
    ref = many[0].params[0][1:]
    assert all(m.tags.get("batch") == ref for m in many[1:-1])
    assert many[-1].params == (f"-{ref}",)


def test_every_relayed_message_has_a_msgid_and_time(room):
    _server, alice, bob, _ids, _times = room
    alice.send("PRIVMSG #lobby :tagged")
    said = bob.expect("PRIVMSG")
    assert said.tags["msgid"] and said.tags["time"].endswith("Z")


def test_history_persists_across_a_restart(tmp_path, irc_client):
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path, history_size=4, flood_limit=False) as first:
        alice = irc_client(first, "alice", caps=HISTORY)
        alice.join("#lobby")
        _say(alice, *(f"PRIVMSG #lobby :m{i}" for i in range(6)), "PRIVMSG #other :x")
        before = [
            m for m in _ask(alice, "CHATHISTORY LATEST #lobby * 10") if m.command == "PRIVMSG"
        ]
    assert not first.threads_alive()
    with closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM lines WHERE channel_key = '#lobby'").fetchone()
        (mode,) = db.execute("PRAGMA journal_mode").fetchone()
    assert count == 4  # trimmed on disk too
    assert mode == "wal"
    with ChatServer(history_path=path, history_size=4) as second:
        carol = irc_client(second, "carol", caps=HISTORY)
        carol.join("#lobby")
        after = [m for m in _ask(carol, "CHATHISTORY LATEST #lobby * 10") if m.command == "PRIVMSG"]
        by_id = _ask(carol, f"CHATHISTORY AFTER #lobby msgid={before[1].tags['msgid']} 10")
    assert [m.params for m in after] == [m.params for m in before]
    assert [m.params[1] for m in after] == ["m2", "m3", "m4", "m5"]
    assert [m.tags["msgid"] for m in after] == [m.tags["msgid"] for m in before]
    assert [m.tags["time"] for m in after] == [m.tags["time"] for m in before]
    assert _texts(by_id) == ["m4", "m5"]


def test_a_bots_lines_keep_their_bot_tags_across_a_restart(tmp_path, irc_client):
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path) as first:
        robot = irc_client(first, "robot")
        robot.send("MODE robot +B")
        robot.expect("MODE")
        robot.join("#lobby")
        _say(robot, "PRIVMSG #lobby :beep")
    with ChatServer(history_path=path) as second:
        carol = irc_client(second, "carol", caps=HISTORY)
        carol.join("#lobby")
        (line,) = [
            m for m in _ask(carol, "CHATHISTORY LATEST #lobby * 10") if m.command == "PRIVMSG"
        ]
    assert "bot" in line.tags and "draft/bot" in line.tags


def test_client_tags_come_back_with_the_history_across_a_restart(tmp_path, irc_client):
    """A reply stays a reply in history: the client-only tags a line was relayed with
    (``+draft/reply``…) come back with it, as in the chathistory spec's example, also after
    a restart; only to clients with message-tags, as live."""
    path = tmp_path / "history.sqlite3"
    tags = "@+draft/reply=abc;+reply=abc;+example.org/x=a\\sb\\:c "
    wanted = {"+draft/reply": "abc", "+reply": "abc", "+example.org/x": "a b;c"}
    with ChatServer(history_path=path) as first:
        alice = irc_client(first, "alice", caps=HISTORY)
        alice.join("#lobby")
        _say(alice, "PRIVMSG #lobby :plain", f"{tags}PRIVMSG #lobby :a reply")
        live = _ask(alice, "CHATHISTORY LATEST #lobby * 10")
    assert [m.tags.get("+draft/reply") for m in live if m.command == "PRIVMSG"] == [None, "abc"]
    with ChatServer(history_path=path) as second:
        carol = irc_client(second, "carol", caps=HISTORY)
        carol.join("#lobby")
        lines = [m for m in _ask(carol, "CHATHISTORY LATEST #lobby * 10") if m.command == "PRIVMSG"]
        bare = irc_client(second, "dave", caps=["batch", "draft/chathistory"])
        bare.join("#lobby")
        untagged = [
            m for m in _ask(bare, "CHATHISTORY LATEST #lobby * 10") if m.command == "PRIVMSG"
        ]
    assert [{k: v for k, v in m.tags.items() if k[0] == "+"} for m in lines] == [{}, wanted]
    assert all(k == "batch" for m in untagged for k in m.tags)


def test_an_older_file_is_upgraded(tmp_path, irc_client):
    """A history file from before this release (no bot/account columns) still loads."""
    path = tmp_path / "history.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE lines (id INTEGER PRIMARY KEY, channel_key TEXT NOT NULL, at REAL NOT"
            " NULL, msgid TEXT NOT NULL, source TEXT NOT NULL, command TEXT NOT NULL, channel"
            " TEXT NOT NULL, text TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO lines VALUES (1, '#lobby', 1700000000.5, 'old-1', 'a!u@h', 'PRIVMSG',"
            " '#lobby', 'from before')"
        )
    with ChatServer(history_path=path) as server:
        carol = irc_client(server, "carol", caps=HISTORY)
        carol.join("#lobby")
        lines = _ask(carol, "CHATHISTORY LATEST #lobby * 10")
    (line,) = [m for m in lines if m.command == "PRIVMSG"]
    assert line.params[1] == "from before" and line.tags["msgid"] == "old-1"
    assert line.tags["time"] == "2023-11-14T22:13:20.500Z"


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
