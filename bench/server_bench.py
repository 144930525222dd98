"""``make bench``: Gofto's server against Debian's ngIRCd, under the same loads, side by side.

Each round runs every scenario against a fresh Gofto (``python -m app serve --flood-limit
off``) and then a fresh ngIRCd (flood penalties off), alternating A B A B so that drift in the
machine's load hits both alike; the report shows medians over the rounds, after a warm-up
round that is run the same way but not counted. ``--quick`` is one round of smaller loads,
without warm-up, for development and smoke tests.

Usage: ``python -m bench.server_bench [--quick] [--rounds N] [--warmup N] [--only fanout,…]``.
Writes ``bench/results/server-<time>.json`` and ``.md`` and prints the markdown table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scenarios import FULL, QUICK, SCENARIOS, Sizes
from bench.servers import (
    GoftoServer,
    NgircdServer,
    Server,
    ensure_ngircd,
    raise_nofile,
)

RESULTS = Path(__file__).resolve().parent / "results"
#: Gofto may cost at most this many times ngIRCd's CPU per delivery / p99 latency.
TARGET_RATIO = 1.5


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(present) if present else None


def _pick(result: dict, path: str) -> float | None:
    value: object = result
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, int | float) else None


#: (label, path in a result, format, lower is better) per scenario kind.
MESSAGE_ROWS = [
    ("deliveries expected", "expected", "{:.0f}", None),
    ("delivered", "delivered", "{:.0f}", False),
    ("lost", "lost", "{:.0f}", True),
    ("duplicated", "duplicated", "{:.0f}", True),
    ("out of order", "out_of_order", "{:.0f}", True),
    ("disconnected", "disconnected", "{:.0f}", True),
    ("deliveries/s", "deliveries_per_s", "{:,.0f}", False),
    ("latency p50 (ms)", "latency_ms.p50", "{:.2f}", True),
    ("latency p99 (ms)", "latency_ms.p99", "{:.2f}", True),
    ("latency max (ms)", "latency_ms.max", "{:.2f}", True),
    ("server CPU (s)", "server_cpu_s", "{:.2f}", True),
    ("server CPU/delivery (µs)", "server_cpu_us_per_delivery", "{:.2f}", True),
    ("generator CPU (share of a core)", "generator_core_share", "{:.0%}", None),
]
CONNECTION_ROWS = [
    ("connections wanted", "wanted", "{:.0f}", None),
    ("registered", "registered", "{:.0f}", False),
    ("held (answered PING)", "held", "{:.0f}", False),
    ("time to register all (s)", "register_s", "{:.2f}", True),
    ("server CPU/connection (µs)", "server_cpu_us_per_connection", "{:.0f}", True),
    ("server RSS (MiB)", "server_rss_mib", "{:.1f}", True),
    ("server threads", "server_threads", "{:.0f}", None),
    ("server fd limit (soft)", "server_nofile", "{:.0f}", None),
    ("generator CPU (share of a core)", "generator_core_share", "{:.0%}", None),
]


def _run_one(make: Callable[[], Server], scenario: str, sizes: Sizes) -> dict:
    server = make()
    server.start()
    try:
        result = SCENARIOS[scenario](server, sizes)
        result["server_alive"] = server.alive()
    finally:
        server.stop()
    if result.get("server_rss_kib") is not None:
        result["server_rss_mib"] = result["server_rss_kib"] / 1024
    return result


def _fmt(fmt: str, value: float | None) -> str:
    return "—" if value is None else fmt.format(value)


def _ratio(gofto: float | None, ngircd: float | None) -> str:
    if gofto is None or ngircd is None or ngircd == 0:
        return "—"
    return f"{gofto / ngircd:.2f}×"


def summarise(
    runs: dict[str, dict[str, list[dict]]], *, judged: bool = True
) -> tuple[str, list[str], dict]:
    """The markdown table, the verdicts (target misses and warnings) and the medians."""
    lines = [
        "| scenario | measure | Gofto | ngIRCd | Gofto/ngIRCd |",
        "|---|---|---:|---:|---:|",
    ]
    medians: dict[str, dict[str, dict[str, float | None]]] = {}
    notes: list[str] = []
    for scenario, by_server in runs.items():
        rows = CONNECTION_ROWS if scenario == "connections" else MESSAGE_ROWS
        medians[scenario] = {}
        for server, results in by_server.items():
            medians[scenario][server] = {
                path: _median([_pick(r, path) for r in results]) for _l, path, _f, _b in rows
            }
            for r in results:
                if r.get("generator_bound"):
                    notes.append(
                        f"WARNING {scenario}/{server}: the load generator used "
                        f"{r['generator_core_share']:.0%} of a core — it may be the bottleneck."
                    )
                if not r.get("server_alive", True):
                    notes.append(f"FAIL {scenario}/{server}: the server died during the run.")
        for label, path, fmt, _better in rows:
            g = medians[scenario].get("gofto", {}).get(path)
            n = medians[scenario].get("ngircd", {}).get(path)
            ratio = _ratio(g, n) if _better is not None else ""
            lines.append(f"| {scenario} | {label} | {_fmt(fmt, g)} | {_fmt(fmt, n)} | {ratio} |")
    notes.extend(_verdicts(medians, judged=judged))
    return "\n".join(lines), notes, medians


def _verdicts(medians: dict, *, judged: bool = True) -> list[str]:
    """PASS/MISS per target. With ``judged`` false (``--quick``), the ratios are shown as
    INFO: the targets are set for the full loads, and a smoke run's few thousand messages,
    each round to a fresh server, measure a server's first milliseconds more than relaying
    (Gofto's private ratio there: 2.2–2.6×, with or without a warm-up round). Losses,
    duplicates, reordering and held connections are judged at any size."""
    notes: list[str] = []

    def check(scenario: str, path: str, what: str) -> None:
        g = medians.get(scenario, {}).get("gofto", {}).get(path)
        n = medians.get(scenario, {}).get("ngircd", {}).get(path)
        if g is None or n is None or n == 0:
            return
        if not judged:
            notes.append(
                f"INFO {scenario}: {what} {g / n:.2f}× ngIRCd's "
                f"(quick sizes: the {TARGET_RATIO}× target is for the full loads)"
            )
            return
        mark = "PASS" if g <= TARGET_RATIO * n else "MISS"
        notes.append(f"{mark} {scenario}: {what} {g / n:.2f}× ngIRCd's (target ≤ {TARGET_RATIO}×)")

    for scenario in ("fanout", "paced", "private"):
        check(scenario, "server_cpu_us_per_delivery", "server CPU per delivery")
        gofto = medians.get(scenario, {}).get("gofto", {})
        for key in ("lost", "duplicated", "out_of_order"):
            if gofto.get(key):
                notes.append(f"MISS {scenario}: Gofto {key.replace('_', ' ')}: {gofto[key]:.0f}")
    check("paced", "latency_ms.p99", "p99 latency")
    conn = medians.get("connections", {}).get("gofto")
    if conn:
        wanted, held = conn.get("wanted"), conn.get("held")
        mark = "PASS" if held is not None and held == wanted else "MISS"
        notes.append(f"{mark} connections: Gofto held {held or 0:.0f} of {wanted or 0:.0f}")
        limit = conn.get("server_nofile")
        if limit is not None and limit <= 1024:
            notes.append(
                f"MISS connections: Gofto kept its soft fd limit at {limit:.0f} "
                "(it should raise RLIMIT_NOFILE at start-up)"
            )
    return notes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 0 even when targets are missed (they are reported)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round, small loads")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 3, quick 1)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="unmeasured rounds first, against both servers (default 1, quick 0)",
    )
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help="comma-separated: " + ",".join(SCENARIOS)
    )
    parser.add_argument("--servers", default="gofto,ngircd", help="gofto, ngircd or both")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or (1 if args.quick else 3)
    warmup = args.warmup if args.warmup is not None else (0 if args.quick else 1)
    # "abuse" is bench/abuse.py's, which make bench runs next.
    scenarios = [s for s in args.only.split(",") if s and s != "abuse"]
    if not scenarios:
        return 0
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    names = [s for s in args.servers.split(",") if s]
    makers: dict[str, Callable[[], Server]] = {"gofto": GoftoServer}
    if "ngircd" in names:
        binary = ensure_ngircd()
        makers["ngircd"] = lambda: NgircdServer(binary)
    nofile = raise_nofile()
    print(
        f"Load generator: fd limit {nofile}, {os.cpu_count()} CPUs, "
        f"{'quick' if args.quick else 'full'} sizes, {warmup} warm-up + {rounds} round(s)",
        flush=True,
    )
    runs: dict[str, dict[str, list[dict]]] = {s: {n: [] for n in names} for s in scenarios}
    warmups: dict[str, dict[str, list[dict]]] = {s: {n: [] for n in names} for s in scenarios}
    # Warm-up rounds first: the first pass of a load (load generator included) used to cost
    # Gofto ~18% more than the next ones (median of 60 runs), although every pass starts
    # a fresh server; it is run, shown and kept in the JSON, but not in the medians.
    for round_no in range(1 - warmup, rounds + 1):
        for scenario in scenarios:
            for name in names:  # A B, A B, …
                started = time.monotonic()
                result = _run_one(makers[name], scenario, sizes)
                measured = round_no >= 1
                (runs if measured else warmups)[scenario][name].append(result)
                label = f"round {round_no}/{rounds}" if measured else "warm-up    "
                print(
                    f"{label} {scenario:<11} {name:<6} "
                    f"{time.monotonic() - started:5.1f}s  {_brief(scenario, result)}",
                    flush=True,
                )
    table, notes, medians = summarise(runs, judged=not args.quick)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    header = (
        f"Server benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{'quick' if args.quick else 'full'} sizes ({sizes}), medians of {rounds} round(s)"
        f" after {warmup} warm-up round(s)"
    )
    markdown = f"{header}\n\n{table}\n\n" + "".join(f"- {note}\n" for note in notes)
    (RESULTS / f"server-{stamp}.md").write_text(markdown)
    for kept in (runs, warmups):
        for scenario_runs in kept.values():
            for results in scenario_runs.values():
                for r in results:
                    r.pop("latencies", None)
    (RESULTS / f"server-{stamp}.json").write_text(
        json.dumps(
            {
                "header": header,
                "sizes": sizes.__dict__,
                "medians": medians,
                "runs": runs,
                "warmups": warmups,
            },
            indent=1,
            default=str,
        )
    )
    print()
    print(markdown)
    print(f"Written: {RESULTS / f'server-{stamp}.md'} and .json")
    return 0


def _brief(scenario: str, r: dict) -> str:
    if scenario == "connections":
        return (
            f"held {r.get('held')}/{r.get('wanted')}  cpu {r['server_cpu_s']:.2f}s  "
            f"rss {r.get('server_rss_mib') or 0:.0f}MiB  fds {r.get('server_nofile')}"
        )
    us = r.get("server_cpu_us_per_delivery")
    return (
        f"{r['delivered']}/{r['expected']} lost {r['lost']} dup {r['duplicated']} "
        f"ooo {r['out_of_order']}  {r['deliveries_per_s']:,.0f}/s  "
        f"p50 {r['latency_ms']['p50']:.1f} p99 {r['latency_ms']['p99']:.1f}ms  "
        f"cpu {us or 0:.2f}µs/dlv  gen {r['generator_core_share']:.0%}"
    )


if __name__ == "__main__":
    sys.exit(main())
