"""A refused connection's reason reaches a TLS client inside TLS, and refusing stays cheap.

The host speaks TLS and plain IRC on one port; a refusal used to be a plain ``ERROR`` line,
which a TLS client reads as a broken handshake. Now the refusal desk (app.server.refusals)
shakes hands first, on one thread, within fixed bounds. Loopback is not exempt here, so every
test's client counts against the limits; every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from collections.abc import Callable, Iterator

import pytest

from app.irc.numerics import SERVER_FULL_TEXT
from app.server.admission import TOO_MANY_FROM_ADDRESS, AdmissionPolicy
from app.server.refusals import CAPACITY, PEEK, PER_ADDRESS
from app.server.server import ChatServer
from tests.security.conditions import wait_until
from tests.server.helpers import IrcTestClient

LIMITED = AdmissionPolicy(max_per_address=1, exempt_loopback=False)


def _tls_client() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # Gofto pins fingerprints; any client may connect
    return context


def _read_all(sock: socket.socket | ssl.SSLSocket, timeout: float = 5.0) -> bytes:
    """Everything until the server closes (or the deadline passes)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    with contextlib.suppress(ConnectionResetError, ssl.SSLEOFError, TimeoutError):
        while time.monotonic() < deadline:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data


@contextlib.contextmanager
def _held(server: ChatServer) -> Iterator[IrcTestClient]:
    """The one connection the address may have: registered, so the next is refused."""
    client = IrcTestClient.connect(server.address)
    try:
        client.register("holder")
        yield client
    finally:
        client.close()


@pytest.fixture
def limited_tls_server(make_chat_server, server_tls) -> ChatServer:
    return make_chat_server(tls=server_tls, limits=LIMITED)


def test_a_tls_client_past_the_limit_reads_the_error_inside_tls(limited_tls_server):
    server = limited_tls_server
    with _held(server):
        raw = socket.create_connection(server.address, timeout=5)
        with _tls_client().wrap_socket(raw) as tls:  # the handshake succeeds
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            tls.sendall(b"CAP LS 302\r\nNICK late\r\nUSER late 0 * :late\r\n")
            data = _read_all(tls)
    assert data == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()


def test_plain_clients_of_a_tls_host_still_read_the_plain_error(limited_tls_server):
    server = limited_tls_server
    with _held(server):
        with socket.create_connection(server.address, timeout=5) as talker:
            talker.sendall(b"NICK late\r\n")  # speaks first: answered at once
            started = time.monotonic()
            assert _read_all(talker) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
            assert time.monotonic() - started < PEEK
        with socket.create_connection(server.address, timeout=5) as silent:
            # Says nothing: taken for plain text once the peek time is over.
            assert _read_all(silent) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()


