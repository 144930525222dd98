"""The abuse run (bench/abuse.py), tiny: its attacks are refused as the limits say, the guests'
messages all arrive, and the report shows before/peak/after."""

from __future__ import annotations

from bench.abuse import AbuseSizes, report, run


def test_a_tiny_abuse_run():
    sizes = AbuseSizes(
        churn=80, slowloris_addresses=3, slowloris_each=12, flooders=2, seconds=2.0, settle=2.0
    )
    result = run(sizes)
    churn, slow, flood = (result["attacks"][name] for name in ("churn", "slowloris", "flood"))
    assert churn["attempts"] == 80 and churn["refused"] >= 80 - 31  # 30 a minute, one address
    assert slow["admitted"] == 30 and slow["refused"] == 6  # 10 per address
    assert flood["admitted"] == 2
    assert result["guest"]["lost"] == 0 and result["guest"]["sent"] >= 5
    threads = result["threads"]
    assert threads["before"] <= threads["peak"] and threads["peak"] >= 30
    assert result["server_alive"]
    table = report(result)
    assert "| server threads |" in table and "Guest messages meanwhile" in table
