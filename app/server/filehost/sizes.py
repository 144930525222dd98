"""Sizes people type (``100MB``, ``1.5 GiB``, ``512k``) and sizes people read (``2.1 MB``).

``KB``/``MB``/``GB``/``TB`` are powers of 1,000 and ``KiB``/``MiB``/``GiB``/``TiB`` powers of
1,024, as the units say; a single letter (``k``, ``m``, ``g``, ``t``) is the decimal unit, and a
bare number is bytes. Case does not matter.
"""

from __future__ import annotations

import re

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
    "t": 1000**4,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """Bytes in ``text``; :class:`ValueError` (saying what is accepted) when it is not a size."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size; write it like 100MB, 1.5GB or 512KiB")
    return int(float(match.group(1)) * _UNITS[unit])


def format_size(size: int) -> str:
    """``size`` bytes for people: ``999 B``, ``1.5 kB``, ``2.1 MB``, ``3 GB`` (decimal units)."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    raise AssertionError("unreachable")
