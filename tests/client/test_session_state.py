"""Session member tracking: NAMES, JOIN/PART/KICK/QUIT/NICK, away states, modes, topics."""

from __future__ import annotations

import pytest

from app.client.events import (
    AwayChanged,
    Info,
    Joined,
    Kicked,
    MembersChanged,
    NickChanged,
    Parted,
    TopicChanged,
    UserQuit,
)
from app.client.session import Member
from tests.client.harness import SERVER, Harness


def nicks(h: Harness, channel: str = "#lobby") -> list[str]:
    return [m.prefixes + m.nick for m in h.session.members(channel)]


@pytest.fixture
def h() -> Harness:
    harness = Harness("alice")
    harness.register()
    harness.feed(
        f":{SERVER} 353 alice = #lobby :alice @carol +bob dave",
        f":{SERVER} 366 alice #lobby :End of /NAMES list.",
    )
    harness.clear()
    return harness


def test_names_are_sorted_operators_first_then_by_nick(h):
    assert nicks(h) == ["@carol", "+bob", "alice", "dave"]
    me = next(m for m in h.session.members("#LOBBY") if m.is_self)
    assert me == Member("alice", "", away=False, is_self=True)


def test_multi_prefix_and_userhost_in_names_are_understood():
    h = Harness("alice")
    h.register(caps="multi-prefix")
    h.feed(
        f":{SERVER} 353 alice = #lobby :@+bob!b@host alice",
        f":{SERVER} 366 alice #lobby :End",
    )
    assert nicks(h) == ["@+bob", "alice"]


def test_names_emit_members_changed_and_a_silent_who():
    h = Harness("alice")
    h.register(join=False)
    h.clear()
    h.join("#lobby", "bob")
    assert MembersChanged("#lobby") in h.events
    assert h.sent[-1] == "WHO #lobby"


@pytest.mark.parametrize(
    ("line", "expected_members", "event"),
    [
        (":erin!e@h JOIN #lobby", ["@carol", "+bob", "alice", "dave", "erin"], Joined),
        (":bob!b@h PART #lobby :bye", ["@carol", "alice", "dave"], Parted),
        (":carol!c@h KICK #lobby dave :spam", ["@carol", "+bob", "alice"], Kicked),
        (":dave!d@h QUIT :Ping timeout", ["@carol", "+bob", "alice"], UserQuit),
        (":BOB!b@h NICK zed", ["@carol", "+zed", "alice", "dave"], NickChanged),
        (":carol!c@h MODE #lobby +o-v dave bob", ["@carol", "@dave", "alice", "bob"], None),
        (":carol!c@h MODE #lobby +kv-o key alice carol", ["+alice", "+bob", "carol", "dave"], None),
    ],
)
def test_membership_changes(h, line, expected_members, event):
    h.feed(line)
    assert nicks(h) == expected_members
    assert MembersChanged("#lobby") in h.events
    if event is not None:
        assert isinstance(h.events[0], event)


def test_quit_lists_the_shared_channels(h):
    h.join("#other", "dave")
    h.clear()
    h.feed(":dave!d@h QUIT :gone")
    (quit_event,) = h.of(UserQuit)
    assert (quit_event.nick, quit_event.reason, quit_event.channels) == (
        "dave",
        "gone",
        ("#lobby", "#other"),
    )
    assert h.of(MembersChanged) == [MembersChanged("#lobby"), MembersChanged("#other")]


def test_our_own_part_and_kick_forget_the_channel(h):
    h.join("#other")
    h.feed(":alice!a@h PART #other :later")
    assert h.session.channels == ["#lobby"]
    assert h.of(Parted)[-1].is_self
    h.feed(":carol!c@h KICK #lobby alice :out")
    assert h.session.channels == []
    assert h.of(Kicked)[-1].is_self


