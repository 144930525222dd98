"""Search jumps that leave no hole, gap rows that load the rest, and the join's LATEST that a
scroll-up cannot take: a Session (and its Presenter) on a real server."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from app.client import spans
from app.client.events import (
    HistoryFetched,
    Joined,
    MessageKind,
    MessageReceived,
    ReadMarkerChanged,
    ReplayMaySkip,
)
from app.client.fetches import FETCH_TIMEOUT, MAX_WAITING, Fetches, Kind
from app.client.presentation import records as rec
from app.client.presentation.presenter import GapFilled, Prepended, Presenter
from tests.client.live import LiveClient

SAID = 120  # lines on the host; a joiner is shown the latest 50 (70–119)


def _say_lines(make_chat_server) -> tuple[tuple[str, int], LiveClient]:
    server = make_chat_server(flood_limit=False)
    host, port = server.address
    bob = LiveClient(host, port, "bob").connect()
    bob.wait_event(Joined, lambda e: e.is_self)
    for index in range(SAID):
        bob.submit("#lobby", f"line {index}")
    bob.wait_event(MessageReceived, lambda e: e.text == f"line {SAID - 1}")
    return (host, port), bob


def _ids(bob: LiveClient) -> dict[str, str]:
    return {e.text: e.msgid for e in bob.of(MessageReceived) if e.msgid}


def _joined(address: tuple[str, int]) -> tuple[LiveClient, Presenter, list[object]]:
    alice = LiveClient(*address, "alice")
    presenter = Presenter(alice.session)
    alice.session.add_listener(presenter.on_event)
    changes: list[object] = []
    presenter.add_listener(changes.append)
    alice.connect()
    alice.wait_event(MessageReceived, lambda e: e.text == f"line {SAID - 1}")
    return alice, presenter, changes


def _texts(records) -> list[str]:
    return [r.spans[0].text if r.is_message else r.kind for r in records]


def test_a_jump_older_than_what_is_shown_brings_every_line_between(make_chat_server):
    address, bob = _say_lines(make_chat_server)
    alice, presenter, changes = _joined(address)
    try:
        ids = _ids(bob)
        lobby = presenter.conversation("#lobby")
        assert lobby is not None and lobby.oldest_id == ids["line 70"]
        assert alice.call(lambda s: presenter.around(lobby, ids["line 20"]))
        fetched = alice.wait_event(HistoryFetched)
        assert fetched.around == ids["line 20"] and fetched.gap_at is None
        # lines 21–69 between the target and what was shown, and context before the target
        texts = [m.text for m in fetched.messages]
        assert texts == [f"line {i}" for i in range(20 - spans.CONTEXT_LINES + 1, 70)]
        (prepended,) = [c for c in changes if isinstance(c, Prepended)]
        assert prepended.around == ids["line 20"]
        assert not any(r.kind == rec.GAP for r in prepended.records)
        # scrolling up now continues above the context, not above the jump
        assert lobby.oldest_id == ids[f"line {20 - spans.CONTEXT_LINES + 1}"]
        assert alice.call(lambda s: presenter.older(lobby))
        page = alice.wait_event(HistoryFetched, lambda e: e is not fetched)
        assert [m.text for m in page.messages] == ["line 0"] and page.complete
    finally:
        alice.close()
        bob.close()


def test_a_stretch_longer_than_the_bound_leaves_a_gap_row_that_loads_the_rest(
    make_chat_server, monkeypatch
):
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 30)  # pages of 30 lines, at most 30 at once
    address, bob = _say_lines(make_chat_server)
    alice, presenter, changes = _joined(address)
    try:
        ids = _ids(bob)
        lobby = presenter.conversation("#lobby")
        assert alice.call(lambda s: presenter.around(lobby, ids["line 20"]))
        fetched = alice.wait_event(HistoryFetched)
        # the 30 lines just above what was shown, and the lines around the target
        texts = [m.text for m in fetched.messages]
        assert texts == [f"line {i}" for i in (*range(10, 31), *range(40, 70))]
        assert fetched.gap_at == 21 and fetched.around == ids["line 20"]
        (prepended,) = [c for c in changes if isinstance(c, Prepended)]
        shown = _texts(prepended.records)
        assert shown[20:23] == ["line 30", rec.GAP, "line 40"]
        gap = prepended.records[21]
        assert gap.sentence is None and gap.history
        # the row loads the missing lines 31–39, into its place
        assert alice.call(lambda s: presenter.fill_gap(lobby, gap.id))
        assert not alice.call(lambda s: presenter.fill_gap(lobby, "gap-unknown"))
        filled = alice.wait_event(HistoryFetched, lambda e: e.fills is not None)
        assert filled.fills == (ids["line 30"], ids["line 40"]) and filled.gap_at is None
        (change,) = [c for c in changes if isinstance(c, GapFilled)]
        assert change.gap_id == gap.id
        assert _texts(change.records) == [f"line {i}" for i in range(31, 40)]
        assert not lobby.gaps  # no hole is left
    finally:
        alice.close()
        bob.close()


def test_a_gap_longer_than_one_fetch_keeps_a_row_above_what_came(make_chat_server, monkeypatch):
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 10)
    address, bob = _say_lines(make_chat_server)
    alice, presenter, changes = _joined(address)
    try:
        ids = _ids(bob)
        lobby = presenter.conversation("#lobby")
        assert alice.call(lambda s: presenter.around(lobby, ids["line 20"]))
        fetched = alice.wait_event(HistoryFetched)
        assert [m.text for m in fetched.messages][fetched.gap_at :] == [
            f"line {i}" for i in range(60, 70)
        ]
        (prepended,) = [c for c in changes if isinstance(c, Prepended)]
        gap = next(r for r in prepended.records if r.kind == rec.GAP)
        assert alice.call(lambda s: presenter.fill_gap(lobby, gap.id))
        alice.wait_event(HistoryFetched, lambda e: e.fills is not None)
        (change,) = [c for c in changes if isinstance(c, GapFilled)]
        # lines 50–59 came; the rest of the hole (31–49) is a new row above them
        assert _texts(change.records) == [rec.GAP, *(f"line {i}" for i in range(50, 60))]
        assert list(lobby.gaps) == [change.records[0].id]
    finally:
        alice.close()
        bob.close()


def test_a_scroll_up_sent_before_the_joins_answer_does_not_take_it(make_chat_server):
    """The join's LATEST is registered: a BEFORE sent while it is on its way gets its own
    answer, and the latest lines are shown as they arrive. Deterministic: the BEFORE goes out
    when the read marker of the JOIN's own burst arrives, which the host wrote before it read
    our LATEST (sent when its JOIN echo came), so the LATEST's answer is still to come."""
    address, bob = _say_lines(make_chat_server)
    ids = _ids(bob)
    alice = LiveClient(*address, "alice")
    asked: list[bool] = []

    def scroll_up_at_once(event: object) -> None:
        if isinstance(event, ReadMarkerChanged) and not asked:
            asked.append(alice.session.fetch_older("#lobby", ids["line 70"]))

    alice.session.add_listener(scroll_up_at_once)
    alice.connect()
    try:
        page = alice.wait_event(HistoryFetched)
        assert asked == [True]
        assert [m.text for m in page.messages] == [f"line {i}" for i in range(20, 70)]
        alice.wait_event(MessageReceived, lambda e: e.text == f"line {SAID - 1}")
        shown = [e.text for e in alice.of(MessageReceived) if e.conversation == "#lobby"]
        assert shown == [f"line {i}" for i in range(70, SAID)]
    finally:
        alice.close()
        bob.close()


