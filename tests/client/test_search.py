"""The conversation log and its Persian-aware search (app.client.log, app.client.search).

Real SQLite files in the test's data folder, a real writer thread, a real Session against a
real Gofto server; a real process killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.client.events import Joined, MessageReceived
from app.client.log import LINGER, ConversationLog, LogEntry, SessionLogger, log_path
from app.client.search import clean_snippet, fold_text, match_expression
from tests.client.live import LiveClient

T0 = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)


def entry(text: str, n: int = 0, conversation: str = "#lobby", **kwargs: object) -> LogEntry:
    fields: dict[str, object] = {
        "conversation": conversation,
        "conv_key": conversation.lower(),
        "time": T0 + timedelta(seconds=n),
        "sender": "bob",
        "kind": "text",
        "text": text,
    }
    fields.update(kwargs)
    return LogEntry(**fields)  # type: ignore[arg-type]


@pytest.fixture
def conversation_log(tmp_path: Path):
    opened = ConversationLog(tmp_path / "log.sqlite3")
    yield opened
    opened.close()


def found(log: ConversationLog, query: str) -> list[str]:
    results = log.search_wait(query)
    assert not results.failed
    return [hit.line.text for hit in results.hits]


# -- folding ----------
FOLDED_PAIRS = [
    ("علي", "علی"),  # Arabic yeh / Persian yeh
    ("مصطفى", "مصطفی"),  # alef maksura
    ("كتاب", "کتاب"),  # Arabic kaf / keheh
    ("مدرسة", "مدرسه"),  # teh marbuta
    ("خانۀ", "خانه"),  # heh with yeh above
    ("خانهٔ", "خانه"),  # heh + hamza above as a combining mark
    ("می‌خواهم", "میخواهم"),  # ZWNJ
    ("می\u200dخواهم", "میخواهم"),  # ZWJ
    ("\u200fسلام\u200e", "سلام"),  # RLM / LRM
    ("سَلامٌ", "سلام"),  # harakat
    ("بـــزرگ", "بزرگ"),  # tatweel
    ("۱۴۰۳", "1403"),  # Persian digits
    ("١٤٠٣", "1403"),  # Arabic-Indic digits
    ("۱٤03", "1403"),  # the three mixed
    ("HeLLo", "hello"),
    ("STRASSE", "straße"),  # casefold, not lower
    ("ﻛﺘﺎﺏ", "کتاب"),  # presentation forms
]


@pytest.mark.parametrize(("written", "typed"), FOLDED_PAIRS)
def test_fold_makes_persian_spellings_one(written: str, typed: str) -> None:
    assert fold_text(written) == fold_text(typed)


def test_fold_keeps_different_words_apart() -> None:
    assert fold_text("کتاب") != fold_text("کتب")
    assert fold_text("سلام") != fold_text("سلم")
    assert fold_text("12") != fold_text("۱۳")


@pytest.mark.parametrize(("written", "typed"), FOLDED_PAIRS)
def test_search_finds_every_spelling_both_ways(
    conversation_log: ConversationLog, written: str, typed: str
) -> None:
    conversation_log.record(entry(f"پیام {written} اینجا", 1))
    conversation_log.record(entry("something else entirely", 2))
    conversation_log.record(entry(f"و {typed}", 3))
    assert found(conversation_log, typed) == [f"و {typed}", f"پیام {written} اینجا"]
    assert found(conversation_log, written) == [f"و {typed}", f"پیام {written} اینجا"]


def test_search_is_by_word_prefix_and_every_word(conversation_log: ConversationLog) -> None:
    conversation_log.record(entry("کتاب‌ها را آوردم", 1))
    conversation_log.record(entry("کتاب را نیاوردم", 2))
    assert found(conversation_log, "كتاب") == ["کتاب را نیاوردم", "کتاب‌ها را آوردم"]
    assert found(conversation_log, "كتابها آوردم") == ["کتاب‌ها را آوردم"]
    assert found(conversation_log, "تاب") == []  # words, not substrings


def test_sender_is_searchable(conversation_log: ConversationLog) -> None:
    conversation_log.record(entry("hi", 1, sender="رضا"))
    assert found(conversation_log, "رضا") == ["hi"]


# -- hostile queries ----------
HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b)",
    "*",
    "a*",
    "^start",
    "col:text",
    "folded:x",
    "{folded}: x",
    "a AND OR NOT b",
    "(",
    ")",
    "-",
    "+",
    "'; DROP TABLE lines; --",
    "\0",
    "\x1b[2J",
    "\u202e",
    "a" * 5000,
    " ".join(["w"] * 100),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_error(conversation_log: ConversationLog, query: str) -> None:
    conversation_log.record(entry('the AND gate, a "quote", NEAR the star * ok', 1))
    results = conversation_log.search_wait(query)
    assert not results.failed
    assert conversation_log.search_wait("gate").hits  # the table is still there


def test_operators_are_searched_as_words(conversation_log: ConversationLog) -> None:
    conversation_log.record(entry("salt AND pepper", 1))
    conversation_log.record(entry("salt or pepper", 2))
    assert found(conversation_log, "AND") == ["salt AND pepper"]
    assert found(conversation_log, "salt OR") == ["salt or pepper"]
    assert found(conversation_log, '"') == []


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('a"b NEAR(x') == '"a""b"* "near(x"*'
    assert match_expression("* - +") is None


# -- context, dedup, bounds ----------
def test_results_carry_context_from_their_own_conversation(
    conversation_log: ConversationLog,
) -> None:
    for n in range(6):
        conversation_log.record(entry(f"lobby line {n}", n * 2))
        conversation_log.record(entry(f"other line {n}", n * 2 + 1, conversation="#other"))
    conversation_log.record(entry("needle", 5, msgid="m1"))
    results = conversation_log.search_wait("needle", context=2)
    (hit,) = results.hits
    assert hit.line.msgid == "m1" and hit.line.conversation == "#lobby"
    assert [line.text for line in hit.before] == ["lobby line 1", "lobby line 2"]
    assert [line.text for line in hit.after] == ["lobby line 3", "lobby line 4"]


def test_dedup_by_msgid_else_by_time_sender_text(conversation_log: ConversationLog) -> None:
    conversation_log.record(entry("replayed", 1, msgid="abc"))
    conversation_log.record(entry("replayed", 1, msgid="abc"))
    conversation_log.record(entry("plain", 2))
    conversation_log.record(entry("plain", 2))
    conversation_log.record(entry("plain", 3))  # said again later: another line
    conversation_log.record(entry("plain", 3, conversation="#other"))  # and elsewhere
    assert found(conversation_log, "replayed") == ["replayed"]
    assert found(conversation_log, "plain") == ["plain", "plain", "plain"]


def test_log_is_bounded_oldest_first(tmp_path: Path) -> None:
    bounded = ConversationLog(tmp_path / "small.sqlite3", max_lines=50)
    try:
        for n in range(120):
            bounded.record(entry(f"line{n} word", n))
        bounded.record(entry("x" * 100_000, 200))
        assert bounded.flush()
        results = bounded.search_wait("word", limit=200)
        assert len(results.hits) == 49  # and the long line
        assert results.hits[-1].line.text == "line71 word"
        longest = bounded.search_wait("x").hits[0].line.text
        assert len(longest) == 2048
    finally:
        bounded.close()
    with sqlite3.connect(tmp_path / "small.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM lines").fetchone()[0] == 50
        assert db.execute("SELECT count(*) FROM lines_fts").fetchone()[0] == 50


def test_log_is_bounded_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bytes.sqlite3"
    bounded = ConversationLog(path, max_bytes=2_000_000)
    try:
        for n in range(6000):
            bounded.record(entry(f"پیام شماره {n} " + "متن " * 100, n))
        assert bounded.flush()
        kept = len(bounded.search_wait("پیام", limit=200).hits)
        assert kept == 200  # newest first, still there
        assert found(bounded, "5999")  # the newest line was kept
        assert not found(bounded, "0")  # the oldest went
    finally:
        bounded.close()
    with sqlite3.connect(path) as db:
        lines = db.execute("SELECT count(*) FROM lines").fetchone()[0]
        pages, size = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    assert 200 < lines < 6000
    assert pages * size < 2 * 2_000_000  # freed pages are reused: the file stays near the bound


def test_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = log_path("192.168.1.20", 5000, "Ali/../x", tmp_path)
    assert path.parent == tmp_path and "/" not in path.name[:-8]
    opened = ConversationLog(path)
    opened.record(entry("hi"))
    assert opened.flush()
    opened.close()
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert log_path("h", 1, "Ali", tmp_path) == log_path("H", 1, "ali", tmp_path)
    assert log_path("h", 1, "ali", tmp_path) != log_path("h", 2, "ali", tmp_path)


def test_a_file_that_is_not_a_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    opened = ConversationLog(path)
    try:
        opened.record(entry("fresh start"))
        assert opened.flush() and opened.available
        assert found(opened, "fresh") == ["fresh start"]
        assert (tmp_path / "log.sqlite3.corrupt").exists()
    finally:
        opened.close()


def test_unwritable_folder_leaves_search_failed_not_crashed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    opened = ConversationLog(blocker / "log.sqlite3")
    try:
        opened.record(entry("lost"))
        assert opened.flush()
        assert not opened.available
        assert opened.search_wait("lost").failed
    finally:
        opened.close()


def test_sqlite_has_fts5() -> None:
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")


# -- kill -9 ----------
WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from app.client.log import ConversationLog, LogEntry

    log = ConversationLog(Path(sys.argv[1]))
    for n in range(300):
        log.record(LogEntry("#lobby", "#lobby", datetime.now(UTC), "bob", "text", f"kept {n}"))
    assert log.flush()
    print("committed", flush=True)
    n = 0
    while True:  # keep writing until killed
        log.record(LogEntry("#lobby", "#lobby", datetime.now(UTC), "bob", "text", f"more {n}"))
        n += 1
        if n % 200 == 0:
            log.flush()
    """
)


