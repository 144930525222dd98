"""Recent channel messages, replayed to a client that joins (and optionally kept on disk).

Why: someone who joins the room late, or comes back after a drop, should see what was said.
Every channel keeps its last :data:`DEFAULT_SIZE` PRIVMSG/NOTICE lines (``/me`` actions
included; other CTCP requests and every private message are never stored) as the very
:class:`~app.server.outgoing.Outgoing` objects that were relayed, so recording a message is one
``deque.append`` under the hub's lock and nothing is formatted until someone asks for a replay.

Only a client that negotiated :data:`~app.irc.caps.REPLAY_CAP` (why that name: see
:mod:`app.irc.caps`) *and* ``batch`` *and* ``server-time`` gets a
replay: right after the ``366`` of its JOIN, one IRCv3 ``BATCH`` of type ``chathistory`` with
``time`` and ``msgid`` tags on every line. Every other client's JOIN is answered exactly as
before, so plain IRC clients and the conformance suite see no difference.

Persistence is optional (:class:`HistoryStore`): lines are written to SQLite by one background
thread in batches (never on the relay path), and read back when the server starts.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import sqlite3
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc.caps import REPLAY_CAP
from app.irc.names import fold
from app.server.outgoing import BOT_TAGS, MESSAGE_TAGS, Outgoing
from app.server.threads import start_thread
from app.server.wire import encode

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

log = logging.getLogger(__name__)

#: The capabilities a client must have negotiated, all of them, to be sent a replay.
REPLAY_NEEDS = frozenset({REPLAY_CAP, "batch", "server-time"})
#: Lines kept per channel unless the server is told otherwise.
DEFAULT_SIZE = 200
#: Channels whose history is kept; beyond this the channel that was created longest ago is
#: forgotten (anyone may create channels, so memory must stay bounded).
MAX_CHANNELS = 1000
#: The background writer stores what accumulated at most this often (seconds).
WRITE_INTERVAL = 0.5

_batch_ids = itertools.count(1)
#: What receives the stored lines at start: ``(folded channel name, line)``, oldest first.
Restore = Callable[[list[tuple[str, Outgoing]]], None]


def is_replayable(text: str) -> bool:
    """Whether a channel message's text belongs in history: anything but a CTCP request.

    ``/me`` (``\\x01ACTION …``) is conversation; ``VERSION``/``PING`` requests replayed
    later would make every joining client answer them.
    """
    return not text.startswith("\x01") or text.startswith("\x01ACTION ")


def _continues(line_id: str | None, msgid: str) -> bool:
    """Whether ``line_id`` is a later line of multiline message ``msgid`` (``msgid~N``)."""
    return line_id is not None and line_id.startswith(msgid + "~")


class History:
    """Per-channel deques of recent :class:`Outgoing` lines; guarded by the hub's lock.

    ``store`` (optional) receives every recorded line for writing on its own thread.
    """

    def __init__(self, size: int = DEFAULT_SIZE, store: HistoryStore | None = None) -> None:
        self.size = max(0, size)
        self.store = store
        self._logs: dict[str, deque[Outgoing]] = {}

    def backlog(self, key: str) -> deque[Outgoing]:
        """The deque of the channel whose folded name is ``key`` (made on first use).

        A channel keeps a reference to it (``Channel.backlog``), so recording is an append;
        the deque outlives the channel, so a room that emptied still has its history.
        """
        backlog = self._logs.get(key)
        if backlog is None:
            while len(self._logs) >= MAX_CHANNELS:
                del self._logs[next(iter(self._logs))]
            backlog = self._logs[key] = deque(maxlen=self.size)
        return backlog

    def record(self, channel: Channel, out: Outgoing) -> None:
        """Remember a channel message (call under the hub's lock, after relaying it)."""
        channel.backlog.append(out)
        store = self.store
        if store is not None:
            store.pending.append(out)  # folded and written on the store's own thread

    def forget(self, channel: Channel, msgid: str) -> Outgoing | None:
        """Remove a deleted message (IRCv3 ``REDACT``) so no replay shows it; the removed
        line, or ``None`` when the channel's history does not hold it (any more)."""
        backlog = channel.backlog
        # A multiline message is kept as its lines: ``msgid``, then ``msgid~1``, ``msgid~2``…
        gone = [out for out in backlog if out.msgid == msgid or _continues(out.msgid, msgid)]
        for out in gone:
            backlog.remove(out)
        if gone and self.store is not None:
            self.store.forgotten.extend(out.msgid or "" for out in gone)
        return gone[0] if gone else None

    def lines(self, key: str) -> list[Outgoing]:
        """The remembered lines of a channel, oldest first (a copy)."""
        backlog = self._logs.get(key)
        return list(backlog) if backlog else []

    def restore(self, rows: Iterable[tuple[str, Outgoing]]) -> None:
        """Put lines read from disk in front of what was recorded since the start."""
        loaded: dict[str, list[Outgoing]] = {}
        for key, out in rows:
            loaded.setdefault(key, []).append(out)
        for key, old in loaded.items():
            backlog = self.backlog(key)
            newer = list(backlog)
            backlog.clear()
            backlog.extend(old)
            backlog.extend(newer)

    def replay(self, hub: Hub, client: Client, channel: Channel) -> None:
        """Send ``client`` the channel's history in one ``chathistory`` BATCH, if it asked.

        Called by JOIN right after the ``366``; does nothing for a client without all of
        :data:`REPLAY_NEEDS` or when there is nothing to replay.
        """
        if not client.caps >= REPLAY_NEEDS or not channel.backlog:
            return
        server = hub.config.name
        ref = f"h{next(_batch_ids)}"
        send = hub.send_bytes
        send(client, encode(Message("BATCH", (f"+{ref}", "chathistory", channel.name), server)))
        bot_tags = MESSAGE_TAGS in client.caps  # IRCv3 bot-mode: only to message-tags clients
        for out in channel.backlog:
            tags = {"batch": ref, "time": out.time, "msgid": out.msgid or ""}
            if out.bot and bot_tags:
                tags.update(BOT_TAGS)
            msg = out.message
            send(client, encode(Message(msg.command, msg.params, msg.source, tags)))
        send(client, encode(Message("BATCH", (f"-{ref}",), server)))


class HistoryStore:
    """History in an SQLite file: loaded at start, appended to in batches by one thread.

    :meth:`start` starts the thread, which first reads the file (so no caller, e.g. a GUI
    thread hosting the chat, waits on the disk) and hands the lines to ``restore``; the
    server does not accept connections before :attr:`loaded` is set. After that it writes
    whatever :attr:`pending` collected every :data:`WRITE_INTERVAL` seconds in one
    transaction, with the same caps as memory: each touched channel trimmed to ``size`` rows,
    and at most :data:`MAX_CHANNELS` channels, the least recently written to dropped first
    (anyone can create rooms, so the file must stay bounded while the server runs, not only
    when it starts). :meth:`close` writes what is left, closes the database and joins the
    thread.
    """

    def __init__(self, path: Path, size: int = DEFAULT_SIZE) -> None:
        self.path = Path(path)
        self.size = size
        #: Channel messages waiting to be written; appended under the hub's lock, drained by
        #: the writer (``deque`` appends and pops are thread-safe).
        self.pending: deque[Outgoing] = deque()
        #: Ids of deleted messages (``REDACT``) to delete from the file, drained likewise.
        self.forgotten: deque[str] = deque()
        #: Set once the file was read (or could not be): the server then starts accepting.
        self.loaded = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: The channels the file holds, least recently written to first (writer thread only).
        self._rooms: OrderedDict[str, None] = OrderedDict()

    def start(self, restore: Restore, thread_name: str) -> None:
        """Start the writer thread; ``restore(rows)`` gets the stored lines, oldest first."""
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
                log.warning("chat history in %s is not available: %s", self.path, error)
                if db is not None:
                    db.close()
                db = None
            finally:
                self.loaded.set()
            while not self._stop.wait(WRITE_INTERVAL):
                self._write(db)
            self._write(db)
        except Exception:
            log.exception("the chat history writer failed")
        finally:
            self.loaded.set()
            if db is not None:
                db.close()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        try:
            db.executescript(
                """
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
                """
            )
            # A file written before bot-mode lines were marked: their senders were not bots
            # as far as anyone can tell now, which the column's default says.
            columns = {row[1] for row in db.execute("PRAGMA table_info(lines)")}
            if "bot" not in columns:
                with db:
                    db.execute("ALTER TABLE lines ADD COLUMN bot INTEGER NOT NULL DEFAULT 0")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _load(self, db: sqlite3.Connection) -> list[tuple[str, Outgoing]]:
        with db:  # forget channels beyond MAX_CHANNELS (the least recently spoken in)
            db.execute(
                "DELETE FROM lines WHERE channel_key NOT IN (SELECT channel_key FROM lines"
                " GROUP BY channel_key ORDER BY MAX(id) DESC LIMIT ?)",
                (MAX_CHANNELS,),
            )
        order = db.execute("SELECT channel_key FROM lines GROUP BY channel_key ORDER BY MAX(id)")
        self._rooms = OrderedDict.fromkeys(key for (key,) in order)
        rows = db.execute(
            "SELECT channel_key, at, msgid, source, command, channel, text, bot FROM ("
            " SELECT *, ROW_NUMBER() OVER (PARTITION BY channel_key ORDER BY id DESC) AS n"
            " FROM lines) WHERE n <= ? ORDER BY id",
            (self.size,),
        ).fetchall()
        loaded = []
        for key, at, msgid, source, command, channel, text, bot in rows:
            out = Outgoing(source, command, (channel, text), msgid=msgid, when=at, bot=bool(bot))
            loaded.append((key, out))
        return loaded

    def _write(self, db: sqlite3.Connection | None) -> None:
        batch: list[Outgoing] = []
        with contextlib.suppress(IndexError):
            pop = self.pending.popleft
            while True:
                batch.append(pop())
        gone: list[str] = []
        with contextlib.suppress(IndexError):
            pop_gone = self.forgotten.popleft
            while True:
                gone.append(pop_gone())
        if db is None:
            return
        if batch:
            self._insert(db, batch)
        if gone:  # after the insert: a line may be deleted before it was ever written
            try:
                with db:
                    db.executemany("DELETE FROM lines WHERE msgid = ?", [(g,) for g in gone])
            except sqlite3.Error as error:
                log.warning("could not delete redacted lines from %s: %s", self.path, error)

    def _insert(self, db: sqlite3.Connection, batch: list[Outgoing]) -> None:
        rows = []
        for out in batch:
            channel, text = out.message.params[:2]
            source = out.message.source or ""
            rows.append(
                (
                    fold(channel),
                    out.when,
                    out.msgid or "",
                    source,
                    out.message.command,
                    channel,
                    text,
                    int(out.bot),
                )
            )
        try:
            with db:
                db.executemany(
                    "INSERT INTO lines (channel_key, at, msgid, source, command, channel, text,"
                    " bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                for key in dict.fromkeys(row[0] for row in rows):  # in order of writing
                    db.execute(
                        "DELETE FROM lines WHERE channel_key = ? AND id <= (SELECT id FROM"
                        " lines WHERE channel_key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                        (key, key, self.size),
                    )
                    self._rooms[key] = None
                    self._rooms.move_to_end(key)
                doomed = []
                while len(self._rooms) > MAX_CHANNELS:
                    doomed.append((self._rooms.popitem(last=False)[0],))
                if doomed:  # the rooms written to longest ago leave the file
                    db.executemany("DELETE FROM lines WHERE channel_key = ?", doomed)
        except sqlite3.Error as error:
            log.warning("could not save chat history to %s: %s", self.path, error)
