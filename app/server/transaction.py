"""Transactions: the state lock, and the output queued under it, flushed after it is released.

Every command runs inside a transaction (``with hub.transaction():``): under the one state
lock, handlers change the model and *queue* encoded bytes on the affected connections, so
every client sees changes in the same order; when the outermost transaction ends, the lock is
released and only then are the touched connections flushed and the console lines emitted. No
socket is ever written while the lock is held.

A reader thread with flood control handles each line of a ``recv`` in a transaction of its
own (a line may have to wait, which must not happen under the lock). Inside a *batch*
(:meth:`Transactions.start_batch` … :meth:`Transactions.end_batch`) those transactions only
collect the touched connections, flushed once when the batch ends: a client that sends 50
messages in one go costs each channel member one ``send``, not 50, while a lone message is
still flushed the moment it has been handled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from app.server.outgoing import ACCOUNT_TAG, MESSAGE_TAGS, SERVER_TIME, Outgoing

if TYPE_CHECKING:
    from app.server.connection import Connection
    from app.server.state import Client

log = logging.getLogger(__name__)

LogCallback = Callable[[list[str]], None]

#: C0 controls and DEL shown as their Unicode control pictures (U+2400…) in log lines.
_CONTROL_TO_VISIBLE = {code: 0x2400 + code for code in range(32)} | {0x7F: 0x2421}


class _Batch(threading.local):
    """Per reader thread, while it handles a flood-limited batch: the connections to flush and
    the log lines to emit when the batch is done. ``None`` otherwise, as a class attribute:
    every transaction looks, and a missing attribute would cost an exception each time."""

    pending: tuple[set[Connection], list[str]] | None = None


class Transactions:
    """The state lock and the output queued under it; one per hub.

    The object is its own context manager (``with transactions:``), reused for every
    transaction rather than a ``@contextmanager`` generator: it runs for every batch of
    lines, and a generator costs a third more. The lock is re-entrant: a handler may open a
    nested transaction; only the outermost one flushes.
    """

    def __init__(self, on_log: LogCallback | None = None) -> None:
        self._on_log = on_log
        self._lock = threading.RLock()
        self._depth = 0
        self._dirty: set[Connection] = set()
        self._logs: list[str] = []
        self._batch = _Batch()

    # -- the lock --------------------------------------------------------------------------

    def __enter__(self) -> None:
        self._lock.acquire()
        self._depth += 1

    def __exit__(self, *_exc: object) -> None:
        """Leave a transaction (the lock is held); the outermost one flushes, unlocked."""
        self._depth -= 1
        if self._depth:
            self._lock.release()
            return
        dirty, self._dirty = self._dirty, set()
        logs, self._logs = self._logs, []
        self._lock.release()
        pending = self._batch.pending
        if pending is not None:  # inside a batch: flushed when the batch is done
            pending[0].update(dirty)
            pending[1].extend(logs)
            return
        self._flush(dirty, logs)

    def transaction(self) -> Transactions:
        """Hold the state lock; on exit, flush touched connections and emit logs, lock-free."""
        return self

    # -- batches ---------------------------------------------------------------------------

    def start_batch(self) -> None:
        """From now on, this thread's transactions collect what to flush (see the module)."""
        self._batch.pending = (set(), [])

    def flush_batch(self) -> None:
        """Flush what the current batch collected so far (before this thread blocks)."""
        pending = self._batch.pending
        if pending is not None:
            dirty, logs = set(pending[0]), list(pending[1])
            pending[0].clear()
            pending[1].clear()
            self._flush(dirty, logs)

    def end_batch(self) -> None:
        """End this thread's batch and flush everything it collected."""
        pending = self._batch.pending
        self._batch.pending = None
        if pending is not None:
            self._flush(*pending)

    def _flush(self, dirty: set[Connection], logs: list[str]) -> None:
        for conn in dirty:
            conn.flush()
        callback = self._on_log
        if callback is not None and logs:
            try:
                callback(logs)
            except Exception:
                log.exception("log callback failed")

    # -- output, inside a transaction -------------------------------------------------------

    def log(self, line: str) -> None:
        """Queue a console log line (emitted after the transaction).

        Control characters are made visible, so chat text cannot drive the operator's
        terminal (colour codes, cursor movement, a fake "Listening on" line).
        """
        # isprintable() is false for every control character: most lines skip translate().
        self._logs.append(line if line.isprintable() else line.translate(_CONTROL_TO_VISIBLE))

    def send_bytes(self, client: Client, data: bytes) -> None:
        """Queue already-encoded bytes for ``client`` (flushed when the transaction ends)."""
        conn = client.conn
        conn.append(data)
        self._dirty.add(conn)

    def relay(self, recipients: Iterable[Client], out: Outgoing) -> None:
        """Queue ``out`` for each recipient in the variant its capabilities ask for.

        The per-recipient work of a channel message; kept to a dict lookup and an append.
        """
        touch = self._dirty.add
        plain = out.encoded(False, False)
        for client in recipients:
            caps = client.caps
            conn = client.conn
            conn.append(out.for_caps(caps) if caps else plain)
            touch(conn)

    def relay_all(self, recipients: Iterable[Client], outs: list[Outgoing]) -> None:
        """Queue several messages in a row for each recipient, with one append each.

        Why: a run of messages from one sender (see :mod:`app.server.handlers.fastpath`)
        costs each recipient one append instead of one per message; the joined bytes are
        built once per capability variant.
        """
        if len(outs) == 1:
            self.relay(recipients, outs[0])
            return
        touch = self._dirty.add
        plain = b"".join([out.encoded(False, False) for out in outs])
        variants: dict[tuple[bool, bool, bool], bytes] = {(False, False, False): plain}
        for client in recipients:
            caps = client.caps
            data = plain
            if caps:
                key = (SERVER_TIME in caps, MESSAGE_TAGS in caps, ACCOUNT_TAG in caps)
                data = variants.get(key)  # type: ignore[assignment]
                if data is None:
                    data = variants[key] = b"".join([out.encoded(*key) for out in outs])
            conn = client.conn
            conn.append(data)
            touch(conn)
