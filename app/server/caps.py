"""The IRCv3 capabilities this server offers (each one is implemented, not just listed)."""

from __future__ import annotations

#: draft/multiline's required value: its limits (app.server.handlers.multiline).
MULTILINE_VALUE = "max-bytes=8192,max-lines=50"

#: Capability name → value shown in ``CAP LS 302`` (``None``: no value).
#:
#: History is IRCv3 ``draft/chathistory`` (:mod:`app.server.handlers.chathistory`): nothing is
#: replayed unasked; a client sends ``CHATHISTORY LATEST`` when it wants a room's history.
SUPPORTED: dict[str, str | None] = {
    "account-notify": None,
    "account-tag": None,
    "away-notify": None,
    "batch": None,
    "draft/account-registration": "before-connect",
    "draft/chathistory": None,
    "draft/message-redaction": None,
    "draft/multiline": MULTILINE_VALUE,
    "draft/read-marker": None,
    "echo-message": None,
    "extended-join": None,
    "extended-monitor": None,
    "labeled-response": None,
    "message-tags": None,
    "multi-prefix": None,
    "sasl": "EXTERNAL,PLAIN",
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
