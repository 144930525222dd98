"""``FILEHOST TOKEN``: a token for uploading one file to the host (IRCv3 ``draft/FILEHOST``).

Spec: ircv3-specifications ``extensions/filehost.md``. The reply is ``FILEHOST TOKEN <token>``
exactly as the spec writes it (no source), or a ``FAIL`` standard reply: on a plain-text
connection (the ISUPPORT token is only offered inside TLS, so is the service) and for a
subcommand other than ``TOKEN``. See :mod:`app.server.filehost.tokens` for what a token is
worth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client


def filehost(hub: Hub, client: Client, msg: Message) -> None:
    """FILEHOST TOKEN → FILEHOST TOKEN <token>."""
    service = hub.filehost
    subcommand = msg.params[0].upper()
    if subcommand != "TOKEN":
        _fail(hub, client, "INVALID_PARAMS", msg.params[0], "Unknown FILEHOST subcommand")
        return
    if service is None or not client.conn.secure:
        _fail(hub, client, "UNAVAILABLE", "TOKEN", "Sharing files needs an encrypted connection")
        return
    conn = client.conn
    token = service.tokens.issue(client, client.host, client.name, lambda: not conn.closing)
    # Message.encode (not the server's wire.encode, which marks a last word as trailing): the
    # token goes out bare, as the spec's example shows it.
    hub.send_bytes(client, Message("FILEHOST", ("TOKEN", token)).encode())


def _fail(hub: Hub, client: Client, code: str, context: str, text: str) -> None:
    hub.send(client, Message("FAIL", ("FILEHOST", code, context[:32], text), hub.config.name))
