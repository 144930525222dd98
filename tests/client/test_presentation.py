"""The presentation layer without any toolkit: sanitising, spans, isolation, records,
routing and unread counts, input history, completion and the reconnect supervisor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from app.client import events as ev
from app.client.catalogue import ENGLISH
from app.client.presentation import presenter as p
from app.client.presentation import records as rec
from app.client.presentation.console import ConsoleView, draw_spans
from app.client.presentation.direction import FSI, PDI, first_strong, isolate_tokens
from app.client.presentation.input import Completer, InputHistory
from app.client.presentation.supervisor import Supervisor, Waiting
from app.client.presentation.text import (
    ESCAPE_MARK,
    IRC_COLOURS,
    MAX_NAME,
    MAX_TEXT,
    Span,
    Style,
    contrast,
    name,
    plain,
    readable,
    spans,
    text_of,
)
from app.client.reconnect import Backoff
from tests.hostile import HOSTILE, clean

WHEN = datetime(2024, 3, 20, 12, 34, tzinfo=UTC)


# -- sanitising ------------------------------------------------------------------------------
@pytest.mark.parametrize(("case", "text", "words"), HOSTILE, ids=[c for c, _, _ in HOSTILE])
def test_every_control_and_escape_class_is_inert(case, text, words):
    for shown in (text_of(spans(text)), plain(text), name(text)):
        assert clean(shown, allow=""), (case, shown)
    assert words in text_of(spans(text))


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("\x1b]52;c;cm0gLXJmIH4=\x07", "cm0gLXJmIH4="),
        ("\x1b]0;new title\x1b\\", "new title"),
        ("\x1bPq#0;2;0;0;0\x1b\\", "#0;2"),
    ],
)
def test_string_escapes_lose_their_payload(text, payload):
    shown = text_of(spans(f"a{text}b"))
    assert payload not in shown
    assert shown == f"a{ESCAPE_MARK}b"


def test_controls_become_visible_pictures():
    assert plain("a\x07b\x08c\x00d") == "a\u2407b\u2408c\u2400d"
    assert plain("tab\there") == "tab here"
    assert plain("p\u2029q") == "p\u21b5q"


def test_markup_is_only_characters():
    assert text_of(spans("<b>bold</b><img src=x>")) == "<b>bold</b><img src=x>"


def test_sizes_are_bounded():
    assert len(text_of(spans("x" * 100_000))) <= MAX_TEXT
    assert len(name("n" * 1000)) <= MAX_NAME


def test_names_lose_bidi_controls_and_texts_close_theirs():
    assert name("\u202eevil\u2066nick") == "evilnick"
    shown = text_of(spans("\u202eflipped"))
    assert shown.endswith("\u202c")  # the override ends with the text


# -- IRC formatting as spans ------------------------------------------------------------------
def _styles(text: str) -> list[tuple[str, Style]]:
    return [(part.text, part.style) for part in spans(text)]


def test_toggles_become_styles():
    parts = _styles("a\x02b\x1dc\x1fd\x1ee\x11f\x0fg")
    assert parts == [
        ("a", Style()),
        ("b", Style(bold=True)),
        ("c", Style(bold=True, italic=True)),
        ("d", Style(bold=True, italic=True, underline=True)),
        ("e", Style(bold=True, italic=True, underline=True, strike=True)),
        ("f", Style(bold=True, italic=True, underline=True, strike=True, monospace=True)),
        ("g", Style()),
    ]


@pytest.mark.parametrize(
    ("text", "fg", "bg"),
    [
        ("\x0304red", IRC_COLOURS[4], None),
        ("\x034,12red", IRC_COLOURS[4], IRC_COLOURS[12]),
        ("\x0399default", None, None),
        ("\x0350extended", None, None),  # 16–98: drawn in the default colour
        ("\x04ff8800hex", (255, 136, 0), None),
        ("\x04ff8800,001122hex", (255, 136, 0), (0, 17, 34)),
    ],
)
def test_colours(text, fg, bg):
    [(shown, style)] = [(t, s) for t, s in _styles(text) if t]
    assert (style.fg, style.bg) == (fg, bg)
    assert shown.isalpha()


def test_colour_off_and_reverse():
    parts = _styles("\x0304a\x03b\x16c\x16d")
    assert parts[0] == ("a", Style(fg=IRC_COLOURS[4]))
    assert parts[1] == ("b", Style())
    assert parts[2][1].fg == (255, 255, 255) and parts[2][1].bg == (0, 0, 0)
    assert parts[3] == ("d", Style())


def test_digits_after_a_colour_code_stay_text():
    assert text_of(spans("\x03041234")) == "1234"  # two digits at most: "04", then text


@pytest.mark.parametrize("background", [(255, 255, 255), (30, 30, 30), (250, 245, 230)])
@pytest.mark.parametrize("colour", IRC_COLOURS)
def test_colours_are_made_readable_on_light_and_dark(colour, background):
    shown = readable(colour, background)
    assert contrast(shown, background) >= 3.0


# -- direction -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("token", "text"),
    [
        ("@Sara", "سلام @Sara خوبی"),
        ("#lobby", "بیا به #lobby لطفا"),
        ("/help", "بنویس /help برای راهنما"),
        ("https://example.org/a", "ببین https://example.org/a را"),
        ("12:30", "ساعت 12:30 می‌بینمت"),
    ],
)
def test_tokens_in_right_to_left_text_are_isolated(token, text):
    [part] = isolate_tokens((Span(text),))
    assert f"{FSI}{token}{PDI}" in part.text
    assert first_strong(part.text) == "rtl"


def test_left_to_right_text_is_left_alone():
    parts = (Span("see #lobby at 12:30, @Sara"),)
    assert isolate_tokens(parts) == parts


def test_record_direction_follows_the_first_strong_letter():
    assert rec.message("سلام hello", "a", WHEN).direction == "rtl"
    assert rec.message("hello سلام", "a", WHEN).direction == "ltr"
    assert rec.message("123 !!", "a", WHEN).direction == ""


# -- the presenter -----------------------------------------------------------------------------
class FakeSession:
    """What a presenter reads from a session."""

    room = "#lobby"
    nick = "sara"

    @staticmethod
    def open_private(nick: str) -> str:
        return nick


@pytest.fixture
def presented() -> tuple[p.Presenter, list[p.Change]]:
    presenter = p.Presenter(FakeSession(), clock=lambda: WHEN)  # type: ignore[arg-type]
    changes: list[p.Change] = []
    presenter.add_listener(changes.append)
    presenter.on_event(ev.Registered("sara", "srv", "net"))
    presenter.on_event(ev.Joined("#lobby", "sara", True))
    presenter.focus("#lobby", active=True)
    changes.clear()
    return presenter, changes


def _msg(conversation, sender, text, *, private=False, highlight=False, me=False, **kw):
    kind = ev.MessageKind.TEXT
    return ev.MessageReceived(conversation, sender, text, kind, private, me, highlight, **kw)


def _added(changes: list[p.Change]) -> list[rec.Record]:
    return [c.record for c in changes if isinstance(c, p.Added)]


def test_messages_are_routed_and_counted(presented):
    presenter, changes = presented
    presenter.on_event(_msg("#lobby", "bob", "seen at once"))
    assert presenter.conversation("#lobby").unread == 0
    presenter.on_event(_msg("bob", "bob", "psst", private=True, msgid="abc"))
    opened = [c for c in changes if isinstance(c, p.Opened)]
    assert [c.conversation.name for c in opened] == ["bob"] and not opened[0].select
    private = presenter.conversation("bob")
    assert private.unread == 1 and private.highlighted  # private counts as a mention
    assert _added(changes)[-1].id == "abc"  # the server's msgid is the record's id
    presenter.focus("bob", active=True)
    assert private.unread == 0 and not private.highlighted


def test_mentions_notify_only_when_the_window_is_inactive(presented):
    presenter, changes = presented
    presenter.on_event(_msg("#lobby", "bob", "hey sara", highlight=True))
    assert not [c for c in changes if isinstance(c, p.Notify)]
    presenter.focus("#lobby", active=False)
    presenter.on_event(_msg("#lobby", "bob", "sara?", highlight=True))
    [notify] = [c for c in changes if isinstance(c, p.Notify)]
    assert notify.record.highlight and presenter.conversation("#lobby").highlighted
    assert presenter.unread_total() == 1


def test_own_and_history_messages_are_not_news(presented):
    presenter, changes = presented
    presenter.focus(None, active=False)
    presenter.on_event(_msg("#lobby", "sara", "mine", me=True))
    presenter.on_event(_msg("#lobby", "bob", "old", time=WHEN, is_history=True))
    presenter.on_event(_msg("#lobby", "bob", "older", time=WHEN, is_history=True))
    assert presenter.unread_total() == 0
    kinds = [r.kind for r in _added(changes)]
    assert kinds == [rec.MESSAGE, "line.earlier", rec.MESSAGE, rec.MESSAGE]


def test_lines_carry_codes_and_safe_params(presented):
    presenter, changes = presented
    presenter.on_event(ev.Joined("#lobby", "bob\x1b[2J", False))
    presenter.on_event(ev.Parted("#lobby", "bob", "bye\x07", False))
    presenter.on_event(ev.UserQuit("bob", "", ("#lobby",)))
    records = _added(changes)
    assert [r.kind for r in records] == ["line.joined", "line.left_reason", "line.quit"]
    assert all(clean(value, allow="") for r in records for value in r.values().values())
    assert (
        ENGLISH(records[1].kind, **records[1].values())
        == f"{FSI}bob{PDI} left ({FSI}bye\u2407{PDI})"
    )


def test_reconnecting_is_quiet(presented):
    presenter, changes = presented
    presenter.on_event(ev.TopicChanged("#lobby", "tea", None))
    presenter.on_event(ev.Disconnected("reset", True))
    assert [c for c in changes if isinstance(c, p.ConnectionChanged)][-1].online is False
    presenter.on_event(ev.MessageQueued("#lobby", "typed offline"))
    changes.clear()
    presenter.connecting()
    presenter.on_event(ev.Info("- Message of the day -"))  # the MOTD again
    presenter.on_event(ev.Registered("sara", "srv", "net"))
    presenter.on_event(ev.Joined("#lobby", "sara", True))  # the rejoin
    presenter.on_event(ev.TopicChanged("#lobby", "tea", None))  # told again on rejoining
    presenter.on_event(_msg("#lobby", "sara", "typed offline", me=True))
    records = _added(changes)
    assert [r.kind for r in records] == ["state.reconnected"]
    [replaced] = [c for c in changes if isinstance(c, p.Replaced)]
    assert replaced.old_id.startswith("p") and not replaced.record.pending
    assert [c for c in changes if isinstance(c, p.ConnectionChanged)][-1].online is True


def test_info_while_offline_is_still_shown(presented):
    presenter, changes = presented
    presenter.on_event(ev.Disconnected("reset", True))
    presenter.on_event(ev.Info("You will join #tea once connected."))
    assert _added(changes)[-1].kind == rec.INFO


def test_private_conversation_follows_a_nick_change(presented):
    presenter, changes = presented
    presenter.on_event(_msg("dave", "dave", "hi", private=True))
    presenter.focus("dave", active=True)
    presenter.on_event(ev.NickChanged("dave", "david", False, ("#lobby",)))
    [renamed] = [c for c in changes if isinstance(c, p.Renamed)]
    assert renamed.old_key == "dave" and presenter.conversation("david") is not None
    assert [r.kind for r in _added(changes)][-2:] == ["line.nick", "line.nick"]


# -- the terminal's drawing ----------------------------------------------------------------------
@pytest.mark.parametrize(("case", "text", "words"), HOSTILE, ids=[c for c, _, _ in HOSTILE])
def test_terminal_output_has_only_its_own_styling(case, text, words):
    view = ConsoleView(ENGLISH, styled=True)
    conversation = p.Conversation("#lobby", private=False)
    record = rec.message("\x02bold\x02 " + text, "bob\x1b]0;x\x07", WHEN)
    [line] = view.lines(p.Added(conversation, record))
    without_sgr = line.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert clean(without_sgr, allow=""), (case, line)
    assert words in without_sgr


def test_terminal_styles_only_a_tty():
    parts = spans("\x02b\x02 \x0304r")
    assert draw_spans(parts, styled=False) == "b r"
    assert draw_spans(parts, styled=True) == "\x1b[1mb\x1b[0m \x1b[38;2;255;0;0mr\x1b[0m"


# -- input -----------------------------------------------------------------------------------------
def test_history_walks_up_and_down_and_keeps_the_draft():
    history = InputHistory(limit=3)
    for line in ("one", "two", "two", "three", "four"):
        history.remember(line)
    assert history.lines() == ["two", "three", "four"]
    assert history.previous("draft") == "four"
    assert history.previous("") == "three"
    assert history.previous("") == "two"
    assert history.previous("") == "two"
    assert history.next() == "three"
    assert history.next() == "four"
    assert history.next() == "draft"
    assert history.next() is None


def test_completion_cycles_and_addresses_at_the_start():
    completer = Completer(lambda: ["Ali", "alan", "Bob", "علی"])
    assert completer.complete("al", 2) == ("alan: ", 6)
    assert completer.complete("alan: ", 6) == ("Ali: ", 5)
    completer.reset()
    assert completer.complete("hi bo", 5) == ("hi Bob ", 7)
    assert completer.complete("x عل", 4) == ("x علی ", 6)
    assert completer.complete("zz", 2) is None


# -- the supervisor, on a fake clock ---------------------------------------------------------------
class FakeTimers:
    """Timers that fire only when the test advances the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pending: list[tuple[float, int, Callable[[], None]]] = []
        self._serial = 0

    def call_later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        self._serial += 1
        entry = (self.now + seconds, self._serial, callback)
        self.pending.append(entry)
        return lambda: entry in self.pending and self.pending.remove(entry)

    def advance(self, seconds: float) -> None:
        end = self.now + seconds
        while True:
            due = sorted(e for e in self.pending if e[0] <= end)
            if not due:
                break
            entry = due[0]
            self.pending.remove(entry)
            self.now = entry[0]
            entry[2]()
        self.now = end


