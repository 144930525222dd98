"""A cheap IRC load generator: thousands of clients in one thread, on one epoll.

The benchmark machine has two cores, shared by the server under test and this generator, so
the generator must spend as little CPU per delivery as it can:

- one process, one thread, non-blocking sockets on ``select.epoll`` (no asyncio, no threads);
- while a load runs, what arrives is only counted (one ``bytes.count`` of the marker per
  ``recv``) and kept with its receive time; who sent what, losses, duplicates, order and
  latencies are worked out afterwards (:meth:`Tracker.book`), outside the measured window;
- only the handful of setup lines (001, JOIN, 366, PING…) are looked at word by word, never
  a full IRC parse per line;
- the clock is read once per ``recv``, not per line; one receive buffer serves every client.

Each benchmark message carries ``!b SENDER SEQ SEND_NS``, so every receiver can count, per
sender, what arrived, what was lost, duplicated or out of order, and how long it took.
"""

from __future__ import annotations

import contextlib
import errno
import re
import select
import socket
import time
from array import array
from collections.abc import Callable, Sequence

MARK = b" :!b "
#: A benchmark line's end: sender, sequence number and send time (``time.monotonic_ns``).
_FIELDS = re.compile(re.escape(MARK) + rb"(\d+) (\d+) (\d+)\r\n")
_IN = select.EPOLLIN
_INOUT = select.EPOLLIN | select.EPOLLOUT
_ERR = select.EPOLLERR | select.EPOLLHUP
RECV_BYTES = 256 * 1024
#: A sender generates more lines only while its unsent bytes are below this.
SEND_LOW_WATER = 8192
#: Lines generated per sender per loop turn when sending as fast as possible.
BURST = 25
#: ``connect`` gives up when no client finished registering for this long.
STALL_S = 10.0

Clock = Callable[[], int]
now_ns: Clock = time.monotonic_ns


class Peer:
    """One simulated client: its socket, unfinished input tail and unsent output."""

    __slots__ = (
        "closed",
        "connected",
        "error",
        "fd",
        "index",
        "joined",
        "nick",
        "out",
        "pongs",
        "registered",
        "sock",
        "tail",
    )

    def __init__(self, sock: socket.socket, index: int, nick: bytes) -> None:
        self.sock = sock
        self.fd = sock.fileno()
        self.index = index
        self.nick = nick
        self.tail = b""
        self.out = bytearray()
        self.connected = False
        self.registered = False
        self.joined = False
        self.closed = False
        self.error = ""
        self.pongs = 0


