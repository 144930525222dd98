"""Untrusted text from the network made safe to show, once, for every front end.

Everything another person (or a server) sends — messages, notices, topics, quit, part and
away reasons, nicknames, replayed history — passes through here before a front end sees it:

- **Terminal escapes never pass.** A whole escape sequence (CSI ``ESC [ … final``, OSC
  ``ESC ] … BEL/ST`` including OSC 52's clipboard writes, DCS/SOS/PM/APC strings up to ST,
  their 8-bit C1 forms, and a lone ``ESC x``) is removed with its payload: it is an
  instruction to a terminal, not text. Every other control character (C0, DEL, C1)
  becomes its visible picture (``␇`` for BEL, ``␈`` for backspace, …), line and paragraph
  separators ``↵``, a tab a space. Nothing can clear a screen, move a cursor, retitle a
  window, forge a line or write a clipboard.
- **IRC formatting becomes styled spans** (``\\x02`` bold, ``\\x1d`` italic, ``\\x1f``
  underline, ``\\x1e`` strike, ``\\x11`` monospace, ``\\x16`` reverse, ``\\x0f`` reset,
  ``\\x03NN,MM`` colours 0–15 and 99, ``\\x04RRGGBB,RRGGBB``): each front end draws
  :class:`Style` its own way (Qt and Tk formats, the terminal's own SGR codes). Colours 16–98
  of the extended palette are accepted and drawn in the default colour.
- **Bounded.** A text is cut at :data:`MAX_TEXT` characters, a nickname at :data:`MAX_NAME`.

No markup is ever interpreted: the spans hold plain characters.
"""

from __future__ import annotations

import colorsys
import functools
import re
from dataclasses import dataclass

#: Longest text shown from one message (an IRC line is 512 bytes; history and joins of
#: multiline messages stay far below this).
MAX_TEXT = 4096
#: Longest nickname or room name shown.
MAX_NAME = 64
#: What replaces a whole terminal escape sequence: nothing.
ESCAPE_MARK = ""

Colour = tuple[int, int, int]

#: The 16 standard IRC colours (https://modern.ircdocs.horse/formatting#colors).
IRC_COLOURS: tuple[Colour, ...] = (
    (255, 255, 255),  # 0 white
    (0, 0, 0),  # 1 black
    (0, 0, 127),  # 2 blue
    (0, 147, 0),  # 3 green
    (255, 0, 0),  # 4 red
    (127, 0, 0),  # 5 brown
    (156, 0, 156),  # 6 magenta
    (252, 127, 0),  # 7 orange
    (255, 255, 0),  # 8 yellow
    (0, 252, 0),  # 9 light green
    (0, 147, 147),  # 10 cyan
    (0, 255, 255),  # 11 light cyan
    (0, 0, 252),  # 12 light blue
    (255, 0, 255),  # 13 pink
    (127, 127, 127),  # 14 grey
    (210, 210, 210),  # 15 light grey
)


@dataclass(frozen=True, slots=True)
class Style:
    """How a span looks; ``fg``/``bg`` are RGB or ``None`` for the view's own colours."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    monospace: bool = False
    fg: Colour | None = None
    bg: Colour | None = None


PLAIN = Style()


@dataclass(frozen=True, slots=True)
class Span:
    """A run of safe plain text in one style; ``href`` for an http/https/mailto link."""

    text: str
    style: Style = PLAIN
    href: str | None = None


# -- escapes and controls -------------------------------------------------------------------
_ST = r"(?:\x1b\\|\x9c|\x07)"
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI (a cut-off one too)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    rf"|\x1b\][^\x07\x1b\x9c]*{_ST}?"  # OSC (titles, OSC 8 links, OSC 52 clipboard)
    rf"|\x9d[^\x07\x1b\x9c]*{_ST}?"  # 8-bit OSC
    rf"|\x1b[PX^_][^\x1b\x9c]*{_ST}?"  # DCS, SOS, PM, APC up to ST
    rf"|[\x90\x98\x9e\x9f][^\x1b\x9c]*{_ST}?"  # their 8-bit forms
    r"|\x1b[ -/]*[0-~]?"  # any other escape, or a lone ESC
)
_ESCAPE_START = re.compile("[\x1b\x90\x98\x9b-\x9f]")
#: Characters that need any work at all: a flood of ordinary lines skips everything below.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_FORMAT_CODES = "\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f"


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 CONTROL PICTURES: ␀ ␇ ␈ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1: no picture exists


_VISIBLE = {code: _picture(code) for code in (*range(0x20), *range(0x7F, 0xA0))}
_VISIBLE[ord("\t")] = " "
_VISIBLE[0x2028] = _VISIBLE[0x2029] = "\u21b5"  # ↵
_VISIBLE_KEEP_FORMAT = {k: v for k, v in _VISIBLE.items() if chr(k) not in _FORMAT_CODES}

# Explicit bidi controls: dropped from names; balanced in text so that they reach no further
# than the text itself.
_EMBEDDINGS_OPEN = "\u202a\u202b\u202d\u202e"
_PDF = "\u202c"
_ISOLATES_OPEN = "\u2066\u2067\u2068"
_PDI = "\u2069"
_BIDI_CONTROLS = dict.fromkeys(map(ord, _EMBEDDINGS_OPEN + _PDF + _ISOLATES_OPEN + _PDI))
_ANY_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _defuse(text: str) -> str:
    """Whole escape sequences → ``␛``; IRC formatting codes are left for the span parser."""
    if _ESCAPE_START.search(text) is not None:
        text = _ESCAPES.sub(ESCAPE_MARK, text)
    return text


def plain(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` as one line of inert plain text: formatting dropped, controls made visible."""
    text = _cut(text, limit)
    if _UNSAFE.search(text) is None:
        return _balanced(text)
    return _balanced(strip_formatting(_defuse(text)).translate(_VISIBLE))


