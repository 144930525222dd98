"""Replies, reactions, typing, deletions and multiline messages on the client side.

IRCv3 client tags ``+draft/reply`` (and the ratified ``+reply``), ``+draft/react`` /
``+draft/unreact`` and ``+typing`` arrive on PRIVMSG, NOTICE and TAGMSG; deletions as
``REDACT`` (``draft/message-redaction``); a message of several lines as a ``draft/multiline``
batch. This module turns them into events (:mod:`app.client.events`) and builds what the
session sends. Everything received is untrusted: ids and reactions are bounded, a batch
cannot grow without limit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from app.client.events import (
    ErrorMessage,
    Event,
    MessageReceived,
    MessageRedacted,
    ReactionReceived,
    TypingChanged,
)
from app.client.typing import ACTIVE, DONE, PAUSED
from app.irc import Message, Source
from app.irc.split import split_text

if TYPE_CHECKING:
    from app.client.session import Session

REPLY_TAGS = ("+draft/reply", "+reply")
REACT_TAG = "+draft/react"
UNREACT_TAG = "+draft/unreact"
TYPING_TAG = "+typing"
MULTILINE_CAP = "draft/multiline"
REDACTION_CAP = "draft/message-redaction"
CONCAT_TAG = "draft/multiline-concat"
#: Longest message id taken from a tag (ids are short; anything longer is garbage).
MAX_ID = 128
#: Longest reaction shown (an emoji, a short word).
MAX_REACTION = 32
#: Limits on multiline batches received (the server's are smaller).
MAX_OPEN_BATCHES = 8
MAX_BATCH_LINES = 500
MAX_BATCH_BYTES = 65536
#: Conversations whose last message ids are remembered for /react and /delete.
MAX_RECENT = 256
#: What we assume when a server offers draft/multiline without a max-lines.
DEFAULT_MAX_LINES = 100


def reply_of(tags: Mapping[str, str]) -> str | None:
    """The msgid a message answers, from ``+draft/reply`` or ``+reply``; ``None`` if absent."""
    for key in REPLY_TAGS:
        value = tags.get(key)
        if value and len(value) <= MAX_ID:
            return value
    return None


def reply_tags(msgid: str) -> dict[str, str]:
    """The client tags of a reply: the draft name Gofto and most clients read, and the
    ratified one."""
    return {"+draft/reply": msgid, "+reply": msgid}


def conversation_of(session: Session, target: str, sender: str) -> tuple[str, bool]:
    """Which conversation a message from ``sender`` to ``target`` belongs to, and whether it
    is private (the rule ``on_message`` uses: a status prefix is dropped)."""
    info = session.server_info
    if len(target) > 1 and target[0] in info.statusmsg and info.is_channel(target[1:]):
        target = target[1:]
    if info.is_channel(target):
        return session.roster.conversation_name(target), False
    return session.open_private(target if session.is_me(sender) else sender), True


def on_tagmsg(session: Session, message: Message) -> None:
    """TAGMSG: a typing notification or a reaction (others are not shown, as the spec says)."""
    sender = Source.parse(message.source).nick
    if not message.params or not sender:
        return
    tags = message.tags
    is_self = session.is_me(sender)
    typing = tags.get(TYPING_TAG)
    if typing in (ACTIVE, PAUSED, DONE) and not is_self:
        conversation, _ = conversation_of(session, message.params[0], sender)
        session.emit(TypingChanged(conversation, sender, typing))
    reply_to = reply_of(tags)
    react, unreact = tags.get(REACT_TAG), tags.get(UNREACT_TAG)
    reaction = react or unreact
    if reply_to and reaction and not (react and unreact) and len(reaction) <= MAX_REACTION:
        from app.client.inbound import message_time  # here: inbound imports this module

        conversation, _ = conversation_of(session, message.params[0], sender)
        session.emit(
            ReactionReceived(
                conversation,
                sender,
                reply_to,
                reaction,
                removed=unreact is not None and react is None,
                is_self=is_self,
                time=message_time(message),
                msgid=tags.get("msgid") or None,
            )
        )


def on_redact(session: Session, message: Message) -> None:
    """REDACT <target> <msgid> [:<reason>]: someone deleted a message."""
    sender = Source.parse(message.source).nick
    if len(message.params) < 2 or not sender or len(message.params[1]) > MAX_ID:
        return
    conversation, _ = conversation_of(session, message.params[0], sender)
    reason = message.params[2] if len(message.params) > 2 else ""
    session.emit(MessageRedacted(conversation, message.params[1], sender, reason[:300]))


def on_fail(session: Session, message: Message) -> None:
    """``FAIL REDACT …`` / ``FAIL BATCH MULTILINE_…``: say why a deletion or a multiline
    message did not happen (other FAILs are left to whoever owns their command)."""
    if len(message.params) < 2:
        return
    command, code = message.params[0], message.params[1]
    if command == "REDACT":
        sentence = "error.redact_forbidden" if code == "REDACT_FORBIDDEN" else "error.redact_failed"
        session.emit(ErrorMessage.say(sentence, numeric="FAIL"))
    elif command == "BATCH":
        session.emit(ErrorMessage.say("error.multiline_failed", numeric="FAIL"))


class RecentMessages:
    """The last message id seen in each conversation, from others and from us: what the
    ``/react`` and ``/delete`` commands act on (a terminal shows no message ids)."""

    def __init__(self, fold: Callable[[str], str]) -> None:
        self._fold = fold
        self._theirs: dict[str, str] = {}
        self._mine: dict[str, str] = {}

    def on_event(self, event: Event) -> None:
        """A session listener: remember the ids of messages as they are shown."""
        if isinstance(event, MessageReceived) and event.msgid:
            table = self._mine if event.is_self else self._theirs
            key = self._fold(event.conversation)
            table.pop(key, None)
            table[key] = event.msgid
            if len(table) > MAX_RECENT:
                del table[next(iter(table))]
        elif isinstance(event, MessageRedacted):
            for table in (self._mine, self._theirs):
                key = self._fold(event.conversation)
                if table.get(key) == event.msgid:
                    del table[key]

    def theirs(self, conversation: str) -> str | None:
        """The id of the last message someone else wrote in ``conversation``."""
        return self._theirs.get(self._fold(conversation))

    def mine(self, conversation: str) -> str | None:
        """The id of our own last message in ``conversation`` (known with echo-message)."""
        return self._mine.get(self._fold(conversation))


class MultilineBatches:
    """``draft/multiline`` batches being received, collected until their ``BATCH -ref``."""

    def __init__(self) -> None:
        # ref -> (the BATCH +ref line, its lines so far as (text, concat), [bytes, command])
        self._open: dict[str, tuple[Message, list[tuple[str, bool]], list]] = {}

    def reset(self) -> None:
        """A new connection: no batch is open."""
        self._open.clear()

    def open(self, message: Message) -> bool:
        """``BATCH +ref draft/multiline target``: start collecting; ``False`` if not one."""
        params = message.params
        if len(params) < 3 or params[1] != MULTILINE_CAP or not params[0].startswith("+"):
            return False
        if len(self._open) >= MAX_OPEN_BATCHES:
            del self._open[next(iter(self._open))]
        self._open[params[0][1:]] = (message, [], [0, "PRIVMSG"])
        return True

    def add(self, message: Message) -> bool:
        """A line tagged ``batch=ref`` of an open multiline batch: kept; ``False`` if not."""
        ref = message.tags.get("batch")
        entry = self._open.get(ref) if ref else None
        if entry is None or message.command not in ("PRIVMSG", "NOTICE"):
            return False
        _, lines, size = entry
        text = message.params[1] if len(message.params) > 1 else ""
        size[0] += len(text) + 1
        size[1] = message.command
        if len(lines) < MAX_BATCH_LINES and size[0] <= MAX_BATCH_BYTES:
            lines.append((text, CONCAT_TAG in message.tags))
        return True

    def close(self, ref: str) -> Message | None:
        """``BATCH -ref``: the whole message as one PRIVMSG/NOTICE (text joined with line
        feeds, the batch's tags and source), or ``None`` if it was not ours or is empty."""
        entry = self._open.pop(ref, None)
        if entry is None:
            return None
        opening, lines, (_, command) = entry
        if not lines:
            return None
        text = joined(lines).strip("\n")
        if not text.strip():
            return None
        return Message(command, (opening.params[2], text), opening.source, opening.tags)


def joined(lines: list[tuple[str, bool]]) -> str:
    """A multiline message's text: lines joined by LF, a concat line joined directly."""
    parts: list[str] = []
    for index, (text, concat) in enumerate(lines):
        if index and not concat:
            parts.append("\n")
        parts.append(text)
    return "".join(parts)


def multiline_limits(value: str | None) -> tuple[int, int]:
    """(max-bytes, max-lines) from the capability's value (``max-bytes=…,max-lines=…``)."""
    max_bytes, max_lines = 0, DEFAULT_MAX_LINES
    for token in (value or "").split(","):
        key, _, number = token.partition("=")
        if number.isdigit():
            if key == "max-bytes":
                max_bytes = int(number)
            elif key == "max-lines":
                max_lines = int(number)
    return max_bytes, max_lines


def multiline_batches(
    text: str, budget: int, max_bytes: int, max_lines: int
) -> list[list[tuple[str, bool]]]:
    """``text`` (lines joined by LF) as batches of (line, concat) within the server's limits.

    A line longer than ``budget`` bytes is cut where a space is and continued with
    ``draft/multiline-concat``, the space left at the end of the piece (as the spec
    recommends). A text longer than one batch allows becomes several batches.
    """
    lines: list[tuple[str, bool]] = []
    for line in text.split("\n"):
        if not line:
            lines.append(("", False))
            continue
        pos = 0
        for number, cut in enumerate(split_text(line, max(budget - 1, 16))):
            pos += len(cut)
            space = pos < len(line) and line[pos] == " "
            pos += space
            lines.append((cut + " " if space else cut, number > 0))
    batches: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    size = 0
    for piece, joined in lines:
        concat = joined
        cost = len(piece.encode()) + (1 if current and not concat else 0)
        if current and (len(current) >= max_lines or size + cost > max_bytes):
            batches.append(current)
            current, size = [], 0
            concat, cost = False, len(piece.encode())
        if current or piece:  # no batch starts with a blank line
            current.append((piece, concat))
            size += cost
    if current:
        batches.append(current)
    for batch in batches:
        while batch and not batch[-1][0]:
            batch.pop()
    return [batch for batch in batches if any(piece for piece, _ in batch)]
