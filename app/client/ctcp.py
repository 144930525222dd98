"""CTCP framing: ``\\x01ACTION waves\\x01`` inside PRIVMSG and NOTICE text.

Only the framing is decoded here; the rest of the text stays as received (the front ends
render it as plain text, so formatting codes cannot hurt them).
"""

from __future__ import annotations

DELIM = "\x01"


def parse_ctcp(text: str) -> tuple[str, str] | None:
    """``"\\x01ACTION waves\\x01"`` → ``("ACTION", "waves")``; ``None`` for ordinary text.

    The closing delimiter is optional because some clients forget it.
    """
    if not text.startswith(DELIM) or len(text) < 2:
        return None
    body = text[1:]
    if body.endswith(DELIM):
        body = body[:-1]
    command, _, argument = body.partition(" ")
    if not command:
        return None
    return command.upper(), argument


def ctcp(command: str, argument: str = "") -> str:
    """Frame a CTCP request or reply."""
    return f"{DELIM}{command} {argument}{DELIM}" if argument else f"{DELIM}{command}{DELIM}"
