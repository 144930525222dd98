"""The session's side of history playback: asking for it, reading the BATCH, dedup, ordering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.client.events import Joined, MessageKind, MessageQueued, MessageReceived
from app.irc.caps import CHATHISTORY_CAP, LATEST_ON_JOIN
from tests.client.harness import SERVER, Harness
from tests.client.live import LiveClient

CAPS = f"batch server-time message-tags echo-message {CHATHISTORY_CAP}"


def _history(ref: str, *lines: tuple[str, str, str]) -> list[str]:
    """A chathistory batch for #lobby: ``(msgid, nick, text)`` per line, a minute apart."""
    out = [f":{SERVER} BATCH +{ref} chathistory #lobby"]
    for index, (msgid, nick, text) in enumerate(lines):
        tags = f"@batch={ref};time=2024-05-01T14:0{index}:00.000Z;msgid={msgid}"
        out.append(f"{tags} :{nick}!u@h PRIVMSG #lobby :{text}")
    out.append(f":{SERVER} BATCH -{ref}")
    return out


def _join_lobby(h: Harness) -> None:
    """Our JOIN, NAMES and its end, but not yet the WHO reply (the replay comes before it)."""
    h.feed(
        ":alice!u@h JOIN #lobby",
        f":{SERVER} 353 alice = #lobby :alice bob",
        f":{SERVER} 366 alice #lobby :End of /NAMES list.",
    )


def test_chathistory_and_batch_are_requested_when_offered():
    h = Harness("alice")
    h.session.connection_made()
    h.feed(f":{SERVER} CAP * LS :server-time batch {CHATHISTORY_CAP} gofto.invalid/replay")
    assert f"CAP REQ :batch {CHATHISTORY_CAP} server-time" in h.sent


def test_joining_asks_for_the_latest_lines():
    h = Harness("alice")
    h.register(caps=CAPS, join=False)
    h.clear()
    _join_lobby(h)
    assert f"CHATHISTORY LATEST #lobby * {LATEST_ON_JOIN}" in h.sent
    plain = Harness("bob")
    plain.register(caps="batch server-time", join=False)
    plain.clear()
    plain.feed(":bob!u@h JOIN #lobby")
    assert not any(line.startswith("CHATHISTORY") for line in plain.sent)


def test_batch_lines_are_history_with_their_own_time():
    h = Harness("alice")
    h.register(caps=CAPS, join=False)
    _join_lobby(h)
    h.feed(
        *_history(
            "h1",
            ("m1", "bob", "hi alice"),
            ("m2", "bob", "\x01ACTION waves\x01"),
            ("m3", "carol", "\x01VERSION\x01"),
        )
    )
    got = h.of(MessageReceived)
    assert [(m.sender, m.text, m.kind) for m in got] == [
        ("bob", "hi alice", MessageKind.TEXT),
        ("bob", "waves", MessageKind.ACTION),
    ]
    assert all(m.is_history and not m.highlight and m.conversation == "#lobby" for m in got)
    assert got[0].time == datetime(2024, 5, 1, 14, 0, tzinfo=UTC)
    assert not any("VERSION" in line for line in h.sent)  # an old CTCP is never answered
    h.feed(":bob!u@h PRIVMSG #lobby :live, alice", "@batch=h1 :bob!u@h PRIVMSG #lobby :late")
    live = h.of(MessageReceived)[2:]
    assert [(m.is_history, m.highlight) for m in live] == [(False, True), (False, False)]


def test_reconnect_replay_drops_lines_already_shown():
    h = Harness("alice")
    h.register(caps=CAPS, join=False)
    _join_lobby(h)
    h.feed(*_history("a", ("m1", "bob", "one")), "@msgid=m2 :bob!u@h PRIVMSG #lobby :two")
    h.session.connection_lost("reset")
    h.clear()
    h.register(caps=CAPS, join=False)
    _join_lobby(h)
    h.feed(*_history("b", ("m1", "bob", "one"), ("m2", "bob", "two"), ("m3", "bob", "three")))
    got = h.of(MessageReceived)
    assert [(m.text, m.is_history) for m in got] == [("three", True)]


