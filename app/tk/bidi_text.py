"""Make Persian and Arabic text readable in Tk widgets, for display only.

Tk 8.6 on X11 neither joins Arabic letters into their contextual forms nor reorders
right-to-left runs (Tk ticket 1b20b6ed33, "No bidi/shaping support"), so Persian comes out as
isolated letters in the wrong order. :func:`display_text` reshapes the letters into
presentation forms (``arabic_reshaper``) and reorders them visually (``python-bidi``). The
result is only for painting: what is sent, logged or copied stays the original string.

This module imports no toolkit, so it is tested without a display.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import arabic_reshaper

# Two implementations: python-bidi 0.5+'s default (Rust) ``bidi.get_display`` skips rule L4,
# so brackets in right-to-left text came out pointing the wrong way, ")2( افراد" (python-bidi
# issue #25); the pure-Python ``bidi.algorithm`` mirrors them but trips over characters newer
# than its tables (an AssertionError on U+10B9D), so it is tried first and the Rust one is the
# fallback: a display must never fail on what someone typed.
from bidi import get_display as _rust_display
from bidi.algorithm import get_display as _mirroring_display

# Keep vowel marks (the reshaper's default deletes them); a display must not lose text.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})

# Formatting characters have done their work once the text is shaped and reordered; Tk would
# draw most of them as boxes. ZWNJ (U+200C) breaks joining in Persian words like "می‌خواهم";
# after reshaping the break is already in the chosen letter forms.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)

# Direction controls alone, for text with no right-to-left letter: stripped (Tk would draw
# boxes), while joiners that matter there (ZWJ in emoji sequences) stay.
_DIRECTION_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None
)

_RTL_CLASSES = frozenset({"R", "AL"})
_STRONG_CLASSES = frozenset({"L", "R", "AL"})


def has_rtl(text: str) -> bool:
    """Whether ``text`` contains any right-to-left letter (and so needs :func:`display_text`)."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def is_rtl(text: str) -> bool:
    """Whether a paragraph of ``text`` reads right to left: its first strong letter is RTL.

    This is the Unicode bidi algorithm's rule P2/P3, so a Persian message that starts with a
    Latin word still reads left to right, the way Qt and browsers lay it out.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG_CLASSES:
            return kind in _RTL_CLASSES
    return False


_ISOLATE = re.compile("([\u2066\u2067\u2068])([^\u2066-\u2069]*)\u2069?")


def _as_embeddings(line: str) -> str:
    """Unicode 6.3 isolates (FSI/LRI/RLI … PDI) as the embeddings (LRE/RLE … PDF) that the
    mirroring bidi implementation knows: a name or a room inside Persian keeps its shape."""

    def embed(match: re.Match[str]) -> str:
        opener, inner = match.group(1), match.group(2)
        if opener == "\u2068":  # first strong: the inner text decides
            opener = "\u2067" if is_rtl(inner) else "\u2066"
        return ("\u202b" if opener == "\u2067" else "\u202a") + inner + "\u202c"

    return _ISOLATE.sub(embed, line)


@functools.lru_cache(maxsize=4096)
def display_text(text: str, rtl: bool | None = None) -> str:
    """``text`` as Tk must be given it to look right: shaped and in visual order.

    ``rtl`` forces the paragraph direction (``None`` takes it from the first strong letter).
    Text without right-to-left letters is returned unchanged. Each line is handled on its own
    because the bidi algorithm works per paragraph.
    """
    if not has_rtl(text):
        return text.translate(_DIRECTION_CONTROLS)
    base = None if rtl is None else ("R" if rtl else "L")
    lines = []
    for line in text.split("\n"):
        if not has_rtl(line):
            lines.append(line)
            continue
        shaped = _RESHAPER.reshape(_as_embeddings(line))
        try:
            shown = _mirroring_display(shaped, base_dir=base)
        except Exception:  # an assertion deep in the library: use the other one
            shown = _rust_display(shaped, base_dir=base)
        lines.append(shown.translate(_INVISIBLE))
    return "\n".join(lines)
