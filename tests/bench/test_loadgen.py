"""The benchmark's load generator counts right: what it reports as lost, duplicated or out of
order is what happened, and its bookkeeping after the load sees every line it kept.

The booking is checked on crafted arrivals (a duplicate, a reordering, a loss); the receiving
path on a real socket pair (benchmark lines mixed with a PING and a cut line); and the whole
generator against a real Gofto server on 127.0.0.1:0.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from app.server.server import ChatServer
from bench.loadgen import LoadGenerator, Peer, Senders, Tracker
from bench.scenarios import Sizes, _finish


def _line(sender: int, seq: int, sent_ns: int, target: bytes = b"u1") -> bytes:
    return b":u0!u0@127.0.0.1 PRIVMSG %s :!b %d %d %d\r\n" % (target, sender, seq, sent_ns)


def test_book_counts_duplicates_reordering_losses_and_latencies() -> None:
    tracker = Tracker(n_senders=2, n_msgs=4, receivers_per_sender=1)
    # Sender 0's messages reach fd 7 as 0, 1, 1 (again), 3, 2; sender 1's only its first.
    tracker.received.append((7, 1_000, _line(0, 0, 900) + _line(0, 1, 950)))
    tracker.received.append((7, 2_000, _line(0, 1, 950) + _line(0, 3, 1_500)))
    tracker.received.append((7, 3_000, _line(0, 2, 1_400) + _line(1, 0, 2_000)))
    tracker.book()
    summary = tracker.summary()
    assert (summary["expected"], summary["delivered"], summary["lost"]) == (8, 5, 3)
    assert (summary["duplicated"], summary["out_of_order"]) == (1, 1)
    assert summary["senders_with_loss"] == 1
    assert [row["lost"] for row in summary["per_sender"]] == [0, 3]
    assert sorted(tracker.latencies) == [50, 100, 500, 1_000, 1_050, 1_600]
    assert not tracker.received  # booked once


def test_the_same_message_at_two_receivers_is_two_deliveries() -> None:
    tracker = Tracker(n_senders=1, n_msgs=2, receivers_per_sender=2)
    for fd in (7, 8):
        tracker.received.append((fd, 10, _line(0, 0, 5, b"#bench") + _line(0, 1, 5, b"#bench")))
    tracker.book()
    summary = tracker.summary()
    assert (summary["delivered"], summary["lost"], summary["duplicated"]) == (4, 0, 0)


@pytest.fixture
def generator_with_peer() -> Iterator[tuple[LoadGenerator, Peer, socket.socket]]:
    """A generator whose one client is one end of a socket pair (the test is the server)."""
    gen = LoadGenerator(port=1)  # never connects: the peer is put in by hand
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    peer = Peer(ours, 0, b"u0")
    peer.connected = peer.registered = True
    gen.peers[peer.fd] = peer
    yield gen, peer, theirs
    gen.close()
    theirs.close()


def test_receiving_keeps_benchmark_lines_answers_ping_and_waits_for_a_cut_line(
    generator_with_peer: tuple[LoadGenerator, Peer, socket.socket],
) -> None:
    gen, peer, server_end = generator_with_peer
    gen.tracker = tracker = Tracker(n_senders=1, n_msgs=3, receivers_per_sender=1)
    second = _line(0, 1, 20)
    server_end.sendall(_line(0, 0, 10) + b"PING :gofto.local\r\n" + second[:20])
    gen._readable(peer)
    assert tracker.arrived == 1
    assert server_end.recv(100) == b"PONG :gofto.local\r\n"
    server_end.sendall(second[20:] + _line(0, 2, 30))
    gen._readable(peer)
    assert tracker.arrived == 3
    tracker.book()
    summary = tracker.summary()
    assert (summary["delivered"], summary["lost"], summary["out_of_order"]) == (3, 0, 0)


def test_private_load_against_a_real_server_arrives_whole(
    make_chat_server: Callable[..., ChatServer],
) -> None:
    server = make_chat_server(flood_limit=False, one_cpu=False)
    gen = LoadGenerator(server.address[1])
    try:
        peers = gen.connect(6, timeout=20.0)
        assert gen.registered_among(peers) == 6
        routes = [(p, peers[p.index ^ 1].nick) for p in peers]
        gen.tracker = tracker = Tracker(len(routes), 60, 1)
        senders = Senders(gen, routes, 60)
        senders.begin()
        started = time.monotonic()
        _finish(gen, senders, Sizes(quiet_s=5.0), limit=20.0)
        assert time.monotonic() - started < 20.0
        assert tracker.arrived == tracker.expected == 360
        tracker.book()
        summary = tracker.summary()
        assert (summary["lost"], summary["duplicated"], summary["out_of_order"]) == (0, 0, 0)
        assert len(tracker.latencies) == 360
        assert all(latency >= 0 for latency in tracker.latencies)
    finally:
        gen.close()
