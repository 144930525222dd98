"""Kept-alive HTTPS connections to the host's file service, pinned, shared by a session.

Why: the host admits at most 30 new connections a minute and 10 at once from one address
(:mod:`app.server.admission`; loopback is exempt, so only a guest on a LAN meets it), and
serves at most 4 file connections at once per address (``FileHostSettings.per_address``). A
room whose history shows 40 pictures and files once made 40 connections in seconds, and past
30 the host refused the rest: thumbnails and cards broke. The file service keeps a connection
alive between requests, so a few connections serve them all.

:class:`ConnectionPool` lends a connection per request, keyed by origin (scheme, host, port)
and the pinned fingerprint, so a connection verified for one certificate is never lent for
another. At most :data:`PER_ORIGIN` connections to one origin exist at once, busy or idle
(under the host's per-address cap): a request waits for one to be free. An idle connection is
reused when its last response was read to the end and the host did not say it will close
it; one idle longer than :data:`IDLE_SECONDS` (the host drops it after its own, longer,
idle timeout) or that the host already closed is dropped instead. A kept connection can
still have been closed by the host just as a request went out: :meth:`ConnectionPool.send`
then repeats a ``GET`` or ``HEAD`` once on a new connection, never a ``POST`` (the host may
have stored it): an upload takes a kept connection only when it was given back moments ago
(:data:`UPLOAD_IDLE`), so dropping 40 files into a room uses a few connections, not 40.
Every new connection checks the pin, as a single one did. ``close()`` (the session ends)
closes the idle ones now and the busy ones when they are given back.
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.errors import CertificateChanged
from app.secure import fingerprint, normalise_fingerprint

#: Connections to one origin at once, busy and idle together. The host serves 4 per address
#: (``FileHostSettings.per_address``; more are answered ``429``): one is left for the moment a
#: closed connection's thread takes to end there, and for another app on the same address.
PER_ORIGIN = 3
#: Seconds an idle connection is kept (below the host's idle timeout, 30 s by default, so a
#: kept connection is rarely one the host is closing at that moment).
IDLE_SECONDS = 20.0
#: Seconds an idle connection may have rested and still carry an upload. Why so short: an
#: upload is never repeated (the host may have stored it, and its token is spent), so it goes
#: only on a connection just given back, which the host is not closing for idleness; one
#: that rested longer may be closed as the request goes out, and an upload gets a new one.
UPLOAD_IDLE = 1.5
#: How often a request waiting for a free connection looks at its cancel event (seconds).
_POLL = 0.1
#: Failures that mean a kept-alive connection was closed by the host before it answered.
STALE = (
    http.client.RemoteDisconnected,
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    ssl.SSLEOFError,
)

#: (scheme, host, port, fingerprint): what a connection may be lent for.
Key = tuple[str, str, int, str]


class PinnedConnection(http.client.HTTPSConnection):
    """HTTPS to a host whose certificate must have a given fingerprint (no CA involved)."""

    def __init__(self, host: str, port: int, pinned: str, timeout: float) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # self-signed: checked by fingerprint below
        super().__init__(host, port, timeout=timeout, context=context)
        self.pinned = normalise_fingerprint(pinned)
        #: How many times this connection was connected (the pin is checked every time).
        self.connects = 0

    def connect(self) -> None:
        super().connect()
        assert isinstance(self.sock, ssl.SSLSocket)
        der = self.sock.getpeercert(binary_form=True) or b""
        seen = fingerprint(der)
        if seen != self.pinned:
            self.close()
            raise CertificateChanged(self.host, self.port, self.pinned, seen)
        self.connects += 1

    def open(self) -> bool:
        """Whether the socket is connected and the host has sent nothing since the last
        response (between requests it sends nothing; something readable is its goodbye)."""
        sock = self.sock
        if sock is None:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable


class PoolClosed(Exception):
    """The pool was closed (the session ended) while a request waited for a connection."""


@dataclass(slots=True)
class _Origin:
    idle: list[tuple[float, PinnedConnection]] = field(default_factory=list)
    busy: int = 0


class Lease:
    """One connection lent for one request: give it back with :meth:`done`."""

    def __init__(
        self, pool: ConnectionPool, key: Key, conn: PinnedConnection, *, reused: bool
    ) -> None:
        self._pool = pool
        self._key = key
        self.conn = conn
        #: Whether the connection served an earlier request (a stale one may be retried).
        self.reused = reused
        self._given_back = False

    def done(self, response: http.client.HTTPResponse | None = None) -> None:
        """Give the connection back: kept when ``response`` was read to its end and the
        connection stays open, closed otherwise (``None``: the request failed)."""
        if self._given_back:
            return
        self._given_back = True
        keep = (
            response is not None
            and response.isclosed()
            and not response.will_close
            and self.conn.sock is not None
        )
        self._pool.give_back(self._key, self.conn, keep)


class ConnectionPool:
    """Pinned keep-alive HTTPS connections per origin (see the module docstring).
    Thread-safe: every worker of a front end borrows from the same pool."""

    def __init__(
        self,
        *,
        per_origin: int = PER_ORIGIN,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_origin = per_origin
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Condition()
        self._origins: dict[Key, _Origin] = {}
        self._closed = False

    @staticmethod
    def key(url: str, pinned: str) -> tuple[Key, str]:
        """The key of ``url``'s origin with ``pinned``, and the request target (path and
        query). Raises ``ValueError`` for an address that is not ``https://host…``."""
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        port = parts.port or 443
        return (parts.scheme, parts.hostname, port, normalise_fingerprint(pinned)), target

    def lease(
        self,
        key: Key,
        timeout: float,
        *,
        fresh: bool = False,
        idle_within: float | None = None,
        cancel: threading.Event | None = None,
        wait: float | None = None,
    ) -> Lease:
        """A connection for one request (its socket timeout: ``timeout``): an idle kept one
        unless ``fresh`` (a new one, after a kept one turned out closed), and only one given
        back within ``idle_within`` seconds when that is given (an upload: see
        :data:`UPLOAD_IDLE`); else a new one (not connected yet: it connects, and checks the
        pin, when the request is sent).

        While :data:`PER_ORIGIN` are busy it waits, like a queue, for one to be given back
        (each transfer is bounded by its own timeouts), at most ``wait`` seconds when given
        (then ``TimeoutError``); raises :class:`PoolClosed` when the pool closes, or
        ``cancel`` is set, meanwhile."""
        deadline = None if wait is None else self._clock() + wait
        stale: list[PinnedConnection] = []
        try:
            with self._lock:
                while True:
                    if self._closed:
                        raise PoolClosed
                    stale += self._expire()
                    origin = self._origins.setdefault(key, _Origin())
                    while origin.idle and not fresh:
                        since, conn = origin.idle[-1]  # the most recently used first
                        if idle_within is not None and self._clock() - since > idle_within:
                            break  # the others rested longer still
                        origin.idle.pop()
                        if conn.open():
                            origin.busy += 1
                            return Lease(self, key, conn, reused=True)
                        stale.append(conn)
                    if origin.idle and origin.busy + len(origin.idle) >= self._per_origin:
                        stale.append(origin.idle.pop(0)[1])  # room for a new one: the oldest goes
                    if origin.busy + len(origin.idle) < self._per_origin:
                        origin.busy += 1
                        _scheme, host, port, pinned = key
                        conn = PinnedConnection(host, port, pinned, timeout)
                        return Lease(self, key, conn, reused=False)
                    if cancel is not None and cancel.is_set():
                        raise PoolClosed
                    left = _POLL if deadline is None else deadline - self._clock()
                    if left <= 0:
                        raise TimeoutError("no free connection to the host")
                    self._lock.wait(min(left, _POLL))
        finally:
            for conn in stale:
                conn.close()

    def give_back(self, key: Key, conn: PinnedConnection, keep: bool) -> None:
        """Back from a request: idle for the next one when ``keep``, else closed."""
        with self._lock:
            origin = self._origins.setdefault(key, _Origin())
            origin.busy -= 1
            kept = keep and not self._closed
            if kept:
                origin.idle.append((self._clock(), conn))
            elif not origin.busy and not origin.idle:
                del self._origins[key]
            self._lock.notify_all()
        if not kept:
            conn.close()

    def send(
        self,
        method: str,
        url: str,
        pinned: str,
        timeout: float,
        *,
        cancel: threading.Event | None = None,
        wait: float | None = None,
    ) -> tuple[Lease, http.client.HTTPResponse]:
        """Send a body-less ``GET`` or ``HEAD`` and read the answer's head (``wait``: see
        :meth:`lease`), on a kept connection when there is one; repeated once on a new
        connection when the kept one turns out closed (:data:`STALE`). The caller reads the
        body, then calls ``lease.done``."""
        key, target = self.key(url, pinned)
        assert method in ("GET", "HEAD"), "only idempotent requests are repeated"
        fresh = False
        while True:
            lease = self.lease(key, timeout, fresh=fresh, cancel=cancel, wait=wait)
            try:
                lease.conn.request(method, target)
                return lease, lease.conn.getresponse()
            except STALE:
                lease.done(None)
                if not lease.reused:
                    raise
                fresh = True  # once, on a new connection
            except BaseException:
                lease.done(None)
                raise

    def _expire(self) -> list[PinnedConnection]:
        """Take out the connections idle for too long (to be closed outside the lock)."""
        oldest = self._clock() - self._idle_seconds
        gone: list[PinnedConnection] = []
        for key, origin in list(self._origins.items()):
            kept = [(since, conn) for since, conn in origin.idle if since >= oldest]
            gone += [conn for since, conn in origin.idle if since < oldest]
            origin.idle = kept
            if not origin.busy and not origin.idle:
                del self._origins[key]
        return gone

    def idle(self) -> int:
        """How many connections wait for a request (tests)."""
        with self._lock:
            return sum(len(origin.idle) for origin in self._origins.values())

    def close(self) -> None:
        """Close the idle connections now, the busy ones when they are given back; lend no
        more. Call when the session ends (idempotent)."""
        with self._lock:
            self._closed = True
            idle = [conn for origin in self._origins.values() for _since, conn in origin.idle]
            for origin in self._origins.values():
                origin.idle = []
            self._lock.notify_all()
        for conn in idle:
            conn.close()
