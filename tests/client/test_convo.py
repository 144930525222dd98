"""Replies, reactions, typing, deletion and multiline: two Sessions on a real Gofto server,
and the typing rate with a fake clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from app.client.convo import multiline_batches, multiline_limits
from app.client.events import (
    ErrorMessage,
    Joined,
    MembersChanged,
    MessageReceived,
    MessageRedacted,
    ReactionReceived,
    TypingChanged,
)
from app.client.session import Session
from app.server.server import ChatServer
from tests.client.live import LiveClient


@pytest.fixture
def pair() -> Iterator[Callable[..., tuple[LiveClient, LiveClient]]]:
    servers: list[ChatServer] = []
    clients: list[LiveClient] = []

    def make(**server_kwargs: object) -> tuple[LiveClient, LiveClient]:
        server = ChatServer("127.0.0.1", 0, **server_kwargs)
        server.start()
        servers.append(server)
        host, port = server.address
        made = []
        for nick in ("alice", "bob"):
            client = LiveClient(host, port, nick).connect()
            clients.append(client)
            client.wait_event(Joined, lambda e: e.is_self)
            client.wait_event(MembersChanged)
            made.append(client)
        made[0].wait_event(Joined, lambda e: e.nick == "bob")
        for client in made:  # the room's history replayed: messages go out at once
            _wait_open(client)
        return made[0], made[1]

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


def _wait_open(client: LiveClient, timeout: float = 10.0) -> None:
    """Until the session's outbox opened (no event says so: polled, bounded)."""
    deadline = time.monotonic() + timeout
    while not client.call(lambda s: s.outbox.is_open):
        assert time.monotonic() < deadline, "the outbox never opened"
        threading.Event().wait(0.01)


def _message(client: LiveClient, text: str) -> MessageReceived:
    return client.wait_event(MessageReceived, lambda e: e.text == text)


def test_reply_react_and_unreact(pair):
    alice, bob = pair()
    alice.submit("#lobby", "hello")
    parent = _message(bob, "hello")
    assert parent.msgid
    bob.call(lambda s: s.reply("#lobby", parent.msgid, "hi back"))
    answer = _message(alice, "hi back")
    assert answer.reply_to == parent.msgid and answer.sender == "bob"
    assert bob.call(lambda s: s.react("#lobby", parent.msgid, "👍"))
    reaction = alice.wait_event(ReactionReceived)
    assert (reaction.sender, reaction.reply_to, reaction.reaction, reaction.removed) == (
        "bob",
        parent.msgid,
        "👍",
        False,
    )
    assert bob.wait_event(ReactionReceived).is_self  # the echo tells our own view too
    bob.call(lambda s: s.react("#lobby", parent.msgid, "👍", remove=True))
    assert alice.wait_event(ReactionReceived, lambda e: e.removed).reaction == "👍"


def test_delete_own_message_and_not_others(pair):
    alice, bob = pair()
    alice.submit("#lobby", "typo here")
    mine = _message(alice, "typo here")
    assert mine.is_self and mine.msgid
    _message(bob, "typo here")
    assert alice.call(lambda s: s.redact("#lobby", mine.msgid))
    gone = bob.wait_event(MessageRedacted)
    assert (gone.conversation, gone.msgid, gone.sender) == ("#lobby", mine.msgid, "alice")
    alice.wait_event(MessageRedacted)
    assert alice.call(lambda s: s.can_redact)
    alice.submit("#lobby", "alice's, not bob's")
    theirs = _message(bob, "alice's, not bob's")
    bob.call(lambda s: s.redact("#lobby", theirs.msgid))  # bob is no channel operator
    refused = bob.wait_event(ErrorMessage, lambda e: e.code == "FAIL")
    assert refused.sentence.code == "error.redact_forbidden"


def test_react_and_delete_commands_act_on_the_last_messages(pair):
    alice, bob = pair()
    alice.submit("#lobby", "/react 👍")  # nothing from someone else yet
    nothing = alice.wait_event(ErrorMessage, lambda e: e.sentence is not None)
    assert nothing.sentence.code == "error.react_nothing"
    bob.submit("#lobby", "lunch?")
    parent = _message(alice, "lunch?")
    alice.submit("#lobby", "/react 🍕")
    got = bob.wait_event(ReactionReceived)
    assert (got.reply_to, got.reaction, got.sender) == (parent.msgid, "🍕", "alice")
    bob.submit("#lobby", "oops, wrong room")
    mine = _message(bob, "oops, wrong room")
    bob.submit("#lobby", "/delete typo")
    gone = alice.wait_event(MessageRedacted)
    assert (gone.msgid, gone.reason) == (mine.msgid, "typo")
    bob.wait_event(MessageRedacted)  # his own deletion, echoed
    assert bob.call(lambda s: s.recent.mine("#lobby")) is None  # deleted: nothing left
    bob.submit("#lobby", "/delete")
    empty = bob.wait_event(ErrorMessage, lambda e: e.sentence is not None)
    assert empty.sentence.code == "error.delete_nothing"


def test_pasted_lines_are_one_message(pair):
    alice, bob = pair()
    alice.submit("#lobby", "first line\n\nthird line")
    got = _message(bob, "first line\n\nthird line")
    assert got.sender == "alice" and got.msgid
    mine = _message(alice, "first line\n\nthird line")  # echoed as one message too
    assert mine.msgid == got.msgid
    long_line = " ".join(["word"] * 200)  # longer than one IRC line: joined by concat
    alice.submit("#lobby", f"a\n{long_line}")
    assert _message(bob, f"a\n{long_line}").sender == "alice"


