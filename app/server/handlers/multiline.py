"""Multiline messages from clients (IRCv3 ``draft/multiline``, a work-in-progress spec).

A client that negotiated ``draft/multiline`` may send one message of several lines as a
client batch::

    BATCH +ref draft/multiline #room
    @batch=ref PRIVMSG #room :first line
    @batch=ref;draft/multiline-concat PRIVMSG #room :continued without a line break
    BATCH -ref

The lines are collected (:class:`OpenBatch`, one per client, bounded by :data:`MAX_BYTES` and
:data:`MAX_LINES`, which the capability's value advertises) and, when the batch closes,
delivered as *one* message with one ``msgid`` through
:func:`~app.server.handlers.delivery.deliver`, like any PRIVMSG. Recipients that negotiated
``draft/multiline`` and ``batch`` get a server batch; the others get the non-blank lines one by
one, as the sender composed them, the ``msgid`` on the first line only and the client-only
tags on each (the spec's fallback; a reply's tag stays with every line). Errors are the
spec's ``FAIL BATCH`` codes (``MULTILINE_*`` and client batch's ``INVALID_REFTAG``,
``TIMEOUT``, ``UNKNOWN_TYPE``); after one, the rest of the batch is ignored until its
``BATCH -ref`` (a line naming another batch drops it at once).
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import fold, is_channel
from app.server import labels
from app.server.handlers import messaging
from app.server.handlers.delivery import Said, deliver, may_speak
from app.server.handlers.messaging import client_tags, split_status
from app.server.outgoing import BOT_TAGS, MESSAGE_TAGS, SERVER_TIME, Outgoing, new_msgid
from app.server.wire import encode

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

MULTILINE_CAP = "draft/multiline"
BATCH_TYPE = "draft/multiline"
CONCAT_TAG = "draft/multiline-concat"
#: Most bytes of combined text in one multiline message (line feeds joining lines count).
MAX_BYTES = 8192
#: Most PRIVMSG/NOTICE lines in one batch (the flood gate's burst is 60 lines).
MAX_LINES = 50
#: The capability's value (app.server.caps.MULTILINE_VALUE) says these; a test holds them equal.
#: A batch open longer than this (seconds) is dropped with ``FAIL BATCH TIMEOUT``.
TIMEOUT = 60.0

_REFTAG = re.compile(r"[A-Za-z0-9-]{1,64}")
_batch_refs = itertools.count(1)


class OpenBatch:
    """A multiline batch a client is sending: its lines so far, checked as they come."""

    __slots__ = (
        "command",
        "failed",
        "label",
        "lines",
        "opened",
        "ref",
        "size",
        "tags",
        "target",
    )

    def __init__(
        self, ref: str, target: str, tags: Mapping[str, str], label: str | None = None
    ) -> None:
        self.ref = ref
        #: IRCv3 labeled-response: the opening's label, put on the echo of the whole batch.
        self.label = label
        self.target = target
        self.tags = dict(tags)
        self.command = ""
        #: (text, joined to the previous line without a line feed)
        self.lines: list[tuple[str, bool]] = []
        self.size = 0
        self.opened = time.monotonic()
        #: An error was reported: the rest of the batch is ignored until it closes.
        self.failed = False


def batch(hub: Hub, client: Client, msg: Message) -> None:
    """BATCH +ref draft/multiline <target> | BATCH -ref (client-initiated batches)."""
    if not msg.params or len(msg.params[0]) < 2 or msg.params[0][0] not in "+-":
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "BATCH")
        return
    ref = msg.params[0][1:]
    if not _REFTAG.fullmatch(ref):
        _fail(hub, client, "INVALID_REFTAG", "*", "Invalid batch reference tag")
        return
    if msg.params[0][0] == "-":
        # A labelled closing is answered under its own label already (app.server.intake).
        _close(hub, client, ref, labelled=labels.wanted(client, msg) is not None)
        return
    kind = msg.params[1] if len(msg.params) > 1 else ""
    if kind != BATCH_TYPE:
        _fail(hub, client, "UNKNOWN_TYPE", ref, _safe(kind), "Unknown batch type")
        return
    if MULTILINE_CAP not in client.caps or len(msg.params) < 3 or "batch" in msg.tags:
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch")
        return
    if client.batch is not None and not client.batch.failed:
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch (left open)")
    client.batch = OpenBatch(ref, msg.params[2], client_tags(msg), labels.of(client, msg))


def in_batch(client: Client, msg: Message) -> bool:
    """Whether ``msg`` (a PRIVMSG or NOTICE) is for the client's open multiline batch: it
    carries a ``batch`` tag while one is open (a wrong reference is an error there)."""
    return client.batch is not None and "batch" in msg.tags


def collect(hub: Hub, client: Client, msg: Message) -> None:
    """Add a PRIVMSG/NOTICE line to the open batch (:func:`in_batch` said it belongs)."""
    open_batch = client.batch
    if open_batch is None or open_batch.failed:
        return
    if msg.tags.get("batch") != open_batch.ref:  # not the batch that is open: both dropped
        client.batch = None
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch reference")
        return
    if time.monotonic() - open_batch.opened > TIMEOUT:
        open_batch.failed = True
        _fail(hub, client, "TIMEOUT", open_batch.ref, "Multiline batch timed out")
        return
    target = msg.params[0] if msg.params else ""
    if open_batch.command and msg.command != open_batch.command:
        open_batch.failed = True
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch")
        return
    if fold(target) != fold(open_batch.target):
        open_batch.failed = True
        _fail(
            hub,
            client,
            "MULTILINE_INVALID_TARGET",
            _safe(open_batch.target),
            _safe(target),
            "Invalid multiline target",
        )
        return
    open_batch.command = msg.command
    text = msg.params[1] if len(msg.params) > 1 else ""
    concat = CONCAT_TAG in msg.tags
    if concat and not text:  # the spec's own example: refused at once
        open_batch.failed = True
        _fail(
            hub,
            client,
            "MULTILINE_INVALID",
            "Invalid multiline batch with concatenated blank line",
        )
        return
    open_batch.size += len(text.encode()) + (1 if open_batch.lines and not concat else 0)
    open_batch.lines.append((text, concat))
    if len(open_batch.lines) > MAX_LINES:
        open_batch.failed = True
        _fail(
            hub,
            client,
            "MULTILINE_MAX_LINES",
            str(MAX_LINES),
            "Multiline batch max-lines exceeded",
        )
    elif open_batch.size > MAX_BYTES:
        open_batch.failed = True
        _fail(
            hub,
            client,
            "MULTILINE_MAX_BYTES",
            str(MAX_BYTES),
            "Multiline batch max-bytes exceeded",
        )


def _close(hub: Hub, client: Client, ref: str, *, labelled: bool) -> None:
    open_batch = client.batch
    if open_batch is None or open_batch.ref != ref:
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch (not open)")
        return
    client.batch = None
    if open_batch.failed:
        return
    if time.monotonic() - open_batch.opened > TIMEOUT:
        _fail(hub, client, "TIMEOUT", ref, "Multiline batch timed out")
        return
    lines = open_batch.lines
    if not lines:
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch (empty)")
        return
    if any(concat and not text for text, concat in lines):
        _fail(
            hub,
            client,
            "MULTILINE_INVALID",
            "Invalid multiline batch with concatenated blank line",
        )
        return
    if not any(text for text, _ in lines):
        _fail(hub, client, "MULTILINE_INVALID", "Invalid multiline batch with blank lines only")
        return
    if open_batch.label is None or labelled:
        _send(hub, client, open_batch)
    else:  # the answer (the echo, or errors, or an ACK) carries the opening's label
        labels.run_labelled(hub, client, open_batch.label, lambda: _send(hub, client, open_batch))


def _send(hub: Hub, client: Client, open_batch: OpenBatch) -> None:
    """Deliver a complete batch to its target, checked like a PRIVMSG (NOTICE: silently)."""
    command = open_batch.command
    quiet = command == "NOTICE"
    target = open_batch.target
    status, name = split_status(target)
    if command == "PRIVMSG":
        client.last_message = time.monotonic()
    if is_channel(name):
        channel = hub.find_channel(name)
        if channel is None:
            if not quiet:
                hub.reply(client, n.ERR_NOSUCHCHANNEL, name)
        elif not may_speak(channel, client):
            if not quiet:
                hub.reply(client, n.ERR_CANNOTSENDTOCHAN, channel.name)
        else:
            said = MultilineSaid(client, command, status + channel.name, open_batch)
            deliver(hub, said, channel, status)
        return
    peer = hub.find_nick(target)
    if peer is None:
        if not quiet:
            hub.reply(client, n.ERR_NOSUCHNICK, _safe(target))
        return
    deliver(hub, MultilineSaid(client, command, peer.nick or target, open_batch), peer)


def _fail(hub: Hub, client: Client, code: str, *params: str) -> None:
    hub.send(client, Message("FAIL", ("BATCH", code, *params), hub.config.name))


def _safe(param: str) -> str:
    """``param`` if it can be a middle parameter of a FAIL line, else ``*``."""
    return "*" if not param or " " in param or param.startswith(":") else param


class MultilineSaid(Said):
    """A complete multiline message, delivered by ``deliver`` like any other."""

    __slots__ = ("_out", "_text")

    def __init__(self, client: Client, command: str, target: str, open_batch: OpenBatch) -> None:
        super().__init__(client, command, target, 1)
        self._out = MultilineOutgoing(
            client.source, command, target, open_batch.lines, open_batch.tags, bot=client.is_bot
        )
        self._text = combined(open_batch.lines)

    def words(self) -> Sequence[str]:
        return (self._text,)

    def outs(self) -> list[Outgoing]:
        return [self._out]

    def kept(self) -> list[tuple[str, Outgoing]]:
        return [(out.message.params[1], out) for out in self._out.history_lines()]

    def keep(self, hub: Hub, channel: Channel, status: str, outs: list[Outgoing]) -> None:
        """Each non-blank line in the history (the first with the message's id, the others
        with ids derived from it, so a replay shows every line and a REDACT removes them all)."""
        if not status:
            for out in self._out.history_lines():
                hub.history.record(channel, out)
        hub.log(f"<{self.target}> {self.client.nick}: {' ↵ '.join(self._text.splitlines())}")


def combined(lines: Sequence[tuple[str, bool]]) -> str:
    """The message's text: lines joined by line feeds, a concat line joined directly."""
    parts: list[str] = []
    for index, (text, concat) in enumerate(lines):
        if index and not concat:
            parts.append("\n")
        parts.append(text)
    return "".join(parts)


