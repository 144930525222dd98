"""``make bench`` (abuse part): churn, slowloris and a one-address flood at once, against
Gofto's server with its default limits, while two well-behaved guests talk.

Why: the limits (app/server/admission.py, flood control per address) exist so that no single
guest can hold the host. This run shows what they cost and what they save: the server's
threads and memory before the attack, at its peak and after it, how many attacking
connections were let in or refused, and the latency a guest's message sees meanwhile.

Everything runs on this machine. Loopback is normally exempt from the per-address limits, so
the server is started with ``--exempt-loopback off`` and each party connects from its own
loopback address (Linux routes all of 127.0.0.0/8 to ``lo``): the churn from 127.0.0.1, the
slowloris from 127.0.1.x, the flood from 127.0.0.4, the guests from 127.0.0.2 and 127.0.0.3.
Every attack is bounded in count and time (:class:`AbuseSizes`); ``--quick`` is a reduced run.

Usage: ``python -m bench.abuse [--quick]``; prints a markdown table and writes
``bench/results/abuse-<time>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import GoftoServer, raise_nofile

RESULTS = Path(__file__).resolve().parent / "results"
ATTACKER = "127.0.0.1"
FLOODER = "127.0.0.4"
GUESTS = ("127.0.0.2", "127.0.0.3")
#: The server as a host runs it, except that loopback counts as addresses here.
OPTIONS = ("--exempt-loopback", "off")


@dataclass(frozen=True)
class AbuseSizes:
    """How much abuse: connection attempts, slowloris addresses × connections, flooders, time."""

    churn: int = 8000
    slowloris_addresses: int = 60
    slowloris_each: int = 10
    flooders: int = 10
    #: Longer than flood control's patience (30 s), so the full run sees flooders cut off.
    seconds: float = 40.0
    #: How long "after" may wait for the server to let go of the attackers' threads.
    settle: float = 10.0


FULL = AbuseSizes()
QUICK = AbuseSizes(churn=1000, slowloris_addresses=30, slowloris_each=10, seconds=8.0)


@dataclass
class Tally:
    """What one attack achieved: connections let in, refused with ERROR, failed otherwise."""

    attempts: int = 0
    admitted: int = 0
    refused: int = 0
    failed: int = 0
    cut_off: int = 0  # admitted, then closed by the server (flood control, timeouts)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        names = ("attempts", "admitted", "refused", "failed", "cut_off")
        with self.lock:
            return {name: getattr(self, name) for name in names}


def _connect(port: int, source: str, timeout: float = 5.0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
    except BaseException:
        sock.close()
        raise
    return sock


def _refused_at_once(sock: socket.socket, wait: float = 0.05) -> bool:
    """Whether the server's first words on ``sock`` are its refusal (within ``wait``)."""
    sock.settimeout(wait)
    try:
        return sock.recv(256).startswith(b"ERROR :Too many connections")
    except (TimeoutError, OSError):
        return False


# -- the attacks ------------------------------------------------------------------------------


def churn(port: int, count: int, until: float, tally: Tally) -> None:
    """Open and close connections from one address as fast as possible."""
    for _index in range(count):
        if time.monotonic() > until:
            return
        tally.add(attempts=1)
        try:
            sock = _connect(port, ATTACKER)
        except OSError:
            tally.add(failed=1)
            continue
        with sock:
            # Speaks first, like an IRC client: a TLS host answers a silent connection only
            # once it could tell it from a TLS one (app.server.refusals), not "at once".
            with contextlib.suppress(OSError):
                sock.sendall(b"NICK churn\r\n")
            if _refused_at_once(sock, 0.01):
                tally.add(refused=1)
            else:
                tally.add(admitted=1)


