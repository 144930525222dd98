"""The host's chat history: what was said in each room and each private conversation.

Why in memory: IRCv3 ``draft/chathistory`` queries (:mod:`app.server.handlers.chathistory`)
are answered under the hub's lock from per-conversation deques of the very
:class:`~app.server.outgoing.Outgoing` objects that were relayed, so recording a message is one
``deque.append`` and nothing is formatted until someone asks. With a :class:`~app.server.store.
Store` every recorded line is also queued for the SQLite file, and read back at start.

Conversations are keyed so that a name can never reach someone else's lines:

- a room: its folded name (``#lobby``);
- a private conversation: ``~`` and the two parties' identities, sorted, where an identity is
  ``a:<account>`` for someone logged in to an account and ``n:<nick>`` otherwise. Only the
  holder of an account identity may read a conversation (see :meth:`History.may_read`), so a
  conversation between two unowned nicks is never kept at all.

Bounds: each conversation keeps its last ``size`` lines; at most :data:`MAX_CONVERSATIONS`
are kept overall and :data:`MAX_PRIVATE_PER_ACCOUNT` private ones per identity (beyond them,
the one spoken in longest ago is forgotten).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.irc.history import Reference
from app.irc.message import ParseError, parse_tags
from app.irc.names import fold
from app.server.limits import CHATHISTORY_MAX
from app.server.outgoing import Outgoing

if TYPE_CHECKING:
    from app.server.state import Channel
    from app.server.store import Store, StoredLine

#: Lines kept per conversation unless the server is told otherwise.
DEFAULT_SIZE = 200
#: Conversations kept (rooms and private ones together); anyone may create rooms.
MAX_CONVERSATIONS = 2000
#: Private conversations kept per identity (an account or an unowned nick).
MAX_PRIVATE_PER_ACCOUNT = 100
#: The most lines one ``CHATHISTORY`` request returns (advertised as ``CHATHISTORY=``).
MAX_REQUEST = CHATHISTORY_MAX
PRIVATE_PREFIX = "~"


def is_replayable(text: str) -> bool:
    """Whether a message's text belongs in history: anything but a CTCP request.

    ``/me`` (``\\x01ACTION …``) is conversation; ``VERSION``/``PING`` requests replayed
    later would make every client that fetches history answer them.
    """
    return not text.startswith("\x01") or text.startswith("\x01ACTION ")


def account_identity(account_key: str) -> str:
    """The identity of someone logged in to the account whose folded name is given."""
    return f"a:{account_key}"


def nick_identity(nick_key: str) -> str:
    """The identity of someone not logged in, by folded nick."""
    return f"n:{nick_key}"


def private_key(one: str, other: str) -> str:
    """The key of the private conversation between two identities (order does not matter)."""
    first, second = sorted((one, other))
    return f"{PRIVATE_PREFIX}{first} {second}"


def _millis(when: float) -> int:
    """A time at the millisecond the ``time`` tag shows: what references compare with."""
    return math.floor(when * 1000)


def _stored_tags(text: str) -> dict[str, str]:
    """A stored line's client-only tags (none if the file holds something unreadable)."""
    try:
        tags = parse_tags(text)
    except ParseError:
        return {}
    return {key: value for key, value in tags.items() if key.startswith("+")}


def _continues(line_id: str | None, msgid: str) -> bool:
    """Whether ``line_id`` is a later line of multiline message ``msgid`` (``msgid~N``)."""
    return line_id is not None and line_id.startswith(msgid + "~")