def test_log_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the writer never said it committed"
        assert process.stdout.readline().strip() == b"committed"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO lines_fts(lines_fts) VALUES ('integrity-check')")
        kept = db.execute("SELECT count(*) FROM lines WHERE text LIKE 'kept %'").fetchone()[0]
        assert kept == 300
    reopened = ConversationLog(path)
    try:
        assert len(reopened.search_wait("kept", limit=200).hits) == 200
        assert found(reopened, "299") == ["kept 299"]
    finally:
        reopened.close()


def committed(path: Path) -> int:
    """Lines another connection sees in the file (what a crash would keep)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM lines").fetchone()[0]


def test_lines_are_committed_within_the_linger_without_a_flush(tmp_path: Path) -> None:
    path = tmp_path / "linger.sqlite3"
    log = ConversationLog(path)
    try:
        assert log.flush()
        began = time.monotonic()
        for n in range(50):
            log.record(entry(f"line {n}", n))
        deadline = began + LINGER + 5.0
        while committed(path) < 50 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert committed(path) == 50  # the loss a crash may cause is bounded in time
    finally:
        log.close()


def test_close_writes_what_is_gathered_at_once(tmp_path: Path) -> None:
    path = tmp_path / "close.sqlite3"
    log = ConversationLog(path)
    assert log.flush()
    for n in range(1200):
        log.record(entry(f"line {n}", n))
    began = time.monotonic()
    log.close()
    assert time.monotonic() - began < LINGER  # the writer did not finish its wait first
    assert committed(path) == 1200


def test_a_flood_is_written_in_few_transactions(tmp_path: Path, monkeypatch) -> None:
    writes: list[int] = []
    original = ConversationLog._write

    def counted(self: ConversationLog, db: sqlite3.Connection, batch: list[LogEntry]) -> None:
        writes.append(len(batch))
        original(self, db, batch)

    monkeypatch.setattr(ConversationLog, "_write", counted)
    log = ConversationLog(tmp_path / "flood.sqlite3")
    try:
        assert log.flush()
        began = time.monotonic()
        for n in range(300):  # 1,000 lines a second for 0.3 s, one by one
            log.record(entry(f"line {n}", n))
            time.sleep(max(0.0, began + (n + 1) / 1000 - time.monotonic()))
        assert log.flush()
        assert sum(writes) == 300
        assert len(writes) <= 10  # not one transaction (and one wake-up) a line
    finally:
        log.close()


# -- snippets ----------
def test_snippets_are_cleaned_and_bounded() -> None:
    hostile = "\x1b[2J\x02bold\x02 \x0304red\x03 \u202eevil\u202c\r\nnext\x07"
    cleaned = clean_snippet(hostile)
    assert "\x1b" not in cleaned and "\u202e" not in cleaned and "\x07" not in cleaned
    assert "\n" not in cleaned and "\r" not in cleaned
    assert "bold" in cleaned and "red" in cleaned and "evil" in cleaned
    assert "\u2407" in cleaned  # the bell made visible, as in live text
    assert all(unicodedata.category(ch) != "Cc" for ch in cleaned)
    assert clean_snippet("می‌خواهم") == "می‌خواهم"  # ZWNJ stays
    assert len(clean_snippet("y" * 1000)) == 300


# -- a real Session on a real server ----------
def test_session_log_records_what_the_person_sees(make_chat_server) -> None:
    server = make_chat_server()
    host, port = server.address
    bob = LiveClient(host, port, "bob").connect()
    alice = LiveClient(host, port, "alice")
    logger = SessionLogger.open_for(alice.session, host, port)
    try:
        bob.wait_event(Joined, lambda e: e.is_self)
        bob.submit("#lobby", "قبل از آمدن علي")  # replayed to alice as history
        bob.wait_event(MessageReceived, lambda e: e.text.startswith("قبل"))
        alice.connect()
        alice.wait_event(Joined, lambda e: e.is_self)
        alice.wait_event(MessageReceived, lambda e: e.is_history)
        bob.submit("#lobby", "/me کتاب می‌خواند")
        bob.submit("#lobby", "/msg alice پیام خصوصی ۱۲۳")
        alice.submit("#lobby", "my own words")
        alice.wait_event(MessageReceived, lambda e: e.text == "my own words")
        alice.wait_event(MessageReceived, lambda e: e.is_private)
        alice.wait_event(MessageReceived, lambda e: e.text.startswith("کتاب"))
        assert logger.log.flush()
        assert found(logger.log, "علی") == ["قبل از آمدن علي"]
        assert found(logger.log, "كتاب ميخواند") == ["کتاب می‌خواند"]
        (private,) = logger.log.search_wait("123").hits
        assert private.line.conversation == "bob" and private.line.sender == "bob"
        (own,) = logger.log.search_wait("own words").hits
        assert own.line.sender == "alice" and own.line.msgid
        (action,) = logger.log.search_wait("کتاب").hits
        assert action.line.kind == "action"
        assert "قبل از آمدن علي" in [line.text for line in action.before]
    finally:
        alice.close()
        logger.close()
    # Alice starts again: the room's history is replayed to the new session, and logged once.
    again = LiveClient(host, port, "alice")
    logger = SessionLogger.open_for(again.session, host, port)
    try:
        again.connect()
        again.wait_event(MessageReceived, lambda e: e.is_history and e.text == "my own words")
        assert logger.log.flush()
        assert found(logger.log, "علی") == ["قبل از آمدن علي"]
        assert found(logger.log, "own words") == ["my own words"]
    finally:
        again.close()
        bob.close()
        logger.close()
    assert log_path(host, port, "alice").exists()
