"""LIST and WHOIS asked quietly: one event each, no lines in the room; typed ones still show."""

from __future__ import annotations

from app.client.events import Info, Joined, PersonLooked, RoomInfo, RoomsListed
from app.client.lookups import MAX_ROOMS
from tests.client.harness import SERVER, Harness


def registered() -> Harness:
    harness = Harness("alice")
    harness.register()
    harness.clear()
    return harness


def test_a_quiet_list_is_one_event_and_no_lines():
    h = registered()
    assert h.session.list_rooms()
    assert h.sent == ["LIST"]
    h.feed(
        f":{SERVER} 321 alice Channel :Users  Name",
        f":{SERVER} 322 alice #lobby 3 :Hello \x02all\x02",
        f":{SERVER} 322 alice #کتاب 1 :",
        f":{SERVER} 323 alice :End of /LIST",
    )
    assert h.of(Info) == []
    assert h.of(RoomsListed) == [
        RoomsListed((RoomInfo("#lobby", 3, "Hello \x02all\x02"), RoomInfo("#کتاب", 1, "")))
    ]


def test_a_typed_list_still_shows_lines_and_refreshes_the_rooms():
    h = registered()
    h.session.submit("#lobby", "/raw LIST")
    h.feed(
        f":{SERVER} 321 alice Channel :Users  Name",
        f":{SERVER} 322 alice #lobby 2 :hi",
        f":{SERVER} 323 alice :End of /LIST",
    )
    assert h.of(Info)
    assert h.of(RoomsListed)[0].rooms == (RoomInfo("#lobby", 2, "hi"),)


def test_list_is_bounded_and_odd_counts_do_not_crash():
    h = registered()
    h.session.list_rooms()
    h.feed(f":{SERVER} 322 alice #x notanumber :t", f":{SERVER} 322 alice #y 99999999999999 :t")
    for i in range(MAX_ROOMS + 10):
        h.feed(f":{SERVER} 322 alice #r{i} 1 :")
    h.feed(f":{SERVER} 323 alice :End")
    (listed,) = h.of(RoomsListed)
    assert len(listed.rooms) == MAX_ROOMS
    assert listed.rooms[0] == RoomInfo("#x", 0, "t")
    assert listed.rooms[1].users == 0


def test_nothing_is_sent_before_registration():
    h = Harness("alice")
    assert not h.session.list_rooms()
    assert not h.session.look_up("bob")
    assert h.sent == []


def test_a_quiet_whois_is_one_card():
    h = registered()
    assert h.session.look_up("Bob")
    assert h.sent == ["WHOIS Bob"]
    h.feed(
        f":{SERVER} 311 alice bob ~bob 10.0.0.7 * :Bob Builder",
        f":{SERVER} 319 alice bob :@#lobby #کتاب",
        f":{SERVER} 312 alice bob {SERVER} :TestNet",
        f":{SERVER} 313 alice bob :is the host of this chat",
        f":{SERVER} 301 alice bob :at lunch",
        f":{SERVER} 317 alice bob 125 1700000000 :seconds idle, signon time",
        f":{SERVER} 318 alice bob :End of /WHOIS list",
    )
    assert h.of(Info) == []
    (card,) = h.of(PersonLooked)
    assert card.found and card.nick == "bob"
    assert (card.user, card.host, card.realname) == ("~bob", "10.0.0.7", "Bob Builder")
    assert card.channels == ("@#lobby", "#کتاب")
    assert card.server == SERVER
    assert card.operator == "is the host of this chat"
    assert card.away == "at lunch"
    assert card.idle_seconds == 125
    assert card.signon is not None and card.signon.year == 2023


def test_a_quiet_whois_of_nobody_is_a_card_saying_so():
    h = registered()
    h.session.look_up("ghost")
    h.feed(
        f":{SERVER} 401 alice ghost :No such nick/channel",
        f":{SERVER} 318 alice ghost :End of /WHOIS list",
    )
    assert h.of(Info) == [] and not [e for e in h.events if type(e).__name__ == "ErrorMessage"]
    (card,) = h.of(PersonLooked)
    assert not card.found and card.nick == "ghost"


def test_a_typed_whois_still_shows_lines_and_no_card():
    h = registered()
    h.session.submit("#lobby", "/whois bob")
    h.feed(
        f":{SERVER} 311 alice bob ~bob host * :Bob",
        f":{SERVER} 318 alice bob :End of /WHOIS list",
    )
    assert len(h.of(Info)) == 2
    assert h.of(PersonLooked) == []


def test_who_flags_mark_the_host_in_the_member_list():
    h = registered()
    h.join("#room", "bob", "carol")
    h.feed(
        f":{SERVER} 352 alice #room ~b h {SERVER} bob H*@ :0 Bob",
        f":{SERVER} 352 alice #room ~c h {SERVER} carol H :0 Carol",
        f":{SERVER} 315 alice #room :End of WHO list",
    )
    hosts = {m.nick: m.is_host for m in h.session.members("#room")}
    assert hosts == {"alice": False, "bob": True, "carol": False}
    h.feed(":bob!~b@h NICK robert")
    hosts = {m.nick: m.is_host for m in h.session.members("#room")}
    assert hosts["robert"] is True


# -- live, against Gofto's server and ngIRCd ---------------------------------------------------
from tests.client.test_end_to_end import (  # noqa: E402 - the live fixtures of that module
    connect,  # noqa: F401
    endpoint,  # noqa: F401
    in_room,
    make_gofto,  # noqa: F401
)


def test_live_room_list_and_card(endpoint, connect):  # noqa: F811
    bob = connect(endpoint, "bob", realname="Bob Builder")
    in_room(bob)
    bob.submit("#lobby", "/join #books")
    bob.wait_event(Joined, lambda e: e.is_self and e.channel.lower() == "#books")
    alice = connect(endpoint, "alice")
    in_room(alice)
    assert alice.call(lambda session: session.list_rooms())
    listed = alice.wait_event(RoomsListed)
    rooms = {room.name.lower(): room.users for room in listed.rooms}
    assert rooms["#books"] == 1 and rooms["#lobby"] == 2
    assert alice.call(lambda session: session.look_up("bob"))
    card = alice.wait_event(PersonLooked)
    assert card.found and card.nick == "bob" and card.realname == "Bob Builder"
    assert {name.lstrip("@+").lower() for name in card.channels} == {"#lobby", "#books"}
    assert card.idle_seconds is not None
    assert not [e for e in alice.of(Info) if "bob" in e.text.lower()]  # a card, not lines