class Tracker:
    """Counts deliveries per sender for one measured load."""

    def __init__(self, n_senders: int, n_msgs: int, receivers_per_sender: int) -> None:
        self.n_senders = n_senders
        self.n_msgs = n_msgs
        self.expected_per_sender = n_msgs * receivers_per_sender
        self.expected = self.expected_per_sender * n_senders
        self.delivered = [0] * n_senders  # unique deliveries
        self.duplicated = [0] * n_senders
        self.out_of_order = [0] * n_senders
        self.total = 0  # unique deliveries, all senders (known once booked)
        #: Benchmark lines received so far, duplicates included: what the load waits for.
        self.arrived = 0
        #: What arrived, unparsed until :meth:`book`: (receiving peer's fd, receive time
        #: in ns, whole lines of benchmark messages).
        self.received: list[tuple[int, int, bytes]] = []
        self.latencies = array("q")
        self.first_send = 0
        self.last_send = 0
        self.last_recv = 0
        self.sent = [0] * n_senders

    def book(self) -> None:
        """Count what arrived: unique, duplicated and out-of-order deliveries per sender,
        and each one's latency. Runs once the load is over, outside the measured window:
        parsing each line as it arrived cost the generator 3.5–4 µs per private delivery
        and made it, not the server, the bottleneck of that load."""
        latency = self.latencies.append
        delivered, duplicated, out_of_order = self.delivered, self.duplicated, self.out_of_order
        seen: dict[tuple[int, int], bytearray] = {}
        maxseq: dict[tuple[int, int], int] = {}
        for fd, now, data in self.received:
            for s_raw, q_raw, t_raw in _FIELDS.findall(data):
                s = int(s_raw)
                q = int(q_raw)
                latency(now - int(t_raw))
                key = (fd, s)
                got = seen.get(key)
                if got is None:
                    got = seen[key] = bytearray(self.n_msgs)
                if got[q]:
                    duplicated[s] += 1
                    continue
                got[q] = 1
                delivered[s] += 1
                if q < maxseq.get(key, -1):
                    out_of_order[s] += 1
                else:
                    maxseq[key] = q
        self.received.clear()
        self.total = sum(delivered)

    def summary(self) -> dict:
        """Totals, the per-sender table and latency percentiles (milliseconds); call
        :meth:`book` first."""
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            if not lat:
                return float("nan")
            return lat[min(len(lat) - 1, int(p * len(lat)))] / 1e6

        per_sender = [
            {
                "sender": s,
                "sent": self.sent[s],
                "expected": self.expected_per_sender,
                "delivered": self.delivered[s],
                "lost": self.expected_per_sender - self.delivered[s],
                "duplicated": self.duplicated[s],
                "out_of_order": self.out_of_order[s],
            }
            for s in range(self.n_senders)
        ]
        span = max(1, self.last_recv - self.first_send) / 1e9
        return {
            "expected": self.expected,
            "delivered": self.total,
            "lost": self.expected - self.total,
            "duplicated": sum(self.duplicated),
            "out_of_order": sum(self.out_of_order),
            "senders_with_loss": sum(1 for row in per_sender if row["lost"]),
            "deliveries_per_s": self.total / span if self.total else 0.0,
            "latency_ms": {"p50": pct(0.50), "p99": pct(0.99), "max": pct(1.0)},
            "span_s": span,
            "per_sender": per_sender,
        }