class History:
    """Per-conversation deques of recent :class:`Outgoing` lines; guarded by the hub's lock."""

    def __init__(self, size: int = DEFAULT_SIZE, store: Store | None = None) -> None:
        self.size = max(0, size)
        self.store = store
        # Most recently spoken-in last: the first one is the one forgotten when full.
        self._logs: OrderedDict[str, deque[Outgoing]] = OrderedDict()
        #: The nick each identity last used here, to name private conversations in TARGETS.
        self._names: dict[str, str] = {}

    # -- recording ---------------------------------------------------------------------------

    def backlog(self, key: str) -> deque[Outgoing]:
        """The deque of the room ``key``, for ``Channel.backlog``: the kept one (it outlives a
        room that emptied), else a new one, counted among the conversations only once
        something is said in it (joining empty rooms forgets nobody's history)."""
        backlog = self._logs.get(key)
        return backlog if backlog is not None else deque(maxlen=self.size)

    def _adopt(self, key: str, backlog: deque[Outgoing]) -> None:
        """Keep ``backlog`` as conversation ``key``; beyond the limit the conversation
        spoken in longest ago is forgotten."""
        while len(self._logs) >= MAX_CONVERSATIONS:
            self._forget(next(iter(self._logs)))
        self._logs[key] = backlog

    def _forget(self, key: str) -> None:
        """Drop a conversation, from the file too (so the file stays bounded as well)."""
        del self._logs[key]
        if self.store is not None:
            self.store.execute("DELETE FROM lines WHERE channel_key = ?", (key,))

    def record(self, channel: Channel, out: Outgoing) -> None:
        """Remember a room message (call under the hub's lock, after relaying it)."""
        channel.backlog.append(out)
        key = channel.history_key or fold(channel.name)
        try:
            self._logs.move_to_end(key)  # spoken in last: forgotten last
        except KeyError:
            self._adopt(key, channel.backlog)
        store = self.store
        if store is not None:
            store.line(None, out)  # folded and written on the store's own thread

    def record_private(
        self, sender: tuple[str, str], recipient: tuple[str, str], out: Outgoing
    ) -> None:
        """Remember a private message between two ``(identity, nick)`` parties.

        Not kept when neither party has an account: nobody could ever be given it.
        """
        if not (sender[0].startswith("a:") or recipient[0].startswith("a:")) or not self.size:
            return
        key = private_key(sender[0], recipient[0])
        self._names[sender[0]] = sender[1]
        self._names[recipient[0]] = recipient[1]
        if key not in self._logs:
            self._limit_private(sender[0])
            self._limit_private(recipient[0])
            self._adopt(key, deque(maxlen=self.size))
        self._logs[key].append(out)
        self._logs.move_to_end(key)
        if self.store is not None:
            self.store.line(key, out)

    def _limit_private(self, identity: str) -> None:
        mine = [
            key
            for key in self._logs
            if key.startswith(PRIVATE_PREFIX) and identity in key[1:].split(" ")
        ]
        for key in mine[: max(0, len(mine) - MAX_PRIVATE_PER_ACCOUNT + 1)]:
            self._forget(key)

    def restore(self, lines: Iterable[StoredLine]) -> None:
        """Put lines read from disk in front of what was recorded since the start."""
        loaded: dict[str, list[Outgoing]] = {}
        for line in lines:
            out = Outgoing(
                line.source,
                line.command,
                (line.target, line.text),
                _stored_tags(line.tags),
                msgid=line.msgid or None,
                when=line.at,
                bot=line.bot,
                account=line.account,
            )
            loaded.setdefault(line.key, []).append(out)
            if line.key.startswith(PRIVATE_PREFIX):
                self._name_parties(line)
        for key, old in loaded.items():
            backlog = self._logs.get(key)
            if backlog is None:
                backlog = deque(maxlen=self.size)
                self._adopt(key, backlog)
            newer = list(backlog)
            backlog.clear()
            backlog.extend(old)
            backlog.extend(newer)

    def _name_parties(self, line: StoredLine) -> None:
        """Remember the nicks of a stored private line's two parties (for TARGETS)."""
        nick = line.source.split("!", 1)[0]
        sender = account_identity(fold(line.account)) if line.account else nick_identity(fold(nick))
        self._names[sender] = nick
        for identity in line.key[1:].split(" "):
            if identity != sender:
                self._names.setdefault(identity, line.target)

    # -- reading -----------------------------------------------------------------------------

    def forget(self, channel: Channel | None, msgid: str) -> Outgoing | None:
        """Remove a deleted message (IRCv3 ``REDACT``) so no CHATHISTORY shows it again: from
        ``channel``'s history, or (``None``) from the private conversations'; from the file
        too. The removed line, or ``None`` when no history holds it (any more). A multiline
        message is kept as its lines (``msgid``, then ``msgid~1``, ``msgid~2``…): all go."""
        if channel is not None:
            backlogs = [channel.backlog]
        else:
            backlogs = [log for key, log in self._logs.items() if key.startswith(PRIVATE_PREFIX)]
        gone: list[Outgoing] = []
        for backlog in backlogs:
            found = [out for out in backlog if out.msgid == msgid or _continues(out.msgid, msgid)]
            for out in found:
                backlog.remove(out)
            gone.extend(found)
        if gone and self.store is not None:
            for out in gone:
                self.store.execute("DELETE FROM lines WHERE msgid = ?", (out.msgid or "",))
        return gone[0] if gone else None

    def lines(self, key: str) -> list[Outgoing]:
        """The remembered lines of a conversation, oldest first (a copy)."""
        backlog = self._logs.get(key)
        return list(backlog) if backlog else []

    @staticmethod
    def may_read(key: str, identity: str) -> bool:
        """Whether ``identity`` may be given the private conversation ``key``: only an
        account identity, and only its own conversations."""
        return (
            identity.startswith("a:")
            and key.startswith(PRIVATE_PREFIX)
            and identity in key[1:].split(" ")
        )

    def partner(self, key: str, identity: str) -> str | None:
        """The nick to show for the other party of a private conversation."""
        parts = key[1:].split(" ")
        if identity not in parts or len(parts) != 2:
            return None
        other = parts[1] if parts[0] == identity else parts[0]
        return self._names.get(other) or other[2:]

    def private_keys(self, identity: str) -> list[str]:
        """The private conversations ``identity`` may read."""
        return [key for key in self._logs if self.may_read(key, identity)]

    def select(self, key: str, sub: str, refs: list[Reference], limit: int) -> list[Outgoing]:
        """The lines of ``CHATHISTORY <sub>`` over conversation ``key``, oldest first.

        ``refs``: one reference (two for ``BETWEEN``); a ``msgid`` no longer kept selects
        nothing. Follows draft/chathistory: every bound excludes the referenced message,
        except that ``AROUND`` centres on it.
        """
        items = self.lines(key)
        bounds = [self._bounds(items, ref) for ref in refs]
        if any(bound is None for bound in bounds):
            return []
        if sub == "LATEST":
            start = 0 if refs[0].kind == "*" else bounds[0][0]  # type: ignore[index]
            return items[start:][-limit:] if limit else []
        after, before = bounds[0]  # type: ignore[misc]
        if sub == "BEFORE":
            return items[:before][-limit:] if limit else []
        if sub == "AFTER":
            return items[after:][:limit]
        if sub == "AROUND":
            centre = before  # the referenced message (msgid) or the first at/after the time
            start = max(0, min(centre - limit // 2, len(items) - limit))
            return items[start : start + limit]
        # BETWEEN: forwards when the first reference is the earlier one, else backwards.
        other_after, other_before = bounds[1]  # type: ignore[misc]
        if after <= other_after:
            return items[after:other_before][:limit]
        return items[other_after:before][-limit:] if limit else []

    @staticmethod
    def _bounds(items: list[Outgoing], ref: Reference) -> tuple[int, int] | None:
        """``(first index after, first index not before)`` the reference, or ``None`` for a
        msgid that is not there. ``items[after:]`` are strictly later, ``items[:before]``
        strictly earlier."""
        if ref.kind == "*":
            return 0, len(items)
        if ref.kind == "msgid":
            for index, out in enumerate(items):
                if out.msgid == ref.value:
                    return index + 1, index
            return None
        wanted = _millis(ref.when)
        before = next((i for i, out in enumerate(items) if _millis(out.when) >= wanted), len(items))
        after = next((i for i, out in enumerate(items) if _millis(out.when) > wanted), len(items))
        return after, before

    def latest_time(self, key: str) -> float | None:
        """When the conversation's latest kept line was said."""
        backlog = self._logs.get(key)
        return backlog[-1].when if backlog else None
