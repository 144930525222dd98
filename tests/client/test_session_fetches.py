"""Older history, search jumps and read markers, asked for by a Session of a real server."""

from __future__ import annotations

from app.client.events import HistoryFetched, Joined, MessageReceived, ReadMarkerChanged
from app.client.fetches import PAGE
from tests.client.live import LiveClient

SAID = 120  # more than the join's latest lines and two pages


def _room_with_history(make_chat_server) -> tuple[LiveClient, LiveClient]:
    server = make_chat_server(flood_limit=False)
    host, port = server.address
    bob = LiveClient(host, port, "bob").connect()
    bob.wait_event(Joined, lambda e: e.is_self)
    for index in range(SAID):
        bob.submit("#lobby", f"line {index}")
    bob.wait_event(MessageReceived, lambda e: e.text == f"line {SAID - 1}")
    alice = LiveClient(host, port, "alice").connect()
    alice.wait_event(MessageReceived, lambda e: e.text == f"line {SAID - 1}")
    return alice, bob


def test_scrolling_up_fetches_older_pages_until_there_are_no_more(make_chat_server):
    alice, bob = _room_with_history(make_chat_server)
    try:
        shown = [e for e in alice.of(MessageReceived) if e.conversation == "#lobby"]
        assert [e.text for e in shown] == [f"line {i}" for i in range(SAID - 50, SAID)]
        oldest = shown[0].msgid
        assert alice.call(lambda s: s.fetch_older("#lobby", oldest))
        # one request at a time per conversation
        assert not alice.call(lambda s: s.fetch_older("#lobby", oldest))
        page = alice.wait_event(HistoryFetched)
        assert page.conversation == "#lobby" and not page.complete
        assert [m.text for m in page.messages] == [f"line {i}" for i in range(20, 70)]
        assert all(m.is_history and not m.highlight for m in page.messages)
        # the fetched lines are not shown as new lines at the bottom
        assert len(alice.of(MessageReceived)) == len(shown)
        assert alice.call(lambda s: s.fetch_older("#lobby", page.messages[0].msgid))
        last = alice.wait_event(HistoryFetched, lambda e: e is not page)
        assert [m.text for m in last.messages] == [f"line {i}" for i in range(20)]
        assert last.complete and len(last.messages) < PAGE
        assert not alice.call(lambda s: s.has_more_history("#lobby"))
        assert not alice.call(lambda s: s.fetch_older("#lobby", last.messages[0].msgid))
    finally:
        alice.close()
        bob.close()


def test_search_jump_fetches_the_lines_around_a_message(make_chat_server):
    alice, bob = _room_with_history(make_chat_server)
    try:
        wanted = next(e for e in bob.of(MessageReceived) if e.text == "line 5").msgid
        assert wanted and not any(e.msgid == wanted for e in alice.of(MessageReceived))
        assert alice.call(lambda s: s.fetch_around("#lobby", wanted))
        found = alice.wait_event(HistoryFetched)
        assert found.around == wanted
        assert wanted in [m.msgid for m in found.messages]
        assert "line 5" in [m.text for m in found.messages]
    finally:
        alice.close()
        bob.close()


def test_read_marker_on_join_and_when_read(make_chat_server):
    alice, bob = _room_with_history(make_chat_server)
    try:
        first = alice.wait_event(ReadMarkerChanged)
        assert first.conversation == "#lobby" and first.time is None
        newest = alice.of(MessageReceived)[-1]
        assert alice.call(lambda s: s.mark_read("#lobby", newest.time))
        # only a marker that moves forward is sent
        assert not alice.call(lambda s: s.mark_read("#lobby", newest.time))
        moved = alice.wait_event(ReadMarkerChanged, lambda e: e.time is not None)
        assert moved.conversation == "#lobby"
        assert abs((moved.time - newest.time).total_seconds()) < 0.002
        assert alice.call(lambda s: s.read_marker("#LOBBY")) is not None
    finally:
        alice.close()
        bob.close()


