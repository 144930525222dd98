"""One client socket: a reader thread that frames lines, and a bounded outbound buffer.

Writing never happens under a lock. Senders append encoded bytes to the buffer
(:meth:`Connection.append`, cheap enough to call for every member of a channel while the
server's state lock is held) and later call :meth:`Connection.flush` with no lock held. One
flusher at a time owns the socket's sending side: the flushing thread sends what it can with a
non-blocking ``send`` (so an idle client gets its line at once); when the socket would block, a
per-connection writer thread (started on first need) takes over and sends everything that
accumulates in one call each time, which coalesces writes for a slow reader. A peer that lets
the buffer pass its limit is closed with ``ERROR :SendQ exceeded`` while everyone else carries
on.

Lines are handed to the server a whole ``recv`` at a time (``on_lines``), so the server can
queue the output of every line in the batch before it flushes anyone: under load one ``send``
then carries many lines, while an idle client's single line still goes out at once. The
``send`` system call, not Python, is what a busy server spends most of its time in.

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
from app.secure import TLS_HANDSHAKE_BYTE, AnyClientCertSession, TlsSession, certificate_id
from app.server.filehost.sniff import is_http
from app.server.framing import LineFramer
from app.server.quietlog import describe
from app.server.threads import start_thread
from app.server.tls import NO_TLS, PlainRefused, ServerTls, accept, peek_first_byte
from app.server.wire import encode

log = logging.getLogger(__name__)

#: ``send`` flag for a non-blocking attempt on a blocking socket; absent on Windows, where the
#: writer thread does all sending.
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)
#: ``getsockopt`` option whose first byte is the TCP state (Linux), and the states of a
#: connection whose peer closed its side (CLOSE_WAIT) or reset it (CLOSE).
_TCP_INFO = getattr(socket, "TCP_INFO", None)
_TCP_PEER_GONE = frozenset({7, 8})
#: Largest single read; a busy client's burst of lines fits several times over.
RECV_BYTES = 4096
#: Largest single ``send``; keeps copies of a huge backlog bounded.
SEND_CHUNK = 256 * 1024
#: How long a closing connection may take to deliver its last lines (the ERROR line).
CLOSE_GRACE = 2.0

LinesCallback = Callable[[list[bytes | None]], None]
#: Takes over a TLS connection whose first bytes were an HTTP request (see
#: app.server.filehost): the socket, its TLS session and the plaintext read so far.
HttpCallback = Callable[[socket.socket, TlsSession, bytes], None]
#: A direct flusher sends again at most this many times when senders keep appending, before
#: it hands the socket to the writer thread (so no sender is stuck flushing for others).
_DIRECT_ROUNDS = 3


class Connection:
    """A connected peer. ``on_lines`` gets the lines of each ``recv`` (``None`` for a
    too-long one) on the reader thread and must stop at :attr:`closing`; ``on_lost`` is called
    once, on the reader thread, when the peer is gone."""

    def __init__(
        self,
        sock: socket.socket,
        sendq_bytes: int,
        max_line: int,
        name: str,
        *,
        tls: ServerTls | None = None,
        http: HttpCallback | None = None,
    ) -> None:
        self.sock = sock
        self._send = sock.send  # bound once: flush() runs per recipient of every message
        self.name = name
        self._sendq = sendq_bytes
        self._framer = LineFramer(max_line)
        # Hot paths take ``_lock`` directly (a C-level context manager); ``_cond`` waits on it.
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
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
        self._on_lines: LinesCallback = lambda _lines: None
        self._on_lost: Callable[[], None] = lambda: None
        self._on_closed: Callable[[], None] = lambda: None
        # TLS (see app.server.tls): the reader thread first tells TLS from plain text; until it
        # has, ``_owner`` keeps every flusher away so nothing reaches the peer unencrypted.
        self._tls_config = tls
        self._tls: TlsSession | AnyClientCertSession | None = None
        # Appends take ``_lock`` only while TLS is possible: once the peer turned out to speak
        # plain text, nothing but flushers touches ``_out`` and the lock-free path is safe.
        self._locked_appends = tls is not None
        if tls is not None:
            self._owner = "handshake"
        # HTTPS on the same port: the first plaintext bytes of a TLS connection are kept here
        # until they tell an HTTP request from IRC (``None``: decided, or no file host).
        self._http = http
        self._sniff: bytes | None = b"" if tls is not None and http is not None else None

    # -- lifecycle -------------------------------------------------------------------------

    def start(
        self,
        on_lines: LinesCallback,
        on_lost: Callable[[], None],
        on_closed: Callable[[], None] = lambda: None,
    ) -> None:
        """Start the reader thread; ``on_closed`` runs last on it, after the socket closed."""
        self._on_lines, self._on_lost, self._on_closed = on_lines, on_lost, on_closed
        self._reader = start_thread(self._reader_main, f"{self.name}-reader")

    @property
    def reader(self) -> threading.Thread | None:
        """The reader thread (joined by the server on stop)."""
        return self._reader

    @property
    def peer_fingerprint(self) -> str | None:
        """The SHA-256 (lowercase hex) of the client certificate the peer presented over TLS,
        if it did: how the host recognises a person (CertFP, SASL EXTERNAL)."""
        tls = self._tls
        if tls is None:
            return None
        der = tls.peer_certificate()
        return certificate_id(der) if der else None

    @property
    def secure(self) -> bool:
        """Whether the peer speaks TLS (known before its first line is handled)."""
        return self._tls is not None

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
                if self._tls is not None:  # a cut record cannot be mended: no prefix
                    self._tls.encrypt_into(self._out, encode(Message("ERROR", (error,))))
                else:
                    self._out += prefix + encode(Message("ERROR", (error,)))
        self._closed.set()
        if threading.current_thread() is not self._reader:
            self._wake_reader()

    def wait_closed(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; ``True`` if the connection is closing.

        A peer that hung up meanwhile counts as closing (where the OS tells): a flooder whose
        lines are being held back must not keep its reader thread, and its place among its
        address's connections, for as long as its unread lines would take.
        """
        if self._closed.wait(timeout):
            return True
        if self._peer_hung_up():
            self._peer_gone("Remote host closed the connection")
            return True
        return False

    def _peer_hung_up(self) -> bool:
        """Whether the peer closed or reset the connection (Linux ``TCP_INFO``: state
        CLOSE_WAIT or CLOSE); ``False`` where unknown."""
        if _TCP_INFO is None:
            return False
        try:
            info = self.sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, 1)
        except OSError:
            return False
        return bool(info) and info[0] in _TCP_PEER_GONE

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

    def append(self, data: bytes) -> None:
        """Append ``data``; call :meth:`flush` afterwards.

        This is the per-recipient cost of every relayed line, so a plain-text connection (one
        without TLS configured, or one that turned out to speak plain text) takes no lock:
        appends happen only under the server's state lock (so never two at once), appending to a
        ``bytearray`` is one operation under the GIL, and flushers only remove bytes from the
        front, under ``_lock``. A flusher that checks for leftovers under ``_lock`` sees an
        append made before the check; one made after is sent by the caller's own flush.
        On overflow the connection is closed with ``ERROR :SendQ exceeded``.
        """
        if self._closing or self._broken:
            return
        out = self._out
        if len(out) + len(data) > self._sendq:
            self.close("SendQ exceeded", "SendQ exceeded", discard=True)
            return
        if not self._locked_appends:
            out += data
            return
        # With TLS possible, the reader thread also writes to ``_out`` (handshake, key updates)
        # and the TLS object is not thread-safe, and ``_secure`` swaps plain bytes for
        # encrypted ones: both sides take ``_lock`` here.
        lock = self._lock
        lock.acquire()  # not ``with``: half the cost, once per recipient (see flush())
        try:
            if self._tls is not None:
                self._tls.encrypt_into(self._out, data)
            else:
                self._out += data
        finally:
            lock.release()

    def flush(self) -> None:
        """Send what is queued without blocking; hand the rest to the writer thread.

        Call with no lock held. Does nothing when another flusher owns the socket. This runs
        once per recipient of every message, so it is written for the common case: one
        ``send`` that takes everything, between two short holds of the lock.
        """
        # Unlocked first look, the common case under load: the owner re-checks the buffer
        # under the lock after each send, so it will send what the caller appended.
        if self._owner is not None or not self._out:
            return
        # acquire()/release() in try/finally rather than ``with``: half the cost, twice per
        # recipient of every message.
        lock = self._lock
        lock.acquire()
        try:
            out = self._out
            if self._owner is not None or not out or self._dead or self._broken:
                return
            if not _DONTWAIT:
                self._hand_to_writer()
                return
            self._owner = "direct"
            data = bytes(out) if len(out) <= SEND_CHUNK else bytes(out[:SEND_CHUNK])
            epoch = self._epoch
        finally:
            lock.release()
        send = self._send
        rounds = _DIRECT_ROUNDS
        while True:
            try:
                sent = send(data, _DONTWAIT)
            except BlockingIOError:
                sent = 0
            except OSError:
                self._send_failed()
                return
            lock.acquire()
            try:
                out = self._out
                if epoch == self._epoch:
                    del out[:sent]
                if not out:
                    self._owner = None
                    if self._closing:  # only a closing reader waits for the buffer to drain
                        self._cond.notify_all()
                    return
                rounds -= 1
                if not rounds or sent < len(data) or self._dead or self._broken:
                    # The socket is full (the writer thread waits for the peer), or this
                    # thread sent for others long enough.
                    if not self._dead and not self._broken:
                        self._hand_to_writer()
                    else:
                        self._owner = None
                        self._cond.notify_all()
                    return
                # Others appended while this thread was sending: send that too.
                data = bytes(out) if len(out) <= SEND_CHUNK else bytes(out[:SEND_CHUNK])
                epoch = self._epoch
            finally:
                lock.release()

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
            if self._secure() if self._tls_config is not None else self._plain_start():
                self._read_loop()
        except Exception as exc:  # a bug must not kill the thread before cleanup
            log.error("reader of %s failed: %s", self.name, describe(exc))  # no traceback
            with self._cond:
                self._closing = True
                self.close_reason = self.close_reason or "Internal error"
        finally:
            self._finish()

    def _read_loop(self) -> None:
        # One buffer for the connection's life, rather than a fresh one per recv(): the
        # allocator kept handing each read new pages to fault in (half the page faults of a
        # busy server), and a reader blocked in recv() held a buffer of its own meanwhile.
        buffer = bytearray(RECV_BYTES)
        view = memoryview(buffer)
        recv_into = self.sock.recv_into
        while not self._closing:
            try:
                size = recv_into(buffer)
            except OSError as exc:
                self._peer_gone(f"Read error: {exc.strerror or exc}")
                return
            if not size:
                self._peer_gone("Remote host closed the connection")
                return
            data = view[:size].tobytes()
            if self._tls is not None:
                data = self._decrypt(data)
                if data is None:
                    return
                if self._sniff is not None:
                    data = self._sniffed(data)
                    if data is None:
                        return
            lines = self._framer.feed(data)
            if lines:
                self._on_lines(lines)

    def _plain_start(self) -> bool:
        """Without TLS: answer a TLS ClientHello with a plain ``ERROR`` at once, so a client
        that tries TLS first learns in milliseconds that it must use plain text (rather than
        wait for a handshake that never comes). Blocks like the first ``recv`` would."""
        if peek_first_byte(self.sock, None) == TLS_HANDSHAKE_BYTE:
            self.close("TLS not offered", NO_TLS)
            return False
        return True

    def _secure(self) -> bool:
        """Tell TLS from plain text and shake hands; ``False`` when the connection is over.

        Anything queued meanwhile (a registration-timeout ``ERROR``) is plain text in the
        buffer; it is encrypted here, under ``_cond`` like :meth:`close`'s. No other line can
        be queued for a peer that has not sent one yet.
        """
        assert self._tls_config is not None
        session: TlsSession | AnyClientCertSession | None = None
        try:
            session = accept(self.sock, self._tls_config)
        except PlainRefused as refusal:
            self.close("TLS required", str(refusal))
        except EOFError as exc:
            self._peer_gone(f"Remote host closed the connection ({exc})")
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            log.info("TLS handshake with %s failed: %s", self.name, exc)
            self._peer_gone(f"TLS handshake failed: {exc}")
        with self._cond:
            if session is not None and not self._closing:
                pending = bytes(self._out)
                self._out.clear()
                self._tls = session
                session.encrypt_into(self._out, pending)
            elif session is None:
                self._locked_appends = False  # plain text: appends need no lock from now on
            self._owner = None
        if self._closing:
            return False
        if session is None:  # plain text: send what waited for the decision
            self.flush()
            return True
        data = self._decrypt(b"")  # what arrived with the last handshake bytes
        if data is None:
            return False
        self.flush()
        if self._sniff is not None:
            data = self._sniffed(data)
            if data is None:
                return False
        lines = self._framer.feed(data)
        if lines:
            self._on_lines(lines)
        return True

    def _sniffed(self, data: bytes) -> bytes | None:
        """IRC bytes to frame (empty until the first bytes tell); ``None`` when they were an
        HTTP request, which :meth:`_serve_http` answered: the connection is over."""
        assert self._sniff is not None
        seen = self._sniff + data
        verdict = is_http(seen)
        if verdict is None:
            self._sniff = seen
            return b""
        self._sniff = None
        if not verdict:
            return seen
        self._serve_http(seen)
        return None

    def _serve_http(self, first: bytes) -> None:
        """Hand the socket and the TLS session to the file host until it is done.

        Pending TLS output (a session ticket) goes out first; from then on no flusher may touch
        the socket (``_owner``), and the file host closes the TLS stream itself.
        """
        assert self._http is not None and self._tls is not None
        self.flush()
        deadline = time.monotonic() + CLOSE_GRACE
        with self._cond:
            while (self._out or self._owner is not None) and not self._broken:
                if self._closing or time.monotonic() > deadline:
                    return
                self._cond.wait(0.01)
            self._owner = "http"
            self.close_reason = "HTTP request"
        try:
            self._http(self.sock, self._tls, first)
        finally:
            with self._cond:
                self._closing = self._broken = True  # nothing more goes out on this socket
                self._owner = None
                self._out.clear()
            self._closed.set()

    def _decrypt(self, data: bytes) -> bytes | None:
        """Plaintext of ``data``; ``None`` once the peer closed TLS or broke the stream."""
        assert self._tls is not None
        try:
            with self._lock:  # see append(): the TLS object is shared with the senders
                plain, closed = self._tls.decrypt_into(self._out, data)
        except (OSError, ValueError) as exc:
            self._peer_gone(f"TLS error: {exc}")
            return None
        if self._out:
            self.flush()  # the TLS layer answered something (e.g. a key update)
        if closed:
            # The lines that came with the close_notify (a QUIT) still count.
            lines = self._framer.feed(plain)
            if lines:
                self._on_lines(lines)
            self._peer_gone("Remote host closed the connection")
            return None
        return plain

    def _peer_gone(self, reason: str) -> None:
        with self._cond:
            if not self._closing:
                self._closing = True
                self.close_reason = reason
        self._closed.set()

    def _finish(self) -> None:
        try:
            self._on_lost()
        except Exception as exc:
            log.error("cleanup of %s failed: %s", self.name, describe(exc))
        if self._tls is not None and not self._broken:
            with self._cond:
                self._tls.close_notify_into(self._out)
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
        except Exception as exc:
            log.error("closing %s failed: %s", self.name, describe(exc))
