"""Understand what a person types as "the host's address".

Accepted: ``host``, ``host:port``, ``[IPv6]``, ``[IPv6]:port``, a bare IPv6 address, and
``irc://host:port/room`` links (``ircs://`` too), including Gofto's invite links, which carry
the host's certificate fingerprint as ``?fp=<sha256 hex>`` (see :mod:`app.client.invite`).
Both start dialogs and ``gofto join`` use this, so the same text means the same thing
everywhere.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from app import DEFAULT_PORT
from app.client.catalogue import ENGLISH
from app.secure import normalise_fingerprint

_HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9_][A-Za-z0-9_\-]{0,62}(?:\.[A-Za-z0-9_\-]{1,63})*\.?$"
)


class AddressError(ValueError):
    """The text is not an address we can connect to.

    ``code`` and ``params`` name the sentence in the catalogue (a front end says it with
    ``texts.error(error)``); ``str()`` is the English.
    """

    def __init__(self, code: str, /, **params: object) -> None:
        self.code: str = code
        self.params: dict[str, object] = params
        super().__init__(ENGLISH(code, **params))


@dataclass(frozen=True, slots=True)
class Address:
    """Where to connect, and the room an ``irc://`` link named (``None`` when it named none).

    ``secure`` is set by an ``ircs://`` link: encrypted or not at all (see app.client.trust).
    ``fingerprint`` is the certificate an invite link vouches for (``AB12 CD34 …`` form): the
    connection is accepted only with that certificate (pinned, no first-use question).
    """

    host: str
    port: int
    room: str | None = None
    secure: bool = False
    fingerprint: str | None = None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def _check_host(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        ascii_form = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressError("address.bad_host", text=host) from None
    if not _HOSTNAME_RE.match(ascii_form):
        raise AddressError("address.bad_host_or_ip", text=host)
    return host


def _check_port(text: str) -> int:
    if not text.isdigit():
        raise AddressError("address.not_port", text=text)
    port = int(text)
    if not 1 <= port <= 65535:
        raise AddressError("address.port_range", port=port)
    return port


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> Address:
    """Parse an address typed by a person; raises :class:`AddressError` with a sentence."""
    text = text.strip()
    if not text:
        raise AddressError("address.empty")
    if "://" in text:
        return _parse_url(text, default_port)
    if text.startswith("["):
        inner, sep, rest = text[1:].partition("]")
        if not sep:
            raise AddressError("address.unclosed_bracket")
        try:
            host = str(ipaddress.IPv6Address(inner))
        except ValueError:
            raise AddressError("address.not_ipv6", text=inner) from None
        if not rest:
            return Address(host, default_port)
        if not rest.startswith(":"):
            raise AddressError("address.after_bracket")
        return Address(host, _check_port(rest[1:]))
    if text.count(":") > 1:
        try:
            return Address(str(ipaddress.IPv6Address(text)), default_port)
        except ValueError:
            raise AddressError("address.invalid", text=text) from None
    host, sep, port = text.partition(":")
    if not host:
        raise AddressError("address.no_host")
    return Address(_check_host(host), _check_port(port) if sep else default_port)


def _parse_url(text: str, default_port: int) -> Address:
    url = urlsplit(text)
    if url.scheme not in ("irc", "ircs"):
        raise AddressError("address.scheme", scheme=url.scheme)
    if not url.hostname:
        raise AddressError("address.link_no_host")
    try:
        port = url.port or default_port
    except ValueError:
        raise AddressError("address.link_port") from None
    room = unquote(url.path.lstrip("/")) or None
    if room and url.fragment:
        room = f"{room}#{url.fragment}"
    elif not room and url.fragment:
        room = f"#{url.fragment}"
    if room and not room.startswith(("#", "&")):
        room = "#" + room
    host = url.hostname
    host = host if ":" in host else _check_host(host)
    fingerprint = _link_fingerprint(url.query)
    secure = url.scheme == "ircs" or fingerprint is not None
    return Address(host, port, room, secure=secure, fingerprint=fingerprint)


def _link_fingerprint(query: str) -> str | None:
    """The ``fp`` of an invite link's query in ``AB12 CD34 …`` form; other keys are ignored
    (an IRC client ignores ours the same way)."""
    if len(query) > 2048:
        raise AddressError("address.link_too_long")
    values = parse_qs(query, keep_blank_values=True).get("fp")
    if not values:
        return None
    digits = values[0].strip().lower().replace(":", "")
    if len(digits) != 64 or any(ch not in "0123456789abcdef" for ch in digits):
        raise AddressError("address.link_fingerprint")
    return normalise_fingerprint(digits)
