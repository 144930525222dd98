"""Each app's own log of every conversation it saw, searchable the way Persian is written.

Why here (toolkit-free): Qt, Tk and the terminal keep the same log and search it the same way;
a front end feeds it the messages it shows and asks it for matches (the terminal's
``/search TEXT``). It lives in ``chatlog.sqlite3`` in the data folder, one row per message,
with an SQLite FTS5 index over a *folded* copy of the text (:func:`fold_for_search`), so what
Persian writers mix matches either way: Arabic ي/ك/ة and Persian ی/ک/ه, ZWNJ and other
joiners, Arabic diacritics and the tatweel, Persian, Arabic-Indic and Latin digits, and case.
The log is bounded (:data:`MAX_LINES`, oldest first out). Without FTS5 (an SQLite built
without it) search falls back to a plain scan of the folded text.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.datadir import data_dir

log = logging.getLogger(__name__)

CHATLOG_FILE = "chatlog.sqlite3"
#: Messages kept; beyond it the oldest are deleted.
MAX_LINES = 200_000
#: Matches one search returns at most.
MAX_RESULTS = 50

# Arabic letters Persian writers type through Arabic keyboards → the Persian ones.
_LETTERS = {
    "\u064a": "\u06cc",  # ي → ی
    "\u0649": "\u06cc",  # ى → ی
    "\u0643": "\u06a9",  # ك → ک
    "\u0629": "\u0647",  # ة → ه
    "\u06c0": "\u0647",  # ۀ → ه
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0671": "\u0627",  # ٱ → ا
}
# Persian (۰–۹) and Arabic-Indic (٠–٩) digits → Latin ones.
_DIGITS = {0x06F0 + i: str(i) for i in range(10)} | {0x0660 + i: str(i) for i in range(10)}
# Dropped: ZWNJ, ZWJ, word joiner, BOM, the tatweel, and the Arabic diacritics (harakat).
_DROPPED = (
    {0x200C, 0x200D, 0x2060, 0xFEFF, 0x0640, 0x0670}
    | set(range(0x064B, 0x0660))
    | set(range(0x06D6, 0x06EE))
)
_TABLE: dict[int, str | None] = (
    {ord(k): v for k, v in _LETTERS.items()} | _DIGITS | dict.fromkeys(_DROPPED)
)


def fold_for_search(text: str) -> str:
    """``text`` as search compares it: compatibility-normalised, Persian letters and Latin
    digits, no joiners or diacritics, case-folded."""
    return unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()


def printable(text: str) -> str:
    """``text`` with control characters shown as symbols: safe to print on a terminal."""
    return "".join(
        chr(0x2400 + ord(ch))
        if ord(ch) < 32
        else "\ufffd"
        if unicodedata.category(ch) == "Cc"
        else ch
        for ch in text
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """One message that matched: where, who, when, what."""

    conversation: str
    sender: str
    text: str
    time: datetime


class ChatLog:
    """The log in one SQLite file; every method is quick and safe to call on the app's own
    thread (one small write or one indexed query). ``path`` ``None``: the data folder's."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / CHATLOG_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        # No fsync per message (WAL keeps the file whole; a crash loses at most the last few).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS messages (
                id INTEGER PRIMARY KEY,
                conversation TEXT NOT NULL,
                sender TEXT NOT NULL,
                text TEXT NOT NULL,
                at REAL NOT NULL,
                folded TEXT NOT NULL,
                UNIQUE (conversation, sender, at, text)
            );
            """
        )
        self.fts = True
        try:
            self._db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(folded,"
                " content='messages', content_rowid='id', tokenize='unicode61')"
            )
        except sqlite3.OperationalError:  # an SQLite without FTS5: plain scans instead
            log.info("SQLite has no FTS5 here; the chat log is searched without an index")
            self.fts = False

    def close(self) -> None:
        """Close the file (idempotent)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def add(self, conversation: str, sender: str, text: str, when: datetime) -> None:
        """Remember one message (the same one seen twice, e.g. in history, is kept once)."""
        folded = fold_for_search(text)
        try:
            with self._db:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO messages (conversation, sender, text, at, folded)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (conversation, sender, text, when.timestamp(), folded),
                )
                if cursor.rowcount and self.fts:
                    self._db.execute(
                        "INSERT INTO messages_fts (rowid, folded) VALUES (?, ?)",
                        (cursor.lastrowid, folded),
                    )
                self._trim()
        except sqlite3.Error as error:
            log.warning("could not add to the chat log: %s", error)

    def _trim(self) -> None:
        (count,) = self._db.execute("SELECT COUNT(*) FROM messages").fetchone()
        if count <= MAX_LINES:
            return
        doomed = self._db.execute(
            "SELECT id, folded FROM messages ORDER BY id LIMIT ?", (count - MAX_LINES,)
        ).fetchall()
        for rowid, folded in doomed:
            if self.fts:
                self._db.execute(
                    "INSERT INTO messages_fts (messages_fts, rowid, folded)"
                    " VALUES ('delete', ?, ?)",
                    (rowid, folded),
                )
            self._db.execute("DELETE FROM messages WHERE id = ?", (rowid,))

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
        """Messages containing every word of ``query`` (folded), newest first."""
        words = fold_for_search(query).split()
        if not words:
            return []
        limit = max(1, min(limit, MAX_RESULTS))
        try:
            if self.fts:
                # Each word a quoted prefix term: the person's text is never FTS syntax.
                match = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
                rows = self._db.execute(
                    "SELECT m.conversation, m.sender, m.text, m.at FROM messages_fts f"
                    " JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?"
                    " ORDER BY m.id DESC LIMIT ?",
                    (match, limit),
                ).fetchall()
            else:
                clause = " AND ".join("instr(folded, ?) > 0" for _ in words)
                rows = self._db.execute(
                    f"SELECT conversation, sender, text, at FROM messages WHERE {clause}"
                    " ORDER BY id DESC LIMIT ?",
                    (*words, limit),
                ).fetchall()
        except sqlite3.Error as error:
            log.warning("could not search the chat log: %s", error)
            return []
        return [
            Hit(conversation, sender, text, datetime.fromtimestamp(at, UTC))
            for conversation, sender, text, at in rows
        ]
