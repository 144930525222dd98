"""``make bench`` (files): a 200 MB upload and download through the host, on loopback.

Three measurements in one run, on the same machine, one after the other:

1. **Plain TLS copy**: the same bytes sent to, and read back from, a minimal TLS echo peer
   (a child process with Python's ``ssl``; it reads into a buffer and writes from one, with
   no HTTP and no disk). This is the ceiling a TLS transfer in Python can reach here.
2. **Through the host**: ``python -m app serve`` as a child process; a raw IRC client over
   TLS asks ``FILEHOST TOKEN``; ``http.client`` POSTs the bytes and GETs them back (the host
   streams them to and from its data folder). The server's resident memory (``VmRSS``) is
   sampled every 20 ms, so its peak growth during the transfer is known.
3. **IRC latency**: a paced conversation (one sender, ten messages a second, five readers in
   the room) on that same server, measured idle and then during a second transfer (the
   throughput figures come from the first, alone: the paced clients share this process).

Targets: the host's MB/s at least 70 % of the plain copy's, RSS growth under 30 MB, paced
p99 latency no worse during the transfer (within a millisecond or 50 %, whichever is larger:
a busy shared machine moves single milliseconds around). Prints a markdown table and writes
it to ``bench/results/files-<time>.md``. ``--size MB`` changes the size; ``--quick`` is 50 MB;
``--rounds N`` (default 3) repeats both transfers, alternating, and reports medians.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 1024 * 1024
TIMEOUT = 120.0
TARGET_SHARE = 0.70
TARGET_RSS_MB = 30.0


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # a self-signed bench certificate
    return context


# -- 1. the plain TLS copy ----------------------------------------------------------------------


def copy_peer(cert: str, key: str) -> None:
    """The echo peer (run as a child): one connection; an 8-byte length, that many bytes in,
    one byte back, the same number of bytes out."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        print(listener.getsockname()[1], flush=True)
        raw, _ = listener.accept()
        with context.wrap_socket(raw, server_side=True) as sock:
            size = int.from_bytes(_read_exact(sock, 8), "big")
            buffer = bytearray(256 * 1024)
            left = size
            while left:
                got = sock.recv_into(buffer, min(left, len(buffer)))
                if not got:
                    return
                left -= got
            sock.sendall(b"!")
            block = os.urandom(CHUNK)
            left = size
            while left:
                piece = block[: min(left, CHUNK)]
                sock.sendall(piece)
                left -= len(piece)


def _read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("peer closed")
        data += chunk
    return data


