"""The four loads, each run against a fresh server: fan-out, paced fan-out, private, connections.

A scenario sets its clients up first (connect, register, join), then measures only the load:
the server's CPU time (``/proc/PID/stat``) and the generator's own (``getrusage``) are read
right before the first message goes out and right after the last one arrived.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

from bench.loadgen import LoadGenerator, Senders, Tracker
from bench.servers import Server, cpu_between

#: Above this share of one core, the generator (not the server) is probably the bottleneck.
GENERATOR_BOUND = 0.85


@dataclass(frozen=True)
class Sizes:
    """How big each load is (the full benchmark, or ``--quick``)."""

    fanout_clients: int = 200
    fanout_senders: int = 10
    fanout_msgs: int = 100
    paced_msgs: int = 100
    paced_rate: float = 10.0
    private_pairs: int = 50
    private_msgs: int = 200
    connections: int = 2000
    hold_s: float = 5.0
    quiet_s: float = 5.0


FULL = Sizes()
QUICK = Sizes(
    fanout_clients=50,
    fanout_senders=5,
    fanout_msgs=50,
    paced_msgs=20,
    private_pairs=10,
    private_msgs=50,
    connections=300,
    hold_s=1.0,
    quiet_s=2.0,
)


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Meter:
    """Server CPU, generator CPU and wall time between :meth:`begin` and :meth:`end`."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.result: dict = {}

    def begin(self) -> None:
        """Take the 'before' readings."""
        self._wall = time.monotonic()
        self._server = self.server.cpu_sample()
        self._self = _self_cpu()

    def end(self) -> dict:
        """Take the 'after' readings; returns the differences (seconds) and shares of a core."""
        wall = time.monotonic() - self._wall
        server = cpu_between(self._server, self.server.cpu_sample())
        own = _self_cpu() - self._self
        self.result = {
            "wall_s": wall,
            "server_cpu_s": server,
            "generator_cpu_s": own,
            "server_core_share": server / wall if wall else 0.0,
            "generator_core_share": own / wall if wall else 0.0,
            "generator_bound": own / wall > GENERATOR_BOUND if wall else False,
        }
        return self.result


def _finish(gen: LoadGenerator, senders: Senders, sizes: Sizes, limit: float) -> None:
    """Drive the senders until everything expected arrived or nothing moved for a while."""
    tracker = gen.tracker
    assert tracker is not None
    deadline = time.monotonic() + limit
    gen.run(lambda: senders.done, deadline, senders.tick)
    while time.monotonic() < deadline:
        before = tracker.arrived
        if gen.run(lambda: tracker.arrived >= tracker.expected, time.monotonic() + sizes.quiet_s):
            return
        if tracker.arrived == before:
            return  # quiet for quiet_s: whatever is missing is lost


def _message_load(
    server: Server,
    gen: LoadGenerator,
    clients: int,
    routes_of: str,
    *,
    n_msgs: int,
    sizes: Sizes,
    rate: float | None = None,
    n_senders: int = 0,
) -> dict:
    peers = gen.connect(clients)
    setup: dict = {"registered": gen.registered_among(peers), "clients": clients}
    if routes_of == "channel":
        setup["joined_all"] = gen.join(peers)
        routes = [(peers[i], gen.channel) for i in range(n_senders)]
        receivers = clients - 1
    else:  # pairs: 2k and 2k+1 talk to each other
        routes = [(p, peers[p.index ^ 1].nick) for p in peers]
        receivers = 1
    gen.tracker = tracker = Tracker(len(routes), n_msgs, receivers)
    senders = Senders(gen, routes, n_msgs, rate)
    meter = Meter(server)
    meter.begin()
    senders.begin()
    limit = 60.0 + (n_msgs / rate if rate else 0.0)
    _finish(gen, senders, sizes, limit)
    measured = meter.end()
    tracker.book()
    result = {**setup, **tracker.summary(), **measured}
    gen.tracker = None
    result["server_cpu_us_per_delivery"] = (
        result["server_cpu_s"] / result["delivered"] * 1e6 if result["delivered"] else None
    )
    result["generator_cpu_us_per_delivery"] = (
        result["generator_cpu_s"] / result["delivered"] * 1e6 if result["delivered"] else None
    )
    result["disconnected"] = gen.closed_among(peers)
    result["errors"] = dict(gen.errors)
    return result


def fanout(server: Server, sizes: Sizes) -> dict:
    """N clients in one channel; a few senders send as fast as the sockets take it."""
    gen = LoadGenerator(server.port)
    try:
        return _message_load(
            server,
            gen,
            sizes.fanout_clients,
            "channel",
            n_msgs=sizes.fanout_msgs,
            sizes=sizes,
            n_senders=sizes.fanout_senders,
        )
    finally:
        gen.close()


def paced(server: Server, sizes: Sizes) -> dict:
    """The fan-out, with each sender at a steady rate: latency of an unloaded server."""
    gen = LoadGenerator(server.port)
    try:
        return _message_load(
            server,
            gen,
            sizes.fanout_clients,
            "channel",
            n_msgs=sizes.paced_msgs,
            sizes=sizes,
            rate=sizes.paced_rate,
            n_senders=sizes.fanout_senders,
        )
    finally:
        gen.close()


def private(server: Server, sizes: Sizes) -> dict:
    """Pairs of clients exchanging private messages, both ways, as fast as possible."""
    gen = LoadGenerator(server.port)
    try:
        return _message_load(
            server, gen, 2 * sizes.private_pairs, "pairs", n_msgs=sizes.private_msgs, sizes=sizes
        )
    finally:
        gen.close()


def connections(server: Server, sizes: Sizes) -> dict:
    """Many clients registered at once and held; every one must still answer a PING."""
    gen = LoadGenerator(server.port)
    meter = Meter(server)
    try:
        meter.begin()
        started = time.monotonic()
        peers = gen.connect(sizes.connections, timeout=60.0 + sizes.connections / 50)
        register_s = time.monotonic() - started
        registered = gen.registered_among(peers)
        gen.run(lambda: False, time.monotonic() + sizes.hold_s)
        held = gen.ping_all(peers)
        status = server.status() if server.alive() else {}
        result = meter.end()
        result.update(
            {
                "wanted": sizes.connections,
                "registered": registered,
                "held": held,
                "disconnected": gen.closed_among(peers),
                "register_s": register_s,
                "server_rss_kib": status.get("VmRSS"),
                "server_threads": status.get("Threads"),
                "server_nofile": status.get("nofile"),
                "server_cpu_us_per_connection": result["server_cpu_s"] / registered * 1e6
                if registered
                else None,
                "errors": dict(gen.errors),
            }
        )
        return result
    finally:
        gen.close()


SCENARIOS = {
    "fanout": fanout,
    "paced": paced,
    "private": private,
    "connections": connections,
}