def test_requests_a_host_never_answers_stay_bounded_and_stop_blocking():
    now = [0.0]
    fetches = Fetches(clock=lambda: now[0])
    for _ in range(MAX_WAITING):
        fetches.sent("#lobby", Kind.OLDER, 50)
    assert fetches.busy("#lobby") and not fetches.has_room("#lobby")
    now[0] += FETCH_TIMEOUT + 1  # the person may ask again
    assert not fetches.busy("#lobby") and fetches.has_room("#lobby")
    for _ in range(MAX_WAITING * 4):  # a host that never answers: the oldest are forgotten
        fetches.sent("#lobby", Kind.OLDER, 50)
    assert fetches.waiting("#lobby") == 2 * MAX_WAITING
    # the join's LATEST never keeps a conversation busy, and a late batch still finds it
    fetches.connection_reset()
    fetches.sent("#lobby", Kind.JOIN, 50)
    fetches.sent("#lobby", Kind.OLDER, 50)
    fetches.open_batch("a", "#lobby", "#lobby")
    assert not fetches.collects("a")  # the join's: shown as it arrives
    fetches.open_batch("b", "#lobby", "#lobby")
    assert fetches.collects("b")


def test_a_span_walk_is_bounded_whatever_the_host_answers():
    """A host that answers every page full, with lines that repeat, cannot keep the walk
    going or make it hold more than its bound."""
    when = datetime.now(UTC)
    line = MessageReceived("#lobby", "bob", "x", MessageKind.TEXT, False, False, False, when)
    line = dataclasses.replace(line, is_history=True, msgid="same")
    walk = spans.SpanFetch("lower", "upper", None, page=5, bound=12)
    steps = 0
    while not walk.answered((line,) * 5, 5):
        steps += 1
        assert steps < 10
    assert walk.result is not None and walk.result.gap_at == 0


