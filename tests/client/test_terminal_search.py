"""``/search`` in the terminal client: real ``python -m app chat`` processes on the headless
server; what they saw is logged in their data folder and found, folded, by /search."""

from __future__ import annotations

from datetime import UTC, datetime

from app.client.catalogue import ENGLISH
from app.client.commands import COMMANDS
from app.client.events import ErrorMessage, SearchRequested
from app.client.search import LoggedLine, SearchHit, SearchResults, result_lines
from tests.client.harness import Harness
from tests.client.test_terminal import PERSIAN, headless_port, spawn  # noqa: F401 (fixtures)


def test_search_command_asks_the_front_end_and_needs_text() -> None:
    h = Harness("alice")
    h.session.submit("#lobby", "/search  كتاب  ")
    assert h.of(SearchRequested) == [SearchRequested("كتاب", "#lobby")]
    h.session.submit("#lobby", "/search   ")
    (usage,) = h.of(ErrorMessage)
    assert usage.sentence is not None and "/search TEXT" in ENGLISH.say(usage.sentence)
    assert "search" in COMMANDS


def test_result_lines_are_cleaned_and_marked() -> None:
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    text = "waves \x1b]0;x\x07"
    hostile = LoggedLine(7, "#lo\x1b[2Jbby", when, "b\u202eob", "action", text, None)
    plain = LoggedLine(6, "#lobby", when, "sara", "text", "before", "m6")
    results = SearchResults("wav\x1b", (SearchHit(hostile, (plain,), ()),))
    lines = result_lines(results, ENGLISH, limit=1)
    assert lines[0] == "-- Search for “wav”: 1 found, newest first"  # the escape is gone
    assert lines[1].startswith("   [#lobby ") and lines[1].endswith("<sara> before")
    assert lines[2].startswith(" > [#lobby ") and lines[2].endswith("* bob waves ")  # escapes gone
    assert not any(ch in "".join(lines) for ch in "\x1b\x07\u202e")
    assert lines[-1].startswith("-- Only the newest 1")
    assert result_lines(SearchResults("x", ()), ENGLISH, 20) == ["-- Nothing found for “x”."]
    assert result_lines(SearchResults("x", (), failed=True), ENGLISH, 20)[0].startswith("!! ")


def test_terminal_search_finds_folded_persian(spawn, headless_port) -> None:  # noqa: F811
    port = str(headless_port)
    bob = spawn("chat", "--port", port, "--nick", "bob")
    bob.expect(r"^\[#lobby\] -- You joined #lobby$")
    sara = spawn("chat", "--port", port, "--nick", "sara")
    sara.expect(r"^\[#lobby\] -- You joined #lobby$")
    bob.type("سلام، كتاب را آوردي؟", "/me می‌خندد", "something else")
    sara.expect(r"<bob> something else$")
    sara.type("/search کتاب آوردی")
    sara.expect(r"^-- Search for “کتاب آوردی”: 1 found, newest first$")
    hit = sara.expect(r"^ > \[#lobby \d{4}-\d\d-\d\d \d\d:\d\d\] <bob> (.*)$")
    assert hit.group(1) == "سلام، كتاب را آوردي؟"
    sara.expect(r"^   \[#lobby .*\] \* bob می‌خندد$")  # the line after, as context
    sara.type('/search "AND *', "/search میخندد")
    sara.expect(r"^-- Nothing found for “\"AND \*”\.$")
    sara.expect(r"^ > \[#lobby .*\] \* bob می‌خندد$")
    assert sara.end_input() == 0
    bob.end_input()


def test_terminal_search_in_persian(spawn, headless_port) -> None:  # noqa: F811
    sara = spawn("chat", "--port", str(headless_port), "--nick", "sara", env=PERSIAN)
    sara.expect(r"^\[#lobby\] -- به #lobby پیوستید$")
    sara.type("/search", "/search هیچ")
    sara.expect(r"^!! طرز استفاده: /search ")
    sara.expect(r"^-- برای «هیچ» چیزی پیدا نشد\.$")
    assert sara.end_input() == 0
