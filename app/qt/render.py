"""Pure helpers the Qt views share: a nickname's colour, Qt-style ``%1`` templates, the time.

Sanitising, direction, links and completion are the presentation layer's
(:mod:`app.client.presentation`), the same for every front end; what is left here is how the
Qt window paints.
"""

from __future__ import annotations

import colorsys
import re
import zlib
from datetime import datetime

from app.irc.names import fold


def nick_hue(nick: str) -> float:
    """A hue in [0, 1) that is the same for a nickname every time, on every computer.

    Python's ``hash`` is salted per process, so CRC-32 of the folded name is used: "Ali" and
    "ali" are one person and get one colour.
    """
    return (zlib.crc32(fold(nick).encode("utf-8")) % 360) / 360.0


def nick_colour(nick: str, *, dark_background: bool = False) -> str:
    """``#rrggbb`` for ``nick``, readable on a light (or, when asked, a dark) background."""
    lightness = 0.70 if dark_background else 0.36
    red, green, blue = colorsys.hls_to_rgb(nick_hue(nick), lightness, 0.65)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def fill(template: str, *values: str) -> str:
    """Qt-style ``%1``, ``%2`` placeholders filled in one pass (a value may contain ``%2``).

    Translated templates keep Qt's numbered placeholders, so a translation can reorder them.
    """
    return re.sub(
        r"%(\d)",
        lambda m: values[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(values) else m.group(),
        template,
    )


_CLOCK_CACHE: dict[int, str] = {}


def clock(moment: datetime) -> str:
    """``HH:MM`` of ``moment`` in local time (server-time tags arrive in UTC).

    Converting to local time and formatting costs more than the rest of a line's preparation,
    and a flood's lines share a handful of minutes, so aware times are cached by minute.
    """
    if moment.tzinfo is None:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    minute = int(moment.timestamp()) // 60
    shown = _CLOCK_CACHE.get(minute)
    if shown is None:
        if len(_CLOCK_CACHE) > 4096:  # bounded: a long session sees many minutes
            _CLOCK_CACHE.clear()
        local = moment.astimezone()
        shown = _CLOCK_CACHE[minute] = f"{local.hour:02d}:{local.minute:02d}"
    return shown
