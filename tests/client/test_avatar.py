"""Avatars: initials and a colour that never changes for one person."""

from __future__ import annotations

import re
import zlib

import pytest

from app.client.avatar import PALETTE, initials, stable_colour
from app.irc import fold


@pytest.mark.parametrize(
    ("nick", "expected"),
    [
        ("ali", "A"),
        ("Ali_Reza", "AR"),
        ("sara.k", "SK"),
        ("[Bob]", "B"),
        ("رضا", "ر"),
        ("مریم_احمدی", "ما"),
        ("1234", "1"),
        ("", "?"),
        ("\u200f\u0301", "?"),
        ("a\u202eb", "A"),  # the override is dropped
    ],
)
def test_initials(nick, expected):
    assert initials(nick) == expected


def test_colour_is_stable_and_case_blind():
    assert stable_colour("Sara", fold) == stable_colour("sara", fold)
    assert re.fullmatch(r"#[0-9a-f]{6}", stable_colour("x"))
    colours = {stable_colour(f"user{i}") for i in range(200)}
    assert colours == set(PALETTE)  # every hue is used: people are told apart
    # A fixed value: the same on every machine and every run (no hash randomisation).
    assert stable_colour("ali") == PALETTE[zlib.crc32(b"ali") % len(PALETTE)]
