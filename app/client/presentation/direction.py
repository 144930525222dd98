"""Which way a paragraph runs, and the pieces that must never flip inside it.

A paragraph takes its direction from its first strong character (UAX #9 rules P2/P3), so a
Persian message reads right to left and an English one left to right in either interface.
Inside a paragraph with right-to-left letters, the neutral characters around nicknames
(``@Sara``), room names (``#lobby``), commands (``/help``), links and numbers would be
reordered by the surrounding Persian (``Sara@``, ``lobby#``, ``help/``): each such token is
wrapped in a first-strong isolate (FSI … PDI), which lays it out on its own.
"""

from __future__ import annotations

import re
import unicodedata

from app.client.presentation.text import Span

LRI = "\u2066"  # left-to-right isolate: times, always written left to right
FSI = "\u2068"  # first-strong isolate: names, whose direction is their own
PDI = "\u2069"  # pop directional isolate
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
ISOLATES = "\u2066\u2067\u2068\u2069"

_RTL_LETTER = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_TOKENS = re.compile(
    r"(?:https?://|mailto:)[^\s\u2066-\u2069]+"  # links
    r"|[@#][^\s,:;!?()\[\]{}<>\"'\u2066-\u2069\u060c\u061b\u061f]+"  # @nick, #room
    r"|(?<!\S)/[A-Za-z][\w-]*"  # /commands
    r"|\d+(?:[.,:/\-]\d+)*"  # numbers, times, dates (any script's digits)
)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter."""
    return _RTL_LETTER.search(text) is not None


def first_strong(text: str) -> str | None:
    """``"rtl"`` or ``"ltr"`` from the first strong character outside isolates, else None."""
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == PDI:
            depth = max(0, depth - 1)
        elif not depth:
            kind = unicodedata.bidirectional(ch)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def isolate(text: str, *, ltr: bool = False) -> str:
    """``text`` wrapped in an isolate (LRI when ``ltr``, else FSI) so it cannot flip."""
    return f"{LRI if ltr else FSI}{text}{PDI}"


def strip_isolates(text: str) -> str:
    """``text`` without isolate characters (for outputs that do no bidi, like a terminal)."""
    return text.translate(_NO_ISOLATES)


_NO_ISOLATES = dict.fromkeys(map(ord, ISOLATES))


def isolate_tokens(parts: tuple[Span, ...]) -> tuple[Span, ...]:
    """``parts`` with names, rooms, commands, links and numbers isolated — only when the text
    holds right-to-left letters (elsewhere nothing can flip, and copied text stays clean)."""
    if not any(has_rtl(part.text) for part in parts):
        return parts
    out = []
    for part in parts:
        wrapped = _TOKENS.sub(lambda m: f"{FSI}{m.group()}{PDI}", part.text)
        out.append(part if wrapped == part.text else Span(wrapped, part.style, part.href))
    return tuple(out)
