"""Backoff: growing delays with bounded jitter, and a reset after success."""

from __future__ import annotations

import random

import pytest

from app.client.reconnect import Backoff


def test_delays_grow_exponentially_up_to_the_maximum_without_jitter():
    backoff = Backoff(initial=1.0, factor=2.0, maximum=10.0, jitter=0.0)
    assert [backoff.next_delay() for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert backoff.attempts == 6


def test_reset_starts_again():
    backoff = Backoff(jitter=0.0)
    backoff.next_delay()
    backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_jitter_stays_within_its_fraction_and_the_maximum(seed):
    backoff = Backoff(initial=1.0, factor=2.0, maximum=30.0, jitter=0.1, rng=random.Random(seed))
    delays = [backoff.next_delay() for _ in range(12)]
    for attempt, delay in enumerate(delays):
        base = min(30.0, 2.0**attempt)
        assert base * 0.9 <= delay <= min(30.0, base * 1.1)
    assert len(set(delays[:5])) == 5  # jitter really varies the delays


def test_many_attempts_do_not_overflow():
    backoff = Backoff(jitter=0.0)
    for _ in range(2000):
        delay = backoff.next_delay()
    assert delay == 30.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial": 0},
        {"initial": -1},
        {"factor": 0.5},
        {"initial": 10, "maximum": 5},
        {"jitter": 1.0},
        {"jitter": -0.1},
    ],
)
def test_nonsense_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        Backoff(**kwargs)
