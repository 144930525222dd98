"""Split long text into pieces that each fit one protocol line.

A line holds 512 bytes including the source the server adds, so a client must leave room for
it. Pieces break on UTF-8 *character* boundaries (a Persian letter or an emoji is never cut in
half), never inside a combining sequence (marks, ZWJ joins, variation selectors, skin
tones), and preferably at a space.
"""

from __future__ import annotations

import unicodedata

from app.irc.message import MAX_BODY_BYTES

#: Room assumed for ``:nick!user@host`` when the client does not know how the server sees it.
SOURCE_RESERVE = 1 + 30 + 1 + 10 + 1 + 63


def _joins_previous(ch: str) -> bool:
    """Whether ``ch`` belongs to the character before it and must not start a new piece."""
    code = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in {"Mn", "Mc", "Me"}
        or code in (0x200C, 0x200D)
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
    )


def _joins_next(ch: str) -> bool:
    """Whether ``ch`` glues to the character after it: a ZWJ inside an emoji sequence.

    A ZWNJ belongs to the letter before it (it is an "extend" character, UAX #29) but does not
    hold on to the next one, so a piece may end right after it.
    """
    return ord(ch) == 0x200D


def split_text(text: str, max_bytes: int) -> list[str]:
    """Split ``text`` into pieces of at most ``max_bytes`` UTF-8 bytes each.

    Breaks at the last space that fits when there is one (the space is dropped), otherwise at
    the last cluster boundary. An empty text gives no pieces. A single unbreakable cluster longer
    than ``max_bytes`` (absurd, but possible) is cut at a code-point boundary as a last resort.
    """
    if max_bytes < 4:
        raise ValueError("max_bytes must leave room for at least one character")
    pieces: list[str] = []
    rest = text
    while rest:
        if len(rest.encode("utf-8")) <= max_bytes:
            pieces.append(rest)
            break
        cut = _fit(rest, max_bytes)
        space = rest.rfind(" ", 0, cut + 1)
        if space > 0:
            pieces.append(rest[:space])
            rest = rest[space + 1 :]
        else:
            pieces.append(rest[:cut])
            rest = rest[cut:]
    return [piece for piece in pieces if piece]


def _fit(text: str, max_bytes: int) -> int:
    """The largest cluster boundary ``i`` with ``text[:i]`` within ``max_bytes`` bytes."""
    size = 0
    last_boundary = 0
    hard_limit = 0
    for index, ch in enumerate(text):
        size += len(ch.encode("utf-8"))
        if size > max_bytes:
            break
        hard_limit = index + 1
        following = text[index + 1] if index + 1 < len(text) else ""
        if not following or (not _joins_previous(following) and not _joins_next(ch)):
            last_boundary = index + 1
    return last_boundary or hard_limit


def message_budget(command: str, target: str, source_reserve: int = SOURCE_RESERVE) -> int:
    """How many bytes of text fit in ``COMMAND target :text`` once the server adds its source."""
    overhead = source_reserve + 1 + len(f"{command} {target} :".encode()) + 2
    return MAX_BODY_BYTES - overhead


def split_message(
    command: str, target: str, text: str, source_reserve: int = SOURCE_RESERVE
) -> list[str]:
    """The texts for as many ``PRIVMSG``/``NOTICE`` lines as ``text`` needs to reach ``target``."""
    return split_text(text, message_budget(command, target, source_reserve))