def test_divider_and_unread_after_a_restart_come_from_the_hosts_marker(
    make_chat_server, server_tls, tmp_path, monkeypatch
):
    """A key-owning account reads two lines, leaves; two more are said; a new Session (a
    restart: nothing kept in memory) shows "new since you left" before the first unread line
    and counts two unread."""
    from app.client.presentation.presenter import Added, Presenter, UnreadChanged
    from app.client.trust import ClientTls

    monkeypatch.setenv("GOFTO_DATA_DIR", str(tmp_path))
    server = make_chat_server(tls=server_tls, flood_limit=False)
    host, port = server.address
    bob = LiveClient(host, port, "bob").connect()
    bob.wait_event(Joined, lambda e: e.is_self)
    for text in ("one", "two"):
        bob.submit("#lobby", text)
    bob.wait_event(MessageReceived, lambda e: e.text == "two")

    def start() -> tuple[LiveClient, Presenter, list[object]]:
        client = LiveClient(host, port, "alice", tls=ClientTls())
        presenter = Presenter(client.session)
        changes: list[object] = []
        presenter.add_listener(changes.append)
        client.session.add_listener(presenter.on_event)
        client.connect()
        return client, presenter, changes

    alice, presenter, _ = start()
    try:
        alice.wait_event(MessageReceived, lambda e: e.text == "two")
        alice.call(lambda s: presenter.focus("#lobby", active=True))
        assert alice.call(lambda s: presenter.flush_read()) == 1
        alice.wait_event(ReadMarkerChanged, lambda e: e.time is not None)
    finally:
        alice.close()
    for text in ("three", "four"):
        bob.submit("#lobby", text)
    bob.wait_event(MessageReceived, lambda e: e.text == "four")
    alice, presenter, changes = start()
    try:
        alice.wait_event(MessageReceived, lambda e: e.text == "four")
        lines = [
            c.record.values().get("text") or c.record.kind
            if not c.record.is_message
            else "".join(span.text for span in c.record.spans)
            for c in alice.call(lambda s: list(changes))
            if isinstance(c, Added) and c.conversation.key == "#lobby"
        ]
        start_at = lines.index("line.earlier")
        assert lines[start_at:] == ["line.earlier", "one", "two", "line.new_since", "three", "four"]
        lobby = presenter.conversation("#lobby")
        assert lobby is not None and lobby.unread == 2
        assert any(isinstance(c, UnreadChanged) for c in changes)
    finally:
        alice.close()
        bob.close()


def test_a_host_that_misbehaves_cannot_make_the_session_hold_more():
    """Batches never closed, a batch far longer than asked, a bad marker: bounded, no crash."""
    from app.client.fetches import MAX_BATCH_LINES, MAX_OPEN_BATCHES
    from app.irc.caps import CHATHISTORY_CAP, READ_MARKER_CAP
    from tests.client.harness import SERVER, Harness

    h = Harness("alice")
    h.register(caps=f"batch server-time message-tags {CHATHISTORY_CAP} {READ_MARKER_CAP}")
    assert h.session.fetch_older("#lobby", "m1")
    h.feed(f":{SERVER} BATCH +big chathistory #lobby")
    for index in range(MAX_BATCH_LINES + 50):
        h.feed(f"@batch=big;msgid=x{index} :bob!u@h PRIVMSG #lobby :old {index}")
    for index in range(MAX_OPEN_BATCHES * 3):
        h.feed(f":{SERVER} BATCH +open{index} chathistory #lobby")
    h.feed(f":{SERVER} BATCH -big")  # pushed out by the never-closed ones: nothing emitted
    assert not h.of(HistoryFetched)
    h.feed(
        f":{SERVER} MARKREAD #lobby timestamp=yesterday",
        f":{SERVER} MARKREAD #lobby",
        f":{SERVER} MARKREAD #lobby timestamp=2024-05-01T14:00:00.000Z",
    )
    assert [e.time is not None for e in h.of(ReadMarkerChanged)] == [True]
    # a well-behaved answer after all that is still taken, bounded
    h2 = Harness("bob")
    h2.register(caps=f"batch server-time message-tags {CHATHISTORY_CAP}")
    assert h2.session.fetch_older("#lobby", "m1")
    h2.feed(f":{SERVER} BATCH +b chathistory #lobby")
    for index in range(MAX_BATCH_LINES + 50):
        h2.feed(f"@batch=b;msgid=y{index} :carol!u@h PRIVMSG #lobby :old {index}")
    h2.feed(f":{SERVER} BATCH -b")
    (fetched,) = h2.of(HistoryFetched)
    assert len(fetched.messages) == MAX_BATCH_LINES and not fetched.complete