class LoadGenerator:
    """Clients on one epoll, driven by :meth:`run` until a condition holds or time is up."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the load generator only talks to this machine")
        self.address = (host, port)
        self.epoll = select.epoll()
        self.peers: dict[int, Peer] = {}
        self.tracker: Tracker | None = None
        self.channel = b"#bench"
        self.registered = 0
        self.joined = 0
        self.closed = 0
        self.settled = 0  # clients that registered, or failed before they could
        self.errors: dict[str, int] = {}
        # One receive buffer for every client, rather than a fresh 256 KiB object per
        # recv() (the server's readers do the same; see app.server.connection).
        self._buffer = bytearray(RECV_BYTES)
        self._view = memoryview(self._buffer)

    def close(self) -> None:
        """Close every socket and the epoll."""
        for peer in self.peers.values():
            peer.sock.close()
        self.peers.clear()
        self.epoll.close()

    # -- connecting and setup --------------------------------------------------------------

    def open(self, index: int, nick: bytes) -> Peer:
        """Start a non-blocking connect; NICK/USER go out once it completes."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        err = sock.connect_ex(self.address)
        if err not in (0, errno.EINPROGRESS):
            sock.close()
            raise OSError(err, f"connect failed: {errno.errorcode.get(err, err)}")
        peer = Peer(sock, index, nick)
        self.peers[peer.fd] = peer
        self.epoll.register(peer.fd, _INOUT)
        return peer

    def connect(
        self, count: int, prefix: str = "u", *, max_pending: int = 10, timeout: float = 60.0
    ) -> list[Peer]:
        """Open ``count`` clients, at most ``max_pending`` unregistered at once; returns them
        once all registered (or the timeout passed: check ``peer.registered``).

        ngIRCd listens with a backlog of 10: more connects in flight overflow it, and the
        kernel's SYN retries (1 s, 3 s, 7 s…) would be measured instead of the server.
        """
        peers: list[Peer] = []
        deadline = time.monotonic() + timeout
        base = self.settled

        def pending() -> int:
            return len(peers) - (self.settled - base)

        while time.monotonic() < deadline:
            room = max_pending - pending()
            for _ in range(min(room, count - len(peers))):
                peers.append(self.open(len(peers), f"{prefix}{len(peers)}".encode()))
            before = self.settled
            target = max_pending // 2 if len(peers) < count else 0
            self.run(
                lambda target=target: pending() <= target,
                min(deadline, time.monotonic() + STALL_S),
            )
            if len(peers) == count and pending() == 0:
                break
            if self.settled == before:
                break  # nothing registered for STALL_S: the server is not taking more
        return peers

    @staticmethod
    def registered_among(peers: Sequence[Peer]) -> int:
        """How many of ``peers`` got ``001``."""
        return sum(1 for p in peers if p.registered)

    @staticmethod
    def closed_among(peers: Sequence[Peer]) -> int:
        """How many of ``peers`` lost their connection."""
        return sum(1 for p in peers if p.closed)

    def join(self, peers: Sequence[Peer], timeout: float = 60.0) -> bool:
        """JOIN everyone to the channel; ``True`` once every one saw the end of NAMES."""
        for peer in peers:
            self.send(peer, b"JOIN " + self.channel + b"\r\n")
        deadline = time.monotonic() + timeout
        return self.run(lambda: all(p.joined or p.closed for p in peers), deadline)

    def ping_all(self, peers: Sequence[Peer], timeout: float = 30.0) -> int:
        """PING through every connection; how many answered with PONG in time."""
        before = {p.fd: p.pongs for p in peers}
        for peer in peers:
            if not peer.closed:
                self.send(peer, b"PING :bench\r\n")
        self.run(
            lambda: all(p.closed or p.pongs > before[p.fd] for p in peers),
            time.monotonic() + timeout,
        )
        return sum(1 for p in peers if not p.closed and p.pongs > before[p.fd])

    # -- output ----------------------------------------------------------------------------

    def send(self, peer: Peer, data: bytes) -> None:
        """Send ``data`` now if the socket takes it; keep and watch for EPOLLOUT otherwise."""
        if peer.closed:
            return
        if peer.out or not peer.connected:
            if not peer.out:
                self.epoll.modify(peer.fd, _INOUT)
            peer.out += data
            return
        try:
            sent = peer.sock.send(data)
        except BlockingIOError:
            sent = 0
        except OSError as exc:
            self._lost(peer, f"send: {exc.strerror}")
            return
        if sent < len(data):
            peer.out += data[sent:]
            self.epoll.modify(peer.fd, _INOUT)

    def _writable(self, peer: Peer) -> None:
        if not peer.connected:
            err = peer.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                self._lost(peer, f"connect: {errno.errorcode.get(err, err)}")
                return
            peer.connected = True
            nick = peer.nick
            peer.out[:0] = b"NICK " + nick + b"\r\nUSER " + nick + b" 0 * :" + nick + b"\r\n"
        if peer.out:
            try:
                sent = peer.sock.send(peer.out)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                self._lost(peer, f"send: {exc.strerror}")
                return
            del peer.out[:sent]
        if not peer.out:
            self.epoll.modify(peer.fd, _IN)

    def _lost(self, peer: Peer, why: str) -> None:
        if peer.closed:
            return
        peer.closed = True
        peer.error = why
        self.closed += 1
        if not peer.registered:
            self.settled += 1
        key = why.split(" (", 1)[0][:60]
        self.errors[key] = self.errors.get(key, 0) + 1
        with contextlib.suppress(OSError, ValueError):
            self.epoll.unregister(peer.fd)

    # -- input -----------------------------------------------------------------------------

    def _readable(self, peer: Peer) -> None:
        try:
            size = peer.sock.recv_into(self._buffer)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lost(peer, f"recv: {exc.strerror}")
            return
        if not size:
            self._lost(peer, peer.error or "closed by server")
            return
        now = now_ns()
        data = self._view[:size].tobytes()
        if peer.tail:
            data = peer.tail + data
        end = data.rfind(b"\r\n") + 2
        if end < 2:
            peer.tail = data
            return
        peer.tail = data[end:]
        tracker = self.tracker
        if tracker is not None:
            # The common case: every line a benchmark message, kept whole for Tracker.book().
            marks = data.count(MARK, 0, end)
            if marks == data.count(b"\r\n", 0, end):
                tracker.received.append((peer.fd, now, data[:end]))
                tracker.arrived += marks
                tracker.last_recv = now
                return
        for line in data[: end - 2].split(b"\r\n"):
            if MARK not in line:
                self._control(peer, line)
            elif tracker is not None:
                tracker.received.append((peer.fd, now, line + b"\r\n"))
                tracker.arrived += 1
                tracker.last_recv = now

    def _control(self, peer: Peer, line: bytes) -> None:
        """The few non-benchmark lines that matter; everything else is ignored unparsed."""
        if line.startswith(b"PING"):
            self.send(peer, b"PONG" + line[4:] + b"\r\n")
            return
        if line.startswith(b"ERROR"):
            peer.error = line.decode("utf-8", "replace")
            return
        words = line.split(b" ", 3)
        if len(words) < 3:
            return
        verb = words[1]
        if verb == b"001":
            if not peer.registered:
                peer.registered = True
                self.registered += 1
                self.settled += 1
        elif verb == b"366":
            if not peer.joined:
                peer.joined = True
                self.joined += 1
        elif verb == b"PONG":
            peer.pongs += 1
        elif verb in (b"433", b"432", b"451", b"465", b"403", b"405", b"471", b"474"):
            peer.error = line.decode("utf-8", "replace")

    # -- the loop --------------------------------------------------------------------------

    def run(
        self,
        until: Callable[[], bool],
        deadline: float,
        tick: Callable[[], float | None] | None = None,
    ) -> bool:
        """Serve events until ``until()`` or ``deadline`` (monotonic seconds).

        ``tick`` runs every turn (it sends load) and returns how long the loop may sleep
        before it must run again (``None``: until the next event, at most 50 ms).
        """
        poll = self.epoll.poll
        peers = self.peers
        while True:
            if until():
                return True
            now = time.monotonic()
            if now >= deadline:
                return False
            wait = 0.05
            if tick is not None:
                due = tick()
                if due is not None:
                    wait = min(wait, max(0.0, due))
            for fd, events in poll(min(wait, deadline - now), 4096):
                peer = peers.get(fd)
                if peer is None or peer.closed:
                    continue
                if events & _IN:
                    self._readable(peer)
                if events & select.EPOLLOUT and not peer.closed:
                    self._writable(peer)
                elif events & _ERR and not events & _IN and not peer.closed:
                    self._lost(peer, "hang-up")