def _line(number: int) -> MessageReceived:
    when = datetime.now(UTC)
    line = MessageReceived(
        "#lobby", "bob", f"line {number}", MessageKind.TEXT, False, False, False, when
    )
    return dataclasses.replace(line, is_history=True, msgid=f"m{number}")


def test_lines_around_the_target_that_reach_the_stretch_leave_no_gap():
    """Pages full up to the bound, then the lines around the target overlap what came: the
    stretch is whole, so no gap row."""
    walk = spans.SpanFetch("m40", "m20", "m20", page=10, bound=10)
    assert walk.request().params("#lobby") == ("BETWEEN", "#lobby", "msgid=m40", "msgid=m20", "10")
    assert not walk.answered(tuple(_line(n) for n in range(30, 40)), 10)
    assert walk.request().subcommand == "AROUND"
    assert walk.answered(tuple(_line(n) for n in range(10, 31)), 21)
    assert walk.result is not None and walk.result.gap_at is None
    assert [m.text for m in walk.result.lines] == [f"line {n}" for n in range(10, 40)]


def test_a_refused_step_ends_the_jump_with_what_came_and_the_hole_marked():
    """``FAIL CHATHISTORY`` for a step: the lines already fetched are handed on, with the
    hole left above them; the conversation is not left busy."""
    from app.irc.caps import CHATHISTORY_CAP
    from tests.client.harness import SERVER, Harness

    h = Harness("alice")
    h.register(
        caps=f"batch server-time message-tags {CHATHISTORY_CAP}",
        isupport="CASEMAPPING=rfc1459 CHANTYPES=# CHATHISTORY=3",
    )
    h.feed(f":{SERVER} BATCH +j chathistory #lobby", f":{SERVER} BATCH -j")  # the join's
    h.sent.clear()
    assert h.session.fetch_jump("#lobby", "m1", "m90")
    assert h.sent == ["CHATHISTORY BETWEEN #lobby msgid=m90 msgid=m1 3"]  # the host's page
    h.feed(f":{SERVER} BATCH +a chathistory #lobby")
    for number in (87, 88, 89):
        h.feed(f"@batch=a;msgid=m{number} :bob!u@h PRIVMSG #lobby :line {number}")
    h.feed(f":{SERVER} BATCH -a")
    assert h.sent[-1] == "CHATHISTORY BETWEEN #lobby msgid=m87 msgid=m1 3"  # walking on
    assert not h.of(HistoryFetched) and h.session.fetches.busy("#lobby")
    h.feed(
        f":{SERVER} FAIL CHATHISTORY MESSAGE_ERROR BETWEEN #lobby :Messages could not be retrieved"
    )
    (fetched,) = h.of(HistoryFetched)
    assert [m.text for m in fetched.messages] == ["line 87", "line 88", "line 89"]
    assert fetched.around == "m1" and fetched.gap_at == 0 and not fetched.complete
    assert not h.session.fetches.busy("#lobby")


def test_a_gap_fill_and_a_scroll_up_out_together_each_get_their_answer(make_chat_server):
    """Requests of different kinds out at once for one room: each batch answers its own (the
    host answers in order), so the lines of the hole do not land above everything."""
    address, bob = _say_lines(make_chat_server)
    alice, _presenter, _changes = _joined(address)
    try:
        ids = _ids(bob)
        assert alice.call(lambda s: s.fetch_older("#lobby", ids["line 70"]))
        assert alice.call(lambda s: s.fetch_gap("#lobby", ids["line 5"], ids["line 10"]))
        assert not alice.call(lambda s: s.fetch_gap("#lobby", ids["line 5"], ids["line 10"]))
        alice.wait_for(lambda c: len(c.of(HistoryFetched)) == 2, "both answers")
        page, filled = alice.of(HistoryFetched)
        assert page.fills is None and [m.text for m in page.messages][-1] == "line 69"
        assert filled.fills == (ids["line 5"], ids["line 10"])
        assert [m.text for m in filled.messages] == [f"line {i}" for i in range(6, 10)]
    finally:
        alice.close()
        bob.close()


