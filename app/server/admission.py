"""Who may open a connection: per-address and global connection limits, decided at accept.

Why: without them one guest could hold the host. 8,000 connections from one address were
once accepted in four seconds, each with a thread, and unregistered ones linger for the
registration timeout, so one address could run the host out of file descriptors and shut
everyone else out. Every production IRC server has these limits (ngIRCd
``MaxConnectionsIP``, ergo's ``max-concurrent-connections`` and connection throttle,
InspIRCd ``<connect localmax>``); Gofto's are:

- at most :attr:`AdmissionPolicy.max_per_address` connections open at once per address;
- at most :attr:`AdmissionPolicy.connect_rate` new connections per address per minute (a
  token bucket: a burst of that many, then one every ``60 / rate`` seconds);
- at most :attr:`AdmissionPolicy.max_unregistered` connections that have not registered yet,
  from all addresses together (slowloris from many addresses);
- at most :attr:`AdmissionPolicy.max_clients` connections in all, by default sized to the
  open-file limit (:func:`default_max_clients`).

``0`` turns a limit off. An IPv6 "address" is its /64, the block one host or one home gets,
so cycling through a /64 does not escape the limit (link-local and unique local addresses on
the host's own network, which a whole LAN shares a /64 of, count by themselves). Loopback is
exempt from the per-address limits and from the cap on unregistered connections by default,
as ergo exempts it: whoever connects from the host's own machine already runs there (every
test, and a load generator opening 2,000 connections at once, connects from 127.0.0.1). The
cap on all connections applies to everyone, since it protects the process itself.

A refused connection costs nothing beyond the ``accept``: the accept thread writes ``ERROR
:<reason>`` without blocking and closes the socket (:func:`refuse`); no thread is started. The
reason is ``Too many connections from your address`` for a per-address limit, and says the
server is full or busy for the global caps (:func:`refusal_text`), so the person learns
whether closing their own connections helps. A host that speaks TLS hands the socket to its
:class:`~app.server.refusals.RefusalDesk` instead, which says the same inside TLS.

Each admitted connection gets a :class:`Ticket`, handed back with :meth:`Admission.release`
when its socket closed. Thread-safe: the accept thread admits, reader threads release.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.irc.numerics import SERVER_BUSY_TEXT, SERVER_FULL_TEXT, TOO_MANY_CONNECTIONS_TEXT
from app.server.flood import FloodGate, FloodPolicy

#: The ``ERROR`` text of a per-address refusal (at once, or per minute).
TOO_MANY_FROM_ADDRESS = TOO_MANY_CONNECTIONS_TEXT


class Refusal(enum.Enum):
    """Why a connection was refused, for the host's console."""

    AT_ONCE = "too many connections open from that address"
    PER_MINUTE = "too many new connections from that address this minute"
    UNREGISTERED = "too many connections still registering"
    FULL = "the server is full"


def refusal_text(refusal: Refusal) -> str:
    """The ``ERROR`` text a refused client reads (Gofto's client says it in its language)."""
    if refusal is Refusal.FULL:
        return SERVER_FULL_TEXT
    if refusal is Refusal.UNREGISTERED:
        return SERVER_BUSY_TEXT
    return TOO_MANY_FROM_ADDRESS


#: Descriptors kept for everything but clients (listener, history file, wake-up sockets, the
#: hosting app's own files) when the client cap is sized to the open-file limit.
RESERVED_FDS = 64
#: Addresses whose connect-rate buckets are remembered at most (least recently used forgotten).
MAX_TRACKED_ADDRESSES = 65536
#: Flood control shared by all connections of one address: twice what one connection gets, so
#: two people behind one router type freely while ten flooding connections share one budget.
ADDRESS_FLOOD = FloodPolicy(burst=120, rate=10.0, patience=30.0)
#: IPv6 unique local addresses (RFC 4193): a LAN's own, not reachable from the Internet.
_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")
#: How a refusal's ``ERROR`` line and a drained request may take at most (bytes).
_DRAIN_BYTES = 65536


@dataclass(frozen=True, slots=True)
class AdmissionPolicy:
    """The connection limits; ``0`` turns one off (see the module docstring)."""

    max_per_address: int = 10
    #: New connections per address per minute.
    connect_rate: int = 30
    max_unregistered: int = 256
    #: ``None``: sized to the open-file limit when the server starts.
    max_clients: int | None = None
    #: Loopback (127.0.0.0/8, ::1) is exempt from the per-address limits.
    exempt_loopback: bool = True
    #: The flood budget one address's connections share (when flood control is on).
    address_flood: FloodPolicy = ADDRESS_FLOOD


def default_max_clients(nofile: int | None) -> int:
    """The client cap for an open-file limit: one descriptor per client, a few kept back."""
    if nofile is None or nofile <= 0:
        return 0  # no limit known (Windows): no cap
    return max(16, nofile - RESERVED_FDS)


