"""The host's file service: tokens, the store, and the HTTPS connections it serves.

One :class:`FileHost` per server (only when the server speaks TLS: upload links are ``https``
and plain text never gets them). The IRC side asks it for tokens and for the ISUPPORT value;
a connection whose first bytes inside TLS were an HTTP request is handed to :meth:`serve`,
which answers on that connection's own reader thread until the peer is done, so a transfer
holds no other thread and the IRC side of every connection carries on meanwhile. At most
``per_address`` connections per address are served at once (more get ``429``), but a kept-alive
connection waiting idle for its next request makes room for a new one from its address (it is
closed, which HTTP allows at any time between requests): two people behind one router, each
client keeping a few connections for its previews, must not lock each other out.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import logging
import os
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.secure import TlsSession
from app.server.filehost.exchange import UPLOAD_PATH, Exchange, Peer
from app.server.filehost.sizes import format_size
from app.server.filehost.store import FileStore, StoredFile
from app.server.filehost.stream import TlsStream
from app.server.filehost.tokens import TOKEN_LIFETIME, TokenBook
from app.server.outgoing import last_event

log = logging.getLogger(__name__)

#: ``serve --upload-limit``'s default: the largest file one upload may carry.
DEFAULT_UPLOAD_LIMIT = 100 * 1000**2
#: ``serve --upload-quota``'s default: what all shared files may take together.
DEFAULT_UPLOAD_QUOTA = 1000**3
ISUPPORT_NAME = "draft/FILEHOST"
#: CPUs besides the chat's that transfers need before they are kept off the chat's CPU.
MIN_TRANSFER_CPUS = 2
#: How much nicer than the IRC threads a transfer thread sharing their CPU is (the thread
#: ends with the transfer).
TRANSFER_NICE = 5
#: Python's GIL switch interval while a transfer runs (seconds; CPython's default is 0.005).
#: A transfer thread takes the GIL back between its many short system calls before a waiting
#: chat thread wakes up to take it, so that thread waits for the interval to run out: a
#: millisecond instead of five keeps the chat's latency while a file moves.
TRANSFER_SWITCH_INTERVAL = 0.001
#: Seconds: a large transfer that starts this soon after the chat relayed something, or
#: during which it does, yields to the chat (:meth:`FileHost.background`; why only then:
#: app.server.filehost.exchange._Yielding).
CHAT_RECENT = 1.0
#: Seconds without a background transfer before the IRC threads go back to their one CPU:
#: transfers come in runs (a download after an upload, a folder of videos), and moving every
#: thread back and forth between two of them cost the chat more than it saved (measured).
SETTLE = 10.0


@dataclass(frozen=True, slots=True)
class FileHostSettings:
    """How the file service runs. ``directory=None``: a temporary folder, removed at stop
    (a server that keeps history passes a folder of its own, so files survive a restart)."""

    upload_limit: int = DEFAULT_UPLOAD_LIMIT
    quota: int = DEFAULT_UPLOAD_QUOTA
    directory: Path | None = None
    #: Connections served at once per address.
    per_address: int = 4
    #: Seconds a peer may send or read nothing before it is dropped.
    stall: float = 30.0
    #: Seconds for a request head to arrive, on a new connection.
    header_timeout: float = 15.0
    #: Seconds a kept-alive connection may wait for its next request (its thread waits that
    #: long at most). Gofto's client keeps an idle connection 20 s (app.client.http_pool), so
    #: a room's pictures and cards arrive over a few connections instead of one each.
    idle_timeout: float = 30.0
    #: A transfer gets this many seconds plus its size at ``min_rate`` bytes a second.
    grace: float = 30.0
    min_rate: float = 32 * 1024
    #: Seconds spent reading what a refused client still sends, so it gets the answer.
    linger: float = 2.0
    #: Seconds a ``FILEHOST TOKEN`` token stays good.
    token_lifetime: float = TOKEN_LIFETIME


class FileHost:
    """Tokens, the store and the transfers in progress; thread-safe."""

    def __init__(
        self, settings: FileHostSettings, log_line: Callable[[str], None] | None = None
    ) -> None:
        self.settings = settings
        self.tokens = TokenBook(settings.token_lifetime)
        self.store = FileStore(settings.directory, settings.quota)
        self._log_line = log_line
        self._lock = threading.Lock()
        self._active: Counter[str] = Counter()
        self._sockets: set[socket.socket] = set()
        #: Kept-alive connections waiting for their next request, by the address they serve.
        self._resting: dict[socket.socket, str] = {}
        #: Connections closed to make room: no longer counted in ``_active``.
        self._evicted: set[socket.socket] = set()
        self._stopped = False
        # The CPUs the process may use, taken before the server confines its threads to one
        # (app.server.affinity): a transfer spends its time in TLS and the kernel, not holding
        # the GIL, so it may run beside the IRC threads instead of taking their CPU.
        getter = getattr(os, "sched_getaffinity", None)
        self._cpus: set[int] | None = getter(0) if getter is not None else None
        self._apart = False  # whether transfers have CPUs the IRC threads do not use
        #: With two CPUs: the IRC threads' one, and how to let them use others (keep_off).
        self._chat_cpu: int | None = None
        self._free_chat: Callable[[set[int]], None] | None = None
        #: Native ids of the threads made background work (:meth:`background`).
        self._background: set[int] = set()
        #: Since when the IRC threads, let out of their CPU, have had no background transfer
        #: (``None``: they are not out; see :meth:`settle`).
        self._free_since: float | None = None
        self._chat_free = False

    def isupport(self, local: tuple) -> str:
        """``draft/FILEHOST=https://<address the client connected to>:<port>/upload``."""
        return f"{ISUPPORT_NAME}={base_url(local)}{UPLOAD_PATH}"

    def serve(self, sock: socket.socket, tls: TlsSession, first: bytes, peer_host: str) -> None:
        """Answer HTTP requests on a connection until it ends (on its reader thread)."""
        with self._lock:
            if self._stopped:
                return
            if self._active[peer_host] >= self.settings.per_address:
                self._evict(peer_host)
            admitted = self._active[peer_host] < self.settings.per_address
            self._active[peer_host] += 1
            self._sockets.add(sock)
        _SWITCHING.enter()
        try:
            self._spread()
            stream = TlsStream(sock, tls, first, self.settings.stall)
            try:
                base = base_url(sock.getsockname())
            except OSError:  # the socket was shut meanwhile (the server is stopping)
                return
            resting = functools.partial(self._rest, sock, peer_host)
            Exchange(self, stream, Peer(peer_host, base), resting).run(admitted)
        finally:
            _SWITCHING.leave()
            self._foreground()
            with self._lock:
                self._resting.pop(sock, None)
                if sock in self._evicted:
                    self._evicted.discard(sock)  # no longer counted
                else:
                    self._active[peer_host] -= 1
                    if not self._active[peer_host]:
                        del self._active[peer_host]
                self._sockets.discard(sock)

    def _rest(self, sock: socket.socket, peer_host: str, resting: bool) -> bool:
        """A connection starts (``True``) or stops waiting for its next request; whether it
        is still served (it may have been closed to make room meanwhile)."""
        with self._lock:
            if sock in self._evicted:
                return False
            if resting:
                self._resting[sock] = peer_host
            else:
                self._resting.pop(sock, None)
            return True

    def _evict(self, peer_host: str) -> None:
        """Close the longest-resting kept-alive connection of ``peer_host``, if any, to make
        room for a new one (called holding the lock; its thread ends on its own)."""
        victim = next((sock for sock, host in self._resting.items() if host == peer_host), None)
        if victim is None:
            return
        del self._resting[victim]
        self._evicted.add(victim)
        self._active[peer_host] -= 1
        with contextlib.suppress(OSError):
            victim.shutdown(socket.SHUT_RDWR)  # its recv returns at once: the thread ends

    def active_transfers(self) -> int:
        """How many HTTPS connections are being served now."""
        with self._lock:
            return len(self._sockets)

    def keep_off(
        self, cpu: int | None, free_chat: Callable[[set[int]], None] | None = None
    ) -> None:
        """Run transfers on the other CPUs than ``cpu`` (the one the IRC threads share) when
        there are at least two others. With one other only (a 2-CPU machine) a transfer
        confined to it competes there with everything else (its own client, when local) while
        the chat's CPU idles: measured, uploads then ran at about half the speed. It floats
        instead, nicer than the chat's threads (see :meth:`_spread`); a large one yields to
        them altogether, and ``free_chat(cpus)`` lets them out of their CPU meanwhile (see
        :meth:`background`)."""
        if cpu is None or self._cpus is None:
            return
        others = self._cpus - {cpu}
        if len(others) >= MIN_TRANSFER_CPUS:
            self._cpus = others
            self._apart = True
            return
        self._chat_cpu = cpu
        self._free_chat = free_chat

    def _spread(self) -> None:
        """Keep this (transfer) thread from delaying the chat: on the CPUs the IRC threads
        do not use when there are such, else a little nicer than them (Linux gives each thread
        its own nice value); a large transfer goes further (:meth:`background`)."""
        if self._cpus is not None:
            with contextlib.suppress(OSError):
                os.sched_setaffinity(0, self._cpus)
        setpriority = getattr(os, "setpriority", None)
        if not self._apart and setpriority is not None:
            with contextlib.suppress(OSError):
                setpriority(os.PRIO_PROCESS, threading.get_native_id(), TRANSFER_NICE)

    def chat_talking(self, since: float) -> bool:
        """Whether the chat relayed anything since ``since`` (``time.monotonic()``), or in
        the :data:`CHAT_RECENT` seconds before it: a large transfer then yields to it."""
        return last_event() >= since - CHAT_RECENT

    def background(self) -> None:
        """Make the calling transfer thread background work, when it shares CPUs with the
        IRC threads (a machine with two): it runs only on CPU time nobody else wants (Linux's
        ``SCHED_IDLE``), for good (an unprivileged thread cannot come back; it ends with its
        connection), and while any such transfer lives, and :data:`SETTLE` seconds after, the
        IRC threads may use every CPU.

        Why not a nice value alone: a nicer thread still runs its turn to the end before a
        woken chat thread gets the CPU, and without a high-resolution tick that end is the
        next scheduler tick, up to 4 ms away. Why free the IRC threads from their one CPU: it
        may be busy in the kernel for milliseconds (the transfer's loopback traffic, the pages
        of a file removed to make room) while the other idles. Measured on two CPUs with
        ``make bench``, the paced conversation's p99 went from 0.6 ms idle to 2-4 ms while
        files moved, and stays at 0.6-0.7 ms with both. A ``SCHED_IDLE`` thread still gets
        every idle moment of every CPU, so on a machine not otherwise busy the file moves at
        full speed; on a busy one it waits, and the chat does not."""
        if self._apart:
            return
        native = threading.get_native_id()
        with self._lock:
            if native in self._background:
                return
            self._background.add(native)
            self._free_since = None
            if not self._chat_free and self._free_chat is not None:
                assert self._cpus is not None  # set with _free_chat (keep_off)
                self._free_chat(self._cpus)
                self._chat_free = True
        if self._cpus is not None:
            with contextlib.suppress(OSError):
                os.sched_setaffinity(0, self._cpus)  # the chat may have been confined since
        setscheduler = getattr(os, "sched_setscheduler", None)
        idle = getattr(os, "SCHED_IDLE", None)
        if setscheduler is not None and idle is not None:
            with contextlib.suppress(OSError):
                setscheduler(0, idle, os.sched_param(0))

    def _foreground(self) -> None:
        """The calling thread's connection ends: when it was the last background transfer,
        the IRC threads go back to their CPU :data:`SETTLE` seconds later (:meth:`settle`)."""
        native = threading.get_native_id()
        with self._lock:
            if native not in self._background:
                return
            self._background.discard(native)
            if not self._background:
                self._free_since = time.monotonic()

    def settle(self, now: float) -> None:
        """The server's housekeeping, every second or so: the IRC threads go back to their one
        CPU once no background transfer has lived for :data:`SETTLE` seconds."""
        with self._lock:
            if self._free_since is None or now - self._free_since < SETTLE:
                return
            self._free_since = None
            if self._chat_free and self._free_chat is not None:
                assert self._chat_cpu is not None  # set with _free_chat (keep_off)
                self._free_chat({self._chat_cpu})
                self._chat_free = False

    def background_transfers(self) -> int:
        """How many connections' threads are background work now (:meth:`background`)."""
        with self._lock:
            return len(self._background)

    def shared(self, entry: StoredFile) -> None:
        """A file arrived: say so on the console."""
        if self._log_line is not None:
            self._log_line(f"{entry.nick} shared a file: {entry.name} ({format_size(entry.size)})")

    def stop(self) -> None:
        """End every transfer (their threads see their socket shut) and drop a temporary store."""
        with self._lock:
            self._stopped = True
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.store.close()


