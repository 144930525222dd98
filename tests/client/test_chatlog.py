"""The app's own chat log: Persian-aware folding and search, with real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.client import chatlog
from app.client.chatlog import ChatLog, fold_for_search, printable

T0 = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("كتاب علي", "کتاب علی"),  # Arabic kaf and yeh, as Arabic keyboards type them
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("می\u200cروم", "میروم"),  # ZWNJ inside a word
        ("مُحَمَّد", "محمد"),  # diacritics
        ("خـــوب", "خوب"),  # tatweel
        ("۱۴۰۳", "1403"),  # Persian digits
        ("١٤٠٣", "۱۴۰۳"),  # Arabic-Indic digits against Persian ones
        ("Hello WORLD", "hello world"),  # case
        ("ﻛﺘﺎﺏ", "کتاب"),  # presentation forms (NFKC)
    ],
)
def test_folding_matches_what_persian_writers_mix(written, searched):
    assert fold_for_search(written) == fold_for_search(searched)


@pytest.fixture
def log(tmp_path):
    opened = ChatLog(tmp_path / "chatlog.sqlite3")
    yield opened
    opened.close()


def test_search_finds_persian_text_however_it_was_typed(log):
    log.add("#lobby", "reza", "فردا کتاب را می‌آورم", T0)
    log.add("#lobby", "sara", "ساعت ۵ در مدرسة", T0 + timedelta(minutes=1))
    log.add("bob", "bob", "nothing to see", T0 + timedelta(minutes=2))
    hits = log.search("كتاب")
    assert [(h.conversation, h.sender, h.text) for h in hits] == [
        ("#lobby", "reza", "فردا کتاب را می‌آورم")
    ]
    assert hits[0].time == T0
    assert [h.sender for h in log.search("میآورم")] == ["reza"]
    assert [h.sender for h in log.search("مدرسه 5")] == ["sara"]  # every word, any digits
    assert log.search("NOTHING")[0].conversation == "bob"
    assert log.search("   ") == []


def test_newest_first_and_seen_twice_kept_once(log):
    for minute in range(3):
        log.add("#lobby", "reza", f"salam {minute}", T0 + timedelta(minutes=minute))
    log.add("#lobby", "reza", "salam 1", T0 + timedelta(minutes=1))  # history repeats it
    assert [h.text for h in log.search("salam")] == ["salam 2", "salam 1", "salam 0"]


@pytest.mark.parametrize("query", ['"', "a OR b", "NEAR(x y)", "*", "x AND", "a:b", "(("])
def test_search_text_is_never_query_syntax(log, query):
    log.add("#lobby", "reza", 'a OR b "quoted" NEAR(x y) a:b ((', T0)
    log.search(query)  # no error, whatever the person typed


def test_the_log_is_bounded_oldest_first(log, monkeypatch):
    monkeypatch.setattr(chatlog, "MAX_LINES", 3)
    for index in range(5):
        log.add("#lobby", "reza", f"line {index}", T0 + timedelta(minutes=index))
    assert [h.text for h in log.search("line")] == ["line 4", "line 3", "line 2"]


def test_it_survives_reopening(tmp_path):
    path = tmp_path / "chatlog.sqlite3"
    first = ChatLog(path)
    first.add("#lobby", "reza", "سلام", T0)
    first.close()
    again = ChatLog(path)
    try:
        assert [h.text for h in again.search("سلام")] == ["سلام"]
    finally:
        again.close()


def test_printable_shows_control_characters():
    assert printable("a\x1b[2Jb\x07") == "a\u241b[2Jb\u2407"