def address_key(host: str, local: str | None = None) -> tuple[str, bool]:
    """``(key, loopback)``: the unit limits count by, and whether it is the machine itself.

    IPv4 addresses count one by one; IPv6 ones by /64, the block one home or one host gets,
    except the LAN's own addresses, which everyone on a LAN shares a /64 of: a link-local
    address (``fe80::/10``), or a unique local one (``fc00::/7``) in the same /64 as ``local``
    (the address the client reached the server at), counts by itself. IPv4-mapped IPv6
    counts as IPv4. Something that is no IP address at all counts as itself.
    """
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host, False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not isinstance(ip, ipaddress.IPv6Address):
        return str(ip), ip.is_loopback
    if ip.is_link_local or (ip in _UNIQUE_LOCAL and _same_64(ip, local)):
        return str(ip), ip.is_loopback
    net = ipaddress.IPv6Network((int(ip) >> 64 << 64, 64))
    return str(net), ip.is_loopback


def _same_64(ip: ipaddress.IPv6Address, local: str | None) -> bool:
    if local is None:
        return False
    try:
        mine = ipaddress.ip_address(local.split("%", 1)[0])
    except ValueError:
        return False
    return isinstance(mine, ipaddress.IPv6Address) and int(mine) >> 64 == int(ip) >> 64


class Ticket:
    """One admitted connection: its address key, and the flood gate its address shares."""

    __slots__ = ("_released", "gate", "key")

    def __init__(self, key: str, gate: FloodGate | None) -> None:
        self.key = key
        #: The token bucket all connections from this address share (``None``: exempt).
        self.gate = gate
        self._released = False

    def close(self) -> bool:
        """Mark the ticket used up; ``True`` only the first time (release is idempotent)."""
        first = not self._released
        self._released = True
        return first


@dataclass(slots=True)
class _Address:
    """What is known about one address key: open connections and the shared flood gate."""

    open: int
    gate: FloodGate | None


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class Admission:
    """Counts connections per address and in all; admits or refuses new ones."""

    def __init__(
        self,
        policy: AdmissionPolicy,
        *,
        max_clients: int,
        flood: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        #: The effective cap on all connections (``0``: none).
        self.max_clients = max_clients
        self._flood = flood
        self._clock = clock
        self._lock = threading.Lock()
        self._addresses: dict[str, _Address] = {}
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._total = 0

    @property
    def total(self) -> int:
        """Connections admitted and not yet released."""
        return self._total

    def open_from(self, key: str) -> int:
        """Connections open from an address key (see :func:`address_key`)."""
        with self._lock:
            record = self._addresses.get(key)
            return record.open if record is not None else 0

    def admit(self, host: str, unregistered: int, local: str | None = None) -> Ticket | Refusal:
        """A :class:`Ticket` for a connection from ``host`` (to the server's address
        ``local``), or why it is refused.

        ``unregistered`` is how many connections have not registered yet (the caller knows).
        """
        policy = self.policy
        key, loopback = address_key(host, local)
        exempt = loopback and policy.exempt_loopback
        with self._lock:
            if self.max_clients and self._total >= self.max_clients:
                return Refusal.FULL
            if not exempt and policy.max_unregistered and unregistered >= policy.max_unregistered:
                return Refusal.UNREGISTERED
            record = self._addresses.get(key)
            if not exempt:
                if policy.max_per_address and record and record.open >= policy.max_per_address:
                    return Refusal.AT_ONCE
                if policy.connect_rate and not self._take_token(key):
                    return Refusal.PER_MINUTE
            if record is None:
                gate = FloodGate(policy.address_flood, self._clock, locked=True)
                record = self._addresses[key] = _Address(0, gate if self._flood else None)
            record.open += 1
            self._total += 1
            return Ticket(key, None if exempt else record.gate)

    def release(self, ticket: Ticket) -> None:
        """The ticket's connection closed (idempotent)."""
        with self._lock:
            if not ticket.close():
                return
            self._total -= 1
            record = self._addresses.get(ticket.key)
            if record is not None:
                record.open -= 1
                if record.open <= 0:
                    del self._addresses[ticket.key]

    def _take_token(self, key: str) -> bool:
        """Spend one of ``key``'s connect-rate tokens (call with the lock held)."""
        rate = self.policy.connect_rate
        now = self._clock()
        bucket = self._buckets.pop(key, None)
        if bucket is None:
            bucket = _Bucket(float(rate), now)
        else:
            bucket.tokens = min(float(rate), bucket.tokens + (now - bucket.stamp) * rate / 60.0)
            bucket.stamp = now
        self._buckets[key] = bucket  # most recent last
        while len(self._buckets) > MAX_TRACKED_ADDRESSES:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1.0:
            return False
        bucket.tokens -= 1.0
        return True


def refuse(sock: socket.socket, text: str = TOO_MANY_FROM_ADDRESS) -> None:
    """Send ``ERROR :text`` without blocking and close ``sock`` (on the accept thread).

    What the peer already sent is read first: closing a socket with unread data makes the
    kernel answer with a reset, which may destroy the ``ERROR`` line before it is read.
    """
    try:
        sock.setblocking(False)
        with contextlib.suppress(OSError):
            sock.recv(_DRAIN_BYTES)
        with contextlib.suppress(OSError):
            sock.send(f"ERROR :{text}\r\n".encode())
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)
    finally:
        sock.close()
