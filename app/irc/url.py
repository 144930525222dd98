"""Writing ``irc://`` and ``ircs://`` URLs (draft-butcher-irc-url): host, port, channel.

Pure formatting, shared by the server (``serve`` prints an invite) and the client
(:mod:`app.client.invite`, which also reads them back through :mod:`app.client.address`).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urlencode


def format_irc_url(
    scheme: str, host: str, port: int, channel: str, query: dict[str, str] | None = None
) -> str:
    """``scheme://host:port/channel[?query]``: an IPv6 host in brackets; ``#lobby`` written
    ``lobby`` (IRC clients add the ``#``), any other channel name percent-escaped whole."""
    try:
        is_v6 = ipaddress.ip_address(host).version == 6
    except ValueError:
        is_v6 = False
    where = f"[{host}]:{port}" if is_v6 else f"{host}:{port}"
    path = channel[1:] if channel.startswith("#") and not channel[1:].startswith("#") else channel
    url = f"{scheme}://{where}/{quote(path, safe='')}"
    if query:
        url += "?" + urlencode(query)
    return url
