"""The objects that own a Session's state, each through its own methods.

The session-level tests (``test_session_*.py``) drive them through received lines; these
hold each owner to its contract directly: the roster, registration and capabilities, the
outbox, the pending WHO/WHOIS replies, the history replay, and the commands' ``multiline``.
"""

from __future__ import annotations

import pytest

from app.client.commands import COMMANDS
from app.client.events import ErrorMessage, Event, MessageKind
from app.client.outbox import MAX_QUEUED, Held, Outbox
from app.client.pending import PendingReplies
from app.client.registration import (
    MAX_NICK_ATTEMPTS,
    Capabilities,
    Registration,
    username_from,
)
from app.client.replay import MAX_SEEN_IDS, Replay
from app.client.roster import Member, Roster
from app.client.state import ServerInfo
from app.irc.caps import CHATHISTORY_CAP
from tests.client.harness import Harness


@pytest.fixture
def roster() -> Roster:
    info = ServerInfo()
    info.update(["CASEMAPPING=rfc1459", "PREFIX=(ov)@+"])
    roster = Roster(info)
    roster.self_joined("#Lobby", "alice")
    assert roster.add_names("#lobby", ["alice", "@Carol", "+bob"])
    assert roster.end_names("#LOBBY", "alice") == "#Lobby"
    return roster


def test_roster_joins_parts_and_forgets_a_channel_we_left(roster: Roster) -> None:
    assert roster.channel_names() == ["#Lobby"]
    assert roster.joined("#lobby", "Dave") == "#Lobby"
    assert roster.joined("#elsewhere", "Dave") is None
    assert roster.left("#LOBBY", "dave", is_self=False) == "#Lobby"
    assert "Dave" not in roster.nicks("alice")
    assert roster.left("#lobby", "alice", is_self=True) == "#Lobby"
    assert roster.channel_names() == []
    assert roster.left("#lobby", "bob", is_self=False) is None


def test_roster_sorts_members_and_tracks_away(roster: Roster) -> None:
    assert roster.set_away("BOB", "lunch")
    assert not roster.set_away("bob", "lunch")  # no change
    assert roster.members("#lobby", "alice") == [
        Member("Carol", "@", away=False, is_self=False),
        Member("bob", "+", away=True, is_self=False),
        Member("alice", "", away=False, is_self=True),
    ]
    assert roster.channels_with("Bob") == ["#Lobby"]
    assert roster.set_away("bob", None)
    assert not roster.set_away("bob", None)
    assert roster.away_message("bob") is None


def test_roster_quit_and_rename_say_where_it_was_seen(roster: Roster) -> None:
    assert roster.open_private("carol") == "Carol"  # spelled as the channel shows her
    assert roster.rename("carol", "Caro", is_self=False) == ["#Lobby", "Carol"]
    assert roster.private_name("caro") == "Caro"
    assert roster.set_away("bob", "")
    assert roster.quit("BOB") == ["#Lobby"]
    assert roster.away_message("bob") is None
    assert roster.rename("alice", "al", is_self=True) == ["#Lobby", "Caro"]


def test_roster_prefixes_topics_and_the_one_who_after_a_join(roster: Roster) -> None:
    assert roster.set_prefix("#lobby", "bob", "@", on=True)
    assert [m.prefixes for m in roster.members("#lobby", "alice")][:2] == ["@+", "@"]
    assert not roster.set_prefix("#lobby", "nobody", "@", on=True)
    assert roster.set_topic("#LOBBY", "hello") == "#Lobby"
    assert roster.topic("#lobby") == "hello"
    assert roster.set_topic("#nowhere", "x") is None
    assert roster.take_who_request("#lobby")
    assert not roster.take_who_request("#lobby")


def test_roster_keeps_channels_over_a_disconnection_and_rekeys(roster: Roster) -> None:
    roster.remember_host("bob", "10.0.0.2")
    assert roster.host_of("BOB") == "10.0.0.2"
    assert roster.disconnected() == ["#Lobby"]
    assert roster.has_channel("#lobby")
    assert not roster.is_joined("#lobby")
    assert roster.members("#lobby", "alice") == []
    roster.connection_reset()
    assert roster.host_of("bob") is None
    roster.remember_channel("#[x]")
    assert roster.has_channel("#{x}")  # rfc1459 folds [ to {


