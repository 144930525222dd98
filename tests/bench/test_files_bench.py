"""The file-transfer benchmark end to end at a tiny size: a real host, a real copy peer, Gofto's
own client and the paced conversation during transfers by another process. Its figures mean
nothing at this size; what is checked is that every part runs and the table says what it
measured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import files_bench


def test_a_tiny_run_fills_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_bench, "RESULTS", tmp_path)
    code = files_bench.main(["--size", "2", "--rounds", "1", "--latency-seconds", "0.5"])
    assert code == 0
    (written,) = tmp_path.glob("files-*.md")
    table = written.read_text()
    header = table.splitlines()[0]
    assert "TLS: copy TLSv1.3" in header and "host TLSv1.3" in header
    assert "25 idle latency samples and 25 during" in header  # 0.5 s × 10/s × 5 readers
    assert re.search(r"transfers \(up and down, \d+ MB/s\) by another process", header)
    for row in (
        "| upload (MB/s) |",
        "| download (MB/s) |",
        "| CPU ms per MB, upload: receiver / sender |",
        "| Gofto's own client, file to file (MB/s up / down) |",
        "| server RSS (MB) |",
        "| paced IRC latency p50 / p99 (ms) |",
    ):
        assert row in table
