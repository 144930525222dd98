"""When a conversation view asks for history (the rule Qt and Tk share), and what ``/more``
says when nothing comes: no history kept, a page already on its way, nothing older."""

from __future__ import annotations

from app.client.catalogue import ENGLISH
from app.client.fetches import PAGE
from app.client.presentation import presenter as p
from app.client.presentation.direction import strip_isolates
from app.client.presentation.paging import Paging, Waiting
from app.irc.caps import CHATHISTORY_CAP
from tests.client.harness import SERVER, Harness


def test_older_only_at_the_top_of_a_view_that_scrolls_one_request_at_a_time() -> None:
    paging = Paging()
    assert not paging.wants_older(at_top=False, scrollable=True)
    assert not paging.wants_older(at_top=True, scrollable=False)  # it all fits: not a scroll
    assert paging.wants_older(at_top=True, scrollable=True)
    paging.requested(True)
    assert not paging.wants_older(at_top=True, scrollable=True)  # on its way
    assert paging.arrived(complete=False, around=None) is None
    assert paging.wants_older(at_top=True, scrollable=True)
    paging.requested(False)  # the host keeps none, or the session had one out
    assert paging.wants_older(at_top=True, scrollable=True)
    paging.requested(True)
    paging.arrived(complete=True, around=None)
    assert not paging.wants_older(at_top=True, scrollable=True)  # the host has no more
    paging.reset()  # a new connection: it may have more now
    assert paging.wants_older(at_top=True, scrollable=True)


def test_a_request_never_answered_stops_holding_the_view() -> None:
    from app.client.fetches import FETCH_TIMEOUT

    now = [100.0]
    paging = Paging(clock=lambda: now[0])
    paging.requested(True)
    assert paging.fetching and not paging.wants_older(at_top=True, scrollable=True)
    now[0] += FETCH_TIMEOUT  # the host never answered: the person may ask again
    assert not paging.fetching and paging.wants_older(at_top=True, scrollable=True)


def test_a_search_result_is_handed_back_by_its_own_answer_only() -> None:
    paging = Paging()
    assert not paging.wants_around("hi", None)  # no server id: nothing to ask around
    assert paging.wants_around("hi", "m5")
    paging.requested(True)
    assert not paging.wants_around("other", "m9")  # one request at a time
    assert paging.arrived(complete=False, around="m7") is None  # someone else's answer
    assert paging.wants_around("hi", "m5")
    paging.requested(True)
    assert paging.arrived(complete=False, around="m5") == Waiting("hi", "m5")
    assert paging.wants_around("hi", "m5")
    paging.requested(False)  # not sent: forgotten
    assert paging.arrived(complete=False, around="m5") is None


def _said(changes: list[p.Change]) -> list[str]:
    return [
        strip_isolates(ENGLISH.say(c.record.sentence))
        for c in changes
        if isinstance(c, p.Added) and c.record.sentence is not None
    ]


def _with_presenter(caps: str | None) -> tuple[Harness, list[p.Change]]:
    h = Harness("alice", room="#lobby")
    presenter = p.Presenter(h.session)
    changes: list[p.Change] = []
    presenter.add_listener(changes.append)
    h.session.add_listener(presenter.on_event)
    h.register(caps=caps)
    return h, changes


def test_more_on_a_host_without_history_says_so() -> None:
    h, changes = _with_presenter(None)
    h.clear()
    h.session.submit("#lobby", "/more")
    assert not [line for line in h.sent if line.startswith("CHATHISTORY")]
    assert "This host keeps no history: there are no earlier pages to show." in _said(changes)


def test_more_sends_before_the_oldest_and_says_when_busy_or_done() -> None:
    h, changes = _with_presenter(f"batch server-time message-tags {CHATHISTORY_CAP}")
    h.feed(
        f":{SERVER} BATCH +j chathistory #lobby",
        "@batch=j;msgid=m1;time=2026-01-01T10:00:00.000Z :bob!u@h PRIVMSG #lobby :first",
        "@batch=j;msgid=m2;time=2026-01-01T10:01:00.000Z :bob!u@h PRIVMSG #lobby :second",
        f":{SERVER} BATCH -j",
    )
    h.clear()
    h.session.submit("#lobby", "/more")
    assert h.sent == [f"CHATHISTORY BEFORE #lobby msgid=m1 {PAGE}"]
    h.session.submit("#lobby", "/more")  # the page is on its way: not asked twice
    assert len(h.sent) == 1
    assert "The previous page of #lobby is on its way." in _said(changes)
    h.feed(f":{SERVER} BATCH +b chathistory #lobby", f":{SERVER} BATCH -b")
    (page,) = [c for c in changes if isinstance(c, p.Prepended)]
    assert page.records == () and page.complete
    h.session.submit("#lobby", "/more")
    assert len(h.sent) == 1
    assert "Nothing older in #lobby: the host's history of it starts here." in _said(changes)
    h.session.submit("#lobby", "/more #nowhere")
    assert "#nowhere is not open here" in _said(changes)[-1]