class Senders:
    """Who sends what to whom: ``PRIVMSG target :!b SENDER SEQ SEND_NS``, paced or not."""

    def __init__(
        self,
        gen: LoadGenerator,
        routes: Sequence[tuple[Peer, bytes]],
        n_msgs: int,
        rate: float | None = None,
    ) -> None:
        self.gen = gen
        self.routes = list(routes)  # sender index i -> (peer, target)
        self.n_msgs = n_msgs
        self.rate = rate
        self.next_seq = [0] * len(self.routes)
        self.start = 0.0
        self.done = False

    def begin(self) -> None:
        """Start the clock; paced senders are spread evenly over one interval."""
        self.start = time.monotonic()

    def tick(self) -> float | None:
        """Send what is due; the time until the next send is due."""
        tracker = self.gen.tracker
        assert tracker is not None
        n = self.n_msgs
        seqs = self.next_seq
        pending = False
        wait: float | None = None
        now = time.monotonic()
        for s, (peer, target) in enumerate(self.routes):
            q = seqs[s]
            if q >= n or peer.closed:
                continue
            pending = True
            if self.rate is None:
                if len(peer.out) >= SEND_LOW_WATER:
                    continue
                end = min(n, q + BURST)
            else:
                offset = s / (self.rate * len(self.routes))
                due = self.start + offset + q / self.rate
                if due > now:
                    wait = due - now if wait is None else min(wait, due - now)
                    continue
                end = min(n, int((now - self.start - offset) * self.rate) + 1)
            stamp = now_ns()
            if not tracker.first_send:
                tracker.first_send = stamp
            head = b"PRIVMSG " + target + b" :!b %d " % s
            self.gen.send(peer, b"".join(head + b"%d %d\r\n" % (i, stamp) for i in range(q, end)))
            seqs[s] = end
            tracker.sent[s] = end
            tracker.last_send = stamp
            if self.rate is None and end < n:
                wait = 0.0
        if not pending:
            self.done = True
        return wait
