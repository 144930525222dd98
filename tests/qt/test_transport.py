"""The Qt transport hands a backlog on in bounded turns, in order, each line once.

A real TCP peer on 127.0.0.1 sends a burst far larger than one turn's budget (and than Qt's
read buffer) at once; a repeating zero-time timer stands for the other work of the event loop
(a paint, a key) and counts its passes meanwhile. Between two of its ticks the transport may
hand on two turns' lines (a pass can run the transport's own zero-time timer and a socket
notification), never more: without turns one pass handed on thousands.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.client.trust import ClientTls, TrustStore
from app.qt.qt import QTimer
from app.qt.transport import LINES_PER_TURN, QtTransport

BURST = 20_000  # about 1.3 MB: several times Qt's read buffer and 100 turns of lines


class Peer:
    """A one-shot TCP server: accepts one client, sends ``data``, then closes (``reset``: RST)."""

    def __init__(
        self, data: bytes, *, reset: bool = False, tls: ssl.SSLContext | None = None
    ) -> None:
        self._data = data
        self._reset = reset
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(10)
        self.port = self._listener.getsockname()[1]
        self.sent = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        conn.settimeout(20)
        try:
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            conn.sendall(self._data)
            self.sent.set()
            if isinstance(conn, ssl.SSLSocket):
                with contextlib.suppress(OSError, ValueError):
                    conn.unwrap()  # close_notify; the client ends without answering it
            elif self._reset:  # an abortive close: what the client has not read may be lost
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._listener.close()
        self._thread.join(10)


def burst(count: int) -> bytes:
    return b"".join(
        b":peer PRIVMSG #lobby :line %d lorem ipsum dolor\r\n" % n for n in range(count)
    )


@pytest.fixture
def turns(qtbot) -> Iterator[list[int]]:
    """``turns[0]`` goes up once per event-loop turn (a repeating zero-time timer)."""
    counter = [0]
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: counter.__setitem__(0, counter[0] + 1))
    timer.start()
    yield counter
    timer.stop()


def collect(transport: QtTransport, turns: list[int]) -> tuple[list[str], list[int], list[str]]:
    lines: list[str] = []
    turn_of_line: list[int] = []
    ended: list[str] = []

    def on_line(line: str) -> None:
        assert not ended, "a line after disconnected"
        lines.append(line)
        turn_of_line.append(turns[0])

    transport.line_received.connect(on_line)
    transport.disconnected.connect(ended.append)
    return lines, turn_of_line, ended


def most_in_one_turn(turn_of_line: list[int]) -> int:
    counts: dict[int, int] = {}
    for turn in turn_of_line:
        counts[turn] = counts.get(turn, 0) + 1
    return max(counts.values(), default=0)


def test_a_burst_then_a_close_arrives_whole_in_bounded_turns(qtbot, turns) -> None:
    peer = Peer(burst(BURST))
    transport = QtTransport()
    lines, turn_of_line, ended = collect(transport, turns)
    try:
        transport.connect_to("127.0.0.1", peer.port)
        qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
        assert lines == [f":peer PRIVMSG #lobby :line {n} lorem ipsum dolor" for n in range(BURST)]
        assert ended == ["the host closed the connection"]
        assert most_in_one_turn(turn_of_line) <= 2 * LINES_PER_TURN
        assert len(set(turn_of_line)) >= BURST // (2 * LINES_PER_TURN)
    finally:
        transport.close()
        peer.close()


def test_a_reset_in_the_middle_of_a_backlog_loses_nothing_read_and_repeats_nothing(
    qtbot, turns
) -> None:
    peer = Peer(burst(BURST), reset=True)
    transport = QtTransport()
    lines, turn_of_line, ended = collect(transport, turns)
    try:
        transport.connect_to("127.0.0.1", peer.port)
        qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
        # What the kernel threw away with the reset is gone; what came is whole and in order.
        assert lines == [
            f":peer PRIVMSG #lobby :line {n} lorem ipsum dolor" for n in range(len(lines))
        ]
        assert len(ended) == 1
        assert most_in_one_turn(turn_of_line) <= 2 * LINES_PER_TURN
    finally:
        transport.close()
        peer.close()


def test_close_in_the_middle_of_a_backlog_stops_the_lines(qtbot, turns) -> None:
    peer = Peer(burst(BURST))
    transport = QtTransport()
    lines, _turn_of_line, ended = collect(transport, turns)
    try:
        transport.connect_to("127.0.0.1", peer.port)
        qtbot.waitUntil(lambda: len(lines) >= 3 * LINES_PER_TURN, timeout=30_000)
        transport.close()
        seen = len(lines)
        qtbot.wait(200)  # turns that would have come after close()
        assert len(lines) == seen < BURST
        assert not ended  # close() is not reported
    finally:
        peer.close()


def test_a_line_split_across_reads_and_turns_is_one_line(qtbot, turns) -> None:
    long_line = b":peer PRIVMSG #lobby :" + b"x" * 400 + b"\r\n"
    data = burst(LINES_PER_TURN * 3) + long_line * 50 + burst(10)
    peer = Peer(data)
    transport = QtTransport()
    lines, _turn_of_line, ended = collect(transport, turns)
    try:
        transport.connect_to("127.0.0.1", peer.port)
        qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
        assert len(lines) == LINES_PER_TURN * 3 + 50 + 10
        assert (
            lines[LINES_PER_TURN * 3 : LINES_PER_TURN * 3 + 50]
            == [long_line.decode().rstrip("\r\n")] * 50
        )
    finally:
        transport.close()
        peer.close()


def test_a_burst_over_tls_arrives_whole_in_bounded_turns(qtbot, turns, tls_cert, tmp_path: Path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_cert)
    peer = Peer(burst(BURST // 2), tls=context)
    transport = QtTransport(tls=ClientTls(TrustStore(tmp_path / "known_hosts")))
    lines, turn_of_line, ended = collect(transport, turns)
    try:
        transport.connect_to("127.0.0.1", peer.port)
        qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
        assert transport.security is not None and transport.security.encrypted
        expected = [f":peer PRIVMSG #lobby :line {n} lorem ipsum dolor" for n in range(BURST // 2)]
        assert lines == expected
        assert ended == ["the host closed the connection"]
        assert most_in_one_turn(turn_of_line) <= 2 * LINES_PER_TURN
    finally:
        transport.close()
        peer.close()
