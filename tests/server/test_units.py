"""The server's pure parts: framing, flood bucket, encode-once relays, replies, limits, WHOWAS
history."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.irc import Message, parse
from app.server.affinity import chosen_cpu
from app.server.caps import ls_string, parse_request
from app.server.flood import FloodGate, FloodPolicy
from app.server.framing import TOO_LONG, LineFramer
from app.server.limits import isupport_lines, truncate_utf8
from app.server.outgoing import Outgoing, server_time
from app.server.replies import packed, token
from app.server.state import mask_matches, normalize_mask
from app.server.whowas import WhowasEntry, WhowasHistory
from app.server.wire import encode


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([b"PING a\r\n"], [b"PING a"]),
        ([b"PI", b"NG a\r", b"\nPING b\n"], [b"PING a", b"PING b"]),
        ([b"\r\n\r\n\n"], []),
        ([b"A\rB\nC"], [b"A", b"B"]),
        ([b"x" * 20 + b"\r\nok\r\n"], [TOO_LONG, b"ok"]),
        ([b"x" * 15, b"x" * 15, b"x" * 15, b"\nok\n"], [TOO_LONG, b"ok"]),
        ([b"", b"A", b"", b"\r", b"", b"\n"], [b"A"]),
        # Only CR and LF end a line: str.splitlines()'s other breaks are text here.
        ([b"a\x0bb\x0cc\x1cd\x85e\n"], [b"a\x0bb\x0cc\x1cd\x85e"]),
    ],
)
def test_line_framer(chunks, expected):
    framer = LineFramer(max_line=16)
    got = [line for chunk in chunks for line in framer.feed(chunk)]
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"b", b" ", b"\r", b"\n", b"\x0b", b"\x85"]), max_size=60),
    st.lists(st.integers(min_value=0, max_value=60), max_size=8),
)
def test_line_framer_any_chunking_gives_the_lines_of_the_whole_stream(pieces, cuts):
    stream = b"".join(pieces)
    bounds = sorted({0, len(stream), *(min(cut, len(stream)) for cut in cuts)})
    framer = LineFramer(max_line=100)
    got = [line for a, b in itertools.pairwise(bounds) for line in framer.feed(stream[a:b])]
    complete = stream[: max(stream.rfind(b"\r"), stream.rfind(b"\n")) + 1]
    assert got == [line for line in re.split(rb"\r\n|\r|\n", complete) if line]


def test_line_framer_memory_is_bounded():
    framer = LineFramer(max_line=100)
    reports = [line for _ in range(1000) for line in framer.feed(b"y" * 64)]
    assert reports == [TOO_LONG]
    assert len(framer._tail) <= 100


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flood_gate_lets_bursts_through_delays_then_cuts():
    clock = _Clock()
    gate = FloodGate(FloodPolicy(burst=5, rate=2.0, patience=3.0), clock=clock)
    assert [gate.admit() for _ in range(5)] == [0.0] * 5
    delay = gate.admit()
    assert delay == pytest.approx(0.5)
    clock.now += delay
    # A client sending exactly at the rate keeps being delayed, but is not cut...
    for _ in range(5):
        delay = gate.admit()
        assert delay is not None and delay > 0
        clock.now += delay
    # ...until it has exceeded the rate for longer than the patience.
    while (delay := gate.admit()) is not None:
        clock.now += delay
    assert clock.now > 3.0
    # A pause refills the bucket and forgives.
    clock.now += 100
    fresh = FloodGate(FloodPolicy(burst=5, rate=2.0, patience=3.0), clock=clock)
    assert fresh.admit() == 0.0


def test_flood_gate_normal_typing_never_waits():
    clock = _Clock()
    gate = FloodGate(clock=clock)
    for _ in range(1000):
        assert gate.admit() == 0.0
        clock.now += 0.5


def test_outgoing_encodes_once_per_variant():
    out = Outgoing("a!b@c", "PRIVMSG", ("#x", "hi there"), {"+t": "1"}, msgid="m1")
    first = out.encoded(True, True)
    assert out.for_caps({"server-time", "message-tags"}) is first  # cached, not rebuilt
    plain = out.for_caps(set())
    assert plain == b":a!b@c PRIVMSG #x :hi there\r\n"
    assert out.for_caps({"echo-message"}) is plain
    timed = parse(out.for_caps({"server-time"}).decode())
    assert timed.tags == {"time": out.time}
    tagged = parse(first.decode())
    assert tagged.tags == {"time": out.time, "msgid": "m1", "+t": "1"}


def test_server_time_format():
    from datetime import UTC, datetime

    assert server_time(datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=UTC)) == (
        "2024-01-02T03:04:05.678Z"
    )


@pytest.mark.parametrize(
    ("msg", "wire"),
    [
        (Message("PRIVMSG", ("#a", "word"), "n!u@h"), b":n!u@h PRIVMSG #a :word\r\n"),
        (Message("JOIN", ("#a",), "n!u@h"), b":n!u@h JOIN #a\r\n"),
        (Message("353", ("me", "=", "#a", "@me"), "s"), b":s 353 me = #a :@me\r\n"),
        (Message("324", ("me", "#a", "+nt"), "s"), b":s 324 me #a +nt\r\n"),
        (Message("ERROR", ("two words",)), b"ERROR :two words\r\n"),
    ],
)
def test_wire_marks_free_text_trailing(msg, wire):
    assert encode(msg) == wire
    assert parse(wire.decode()) == msg


@pytest.mark.parametrize(
    ("text", "safe"),
    [("nick", "nick"), ("", "*"), (":x", "*"), ("a b", "a"), ("y" * 100, "y" * 64)],
)
def test_reply_tokens_are_wire_safe(text, safe):
    assert token(text) == safe


def test_caps_request_is_all_or_nothing():
    assert parse_request("server-time -echo-message") == ({"server-time"}, {"echo-message"})
    assert parse_request("server-time nope") is None
    assert "multi-prefix" in ls_string(302).split()


def test_isupport_lines_hold_at_most_13_tokens():
    lines = isupport_lines("Gofto")
    assert all(1 <= len(line) <= 13 for line in lines)


def test_truncate_utf8_never_splits_a_character():
    assert truncate_utf8("سلام", 3) == "س"
    assert truncate_utf8("abc", 10) == "abc"


@pytest.mark.parametrize(
    ("mask", "text", "hit"),
    [
        ("bad!*@*", "BAD!u@h", True),
        ("*!*@10.0.0.*", "x!y@10.0.0.7", True),
        ("b?d!*@*", "bid!u@h", True),
        ("bad!*@*", "good!u@h", False),
        ("a.b!*@*", "axb!u@h", False),
    ],
)
def test_ban_masks(mask, text, hit):
    assert mask_matches(mask, text) is hit


def test_normalize_mask():
    assert normalize_mask("nick") == "nick!*@*"
    assert normalize_mask("nick!user") == "nick!user@*"
    assert normalize_mask("user@host") == "*!user@host"


def test_the_server_cpu_is_the_fastest_allowed_or_the_last(tmp_path):
    for cpu, khz in {0: "3000000", 1: "4500000", 2: "4500000", 3: "2000000"}.items():
        folder = tmp_path / f"cpu{cpu}" / "cpufreq"
        folder.mkdir(parents=True)
        (folder / "cpuinfo_max_freq").write_text(khz + "\n")
    assert chosen_cpu({0, 1, 2, 3}, tmp_path) == 2  # a performance core, the last of them
    assert chosen_cpu({0, 3}, tmp_path) == 0
    assert chosen_cpu({0, 1, 5}, tmp_path / "nowhere") == 5  # no clocks published: the last
    assert chosen_cpu({4}, tmp_path) is None  # nothing to choose


def _entry(nick: str, when: int) -> WhowasEntry:
    return WhowasEntry(nick, f"u{when}", "127.0.0.1", "Real", "gofto.local", when)


def test_whowas_history_is_newest_first_per_nick_under_the_case_mapping():
    history = WhowasHistory(limit=10)
    for when, nick in enumerate(["bob", "alice", "BOB", "Bob"]):
        history.add(_entry(nick, when))
    assert [e.when for e in history.lookup("bob")] == [3, 2, 0]
    assert [e.when for e in history.lookup("BOB", 2)] == [3, 2]
    assert [e.when for e in history.lookup("bob", -1)] == [3, 2, 0]
    assert history.lookup("carol") == []


def test_whowas_history_forgets_the_oldest_entries_beyond_its_limit():
    history = WhowasHistory(limit=3)
    for when, nick in enumerate(["a", "b", "a", "c", "a"]):
        history.add(_entry(nick, when))
    assert len(history) == 3
    assert [e.when for e in history.lookup("a")] == [4, 2]
    assert history.lookup("b") == []  # its only entry was the oldest but one
    assert [e.when for e in history.lookup("c")] == [3]
    for when in range(5, 1005):
        history.add(_entry(f"n{when}", when))
    assert len(history) == 3
    assert history.lookup("a") == [] and history.lookup("c") == []
    assert len(history._by_nick) == 3  # no empty per-nick leftovers
    with pytest.raises(ValueError):
        WhowasHistory(limit=0)


@given(
    st.lists(st.text("abcdefghij", min_size=1, max_size=30), max_size=120),
    st.sampled_from([" ", ","]),
)
def test_packed_lines_stay_within_512_bytes_and_keep_every_item(
    items: list[str], separator: str
) -> None:
    """NAMES/WHOIS channel lists (spaces) and MONITOR lists (commas) over several lines:
    each line, with the colon before the list and CR LF, is at most 512 bytes (the space
    lists used to be counted without their colon: a byte over)."""
    lines = list(packed(["alice", "=", "#room"], items, "irc.example", "353", separator))
    for line in lines:
        assert len(encode(line)) <= 512
    assert [item for line in lines for item in line.params[-1].split(separator)] == items
