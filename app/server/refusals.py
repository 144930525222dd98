"""Say why a connection is refused to a TLS client too, on one thread, at a bounded cost.

Why: a refusal (app.server.admission) is an ``ERROR :<reason>`` line written in plain text
on the accept thread. A client that opened with a TLS handshake (every Gofto app does) reads
those bytes as a broken TLS record and shows a TLS failure instead of "the host is full". So
on a host that speaks TLS the accept thread hands a refused socket to this desk instead:

- it waits (briefly) for the client's first byte, as a connection's own reader would
  (app.server.tls); plain text, or silence, gets the plain ``ERROR`` line as before;
- a TLS ClientHello gets a handshake (memory BIOs, non-blocking); then the desk listens
  briefly (:data:`LISTEN`) for the client's first bytes inside TLS. An HTTP request (a method
  such as ``GET`` and a space: curl, a browser, Gofto's file client, since HTTPS shares the
  port) is answered ``503 Service Unavailable`` with ``Retry-After``; anything else (an IRC
  line, or silence) gets the ``ERROR`` line. Either is followed by a close_notify; what the
  client still sends is read and dropped until it closes (or a short linger ends), so no
  reset destroys the answer before it is read.

What it costs is bounded, so refusals are no cheap way to make the host work: one thread for
all refused connections together; at most :data:`CAPACITY` sockets (and :data:`PER_ADDRESS` per
address) wait at once, each for at most :data:`DEADLINE` seconds; at most :data:`RATE`
handshakes a second (a burst of :data:`BURST`), since a handshake is the one expensive step
(an ECDSA signature for a ClientHello the attacker can replay for free). Past any of these the
socket gets the old treatment at once: plain ``ERROR`` and close.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.secure import TLS_HANDSHAKE_BYTE, TlsSession
from app.server.admission import refuse
from app.server.threads import start_thread

log = logging.getLogger(__name__)

#: Refused sockets waiting on the desk at once, from all addresses; more are refused plainly.
CAPACITY = 16
#: Refused sockets of one address waiting at once (a person's app tries one at a time).
PER_ADDRESS = 2
#: Handshakes a second the desk may do on average, and in a burst.
RATE = 10.0
BURST = 20
#: How long a refused client may stay silent before it is taken for a plain-text one.
PEEK = 1.0
#: How long a refused TLS client may stay silent after the handshake before it is told in IRC.
LISTEN = 1.0
#: Seconds an HTTP client is told to wait before it tries again (``Retry-After``): the
#: per-minute limit gives an address a new connection every two seconds.
RETRY_AFTER = 5
#: Request methods that make the first bytes an HTTP request (RFC 9110 9.3, and ``PATCH``).
HTTP_METHODS = frozenset(
    (b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"OPTIONS", b"PATCH", b"CONNECT", b"TRACE")
)
_LONGEST_METHOD = max(len(method) for method in HTTP_METHODS)
#: How a refused socket may stay on the desk in all (handshake and linger included).
DEADLINE = 4.0
#: Bytes read from one refused peer at most (its handshake and whatever follows).
MAX_READ = 65536
_READ = 16384


@dataclass(eq=False)
class _Refused:
    """One refused socket on the desk, and how far its refusal got."""

    sock: socket.socket
    text: str
    key: str
    peek_until: float
    deadline: float
    session: TlsSession | None = None
    out: bytearray = field(default_factory=bytearray)
    said: bool = False  # the answer (and close_notify) is queued in ``out``
    listen_until: float = 0.0  # after the handshake: how long the first bytes are waited for
    heard: bytes = b""  # the first bytes the client sent inside TLS (a few at most)
    read: int = 0
    over: bool = False  # done: unregister, then close (plainly refused when ``plain``)
    plain: bool = False

    @property
    def line(self) -> bytes:
        return f"ERROR :{self.text}\r\n".encode()

    @property
    def shaken(self) -> bool:
        """Whether the TLS handshake is over (the first bytes inside TLS are awaited)."""
        return self.session is not None and self.session.done

    def http_answer(self) -> bytes:
        """``503`` for an HTTP client: the same reason, in a form curl or a browser shows."""
        body = f"{self.text}\n".encode()
        head = (
            "HTTP/1.1 503 Service Unavailable\r\n"
            f"Retry-After: {RETRY_AFTER}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "\r\n"
        ).encode()
        return head if self.heard.startswith(b"HEAD ") else head + body


def http_request(heard: bytes, ended: bool) -> bool | None:
    """Whether the first bytes a client sent begin an HTTP request (a known method and a
    space); ``None`` while too few have arrived to tell (and the client has not ``ended``)."""
    method, space, _rest = heard.partition(b" ")
    if space:
        return method in HTTP_METHODS
    if ended or len(heard) > _LONGEST_METHOD:
        return False
    if any(known.startswith(heard) for known in HTTP_METHODS):
        return None  # "GE" may yet be "GET ": wait for more (until the listening ends)
    return False


class RefusalDesk:
    """Refuses TLS clients inside TLS; :meth:`offer` from the accept thread, one worker."""

    def __init__(
        self,
        context: ssl.SSLContext,
        name: str,
        *,
        capacity: int = CAPACITY,
        per_address: int = PER_ADDRESS,
        rate: float = RATE,
        burst: int = BURST,
        peek: float = PEEK,
        listen: float = LISTEN,
        deadline: float = DEADLINE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._context = context
        self._name = name
        self.capacity, self.per_address = capacity, per_address
        self._rate, self._burst = rate, float(burst)
        self._tokens, self._stamp = float(burst), clock()
        self._peek, self._listen_time, self._deadline = peek, listen, deadline
        self._clock = clock
        self._lock = threading.Lock()
        self._incoming: list[_Refused] = []
        self._waiting: dict[str, int] = {}  # address key -> sockets on the desk
        self._count = 0
        self._selector: selectors.BaseSelector | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._stopping = True  # until started: every offer is refused plainly
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the desk's one thread."""
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._stopping = False
        self._thread = start_thread(self._main, self._name)

    def stop(self) -> None:
        """Close every waiting socket and join the thread."""
        with self._lock:
            self._stopping = True
        if self._thread is None:
            return
        self._wake()
        if self._thread is not threading.current_thread():
            self._thread.join(5.0)
        assert self._selector is not None and self._wake_r is not None
        self._selector.close()
        for sock in (self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()

    def offer(self, sock: socket.socket, text: str, key: str) -> None:
        """Refuse ``sock`` with ``ERROR :text``: on the desk when it has room, else here."""
        now = self._clock()
        entry = _Refused(sock, text, key, now + self._peek, now + self._deadline)
        with self._lock:
            room = (
                not self._stopping
                and self._count < self.capacity
                and self._waiting.get(key, 0) < self.per_address
            )
            if room:
                self._count += 1
                self._waiting[key] = self._waiting.get(key, 0) + 1
                self._incoming.append(entry)
        if not room:
            refuse(sock, text)
            return
        self._wake()

    # -- the desk's thread -----------------------------------------------------------------
    def _wake(self) -> None:
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")

    def _main(self) -> None:
        assert self._selector is not None and self._wake_r is not None
        entries: set[_Refused] = set()
        try:
            while True:
                with self._lock:
                    if self._stopping:
                        return
                    incoming, self._incoming = self._incoming, []
                for entry in incoming:
                    self._register(entry, entries)
                timeout = None
                if entries:
                    now = self._clock()
                    soonest = min(self._due(entry) for entry in entries)
                    timeout = max(0.0, soonest - now)
                for key, mask in self._selector.select(timeout):
                    entry = key.data
                    if entry is None:
                        with contextlib.suppress(OSError):
                            self._wake_r.recv(4096)
                        continue
                    try:
                        self._step(entry, mask)
                    except Exception as exc:  # a hostile peer must not stop the desk
                        log.debug("refusal ended early: %s", exc)
                        entry.over = True
                    if entry.over:
                        self._finish(entry, entries)
                now = self._clock()
                for entry in [e for e in entries if self._due(e) <= now]:
                    self._expire(entry, entries)
        finally:
            for entry in list(entries):
                self._finish(entry, entries)
            with self._lock:
                for entry in self._incoming:
                    entry.sock.close()
                self._incoming.clear()

    def _register(self, entry: _Refused, entries: set[_Refused]) -> None:
        assert self._selector is not None
        try:
            entry.sock.setblocking(False)
            self._selector.register(entry.sock, selectors.EVENT_READ, entry)
        except (OSError, ValueError):
            self._release(entry)
            entry.sock.close()
            return
        entries.add(entry)

    def _due(self, entry: _Refused) -> float:
        if entry.session is None and not entry.said:
            return min(entry.peek_until, entry.deadline)
        if entry.shaken and not entry.said:
            return min(entry.listen_until, entry.deadline)
        return entry.deadline

    def _expire(self, entry: _Refused, entries: set[_Refused]) -> None:
        """A silent peer is taken for plain text, one silent after the handshake for an IRC
        client; any other is out of time."""
        if not entry.said and self._clock() < entry.deadline:
            if entry.session is None:
                entry.out += entry.line
                entry.said = True
            elif entry.shaken:
                self._say(entry, entry.line)
            if entry.said:
                self._send(entry)
                self._listen(entry)
                return
        self._finish(entry, entries)

    def _step(self, entry: _Refused, mask: int) -> None:
        if mask & selectors.EVENT_WRITE:
            self._send(entry)
        if mask & selectors.EVENT_READ:
            self._receive(entry)
        if not entry.over:
            self._listen(entry)

    def _receive(self, entry: _Refused) -> None:
        if entry.session is None and not entry.said:
            first = entry.sock.recv(1, socket.MSG_PEEK)
            if not first:
                entry.over = True
                return
            if first[0] != TLS_HANDSHAKE_BYTE or not self._take_token():
                # Plain text (or no handshake to spare): the old refusal, at once.
                entry.over = entry.plain = True
                return
            entry.session = TlsSession(self._context, server_side=True)
        data = entry.sock.recv(_READ)
        entry.read += len(data)
        if not data or entry.read > MAX_READ:
            entry.over = True
            return
        if entry.said or entry.session is None:
            return  # lingering: what the peer sends after the refusal is dropped
        session = entry.session
        if not session.done:
            done, out = session.handshake(data)  # ssl.SSLError ends the refusal
            entry.out += out
            if not done:
                self._send(entry)
                return
            entry.listen_until = min(self._clock() + self._listen_time, entry.deadline)
            data = b""  # what came with the handshake's end is in the session already
        plain, ended = session.decrypt_into(entry.out, data)
        entry.heard = (entry.heard + plain)[: _LONGEST_METHOD + 1]
        verdict = http_request(entry.heard, ended)
        if verdict is not None:
            self._say(entry, entry.http_answer() if verdict else entry.line)
        self._send(entry)

    def _say(self, entry: _Refused, answer: bytes) -> None:
        """Queue ``answer`` and a close_notify inside TLS; the rest the peer sends is dropped."""
        assert entry.session is not None
        entry.session.encrypt_into(entry.out, answer)
        entry.session.close_notify_into(entry.out)
        entry.said = True

    def _send(self, entry: _Refused) -> None:
        if entry.out:
            with contextlib.suppress(BlockingIOError, InterruptedError):
                sent = entry.sock.send(entry.out)
                del entry.out[:sent]
        if entry.said and not entry.out:
            with contextlib.suppress(OSError):
                entry.sock.shutdown(socket.SHUT_WR)  # then linger until the peer closes

    def _listen(self, entry: _Refused) -> None:
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if entry.out else 0)
        assert self._selector is not None
        with contextlib.suppress(KeyError, ValueError, OSError):
            self._selector.modify(entry.sock, events, entry)

    def _take_token(self) -> bool:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

    def _finish(self, entry: _Refused, entries: set[_Refused]) -> None:
        if entry not in entries:
            return
        entries.discard(entry)
        assert self._selector is not None
        with contextlib.suppress(KeyError, ValueError, OSError):
            self._selector.unregister(entry.sock)  # before closing: the number may be reused
        if entry.plain:
            refuse(entry.sock, entry.text)
        else:
            entry.sock.close()
        self._release(entry)

    def _release(self, entry: _Refused) -> None:
        with self._lock:
            self._count -= 1
            left = self._waiting.get(entry.key, 1) - 1
            if left > 0:
                self._waiting[entry.key] = left
            else:
                self._waiting.pop(entry.key, None)
