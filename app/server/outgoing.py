"""A relayed message, formatted and encoded once per capability variant, not per recipient.

A channel message goes to many clients; the only per-recipient difference is which tags each
one negotiated (``server-time``, ``message-tags``). :class:`Outgoing` caches the bytes for each
variant, so a 100-member channel costs at most four encodings.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from app.irc import Message
from app.server.wire import encode

SERVER_TIME = "server-time"
MESSAGE_TAGS = "message-tags"

_msgid_prefix = secrets.token_hex(4)  # differs per process, so ids never repeat across runs
_msgid_counter = itertools.count(1)  # next() is atomic under the GIL


def new_msgid() -> str:
    """A unique ``msgid`` tag value for a PRIVMSG/NOTICE/TAGMSG."""
    return f"{_msgid_prefix}-{next(_msgid_counter)}"


def server_time(now: datetime | None = None) -> str:
    """The IRCv3 ``time`` tag value: UTC, millisecond precision, ``Z`` suffix."""
    moment = now or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Outgoing:
    """One message from ``source`` to many recipients, stamped once with the server time.

    Raises :class:`app.irc.FormatError` at construction when the message cannot be put on the
    wire, so a bad relay fails before anything was queued for anyone. ``msgid`` (messages
    only) is shown, with the client-only tags, to recipients that negotiated message-tags.
    """

    def __init__(
        self,
        source: str,
        command: str,
        params: Iterable[str],
        client_tags: Mapping[str, str] | None = None,
        *,
        msgid: str | None = None,
    ) -> None:
        self.message = Message(command, tuple(params), source)
        self.msgid = msgid
        self.time = server_time()
        self.client_tags = dict(client_tags or {})
        self._cache: dict[tuple[bool, bool], bytes] = {}
        self.encoded(False, False)

    def encoded(self, with_time: bool, with_tags: bool) -> bytes:
        """The bytes for a recipient with (or without) server-time and message-tags."""
        key = (with_time, with_tags and bool(self.client_tags or self.msgid))
        data = self._cache.get(key)
        if data is None:
            tags: dict[str, str] = {}
            if key[1]:
                if self.msgid:
                    tags["msgid"] = self.msgid
                tags.update(self.client_tags)
            if key[0]:
                tags["time"] = self.time
            msg = Message(self.message.command, self.message.params, self.message.source, tags)
            data = self._cache[key] = encode(msg)
        return data

    def for_caps(self, caps: set[str] | frozenset[str]) -> bytes:
        """The bytes for a recipient that negotiated ``caps``."""
        return self.encoded(SERVER_TIME in caps, MESSAGE_TAGS in caps)
