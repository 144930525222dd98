"""Sessions on real sockets: Session + ThreadedTransport against Gofto's server and ngIRCd.

The same conversation runs against both servers, so what works with our server is known to
work with an ordinary IRC server too (and the other way round).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from app.client.events import (
    Disconnected,
    Joined,
    MembersChanged,
    MessageKind,
    MessageQueued,
    MessageReceived,
    Registered,
    RegistrationFailed,
    UserQuit,
)
from app.errors import WrongPassword
from tests.client.live import LiveClient


@dataclass(frozen=True, slots=True)
class Endpoint:
    kind: str
    host: str
    port: int


@pytest.fixture
def make_gofto() -> Iterator[Callable[..., Endpoint]]:
    """Start Gofto's own server (``ChatServer`` keyword arguments); all stopped afterwards."""
    server_module = pytest.importorskip("app.server.server")
    servers = []

    def make(**kwargs: object) -> Endpoint:
        server = server_module.ChatServer("127.0.0.1", 0, **kwargs)
        server.start()
        servers.append(server)
        host, port = server.address
        return Endpoint("gofto", host, port)

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(params=["gofto", pytest.param("ngircd", marks=pytest.mark.interop)])
def endpoint(request) -> Iterator[Endpoint]:
    """A running chat server: Gofto's own, or Debian's ngIRCd."""
    if request.param == "ngircd":
        server = request.getfixturevalue("ngircd")
        yield Endpoint("ngircd", server.host, server.port)
    else:
        yield request.getfixturevalue("make_gofto")()


@pytest.fixture
def connect() -> Iterator[Callable[..., LiveClient]]:
    """Make connected clients; all of them are closed (and their threads joined) afterwards."""
    clients: list[LiveClient] = []

    def make(endpoint: Endpoint, nick: str, *, start: bool = True, **kwargs: object) -> LiveClient:
        client = LiveClient(endpoint.host, endpoint.port, nick, **kwargs)
        clients.append(client)
        return client.connect() if start else client

    yield make
    for client in clients:
        client.close()
    for client in clients:
        assert not client.transport.connected


def in_room(client: LiveClient, room: str = "#lobby") -> None:
    client.wait_event(Joined, lambda e: e.is_self and e.channel.lower() == room)
    client.wait_event(MembersChanged)


def test_two_sessions_chat_in_the_room_and_in_private(endpoint, connect):
    alice = connect(endpoint, "alice")
    in_room(alice)
    bob = connect(endpoint, "bob")
    in_room(bob)
    alice.wait_for(
        lambda c: "bob" in [m.nick for m in c.session.members("#lobby")], "bob in alice's list"
    )

    alice.submit("#lobby", "hello from alice")
    heard = bob.wait_event(MessageReceived, lambda e: e.text == "hello from alice")
    assert (heard.conversation, heard.sender, heard.is_self, heard.is_private) == (
        "#lobby",
        "alice",
        False,
        False,
    )
    own = alice.wait_event(MessageReceived, lambda e: e.text == "hello from alice")
    assert own.is_self

    bob.submit("#lobby", "/msg alice psst, alice")
    private = alice.wait_event(MessageReceived, lambda e: e.text == "psst, alice")
    assert (private.conversation, private.is_private, private.highlight) == ("bob", True, True)
    echo = bob.wait_event(MessageReceived, lambda e: e.text == "psst, alice")
    assert (echo.conversation, echo.is_self, echo.is_private) == ("alice", True, True)

    bob.submit("#lobby", "/me waves")
    action = alice.wait_event(MessageReceived, lambda e: e.kind is MessageKind.ACTION)
    assert (action.sender, action.text) == ("bob", "waves")

    bob.submit("#lobby", "/quit bye now")
    gone = alice.wait_event(UserQuit)
    assert gone.nick == "bob"
    assert "#lobby" in [c.lower() for c in gone.channels]
    alice.wait_for(lambda c: "bob" not in [m.nick for m in c.session.members("#lobby")], "bob gone")
    # Our own messages are shown exactly once, echo-message or not.
    assert len([e for e in alice.of(MessageReceived) if e.text == "hello from alice"]) == 1


def test_second_alice_gets_an_alternative_nick(endpoint, connect):
    first = connect(endpoint, "alice")
    first.wait_event(Registered)
    second = connect(endpoint, "alice")
    registered = second.wait_event(Registered)
    assert registered.nick == "alice_"
    assert second.session.nick == "alice_"


def test_messages_typed_before_registration_arrive_after_the_join(endpoint, connect):
    bob = connect(endpoint, "bob")
    in_room(bob)
    alice = connect(endpoint, "alice", start=False)
    alice.submit("#lobby", "typed early")
    alice.submit("#lobby", "typed second")
    assert [e.text for e in alice.of(MessageQueued)] == ["typed early", "typed second"]
    alice.connect()
    first = bob.wait_event(MessageReceived, lambda e: e.text == "typed early")
    second = bob.wait_event(MessageReceived, lambda e: e.text == "typed second")
    assert bob.events.index(first) < bob.events.index(second)


def test_reconnect_rejoins_every_channel_and_sends_what_was_typed(endpoint, connect):
    bob = connect(endpoint, "bob")
    in_room(bob)
    alice = connect(endpoint, "alice")
    in_room(alice)
    alice.submit("#lobby", "/join #other")
    alice.wait_event(Joined, lambda e: e.is_self and e.channel == "#other")
    alice.drop()
    dropped = alice.wait_event(Disconnected)
    assert dropped.will_reconnect
    alice.submit("#lobby", "while away")
    alice.wait_event(MessageQueued, lambda e: e.text == "while away")
    # The server must have seen the old connection go, or the nick is still taken (alice_).
    bob.wait_for(lambda c: "alice" not in [m.nick for m in c.session.members("#lobby")], "gone")
    alice.reconnect()
    heard = bob.wait_event(MessageReceived, lambda e: e.text == "while away")
    assert heard.sender == "alice"
    alice.wait_for(
        lambda c: len([e for e in c.of(Joined) if e.is_self]) == 4, "both channels rejoined"
    )
    rejoined = [e.channel for e in alice.of(Joined) if e.is_self]
    assert rejoined == ["#lobby", "#other", "#lobby", "#other"]
    assert alice.session.channels == ["#lobby", "#other"]


def test_long_persian_text_arrives_whole_on_gofto(make_gofto, connect):
    endpoint = make_gofto()
    text = " ".join(["سلام دوستان، امروز هوا خیلی خوب است و می‌خواهیم به پارک برویم"] * 12)
    sara = connect(endpoint, "سارا")
    in_room(sara)
    reza = connect(endpoint, "رضا")
    in_room(reza)
    sara.wait_for(lambda c: len(c.session.members("#lobby")) == 2, "two members")
    sara.submit("#lobby", text)
    reza.wait_for(
        lambda c: " ".join(e.text for e in c.of(MessageReceived)) == text,
        "the whole text",
    )


def test_wrong_password_is_reported(make_gofto, connect):
    client = connect(make_gofto(password="right"), "alice", password="wrong")
    failure = client.wait_event(RegistrationFailed)
    assert isinstance(failure.error, WrongPassword)


def test_right_password_gets_in(make_gofto, connect):
    client = connect(make_gofto(password="right"), "alice", password="right")
    in_room(client)