def plain_copy(size: int, cert: str, key: str, block: bytes) -> tuple[float, float]:
    """(upload MB/s, download MB/s) of the plain TLS copy."""
    peer = subprocess.Popen(
        [sys.executable, "-m", "bench.files_bench", "--copy-peer", cert, key],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(peer.stdout.readline())  # type: ignore[union-attr]
        raw = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        with _client_context().wrap_socket(raw) as sock:
            start = time.perf_counter()
            sock.sendall(size.to_bytes(8, "big"))
            left = size
            while left:
                piece = block[: min(left, CHUNK)]
                sock.sendall(piece)
                left -= len(piece)
            _read_exact(sock, 1)
            up = time.perf_counter() - start
            start = time.perf_counter()
            buffer = bytearray(256 * 1024)
            left = size
            while left:
                got = sock.recv_into(buffer)
                if not got:
                    raise ConnectionError("peer closed early")
                left -= got
            down = time.perf_counter() - start
        return size / up / 1e6, size / down / 1e6
    finally:
        peer.wait(timeout=TIMEOUT)


# -- 2. through the host ------------------------------------------------------------------------


class Host:
    """``python -m app serve`` in a child process, and its memory sampled on a thread."""

    def __init__(self, data: Path, size: int) -> None:
        limit = f"{size // 1_000_000 + 10}MB"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "serve",
                "--port",
                "0",
                "--flood-limit",
                "off",
                "--upload-limit",
                limit,
                "--upload-quota",
                f"{2 * (size // 1_000_000) + 20}MB",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "GOFTO_DATA_DIR": str(data), "GOFTO_DISCOVERY": "off"},
        )
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        match = re.match(r"Listening on \S+ : (\d+)", line)
        if not match:
            raise RuntimeError(f"the host did not start: {line!r}")
        self.port = int(match.group(1))
        threading.Thread(target=self._drain, daemon=True).start()
        self._peak = 0
        self._sampling = threading.Event()

    def _drain(self) -> None:
        for _line in self.process.stdout:  # type: ignore[union-attr]
            pass

    def rss_kib(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def sample(self) -> threading.Thread:
        """Start sampling RSS every 20 ms until :meth:`stop_sampling`."""
        self._peak = self.rss_kib()
        self._sampling.clear()

        def run() -> None:
            while not self._sampling.wait(0.02):
                self._peak = max(self._peak, self.rss_kib())

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def stop_sampling(self, thread: threading.Thread) -> int:
        self._sampling.set()
        thread.join()
        return max(self._peak, self.rss_kib())

    def cpu_s(self) -> float:
        """The server's CPU time so far (user + system), from /proc/PID/stat."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class IrcClient:
    """A blocking line client (plain or TLS) for the token and the paced conversation."""

    def __init__(self, port: int, nick: str, *, tls: bool) -> None:
        raw = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.sock: socket.socket = _client_context().wrap_socket(raw) if tls else raw
        self._buffer = b""
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :bench")
        self.until(lambda line: " 001 " in line)

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\r\n")

    def line(self) -> str:
        while b"\n" not in self._buffer:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("server closed")
            self._buffer += data
        raw, _, self._buffer = self._buffer.partition(b"\n")
        text = raw.decode("utf-8", "replace").rstrip("\r")
        if text.startswith("PING "):
            self.send("PONG " + text[5:])
        return text

    def until(self, predicate: Callable[[str], bool]) -> str:
        while True:
            text = self.line()
            if predicate(text):
                return text

    def close(self) -> None:
        self.sock.close()


def through_host(host: Host, size: int, block: bytes) -> dict:
    """Upload then download ``size`` bytes; MB/s both ways and the server's RSS growth."""
    irc = IrcClient(host.port, "sender", tls=True)
    irc.send("FILEHOST TOKEN")
    token = irc.until(lambda line: line.startswith("FILEHOST TOKEN ")).split()[2]
    base_rss = host.rss_kib()
    sampler = host.sample()
    conn = http.client.HTTPSConnection(
        "127.0.0.1", host.port, context=_client_context(), timeout=TIMEOUT
    )
    cpu = host.cpu_s()
    start = time.perf_counter()
    conn.putrequest("POST", "/upload")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Disposition", 'attachment; filename="bench.bin"')
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    left = size
    while left:
        piece = block[: min(left, CHUNK)]
        conn.send(piece)
        left -= len(piece)
    response = conn.getresponse()
    response.read()
    up = time.perf_counter() - start
    up_cpu = host.cpu_s() - cpu
    if response.status != 201:
        raise RuntimeError(f"upload answered {response.status}")
    location = response.getheader("Location") or ""
    path = location.split(f":{host.port}", 1)[1]
    cpu = host.cpu_s()
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    buffer = bytearray(256 * 1024)
    got = 0
    while count := response.readinto(buffer):
        got += count
    down = time.perf_counter() - start
    down_cpu = host.cpu_s() - cpu
    conn.close()
    peak = host.stop_sampling(sampler)
    irc.close()
    if got != size:
        raise RuntimeError(f"downloaded {got} of {size} bytes")
    return {
        "up": size / up / 1e6,
        "down": size / down / 1e6,
        "up_cpu_share": up_cpu / up,
        "down_cpu_share": down_cpu / down,
        "rss_base_mb": base_rss / 1024,
        "rss_peak_mb": peak / 1024,
        "rss_growth_mb": (peak - base_rss) / 1024,
    }


# -- 3. paced IRC latency -----------------------------------------------------------------------


def paced(port: int, seconds: float, rate: float = 10.0, readers: int = 5) -> list[float]:
    """Latencies (ms) of a paced conversation: one sender, ``readers`` in the room."""
    sender = IrcClient(port, f"pacer{os.getpid() % 1000}", tls=False)
    people = [
        IrcClient(port, f"reader{i}x{time.monotonic_ns() % 10000}", tls=False)
        for i in range(readers)
    ]
    for person in (sender, *people):
        person.send("JOIN #bench")
        person.until(lambda line: " 366 " in line)
    latencies: list[float] = []
    lock = threading.Lock()

    def read(person: IrcClient, count: int) -> None:
        for _ in range(count):
            text = person.until(lambda line: "PRIVMSG #bench" in line)
            sent = float(text.rsplit(":", 1)[1])
            with lock:
                latencies.append((time.perf_counter() - sent) * 1000)

    count = int(seconds * rate)
    threads = [threading.Thread(target=read, args=(p, count), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    next_at = time.perf_counter()
    for _ in range(count):
        next_at += 1 / rate
        time.sleep(max(0.0, next_at - time.perf_counter()))
        sender.send(f"PRIVMSG #bench :{time.perf_counter()!r}")
    for thread in threads:
        thread.join(TIMEOUT)
    for person in (sender, *people):
        person.close()
    return latencies


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- the run ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200, help="megabytes (default 200)")
    parser.add_argument("--quick", action="store_true", help="50 MB")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (medians; default 3)")
    parser.add_argument("--copy-peer", nargs=2, metavar=("CERT", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.copy_peer:
        copy_peer(*args.copy_peer)
        return 0
    size = (50 if args.quick else args.size) * 1_000_000
    block = os.urandom(CHUNK)
    from app.server.tls import ensure_certificate

    copies: list[tuple[float, float]] = []
    hosted: list[dict] = []
    idle: list[float] = []
    busy: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gofto-files-bench-") as temp:
        data = Path(temp)
        cert, key = ensure_certificate(data, "bench")
        # Rounds alternate the two, A B A B, so that the shared machine's moods hit both.
        for round_no in range(1, args.rounds + 1):
            copies.append(plain_copy(size, str(cert), str(key), block))
            host = Host(data / f"round{round_no}", size)
            try:
                idle += paced(host.port, 3.0)
                # A first small transfer: a fresh server's first one pays for one-off set-up
                # (the store's folder, the MIME table, the first pages of the data folder).
                through_host(host, max(size // 10, CHUNK), block)
                # Throughput and memory with nothing else going on in this process…
                result: dict = through_host(host, size, block)
                # …then the same transfer again, while the paced conversation measures.
                transfer = threading.Thread(
                    target=lambda h=host: through_host(h, size, block),
                    daemon=True,
                )
                transfer.start()
                while transfer.is_alive():
                    busy += paced(host.port, 1.0)
                transfer.join()
            finally:
                host.stop()
            if not result:
                print("The transfer through the host failed.", file=sys.stderr)
                return 1
            hosted.append(result)
            print(
                f"round {round_no}: plain copy {copies[-1][0]:.0f}/{copies[-1][1]:.0f} MB/s, "
                f"host {result['up']:.0f}/{result['down']:.0f} MB/s, "
                f"RSS +{result['rss_growth_mb']:.1f} MB, server CPU "
                f"{result['up_cpu_share']:.0%}/{result['down_cpu_share']:.0%} of a core",
                flush=True,
            )
    copy_up = statistics.median(c[0] for c in copies)
    copy_down = statistics.median(c[1] for c in copies)
    result = {
        key: statistics.median(r[key] for r in hosted)
        for key in ("up", "down", "rss_base_mb", "rss_peak_mb")
    }
    result["rss_growth_mb"] = max(r["rss_growth_mb"] for r in hosted)  # the worst round
    idle_p50, idle_p99 = _p(idle, 0.5), _p(idle, 0.99)
    busy_p50, busy_p99 = _p(busy, 0.5), _p(busy, 0.99)
    up_share, down_share = result["up"] / copy_up, result["down"] / copy_down
    latency_ok = busy_p99 <= max(idle_p99 + 1.0, idle_p99 * 1.5)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISS"

    rows = [
        "| | plain TLS copy | through the host | share | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| upload (MB/s) | {copy_up:.0f} | {result['up']:.0f} | {up_share:.0%} | "
        f"≥ 70 %: {verdict(up_share >= TARGET_SHARE)} |",
        f"| download (MB/s) | {copy_down:.0f} | {result['down']:.0f} | {down_share:.0%} | "
        f"≥ 70 %: {verdict(down_share >= TARGET_SHARE)} |",
        f"| server RSS (MB) | | {result['rss_base_mb']:.1f} → peak {result['rss_peak_mb']:.1f} "
        f"(+{result['rss_growth_mb']:.1f}) | | < +30 MB: "
        f"{verdict(result['rss_growth_mb'] < TARGET_RSS_MB)} |",
        f"| paced IRC latency p50 / p99 (ms) | idle {idle_p50:.2f} / {idle_p99:.2f} | "
        f"during the transfer {busy_p50:.2f} / {busy_p99:.2f} | | unchanged: "
        f"{verdict(latency_ok)} |",
    ]
    header = (
        f"File transfer benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{size // 1_000_000} MB up and down, medians of {args.rounds} round(s) (RSS growth: "
        f"the worst), {len(idle)} idle and {len(busy)} busy latency samples"
    )
    markdown = header + "\n\n" + "\n".join(rows) + "\n"
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"files-{time.strftime('%Y%m%d-%H%M%S')}.md"
    out.write_text(markdown)
    print(markdown)
    print(f"Written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
