"""Read the ``RPL_ISUPPORT`` (005) tokens a server advertises."""

from __future__ import annotations

from collections.abc import Iterable

from app.irc.message import unescape_tag_value


def parse_isupport(tokens: Iterable[str]) -> dict[str, str | None]:
    """Turn ``["NETWORK=Gofto", "-FOO", "UTF8ONLY"]`` into a dict; ``-KEY`` maps to ``None``.

    Values use the ``\\xHH`` escapes of the spec; the common ``\\x20`` is decoded.
    """
    result: dict[str, str | None] = {}
    for token in tokens:
        if not token:
            continue
        if token.startswith("-"):
            result[token[1:].upper()] = None
            continue
        key, _, value = token.partition("=")
        result[key.upper()] = _unescape(value)
    return result


def _unescape(value: str) -> str:
    out = []
    i = 0
    while i < len(value):
        if value.startswith("\\x", i) and i + 4 <= len(value):
            try:
                out.append(chr(int(value[i + 2 : i + 4], 16)))
                i += 4
                continue
            except ValueError:
                pass
        out.append(value[i])
        i += 1
    return "".join(out)


def parse_prefix(value: str | None) -> tuple[str, str]:
    """``PREFIX=(ov)@+`` → ``("ov", "@+")``; the RFC default when absent or malformed."""
    if value and value.startswith("(") and ")" in value:
        modes, _, symbols = value[1:].partition(")")
        if len(modes) == len(symbols):
            return modes, symbols
    return "ov", "@+"


__all__ = ["parse_isupport", "parse_prefix", "unescape_tag_value"]
