"""The host's SQLite file: history, accounts, read markers and waiting messages, kept on disk.

Why one file, one writer: the server keeps all of this in memory (every query is answered from
there, under the hub's lock) and only *persists* it here. Handlers queue writes with
:meth:`Store.line` and :meth:`Store.execute` (a ``deque`` append: nothing touches the disk on
the relay path); one background thread writes what accumulated every :data:`WRITE_INTERVAL`
seconds in one transaction, in the order it was queued. The file is in WAL mode, so a
``kill -9`` loses at most the last interval and never the file's integrity.

At start the thread reads the whole file (bounded: the in-memory limits are applied again
while loading) and hands a :class:`Snapshot` to the server, which accepts no connection before
that. :meth:`close` writes what is left, closes the database and joins the thread.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.irc.message import format_tags
from app.irc.names import fold
from app.server.threads import start_thread

if TYPE_CHECKING:
    from app.server.outgoing import Outgoing

log = logging.getLogger(__name__)

#: The background writer stores what accumulated at most this often (seconds).
WRITE_INTERVAL = 0.5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lines (
    id INTEGER PRIMARY KEY,
    channel_key TEXT NOT NULL,
    at REAL NOT NULL,
    msgid TEXT NOT NULL,
    source TEXT NOT NULL,
    command TEXT NOT NULL,
    channel TEXT NOT NULL,
    text TEXT NOT NULL,
    bot INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS lines_by_channel ON lines (channel_key, id);
CREATE INDEX IF NOT EXISTS lines_by_msgid ON lines (msgid);
CREATE TABLE IF NOT EXISTS accounts (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    password TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS certificates (
    fingerprint TEXT PRIMARY KEY,
    account_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nicks (
    key TEXT PRIMARY KEY,
    nick TEXT NOT NULL,
    account_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS markers (
    account_key TEXT NOT NULL,
    target_key TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (account_key, target_key)
);
CREATE TABLE IF NOT EXISTS waiting (
    msgid TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    sender_key TEXT NOT NULL
);
"""

#: Columns added to ``lines`` after its first release: (name, declaration).
_LINE_COLUMNS = (
    ("bot", "INTEGER NOT NULL DEFAULT 0"),
    ("account", "TEXT"),
    # The line's client-only tags in wire form (``+draft/reply=…``), so a reply stays one.
    ("tags", "TEXT NOT NULL DEFAULT ''"),
)


@dataclass
class StoredLine:
    """One history line as kept in the file (``key``: the conversation it belongs to)."""

    key: str
    at: float
    msgid: str
    source: str
    command: str
    target: str
    text: str
    bot: bool = False
    account: str | None = None
    tags: str = ""  # the client-only tags, as on the wire without the ``@``


@dataclass
class Snapshot:
    """Everything read back from the file at start, oldest lines first."""

    lines: list[StoredLine] = field(default_factory=list)
    #: (key, name, password hash or None)
    accounts: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: (fingerprint, account key)
    certificates: list[tuple[str, str]] = field(default_factory=list)
    #: (nick key, nick, account key)
    nicks: list[tuple[str, str, str]] = field(default_factory=list)
    #: (account key, target key, time)
    markers: list[tuple[str, str, float]] = field(default_factory=list)
    #: (msgid, recipient account key, sender key), oldest first
    waiting: list[tuple[str, str, str]] = field(default_factory=list)


Restore = Callable[[Snapshot], None]


