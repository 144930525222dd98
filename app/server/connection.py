"""One client socket: a reader thread that frames lines, and a bounded outbound buffer.

Writing never happens under a lock. Senders append encoded bytes to the buffer under a short
per-connection lock (:meth:`Connection.enqueue`, cheap enough to call while the server's state
lock is held) and later call :meth:`Connection.flush` with no lock held. One flusher at a time
owns the socket's sending side: the flushing thread sends what it can with a non-blocking
``send`` (so an idle client gets its line at once); when the socket would block, a per-connection
writer thread (started on first need) takes over and sends everything that accumulates in one
call each time, which coalesces writes for a slow reader. A peer that lets the buffer pass its
limit is closed with ``ERROR :SendQ exceeded`` while everyone else carries on.

Closing is asynchronous: :meth:`Connection.close` queues the ``ERROR`` line and wakes the
reader, whose thread then reports the loss, drains the buffer (bounded by a grace period),
shuts the socket down, joins the writer and closes the socket. Every socket is closed by its own
reader thread, exactly once.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable

from app.irc import Message
from app.server.framing import TOO_LONG, LineFramer
from app.server.threads import start_thread
from app.server.wire import encode

log = logging.getLogger(__name__)

#: ``send`` flag for a non-blocking attempt on a blocking socket; absent on Windows, where the
#: writer thread does all sending.
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)
RECV_BYTES = 16384
#: Largest single ``send``; keeps copies of a huge backlog bounded.
SEND_CHUNK = 256 * 1024
#: How long a closing connection may take to deliver its last lines (the ERROR line).
CLOSE_GRACE = 2.0

LineCallback = Callable[[bytes | None], None]


class Connection:
    """A connected peer. ``on_line`` gets each line (``None`` for a too-long one) on the
    reader thread; ``on_lost`` is called once, on the reader thread, when the peer is gone."""

    def __init__(self, sock: socket.socket, sendq_bytes: int, max_line: int, name: str) -> None:
        self.sock = sock
        self.name = name
        self._sendq = sendq_bytes
        self._framer = LineFramer(max_line)
        self._cond = threading.Condition(threading.Lock())
        self._out = bytearray()
        self._epoch = 0  # bumped when the buffer is discarded, so an in-flight send won't trim it
        self._owner: str | None = None  # who is sending: None, "direct" or "writer"
        self._writer: threading.Thread | None = None
        self._reader: threading.Thread | None = None
        self._closing = False
        self._broken = False  # sending failed; nothing more will go out
        self._dead = False  # the reader finished; the writer must exit
        self._closed = threading.Event()  # set by close(); interrupts flood waits
        self.close_reason = ""
        self._on_line: LineCallback = lambda _line: None
        self._on_lost: Callable[[], None] = lambda: None
        self._on_closed: Callable[[], None] = lambda: None

    # -- lifecycle -------------------------------------------------------------------------

    def start(
        self,
        on_line: LineCallback,
        on_lost: Callable[[], None],
        on_closed: Callable[[], None] = lambda: None,
    ) -> None:
        """Start the reader thread; ``on_closed`` runs last on it, after the socket closed."""
        self._on_line, self._on_lost, self._on_closed = on_line, on_lost, on_closed
        self._reader = start_thread(self._reader_main, f"{self.name}-reader")

    @property
    def reader(self) -> threading.Thread | None:
        """The reader thread (joined by the server on stop)."""
        return self._reader

    @property
    def closing(self) -> bool:
        """Whether :meth:`close` was called or the peer went away."""
        return self._closing

    def close(self, reason: str, error: str | None = None, *, discard: bool = False) -> None:
        """Queue ``ERROR :<error>`` (if given), then end the connection; idempotent.

        ``reason`` is what other users see in the QUIT line. ``discard`` drops unsent output
        first (for a peer that stopped reading). Safe from any thread, with or without the
        server's state lock held: it never writes to the socket itself.
        """
        with self._cond:
            if self._closing:
                return
            self._closing = True
            self.close_reason = reason
            if discard:
                self._out.clear()
                self._epoch += 1
                prefix = b"\r\n"  # an interrupted line must not swallow the ERROR
            else:
                prefix = b""
            if error is not None and not self._broken:
                self._out += prefix + encode(Message("ERROR", (error,)))
        self._closed.set()
        if threading.current_thread() is not self._reader:
            self._wake_reader()

    def wait_closed(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; ``True`` if the connection is closing."""
        return self._closed.wait(timeout)

    def abort(self) -> None:
        """Cut the socket now (stop() uses it for a peer that outlasts the grace period)."""
        self._shutdown(socket.SHUT_RDWR)

    def _wake_reader(self) -> None:
        # Shutting down the receiving side makes a blocked recv() return b"" at once.
        self._shutdown(socket.SHUT_RD)

    def _shutdown(self, how: int) -> None:
        # OSError: already shut down or never connected; either way the goal is reached.
        with contextlib.suppress(OSError):
            self.sock.shutdown(how)

    # -- output ----------------------------------------------------------------------------

    def enqueue(self, data: bytes) -> bool:
        """Append ``data``; ``True`` when the caller must call :meth:`flush` (lock-free) later.

        On overflow the connection is closed with ``ERROR :SendQ exceeded`` and ``False`` is
        returned; the caller's other recipients are unaffected.
        """
        with self._cond:
            if self._closing or self._broken:
                return False
            if len(self._out) + len(data) <= self._sendq:
                self._out += data
                return self._owner is None
        self.close("SendQ exceeded", "SendQ exceeded", discard=True)
        return False

    def flush(self) -> None:
        """Send what is queued without blocking; hand the rest to the writer thread.

        Call with no lock held. Does nothing when another flusher owns the socket.
        """
        with self._cond:
            if self._owner is not None or not self._out or self._dead or self._broken:
                return
            if not _DONTWAIT:
                self._hand_to_writer()
                return
            self._owner = "direct"
            data = bytes(self._out[:SEND_CHUNK])
            epoch = self._epoch
        try:
            sent = self.sock.send(data, _DONTWAIT)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._send_failed()
            return
        with self._cond:
            if epoch == self._epoch:
                del self._out[:sent]
            if self._out:
                self._hand_to_writer()
            else:
                self._owner = None
                self._cond.notify_all()

    def _hand_to_writer(self) -> None:
        """Make the writer thread the flusher (call with ``_cond`` held)."""
        self._owner = "writer"
        if self._writer is None:
            self._writer = start_thread(self._writer_main, f"{self.name}-writer")
        self._cond.notify_all()

    def _writer_main(self) -> None:
        while True:
            with self._cond:
                while self._owner != "writer" and not self._dead:
                    self._cond.wait()
                if self._dead:
                    return
                if not self._out:
                    self._owner = None
                    self._cond.notify_all()
                    continue
                data = bytes(self._out[:SEND_CHUNK])
                epoch = self._epoch
            try:
                sent = self.sock.send(data)  # blocking: this thread may wait for the peer
            except OSError:
                self._send_failed()
                continue
            with self._cond:
                if epoch == self._epoch:
                    del self._out[:sent]

    def _send_failed(self) -> None:
        with self._cond:
            self._broken = True
            self._out.clear()
            self._epoch += 1
            self._owner = None
            self._cond.notify_all()
        self._wake_reader()

    # -- input -----------------------------------------------------------------------------

    def _reader_main(self) -> None:
        try:
            self._read_loop()
        except Exception:  # a bug must not kill the thread before cleanup
            log.exception("reader of %s failed", self.name)
            with self._cond:
                self._closing = True
                self.close_reason = self.close_reason or "Internal error"
        finally:
            self._finish()

    def _read_loop(self) -> None:
        while not self._closing:
            try:
                data = self.sock.recv(RECV_BYTES)
            except OSError as exc:
                self._peer_gone(f"Read error: {exc.strerror or exc}")
                return
            if not data:
                self._peer_gone("Remote host closed the connection")
                return
            for line in self._framer.feed(data):
                if self._closing:
                    return
                self._on_line(line if line is not TOO_LONG else None)

    def _peer_gone(self, reason: str) -> None:
        with self._cond:
            if not self._closing:
                self._closing = True
                self.close_reason = reason
        self._closed.set()

    def _finish(self) -> None:
        try:
            self._on_lost()
        except Exception:
            log.exception("cleanup of %s failed", self.name)
        self.flush()
        deadline = time.monotonic() + CLOSE_GRACE
        with self._cond:
            while (self._out or self._owner is not None) and not self._broken:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            self._dead = True
            self._cond.notify_all()
        self._shutdown(socket.SHUT_RDWR)  # also unblocks a writer stuck in send()
        if self._writer is not None:
            self._writer.join()
        self.sock.close()
        try:
            self._on_closed()
        except Exception:
            log.exception("closing %s failed", self.name)
