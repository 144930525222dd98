"""Who sent which message id where: what ``REDACT`` needs to decide who may delete what.

Why an index of its own: a channel's history keeps only its last lines and no private message
or ``TAGMSG`` at all, yet IRCv3 ``draft/message-redaction`` lets a person delete any message
of theirs they can name by ``msgid``. :class:`SentIndex` keeps the last :data:`MAX_SENT`
messages' ids (bounded: anyone can send, so memory must not grow with traffic) with the
sender's full source and where the message went. Guarded by the hub's lock, like the rest of
the model.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many recent message ids are remembered for redaction (about 2 MB at most).
MAX_SENT = 20_000


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One delivered message: its sender's ``nick!user@host``, its command and its place.

    ``where`` is the folded channel name for a channel message, or the pair of folded nicks
    (sender, recipient) for a private one, so either party can name the conversation.
    """

    source: str
    command: str
    where: str | tuple[str, str]


class SentIndex:
    """The last :data:`MAX_SENT` message ids, oldest forgotten first."""

    def __init__(self, size: int = MAX_SENT) -> None:
        self._size = size
        self._sent: dict[str, SentMessage] = {}

    def remember(self, msgid: str, message: SentMessage) -> None:
        """Record a message that was just delivered (call under the hub's lock)."""
        sent = self._sent
        sent[msgid] = message
        if len(sent) > self._size:
            del sent[next(iter(sent))]

    def find(self, msgid: str) -> SentMessage | None:
        """The message with this id, if it is still remembered."""
        return self._sent.get(msgid)

    def forget(self, msgid: str) -> None:
        """Drop a deleted message: it cannot be deleted twice."""
        self._sent.pop(msgid, None)