def _client_hello() -> bytes:
    """A real ClientHello, made without a network (what a flood would replay for free)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = _tls_client().wrap_bio(incoming, outgoing)
    with contextlib.suppress(ssl.SSLWantReadError):
        obj.do_handshake()
    return outgoing.read()


def _ping_time(client: IrcTestClient, token: str) -> float:
    started = time.monotonic()
    client.send(f"PING :{token}")
    client.expect(lambda m: m.command == "PONG" and m.params[-1] == token, timeout=5)
    return time.monotonic() - started


def _told_inside_tls(server: ChatServer) -> Callable[[], bool]:
    def told() -> bool:
        raw = socket.create_connection(server.address, timeout=5)
        try:
            with _tls_client().wrap_socket(raw) as tls:
                return _read_all(tls).startswith(b"ERROR :")
        except (ssl.SSLError, OSError):
            return False

    return told


def test_a_flood_of_refused_tls_connections_costs_no_threads_and_no_latency(
    limited_tls_server,
):
    server = limited_tls_server
    hello = _client_hello()
    flood: list[socket.socket] = []
    with _held(server) as guest:
        threads = len(server.threads_alive())
        worst = 0.0
        try:
            for index in range(300):
                sock = socket.create_connection(server.address, timeout=5)
                flood.append(sock)
                with contextlib.suppress(OSError):
                    sock.sendall(hello)  # and never finishes the handshake
                if index % 25 == 0:
                    worst = max(worst, _ping_time(guest, f"t{index}"))
                    assert len(server.threads_alive()) <= threads
            assert len(server.threads_alive()) <= threads
            assert worst < 1.0, worst  # the guest is answered as usual meanwhile
        finally:
            for sock in flood:
                sock.close()
        # Afterwards a real TLS client is told inside TLS again (the desk drained, its
        # handshake budget refilled).
        wait_until(_told_inside_tls(server), 10.0, "a refusal inside TLS after the flood")
        assert len(server.threads_alive()) <= threads
        assert len(server.hub.clients) == 1


def test_the_desk_holds_few_sockets_of_one_address_and_refuses_the_rest_plainly(
    limited_tls_server,
):
    """More refused TLS handshakes from one address than the desk holds for it: the rest are
    refused at once (a plain ERROR, the old way)."""
    server = limited_tls_server
    hello = _client_hello()
    with _held(server):
        socks = [socket.create_connection(server.address, timeout=5) for _ in range(CAPACITY + 8)]
        try:
            for sock in socks:
                sock.sendall(hello)
            answered_plainly = 0
            for sock in socks:
                sock.settimeout(0.5)
                with contextlib.suppress(TimeoutError, OSError):
                    if sock.recv(64).startswith(b"ERROR :"):
                        answered_plainly += 1
            assert answered_plainly >= len(socks) - PER_ADDRESS
        finally:
            for sock in socks:
                sock.close()


def test_a_host_without_tls_refuses_on_the_accept_thread_as_before(make_chat_server):
    server = make_chat_server(limits=LIMITED)
    with _held(server), socket.create_connection(server.address, timeout=5) as late:
        started = time.monotonic()
        assert _read_all(late) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
        assert time.monotonic() - started < 0.5  # no peek: nobody here speaks TLS


def test_the_desk_holds_at_most_its_capacity_from_all_addresses(make_chat_server, server_tls):
    """The host is full: refused TLS handshakes from many addresses (127.0.0.x, all routed to
    loopback) fill the desk, and the ones past its capacity are refused plainly at once."""
    server = make_chat_server(tls=server_tls, limits=AdmissionPolicy(max_clients=1))
    hello = _client_hello()
    extra = 6
    with _held(server):
        socks: list[socket.socket] = []
        try:
            for index in range(CAPACITY + extra):
                sock = socket.socket()
                socks.append(sock)
                sock.settimeout(5)
                sock.bind((f"127.0.0.{10 + index}", 0))
                sock.connect(server.address)
                sock.sendall(hello)
            first_bytes = []
            for sock in socks:
                sock.settimeout(2.0)
                try:
                    first_bytes.append(sock.recv(64))
                except (TimeoutError, OSError):
                    first_bytes.append(b"")
            plain = [data for data in first_bytes if data.startswith(b"ERROR :")]
            handshaking = [data for data in first_bytes if data[:1] == b"\x16"]
            assert plain and all(
                data.startswith(f"ERROR :{SERVER_FULL_TEXT}".encode()) for data in plain
            )
            assert 0 < len(handshaking) <= CAPACITY
            assert len(plain) >= extra
        finally:
            for sock in socks:
                sock.close()


def test_handshakes_past_the_desks_budget_get_the_plain_line(server_tls):
    """The desk signs at most its budget of handshakes; a ClientHello past it is answered
    with the plain line at once (the old way), not with a handshake."""
    from app.server.refusals import RefusalDesk

    desk = RefusalDesk(server_tls.context, "test-refusals", rate=0.001, burst=1, per_address=8)
    desk.start()
    listener = socket.create_server(("127.0.0.1", 0))
    try:

        def refused_client() -> socket.socket:
            client = socket.create_connection(listener.getsockname(), timeout=5)
            accepted, _ = listener.accept()
            desk.offer(accepted, TOO_MANY_FROM_ADDRESS, "198.18.0.1")
            return client

        with _tls_client().wrap_socket(refused_client()) as first:
            assert _read_all(first) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
        with refused_client() as second:
            second.sendall(_client_hello())
            assert _read_all(second) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
    finally:
        listener.close()
        desk.stop()
