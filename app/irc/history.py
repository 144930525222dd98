"""Pure helpers for IRCv3 history: ``time`` values and ``CHATHISTORY``/``MARKREAD`` references.

Both ends speak the same forms (``timestamp=2019-01-04T14:33:26.123Z``, ``msgid=abc``, ``*``),
so parsing and formatting them lives here, once, with no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime


class BadReference(ValueError):
    """A reference that is neither ``*``, ``timestamp=…`` nor ``msgid=…`` (or a bad time)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One ``CHATHISTORY`` selector: ``kind`` is ``"timestamp"``, ``"msgid"`` or ``"*"``."""

    kind: str
    value: str = ""
    #: For a timestamp: seconds since the epoch (what the server compares with).
    when: float = 0.0


def format_time(when: float) -> str:
    """A ``time.time()`` reading as the server-time form, UTC with milliseconds."""
    moment = datetime.fromtimestamp(math.floor(when * 1000) / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> float:
    """``YYYY-MM-DDThh:mm:ss[.sss]Z`` → seconds since the epoch; :class:`BadReference` if not.

    Only the UTC form the server-time spec gives is accepted (``Z``, not an offset).
    """
    if not text.endswith("Z") or len(text) > 40:
        raise BadReference(text)
    body = text[:-1]
    try:
        if "." in body:
            moment = datetime.strptime(body, "%Y-%m-%dT%H:%M:%S.%f")
        else:
            moment = datetime.strptime(body, "%Y-%m-%dT%H:%M:%S")
    except ValueError as error:
        raise BadReference(text) from error
    return moment.replace(tzinfo=UTC).timestamp()


def parse_reference(text: str, *, star: bool = False) -> Reference:
    """``timestamp=…``, ``msgid=…`` (or ``*`` when ``star``) → :class:`Reference`."""
    if star and text == "*":
        return Reference("*")
    kind, equals, value = text.partition("=")
    if not equals or not value:
        raise BadReference(text)
    if kind == "timestamp":
        return Reference("timestamp", value, parse_time(value))
    if kind == "msgid":
        return Reference("msgid", value)
    raise BadReference(text)
