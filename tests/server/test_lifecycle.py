"""Start, stop, restart, port conflicts, SendQ overflow and flood control, with real sockets."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

import pytest

from app.errors import AddressInUse
from app.server.affinity import chosen_cpu
from app.server.flood import FloodPolicy
from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient, connect_registered


def _server_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("gofto-server-")}


def test_stop_sends_closing_notice_closes_sockets_and_joins_threads():
    before = _server_threads()
    server = ChatServer("127.0.0.1", 0)
    server.start()
    clients = [connect_registered(server.address, f"user{i}") for i in range(5)]
    try:
        clients[0].join("#lobby")
        unregistered = IrcTestClient.connect(server.address)
        clients.append(unregistered)
        unregistered.send("NICK halfway")
        unregistered.sync()  # PING works before registration: the server has accepted it
        clients[0].sync()
        assert len(_server_threads() - before) >= 2 + 6  # accept, tick, 6 readers
        server.stop("Going down for a nap")
        assert server.threads_alive() == []
        assert _server_threads() == before
        for client in clients:
            rest = client.read_until_closed(timeout=5)  # EOF arrives: the socket was closed
            assert rest and rest[-1].command == "ERROR"
            assert rest[-1].params[0].startswith("Closing link:")
            assert "Going down for a nap" in rest[-1].params[0]
        with pytest.raises(OSError):
            socket.create_connection(server.address, timeout=2).close()
    finally:
        for client in clients:
            client.close()
        server.stop()


def test_stop_is_idempotent_and_safe_from_many_threads():
    server = ChatServer("127.0.0.1", 0)
    server.start()
    client = connect_registered(server.address, "alice")
    try:
        stoppers = [threading.Thread(target=server.stop) for _ in range(4)]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join(timeout=10)
        assert not any(t.is_alive() for t in stoppers)
        server.stop()
        assert server.threads_alive() == []
    finally:
        client.close()


def test_stop_without_start_and_context_manager():
    ChatServer("127.0.0.1", 0).stop()
    with (
        ChatServer("127.0.0.1", 0) as server,
        connect_registered(server.address, "alice") as client,
    ):
        client.send("PING :x")
        client.expect("PONG")
    assert server.threads_alive() == []


def test_restart_on_same_port_and_clients_reconnect():
    first = ChatServer("127.0.0.1", 0)
    first.start()
    port = first.address[1]
    client = connect_registered(first.address, "alice")
    first.stop()
    assert client.read_until_closed()[-1].command == "ERROR"
    client.close()
    with ChatServer("127.0.0.1", port) as second:
        assert second.address == ("127.0.0.1", port)
        with connect_registered(second.address, "alice") as again:
            again.join("#lobby")


def test_port_in_use_raises_address_in_use(chat_server):
    port = chat_server.address[1]
    other = ChatServer("127.0.0.1", port)
    with pytest.raises(AddressInUse) as info:
        other.start()
    assert info.value.port == port
    assert str(port) in str(info.value)
    other.stop()


def test_all_interfaces_dual_stack():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    with ChatServer("::", 0) as server:
        port = server.address[1]
        with connect_registered(("127.0.0.1", port), "four") as v4:
            v4.send("WHOIS four")
            assert v4.expect("311").params[3] == "127.0.0.1"  # mapped address shown as IPv4
        try:
            v6 = connect_registered(("::1", port), "six")
        except OSError:
            pytest.skip("no IPv6 loopback")
        with v6:
            v6.send("WHOIS six")
            assert v6.expect("311").params[3] == "0::1"


def test_sendq_overflow_disconnects_only_the_slow_reader(make_chat_server):
    server = make_chat_server(sendq_bytes=64 * 1024, flood_limit=False)
    talker = connect_registered(server.address, "talker")
    fast = connect_registered(server.address, "fast")
    slow = IrcTestClient(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.sock.settimeout(5)
    slow.sock.connect(server.address)
    try:
        slow.register("slow")
        for client in (talker, fast, slow):
            client.join("#lobby")
        talker.sync()
        fast.sync()
        # `slow` stops reading now. Push far more than kernel buffers plus the SendQ hold.
        text = "z" * 400
        deadline = time.monotonic() + 30
        quit_seen = None
        sent = 0
        while quit_seen is None and time.monotonic() < deadline:
            for _ in range(50):
                talker.send(f"PRIVMSG #lobby :{sent} {text}")
                sent += 1
            last = f"{sent - 1} {text}"
            # The fast reader keeps up: each batch arrives promptly despite the stuck peer.
            for msg in fast.collect_until(
                lambda m, last=last: m.command == "PRIVMSG" and m.params[1] == last, timeout=5
            ):
                if msg.command == "QUIT":
                    quit_seen = msg
        assert quit_seen is not None, "the slow reader was never disconnected"
        assert quit_seen.source.startswith("slow!")
        assert quit_seen.params == ("SendQ exceeded",)
        talker.send("PRIVMSG #lobby :after")
        assert fast.expect(lambda m: m.command == "PRIVMSG" and m.params[1] == "after")
        # The slow client, reading at last (within the server's grace period), finds the
        # closing notice at the end of its stream.
        rest = [line for line in slow.raw_until_closed(timeout=15) if line]
        assert rest[-1] == b"ERROR :SendQ exceeded"
    finally:
        for client in (talker, fast, slow):
            client.close()


def test_flood_is_slowed_then_cut(make_chat_server):
    server = make_chat_server(flood_limit=FloodPolicy(burst=10, rate=20.0, patience=0.5))
    listener = connect_registered(server.address, "listener")
    flooder = connect_registered(server.address, "flooder")
    try:
        for client in (listener, flooder):
            client.join("#lobby")
        listener.sync()
        flooder.sync()
        # Send as fast as the socket takes it; the server first delays, then cuts the flooder.
        deadline = time.monotonic() + 20
        with contextlib.suppress(OSError):  # the cut may surface as a reset or broken pipe
            for i in range(100_000):
                if time.monotonic() > deadline:
                    break
                flooder.send(f"PRIVMSG #lobby :{i}")
        assert flooder.read_until_closed(timeout=10)[-1].params == ("Excess Flood",)
        quit_ = listener.expect("QUIT", timeout=10)
        assert quit_.params == ("Excess Flood",)
        got = [m for m in listener.received if m.command == "PRIVMSG"]
        # Lines were delayed, not dropped: those delivered are consecutive from 0.
        assert [int(m.params[1]) for m in got] == list(range(len(got)))
        assert len(got) >= 10
    finally:
        listener.close()
        flooder.close()


def test_normal_burst_is_not_punished(chat_server):
    with connect_registered(chat_server.address, "bursty") as client:
        client.join("#lobby")
        for i in range(40):
            client.send(f"PRIVMSG bursty :{i}")
        texts = [client.expect("PRIVMSG").params[1] for _ in range(40)]
        assert texts == [str(i) for i in range(40)]


@pytest.mark.skipif(chosen_cpu() is None, reason="needs Linux and more than one CPU")
def test_server_threads_share_one_cpu_and_leave_the_caller_alone(make_chat_server):
    mine = os.sched_getaffinity(0)
    server = make_chat_server()
    client = connect_registered(server.address, "pinned")
    try:
        client.sync()  # its reader thread runs
        threads = [t for t in server.threads_alive() if t.native_id is not None]
        assert any(t.name.endswith("-reader") for t in threads)
        for thread in threads:
            if thread.name.endswith(("-accept", "-tick", "-reader", "-writer")):
                assert os.sched_getaffinity(thread.native_id) == {server.cpu}, thread.name
        assert os.sched_getaffinity(0) == mine  # the thread that started it is not pinned
    finally:
        client.close()
    free = make_chat_server(one_cpu=False)
    assert free.cpu is None