def test_typing_reaches_the_other_side(pair):
    alice, bob = pair()
    assert alice.call(lambda s: s.typing_changed("#lobby", "hel"))
    typing = bob.wait_event(TypingChanged)
    assert (typing.conversation, typing.nick, typing.state) == ("#lobby", "alice", "active")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _open_session(clock: FakeClock) -> tuple[Session, list[str]]:
    sent: list[str] = []
    session = Session("me", send=sent.append, clock=clock)
    session.connection_made()
    for line in (
        ":srv CAP * LS :message-tags batch draft/multiline=max-bytes=100,max-lines=3",
        ":srv CAP me ACK :message-tags batch draft/multiline",
        ":srv 001 me :Welcome",
        ":srv 376 me :End",
        ":me!u@h JOIN #lobby",
        ":srv 366 me #lobby :End",
    ):
        session.feed(line)
    sent.clear()
    return session, sent


def test_typing_is_sent_at_most_every_three_seconds_and_can_be_turned_off():
    clock = FakeClock()
    session, sent = _open_session(clock)
    assert session.typing_changed("#lobby", "h")
    for _ in range(5):  # keystrokes within 3 s: nothing more
        clock.now += 0.5
        assert not session.typing_changed("#lobby", "he")
    clock.now += 0.6  # 3.1 s after the first
    assert session.typing_changed("#lobby", "hel")
    clock.now += 3.0
    assert session.typing_paused("#lobby")
    assert not session.typing_paused("#lobby")  # once
    clock.now += 3.0
    assert session.typing_changed("#lobby", "")  # cleared without sending: done
    assert not session.typing_changed("#lobby", "/join #x")  # commands are not typing
    assert [line.split(" ", 1)[0] for line in sent] == [
        "@+typing=active",
        "@+typing=active",
        "@+typing=paused",
        "@+typing=done",
    ]
    session.send_typing = False
    clock.now += 10
    assert not session.typing_changed("#lobby", "secret")
    assert len(sent) == 4


def test_multiline_batches_respect_the_advertised_limits():
    clock = FakeClock()
    session, sent = _open_session(clock)
    session.submit("#lobby", "one\ntwo\nthree\nfour")
    assert multiline_limits("max-bytes=100,max-lines=3") == (100, 3)
    opens = [line for line in sent if line.startswith("BATCH +")]
    assert len(opens) == 2  # four lines, at most three per batch
    assert sent[0] == "BATCH +m1 draft/multiline #lobby"
    assert sent[1] == "@batch=m1 PRIVMSG #lobby one"
    assert sent[4] == "BATCH -m1"


def test_long_lines_are_continued_with_concat_keeping_the_space():
    (batch,) = multiline_batches("aaa bbb ccc", 20, 1000, 10)
    assert batch == [("aaa bbb ccc", False)]
    batches = multiline_batches("aaaa bbbb cccc dddd", 12, 1000, 10)
    assert "".join(text for text, _ in batches[0]) == "aaaa bbbb cccc dddd"
    assert [concat for _, concat in batches[0]][1:] == [True] * (len(batches[0]) - 1)


def test_a_reply_typed_offline_keeps_its_tag_when_sent():
    sent: list[str] = []
    session = Session("me", send=sent.append)
    session.connection_made()
    session.feed(":srv CAP * LS :message-tags")
    session.feed(":srv CAP me ACK :message-tags")
    session.reply("#lobby", "p1", "answer\nmore")  # not registered yet: held
    assert not [line for line in sent if "PRIVMSG" in line]
    for line in (":srv 001 me :Welcome", ":srv 376 me :End", ":me!u@h JOIN #lobby"):
        session.feed(line)
    session.feed(":srv 366 me #lobby :End")
    said = [line for line in sent if "PRIVMSG" in line]
    assert said == ["@+draft/reply=p1;+reply=p1 PRIVMSG #lobby answer", "PRIVMSG #lobby more"]


def test_without_multiline_pasted_lines_go_one_by_one():
    sent: list[str] = []
    session = Session("me", send=sent.append)
    session.connection_made()
    for line in (":srv 001 me :Welcome", ":srv 376 me :End", ":me!u@h JOIN #lobby"):
        session.feed(line)
    session.feed(":srv 366 me #lobby :End")
    sent.clear()
    session.submit("#lobby", "a\nb")
    assert sent == ["PRIVMSG #lobby a", "PRIVMSG #lobby b"]
    assert not session.react("#lobby", "x", "👍")  # no message-tags: nothing sent
    assert not session.redact("#lobby", "x")


def test_hostile_tags_are_bounded():
    session, _ = _open_session(FakeClock())
    events: list[object] = []
    session.add_listener(events.append)
    session.feed("@+draft/reply=" + "x" * 500 + ";+draft/react=lol :bob!u@h TAGMSG #lobby")
    session.feed("@+draft/reply=abc;+draft/react=" + "y" * 500 + " :bob!u@h TAGMSG #lobby")
    session.feed("@+typing=sideways :bob!u@h TAGMSG #lobby")
    session.feed(":bob!u@h REDACT #lobby")
    assert events == []
