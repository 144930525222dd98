"""Fixtures for the Qt tests: isolated settings, a raw IRC peer, free ports, fast backoff.

Every Qt test gets its own QSettings location under ``tmp_path`` (autouse), so no test reads or
writes the developer's real settings and tests cannot see each other's remembered values.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.qt.qt import QCoreApplication, QSettings

WAIT_MS = 5000


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> Iterator[QSettings]:
    """Point the default QSettings at a per-test INI file; yields it."""
    QCoreApplication.setOrganizationName("GoftoTests")
    QCoreApplication.setApplicationName(f"Gofto-{tmp_path.name}")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    store = QSettings(str(tmp_path / "gofto.ini"), QSettings.Format.IniFormat)
    yield store
    store.sync()


@pytest.fixture
def settings(isolated_settings: QSettings):
    """Gofto's typed settings over the per-test store."""
    from app.qt.settings import Settings

    return Settings(isolated_settings)


def free_port() -> int:
    """A TCP port that was free a moment ago on all interfaces (for hosting via the dialog)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("0.0.0.0", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fast_backoff():
    """Reconnect quickly in tests (tenths of a second instead of seconds)."""
    from app.client.reconnect import Backoff

    return Backoff(initial=0.1, factor=2.0, maximum=0.4)


class Peer:
    """A second IRC client on a raw socket: a reader thread collects its lines.

    The Qt client under test runs on the test's thread, so waiting for *its* effects must spin
    the Qt event loop (``wait_for(qtbot, …)``); registering the peer itself only needs the
    server's threads, so :meth:`register` may block briefly.
    """

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.settimeout(None)
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            if not data:
                break
            buffer += data
            *complete, buffer = buffer.split(b"\n")
            with self._cond:
                for raw in complete:
                    line = raw.rstrip(b"\r").decode("utf-8", "replace")
                    if line.startswith("PING"):
                        self.send("PONG" + line[4:])
                    self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode("utf-8") + b"\r\n")

    def has(self, predicate: Callable[[str], bool]) -> bool:
        with self._cond:
            return any(predicate(line) for line in self.lines)

    def block_until(self, predicate: Callable[[str], bool], timeout: float = 5.0) -> str:
        """Wait without the Qt loop (only for replies the server alone produces)."""
        with self._cond:
            ok = self._cond.wait_for(
                lambda: self._closed or any(predicate(x) for x in self.lines), timeout
            )
            found = [x for x in self.lines if predicate(x)]
        if not ok or not found:
            raise AssertionError(f"peer never saw the line; got {self.lines[-10:]}")
        return found[0]

    def wait_for(self, qtbot, predicate: Callable[[str], bool], timeout: int = WAIT_MS) -> None:
        """Wait while spinning the Qt event loop (for what the Qt client makes happen)."""
        qtbot.waitUntil(lambda: self.has(predicate), timeout=timeout)

    def register(self, nick: str, password: str | None = None, room: str | None = None) -> None:
        if password:
            self.send(f"PASS {password}")
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        self.block_until(lambda x: x.split(" ")[1:2] == ["001"])
        if room:
            self.send(f"JOIN {room}")
            self.block_until(lambda x: x.split(" ")[1:2] in (["366"], ["JOIN"]))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(timeout=5)


@pytest.fixture
def make_peer() -> Iterator[Callable[..., Peer]]:
    """``make_peer(host, port)`` → a connected :class:`Peer`, closed at teardown."""
    peers: list[Peer] = []

    def factory(host: str, port: int) -> Peer:
        peer = Peer(host, port)
        peers.append(peer)
        return peer

    yield factory
    for peer in peers:
        peer.close()