def _supervised(**kwargs) -> tuple[Supervisor, FakeTimers, list[float], list[Waiting]]:
    timers = FakeTimers()
    attempts: list[float] = []
    waits: list[Waiting] = []
    backoff = Backoff(initial=2.0, factor=2.0, maximum=8.0, jitter=0.0)
    supervisor = Supervisor(
        lambda: attempts.append(timers.now),
        timers,
        backoff=backoff,
        on_waiting=waits.append,
        **kwargs,
    )
    return supervisor, timers, attempts, waits


def test_supervisor_backs_off_counts_down_and_resets():
    supervisor, timers, attempts, waits = _supervised()
    supervisor.start()
    supervisor.registered()
    assert attempts == [0.0]
    assert supervisor.lost("reset")
    assert waits == [Waiting(2, "reset")]
    timers.advance(1.0)
    assert waits[-1] == Waiting(1, "reset") and attempts == [0.0]
    timers.advance(1.0)
    assert attempts == [0.0, 2.0]
    supervisor.lost("again")  # not registered in between: the delay grows
    timers.advance(4.0)
    assert attempts[-1] == 6.0
    assert [w.seconds for w in waits[-4:]] == [4, 3, 2, 1]
    supervisor.registered()
    supervisor.lost("third")
    timers.advance(2.0)
    assert attempts[-1] == 8.0  # back to the first delay after a registration


