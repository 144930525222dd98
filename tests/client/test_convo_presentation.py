"""Replies, reactions, deletions, typing and multiline in the presentation layer: records,
the typing line with an injected clock, and how the terminal shows them (English, Persian)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.client import events as ev
from app.client.catalogue import ENGLISH, texts_for
from app.client.presentation import presenter as p
from app.client.presentation.console import ConsoleView
from app.client.presentation.text import text_of

START = datetime(2026, 1, 2, 10, 0, tzinfo=UTC)


class FakeSession:
    room = "#lobby"
    nick = "sara"

    @staticmethod
    def open_private(nick: str) -> str:
        return nick


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def setup():
    clock = Clock()
    presenter = p.Presenter(FakeSession(), clock=clock)  # type: ignore[arg-type]
    changes: list[p.Change] = []
    presenter.add_listener(changes.append)
    presenter.on_event(ev.Registered("sara", "srv", "net"))
    presenter.on_event(ev.Joined("#lobby", "sara", True))
    changes.clear()
    return presenter, changes, clock


def _msg(sender, text, msgid, **kw):
    return ev.MessageReceived(
        "#lobby",
        sender,
        text,
        ev.MessageKind.TEXT,
        False,
        sender == "sara",
        False,
        msgid=msgid,
        **kw,
    )


def _records(changes):
    return [c.record for c in changes if isinstance(c, p.Added | p.Replaced)]


def test_reply_record_quotes_its_parent(setup):
    presenter, changes, _ = setup
    presenter.on_event(_msg("reza", "the meeting is at 5", "m1"))
    presenter.on_event(_msg("bob", "ok!", "m2", reply_to="m1"))
    presenter.on_event(_msg("bob", "what?", "m3", reply_to="gone"))
    parent, reply, orphan = _records(changes)
    assert (reply.reply_to, reply.reply_sender, reply.reply_text) == (
        "m1",
        "reza",
        "the meeting is at 5",
    )
    assert orphan.reply_to == "gone" and orphan.reply_sender == ""
    assert parent.reply_to is None


def test_reactions_add_and_remove_per_nick(setup):
    presenter, changes, _ = setup
    presenter.on_event(_msg("reza", "hi", "m1"))
    for sender, emoji, removed in [
        ("bob", "👍", False),
        ("ali", "👍", False),
        ("bob", "👍", False),  # twice from one nick counts once
        ("ali", "😂", False),
        ("bob", "👍", True),
    ]:
        presenter.on_event(ev.ReactionReceived("#lobby", sender, "m1", emoji, removed, False))
    updates = [c for c in changes if isinstance(c, p.Updated)]
    assert all(u.what == "reactions" and u.old_id == "m1" for u in updates)
    assert updates[-1].record.reactions == (("👍", ("ali",)), ("😂", ("ali",)))
    # A reaction to a message of another conversation, or an unknown one, changes nothing.
    count = len(changes)
    presenter.on_event(ev.ReactionReceived("#other", "bob", "m1", "👍", False, False))
    presenter.on_event(ev.ReactionReceived("#lobby", "bob", "nope", "👍", False, False))
    assert len(changes) == count


def test_redaction_empties_the_record(setup):
    presenter, changes, _ = setup
    presenter.on_event(_msg("reza", "secret", "m1"))
    presenter.on_event(ev.MessageRedacted("#lobby", "m1", "reza"))
    (update,) = [c for c in changes if isinstance(c, p.Updated)]
    assert update.what == "redacted" and update.record.redacted and update.record.spans == ()
    presenter.on_event(_msg("bob", "re", "m2", reply_to="m1"))
    assert _records(changes)[-1].reply_text == ""  # no quote of a deleted message


def test_multiline_message_keeps_its_line_breaks_only(setup):
    presenter, changes, _ = setup
    presenter.on_event(_msg("reza", "one\ntwo\x07", "m1"))
    record = _records(changes)[-1]
    assert text_of(record.spans) == "one\ntwo\u2407"  # the bell stays visible, LF is a break


def test_typing_line_and_expiry(setup):
    presenter, changes, clock = setup
    presenter.on_event(ev.TypingChanged("#lobby", "reza", "active"))
    assert presenter.typing("#lobby") == ("reza",)
    assert ENGLISH.say(presenter.typing_sentence("#lobby")) == "\u2068reza\u2069 is typing…"
    presenter.on_event(ev.TypingChanged("#lobby", "bob", "paused"))
    assert "and" in ENGLISH.say(presenter.typing_sentence("#lobby"))
    clock.now += timedelta(seconds=7)  # active expires after 6 s, paused after 30 s
    assert presenter.typing("#lobby") == ("bob",)
    presenter.expire_typing()
    assert isinstance(changes[-1], p.TypingShown)
    presenter.on_event(_msg("bob", "done typing", "m9"))  # a message ends it
    assert presenter.typing("#lobby") == ()
    assert presenter.typing_sentence("#lobby") is None
    presenter.on_event(ev.TypingChanged("#lobby", "reza", "active"))
    presenter.on_event(ev.UserQuit("reza", "bye", ("#lobby",)))
    assert presenter.typing("#lobby") == ()
    fa = texts_for("fa")
    presenter.on_event(ev.TypingChanged("#lobby", "رضا", "active"))
    assert "در حال نوشتن" in fa.say(presenter.typing_sentence("#lobby"))


@pytest.mark.parametrize(
    ("lang", "quote", "deleted", "reactions"),
    [
        ("en", "↪ reza: hi", "message deleted", "Reactions: 👍 1 (bob)"),
        ("fa", "↪ reza: hi", "پیام پاک شد", "واکنش‌ها: 👍 ۱ (bob)"),  # Persian digits
    ],
)
def test_terminal_shows_quote_reactions_and_deletion(setup, lang, quote, deleted, reactions):
    presenter, _changes, _ = setup
    view = ConsoleView(texts_for(lang))
    lines: list[str] = []
    presenter.add_listener(lambda change: lines.extend(view.lines(change)))
    presenter.on_event(_msg("reza", "hi", "m1"))
    presenter.on_event(_msg("bob", "hello\nagain", "m2", reply_to="m1"))
    presenter.on_event(ev.ReactionReceived("#lobby", "bob", "m1", "👍", False, False))
    presenter.on_event(ev.MessageRedacted("#lobby", "m2", "bob"))
    assert lines[1] == f"    {quote}"
    assert lines[2].endswith("<bob> hello") and lines[3] == "    again"
    assert lines[4] == f"[#lobby] -- reza: {reactions}"
    assert lines[5] == f"[#lobby] -- bob: {deleted}"
