"""A toolkit-free socket transport: blocking sockets on worker threads, lines in and out.

The Qt app has its own ``QTcpSocket`` transport; this one serves the Tk app and the terminal
client, which have no socket integration in their event loops. A reader thread connects,
reads and splits lines; a writer thread drains a queue, so :meth:`send_line` never blocks the
caller (a GUI thread). Callbacks run **on the reader thread**: a front end hands them over to
its own loop (Tk: a queue polled with ``after()``; the terminal client: its event queue).

With a :class:`~app.client.trust.ClientTls` policy the reader thread tries TLS first, checks
the host's certificate against the pinned one, and falls back to plain text only where the
policy allows (a host never seen). :attr:`security` says how the connection is protected once
``on_connected`` runs; :attr:`failure` holds a :class:`~app.errors.GoftoError` (a changed
certificate, a failed encryption) when ``on_closed`` reports one.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import queue
import select
import socket
import threading
import time
from collections.abc import Callable

from app.client.catalogue import ENGLISH, Texts
from app.client.trust import PLAIN, ClientTls, Security
from app.errors import GoftoError, HostUnreachable
from app.irc import MAX_LINE_BYTES, decode
from app.secure import TlsSession

log = logging.getLogger(__name__)

_READ_SIZE = 65536
_CONNECT_SLICE = 0.1
_STOP = object()
#: connect_ex results that mean "still connecting" (POSIX, and Winsock's WSAEWOULDBLOCK).
_IN_PROGRESS = frozenset({errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, 10035})


class ThreadedTransport:
    """One connection to a chat server, driven by two worker threads.

    ``on_connected()``, ``on_line(text)`` and ``on_closed(reason)`` are called on the reader
    thread; ``on_closed`` exactly once per :meth:`connect`, whether the connection failed,
    ended, or was closed by :meth:`close`. ``reason`` is a sentence in the language of
    ``texts`` (the front end's: the terminal's locale, the Tk window's language). Do not call
    :meth:`close` while holding a lock the callbacks take: it waits for the threads to finish.
    """

    def __init__(
        self,
        on_connected: Callable[[], None],
        on_line: Callable[[str], None],
        on_closed: Callable[[str], None],
        *,
        connect_timeout: float = 10.0,
        flush_timeout: float = 2.0,
        tls: ClientTls | None = None,
        texts: Texts = ENGLISH,
    ) -> None:
        self._texts = texts
        self._on_connected = on_connected
        self._on_line = on_line
        self._on_closed = on_closed
        self._connect_timeout = connect_timeout
        self._flush_timeout = flush_timeout
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._sock: socket.socket | None = None
        self._outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._reader: threading.Thread | None = None
        self._writer: threading.Thread | None = None
        self._tls = tls
        self._session: TlsSession | None = None
        self._send_lock = threading.Lock()  # orders TLS records from the reader and the writer
        #: How the connection is protected (set before ``on_connected``).
        self.security: Security | None = None
        #: Why the connection was refused, when it is something the person must act on.
        self.failure: GoftoError | None = None

    # -- what the front end calls -----------------------------------------------------------
    def connect(self, host: str, port: int) -> None:
        """Start connecting to ``host:port`` in the background; returns at once."""
        if self._reader is not None:
            raise RuntimeError("a ThreadedTransport connects once; make a new one to reconnect")
        self._reader = threading.Thread(
            target=self._run, args=(host, port), name=f"gofto-reader-{host}:{port}", daemon=True
        )
        self._reader.start()

    def send_line(self, line: str) -> None:
        """Queue one line (without CR LF) for sending; safe from any thread, never blocks.

        Lines queued before the connection is up are sent once it is.
        """
        if not self._closing.is_set():
            self._outbox.put(line)

    def close(self) -> None:
        """Send what is queued (for a bounded time), close the socket and join the threads."""
        self._closing.set()
        self._outbox.put(_STOP)
        writer = self._writer
        if writer is not None and writer is not threading.current_thread():
            writer.join(self._flush_timeout)
        self._shutdown()
        for thread in (self._writer, self._reader):
            if thread is not None and thread is not threading.current_thread():
                thread.join()

    @property
    def connected(self) -> bool:
        """Whether the socket is up (for status displays; the callbacks are authoritative)."""
        return self._sock is not None and not self._closing.is_set()

    # -- worker threads ----------------------------------------------------------------------
    def _run(self, host: str, port: int) -> None:
        reason = self._texts("transport.closed")
        try:
            sock = self._connect(host, port)
            if sock is None:
                return
            if self._tls is not None:
                sock = self._secure(sock, host, port)
                if sock is None:
                    return
            else:
                self.security = PLAIN
            self._writer = threading.Thread(
                target=self._write_loop, args=(sock,), name="gofto-writer", daemon=True
            )
            self._writer.start()
            self._call(self._on_connected)
            reason = self._read_loop(sock)
        except _ConnectFailed as error:
            cause = error.args[0] if error.args else None
            reason = self._texts.error(cause) if isinstance(cause, GoftoError) else str(error)
            if isinstance(cause, GoftoError):
                self.failure = cause
        except OSError as error:
            reason = error.strerror or str(error)
        except Exception as error:
            log.exception("transport failure")
            reason = self._texts("transport.internal_error", detail=error)
        finally:
            self._shutdown()
            self._outbox.put(_STOP)
            if self._writer is not None:
                self._writer.join(self._flush_timeout)
            self._close_socket()
            self._call(self._on_closed, reason)

    def _connect(self, host: str, port: int) -> socket.socket | None:
        """Connect without blocking :meth:`close` for long: connect in short slices."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise _ConnectFailed(HostUnreachable(host, port, "unknown host")) from error
        deadline = time.monotonic() + self._connect_timeout
        detail = "no address"
        for family, kind, proto, _name, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.setblocking(False)
                code = sock.connect_ex(address)
                while code in _IN_PROGRESS:
                    if self._closing.is_set():
                        sock.close()
                        return None
                    if time.monotonic() > deadline:
                        code = -1
                        break
                    code = self._wait_connected(sock)
                if code == 0:
                    sock.setblocking(True)
                    with self._lock:
                        if self._closing.is_set():
                            sock.close()
                            return None
                        self._sock = sock
                    return sock
                detail = "timed out" if code == -1 else _strerror(code)
            except OSError as error:
                detail = error.strerror or str(error)
            sock.close()
        raise _ConnectFailed(HostUnreachable(host, port, detail))

    def _secure(self, sock: socket.socket, host: str, port: int) -> socket.socket | None:
        """TLS on ``sock``, or plain text on a new connection where the policy allows it."""
        tls = self._tls
        assert tls is not None
        session = tls.session()
        try:
            self._handshake(sock, session, tls.handshake_timeout(host, port))
        except (OSError, ValueError, EOFError) as error:  # ssl.SSLError is an OSError
            if self._closing.is_set():
                return None
            detail = _tls_detail(error)
            if not tls.may_fall_back(host, port):
                raise _ConnectFailed(tls.failed(host, port, detail)) from error
            log.info("no TLS at %s:%d (%s); trying plain text", host, port, detail)
            self._close_socket()
            self.security = PLAIN
            return self._connect(host, port)
        try:
            self.security = tls.check(host, port, session.peer_certificate())
        except GoftoError as error:  # a changed certificate: the person must decide
            raise _ConnectFailed(error) from error
        self._session = session
        return sock

    def _handshake(self, sock: socket.socket, session: TlsSession, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        done, out = session.handshake()
        while True:
            if out:
                sock.sendall(out)
            if done:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing.is_set():
                raise TimeoutError("the TLS handshake timed out")
            sock.settimeout(min(remaining, _CONNECT_SLICE * 5))
            try:
                data = sock.recv(_READ_SIZE)
            except TimeoutError:
                continue
            finally:
                sock.settimeout(None)
            if not data:
                raise EOFError("the host closed the connection during the TLS handshake")
            done, out = session.handshake(data)

    @staticmethod
    def _wait_connected(sock: socket.socket) -> int:
        _r, writable, failed = select.select([], [sock], [sock], _CONNECT_SLICE)
        if writable or failed:
            return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        return errno.EINPROGRESS

    def _read_loop(self, sock: socket.socket) -> str:
        buffer = b""
        discarding = False
        while True:
            try:
                data = sock.recv(_READ_SIZE)
            except OSError as error:
                if self._closing.is_set():
                    return self._texts("transport.closed")
                return error.strerror or str(error)
            if not data:
                if self._closing.is_set():
                    return self._texts("transport.closed")
                return self._texts("transport.server_closed")
            closed = False
            if self._session is not None:
                try:
                    data, closed = self._decrypt(sock, self._session, data)
                except (OSError, ValueError) as error:
                    return self._texts("transport.tls_error", detail=_tls_detail(error))
            buffer += data
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                if discarding:
                    discarding = False  # the end of an over-long line: drop it
                    continue
                line = raw.rstrip(b"\r")
                if line and len(line) <= MAX_LINE_BYTES:
                    self._call(self._on_line, decode(line))
            if len(buffer) > MAX_LINE_BYTES:
                log.warning("dropping an over-long line from the server")
                buffer, discarding = b"", True
            if closed:  # after the lines that came with the close_notify (a QUIT's ERROR)
                return self._texts("transport.server_closed")

    def _write_loop(self, sock: socket.socket) -> None:
        while True:
            item = self._outbox.get()
            if item is _STOP:
                return
            assert isinstance(item, str)
            data = (item.replace("\r", "").replace("\n", "") + "\r\n").encode("utf-8")
            try:
                if self._session is not None:
                    with self._send_lock:
                        sock.sendall(self._session.encrypt(data))
                else:
                    sock.sendall(data)
            except OSError as error:
                log.info("send failed: %s", error)
                self._shutdown()
                return

    def _decrypt(self, sock: socket.socket, session: TlsSession, data: bytes) -> tuple[bytes, bool]:
        # Under the send lock: what TLS answers (a key update) must not overtake a record the
        # writer made earlier, nor be overtaken by a later one.
        with self._send_lock:
            plain, out, closed = session.decrypt(data)
            if out:
                sock.sendall(out)
        return plain, closed

    # -- helpers -----------------------------------------------------------------------------
    def _call(self, callback: Callable[..., None], *args: str) -> None:
        try:
            callback(*args)
        except Exception:
            # No exception may escape a worker thread: log it and keep the connection going.
            log.exception("transport callback %r failed", callback)

    def _shutdown(self) -> None:
        """Wake the reader (and a stuck writer) by shutting the socket down."""
        with self._lock:
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)

    def _close_socket(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


class _ConnectFailed(Exception):
    """Internal: the connection could not be made; ``str()`` is the user's sentence."""


def _tls_detail(error: BaseException) -> str:
    """A short reason for a TLS failure (OpenSSL's reason code, not its long message)."""
    reason = getattr(error, "reason", None)
    if reason:
        return str(reason).replace("_", " ").lower()
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _strerror(code: int) -> str:
    try:
        return os.strerror(code)
    except ValueError:
        return f"error {code}"