def test_supervisor_never_retries_a_refusal_a_stop_or_a_first_failure():
    supervisor, timers, attempts, _ = _supervised()
    supervisor.start()
    assert not supervisor.lost("no chat there")  # never registered: said at once
    assert supervisor.stopped
    supervisor, timers, attempts, _ = _supervised(retry_unregistered=True)
    supervisor.start()
    assert supervisor.lost("no answer")
    supervisor.stop()
    timers.advance(60)
    assert attempts == [0.0] and not timers.pending
    supervisor, timers, attempts, _ = _supervised()
    supervisor.start()
    supervisor.registered()
    supervisor.refused()
    assert not supervisor.lost("wrong password")
    timers.advance(60)
    assert attempts == [0.0]


def test_supervisor_retry_now_skips_the_wait():
    supervisor, timers, attempts, _ = _supervised()
    supervisor.start()
    supervisor.registered()
    supervisor.lost("reset")
    supervisor.retry_now()
    assert attempts == [0.0, 0.0] and not timers.pending


def test_mode_changes_are_lines(presented):
    presenter, changes = presented
    presenter.on_event(ev.ModeChanged("#lobby", "host", "+o", ("bob\x07",)))
    [record] = _added(changes)
    assert record.kind == "line.mode"
    assert (
        ENGLISH(record.kind, **record.values()) == f"{FSI}host{PDI} set mode {FSI}+o bob\u2407{PDI}"
    )
