"""Understand what a person types as "the host's address".

Accepted: ``host``, ``host:port``, ``[IPv6]``, ``[IPv6]:port``, a bare IPv6 address, and
``irc://host:port/room`` links (``ircs://`` too). Both start dialogs and ``gofto join`` use
this, so the same text means the same thing everywhere.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from app import DEFAULT_PORT

_HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9_][A-Za-z0-9_\-]{0,62}(?:\.[A-Za-z0-9_\-]{1,63})*\.?$"
)


class AddressError(ValueError):
    """The text is not an address we can connect to; ``str()`` is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where to connect, and the room an ``irc://`` link named (``None`` when it named none).

    ``secure`` is set by an ``ircs://`` link: encrypted or not at all (see app.client.trust).
    """

    host: str
    port: int
    room: str | None = None
    secure: bool = False

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
        raise AddressError(f"“{host}” is not a valid host name.") from None
    if not _HOSTNAME_RE.match(ascii_form):
        raise AddressError(f"“{host}” is not a valid host name or IP address.")
    return host


def _check_port(text: str) -> int:
    if not text.isdigit():
        raise AddressError(f"“{text}” is not a port number.")
    port = int(text)
    if not 1 <= port <= 65535:
        raise AddressError(f"Port {port} is out of range (1–65535).")
    return port


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> Address:
    """Parse an address typed by a person; raises :class:`AddressError` with a sentence."""
    text = text.strip()
    if not text:
        raise AddressError("Enter the host's address, for example 192.168.1.20:5000.")
    if "://" in text:
        return _parse_url(text, default_port)
    if text.startswith("["):
        inner, sep, rest = text[1:].partition("]")
        if not sep:
            raise AddressError("An IPv6 address in brackets needs its closing “]”.")
        try:
            host = str(ipaddress.IPv6Address(inner))
        except ValueError:
            raise AddressError(f"“{inner}” is not an IPv6 address.") from None
        if not rest:
            return Address(host, default_port)
        if not rest.startswith(":"):
            raise AddressError("After “]” write a colon and the port, like [::1]:5000.")
        return Address(host, _check_port(rest[1:]))
    if text.count(":") > 1:
        try:
            return Address(str(ipaddress.IPv6Address(text)), default_port)
        except ValueError:
            raise AddressError(f"“{text}” is not a valid address.") from None
    host, sep, port = text.partition(":")
    if not host:
        raise AddressError("The address needs a host name or IP before the port.")
    return Address(_check_host(host), _check_port(port) if sep else default_port)


def _parse_url(text: str, default_port: int) -> Address:
    url = urlsplit(text)
    if url.scheme not in ("irc", "ircs"):
        raise AddressError(f"Only irc:// links can be joined, not {url.scheme}://.")
    if not url.hostname:
        raise AddressError("The irc:// link has no host.")
    try:
        port = url.port or default_port
    except ValueError:
        raise AddressError("The port in the irc:// link is not a number in 1–65535.") from None
    room = unquote(url.path.lstrip("/")) or None
    if room and url.fragment:
        room = f"{room}#{url.fragment}"
    elif not room and url.fragment:
        room = f"#{url.fragment}"
    if room and not room.startswith(("#", "&")):
        room = "#" + room
    host = url.hostname
    host = host if ":" in host else _check_host(host)
    return Address(host, port, room, secure=url.scheme == "ircs")