def _rejoined_after(make_chat_server, missed: int):
    """alice is shown the latest 50 of SAID lines, loses her connection, bob says ``missed``
    more, and alice comes back."""
    address, bob = _say_lines(make_chat_server)
    alice, presenter, changes = _joined(address)
    alice.drop()
    alice.wait_for(lambda c: bool(c.closed_reasons), "the drop")
    for index in range(SAID, SAID + missed):
        bob.submit("#lobby", f"line {index}")
    bob.wait_event(MessageReceived, lambda e: e.text == f"line {SAID + missed - 1}")
    alice.reconnect()
    last = f"line {SAID + missed - 1}"
    alice.wait_event(MessageReceived, lambda e: e.text == last)
    alice.wait_for(lambda c: c.call(lambda s: not s.outbox.awaiting_replay), "the replay")
    return alice, bob, presenter, changes


def test_a_rejoin_that_may_have_skipped_lines_shows_a_gap_row_that_loads_them(
    make_chat_server,
):
    alice, bob, presenter, changes = _rejoined_after(make_chat_server, 80)
    try:
        alice.wait_event(ReplayMaySkip)
        ids = _ids(bob)
        (change,) = [c for c in changes if isinstance(c, GapFilled)]
        gap, separator = change.records
        assert gap.kind == rec.GAP and separator.id == change.gap_id
        lobby = presenter.conversation("#lobby")
        assert lobby.gaps[gap.id] == (ids["line 119"], ids["line 150"])
        assert alice.call(lambda s: presenter.fill_gap(lobby, gap.id))
        filled = alice.wait_event(HistoryFetched, lambda e: e.fills is not None)
        assert [m.text for m in filled.messages] == [f"line {i}" for i in range(120, 150)]
        assert not lobby.gaps
    finally:
        alice.close()
        bob.close()


def test_a_rejoin_whose_replay_overlaps_what_was_shown_has_no_gap(make_chat_server):
    alice, bob, _presenter, changes = _rejoined_after(make_chat_server, 20)
    try:
        shown = [e.text for e in alice.of(MessageReceived) if e.conversation == "#lobby"]
        assert shown == [f"line {i}" for i in range(70, SAID + 20)]  # nothing missing
        assert len(alice.of(ReplayMaySkip)) == 1  # the first join's: nothing was shown before
        assert not [c for c in changes if isinstance(c, GapFilled)]
    finally:
        alice.close()
        bob.close()


def test_a_host_without_between_gets_the_lines_around_and_a_gap_row_below_them():
    """``FAIL CHATHISTORY`` for the first ``BETWEEN`` of a jump: the lines around the target
    come (``AROUND``), and a gap row between them and the oldest line shown says what is
    missing; the conversation never silently has a hole."""
    from app.irc.caps import CHATHISTORY_CAP
    from tests.client.harness import SERVER, Harness

    h = Harness("alice")
    presenter = Presenter(h.session)
    h.session.add_listener(presenter.on_event)
    changes: list[object] = []
    presenter.add_listener(changes.append)
    h.register(caps=f"batch server-time message-tags {CHATHISTORY_CAP}")
    stamp = "time=2026-01-01T10:00:00.000Z"
    h.feed(f":{SERVER} BATCH +j chathistory #lobby")
    for number in range(70, 120):
        h.feed(f"@batch=j;msgid=m{number};{stamp} :bob!u@h PRIVMSG #lobby :line {number}")
    h.feed(f":{SERVER} BATCH -j")
    lobby = presenter.conversation("#lobby")
    assert lobby.oldest_id == "m70"
    h.sent.clear()
    assert presenter.around(lobby, "m20")
    assert h.sent == ["CHATHISTORY BETWEEN #lobby msgid=m70 msgid=m20 100"]
    h.feed(f":{SERVER} FAIL CHATHISTORY INVALID_PARAMS BETWEEN #lobby :Unknown subcommand")
    assert h.sent[-1] == "CHATHISTORY AROUND #lobby msgid=m20 21"
    h.feed(f":{SERVER} BATCH +a chathistory #lobby")
    for number in range(10, 31):
        h.feed(f"@batch=a;msgid=m{number};{stamp} :bob!u@h PRIVMSG #lobby :line {number}")
    h.feed(f":{SERVER} BATCH -a")
    (prepended,) = [c for c in changes if isinstance(c, Prepended)]
    assert prepended.around == "m20"
    assert _texts(prepended.records) == [*(f"line {n}" for n in range(10, 31)), rec.GAP]
    assert lobby.gaps == {prepended.records[-1].id: ("m30", "m70")}
    assert lobby.oldest_id == "m10"