class _SwitchInterval:
    """Python's GIL switch interval, short while any transfer of any server in this process
    runs (see :data:`TRANSFER_SWITCH_INTERVAL`), what it was before when none does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._saved = sys.getswitchinterval()

    def enter(self) -> None:
        with self._lock:
            if not self._running:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, TRANSFER_SWITCH_INTERVAL))
            self._running += 1

    def leave(self) -> None:
        with self._lock:
            self._running -= 1
            if not self._running:
                sys.setswitchinterval(self._saved)


_SWITCHING = _SwitchInterval()


def base_url(local: tuple) -> str:
    """``https://host:port`` for a socket's local address (IPv6 in brackets, an IPv4-mapped
    address as IPv4, a link-local zone as ``%25zone``)."""
    host, port = str(local[0]), int(local[1])
    zone = ""
    if "%" in host:
        host, zone = host.split("%", 1)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"https://{host}:{port}"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"https://{address.ipv4_mapped}:{port}"
        if not zone and len(local) > 3 and local[3] and address.is_link_local:
            zone = socket.if_indextoname(local[3]) if hasattr(socket, "if_indextoname") else ""
        suffix = f"%25{zone}" if zone and address.is_link_local else ""
        return f"https://[{address.compressed}{suffix}]:{port}"
    return f"https://{address}:{port}"