def slowloris(port: int, sizes: AbuseSizes, stop: threading.Event, tally: Tally) -> None:
    """Many addresses each open connections that send a registration one byte at a time."""
    socks: list[socket.socket] = []
    payload = b"NICK slowloris\r\nUSER slow 0 * :" + b"x" * 10_000
    try:
        for address in range(sizes.slowloris_addresses):
            source = f"127.0.1.{1 + address}"
            for _ in range(sizes.slowloris_each):
                tally.add(attempts=1)
                try:
                    sock = _connect(port, source)
                except OSError:
                    tally.add(failed=1)
                    continue
                # Its registration's first byte at once (the rest one by one below): a TLS
                # host tells IRC from TLS by it before refusing (app.server.refusals).
                with contextlib.suppress(OSError):
                    sock.sendall(payload[:1])
                if _refused_at_once(sock, 0.05):
                    tally.add(refused=1)
                    sock.close()
                else:
                    tally.add(admitted=1)
                    socks.append(sock)
        for byte in payload[1:]:
            if stop.wait(0.5):
                return
            for sock in list(socks):
                try:
                    sock.send(bytes([byte]))
                except OSError:
                    tally.add(cut_off=1)
                    socks.remove(sock)
    finally:
        for sock in socks:
            sock.close()


def flood(port: int, index: int, stop: threading.Event, tally: Tally) -> None:
    """One of the flooders: registers from the flooding address and floods the room."""
    tally.add(attempts=1)
    try:
        sock = _connect(port, FLOODER)
    except OSError:
        tally.add(failed=1)
        return
    with sock:
        nick = f"flood{index}"
        try:
            sock.sendall(f"NICK {nick}\r\nUSER f 0 * :f\r\nJOIN #lobby\r\n".encode())
            if _refused_at_once(sock, 0.5):
                tally.add(refused=1)
                return
            tally.add(admitted=1)
            sock.setblocking(False)
            line = f"PRIVMSG #lobby :{'x' * 200}\r\n".encode() * 20
            while not stop.is_set():
                with contextlib.suppress(BlockingIOError):
                    if not sock.send(line):
                        break
                with contextlib.suppress(BlockingIOError):
                    data = sock.recv(65536)
                    if not data or b"ERROR" in data:
                        tally.add(cut_off=1)
                        return
                stop.wait(0.001)
        except OSError:
            tally.add(cut_off=1)


# -- the guests ------------------------------------------------------------------------------


class Guests:
    """alice writes to #lobby every 250 ms (a fast typist, within flood control's 5 lines/s);
    bob reads and books each message's latency."""

    def __init__(self, port: int) -> None:
        self.alice = _connect(port, GUESTS[0])
        self.bob = _connect(port, GUESTS[1])
        for sock, nick in ((self.alice, "alice"), (self.bob, "bob")):
            sock.settimeout(10)
            sock.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN #lobby\r\n".encode())
            self._read_until(sock, b" 366 ")
        self.sent: dict[int, float] = {}
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._write, daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]

    @staticmethod
    def _read_until(sock: socket.socket, marker: bytes) -> None:
        data = b""
        while marker not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("a guest was disconnected while joining")
            data += chunk

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> dict:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)
        self.alice.close()
        self.bob.close()
        ms = sorted(latency * 1000 for latency in self.latencies)
        lost = len(self.sent) - len(self.latencies)
        return {
            "sent": len(self.sent),
            "received": len(self.latencies),
            "lost": lost,
            "latency_ms": {
                "p50": statistics.median(ms) if ms else None,
                "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else None,
                "max": ms[-1] if ms else None,
            },
        }

    def _write(self) -> None:
        seq = 0
        while not self._stop.wait(0.25):
            self.sent[seq] = time.monotonic()
            try:
                self.alice.sendall(f"PRIVMSG #lobby :guest {seq}\r\n".encode())
            except OSError:
                return
            seq += 1

    def _read(self) -> None:
        tail = b""
        self.bob.settimeout(0.2)
        while not self._stop.is_set() or len(self.latencies) < len(self.sent):
            try:
                data = self.bob.recv(65536)
            except TimeoutError:
                if self._stop.is_set():
                    return
                continue
            except OSError:
                return
            if not data:
                return
            now = time.monotonic()
            lines = (tail + data).split(b"\r\n")
            tail = lines.pop()
            for line in lines:
                if line.startswith(b"PING"):
                    self.bob.sendall(b"PONG" + line[4:] + b"\r\n")
                elif b" :guest " in line and line.startswith(b":alice!"):
                    seq = int(line.rsplit(b" ", 1)[1])
                    self.latencies.append(now - self.sent[seq])


