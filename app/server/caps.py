"""The IRCv3 capabilities this server offers (each one is implemented, not just listed)."""

from __future__ import annotations

from app.irc.caps import REPLAY_CAP

#: draft/multiline's required value: its limits (app.server.handlers.multiline).
MULTILINE_VALUE = "max-bytes=8192,max-lines=50"

#: Capability name → value shown in ``CAP LS 302`` (``None``: no value).
#:
#: ``batch`` is only ever used for the history replay on JOIN (:data:`REPLAY_CAP`, which a
#: client gets with ``batch`` and ``server-time``; see :mod:`app.server.history`): a client
#: that negotiates neither sees no difference.
SUPPORTED: dict[str, str | None] = {
    "away-notify": None,
    "batch": None,
    "draft/message-redaction": None,
    "draft/multiline": MULTILINE_VALUE,
    REPLAY_CAP: None,
    "echo-message": None,
    "extended-monitor": None,
    "message-tags": None,
    "multi-prefix": None,
    "server-time": None,
    "setname": None,
    "userhost-in-names": None,
}


def ls_string(version: int) -> str:
    """The capability list for ``CAP LS``; values only for version 302 and later."""
    items = []
    for name, value in sorted(SUPPORTED.items()):
        items.append(f"{name}={value}" if value and version >= 302 else name)
    return " ".join(items)


def parse_request(text: str) -> tuple[set[str], set[str]] | None:
    """``"a -b"`` → (enable, disable); ``None`` if any capability is unknown (NAK it all)."""
    enable: set[str] = set()
    disable: set[str] = set()
    for item in text.split():
        name = item[1:] if item.startswith("-") else item
        if name not in SUPPORTED:
            return None
        (disable if item.startswith("-") else enable).add(name)
    return enable, disable