class Store:
    """The SQLite file behind the host's memory; see the module docstring."""

    def __init__(self, path: Path, lines_per_key: int, max_keys: int = 2000) -> None:
        self.path = Path(path)
        self.lines_per_key = lines_per_key
        #: Conversations kept: at start, those spoken in longest ago beyond this are deleted.
        self.max_keys = max_keys
        #: Writes waiting for the thread, in order: ``("line", StoredLine)`` or ``(sql, params)``
        #: (``deque`` appends and pops are thread-safe).
        self._pending: deque[tuple[str, Any]] = deque()
        #: Set once the file was read (or could not be): the server then starts accepting.
        self.loaded = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def line(self, key: str | None, out: Outgoing) -> None:
        """Queue a relayed line for writing; its conversation is trimmed to the limit.

        ``key`` ``None``: a channel line, whose key (the folded channel name) is worked out on
        the writer thread, off the relay path.
        """
        self._pending.append(("line", (key, out)))

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        """Queue one statement (accounts, markers, waiting messages) for writing."""
        self._pending.append((sql, params))

    def start(self, restore: Restore, thread_name: str) -> None:
        """Start the writer thread; ``restore(snapshot)`` gets what the file holds."""
        self._thread = start_thread(lambda: self._main(restore), thread_name)

    def close(self) -> None:
        """Write what is pending, close the database and join the thread (idempotent)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    # -- the writer thread ------------------------------------------------------------------

    def _main(self, restore: Restore) -> None:
        db: sqlite3.Connection | None = None
        try:
            try:
                db = self._open()
                restore(self._load(db))
            except (OSError, sqlite3.Error) as error:
                log.warning("the host's store %s is not available: %s", self.path, error)
                if db is not None:
                    db.close()
                db = None
            finally:
                self.loaded.set()
            while not self._stop.wait(WRITE_INTERVAL):
                self._write(db)
            self._write(db)
        except Exception:
            log.exception("the host's store writer failed")
        finally:
            self.loaded.set()
            if db is not None:
                db.close()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            # A file from before a column existed: its lines get the column's default.
            columns = {row[1] for row in db.execute("PRAGMA table_info(lines)")}
            with db:
                for name, declaration in _LINE_COLUMNS:
                    if name not in columns:
                        db.execute(f"ALTER TABLE lines ADD COLUMN {name} {declaration}")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _load(self, db: sqlite3.Connection) -> Snapshot:
        snapshot = Snapshot()
        with db:  # forget conversations beyond the limit (the least recently spoken in)
            db.execute(
                "DELETE FROM lines WHERE channel_key NOT IN (SELECT channel_key FROM lines"
                " GROUP BY channel_key ORDER BY MAX(id) DESC LIMIT ?)",
                (self.max_keys,),
            )
        rows = db.execute(
            "SELECT channel_key, at, msgid, source, command, channel, text, bot, account, tags"
            " FROM ("
            " SELECT *, ROW_NUMBER() OVER (PARTITION BY channel_key ORDER BY id DESC) AS n"
            " FROM lines) WHERE n <= ? ORDER BY id",
            (self.lines_per_key,),
        ).fetchall()
        snapshot.lines = [
            StoredLine(key, at, msgid, source, command, target, text, bool(bot), account, tags)
            for key, at, msgid, source, command, target, text, bot, account, tags in rows
        ]
        snapshot.accounts = db.execute("SELECT key, name, password FROM accounts").fetchall()
        snapshot.certificates = db.execute(
            "SELECT fingerprint, account_key FROM certificates"
        ).fetchall()
        snapshot.nicks = db.execute("SELECT key, nick, account_key FROM nicks").fetchall()
        snapshot.markers = db.execute("SELECT account_key, target_key, at FROM markers").fetchall()
        snapshot.waiting = db.execute(
            "SELECT msgid, account_key, sender_key FROM waiting ORDER BY rowid"
        ).fetchall()
        return snapshot

    def _write(self, db: sqlite3.Connection | None) -> None:
        batch: list[tuple[str, Any]] = []
        with contextlib.suppress(IndexError):
            pop = self._pending.popleft
            while True:
                batch.append(pop())
        if not batch or db is None:
            return
        touched: set[str] = set()
        try:
            with db:
                for sql, params in batch:
                    if sql == "line":
                        key, out = params
                        target, text = out.message.params[:2]
                        key = key if key is not None else fold(target)
                        touched.add(key)
                        db.execute(
                            "INSERT INTO lines (channel_key, at, msgid, source, command, channel,"
                            " text, bot, account, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                key,
                                out.when,
                                out.msgid or "",
                                out.message.source or "",
                                out.message.command,
                                target,
                                text,
                                int(out.bot),
                                out.account,
                                format_tags(out.client_tags),
                            ),
                        )
                    else:
                        db.execute(sql, params)
                for key in touched:
                    db.execute(
                        "DELETE FROM lines WHERE channel_key = ? AND id <= (SELECT id FROM"
                        " lines WHERE channel_key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                        (key, key, self.lines_per_key),
                    )
        except sqlite3.Error as error:
            log.warning("could not save to %s: %s", self.path, error)
