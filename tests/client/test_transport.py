"""ThreadedTransport on real sockets: framing, decoding, bounds, failures, and clean shutdown."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from app.client.transport import ThreadedTransport
from app.irc import MAX_LINE_BYTES

TIMEOUT = 5.0


class Recorder:
    """Collects the transport's callbacks and lets the test wait for them."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.connected = 0
        self.lines: list[str] = []
        self.closed: list[str] = []
        self.threads: set[str] = set()

    def on_connected(self) -> None:
        with self.cond:
            self.connected += 1
            self.threads.add(threading.current_thread().name)
            self.cond.notify_all()

    def on_line(self, line: str) -> None:
        with self.cond:
            self.lines.append(line)
            self.cond.notify_all()

    def on_closed(self, reason: str) -> None:
        with self.cond:
            self.closed.append(reason)
            self.cond.notify_all()

    def wait(self, predicate, what: str) -> None:
        with self.cond:
            assert self.cond.wait_for(predicate, TIMEOUT), f"timed out waiting for {what}"

    def transport(self) -> ThreadedTransport:
        return ThreadedTransport(self.on_connected, self.on_line, self.on_closed)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.settimeout(TIMEOUT)
        yield sock


@pytest.fixture
def pair(listener) -> Iterator[tuple[Recorder, ThreadedTransport, socket.socket]]:
    """A transport connected to a socket the test plays the server on."""
    recorder = Recorder()
    transport = recorder.transport()
    transport.connect(*listener.getsockname())
    server, _ = listener.accept()
    server.settimeout(TIMEOUT)
    recorder.wait(lambda: recorder.connected, "on_connected")
    try:
        yield recorder, transport, server
    finally:
        transport.close()
        server.close()


def read_lines(sock: socket.socket, count: int) -> list[bytes]:
    data = b""
    while data.count(b"\r\n") < count:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n")[:count]


def test_callbacks_run_on_the_worker_thread(pair):
    recorder, _transport, _server = pair
    assert recorder.threads and threading.current_thread().name not in recorder.threads


@pytest.mark.parametrize(
    ("chunks", "lines"),
    [
        ([b"PING :a\r\n"], ["PING :a"]),
        ([b"PING :a\r\nPART", b"IAL\r\n"], ["PING :a", "PARTIAL"]),
        ([b"one\ntwo\r\n\r\nthree\r\n"], ["one", "two", "three"]),
        ([b"bad \xff\xfe utf8\r\n"], ["bad \ufffd\ufffd utf8"]),
        (["سلام".encode()[:3], "سلام\r\n".encode()[3:]], ["سلام"]),
        ([b"x" * (MAX_LINE_BYTES + 10) + b"\r\nafter\r\n"], ["after"]),
        ([b"y" * 70000, b"y" * 70000, b"\r\nnext\r\n"], ["next"]),
    ],
)
def test_lines_are_framed_decoded_and_bounded(pair, chunks, lines):
    recorder, _transport, server = pair
    for chunk in chunks:
        server.sendall(chunk)
    server.sendall(b"END\r\n")
    recorder.wait(lambda: "END" in recorder.lines, "the END line")
    assert recorder.lines[:-1] == lines


def test_send_line_adds_crlf_and_strips_embedded_breaks(pair):
    _recorder, transport, server = pair
    transport.send_line("NICK alice")
    transport.send_line("PRIVMSG #a :one\r\ntwo")
    transport.send_line("PRIVMSG #a :سلام")
    assert read_lines(server, 3) == [
        b"NICK alice",
        b"PRIVMSG #a :onetwo",
        "PRIVMSG #a :سلام".encode(),
    ]


def test_lines_sent_before_the_connection_is_up_are_delivered(listener):
    recorder = Recorder()
    transport = recorder.transport()
    transport.send_line("CAP LS 302")
    transport.connect(*listener.getsockname())
    server, _ = listener.accept()
    server.settimeout(TIMEOUT)
    try:
        assert read_lines(server, 1) == [b"CAP LS 302"]
    finally:
        transport.close()
        server.close()


def test_server_closing_reports_once(pair):
    recorder, transport, server = pair
    server.sendall(b"ERROR :bye\r\n")
    server.close()
    recorder.wait(lambda: recorder.closed, "on_closed")
    transport.close()
    assert recorder.lines == ["ERROR :bye"]
    assert recorder.closed == ["The server closed the connection"]


def test_close_flushes_joins_the_threads_and_reports_once(pair):
    recorder, transport, server = pair
    transport.send_line("QUIT :bye")
    transport.close()
    assert read_lines(server, 1) == [b"QUIT :bye"]
    assert recorder.closed == ["Connection closed"]
    assert not [t for t in threading.enumerate() if t.name.startswith("gofto-reader")]
    transport.close()  # idempotent
    transport.send_line("ignored after close")
    assert recorder.closed == ["Connection closed"]


def test_connection_refused_is_reported_quickly_with_a_sentence():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, not listening: connecting is refused
        recorder = Recorder()
        transport = recorder.transport()
        started = time.monotonic()
        transport.connect(*unused.getsockname())
        recorder.wait(lambda: recorder.closed, "on_closed")
        transport.close()
    assert time.monotonic() - started < 2
    assert recorder.connected == 0
    (reason,) = recorder.closed
    assert reason.startswith("Could not reach a chat at 127.0.0.1:")
    assert "refused" in reason.lower()


def test_unknown_host_is_reported():
    recorder = Recorder()
    transport = recorder.transport()
    transport.connect("no-such-host.invalid", 5000)
    recorder.wait(lambda: recorder.closed, "on_closed")
    transport.close()
    assert "no-such-host.invalid" in recorder.closed[0]


def test_a_failing_callback_does_not_kill_the_reader(listener):
    recorder = Recorder()
    seen: list[str] = []

    def on_line(line: str) -> None:
        seen.append(line)
        if line == "boom":
            raise RuntimeError("front end bug")
        recorder.on_line(line)

    transport = ThreadedTransport(recorder.on_connected, on_line, recorder.on_closed)
    transport.connect(*listener.getsockname())
    server, _ = listener.accept()
    try:
        server.sendall(b"boom\r\nstill here\r\n")
        recorder.wait(lambda: recorder.lines, "the line after the failure")
        assert seen == ["boom", "still here"]
    finally:
        transport.close()
        server.close()


def test_connect_twice_is_refused(pair):
    _recorder, transport, _server = pair
    with pytest.raises(RuntimeError):
        transport.connect("127.0.0.1", 1)
