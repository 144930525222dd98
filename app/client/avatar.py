"""A person's avatar without pictures: their initials in a circle of their own stable colour.

Every front end (the Qt people pane and conversation view, Tk, anything later) draws the same
person in the same colour, so the rule lives here, toolkit-free. The colour depends only on
the nickname *as the server compares it* (pass the session's fold), so ``Sara`` and ``sara``
are one colour, and it is the same on every machine and every run (a CRC, not Python's
randomised ``hash``). The palette is a fixed set of mid-tone hues that carry white initials
readably on both light and dark window themes.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable

#: Hues chosen for white text on top (contrast ≥ 4.5 : 1 against #ffffff), as ``#rrggbb``.
PALETTE: tuple[str, ...] = (
    "#c62828",  # red
    "#ad1457",  # pink
    "#6a1b9a",  # purple
    "#4527a0",  # deep purple
    "#283593",  # indigo
    "#1565c0",  # blue
    "#00695c",  # teal
    "#2e7d32",  # green
    "#8d4e00",  # brown-orange
    "#bf360c",  # deep orange
    "#4e342e",  # brown
    "#37474f",  # blue grey
)


def stable_colour(nick: str, fold: Callable[[str], str] = str.casefold) -> str:
    """The ``#rrggbb`` colour of ``nick``: the same for every spelling ``fold`` makes equal."""
    key = fold(nick).encode("utf-8", "surrogatepass")
    return PALETTE[zlib.crc32(key) % len(PALETTE)]


def initials(nick: str) -> str:
    """One or two letters for the avatar: the first letter of the nick's first two words.

    Words are split on spaces, ``_``, ``-``, ``.`` and case changes are ignored on purpose
    (``AliReza`` is ``A``). Symbols and digits are skipped when letters exist, so ``[Bob]``
    is ``B``; a nick with no letter at all keeps its first character. Combining marks and
    controls are never returned (they would draw as a dotted circle or nothing).
    """
    cleaned = "".join(ch for ch in nick if unicodedata.category(ch)[0] not in ("C", "M")).strip()
    if not cleaned:
        return "?"
    for separator in "_-.|":
        cleaned = cleaned.replace(separator, " ")
    words = [word for word in cleaned.split() if word]
    letters = [next((ch for ch in word if ch.isalpha()), "") for word in words]
    letters = [ch for ch in letters if ch]
    if not letters:
        return cleaned[0]
    return "".join(letters[:2]).upper()
