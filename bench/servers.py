"""The two servers under test, started the same way each time, and what /proc says about them.

Both run as child processes on 127.0.0.1, so their CPU time can be read from
``/proc/PID/stat`` (user + system, the figure ``ps`` shows) before and after a load.

The file-descriptor limits differ on purpose. Gofto starts with the soft ``RLIMIT_NOFILE``
of an ordinary login session (1,024), because the desktop app is launched from one and must
raise its own limit to hold 2,000 connections; the benchmark checks that it did. ngIRCd never
raises its limit (it relies on its service manager's ``LimitNOFILE``), so it is started with
the soft limit at the hard one, as a service manager would.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGIRCD = "/usr/sbin/ngircd"
#: What a login session typically gives a process that does not raise its own limit.
SESSION_NOFILE = 1024
_START_TIMEOUT = 20.0
_CLK_TCK = os.sysconf("SC_CLK_TCK")
_SERVE = (sys.executable, "-m", "app", "serve")
#: The connection limits off: the load generator holds 2,000 connections from one address.
LIMITS_OFF = (
    "--max-per-address", "0", "--connect-rate", "0", "--max-unregistered", "0",
    "--max-clients", "0",
)  # fmt: skip


def ensure_ngircd() -> str:
    """The path of ngIRCd, installing Debian's package first when missing and we are root."""
    found = NGIRCD if Path(NGIRCD).exists() else shutil.which("ngircd")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("ngircd is missing; install it with: sudo apt-get install ngircd")
    print("Installing ngircd (apt-get)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "ngircd"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # The package starts a system-wide daemon on port 6667; the benchmark runs its own.
    subprocess.run(["service", "ngircd", "stop"], check=False, capture_output=True)
    return NGIRCD


def raise_nofile() -> int:
    """Raise this process's soft RLIMIT_NOFILE to the hard limit; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft
        return target
    return soft


def _session_limits() -> None:  # runs in the child between fork and exec
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(SESSION_NOFILE, hard), hard))


def _free_port() -> int:
    """A port that was free a moment ago (ngIRCd cannot be told to bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Server:
    """A server process under test: ``start()``, ``port``, ``pid``, ``stop()``."""

    name = "server"

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self._dir = Path(tempfile.mkdtemp(prefix=f"bench-{self.name}-"))

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        """Start the process and return once it accepts connections."""
        raise NotImplementedError

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s; removes the scratch directory."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self._dir, ignore_errors=True)

    def _died(self) -> RuntimeError:
        log = ""
        for path in sorted(self._dir.glob("*.log")):
            log += path.read_text(errors="replace")[-2000:]
        return RuntimeError(f"{self.name} exited with status {self.process.returncode}: {log}")

    # -- what /proc says ---------------------------------------------------------------------

    def cpu_seconds(self) -> float:
        """User + system CPU time of the whole process (all threads, dead ones too).

        ``/proc/PID/stat`` counts in clock ticks (10 ms), too coarse for ngIRCd's fraction
        of a second; :meth:`cpu_sample` adds the per-thread nanosecond counters.
        """
        with open(f"/proc/{self.pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK

    def cpu_sample(self) -> tuple[float, dict[str, int]]:
        """``cpu_seconds()`` and each live thread's on-CPU nanoseconds (``schedstat``)."""
        ticks = self.cpu_seconds()
        threads: dict[str, int] = {}
        task_dir = f"/proc/{self.pid}/task"
        for tid in os.listdir(task_dir):
            try:
                with open(f"{task_dir}/{tid}/schedstat", "rb") as stat:
                    threads[tid] = int(stat.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue
        return ticks, threads

    def status(self) -> dict[str, int]:
        """``VmRSS`` (KiB), ``Threads`` and the soft ``Max open files`` of the process."""
        result: dict[str, int] = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads"):
                    result[key] = int(value.split()[0])
        with open(f"/proc/{self.pid}/limits") as limits:
            for line in limits:
                if line.startswith("Max open files"):
                    soft = line.split()[3]
                    result["nofile"] = -1 if soft == "unlimited" else int(soft)
        return result


def cpu_between(before: tuple[float, dict[str, int]], after: tuple[float, dict[str, int]]) -> float:
    """CPU seconds used between two :meth:`Server.cpu_sample` readings.

    The nanosecond sum is exact when no thread ended in between; otherwise the time of the
    threads that ended is only in the tick count, which is then used instead.
    """
    ticks = after[0] - before[0]
    if not set(before[1]) <= set(after[1]):
        return ticks
    return sum(after[1].values()) / 1e9 - sum(before[1].values()) / 1e9


class GoftoServer(Server):
    """``python -m app serve --flood-limit off`` with the connection limits off (``options``
    replaces both) on a port the OS picks."""

    name = "gofto"

    def __init__(self, options: tuple[str, ...] = ("--flood-limit", "off", *LIMITS_OFF)) -> None:
        super().__init__()
        self.options = options

    def start(self) -> None:
        """Start it with a login session's fd limit; wait for ``Listening on HOST : PORT``."""
        out = self._dir / "stdout.log"
        with open(out, "wb") as stdout, open(self._dir / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                [*_SERVE, "--host", "127.0.0.1", "--port", "0", *self.options],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                preexec_fn=_session_limits,  # noqa: PLW1509 (no threads run here)
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            with open(out, "rb") as stdout:
                head = stdout.read(4096)
            for line in head.splitlines():
                if line.startswith(b"Listening on"):
                    self.port = int(line.rsplit(b":", 1)[1])
                    return
            if self.process.poll() is not None:
                raise self._died()
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("gofto did not print 'Listening on' in time")


class NgircdServer(Server):
    """Debian's ngIRCd with flood penalties, per-IP limits and lookups turned off."""

    name = "ngircd"

    def __init__(self, binary: str = NGIRCD) -> None:
        super().__init__()
        self.binary = binary

    def _config(self, port: int) -> str:
        motd = self._dir / "motd"
        motd.write_text("ngIRCd under load.\n")
        # MaxPenaltyTime = 0 disables penalties altogether (ngircd.conf(5)); MaxConnectionsIP
        # = 0 lifts the per-address cap (the default 5 would refuse the load generator).
        return f"""\
[Global]
    Name = irc.bench
    Info = Gofto benchmark reference
    Listen = 127.0.0.1
    Ports = {port}
    MotdFile = {motd}
    PidFile = {self._dir / "ngircd.pid"}
[Limits]
    MaxConnections = 0
    MaxConnectionsIP = 0
    MaxJoins = 0
    MaxNickLength = 30
    MaxPenaltyTime = 0
    PingTimeout = 300
    PongTimeout = 60
[Options]
    PAM = no
    Ident = no
    DNS = no
    ConnectIPv6 = no
"""

    def start(self) -> None:
        """Write a config on a free port, start in the foreground, wait until it accepts."""
        for _attempt in range(3):
            port = _free_port()
            config = self._dir / "ngircd.conf"
            config.write_text(self._config(port))
            with open(self._dir / "ngircd.log", "wb") as log:
                self.process = subprocess.Popen(
                    [self.binary, "--nodaemon", "--config", str(config)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=raise_nofile,  # noqa: PLW1509 (no threads run here)
                )
            deadline = time.monotonic() + _START_TIMEOUT
            while time.monotonic() < deadline:
                if _accepts(port):
                    self.port = port
                    return
                try:
                    self.process.wait(timeout=0.05)
                except subprocess.TimeoutExpired:
                    continue
                break  # exited: perhaps the port was taken meanwhile; try another
        raise self._died()