def test_our_nick_change_is_tracked(h):
    h.session.open_private("bob")
    h.feed(":alice!a@h NICK alicia")
    assert h.session.nick == "alicia"
    (change,) = h.of(NickChanged)
    assert change.is_self
    assert change.conversations == ("#lobby", "bob")
    assert any(m.is_self and m.nick == "alicia" for m in h.session.members("#lobby"))


def test_someone_elses_nick_change_renames_their_private_conversation(h):
    assert h.session.open_private("Bob") == "bob"  # the member's spelling wins
    h.feed(":bob!b@h NICK robert")
    assert h.of(NickChanged)[0].conversations == ("#lobby", "bob")
    assert h.session.open_private("robert") == "robert"


def test_away_notify_marks_members_away_and_back(h):
    h.feed(":bob!b@h AWAY :lunch")
    assert h.of(AwayChanged) == [AwayChanged("bob", "lunch")]
    assert next(m for m in h.session.members("#lobby") if m.nick == "bob").away
    assert MembersChanged("#lobby") in h.events
    h.clear()
    h.feed(":bob!b@h AWAY")
    assert h.of(AwayChanged) == [AwayChanged("bob", None)]
    assert not any(m.away for m in h.session.members("#lobby"))


def test_who_replies_learn_away_states_silently(h):
    h.join("#who", "bob", "dave")
    h.clear()
    h.feed(
        f":{SERVER} 352 alice #who ~b host {SERVER} bob G :0 Bob",
        f":{SERVER} 352 alice #who ~d host {SERVER} dave H@ :0 Dave",
        f":{SERVER} 315 alice #who :End of WHO list",
    )
    assert [m.nick for m in h.session.members("#who") if m.away] == ["bob"]
    assert h.of(Info) == []


def test_away_reply_to_a_private_message(h):
    h.session.open_private("bob")
    h.feed(f":{SERVER} 301 alice bob :in a meeting")
    assert h.of(AwayChanged) == [AwayChanged("bob", "in a meeting")]
    h.clear()
    h.feed(f":{SERVER} 301 alice bob :in a meeting")
    assert h.events == []  # the same reply to every message is shown once


def test_topics(h):
    h.feed(f":{SERVER} 332 alice #lobby :Welcome all", f":{SERVER} 333 alice #lobby carol 1")
    assert h.session.topic("#LOBBY") == "Welcome all"
    assert h.of(TopicChanged)[0].setter is None
    h.feed(":carol!c@h TOPIC #lobby :New topic")
    assert h.of(TopicChanged)[-1].setter == "carol"
    assert h.session.topic("#lobby") == "New topic"
    assert h.session.topic("#nowhere") == ""


def test_nicks_for_completion(h):
    assert h.session.nicks() == ["bob", "carol", "dave"]


@pytest.mark.parametrize(
    ("casemapping", "first", "second", "same"),
    [
        ("rfc1459", "#Lobby[1]", "#lobby{1}", True),
        ("ascii", "#Lobby[1]", "#lobby{1}", False),
        ("ascii", "#LOBBY", "#lobby", True),
        ("rfc8265", "#ÇAY", "#çay", True),
        ("rfc8265", "#Straße", "#STRASSE", True),
        ("rfc1459", "#ÇAY", "#çay", False),
    ],
)
def test_channel_names_fold_per_server_casemapping(casemapping, first, second, same):
    h = Harness("alice", room=first)
    h.register(isupport=f"CASEMAPPING={casemapping}")
    assert bool(h.session.members(second)) is same


def test_casemapping_learned_late_rekeys_channels():
    h = Harness("alice", room="#ÇAY")
    h.session.connection_made()
    h.feed(f":{SERVER} 001 alice :hi", ":alice!a@h JOIN #ÇAY")
    assert not h.session.members("#çay")
    h.feed(f":{SERVER} 005 alice CASEMAPPING=rfc8265 :are supported")
    assert h.session.members("#çay")


def test_disconnect_clears_members_but_keeps_channels(h):
    h.session.connection_lost("gone")
    assert h.session.channels == ["#lobby"]
    assert h.session.members("#lobby") == []
    assert MembersChanged("#lobby") in h.events
