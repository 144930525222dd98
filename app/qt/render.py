"""Pure helpers for showing chat text: no Qt, so they are tested without a display.

Everything that arrives from the network is untrusted *plain text*. The message view never
hands it to an HTML or rich-text parser; these helpers only decide how plain text is cut into
pieces (links and the rest), which way a paragraph runs, which colour a nickname gets and how
control characters are made visible instead of acting on the view.
"""

from __future__ import annotations

import colorsys
import enum
import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime

from app.irc.names import fold

# Unicode bidi isolates (UAX #9): text between an isolate initiator and PDI is laid out on its
# own and does not reorder its surroundings, so a nickname or a time never "flips" inside a
# right-to-left paragraph, and a Persian nickname does not drag the brackets around it along.
LRI = "\u2066"  # left-to-right isolate: for times, which are always written left to right
FSI = "\u2068"  # first-strong isolate: for nicknames, whose direction is their own
PDI = "\u2069"  # pop directional isolate

# mIRC-style formatting codes: bold, colour, hex colour, reset, reverse, italic, strike,
# underline, monospace. We show text plainly, so they are removed rather than drawn as boxes.
_FORMATTING = re.compile(
    r"\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]"
)

# Explicit bidi embeddings, overrides and isolates. In a nickname they could reorder the rest of
# the line, so they are dropped there; a message body keeps them (they are legitimate in text,
# and the body is last in its paragraph, so they reach no further than the message itself).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
_ALLOWED_SCHEMES = ("http", "https", "mailto")
_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`{}|\\^\u200b-\u200d\u2066-\u2069]+", re.I)
_TRAILING = ".,;:!?'\"»«…،؛؟"  # sentence punctuation, Persian comma/semicolon/question mark
_PAIRS = {")": "(", "]": "[", "}": "{"}


def strip_formatting(text: str) -> str:
    """``text`` without IRC formatting codes (bold, colours, italics, reset, …)."""
    return _FORMATTING.sub("", text)


def _visible_control(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 CONTROL PICTURES: ␀ ␁ … shows what was sent
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


# What :func:`neutralise` replaces, as one ``str.translate`` table: the control characters
# (Unicode category Cc is exactly C0, DEL and C1), tabs and the line/paragraph separators.
# One C-level pass instead of a Python loop over every character: the message view runs this
# for every line of a flood, so it is measured in microseconds per line.
_NEUTRAL = {code: _visible_control(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0))}
_NEUTRAL[ord("\t")] = " "
_NEUTRAL[0x2028] = _NEUTRAL[0x2029] = "\u21b5"  # ↵


def neutralise(text: str) -> str:
    """Plain text safe to insert into a text document as one paragraph.

    Formatting codes are removed; other control characters (C0, DEL, C1) and line or paragraph
    separators become visible symbols, so nothing can start a new paragraph, move the cursor
    or otherwise change the view. Tabs become spaces. Persian's zero-width non-joiner and
    joiner are kept: they are part of correct spelling.
    """
    return strip_formatting(text).translate(_NEUTRAL)


def clean_nick(nick: str) -> str:
    """A nickname ready to show: :func:`neutralise`d and without bidi controls."""
    return "".join(ch for ch in neutralise(nick) if ch not in _BIDI_CONTROLS)


def first_strong_direction(text: str) -> str | None:
    """``"rtl"`` or ``"ltr"`` from the first strong character (UAX #9 rules P2/P3), else None.

    Characters inside isolates are skipped, as P2 says. ``None`` means the text has no strong
    character (digits, punctuation, emoji): the caller falls back to the layout direction.
    """
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPEN:
            depth += 1
            continue
        if ch == PDI:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def isolate(text: str, *, ltr: bool = False) -> str:
    """``text`` wrapped in a bidi isolate (LRI when ``ltr``, else FSI) so it cannot flip."""
    return f"{LRI if ltr else FSI}{text}{PDI}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a message: plain text, or a link when ``href`` is set."""

    text: str
    href: str | None = None


def _trim_link(candidate: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, not to the address."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING:
            candidate = candidate[:-1]
        elif last in _PAIRS and candidate.count(_PAIRS[last]) < candidate.count(last):
            candidate = candidate[:-1]  # "(see https://x.org/a)" ends with the sentence's ")"
        else:
            break
    return candidate


def allowed_link(href: str) -> bool:
    """Whether ``href`` may be opened: only http, https and mailto, and not an empty address."""
    scheme, sep, rest = href.partition(":")
    if not sep or scheme.lower() not in _ALLOWED_SCHEMES:
        return False
    if scheme.lower() == "mailto":
        return bool(rest.strip())
    return rest.startswith("//") and len(rest) > 2


def split_links(text: str) -> list[Segment]:
    """``text`` cut into plain pieces and http/https/mailto links, in order, losslessly."""
    segments: list[Segment] = []
    position = 0
    for match in _LINK.finditer(text):
        href = _trim_link(match.group())
        if not allowed_link(href):
            continue
        start, end = match.start(), match.start() + len(href)
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(href, href))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


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


def nick_prefix_completion(prefix: str, candidates: list[str]) -> list[str]:
    """The names in ``candidates`` that start with ``prefix`` (compared folded), sorted.

    Used by Tab completion: ``"al"`` finds ``"Ali"`` and ``"ALAN"``; the result is sorted by
    folded name so repeated Tab presses cycle in a predictable order.
    """
    key = fold(prefix)
    found = {name for name in candidates if fold(name).startswith(key)}
    return sorted(found, key=lambda name: (fold(name), name))


def fill(template: str, *values: str) -> str:
    """Qt-style ``%1``, ``%2`` placeholders filled in one pass (a value may contain ``%2``).

    Translated templates keep Qt's numbered placeholders, so a translation can reorder them.
    """
    return re.sub(
        r"%(\d)",
        lambda m: values[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(values) else m.group(),
        template,
    )


class LineKind(enum.Enum):
    """How a line in the message view looks."""

    MESSAGE = "message"  # someone said something
    ACTION = "action"  # /me
    NOTICE = "notice"
    EVENT = "event"  # join, leave, nick change, topic: quieter
    INFO = "info"  # /help, MOTD, whois: quieter
    ERROR = "error"  # something the user should read
    QUEUED = "queued"  # typed while disconnected, not sent yet


@dataclass(frozen=True, slots=True)
class ViewLine:
    """One line of a conversation, as the message view stores and draws it.

    ``text`` is untrusted plain text straight from the event; ``nick`` is the sender for
    messages. ``note`` is our own (translated) remark shown after the text, such as "not sent
    yet". ``earlier`` marks a line of the history the server replayed when we joined. The
    view cleans and isolates everything itself when it draws the line.
    """

    kind: LineKind
    text: str
    time: datetime
    nick: str | None = None
    is_self: bool = False
    highlight: bool = False
    note: str = ""
    #: Replayed history (said before we joined): drawn greyed, in the quiet event style.
    earlier: bool = False


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
