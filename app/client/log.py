"""Each Gofto app's own log of the conversations it saw, searchable (SQLite with FTS5).

One SQLite file per host and nickname in the data folder (``logs/`` under
:func:`app.datadir.data_dir`), written by one thread of its own: a front end's thread only
puts lines on a bounded queue (:meth:`ConversationLog.record`), so the GUI never waits for the
disk. The same thread answers searches (:meth:`ConversationLog.search`), in order with the
writes, so a search sees every line recorded before it; the answer goes to a callback on that
thread, which a front end hands to its own thread (a queued Qt signal, Tk's inbox).

The file is bounded (:data:`MAX_LINES` and :data:`MAX_BYTES`, oldest lines out first;
texts cut at :data:`MAX_TEXT`), in WAL mode with ``synchronous=NORMAL``: every committed
batch survives the process being killed (``kill -9``), and a torn write is rolled back on
the next open.

The writer gathers lines for :data:`LINGER` seconds after the first one of a batch and writes
them in one transaction (one ``executemany`` per table, one commit): in a busy room that is a
few wake-ups of this thread a second instead of one per line, so it takes less of the GIL from
the GUI thread. A clean exit (:meth:`ConversationLog.close`), :meth:`~ConversationLog.flush`
and a search cut the wait short, so they lose and delay nothing; a crash loses at most the
lines of the last :data:`LINGER` seconds (and any still queued behind a slow disk).
Lines are deduplicated by the server's ``msgid`` when there is one, else by (conversation,
time, sender, text), so a history replay after a restart adds nothing twice.

Each line is indexed by its folded text (:func:`app.client.search.fold_text`) in an FTS5
table with the ``unicode61`` tokenizer; queries are folded the same way and quoted
(:func:`app.client.search.match_expression`).

:class:`SessionLogger` is the Session listener that feeds the log with every message the
person sees: text, actions, notices and history replays.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.client.events import Event, MessageReceived
from app.client.search import (
    LoggedLine,
    SearchHit,
    SearchResults,
    fold_text,
    match_expression,
)
from app.datadir import data_dir

if TYPE_CHECKING:
    from app.client.session import Session

log = logging.getLogger(__name__)

#: Lines kept per log file; the oldest go first.
MAX_LINES = 200_000
#: Bytes of the file in use at most (lines and index); past it, the line bound is lowered.
MAX_BYTES = 128 * 1024 * 1024
#: Characters of one line's text kept (an IRC line is at most 512 bytes; this bounds others).
MAX_TEXT = 2048
#: Characters of a conversation or sender name kept.
MAX_NAME = 200
#: Lines waiting for the writer; beyond this a line is dropped (and logged) rather than wait.
QUEUE_LIMIT = 10_000
#: Lines written per transaction at most.
BATCH = 500
#: Seconds the writer gathers lines before a transaction (the most a crash loses).
LINGER = 0.25
#: Results of one search at most.
MAX_RESULTS = 200
#: Lines of context before and after a hit at most.
MAX_CONTEXT = 5
#: Where the logs live, under the data folder.
LOG_FOLDER = "logs"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lines (
    id INTEGER PRIMARY KEY,
    conversation TEXT NOT NULL,
    conv_key TEXT NOT NULL,
    time REAL NOT NULL,
    sender TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    msgid TEXT,
    dedup TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS lines_by_conversation ON lines (conv_key, time, id);
CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5 (
    folded, tokenize = 'unicode61 remove_diacritics 0'
);
"""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line to record. ``conv_key`` is the conversation's name folded by the server's
    case mapping (``#Lobby`` and ``#lobby`` are one conversation)."""

    conversation: str
    conv_key: str
    time: datetime
    sender: str
    kind: str
    text: str
    msgid: str | None = None


def log_path(host: str, port: int, nick: str, folder: Path | None = None) -> Path:
    """The log file of ``nick`` on ``host:port``: readable, and unique by a short hash."""
    name = f"{host.lower()}:{port}/{nick.casefold()}"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    readable = re.sub(r"[^a-z0-9._-]+", "_", f"{host}-{port}-{nick}".casefold())[:60]
    return (folder or data_dir() / LOG_FOLDER) / f"{readable}-{digest}.sqlite3"


class _Stop:
    """Tells the writer thread to finish what is queued and close."""


@dataclass(frozen=True, slots=True)
class _Search:
    query: str
    limit: int
    context: int
    reply: Callable[[SearchResults], None]


@dataclass(frozen=True, slots=True)
class _Flush:
    done: threading.Event


_Item = LogEntry | _Search | _Flush | _Stop


class ConversationLog:
    """A log file and the thread that owns its connection.

    ``ConversationLog(path)`` opens (or creates) the file on the writer thread; if it cannot
    be opened (a full disk, a file that is not a database) the log stays unavailable
    (:attr:`available` false after :meth:`flush`), searches answer ``failed`` and nothing
    else breaks. A file that is not a database is moved aside (``.corrupt``) and a new one
    started. Call :meth:`close` when done (it waits for the queue to drain, bounded).
    """

    def __init__(
        self, path: Path, *, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES
    ) -> None:
        self.path = path
        self._max_lines = max_lines
        self._max_bytes = max_bytes
        self._queue: queue.Queue[_Item] = queue.Queue(QUEUE_LIMIT)
        self._available = False
        self._closed = False
        self._dropping = False
        self._count = 0
        self._hurry = threading.Event()  # set by flush, close and search: write now
        self._thread = threading.Thread(target=self._run, name="gofto-log", daemon=True)
        self._thread.start()

    # -- what any thread calls -------------------------------------------------------------
    @property
    def available(self) -> bool:
        """Whether the file is open and being written."""
        return self._available

    def record(self, entry: LogEntry) -> None:
        """Queue ``entry`` for writing; never blocks (a full queue drops it, with a warning)."""
        if self._closed:
            return
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            if not self._dropping:  # said once per overflow, not once per line
                log.warning("conversation log queue full; lines are not being logged")
            self._dropping = True
        else:
            self._dropping = False

    def search(
        self,
        query: str,
        reply: Callable[[SearchResults], None],
        *,
        limit: int = 50,
        context: int = 2,
    ) -> None:
        """Search on the log's thread; ``reply(results)`` is called there, newest hit first."""
        limit, context = max(1, min(limit, MAX_RESULTS)), max(0, min(context, MAX_CONTEXT))
        request = _Search(query, limit, context, reply)
        if self._closed:
            reply(SearchResults(query, (), failed=True))
            return
        try:
            self._queue.put_nowait(request)  # never wait: the caller may be a GUI thread
        except queue.Full:
            reply(SearchResults(query, (), failed=True))
        self._hurry.set()

    def search_wait(
        self, query: str, *, limit: int = 50, context: int = 2, timeout: float = 10.0
    ) -> SearchResults:
        """:meth:`search`, waiting for the answer (for scripts and tests; never a GUI thread)."""
        answer: queue.Queue[SearchResults] = queue.Queue(1)
        self.search(query, answer.put, limit=limit, context=context)
        try:
            return answer.get(timeout=timeout)
        except queue.Empty:
            return SearchResults(query, (), failed=True)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is committed; ``False`` on timeout."""
        if self._closed:
            return not self._thread.is_alive()
        done = threading.Event()
        try:
            self._queue.put(_Flush(done), timeout=timeout)
        except queue.Full:
            return False
        self._hurry.set()
        return done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, close the file and end the thread (waits at most ``timeout``)."""
        if self._closed:
            return
        self._closed = True
        self._hurry.set()  # a writer gathering lines writes them now
        with contextlib.suppress(queue.Full):
            self._queue.put(_Stop(), timeout=timeout)
        self._hurry.set()
        self._thread.join(timeout)

    # -- the writer thread -------------------------------------------------------------------
    def _run(self) -> None:
        db = self._open()
        self._available = db is not None
        item: _Item | None = None
        behind = False  # the last batch was full: write the next at once
        try:
            while True:
                if item is None:
                    item = self._queue.get()
                    if isinstance(item, LogEntry) and not behind:
                        # Gather a batch (puts meanwhile wake nobody); flush/close/search
                        # end the wait. Cleared before draining, so no later set is missed.
                        self._hurry.wait(LINGER)
                        self._hurry.clear()
                batch: list[LogEntry] = []
                while isinstance(item, LogEntry) and len(batch) < BATCH:
                    batch.append(item)
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        item = None
                behind = len(batch) >= BATCH
                if batch and db is not None:
                    self._write(db, batch)
                if item is None or isinstance(item, LogEntry):
                    continue  # a full batch: the entry in hand starts the next one
                if isinstance(item, _Stop):
                    return
                if isinstance(item, _Flush):
                    item.done.set()
                else:
                    self._answer(db, item)
                item = None
        finally:
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._available = False

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                return self._connect()
            except sqlite3.DatabaseError as error:
                if attempt == 0 and self.path.exists():
                    log.warning(
                        "conversation log %s unreadable (%s); starting anew", self.path, error
                    )
                    for suffix in ("", "-wal", "-shm"):
                        source = Path(f"{self.path}{suffix}")
                        with contextlib.suppress(OSError):
                            source.replace(Path(f"{self.path}.corrupt{suffix}"))
                    continue
                log.warning("conversation log %s unavailable: %s", self.path, error)
            except OSError as error:
                log.warning("conversation log %s unavailable: %s", self.path, error)
                return None
        return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Private from the start: the log holds private conversations.
        os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=2000")
            db.executescript(_SCHEMA)
            result = db.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {result}")
            self._count = db.execute("SELECT count(*) FROM lines").fetchone()[0]
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _write(self, db: sqlite3.Connection, batch: list[LogEntry]) -> None:
        try:
            db.execute("BEGIN")
            for entry in batch:
                text = entry.text[:MAX_TEXT]
                when = entry.time.timestamp()
                sender = entry.sender[:MAX_NAME]
                if entry.msgid:
                    dedup = "m:" + entry.msgid[:MAX_NAME]
                else:
                    dedup = f"t:{entry.conv_key[:MAX_NAME]}\0{when:.3f}\0{sender}\0{text}"
                cursor = db.execute(
                    "INSERT OR IGNORE INTO lines"
                    " (conversation, conv_key, time, sender, kind, text, msgid, dedup)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        entry.conversation[:MAX_NAME],
                        entry.conv_key[:MAX_NAME],
                        when,
                        sender,
                        entry.kind,
                        text,
                        entry.msgid[:MAX_NAME] if entry.msgid else None,
                        dedup,
                    ),
                )
                if cursor.rowcount == 1:
                    db.execute(
                        "INSERT INTO lines_fts (rowid, folded) VALUES (?, ?)",
                        (cursor.lastrowid, fold_text(f"{sender} {text}")),
                    )
                    self._count += 1
            if self._count > self._max_lines or self._used_bytes(db) > self._max_bytes:
                self._prune(db)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            log.warning("conversation log write failed: %s", error)
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    @staticmethod
    def _used_bytes(db: sqlite3.Connection) -> int:
        """Bytes of the file holding data (freed pages are reused, not counted)."""
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        return (pages - free) * db.execute("PRAGMA page_size").fetchone()[0]

    def _prune(self, db: sqlite3.Connection) -> None:
        """Drop the oldest lines (by arrival) beyond the bound, from both tables.

        Over :data:`MAX_BYTES` the line bound itself comes down to what fits in nine tenths
        of it at the current bytes per line, and stays there: the file stops growing at about
        that size (freed pages are reused), within a batch.
        """
        used = self._used_bytes(db)
        if used > self._max_bytes and self._count:
            fits = int(self._max_bytes * 0.9 * self._count / used)
            self._max_lines = max(1, min(self._max_lines, fits))
        excess = self._count - self._max_lines
        cutoff = db.execute(
            "SELECT id FROM lines ORDER BY id LIMIT 1 OFFSET ?", (excess - 1,)
        ).fetchone()
        if cutoff is None:
            return
        db.execute("DELETE FROM lines_fts WHERE rowid <= ?", cutoff)
        db.execute("DELETE FROM lines WHERE id <= ?", cutoff)
        # Fold the index's deletions in now (a bounded amount of work), so its pages free up.
        db.execute("INSERT INTO lines_fts (lines_fts, rank) VALUES ('merge', 200)")
        self._count = db.execute("SELECT count(*) FROM lines").fetchone()[0]

    def _answer(self, db: sqlite3.Connection | None, request: _Search) -> None:
        try:
            results = self._find(db, request) if db is not None else None
        except sqlite3.Error as error:
            log.warning("conversation log search failed: %s", error)
            results = None
        if results is None:
            results = SearchResults(request.query, (), failed=True)
        try:
            request.reply(results)
        except Exception:
            # A front end's callback must not end the log's thread.
            log.exception("search reply failed")

    def _find(self, db: sqlite3.Connection, request: _Search) -> SearchResults:
        expression = match_expression(request.query)
        if expression is None:
            return SearchResults(request.query, ())
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM lines_fts JOIN lines ON lines.id = lines_fts.rowid"
            " WHERE lines_fts MATCH ? ORDER BY lines.time DESC, lines.id DESC LIMIT ?",
            (expression, request.limit),
        ).fetchall()
        hits = []
        for row in rows:
            line, conv_key = _line(row), row[-1]
            before = after = ()
            if request.context:
                before = tuple(
                    _line(r)
                    for r in reversed(
                        db.execute(
                            f"SELECT {_COLUMNS} FROM lines WHERE conv_key = ?"
                            " AND (time, id) < (?, ?) ORDER BY time DESC, id DESC LIMIT ?",
                            (conv_key, row[2], row[0], request.context),
                        ).fetchall()
                    )
                )
                after = tuple(
                    _line(r)
                    for r in db.execute(
                        f"SELECT {_COLUMNS} FROM lines WHERE conv_key = ?"
                        " AND (time, id) > (?, ?) ORDER BY time, id LIMIT ?",
                        (conv_key, row[2], row[0], request.context),
                    ).fetchall()
                )
            hits.append(SearchHit(line, before, after))
        return SearchResults(request.query, tuple(hits))