def name(text: str) -> str:
    """A nickname or room name ready to show: :func:`plain`, bounded, no bidi controls."""
    return plain(text, MAX_NAME).translate(_BIDI_CONTROLS)


def _balanced(text: str) -> str:
    """Close explicit embeddings and isolates the text left open, so they end with it."""
    if _ANY_BIDI.search(text) is None:
        return text
    open_isolates = open_embeddings = 0
    for ch in text:
        if ch in _ISOLATES_OPEN:
            open_isolates += 1
        elif ch == _PDI and open_isolates:
            open_isolates -= 1
        elif ch in _EMBEDDINGS_OPEN:
            open_embeddings += 1
        elif ch == _PDF and open_embeddings:
            open_embeddings -= 1
    return text + _PDF * open_embeddings + _PDI * open_isolates


# -- formatting -----------------------------------------------------------------------------
_FORMATTING = re.compile(
    r"\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?"
    r"|[\x02\x0f\x11\x16\x1d\x1e\x1f]"
)
_TOKEN = re.compile(
    r"(?P<colour>\x03(?P<fg>\d{1,2})?(?:,(?P<bg>\d{1,2}))?)"
    r"|(?P<hex>\x04(?P<hfg>[0-9a-fA-F]{6})?(?:,(?P<hbg>[0-9a-fA-F]{6}))?)"
    r"|(?P<toggle>[\x02\x0f\x11\x16\x1d\x1e\x1f])"
)


def strip_formatting(text: str) -> str:
    """``text`` without IRC formatting codes."""
    return _FORMATTING.sub("", text)


def _irc_colour(number: str | None) -> Colour | None:
    if number is None:
        return None
    index = int(number)
    return IRC_COLOURS[index] if index < len(IRC_COLOURS) else None  # 99: default


def _hex_colour(value: str | None) -> Colour | None:
    if value is None:
        return None
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


@functools.lru_cache(maxsize=1024)
def _style(key: tuple[bool, bool, bool, bool, bool, Colour | None, Colour | None]) -> Style:
    """One shared :class:`Style` per combination (a flood's spans reuse a handful); the
    default one is :data:`PLAIN` itself, so views can test ``style is PLAIN``."""
    style = Style(*key)
    return PLAIN if style == PLAIN else style


def spans(text: str, limit: int = MAX_TEXT) -> tuple[Span, ...]:
    """Untrusted ``text`` as styled, inert spans (see the module docstring)."""
    text = _cut(text, limit)
    if _UNSAFE.search(text) is None:
        return (Span(_balanced(text)),) if text else ()
    text = _defuse(text).translate(_VISIBLE_KEEP_FORMAT)
    out: list[Span] = []
    flags = [False, False, False, False, False]  # bold, italic, underline, strike, monospace
    fg: Colour | None = None
    bg: Colour | None = None
    reverse = False
    position = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        if start > position:
            shown_fg, shown_bg = fg, bg
            if reverse:
                shown_fg, shown_bg = bg or (255, 255, 255), fg or (0, 0, 0)
            out.append(Span(text[position:start], _style((*flags, shown_fg, shown_bg))))
        position = match.end()
        code = match.group()
        lead = code[0]
        if lead == "\x03":
            if match.group("fg") is None:
                fg = bg = None
            else:
                fg = _irc_colour(match.group("fg"))
                if match.group("bg") is not None:
                    bg = _irc_colour(match.group("bg"))
        elif lead == "\x04":
            if match.group("hfg") is None:
                fg = bg = None
            else:
                fg = _hex_colour(match.group("hfg"))
                if match.group("hbg") is not None:
                    bg = _hex_colour(match.group("hbg"))
        elif lead == "\x0f":
            flags = [False, False, False, False, False]
            fg = bg = None
            reverse = False
        elif lead == "\x16":
            reverse = not reverse
        else:
            index = _TOGGLES[lead]
            flags[index] = not flags[index]
    if position < len(text):
        shown_fg, shown_bg = fg, bg
        if reverse:
            shown_fg, shown_bg = bg or (255, 255, 255), fg or (0, 0, 0)
        out.append(Span(text[position:], _style((*flags, shown_fg, shown_bg))))
    joined = text_of(tuple(out))
    closers = _balanced(joined)[len(joined) :]
    if closers:
        out.append(Span(closers))
    return tuple(out)


#: Which of a span's flags each toggle code flips.
_TOGGLES = {"\x02": 0, "\x1d": 1, "\x1f": 2, "\x1e": 3, "\x11": 4}


def text_of(parts: tuple[Span, ...]) -> str:
    """The plain characters of ``parts`` (what a person would copy)."""
    return "".join(part.text for part in parts)


# -- colours on light and dark backgrounds ---------------------------------------------------
def _luminance(colour: Colour) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: Colour, background: Colour, minimum: float = 3.0) -> Colour:
    """``colour`` with its lightness moved away from ``background`` until they contrast.

    The hue stays: IRC's yellow on a white page becomes a darker yellow, its dark blue on a
    dark theme a lighter blue. ``minimum`` 3.0 is WCAG's ratio for large or bold text.
    """
    if contrast(colour, background) >= minimum:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    darker = _luminance(background) > 0.18
    for _ in range(20):
        lightness = max(0.0, lightness - 0.05) if darker else min(1.0, lightness + 0.05)
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        candidate = (round(r * 255), round(g * 255), round(b * 255))
        if contrast(candidate, background) >= minimum:
            return candidate
    return (0, 0, 0) if darker else (255, 255, 255)
