"""Connection limits no single guest can break: per address (IPv6 per /64), per minute, for
unregistered connections and in all; flood control that follows the address.

Addresses other than 127.0.0.1 come from a private network namespace (``private_network``,
tests/fixtures/netns.py); nothing leaves the machine. Every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from app.irc.numerics import SERVER_BUSY_TEXT, SERVER_FULL_TEXT
from app.server.admission import (
    TOO_MANY_FROM_ADDRESS,
    AdmissionPolicy,
    address_key,
    default_max_clients,
)
from app.server.flood import FloodPolicy
from app.server.server import ChatServer
from tests.fixtures.netns import PrivateNetwork, v4
from tests.security.conditions import back_to, holdings, wait_until
from tests.server.helpers import IrcTestClient


def _first_line(sock: socket.socket, timeout: float = 3.0) -> bytes:
    """The first line the server sends on ``sock`` (b"" if it closes first)."""
    sock.settimeout(timeout)
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while b"\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\n", 1)[0].rstrip(b"\r")


def _refused(sock: socket.socket, text: str) -> bool:
    """Whether the server answered ``ERROR :text`` and closed at once."""
    line = _first_line(sock)
    closed = sock.recv(4096) == b""
    return line == f"ERROR :{text}".encode() and closed


def _served(sock: socket.socket) -> bool:
    """Whether the server treats ``sock`` as a client: a PING is answered with PONG."""
    sock.sendall(b"PING :alive\r\n")
    sock.settimeout(3.0)
    data = b""
    while b"alive" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return False
        data += chunk
    return b"PONG" in data and b"ERROR" not in data


@contextlib.contextmanager
def _closing(socks: list[socket.socket]) -> Iterator[list[socket.socket]]:
    try:
        yield socks
    finally:
        for sock in socks:
            sock.close()


@pytest.fixture
def netns_server(private_network: PrivateNetwork) -> Iterator:
    """Factory: a ChatServer started inside the namespace; stopped (all threads) on teardown."""
    servers: list[ChatServer] = []

    def make(**kwargs) -> ChatServer:
        server = private_network.start_server(**kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
        assert not server.threads_alive()


# -- the unit a limit counts by -----------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "key", "loopback"),
    [
        ("198.18.1.1", "198.18.1.1", False),
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.2", "127.0.0.2", True),
        ("::1", "::/64", True),
        ("0::1", "::/64", True),  # how peer_host shows ::1
        ("::ffff:198.18.1.1", "198.18.1.1", False),
        ("2001:2::5:1", "2001:2::/64", False),
        ("2001:2:0:0:ffff::1", "2001:2::/64", False),
        ("2001:2:0:1::1", "2001:2:0:1::/64", False),
        ("fe80::1%eth0", "fe80::1", False),  # link-local: the LAN's own, counted by itself
        ("not an address", "not an address", False),
    ],
)
def test_address_key(host, key, loopback):
    assert address_key(host) == (key, loopback)


def test_ipv6_lan_addresses_count_by_address():
    local = "fd12:3456:789a:1::10"  # the server's unique local address on the LAN
    assert address_key("fd12:3456:789a:1::77", local) == ("fd12:3456:789a:1::77", False)
    assert address_key("fd12:3456:789a:2::77", local) == ("fd12:3456:789a:2::/64", False)
    assert address_key("fd12:3456:789a:1::77", "198.18.0.1") == ("fd12:3456:789a:1::/64", False)
    # A global /64 counts as one address even when the server is in it too.
    assert address_key("2001:db8:1:2::77", "2001:db8:1:2::10") == ("2001:db8:1:2::/64", False)


def test_default_client_cap_follows_the_open_file_limit():
    assert default_max_clients(1024) == 960
    assert default_max_clients(65536) == 65472
    assert default_max_clients(None) == 0  # unknown: no cap
    assert default_max_clients(20) == 16


# -- per address --------------------------------------------------------------------------


def test_ten_connections_per_address_by_default_then_error(private_network, netns_server):
    server = netns_server()
    before = len(server.threads_alive())
    with _closing([private_network.socket_from(v4(1), server) for _ in range(10)]) as held:
        assert all(_served(sock) for sock in held)
        extra = private_network.socket_from(v4(1), server)
        with _closing([extra]):
            assert _refused(extra, TOO_MANY_FROM_ADDRESS)
        # The refusal cost no thread: only the ten held connections have readers.
        assert len(server.threads_alive()) == before + 10
        # Another address is not affected.
        with _closing([private_network.socket_from(v4(2), server)]) as other:
            assert _served(other[0])
        held[0].close()
        wait_until(lambda: server.admission.open_from(v4(1)) == 9, 5, "one slot freed")
        with _closing([private_network.socket_from(v4(1), server)]) as again:
            assert _served(again[0])


def test_max_per_address_zero_is_off(private_network, netns_server):
    server = netns_server(limits=AdmissionPolicy(max_per_address=0, connect_rate=0))
    with _closing([private_network.socket_from(v4(3), server) for _ in range(15)]) as held:
        assert all(_served(sock) for sock in held)


def test_connect_rate_per_address(private_network, netns_server):
    server = netns_server(limits=AdmissionPolicy(connect_rate=5))
    for _ in range(5):  # open and close at once: never more than one at a time
        with _closing([private_network.socket_from(v4(4), server)]) as one:
            assert _served(one[0])
    with _closing([private_network.socket_from(v4(4), server)]) as sixth:
        assert _refused(sixth[0], TOO_MANY_FROM_ADDRESS)
    with _closing([private_network.socket_from(v4(5), server)]) as other:
        assert _served(other[0])


def test_ipv6_counts_per_64(private_network, netns_server):
    server = netns_server(limits=AdmissionPolicy(max_per_address=2))
    same = ["2001:2:0:5::a:1", "2001:2:0:5::b:2"]  # both in 2001:2:0:5::/64
    with _closing([private_network.socket_from(a, server) for a in same]) as held:
        assert all(_served(sock) for sock in held)
        with _closing([private_network.socket_from("2001:2:0:5::c:3", server)]) as third:
            assert _refused(third[0], TOO_MANY_FROM_ADDRESS)
        with _closing([private_network.socket_from("2001:2:0:6::1", server)]) as next_64:
            assert _served(next_64[0])
    # In the server's own /64 too: 2001:2::/64 is a global prefix, one /64 is one address.
    neighbours = ["2001:2::1:1", "2001:2::2:1"]
    with _closing([private_network.socket_from(a, server) for a in neighbours]) as same:
        assert all(_served(sock) for sock in same)
        with _closing([private_network.socket_from("2001:2::3:1", server)]) as third:
            assert _refused(third[0], TOO_MANY_FROM_ADDRESS)


def test_loopback_is_exempt_by_default(make_chat_server):
    server = make_chat_server(limits=AdmissionPolicy(max_per_address=2, connect_rate=2))
    socks = [socket.create_connection(server.address, timeout=5) for _ in range(6)]
    with _closing(socks):
        assert all(_served(sock) for sock in socks)


def test_loopback_is_not_counted_against_the_unregistered_cap(make_chat_server):
    # A load generator on the host's own machine opens its connections before registering any.
    server = make_chat_server(limits=AdmissionPolicy(max_unregistered=2))
    socks = [socket.create_connection(server.address, timeout=5) for _ in range(5)]
    with _closing(socks):
        assert all(_served(sock) for sock in socks)


def test_loopback_can_be_limited_too(make_chat_server):
    policy = AdmissionPolicy(max_per_address=2, exempt_loopback=False)
    server = make_chat_server(limits=policy)
    held = [socket.create_connection(server.address, timeout=5) for _ in range(2)]
    with _closing(held), _closing([socket.create_connection(server.address, timeout=5)]) as third:
        assert _refused(third[0], TOO_MANY_FROM_ADDRESS)


# -- global caps --------------------------------------------------------------------------


def test_unregistered_connections_are_capped_in_all(private_network, netns_server):
    server = netns_server(limits=AdmissionPolicy(max_unregistered=4))
    waiting = [private_network.socket_from(v4(10 + i), server) for i in range(4)]
    with _closing(waiting):
        assert all(_served(sock) for sock in waiting)  # PING is fine before registering
        with _closing([private_network.socket_from(v4(20), server)]) as fifth:
            assert _refused(fifth[0], SERVER_BUSY_TEXT)  # not this address's doing
        # One of them registers: a place is free again.
        client = IrcTestClient(waiting[0])
        client.register("early")
        with _closing([private_network.socket_from(v4(21), server)]) as next_one:
            assert _served(next_one[0])


def test_max_clients(private_network, netns_server):
    server = netns_server(limits=AdmissionPolicy(max_clients=3))
    with _closing([private_network.socket_from(v4(30 + i), server) for i in range(3)]) as held:
        assert all(_served(sock) for sock in held)
        with _closing([private_network.socket_from(v4(40), server)]) as fourth:
            assert _refused(fourth[0], SERVER_FULL_TEXT)


def test_a_flood_of_refused_connections_costs_no_thread_and_little_log(
    private_network, netns_server
):
    lines: list[str] = []
    server = netns_server(log=lines.extend, limits=AdmissionPolicy(max_per_address=2))
    held = [private_network.socket_from(v4(50), server) for _ in range(2)]
    with _closing(held):
        assert all(_served(sock) for sock in held)
        threads = len(server.threads_alive())
        for _ in range(200):
            with _closing([private_network.socket_from(v4(50), server)]) as sock:
                assert _first_line(sock[0]) == f"ERROR :{TOO_MANY_FROM_ADDRESS}".encode()
        assert len(server.threads_alive()) == threads
        assert len(server.hub.clients) == 2
    refusals = [line for line in lines if line.startswith("Refused")]
    assert 1 <= len(refusals) <= 2, refusals  # rate-limited per address


# -- flood control follows the address --------------------------------------------------


def _pings(client: IrcTestClient, count: int) -> None:
    client.send_raw(b"".join(b"PING :p%d\r\n" % i for i in range(count)))


def test_flood_budget_is_shared_by_an_address(private_network, netns_server):
    generous = FloodPolicy(burst=100, rate=100.0, patience=5.0)
    shared = FloodPolicy(burst=30, rate=5.0, patience=0.5)
    server = netns_server(
        flood_limit=generous, limits=AdmissionPolicy(address_flood=shared, connect_rate=0)
    )
    # One connection from its own address: 25 lines fit both budgets.
    alone = private_network.client_from(v4(60), server)
    _pings(alone, 25)
    alone.expect(lambda m: m.command == "PONG" and m.params[-1] == "p24", timeout=5)
    # Three connections from one address, 25 lines each: far under each connection's own
    # budget, but three times the address's; it is slowed, then cut off.
    crowd = [private_network.client_from(v4(61), server) for _ in range(3)]
    started = time.monotonic()
    threads = [threading.Thread(target=_pings, args=(c, 25)) for c in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    # Each connection ends with its last PONG, or is cut off on the way there.
    endings = [
        client.expect(lambda m: m.command == "ERROR" or m.params[-1] == "p24", timeout=10)
        for client in crowd
    ]
    errors = [m.params[-1] for m in endings if m.command == "ERROR"]
    assert any("Excess Flood" in error for error in errors), endings
    assert time.monotonic() - started < 10
    # The lone address was never held back, and still is not.
    _pings(alone, 5)
    alone.expect(lambda m: m.command == "PONG" and m.params[-1] == "p4", timeout=2)
    for client in [alone, *crowd]:
        client.close()


def test_a_flooder_that_hangs_up_does_not_keep_its_thread(make_chat_server, irc_client):
    server = make_chat_server()
    irc_client(server, "alice")
    baseline = holdings(server)
    flooder = irc_client(server, "flooder")
    flooder.send_raw(b"PRIVMSG alice :flood\r\n" * 1000)  # 20 s of lines at 5 a second
    wait_until(lambda: server.admission.total == 2, 5, "flooder admitted")
    flooder.close()
    started = time.monotonic()
    back_to(server, baseline, timeout=5)
    assert time.monotonic() - started < 3  # not the 30 s flood control would hold it
    assert server.admission.total == 1