class MultilineOutgoing(Outgoing):
    """A multiline message in every variant: a ``draft/multiline`` batch for recipients that
    negotiated it, its non-blank lines one by one for the others.

    It stands for the first non-blank line where an ordinary :class:`Outgoing` is expected
    (its ``message``, ``msgid``, ``time``), so delivery and the REDACT index treat it as one
    message.
    """

    def __init__(
        self,
        source: str,
        command: str,
        target: str,
        lines: Sequence[tuple[str, bool]],
        tags: Mapping[str, str],
        *,
        bot: bool,
    ) -> None:
        self.lines = list(lines)
        self.target = target
        first = next(text for text, _ in lines if text)
        self._variants: dict[tuple[bool, bool, bool], bytes] = {}
        super().__init__(source, command, (target, first), tags, msgid=new_msgid(), bot=bot)

    def history_lines(self) -> list[Outgoing]:
        """The non-blank lines as single messages, for the channel's history."""
        source, command, target = self.message.source or "", self.message.command, self.target
        kept = []
        for number, text in enumerate(text for text, _ in self.lines if text):
            msgid = self.msgid if number == 0 else f"{self.msgid}~{number}"
            kept.append(
                Outgoing(
                    source,
                    command,
                    (target, text),
                    self.client_tags,  # a multiline reply stays a reply in history
                    msgid=msgid,
                    when=self.when,
                    bot=self.bot,
                )
            )
        return kept

    def encoded(self, with_time: bool, with_tags: bool) -> bytes:
        return self._variant(False, with_time, with_tags)

    def for_caps(self, caps: set[str] | frozenset[str]) -> bytes:
        batched = MULTILINE_CAP in caps and "batch" in caps
        return self._variant(batched, SERVER_TIME in caps, MESSAGE_TAGS in caps)

    def _head_tags(self, with_time: bool, with_tags: bool) -> dict[str, str]:
        tags: dict[str, str] = {}
        if with_tags:
            if self.msgid:
                tags["msgid"] = self.msgid
            if self.bot:
                tags.update(BOT_TAGS)
            tags.update(self.client_tags)
        if with_time:
            tags["time"] = self.time
        return tags

    def _variant(self, batched: bool, with_time: bool, with_tags: bool) -> bytes:
        key = (batched, with_time, with_tags)
        data = self._variants.get(key)
        if data is not None:
            return data
        source, command, target = self.message.source, self.message.command, self.target
        out: list[bytes] = []
        if batched:
            ref = f"ml{next(_batch_refs)}"
            tags = self._head_tags(with_time, with_tags)
            out.append(encode(Message("BATCH", (f"+{ref}", BATCH_TYPE, target), source, tags)))
            for text, concat in self.lines:
                tags = {"batch": ref, CONCAT_TAG: ""} if concat else {"batch": ref}
                out.append(encode(Message(command, (target, text), source, tags)))
            out.append(encode(Message("BATCH", (f"-{ref}",), source)))
        else:
            first = True
            for text, _ in self.lines:
                if not text:
                    continue  # the spec: no blank lines to clients without multiline
                tags = self._head_tags(with_time, with_tags)
                if not first:  # the msgid on the first line only (client tags on each)
                    tags.pop("msgid", None)
                out.append(encode(Message(command, (target, text), source, tags)))
                first = False
        data = self._variants[key] = b"".join(out)
        return data


def privmsg(hub: Hub, client: Client, msg: Message) -> None:
    """PRIVMSG: a line of the client's open multiline batch, or an ordinary message."""
    if client.batch is not None and in_batch(client, msg):
        collect(hub, client, msg)
    else:
        messaging.privmsg(hub, client, msg)


def notice(hub: Hub, client: Client, msg: Message) -> None:
    """NOTICE: a line of the client's open multiline batch, or an ordinary notice."""
    if client.batch is not None and in_batch(client, msg):
        collect(hub, client, msg)
    else:
        messaging.notice(hub, client, msg)
