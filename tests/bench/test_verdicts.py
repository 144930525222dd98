"""The benchmark's verdicts: targets judged at full size, only shown for a quick run, while
losses are failures at any size."""

from __future__ import annotations

from bench.server_bench import _verdicts

MEDIANS = {
    "private": {
        "gofto": {"server_cpu_us_per_delivery": 3.2, "lost": 0},
        "ngircd": {"server_cpu_us_per_delivery": 2.0},
    },
    "fanout": {
        "gofto": {"server_cpu_us_per_delivery": 0.2, "lost": 7},
        "ngircd": {"server_cpu_us_per_delivery": 0.4},
    },
}


def test_full_size_ratios_pass_or_miss_against_the_target() -> None:
    notes = _verdicts(MEDIANS)
    assert "MISS private: server CPU per delivery 1.60× ngIRCd's (target ≤ 1.5×)" in notes
    assert "PASS fanout: server CPU per delivery 0.50× ngIRCd's (target ≤ 1.5×)" in notes
    assert "MISS fanout: Gofto lost: 7" in notes


def test_a_quick_run_shows_ratios_as_info_but_still_fails_on_losses() -> None:
    notes = _verdicts(MEDIANS, judged=False)
    assert not any(note.startswith(("PASS private", "MISS private")) for note in notes)
    assert any(note.startswith("INFO private: server CPU per delivery 1.60×") for note in notes)
    assert "MISS fanout: Gofto lost: 7" in notes
