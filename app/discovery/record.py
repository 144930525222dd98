"""What a Gofto announcement says, and how it is checked: the TXT keys and the found chat.

TXT keys (RFC 6763 §6, each ``key=value`` at most 255 bytes):

- ``fp``: SHA-256 of the certificate the port presents, 64 lowercase hex digits;
- ``room``: the room guests join (``#lobby``);
- ``pw``: ``1`` when a room password is set, else ``0``;
- ``v``: the Gofto version;
- ``n``: how many people are in the room;
- ``nick``: the host's nickname (absent for a headless ``serve``);
- ``s``: a counter of updates, so that no TXT record repeats an earlier one (see
  :mod:`app.discovery.announce`).

Everything here comes from the network, so nothing is trusted: :func:`decode_txt` refuses a
record without a valid ``fp``, ``room`` and ``pw`` or one larger than :data:`MAX_TXT_BYTES`,
and every text is stripped of control and direction-changing characters and cut to a bound
before it reaches a widget or a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: A TXT record larger than this is refused whole (a Gofto one is about 150 bytes).
MAX_TXT_BYTES = 1300
#: Longest nickname and instance name kept, in characters (a DNS label holds 63 bytes).
MAX_NAME_CHARS = 63
MAX_ROOM_CHARS = 50
MAX_VERSION_CHARS = 32
#: People counts above this are shown as this (nobody hosts a million on a laptop).
MAX_PEOPLE = 100_000

_FP_RE = re.compile(r"^[0-9a-f]{64}$")
_VERSION_RE = re.compile(r"^[0-9A-Za-z.+\-]{1,32}$")
# Zero-width joiner and non-joiner are part of how Persian and other scripts are written.
_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})


class BadRecord(ValueError):
    """An announcement that is not a usable Gofto TXT record (ignored, logged at debug)."""


def clean_text(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """``text`` without control, format (bidi override, invisible) or line characters, with
    runs of spaces collapsed and at most ``limit`` characters: safe in a list or a terminal."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if ch in _KEEP_FORMAT:
            kept.append(ch)
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" " if category in ("Cc", "Zl", "Zp") else "")
        else:
            kept.append(" " if category == "Zs" else ch)
    return " ".join("".join(kept).split())[:limit]


def normalise_hex(text: str) -> str | None:
    """A SHA-256 fingerprint as 64 lowercase hex digits, or ``None`` when ``text`` is not one.

    Spaces and colons between digits are allowed (``AB:CD…`` and ``ABCD EF01…``)."""
    digits = text.strip().lower().replace(":", "").replace(" ", "")
    return digits if _FP_RE.match(digits) else None


@dataclass(frozen=True, slots=True)
class ChatRecord:
    """The TXT record of one hosted chat (see the module docstring for the keys)."""

    fingerprint: str
    room: str
    password: bool
    people: int | None = None
    version: str = ""
    nick: str = ""

    def to_txt(self) -> dict[str, str]:
        """The TXT keys as python-zeroconf's ``properties`` (validated: raises BadRecord)."""
        fp = normalise_hex(self.fingerprint)
        if fp is None:
            raise BadRecord("the fingerprint is not a SHA-256 hex digest")
        txt = {"fp": fp, "room": self.room, "pw": "1" if self.password else "0"}
        txt["v"] = self.version
        txt["n"] = str(max(0, min(self.people or 0, MAX_PEOPLE)))
        if self.nick:
            txt["nick"] = self.nick
        for key, value in txt.items():
            if len(key.encode()) + 1 + len(value.encode("utf-8")) > 255:
                raise BadRecord(f"the TXT value of {key} is longer than 255 bytes")
        return txt


def decode_txt(properties: dict[bytes, bytes | None] | dict[str, str | None]) -> ChatRecord:
    """Check a received TXT record (python-zeroconf's ``ServiceInfo.properties``).

    Raises :class:`BadRecord` for anything that is not a complete, well-formed Gofto record.
    """
    size = 0
    values: dict[str, str] = {}
    for raw_key, raw_value in properties.items():
        key = raw_key.decode("ascii", "replace") if isinstance(raw_key, bytes) else raw_key
        value = raw_value if raw_value is not None else b""
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        size += len(key) + 2 + len(data)
        if size > MAX_TXT_BYTES:
            raise BadRecord("the TXT record is too large")
        key = key.lower()
        if key in values:  # RFC 6763 §6.4: only the first of a repeated key counts
            continue
        values[key] = data.decode("utf-8", "replace")
    fp = normalise_hex(values.get("fp", ""))
    if fp is None:
        raise BadRecord("no valid fp")
    room = clean_text(values.get("room", ""), MAX_ROOM_CHARS)
    if not room or room[0] not in "#&" or " " in room or "," in room:
        raise BadRecord("no valid room")
    pw = values.get("pw")
    if pw not in ("0", "1"):
        raise BadRecord("no valid pw")
    n = values.get("n", "")
    people = min(int(n), MAX_PEOPLE) if n.isascii() and n.isdigit() and len(n) <= 9 else None
    version = values.get("v", "")
    return ChatRecord(
        fingerprint=fp,
        room=room,
        password=pw == "1",
        people=people,
        version=version if _VERSION_RE.match(version) else "",
        nick=clean_text(values.get("nick", "")),
    )


@dataclass(frozen=True, slots=True)
class FoundChat:
    """A chat seen on the network: where it is and what its announcement says.

    ``key`` is the DNS-SD service name (unique on the network); ``name`` its instance part,
    cleaned for display; ``address`` the IPv4 address to connect to (one on a subnet we are on
    when the host announced several).
    """

    key: str
    name: str
    address: str
    port: int
    record: ChatRecord
    #: Every IPv4 address announced (at most 16), ``address`` being the preferred one.
    addresses: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, str, str, int]:
        """Alphabetical by name (case-folded), then nick and address: a stable order."""
        return (self.name.casefold(), self.record.nick.casefold(), self.address, self.port)
