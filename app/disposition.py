"""The file name in a ``Content-Disposition`` header (RFC 6266), for the host and the clients.

The standard library's e-mail parser does the parsing (quoted strings, RFC 2231 ``filename*``
with its charset); this picks the right parameter: ``filename*`` when present, as RFC 6266
asks, else ``filename``. (The parser's ``get_filename`` keeps whichever comes first, so a
header with both, the usual form, would lose the non-ASCII name to its ASCII fallback.)
The name is returned as sent: callers sanitise it for their use. No I/O; imports nothing
from the rest of ``app``.
"""

from __future__ import annotations

from email.message import Message
from email.utils import collapse_rfc2231_value


def disposition_filename(value: str | None) -> str:
    """The file name ``value`` carries, or ``""``."""
    if not value:
        return ""
    message = Message()
    try:
        message["Content-Disposition"] = value
        params = message.get_params(header="content-disposition") or []
    except (ValueError, TypeError, IndexError, LookupError):
        return ""
    plain = extended = ""
    for name, param in params[1:]:
        if name.lower() != "filename":
            continue
        if isinstance(param, tuple):
            try:
                extended = extended or collapse_rfc2231_value(param)
            except (LookupError, UnicodeError):  # an unknown or lying charset
                continue
        else:
            plain = plain or str(param)
    return extended or plain
