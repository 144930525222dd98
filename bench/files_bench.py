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
   the room) on that same server, measured idle and then while transfers run back to back
   for as long (uploads and downloads of the same size, by a child process: a client in this
   process would hold this process's GIL and delay the readers' clocks, which would then
   measure the bench rather than the server). The throughput figures come from the first
   transfer, alone. Every client here stands for a guest's computer, and none may take the
   server's CPUs from under it as a computer elsewhere could not: a latency ends when the
   kernel received the line in the reader's socket (``SO_TIMESTAMPNS``), not when a reader
   thread got a CPU, and the busy child runs as ``SCHED_IDLE`` (the MB/s it reached meanwhile
   is printed, to show the files still moved at full speed). See :func:`paced`.

Gofto's own client (``app.client.files``) then makes the same upload and download, file to
file, for information (its MB/s and CPU; the copy reads and writes no file, so no share).

CPU time per MB is reported for both ends of both (the server's and the copy peer's from
``/proc``, the client's from ``time.process_time``): on a shared machine it is steadier than
MB/s, and it says which side limits the speed. The negotiated TLS version and cipher of both
are printed (the same here: TLS 1.3, AES-256-GCM).

Targets: the host's MB/s at least 70 % of the plain copy's, RSS growth under 30 MB, paced
p99 latency no worse during the transfers (within a millisecond or 50 %, whichever is larger:
a busy shared machine moves single milliseconds around); ``--latency-seconds`` (default 10,
3 with ``--quick``) per round idle and as long busy gives 500 samples a round each way, so
the p99 of three rounds is the 15th worst, not the 2nd: one slow moment of the machine (a
kernel thread on the chat's CPU) does not decide it. Prints a markdown table and
writes it to ``bench/results/files-<time>.md``. ``--size MB`` changes the size; ``--quick``
is 50 MB; ``--rounds N`` (default 3) repeats both transfers, alternating, and reports medians.
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
import struct
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


def process_cpu_s(pid: int) -> float:
    """A process's CPU time so far (user + system, every thread), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plain_copy(size: int, cert: str, key: str, block: bytes) -> dict:
    """MB/s both ways of the plain TLS copy, the CPU seconds each end spent, the cipher."""
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
            cipher = f"{sock.version()} {(sock.cipher() or ('?',))[0]}"
            peer_cpu, cpu = process_cpu_s(peer.pid), time.process_time()
            start = time.perf_counter()
            sock.sendall(size.to_bytes(8, "big"))
            left = size
            while left:
                piece = block[: min(left, CHUNK)]
                sock.sendall(piece)
                left -= len(piece)
            _read_exact(sock, 1)
            up = time.perf_counter() - start
            up_peer, up_client = process_cpu_s(peer.pid) - peer_cpu, time.process_time() - cpu
            peer_cpu, cpu = process_cpu_s(peer.pid), time.process_time()
            start = time.perf_counter()
            buffer = bytearray(256 * 1024)
            left = size
            while left:
                got = sock.recv_into(buffer)
                if not got:
                    raise ConnectionError("peer closed early")
                left -= got
            down = time.perf_counter() - start
            down_peer = process_cpu_s(peer.pid) - peer_cpu
            down_client = time.process_time() - cpu
        return {
            "up": size / up / 1e6,
            "down": size / down / 1e6,
            "up_server_cpu": up_peer,
            "up_client_cpu": up_client,
            "down_server_cpu": down_peer,
            "down_client_cpu": down_client,
            "cipher": cipher,
        }
    finally:
        peer.wait(timeout=TIMEOUT)
        peer.stdout.close()  # type: ignore[union-attr]


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
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
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
        """The server's CPU time so far (user + system)."""
        return process_cpu_s(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._drainer.join(timeout=5)
        self.process.stdout.close()  # type: ignore[union-attr]


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
    """Upload then download ``size`` bytes; MB/s both ways, the CPU seconds each end spent,
    and the server's RSS growth."""
    base_rss = host.rss_kib()
    sampler = host.sample()
    try:
        result = transfer(host.port, size, block, host.cpu_s)
    finally:
        peak = host.stop_sampling(sampler)
    result.update(
        rss_base_mb=base_rss / 1024,
        rss_peak_mb=peak / 1024,
        rss_growth_mb=(peak - base_rss) / 1024,
    )
    return result


def transfer(
    port: int,
    size: int,
    block: bytes,
    server_cpu: Callable[[], float],
    irc: IrcClient | None = None,
) -> dict:
    """One upload and one download of ``size`` bytes through the host at ``port``; the token
    is asked on ``irc`` (kept open) when given, else on a connection of its own."""
    own = irc is None
    if irc is None:
        irc = IrcClient(port, f"sender{os.getpid() % 1000}x{time.monotonic_ns() % 10000}", tls=True)
    irc.send("FILEHOST TOKEN")
    token = irc.until(lambda line: line.startswith("FILEHOST TOKEN ")).split()[2]
    conn = http.client.HTTPSConnection(
        "127.0.0.1", port, context=_client_context(), timeout=TIMEOUT
    )
    conn.connect()
    sock = conn.sock
    cipher = f"{sock.version()} {(sock.cipher() or ('?',))[0]}" if sock else "?"
    cpu, client = server_cpu(), time.process_time()
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
    up_cpu, up_client = server_cpu() - cpu, time.process_time() - client
    if response.status != 201:
        raise RuntimeError(f"upload answered {response.status}")
    location = response.getheader("Location") or ""
    path = location.split(f":{port}", 1)[1]
    conn.close()  # the host closes after an upload; a new connection is not timed
    conn.connect()
    cpu, client = server_cpu(), time.process_time()
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    buffer = bytearray(256 * 1024)
    got = 0
    while count := response.readinto(buffer):
        got += count
    down = time.perf_counter() - start
    down_cpu, down_client = server_cpu() - cpu, time.process_time() - client
    conn.close()
    if own:
        irc.close()
    if got != size:
        raise RuntimeError(f"downloaded {got} of {size} bytes")
    return {
        "up": size / up / 1e6,
        "down": size / down / 1e6,
        "up_server_cpu": up_cpu,
        "up_client_cpu": up_client,
        "down_server_cpu": down_cpu,
        "down_client_cpu": down_client,
        "cipher": cipher,
    }


def with_gofto_client(host: Host, source: Path, folder: Path) -> dict:
    """The same upload and download by Gofto's own client (``app.client.files``, file to
    file, the host's certificate pinned): MB/s both ways and the CPU seconds each end spent.
    Information only: unlike the copy, it reads and writes files on this machine."""
    from app.client.files import download, upload
    from app.secure import fingerprint

    size = source.stat().st_size
    irc = IrcClient(host.port, f"gofto{time.monotonic_ns() % 10000}", tls=True)
    assert isinstance(irc.sock, ssl.SSLSocket)
    pinned = fingerprint(irc.sock.getpeercert(binary_form=True) or b"")
    irc.send("FILEHOST TOKEN")
    token = irc.until(lambda line: line.startswith("FILEHOST TOKEN ")).split()[2]
    url = f"https://127.0.0.1:{host.port}/upload"
    cpu, client, start = host.cpu_s(), time.process_time(), time.perf_counter()
    link = upload(url, source, token, pinned)
    up = time.perf_counter() - start
    up_cpu, up_client = host.cpu_s() - cpu, time.process_time() - client
    cpu, client, start = host.cpu_s(), time.process_time(), time.perf_counter()
    saved = download(link, folder, pinned)
    down = time.perf_counter() - start
    down_cpu, down_client = host.cpu_s() - cpu, time.process_time() - client
    irc.close()
    got = saved.stat().st_size
    saved.unlink()
    if got != size:
        raise RuntimeError(f"Gofto's client downloaded {got} of {size} bytes")
    return {
        "up": size / up / 1e6,
        "down": size / down / 1e6,
        "up_server_cpu": up_cpu,
        "up_client_cpu": up_client,
        "down_server_cpu": down_cpu,
        "down_client_cpu": down_client,
    }


def transfer_loop(port: int, size: int) -> None:
    """The busy half of the latency measurement (run as a child): transfers back to back
    until stdin closes; prints ``ready`` once connected, then how many transfers it made."""
    block = os.urandom(CHUNK)
    stop = threading.Event()
    # This client stands for a guest's computer, which cannot take a CPU from the host: here it
    # gets only the CPU time nobody else wants (it is still all of an idle CPU, so the files
    # move at full speed; the table says how fast). Without this, on two CPUs, it would take
    # one of them from the server's chat threads for a scheduler tick at a time.
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

    def watch() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    # One IRC connection asks every token, as a guest's client does: a registration per
    # transfer would measure the welcome burst, not the transfers.
    irc = IrcClient(port, f"loop{os.getpid() % 10000}", tls=True)
    print("ready", flush=True)
    count = 0
    while not stop.is_set():
        transfer(port, size, block, lambda: 0.0, irc)
        count += 1
    irc.close()
    print(count, flush=True)


def busy_latency(port: int, size: int, seconds: float) -> tuple[list[float], int, float]:
    """Paced latencies while a child process transfers ``size`` bytes up and down, back to
    back, for the whole time; how many transfers it made, and their MB/s (both ways)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.files_bench", "--transfer-loop", str(port), str(size)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if child.stdout.readline().strip() != "ready":  # type: ignore[union-attr]
            raise RuntimeError("the transfer process did not start")
        started = time.perf_counter()
        latencies = paced(port, seconds)
        child.stdin.close()  # type: ignore[union-attr]
        count = int(child.stdout.readline() or 0)  # type: ignore[union-attr]
        elapsed = time.perf_counter() - started
        if child.wait(timeout=TIMEOUT) != 0 or not count:
            raise RuntimeError("the transfer process failed")
        return latencies, count, 2 * count * size / 1e6 / elapsed
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()


# -- 3. paced IRC latency -----------------------------------------------------------------------


#: Linux's ``SO_TIMESTAMPNS`` (Python's socket module does not name it): the kernel stamps what
#: arrives with the time it arrived (``CLOCK_REALTIME``), handed over with ``recvmsg``.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
#: How often the readers look at their sockets (the sender sends every 100 ms).
POLL_S = 0.02


def paced(port: int, seconds: float, rate: float = 10.0, readers: int = 5) -> list[float]:
    """Latencies (ms) of a paced conversation: one sender, ``readers`` in the room.

    A latency is the time from the sender's send to the line's arrival in a reader's socket,
    as the kernel stamped it (``SO_TIMESTAMPNS``), not to the moment a thread of this process
    got round to reading it. The readers stand for guests on other machines: here they share
    two CPUs with the server and, while files move, with the transfer's own client, so a reader
    thread's wait for a CPU (up to a scheduler tick, 4 ms) would be counted against the server.
    For the same reason nobody waits in ``recv``: one thread looks at every reader's socket
    every 20 ms, so the server's sends wake nothing on this machine that could take its CPU in
    the middle of a fan-out, which a remote guest could not do either.
    """
    sender = IrcClient(port, f"pacer{os.getpid() % 1000}", tls=False)
    people = [
        IrcClient(port, f"reader{i}x{time.monotonic_ns() % 10000}", tls=False)
        for i in range(readers)
    ]
    for person in (sender, *people):
        person.send("JOIN #bench")
        person.until(lambda line: " 366 " in line)
    for person in people:
        person.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        person.sock.setblocking(False)
    latencies: list[float] = []
    count = int(seconds * rate)
    done = threading.Event()

    def read() -> None:
        pending = {id(person): b"" for person in people}
        seen = 0
        deadline = time.monotonic() + seconds + TIMEOUT
        while seen < count * len(people) and time.monotonic() < deadline:
            time.sleep(POLL_S)
            for person in people:
                for arrived_ns, text in _stamped_lines(person, pending):
                    if "PRIVMSG #bench" in text:
                        sent_ns = int(text.rsplit(":", 1)[1])
                        latencies.append((arrived_ns - sent_ns) / 1e6)
                        seen += 1
        done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    next_at = time.perf_counter()
    for _ in range(count):
        next_at += 1 / rate
        time.sleep(max(0.0, next_at - time.perf_counter()))
        sender.send(f"PRIVMSG #bench :{time.time_ns()}")
    done.wait(seconds + TIMEOUT)
    for person in (sender, *people):
        person.close()
    return latencies


def _stamped_lines(person: IrcClient, pending: dict[int, bytes]) -> list[tuple[int, str]]:
    """The whole lines waiting in ``person``'s (non-blocking) socket, each with the kernel's
    arrival time of the read that completed it (of its last segment: a late figure, if any)."""
    lines: list[tuple[int, str]] = []
    while True:
        try:
            data, ancillary, _flags, _address = person.sock.recvmsg(65536, socket.CMSG_SPACE(16))
        except BlockingIOError:
            return lines
        if not data:
            raise ConnectionError("server closed")
        arrived_ns = time.time_ns()
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
                seconds_part, nanoseconds = struct.unpack("qq", value[:16])
                arrived_ns = seconds_part * 1_000_000_000 + nanoseconds
        buffer = pending[id(person)] + data
        *complete, pending[id(person)] = buffer.split(b"\n")
        for raw in complete:
            text = raw.decode("utf-8", "replace").rstrip("\r")
            if text.startswith("PING "):
                person.sock.setblocking(True)
                person.send("PONG " + text[5:])
                person.sock.setblocking(False)
            lines.append((arrived_ns, text))


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- the run ------------------------------------------------------------------------------------


def _ms_per_mb(runs: list[dict], key: str, size: int) -> float:
    """The median CPU milliseconds per MB of ``key`` (CPU seconds) over ``runs``."""
    return statistics.median(run[key] for run in runs) * 1000 / (size / 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200, help="megabytes (default 200)")
    parser.add_argument("--quick", action="store_true", help="50 MB")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (medians; default 3)")
    parser.add_argument(
        "--latency-seconds",
        type=float,
        default=None,
        help="paced conversation per round, idle and as long busy (default 10; 3 with --quick)",
    )
    parser.add_argument("--copy-peer", nargs=2, metavar=("CERT", "KEY"), help=argparse.SUPPRESS)
    parser.add_argument("--transfer-loop", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.copy_peer:
        copy_peer(*args.copy_peer)
        return 0
    if args.transfer_loop:
        transfer_loop(*args.transfer_loop)
        return 0
    size = (50 if args.quick else args.size) * 1_000_000
    seconds = args.latency_seconds or (3.0 if args.quick else 10.0)
    block = os.urandom(CHUNK)
    import mimetypes

    import app.client.files  # noqa: F401  (imported and set up before any clock runs)
    from app.server.tls import ensure_certificate

    mimetypes.init()

    copies: list[dict] = []
    hosted: list[dict] = []
    ours: list[dict] = []  # Gofto's own client
    idle: list[float] = []
    busy: list[float] = []
    busy_transfers = 0
    busy_rates: list[float] = []  # MB/s of the transfers during the latency measurement
    with tempfile.TemporaryDirectory(prefix="gofto-files-bench-") as temp:
        data = Path(temp)
        cert, key = ensure_certificate(data, "bench")
        source = data / "bench.bin"  # what Gofto's client uploads
        with source.open("wb") as handle:
            for start in range(0, size, CHUNK):
                handle.write(block[: min(CHUNK, size - start)])
        # Rounds alternate the two, A B A B, so that the shared machine's moods hit both.
        for round_no in range(1, args.rounds + 1):
            copies.append(plain_copy(size, str(cert), str(key), block))
            host = Host(data / f"round{round_no}", size)
            try:
                # A first small transfer: a fresh server's first one pays for one-off set-up
                # (the store's folder, the MIME table, the first pages of the data folder).
                through_host(host, max(size // 10, CHUNK), block)
                # Throughput and memory with nothing else going on (a quiet room: a large
                # download made while people talk yields to them, see FileHost.background)…
                result: dict = through_host(host, size, block)
                ours.append(with_gofto_client(host, source, data))
                # …then the paced conversation, alone, and while transfers run back to back.
                idle += paced(host.port, seconds)
                latencies, count, rate = busy_latency(host.port, size, seconds)
                busy += latencies
                busy_transfers += count
                busy_rates.append(rate)
            finally:
                host.stop()
            hosted.append(result)
            copy = copies[-1]
            print(
                f"round {round_no}: plain copy {copy['up']:.0f}/{copy['down']:.0f} MB/s, "
                f"host {result['up']:.0f}/{result['down']:.0f} MB/s, "
                f"RSS +{result['rss_growth_mb']:.1f} MB, server CPU "
                f"{result['up_server_cpu'] * 1e9 / size:.2f}/"
                f"{result['down_server_cpu'] * 1e9 / size:.2f} ms/MB "
                f"(copy peer {copy['up_server_cpu'] * 1e9 / size:.2f}/"
                f"{copy['down_server_cpu'] * 1e9 / size:.2f})",
                flush=True,
            )
    copy_up = statistics.median(c["up"] for c in copies)
    copy_down = statistics.median(c["down"] for c in copies)
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

    def cpu(runs: list[dict], way: str) -> str:
        server = _ms_per_mb(runs, f"{way}_server_cpu", size)
        client = _ms_per_mb(runs, f"{way}_client_cpu", size)
        return f"{server:.2f} / {client:.2f}"

    rows = [
        "| | plain TLS copy | through the host | share | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| upload (MB/s) | {copy_up:.0f} | {result['up']:.0f} | {up_share:.0%} | "
        f"≥ 70 %: {verdict(up_share >= TARGET_SHARE)} |",
        f"| download (MB/s) | {copy_down:.0f} | {result['down']:.0f} | {down_share:.0%} | "
        f"≥ 70 %: {verdict(down_share >= TARGET_SHARE)} |",
        f"| CPU ms per MB, upload: receiver / sender | {cpu(copies, 'up')} | "
        f"{cpu(hosted, 'up')} | | (information) |",
        f"| CPU ms per MB, download: sender / receiver | {cpu(copies, 'down')} | "
        f"{cpu(hosted, 'down')} | | (information) |",
        f"| Gofto's own client, file to file (MB/s up / down) | | "
        f"{statistics.median(r['up'] for r in ours):.0f} / "
        f"{statistics.median(r['down'] for r in ours):.0f} | | (information) |",
        f"| its CPU ms per MB, server / client (up; down) | | {cpu(ours, 'up')}; "
        f"{cpu(ours, 'down')} | | (information) |",
        f"| server RSS (MB) | | {result['rss_base_mb']:.1f} → peak {result['rss_peak_mb']:.1f} "
        f"(+{result['rss_growth_mb']:.1f}) | | < +30 MB: "
        f"{verdict(result['rss_growth_mb'] < TARGET_RSS_MB)} |",
        f"| paced IRC latency p50 / p99 (ms) | idle {idle_p50:.2f} / {idle_p99:.2f} | "
        f"during transfers {busy_p50:.2f} / {busy_p99:.2f} | | unchanged: "
        f"{verdict(latency_ok)} |",
    ]
    resolution = 1e9 / os.sysconf("SC_CLK_TCK") / size
    header = (
        f"File transfer benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{size // 1_000_000} MB up and down, medians of {args.rounds} round(s) (RSS growth: "
        f"the worst); TLS: copy {copies[0]['cipher']}, host {hosted[0]['cipher']}; "
        f"{len(idle)} idle latency samples and {len(busy)} during {busy_transfers} "
        f"transfers (up and down, {statistics.median(busy_rates):.0f} MB/s) by another "
        f"process; CPU: the server's (or the copy "
        f"peer's) / the bench client's, the server's in clock ticks of "
        f"{1000 / os.sysconf('SC_CLK_TCK'):.0f} ms (± {resolution:.2f} ms/MB at this size)"
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
