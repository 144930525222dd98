"""Parse and format IRC lines (RFC 1459/2812 framing with IRCv3 message tags).

This module is pure: it never touches a socket. Everything that crosses the wire in Gofto goes
through :func:`parse` on the way in and :meth:`Message.format` on the way out, so the rules that
keep a line safe (no CR, LF or NUL inside a line, a correctly placed trailing parameter, escaped
tag values) live in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Bytes allowed for the message body (source, command, params) *including* the final CR LF.
MAX_BODY_BYTES = 512
#: Bytes allowed for the tag section, including the leading ``@`` and the trailing space.
MAX_TAGS_BYTES = 8191
#: The longest raw line (tags + body + CRLF) a peer may send before it is "too long" (417).
MAX_LINE_BYTES = MAX_TAGS_BYTES + MAX_BODY_BYTES

_COMMAND_RE = re.compile(r"^(?:[A-Za-z]+|[0-9]{3})$")
_TAG_KEY_RE = re.compile(r"^\+?(?:[A-Za-z0-9.\-]+/)?[A-Za-z0-9\-]+$")

_ESCAPES = {";": r"\:", " ": r"\s", "\\": "\\\\", "\r": r"\r", "\n": r"\n"}
_UNESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


class ParseError(ValueError):
    """A line that is not a well-formed IRC message. The only exception :func:`parse` raises."""


class FormatError(ValueError):
    """A message that cannot be put on the wire as-is (a parameter that would corrupt the line)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One IRC message.

    ``tags`` maps tag keys to *unescaped* values; a tag sent without a value has the value ``""``
    (the IRCv3 spec makes the two equivalent). ``source`` is the prefix without its colon.
    """

    command: str
    params: tuple[str, ...] = ()
    source: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def format(self) -> str:
        """The line for this message, without CR LF.

        Raises :class:`FormatError` when a parameter would break framing: any CR, LF or NUL,
        or a middle parameter that is empty, has a space, or starts with ``:``.
        """
        parts: list[str] = []
        if self.tags:
            parts.append("@" + format_tags(self.tags))
        if self.source is not None:
            if not self.source or " " in self.source or _has_forbidden(self.source):
                raise FormatError(f"bad source {self.source!r}")
            parts.append(":" + self.source)
        if not _COMMAND_RE.match(self.command):
            raise FormatError(f"bad command {self.command!r}")
        parts.append(self.command)
        for index, param in enumerate(self.params):
            if _has_forbidden(param):
                raise FormatError("parameter contains CR, LF or NUL")
            last = index == len(self.params) - 1
            if not param or " " in param or param.startswith(":"):
                if not last:
                    raise FormatError(f"middle parameter {param!r} needs to be the last one")
                parts.append(":" + param)
            else:
                parts.append(param)
        return " ".join(parts)

    def encode(self) -> bytes:
        """The UTF-8 bytes for this message, with the CR LF terminator."""
        return (self.format() + "\r\n").encode("utf-8")


def _has_forbidden(text: str) -> bool:
    return "\r" in text or "\n" in text or "\0" in text


def escape_tag_value(value: str) -> str:
    """Escape a tag value per the IRCv3 message-tags specification."""
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def unescape_tag_value(value: str) -> str:
    """Undo :func:`escape_tag_value`; an unknown escape drops the backslash, a lone one vanishes."""
    if "\\" not in value:
        return value  # the usual tag value (a msgid, a time): nothing to undo
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, None)
        if nxt is None:
            break
        out.append(_UNESCAPES.get(nxt, nxt))
    return "".join(out)


def format_tags(tags: Mapping[str, str]) -> str:
    """The tag section without its ``@``."""
    items = []
    for key, value in tags.items():
        if not _TAG_KEY_RE.match(key):
            raise FormatError(f"bad tag key {key!r}")
        if "\0" in value:
            raise FormatError("tag value contains NUL")
        items.append(f"{key}={escape_tag_value(value)}" if value else key)
    return ";".join(items)


def parse_tags(text: str) -> dict[str, str]:
    """Parse a tag section (without ``@``). Later duplicates win, as the spec says."""
    tags: dict[str, str] = {}
    for item in text.split(";"):
        if not item:
            continue
        key, _, value = item.partition("=")
        if not _TAG_KEY_RE.match(key):
            raise ParseError(f"bad tag key {key!r}")
        tags[key] = unescape_tag_value(value)
    return tags


def parse(line: str) -> Message:
    """Parse one line (a trailing CR LF, LF or CR is allowed and ignored).

    Never raises anything but :class:`ParseError`, whatever the input.
    """
    if not isinstance(line, str):
        raise ParseError("expected text")
    line = line.rstrip("\r\n")
    if _has_forbidden(line):
        raise ParseError("line contains CR, LF or NUL")
    rest = line.lstrip(" ")
    tags: dict[str, str] = {}
    source: str | None = None
    if rest.startswith("@"):
        tag_text, _, rest = rest[1:].partition(" ")
        tags = parse_tags(tag_text)
        rest = rest.lstrip(" ")
    if rest.startswith(":"):
        source, _, rest = rest[1:].partition(" ")
        if not source:
            raise ParseError("empty source")
        rest = rest.lstrip(" ")
    command, _, rest = rest.partition(" ")
    if not _COMMAND_RE.match(command):
        raise ParseError(f"bad command {command!r}" if command else "no command")
    params: list[str] = []
    while rest:
        rest = rest.lstrip(" ")
        if not rest:
            break
        if rest.startswith(":"):
            params.append(rest[1:])
            break
        param, _, rest = rest.partition(" ")
        params.append(param)
    return Message(command.upper(), tuple(params), source, tags)


def decode(data: bytes) -> str:
    """Decode a received line: UTF-8, with invalid sequences replaced, never an exception."""
    return data.decode("utf-8", errors="replace")


def body_length(raw: bytes) -> tuple[int, int]:
    """Split a raw received line's size into (tag-section bytes, body bytes incl. CR LF).

    Callers compare these with :data:`MAX_TAGS_BYTES` and :data:`MAX_BODY_BYTES` to decide on
    ``417 ERR_INPUTTOOLONG`` without parsing the whole line first.
    """
    raw = raw.rstrip(b"\r\n")
    if raw.startswith(b"@"):
        tags, space, body = raw.partition(b" ")
        return len(tags) + len(space), len(body.lstrip(b" ")) + 2
    return 0, len(raw) + 2


@dataclass(frozen=True, slots=True)
class Source:
    """A message source split into its parts: ``nick!user@host`` (user and host may be empty)."""

    nick: str
    user: str = ""
    host: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Source:
        """Split a prefix; a server name ends up in ``nick`` with empty user and host."""
        if not text:
            return cls("")
        nick, _, rest = text.partition("!")
        user, _, host = rest.partition("@")
        if not rest and "@" in nick:
            nick, _, host = nick.partition("@")
        return cls(nick, user, host)

    def __str__(self) -> str:
        text = self.nick
        if self.user:
            text += "!" + self.user
        if self.host:
            text += "@" + self.host
        return text
