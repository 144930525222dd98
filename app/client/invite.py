"""Invite links: ``ircs://HOST:PORT/ROOM?fp=<sha256 hex>``.

Any IRC client can open one: scheme, host, port and room sit where the IRC URL scheme
(draft-butcher-irc-url) puts them, and the query is ignored by clients that do not know it.
Gofto reads ``fp`` (see :func:`app.client.address.parse_address`) and accepts the connection
only when the host presents that certificate, so a link passed on in person, by QR code or in
a message is as good as comparing fingerprints by voice.
"""

from __future__ import annotations

from app import DEFAULT_ROOM
from app.client.address import Address, parse_address
from app.irc.url import format_irc_url
from app.secure import normalise_fingerprint

SCHEME = "ircs"


def fingerprint_hex(fingerprint: str) -> str:
    """``AB12 CD34 …`` as the link writes it: 64 lowercase hex digits, no separators."""
    return normalise_fingerprint(fingerprint).replace(" ", "").lower()


def format_invite(host: str, port: int, room: str | None, fingerprint: str | None) -> str:
    """The invite link for a chat at ``host:port`` in ``room`` with certificate
    ``fingerprint`` (any form; ``None`` makes a plain ``ircs://`` link without pinning)."""
    query = {"fp": fingerprint_hex(fingerprint)} if fingerprint else None
    return format_irc_url(SCHEME, host, port, room or DEFAULT_ROOM, query)


def parse_invite(text: str) -> Address:
    """An invite link as an :class:`~app.client.address.Address` (``fingerprint`` set when
    the link has one); raises :class:`~app.client.address.AddressError` with a sentence."""
    return parse_address(text)