def test_queued_messages_wait_for_the_rooms_replay():
    h = Harness("alice")
    h.session.submit("#lobby", "typed offline")
    h.register(caps=CAPS, join=False)
    _join_lobby(h)
    assert not any(line.startswith("PRIVMSG") for line in h.sent)
    h.feed(_history("r", ("m1", "bob", "earlier"))[0], _history("r", ("m1", "bob", "earlier"))[1])
    assert not any(line.startswith("PRIVMSG") for line in h.sent)
    h.feed(f":{SERVER} BATCH -r")
    assert [line for line in h.sent if line.startswith("PRIVMSG")] == [
        "PRIVMSG #lobby :typed offline"
    ]


@pytest.mark.parametrize("caps", [CAPS, "server-time echo-message", None])
def test_queue_flushed_when_no_replay_comes(caps):
    h = Harness("alice")
    h.session.submit("#lobby", "typed offline")
    h.register(caps=caps, join=False)
    _join_lobby(h)
    sent = [line for line in h.sent if line.startswith("PRIVMSG")]
    if caps == CAPS:
        assert sent == []  # a replay could still come
        h.feed(f":{SERVER} 315 alice #lobby :End of WHO list")
        sent = [line for line in h.sent if line.startswith("PRIVMSG")]
    assert sent == ["PRIVMSG #lobby :typed offline"]


def test_live_history_then_queued_on_a_gofto_server(make_chat_server):
    """A real server: a late joiner sees the history first, then what it typed offline."""
    server = make_chat_server()
    host, port = server.address
    bob = LiveClient(host, port, "bob").connect()
    alice = LiveClient(host, port, "alice")
    try:
        bob.wait_event(Joined, lambda e: e.is_self)
        bob.submit("#lobby", "before alice came")
        bob.wait_event(MessageReceived, lambda e: e.text == "before alice came")
        alice.submit("#lobby", "typed offline")
        alice.connect()
        echo = alice.wait_event(MessageReceived, lambda e: e.text == "typed offline")
        shown = [e for e in alice.of(MessageReceived)]
        assert [(e.text, e.is_history) for e in shown] == [
            ("before alice came", True),
            ("typed offline", False),
        ]
        assert echo.is_self
        assert [e.text for e in alice.of(MessageQueued)] == ["typed offline"]
    finally:
        alice.close()
        bob.close()


def test_terminal_prints_history_with_its_time_marked_earlier():
    from app.client.terminal import format_event

    when = datetime(2024, 5, 1, 14, 2, tzinfo=UTC)
    local = when.astimezone().strftime("%H:%M")
    said = MessageReceived("#lobby", "bob", "hi", MessageKind.TEXT, False, False, False, when, True)
    waved = MessageReceived(
        "#lobby", "bob", "waves", MessageKind.ACTION, False, False, False, when, True
    )
    live = MessageReceived("#lobby", "bob", "hi", MessageKind.TEXT, False, False, False, when)
    assert format_event(said) == [f"[#lobby {local}] (earlier) <bob> hi"]
    assert format_event(waved) == [f"[#lobby {local}] (earlier) * bob waves"]
    assert format_event(live) == ["[#lobby] <bob> hi"]


def test_terminal_place_tags_are_said_in_persian():
    """No English reaches a Persian terminal: the private tag, "(earlier)" and the time's
    digits are Persian too."""
    from app.client.catalogue import texts_for
    from app.client.terminal import format_event

    fa = texts_for("fa")
    when = datetime(2024, 5, 1, 14, 2, tzinfo=UTC)
    local = fa.digits(when.astimezone().strftime("%H:%M"))
    earlier = MessageReceived(
        "#lobby", "bob", "hi", MessageKind.TEXT, False, False, False, when, True
    )
    private = MessageReceived("bob", "bob", "psst", MessageKind.TEXT, True, False, False)
    own = MessageReceived("bob", "me", "ok", MessageKind.TEXT, True, True, False)
    assert format_event(earlier, fa) == [f"[#lobby {local}] (پیشتر) <bob> hi"]
    assert format_event(private, fa) == ["[خصوصی] <bob> psst"]
    assert format_event(own, fa) == ["[خصوصی ← bob] <me> ok"]
    assert not any(ch.isdigit() and ch.isascii() for ch in local)
