"""Replies, reactions, deletions and typing, as the presenter keeps them for every front end.

Message records are frozen; a reaction or a deletion produces a *new* record for the same
message, announced as :class:`~app.client.presentation.presenter.Updated` (a ``Replaced``
whose ``what`` says why, so a front end that only knows ``Replaced`` redraws it in place).
:class:`ConvoState` remembers the last :data:`MAX_KNOWN` message records by ``msgid`` to do
that, and who is typing where, with expiry read from the presenter's injected clock
(IRCv3 ``+typing``: 6 s after ``active``, 30 s after ``paused``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

from app.client.catalogue import Sentence
from app.client.presentation.direction import isolate
from app.client.presentation.records import Record
from app.client.presentation.text import name, plain, text_of
from app.client.typing import ACTIVE, DONE, EXPIRY
from app.irc.names import fold

#: Message records remembered by msgid (for replies' quotes, reactions and deletions).
MAX_KNOWN = 5000
#: Longest quote of the parent shown with a reply.
MAX_QUOTE = 80
#: Most different reactions kept on one message, and nicks per reaction.
MAX_REACTIONS = 20
MAX_REACTORS = 50


class ConvoState:
    """Known message records by id, and typing states per conversation."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._known: dict[str, tuple[str, Record]] = {}  # msgid -> (conversation key, record)
        # conversation key -> folded nick -> (nick as shown, when it expires)
        self._typing: dict[str, dict[str, tuple[str, datetime]]] = {}

    # -- records ----------------------------------------------------------------------------
    def remember(self, conversation_key: str, record: Record) -> None:
        """Keep a message record (one with a server msgid) for later updates."""
        known = self._known
        known.pop(record.id, None)
        known[record.id] = (conversation_key, record)
        if len(known) > MAX_KNOWN:
            del known[next(iter(known))]

    def find(self, conversation_key: str, msgid: str) -> Record | None:
        """The message ``msgid`` if it is known and was shown in that conversation (a
        REDACT or reaction naming another conversation's message is ignored, as the
        spec asks)."""
        found = self._known.get(msgid)
        return found[1] if found is not None and found[0] == conversation_key else None

    def with_reply(self, conversation_key: str, record: Record, reply_to: str | None) -> Record:
        """``record`` with its reply fields: the parent's id and, if known, a quote of it."""
        if not reply_to:
            return record
        parent = self.find(conversation_key, reply_to)
        if parent is None:
            return dataclasses.replace(record, reply_to=reply_to)
        quote = "" if parent.redacted else plain(text_of(parent.spans), MAX_QUOTE)
        return dataclasses.replace(
            record, reply_to=reply_to, reply_sender=parent.sender, reply_text=quote
        )

    def react(self, record: Record, nick: str, reaction: str, *, removed: bool) -> Record | None:
        """``record`` with ``nick``'s ``reaction`` added or taken back; ``None`` if unchanged."""
        reaction = plain(reaction, 32)
        who = name(nick)
        table = {emoji: list(nicks) for emoji, nicks in record.reactions}
        nicks = table.get(reaction)
        if removed:
            if nicks is None or who not in nicks:
                return None
            nicks.remove(who)
            if not nicks:
                del table[reaction]
        else:
            if nicks is None:
                if len(table) >= MAX_REACTIONS:
                    return None
                nicks = table[reaction] = []
            if who in nicks or len(nicks) >= MAX_REACTORS:
                return None
            nicks.append(who)
        reactions = tuple((emoji, tuple(people)) for emoji, people in table.items())
        return dataclasses.replace(record, reactions=reactions)

    # -- typing -----------------------------------------------------------------------------
    def typing_changed(self, conversation_key: str, nick: str, state: str) -> bool:
        """A ``+typing`` notification; whether who is typing there changed."""
        people = self._typing.setdefault(conversation_key, {})
        key = fold(nick)
        if state == DONE or state not in EXPIRY:
            return people.pop(key, None) is not None
        was = key in people
        people[key] = (name(nick), self._clock() + timedelta(seconds=EXPIRY[state]))
        return not was or state == ACTIVE

    def stopped(self, conversation_key: str | None, nick: str) -> list[str]:
        """``nick`` sent a message or left (``None``: every conversation); the conversations
        where they were typing."""
        key = fold(nick)
        keys = [conversation_key] if conversation_key is not None else list(self._typing)
        return [k for k in keys if self._typing.get(k, {}).pop(key, None) is not None]

    def typing(self, conversation_key: str) -> tuple[str, ...]:
        """Who is typing in the conversation now (expired states left out)."""
        now = self._clock()
        people = self._typing.get(conversation_key, {})
        return tuple(nick for nick, until in people.values() if until > now)

    def expire(self) -> list[str]:
        """Forget expired states; the conversations whose typing line changed."""
        now = self._clock()
        changed = []
        for key, people in self._typing.items():
            gone = [nick for nick, (_, until) in people.items() if until <= now]
            for nick in gone:
                del people[nick]
            if gone:
                changed.append(key)
        return changed


def typing_sentence(nicks: tuple[str, ...]) -> Sentence | None:
    """ "Reza is typing…" (or two names, or a count) as a catalogue sentence; ``None`` if nobody."""
    if not nicks:
        return None
    if len(nicks) == 1:
        return Sentence("convo.typing_one", {"nick": isolate(nicks[0])})
    if len(nicks) == 2:
        return Sentence("convo.typing_two", {"nick": isolate(nicks[0]), "other": isolate(nicks[1])})
    return Sentence("convo.typing_many", {"count": str(len(nicks))})


def reactions_text(record: Record, digits: Callable[[str], str] = str) -> str:
    """A record's reactions as one short line: ``👍 2 (alice, bob) · 😂 1 (reza)``; the counts
    written by ``digits`` (a :meth:`~app.client.catalogue.Texts.digits`: Persian ones in
    Persian)."""
    parts = []
    for emoji, nicks in record.reactions:
        people = ", ".join(nicks[:5]) + ("…" if len(nicks) > 5 else "")
        parts.append(f"{isolate(emoji)} {digits(str(len(nicks)))} ({isolate(people)})")
    return " · ".join(parts)