_COLUMNS = (
    "lines.id, lines.conversation, lines.time, lines.sender, lines.kind, lines.text,"
    " lines.msgid, lines.conv_key"
)


def _line(row: tuple[Any, ...]) -> LoggedLine:
    record_id, conversation, when, sender, kind, text, msgid, _key = row
    return LoggedLine(
        record_id, conversation, datetime.fromtimestamp(when, UTC), sender, kind, text, msgid
    )


class SessionLogger:
    """A Session listener that records every message the person sees in a log.

    Text, ``/me`` actions and notices, live or replayed (``is_history``), ours and others';
    the conversation is keyed by the session's case mapping. ``open_for`` makes one for a
    host and nickname in the data folder.
    """

    def __init__(self, session: Session, conversation_log: ConversationLog) -> None:
        self._session = session
        self.log = conversation_log
        session.add_listener(self.on_event)

    @classmethod
    def open_for(cls, session: Session, host: str, port: int) -> SessionLogger:
        """Log ``session`` (on ``host:port``, as its wanted nickname) in the data folder."""
        path = log_path(host, port, session.registration.wanted_nick)
        return cls(session, ConversationLog(path))

    def on_event(self, event: Event) -> None:
        """Record ``event`` if it is a message."""
        if isinstance(event, MessageReceived):
            self.log.record(
                LogEntry(
                    event.conversation,
                    self._session.fold(event.conversation),
                    event.time,
                    event.sender,
                    event.kind.value,
                    event.text,
                    event.msgid,
                )
            )

    def close(self) -> None:
        """Stop logging and close the file."""
        self.log.close()