# -- the run ---------------------------------------------------------------------------------


def run(sizes: AbuseSizes) -> dict:
    """Start a server, measure it quiet, under the attacks, and after; return the figures."""
    server = GoftoServer(OPTIONS)
    server.start()
    try:
        return _measure(server, sizes)
    finally:
        server.stop()


def _measure(server: GoftoServer, sizes: AbuseSizes) -> dict:
    port = server.port
    guests = Guests(port)
    before = server.status()
    guests.start()
    stop = threading.Event()
    until = time.monotonic() + sizes.seconds
    tallies = {"churn": Tally(), "slowloris": Tally(), "flood": Tally()}
    attackers = [
        threading.Thread(target=churn, args=(port, sizes.churn, until, tallies["churn"])),
        threading.Thread(target=slowloris, args=(port, sizes, stop, tallies["slowloris"])),
    ] + [
        threading.Thread(target=flood, args=(port, index, stop, tallies["flood"]))
        for index in range(sizes.flooders)
    ]
    peak = dict(before)
    for thread in attackers:
        thread.daemon = True
        thread.start()
    while time.monotonic() < until:
        status = server.status()
        for key in ("VmRSS", "Threads"):
            peak[key] = max(peak.get(key, 0), status.get(key, 0))
        time.sleep(0.2)
    stop.set()
    for thread in attackers:
        thread.join(10)
    guest = guests.stop()
    # After: the attackers' connections are closed; give the server a moment to let go.
    deadline = time.monotonic() + sizes.settle
    after = server.status()
    while time.monotonic() < deadline and after.get("Threads", 0) > before.get("Threads", 0) + 2:
        time.sleep(0.2)
        after = server.status()
    return {
        "sizes": asdict(sizes),
        "threads": {"before": before.get("Threads"), "peak": peak.get("Threads"),
                    "after": after.get("Threads")},
        "rss_mib": {"before": before.get("VmRSS", 0) / 1024, "peak": peak.get("VmRSS", 0) / 1024,
                    "after": after.get("VmRSS", 0) / 1024},
        "attacks": {name: tally.as_dict() for name, tally in tallies.items()},
        "guest": guest,
        "server_alive": server.alive(),
    }  # fmt: skip


def report(result: dict) -> str:
    """The markdown table of a :func:`run`."""
    t, r, g = result["threads"], result["rss_mib"], result["guest"]
    lat = g["latency_ms"]

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    rows = [
        "| measure | before | peak | after |",
        "|---|---:|---:|---:|",
        f"| server threads | {t['before']} | {t['peak']} | {t['after']} |",
        f"| server memory (RSS, MiB) | {r['before']:.0f} | {r['peak']:.0f} | {r['after']:.0f} |",
        "",
        "| attack | attempts | let in | refused (ERROR) | cut off later | failed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, tally in result["attacks"].items():
        rows.append(
            f"| {name} | {tally['attempts']} | {tally['admitted']} | {tally['refused']} "
            f"| {tally['cut_off']} | {tally['failed']} |"
        )
    rows += [
        "",
        f"Guest messages meanwhile: {g['received']}/{g['sent']} delivered, {g['lost']} lost; "
        f"latency p50 {ms(lat['p50'])} ms, p99 {ms(lat['p99'])} ms, max {ms(lat['max'])} ms.",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Run once (``--quick``: reduced), print and save the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a reduced run (about 20 s)")
    parser.add_argument("--only", default="abuse", help="skipped unless this names 'abuse'")
    args, _others = parser.parse_known_args(argv)  # make bench passes the server bench's too
    if "abuse" not in args.only.split(","):
        return 0
    sizes = QUICK if args.quick else FULL
    raise_nofile()
    print(f"Abuse run ({'quick' if args.quick else 'full'}): {sizes}", flush=True)
    result = run(sizes)
    markdown = report(result)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"abuse-{stamp}.md").write_text(markdown + "\n")
    (RESULTS / f"abuse-{stamp}.json").write_text(json.dumps(result, indent=1))
    print(markdown)
    print(f"Written: {RESULTS / f'abuse-{stamp}.md'} and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