def test_capabilities_negotiate_what_we_want() -> None:
    caps = Capabilities()
    caps.start()
    caps.offer(["server-time", "batch", "sasl=PLAIN", CHATHISTORY_CAP, "echo-message"])
    assert caps.negotiating
    assert caps.wanted() == sorted(["server-time", "batch", CHATHISTORY_CAP, "echo-message"])
    caps.acknowledge(["server-time", "batch", "echo-message"])
    assert caps.has("echo-message")
    assert not caps.replay_enabled
    caps.acknowledge([CHATHISTORY_CAP])
    assert caps.replay_enabled
    caps.acknowledge(["-echo-message"])
    assert not caps.has("echo-message")
    caps.withdraw(["batch"])
    assert "batch" not in caps.wanted()
    caps.stop()
    assert not caps.negotiating
    caps.reset()
    assert caps.wanted() == []


def test_registration_falls_back_to_other_nicks_then_gives_up() -> None:
    registration = Registration(
        "Sara",
        password=None,
        room="#lobby",
        username=None,
        realname="",
        host_secret=None,
        nick_fallback=True,
    )
    registration.begin()
    assert registration.next_nick(nicklen=4) == "Sar_"
    assert registration.next_nick(nicklen=30) == "Sara2"
    for _ in range(MAX_NICK_ATTEMPTS - 2):
        assert registration.next_nick(nicklen=30) is not None
    assert registration.next_nick(nicklen=30) is None
    assert not registration.finish()  # not welcomed yet
    registration.welcome("Sara9", "irc.test")
    assert registration.finish()
    assert not registration.finish()  # once
    assert registration.nick_fallback and registration.done
    registration.renamed("Sasan")
    registration.begin()
    assert registration.nick == "Sasan"


def test_username_is_ascii_from_the_nick() -> None:
    assert username_from("سارا") == "gofto"
    assert username_from("Ali-Reza_1") == "AliReza1"


def test_outbox_holds_until_open_and_refuses_past_its_limit() -> None:
    sent: list[str] = []
    events: list[Event] = []
    outbox = Outbox(sent.append, events.append)
    assert not outbox.is_open
    for index in range(MAX_QUEUED):
        assert outbox.hold(Held("#lobby", str(index), MessageKind.TEXT))
    assert not outbox.hold(Held("#lobby", "one too many", MessageKind.TEXT))
    assert outbox.take() is None  # not open yet
    outbox.wait_for_room()
    assert outbox.awaiting_room
    outbox.open()
    assert not outbox.awaiting_room
    assert outbox.take() == Held("#lobby", "0", MessageKind.TEXT)
    assert outbox.queued == MAX_QUEUED - 1
    assert outbox.send("PRIVMSG", "#lobby", "hi")
    assert not outbox.send("PRIVMSG", "#lobby", "a\r\nQUIT")  # cannot be formatted
    assert not outbox.send_raw(":")
    assert sent == ["PRIVMSG #lobby hi"]
    assert [type(event) for event in events] == [ErrorMessage, ErrorMessage]


def test_pending_replies_answer_in_order() -> None:
    pending = PendingReplies()
    assert not pending.awaiting_who() and not pending.who_done()
    pending.who_sent(shown=False)
    pending.who_sent(shown=True)
    assert not pending.who_shown()
    assert not pending.who_done()
    assert pending.who_shown()
    assert pending.who_done()
    pending.whois_sent("bob")
    assert pending.whois_pending("bob")
    pending.whois_done("bob")
    assert not pending.whois_pending("bob")


def test_replay_knows_its_batches_and_drops_what_was_shown() -> None:
    replay = Replay()
    replay.open_batch("r1", "#lobby")
    assert replay.in_history("r1") and not replay.in_history(None)
    assert replay.close_batch("r1") == "#lobby"
    assert replay.close_batch("r1") is None
    assert replay.first_sight("id-1")
    assert not replay.first_sight("id-1")
    for index in range(MAX_SEEN_IDS):
        replay.first_sight(f"other-{index}")
    assert replay.first_sight("id-1")  # forgotten: the memory is bounded


def test_multiline_is_a_property_of_the_command_not_of_its_handler() -> None:
    assert {name for name, command in COMMANDS.items() if command.multiline} == {
        "msg",
        "query",
        "me",
    }
    h = Harness("alice")
    h.register()
    h.clear()
    h.session.submit("#lobby", "/msg bob one\ntwo")
    h.session.submit("#lobby", "/topic first\nsecond")
    assert h.sent == ["PRIVMSG bob one", "PRIVMSG bob two", "TOPIC #lobby :first second"]
