"""A relayed message, formatted and encoded once per capability variant, not per recipient.

A channel message goes to many clients; the only per-recipient difference is which tags each
one negotiated (``server-time``, ``message-tags``). :class:`Outgoing` caches the bytes for each
variant, so a 100-member channel costs at most four encodings.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from app.irc import Message
from app.server.wire import encode

SERVER_TIME = "server-time"
MESSAGE_TAGS = "message-tags"
ACCOUNT_TAG = "account-tag"
#: The tags on what a bot (user mode ``B``) says, shown to message-tags recipients: ``bot``,
#: as the ratified IRCv3 bot-mode spec names it, and ``draft/bot``, its work-in-progress
#: name, which clients (and irctest's bot_mode tests) written against the draft look for.
BOT_TAGS = {"bot": "", "draft/bot": ""}

# Differs per process, so ids never repeat across runs (history outlives a run: a restarted
# host must not give a new message the id of a stored one).
_msgid_prefix = secrets.token_hex(6)
_msgid_counter = itertools.count(1)  # next() is atomic under the GIL


#: When the last event was relayed (``time.monotonic()``; 0: none yet), in any server of
#: this process: the file host asks whether people are talking (see :func:`last_event`).
_last_event = 0.0


def new_msgid() -> str:
    """A unique ``msgid`` tag value (IRCv3 message-ids) for a relayed event."""
    global _last_event  # noqa: PLW0603 (one float per event, cheaper than any object)
    _last_event = time.monotonic()
    return f"{_msgid_prefix}-{next(_msgid_counter)}"


def last_event() -> float:
    """When an event (a message, a join…) was last relayed, by ``time.monotonic()``; 0.0 if
    none was. Why: a large download yields its CPU to the chat only while people talk
    (:meth:`app.server.filehost.service.FileHost.background`)."""
    return _last_event


def server_time(now: datetime | None = None) -> str:
    """The IRCv3 ``time`` tag value: UTC, millisecond precision, ``Z`` suffix."""
    if now is None:
        return _time_tag(time.time())
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


#: The formatted second of the last stamp: ``strftime`` runs once a second, not per message.
_stamp_second: tuple[int, str] = (-1, "")


def _time_tag(when: float) -> str:
    """:func:`server_time` of a ``time.time()`` reading, the date part cached per second."""
    second = int(when)
    global _stamp_second  # noqa: PLW0603 (a one-entry cache, replaced whole)
    cached = _stamp_second  # one tuple read once: another thread may replace it meanwhile
    if cached[0] != second:
        cached = (second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S."))
        _stamp_second = cached
    return f"{cached[1]}{int((when - second) * 1000):03d}Z"


class Outgoing:
    """One message from ``source`` to many recipients, stamped once with the server time.

    Raises :class:`app.irc.FormatError` at construction when the message cannot be put on the
    wire, so a bad relay fails before anything was queued for anyone. ``msgid`` (one is
    made when none is given: every relayed event has one) is shown, with the client-only
    tags, to recipients that negotiated message-tags; so are :data:`BOT_TAGS` when ``bot``
    says the sender is a bot, and ``account`` (the sender's account) to account-tag ones.
    """

    def __init__(
        self,
        source: str,
        command: str,
        params: Iterable[str],
        client_tags: Mapping[str, str] | None = None,
        *,
        msgid: str | None = None,
        plain: bytes | None = None,
        when: float | None = None,
        bot: bool = False,
        account: str | None = None,
    ) -> None:
        # ``plain``: the caller already built (and checked) the untagged line, as the
        # message fast path does; the other variants are then made only if someone needs them.
        self.message = Message(command, tuple(params), source)
        # Every relayed event has an id (message-ids), shown to message-tags recipients.
        self.msgid = msgid if msgid is not None else new_msgid()
        self.bot = bot
        #: The sender's account when it was sent (IRCv3 account-tag), if it had one.
        self.account = account
        # Formatted only if a recipient asked for server-time. ``when``: a line read back from
        # the history file keeps the time it was first sent.
        self._when = time.time() if when is None else when
        self._time: str | None = None
        self.client_tags = dict(client_tags) if client_tags else {}
        self._cache: dict[tuple[bool, bool, bool], bytes] = {}
        if plain is None:
            self.encoded(False, False)
        else:
            self._cache[(False, False, False)] = plain

    @property
    def when(self) -> float:
        """When this message was stamped, as a ``time.time()`` reading."""
        return self._when

    @property
    def time(self) -> str:
        """The ``time`` tag value: when this message was stamped, formatted on first use."""
        if self._time is None:
            self._time = _time_tag(self._when)
        return self._time

    def encoded(self, with_time: bool, with_tags: bool, with_account: bool = False) -> bytes:
        """The bytes for a recipient with (or without) server-time, message-tags and
        account-tag."""
        key = (
            with_time,
            with_tags and bool(self.client_tags or self.msgid or self.bot),
            with_account and self.account is not None,
        )
        data = self._cache.get(key)
        if data is None:
            tags: dict[str, str] = {}
            if key[1]:
                if self.msgid:
                    tags["msgid"] = self.msgid
                if self.bot:
                    tags.update(BOT_TAGS)
                tags.update(self.client_tags)
            if key[2]:
                tags["account"] = self.account or ""
            if key[0]:
                tags["time"] = self.time
            msg = Message(self.message.command, self.message.params, self.message.source, tags)
            data = self._cache[key] = encode(msg)
        return data

    def for_caps(self, caps: set[str] | frozenset[str]) -> bytes:
        """The bytes for a recipient that negotiated ``caps``."""
        return self.encoded(SERVER_TIME in caps, MESSAGE_TAGS in caps, ACCOUNT_TAG in caps)
