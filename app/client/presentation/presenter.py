"""Session events → conversations → display records, once for every front end.

A :class:`Presenter` listens to a :class:`~app.client.session.Session` and decides where each
event is shown (which conversation, opening private ones), what it looks like (a
:class:`~app.client.presentation.records.Record`: a catalogue code and safe parameters, or a
message's sender and styled spans), what counts as unread or as a mention, and what stays
quiet after a reconnection (no replayed MOTD or welcome, no second "You joined", the "not
sent yet" line *becomes* the sent line). The front end draws the :class:`Change` objects it
is handed and tells the presenter what the person is looking at (:meth:`Presenter.focus`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.client import events as ev
from app.client.catalogue import Sentence
from app.client.presentation import records as rec
from app.client.presentation.convo import ConvoState, typing_sentence
from app.client.presentation.direction import isolate
from app.client.presentation.records import Record
from app.client.presentation.text import Span, name, plain, spans, text_of
from app.irc.names import fold, is_channel

if TYPE_CHECKING:
    from app.client.session import Session

log = logging.getLogger(__name__)

#: Typed-offline messages remembered per conversation to turn into their sent line.
MAX_PENDING = 500
#: Others' message times remembered per conversation to count what is newer than its read
#: marker (the unread count a restart or another device leaves).
MAX_COUNTED = 1000
#: Gap rows remembered per conversation (each is a hole a search jump left; see spans).
MAX_GAPS = 32


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False, slots=True)
class Conversation:
    """A room or a private conversation, as the front ends show it (one tab each)."""

    name: str
    private: bool
    unread: int = 0
    #: Whether an unread message mentions us (or is private).
    highlighted: bool = False
    topic: tuple[Span, ...] = ()
    pending: list[Record] = field(default_factory=list)
    #: Showing a history replay (after its separator) until a live message arrives.
    replaying: bool = False
    #: Holes left in fetched history: the gap row's record id → ``(upper, lower)``, the
    #: message ids of the lines just above and just below it.
    gaps: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: How far the person read this conversation (the host's read marker, or ours), if known.
    last_read: datetime | None = None
    #: The newest message time shown: what "read" means when the person looks at it.
    newest: datetime | None = None
    #: The server id of the oldest message shown: where scrolling up asks for more.
    oldest_id: str | None = None
    #: The server id of the newest message shown (live or replayed on join).
    newest_id: str | None = None
    #: The last replay's separator line, the newest message id shown before it and the first
    #: replayed: where a gap row goes if the replay may have skipped lines (a reconnect).
    replay_mark: tuple[Record, str | None, str | None] | None = None
    #: Whether this connection's "new since you left" divider is placed.
    divided: bool = False
    #: Others' message times, oldest first (bounded): unread = those after ``last_read``.
    others: deque[datetime] = field(default_factory=lambda: deque(maxlen=MAX_COUNTED))
    #: The folded name, for comparisons (see :func:`app.irc.fold`); follows :meth:`rename`.
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = fold(self.name)

    def rename(self, new_name: str) -> None:
        """The other person of a private conversation changed nick."""
        self.name = new_name
        self.key = fold(new_name)

    @property
    def is_channel(self) -> bool:
        """Whether this is a room rather than a private conversation."""
        return not self.private and is_channel(self.name)

    @property
    def title(self) -> str:
        """The name, safe to show (cleaned, bounded, no bidi controls)."""
        return name(self.name)


# -- what the front end is told -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Change:
    """Base of everything a presenter tells its front end."""


@dataclass(frozen=True, slots=True)
class Opened(Change):
    """A conversation appeared; ``select`` asks the front end to show it (and focus input)."""

    conversation: Conversation
    select: bool


@dataclass(frozen=True, slots=True)
class Selected(Change):
    """Show this (already open) conversation and put the cursor in it (``/query``)."""

    conversation: Conversation


@dataclass(frozen=True, slots=True)
class Renamed(Change):
    """A private conversation followed its person to a new nick (``old_key`` was its key)."""

    conversation: Conversation
    old_key: str


@dataclass(frozen=True, slots=True)
class Added(Change):
    """A record to append to ``conversation``."""

    conversation: Conversation
    record: Record


@dataclass(frozen=True, slots=True)
class Replaced(Change):
    """The record ``old_id`` (a "not sent yet" line) is now ``record``, in the same place."""

    conversation: Conversation
    old_id: str
    record: Record


@dataclass(frozen=True, slots=True)
class Prepended(Change):
    """Older records to insert *above* everything ``conversation`` shows (oldest first): the
    person scrolled up, opened a private conversation, or jumped to a message. ``complete``:
    there is nothing older. ``around``: the record id a search jump waits for."""

    conversation: Conversation
    records: tuple[Record, ...]
    complete: bool
    around: str | None


@dataclass(frozen=True, slots=True)
class GapFilled(Change):
    """``records`` (oldest first) take the place of the row ``gap_id``: the lines of a gap row
    arrived (when the hole was longer than one fetch, they start with a new gap row, the rest
    of it), or a rejoin's replay may have skipped lines and its separator row becomes a gap
    row followed by that separator."""

    conversation: Conversation
    gap_id: str
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Updated(Replaced):
    """A message changed in place: ``what`` is ``"reactions"`` or ``"redacted"`` (a front
    end that only knows :class:`Replaced` redraws it; a terminal prints a short line)."""

    what: str = ""


@dataclass(frozen=True, slots=True)
class TypingShown(Change):
    """Who is typing in ``conversation`` changed: ask :meth:`Presenter.typing_sentence`."""

    conversation: Conversation


@dataclass(frozen=True, slots=True)
class UnreadChanged(Change):
    """``conversation.unread`` or ``.highlighted`` changed."""

    conversation: Conversation


@dataclass(frozen=True, slots=True)
class TopicChanged(Change):
    """``conversation.topic`` changed."""

    conversation: Conversation


@dataclass(frozen=True, slots=True)
class MembersChanged(Change):
    """Who is in ``channel`` changed (``None``: maybe every channel, e.g. away states)."""

    channel: str | None


@dataclass(frozen=True, slots=True)
class ConnectionChanged(Change):
    """Online again (``online``) or offline, waiting for a reconnection (``reason``)."""

    online: bool
    reason: str = ""
    #: Whether a reconnection follows (false after /quit or a refusal).
    will_reconnect: bool = True


@dataclass(frozen=True, slots=True)
class Notify(Change):
    """Tell the person, who is not looking: a private message or a mention."""

    conversation: Conversation
    record: Record


@dataclass(frozen=True, slots=True)
class Registered(Change):
    """We are (again) on the server as ``nick``; ``first`` for the first time."""

    nick: str
    first: bool


@dataclass(frozen=True, slots=True)
class QuitRequested(Change):
    """The person typed ``/quit``: the front end closes."""

    message: str


def _who(nick: str) -> str:
    return isolate(name(nick))


def _quoted(text: str) -> str:
    return isolate(plain(text))


class Presenter:
    """Routes one session's events to conversations as records (see the module docstring)."""

    def __init__(self, session: Session, *, clock: Callable[[], datetime] = _now) -> None:
        self._session = session
        self._clock = clock
        self._listeners: list[Callable[[Change], None]] = []
        self._conversations: dict[str, Conversation] = {}
        self._focused: str | None = None
        self._active = True
        self._online = False
        self._ever_registered = False
        #: The host turned us away (a registration failure): the closing that follows adds
        #: no "Disconnected" line under the sentence that says why.
        self._refused = False
        self._registering = False
        self._offline_in: set[str] = set()  # conversations told "disconnected"
        self._rejoining: set[str] = set()  # rooms we will be put back in: no "You joined"
        self._handlers: dict[type, Callable[[ev.Event], None]] = {
            ev.MessageReceived: self._message,  # type: ignore[dict-item]
            ev.MessageQueued: self._queued,  # type: ignore[dict-item]
            ev.Joined: self._joined,  # type: ignore[dict-item]
            ev.Parted: self._parted,  # type: ignore[dict-item]
            ev.Kicked: self._kicked,  # type: ignore[dict-item]
            ev.UserQuit: self._user_quit,  # type: ignore[dict-item]
            ev.NickChanged: self._nick_changed,  # type: ignore[dict-item]
            ev.MembersChanged: self._members_changed,  # type: ignore[dict-item]
            ev.TopicChanged: self._topic,  # type: ignore[dict-item]
            ev.AwayChanged: self._away,  # type: ignore[dict-item]
            ev.ModeChanged: self._mode,  # type: ignore[dict-item]
            ev.Info: self._info,  # type: ignore[dict-item]
            ev.ErrorMessage: self._error,  # type: ignore[dict-item]
            ev.Disconnected: self._disconnected,  # type: ignore[dict-item]
            ev.Registered: self._registered,  # type: ignore[dict-item]
            ev.RegistrationFailed: self._registration_failed,  # type: ignore[dict-item]
            ev.PrivateRequested: self._private_requested,  # type: ignore[dict-item]
            ev.QuitRequested: self._quit_requested,  # type: ignore[dict-item]
            ev.HistoryFetched: self._history_fetched,  # type: ignore[dict-item]
            ev.ReplayMaySkip: self._replay_may_skip,  # type: ignore[dict-item]
            ev.HistoryRequested: self._history_requested,  # type: ignore[dict-item]
            ev.ReadMarkerChanged: self._read_marker,  # type: ignore[dict-item]
            ev.ReactionReceived: self._reaction,  # type: ignore[dict-item]
            ev.MessageRedacted: self._redacted,  # type: ignore[dict-item]
            ev.TypingChanged: self._typing_changed,  # type: ignore[dict-item]
        }
        #: Message records by msgid, and who is typing where (app.client.presentation.convo).
        self._convo = ConvoState(clock)

    # -- wiring ------------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[Change], None]) -> None:
        """Call ``listener(change)`` for every change, in order, synchronously."""
        self._listeners.append(listener)

    def on_event(self, event: ev.Event) -> None:
        """Feed one session event (register this with ``Session.add_listener``)."""
        handler = self._handlers.get(type(event))
        if handler is None:
            return
        try:
            handler(event)
            if isinstance(event, ev.MessageReceived | ev.Parted | ev.Kicked | ev.UserQuit):
                self._typing_stopped(event)
        except Exception:
            log.exception("could not present %r", event)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:
                log.exception("listener failed on %r", change)

    # -- what the front end reads and says -----------------------------------------------------
    @property
    def online(self) -> bool:
        """Whether we are connected and registered (else the front end shows "offline")."""
        return self._online

    def conversation(self, conversation_name: str) -> Conversation | None:
        """The conversation called ``conversation_name`` (folded), if open."""
        return self._conversations.get(fold(conversation_name))

    def conversations(self) -> list[Conversation]:
        """Every open conversation, in the order they opened."""
        return list(self._conversations.values())

    def unread_total(self) -> int:
        """Unread messages over all conversations."""
        return sum(c.unread for c in self._conversations.values())

    def open(self, conversation_name: str, *, private: bool, select: bool = False) -> Conversation:
        """The conversation ``conversation_name``, opened (and announced) if it was not."""
        key = fold(conversation_name)
        found = self._conversations.get(key)
        if found is None:
            found = self._conversations[key] = Conversation(conversation_name, private)
            self._emit(Opened(found, select))
        elif select:
            self._emit(Selected(found))
        return found

    def open_private(self, nick: str) -> Conversation:
        """Open (or show) the private conversation with ``nick``."""
        return self.open(self._session.open_private(nick), private=True, select=True)

    def close(self, conversation_name: str) -> None:
        """The person closed a private conversation's tab: forget it."""
        self._conversations.pop(fold(conversation_name), None)
        if self._focused == fold(conversation_name):
            self._focused = None

    def focus(self, conversation_name: str | None, *, active: bool) -> None:
        """What the person looks at: ``conversation_name`` in a window that is ``active``.

        The conversation they look at counts as read; messages elsewhere (or while the window
        is in the background) count as unread and may notify.
        """
        self._focused = fold(conversation_name) if conversation_name else None
        self._active = active
        if active and conversation_name:
            found = self.conversation(conversation_name)
            if found is not None:
                self.mark_read(found)

    def mark_read(self, conversation: Conversation) -> None:
        """Clear ``conversation``'s unread count; it is read up to its newest line (told to the
        host by :meth:`flush_read`)."""
        if conversation.newest is not None and (
            conversation.last_read is None or conversation.newest > conversation.last_read
        ):
            conversation.last_read = conversation.newest
        if conversation.unread or conversation.highlighted:
            conversation.unread = 0
            conversation.highlighted = False
            self._emit(UnreadChanged(conversation))

    def flush_read(self) -> int:
        """Tell the host how far each conversation was read (``MARKREAD``, forward only).

        Why separate from :meth:`mark_read`: a conversation being watched is read at every
        message; a front end calls this on a slow timer (and when the person looks elsewhere),
        so the host hears of it once in a while, not once a message. Returns how many were sent.
        """
        sent = 0
        for conversation in self._conversations.values():
            if conversation.last_read is not None and self._session.mark_read(
                conversation.name, conversation.last_read
            ):
                sent += 1
        return sent

    def older(self, conversation: Conversation) -> bool:
        """The person scrolled to the top: ask for the lines before the oldest message shown
        (the latest ones when none is). ``False``: nothing more to ask for now."""
        return self._session.fetch_older(conversation.name, conversation.oldest_id)

    def around(self, conversation: Conversation, record_id: str) -> bool:
        """A search result not shown yet: ask for it with every line between it and the
        oldest one shown, so no hole is left silently (a :class:`Prepended` with
        ``around=record_id`` follows; a stretch too long to fetch at once holds a gap row)."""
        return self._session.fetch_jump(conversation.name, record_id, conversation.oldest_id)

    def fill_gap(self, conversation: Conversation, gap_id: str) -> bool:
        """The person activated the gap row ``gap_id``: ask for the missing lines (a
        :class:`GapFilled` follows). ``False``: not a hole here, or nothing could be asked."""
        bounds = conversation.gaps.get(gap_id)
        if bounds is None:
            return False
        return self._session.fetch_gap(conversation.name, *bounds)

    def has_more(self, conversation: Conversation) -> bool:
        """Whether scrolling up in ``conversation`` may still bring older lines."""
        return self._session.has_more_history(conversation.name)

    def _seen(self, conversation: Conversation) -> bool:
        return self._active and self._focused == conversation.key

    def _count(self, conversation: Conversation, *, highlight: bool) -> None:
        if self._seen(conversation):
            self.mark_read(conversation)
            return
        conversation.unread += 1
        conversation.highlighted = conversation.highlighted or highlight
        self._emit(UnreadChanged(conversation))

    # -- helpers -------------------------------------------------------------------------------
    def _add(self, conversation: Conversation | None, record: Record) -> None:
        if conversation is not None:
            self._emit(Added(conversation, record))

    def _line(self, kind: str, when: datetime | None = None, **params: str) -> Record:
        return Record(kind, when or self._clock(), params=tuple(params.items()))

    def _current(self) -> Conversation | None:
        if self._focused is not None and self._focused in self._conversations:
            return self._conversations[self._focused]
        room = self._session.room
        if room:
            return self.open(room, private=False)
        return next(iter(self._conversations.values()), None)

    def _target(self, conversation_name: str | None) -> Conversation | None:
        if conversation_name:
            found = self.conversation(conversation_name)
            if found is not None:
                return found
        return self._current()

    def connecting(self) -> None:
        """A connection was made and is registering (the front end's transport connected)."""
        self._registering = True

    @property
    def _reconnecting(self) -> bool:
        """Registering again after a drop: the server's welcome and MOTD are not news."""
        return self._ever_registered and self._registering

    # -- events --------------------------------------------------------------------------------
    def _message(self, event: ev.MessageReceived) -> None:
        conversation = self.open(event.conversation, private=event.is_private)
        if event.is_history and not conversation.replaying:
            conversation.replaying = True
            separator = self._line("line.earlier", event.time)
            conversation.replay_mark = (separator, conversation.newest_id, event.msgid)
            self._add(conversation, separator)
        elif not event.is_history:
            conversation.replaying = False
        if event.msgid:
            conversation.newest_id = event.msgid
        record = self._message_record(event)
        record = self._convo.with_reply(conversation.key, record, event.reply_to)
        if event.msgid:
            self._convo.remember(conversation.key, record)
        if event.msgid and conversation.oldest_id is None:
            conversation.oldest_id = event.msgid
        if conversation.newest is None or event.time > conversation.newest:
            conversation.newest = event.time
        unread_history = (
            event.is_history
            and not event.is_self
            and conversation.last_read is not None
            and event.time > conversation.last_read
        )
        if not event.is_self:
            conversation.others.append(event.time)
        if unread_history and not conversation.divided:
            conversation.divided = True
            self._add(conversation, self._line("line.new_since", event.time))
        if event.is_self and not event.is_history:
            for waiting in conversation.pending:
                if waiting.values().get("text") == event.text:
                    conversation.pending.remove(waiting)
                    self._emit(Replaced(conversation, waiting.id, record))
                    return
        self._add(conversation, record)
        if unread_history:  # said while we were away and not read since: unread, not news
            self._count(conversation, highlight=False)
            return
        if event.is_self or event.is_history:
            return  # history is not news: no unread count, no notification
        mention = event.highlight or event.is_private
        self._count(conversation, highlight=mention)
        if mention and not self._active:
            self._emit(Notify(conversation, record))

    def _message_record(self, event: ev.MessageReceived) -> Record:
        kind = {
            ev.MessageKind.ACTION: rec.ACTION,
            ev.MessageKind.NOTICE: rec.NOTICE,
        }.get(event.kind, rec.MESSAGE)
        body, direction = rec.body(event.text)
        return Record(
            kind,
            event.time,
            id=event.msgid or rec.new_id("m"),
            spans=body,
            sender=name(event.sender),
            own=event.is_self,
            highlight=event.highlight and not event.is_self,
            history=event.is_history,
            direction=direction,
        )

    def _history_fetched(self, event: ev.HistoryFetched) -> None:
        conversation = self.conversation(event.conversation)
        if conversation is None:
            return
        records = tuple(
            self._convo.with_reply(conversation.key, self._message_record(m), m.reply_to)
            for m in event.messages
        )
        for message, record in zip(event.messages, records, strict=True):
            if message.msgid:
                self._convo.remember(conversation.key, record)
        if event.fills is not None:
            self._gap_filled(conversation, event, records)
            return
        records = self._with_gap(conversation, event, records)
        first_id = next((m.msgid for m in event.messages if m.msgid), None)
        if first_id is not None:
            conversation.oldest_id = first_id
        for message in event.messages:
            if not message.is_self:
                conversation.others.appendleft(message.time)
        last = event.messages[-1].time if event.messages else None
        if last is not None and (conversation.newest is None or last > conversation.newest):
            conversation.newest = last
        self._emit(Prepended(conversation, records, event.complete, event.around))

    def _with_gap(
        self, conversation: Conversation, event: ev.HistoryFetched, records: tuple[Record, ...]
    ) -> tuple[Record, ...]:
        """``records`` with a gap row where the event says lines are still missing: between
        two fetched lines, or below them all (above the oldest line shown). A hole above them
        all is what scrolling up fetches anyway."""
        at, messages = event.gap_at, event.messages
        if at is None or not 0 < at <= len(messages):
            return records
        upper = messages[at - 1].msgid
        lower = messages[at].msgid if at < len(messages) else conversation.oldest_id
        if not upper or not lower:
            return records
        gap = self._gap_record(conversation, messages[at - 1].time, upper, lower)
        return (*records[:at], gap, *records[at:])

    def _gap_record(
        self, conversation: Conversation, when: datetime, upper: str, lower: str
    ) -> Record:
        gap = Record(rec.GAP, when, id=rec.new_id("gap"), history=True)
        if len(conversation.gaps) >= MAX_GAPS:
            del conversation.gaps[next(iter(conversation.gaps))]
        conversation.gaps[gap.id] = (upper, lower)
        return gap

    def _gap_filled(
        self, conversation: Conversation, event: ev.HistoryFetched, records: tuple[Record, ...]
    ) -> None:
        """Lines for a gap row: they take its place (under a new row if some are still
        missing)."""
        gap_id = next((k for k, v in conversation.gaps.items() if v == event.fills), None)
        if gap_id is None or event.fills is None:
            return
        del conversation.gaps[gap_id]
        if event.gap_at is not None:
            upper, lower = event.fills
            lower = next((m.msgid for m in event.messages if m.msgid), lower)
            when = event.messages[0].time if event.messages else self._clock()
            records = (self._gap_record(conversation, when, upper, lower), *records)
        self._emit(GapFilled(conversation, gap_id, records))

    def _replay_may_skip(self, event: ev.ReplayMaySkip) -> None:
        """A rejoin's replay filled its page with lines never shown: some said while we were
        away may be missing above it. A gap row goes before its separator (it loads them)."""
        conversation = self.conversation(event.conversation)
        mark = conversation.replay_mark if conversation is not None else None
        if conversation is None or mark is None:
            return
        conversation.replay_mark = None
        separator, before, first = mark
        if before is None or first is None or before == first:
            return  # the first join: nothing was shown before, scrolling up brings the rest
        gap = self._gap_record(conversation, separator.time, before, first)
        self._emit(GapFilled(conversation, separator.id, (gap, separator)))

    def _history_requested(self, event: ev.HistoryRequested) -> None:
        """``/more``: ask for the page before the oldest line shown (a :class:`Prepended`
        follows), or say plainly why nothing comes."""
        named = event.conversation
        conversation = self.conversation(named) if named else self._current()
        if conversation is None:
            self._say(self._current(), "history.not_open", where=name(named or ""))
        elif self.older(conversation):
            return
        elif not self._session.caps.replay_enabled:
            self._say(conversation, "history.unavailable")
        elif self.has_more(conversation):
            self._say(conversation, "history.busy", where=conversation.title)
        else:
            self._say(conversation, "history.start", where=conversation.title)

    def _say(self, conversation: Conversation | None, code: str, **params: str) -> None:
        """Gofto's sentence ``code`` as an info line in ``conversation``."""
        sentence = rec.safe_sentence(Sentence(code, params))
        self._add(conversation, Record(rec.INFO, self._clock(), sentence=sentence))

    def _read_marker(self, event: ev.ReadMarkerChanged) -> None:
        conversation = self.conversation(event.conversation)
        if conversation is None or event.time is None:
            return
        if conversation.last_read is not None and event.time <= conversation.last_read:
            return
        conversation.last_read = event.time  # another device read further, or on join
        unread = (
            0
            if self._seen(conversation)
            else sum(1 for when in conversation.others if when > event.time)
        )
        if unread != conversation.unread:
            conversation.unread = unread
            if not unread:
                conversation.highlighted = False
            self._emit(UnreadChanged(conversation))

    # -- replies, reactions, deletions, typing (IRCv3; app.client.presentation.convo) --------
    def _reaction(self, event: ev.ReactionReceived) -> None:
        conversation = self.conversation(event.conversation)
        if conversation is None:
            return
        old = self._convo.find(conversation.key, event.reply_to)
        if old is None or old.redacted:
            return
        new = self._convo.react(old, event.sender, event.reaction, removed=event.removed)
        if new is not None:
            self._convo.remember(conversation.key, new)
            self._emit(Updated(conversation, old.id, new, "reactions"))

    def _redacted(self, event: ev.MessageRedacted) -> None:
        conversation = self.conversation(event.conversation)
        if conversation is None:
            return
        old = self._convo.find(conversation.key, event.msgid)
        if old is None or old.redacted:
            return
        new = dataclasses.replace(old, spans=(), reactions=(), redacted=True)
        self._convo.remember(conversation.key, new)
        self._emit(Updated(conversation, old.id, new, "redacted"))

    def _typing_changed(self, event: ev.TypingChanged) -> None:
        conversation = self.conversation(event.conversation)
        if conversation is not None and self._convo.typing_changed(
            conversation.key, event.nick, event.state
        ):
            self._emit(TypingShown(conversation))

    def _typing_stopped(self, event: ev.Event) -> None:
        """A message from someone (or their leaving) ends their typing there."""
        if isinstance(event, ev.MessageReceived):
            found = self.conversation(event.conversation)
            keys = self._convo.stopped(found.key, event.sender) if found else []
        elif isinstance(event, ev.Parted | ev.Kicked):
            found = self.conversation(event.channel)
            keys = self._convo.stopped(found.key, event.nick) if found else []
        else:
            keys = self._convo.stopped(None, getattr(event, "nick", ""))
        for key in keys:
            if key in self._conversations:
                self._emit(TypingShown(self._conversations[key]))

    def typing(self, conversation_name: str) -> tuple[str, ...]:
        """Who is typing in ``conversation_name`` now (names safe to show)."""
        return self._convo.typing(fold(conversation_name))

    def typing_sentence(self, conversation_name: str) -> Sentence | None:
        """ "Reza is typing…" for ``conversation_name``, or ``None`` when nobody is."""
        return typing_sentence(self.typing(conversation_name))

    def expire_typing(self) -> None:
        """Drop typing states that ran out (call every second or so from a timer)."""
        for key in self._convo.expire():
            if key in self._conversations:
                self._emit(TypingShown(self._conversations[key]))

    def _queued(self, event: ev.MessageQueued) -> None:
        conversation = self.open(event.conversation, private=not is_channel(event.conversation))
        body, direction = rec.body(event.text)
        record = Record(
            rec.MESSAGE,
            event.time,
            id=rec.new_id("p"),
            params=(("text", event.text),),
            spans=body,
            sender=name(self._session.nick),
            own=True,
            pending=True,
            direction=direction,
        )
        conversation.pending.append(record)
        del conversation.pending[:-MAX_PENDING]
        self._add(conversation, record)

    def _joined(self, event: ev.Joined) -> None:
        if not event.is_self:
            self._add(
                self.conversation(event.channel),
                self._line("line.joined", event.time, nick=_who(event.nick)),
            )
            self._emit(MembersChanged(event.channel))
            return
        existed = self.conversation(event.channel) is not None
        room = self._session.room or ""
        select = not existed and fold(event.channel) != fold(room)
        conversation = self.open(event.channel, private=False, select=select)
        conversation.replaying = False  # a replay after this join gets a separator
        if not existed or conversation.key not in self._rejoining:
            self._add(
                conversation, self._line("line.joined_self", event.time, room=_who(event.channel))
            )
        self._rejoining.discard(conversation.key)
        self._emit(MembersChanged(event.channel))

    def _parted(self, event: ev.Parted) -> None:
        if event.is_self:
            line = self._line("line.left_self", event.time, room=_who(event.channel))
        elif event.reason:
            line = self._line(
                "line.left_reason", event.time, nick=_who(event.nick), reason=_quoted(event.reason)
            )
        else:
            line = self._line("line.left", event.time, nick=_who(event.nick))
        self._add(self.conversation(event.channel), line)
        self._emit(MembersChanged(event.channel))

    def _kicked(self, event: ev.Kicked) -> None:
        params = {"by": _who(event.by)}
        if event.reason:
            params["reason"] = _quoted(event.reason)
        if not event.is_self:
            params["nick"] = _who(event.nick)
        kind = "line.kicked_self" if event.is_self else "line.kicked"
        kind += "_reason" if event.reason else ""
        self._add(self.conversation(event.channel), self._line(kind, event.time, **params))
        self._emit(MembersChanged(event.channel))

    def _user_quit(self, event: ev.UserQuit) -> None:
        if event.reason:
            line = self._line(
                "line.quit_reason", event.time, nick=_who(event.nick), reason=_quoted(event.reason)
            )
        else:
            line = self._line("line.quit", event.time, nick=_who(event.nick))
        places = dict.fromkeys([*map(fold, event.channels), fold(event.nick)])
        for key in places:
            self._add(self._conversations.get(key), line)
        for channel in event.channels:
            self._emit(MembersChanged(channel))

    def _nick_changed(self, event: ev.NickChanged) -> None:
        if event.is_self:
            line = self._line("line.nick_self", event.time, new=_who(event.new))
        else:
            line = self._line("line.nick", event.time, old=_who(event.old), new=_who(event.new))
        private = self._conversations.get(fold(event.old))
        if private is not None and private.private and not event.is_self:
            old_key = private.key
            del self._conversations[old_key]
            private.rename(event.new)
            self._conversations[private.key] = private
            if self._focused == old_key:
                self._focused = private.key
            self._emit(Renamed(private, old_key))
        places = dict.fromkeys(map(fold, event.conversations))
        if private is not None:
            places[private.key] = None
        for key in places:
            self._add(self._conversations.get(key), line)
        self._emit(MembersChanged(None))

    def _members_changed(self, event: ev.MembersChanged) -> None:
        self._emit(MembersChanged(event.channel))

    def _topic(self, event: ev.TopicChanged) -> None:
        conversation = self.conversation(event.channel)
        if conversation is None:
            return
        topic = spans(event.topic)
        if event.setter is None and text_of(topic) == text_of(conversation.topic):
            return  # the same topic told again on rejoining: nothing new
        conversation.topic = topic
        self._emit(TopicChanged(conversation))
        if event.setter:
            line = self._line(
                "line.topic_set", event.time, nick=_who(event.setter), topic=_quoted(event.topic)
            )
        else:
            line = self._line("line.topic", event.time, topic=_quoted(event.topic))
        self._add(conversation, line)

    def _away(self, event: ev.AwayChanged) -> None:
        private = self.conversation(event.nick)
        if private is not None and private.private:
            if event.message is None:
                line = self._line("line.back", nick=_who(event.nick))
            elif event.message:
                line = self._line("line.away", nick=_who(event.nick), reason=_quoted(event.message))
            else:
                line = self._line("line.away_plain", nick=_who(event.nick))
            self._add(private, line)
        self._emit(MembersChanged(None))

    def _mode(self, event: ev.ModeChanged) -> None:
        if self._reconnecting:
            return  # the modes of a rejoined room: not news
        modes = " ".join([event.modes, *event.arguments])
        line = self._line("line.mode", event.time, nick=_who(event.by), modes=_quoted(modes))
        self._add(self.conversation(event.channel), line)

    def _free_text(
        self, kind: str, text: str, when: datetime, sentence: Sentence | None = None
    ) -> Record:
        if sentence is not None:  # Gofto's own words: said by the front end, in its language
            return Record(kind, when, sentence=rec.safe_sentence(sentence))
        body, direction = rec.body(text)
        return Record(kind, when, spans=body, direction=direction)

    def _info(self, event: ev.Info) -> None:
        if self._reconnecting:
            return  # the welcome and MOTD again: said on the first connection already
        record = self._free_text(rec.INFO, event.text, event.time, event.sentence)
        self._add(self._target(event.conversation), record)

    def _error(self, event: ev.ErrorMessage) -> None:
        record = self._free_text(rec.ERROR, event.text, event.time, event.sentence)
        self._add(self._target(event.conversation), record)

    def _disconnected(self, event: ev.Disconnected) -> None:
        was_online, self._online = self._online, False
        self._registering = False
        self._rejoining = {c.key for c in self._conversations.values() if c.is_channel}
        for conversation in self._conversations.values():
            conversation.divided = False  # the next connection may place its own divider
        kind = "state.disconnected" if event.will_reconnect else "state.disconnected_final"
        refused, self._refused = self._refused, False
        said_why = refused and not event.will_reconnect  # the refusal's line is the last word
        if (was_online or not event.will_reconnect) and not said_why:
            line = self._line(kind, reason=_quoted(event.reason))
            for conversation in self._conversations.values():
                if conversation.key not in self._offline_in or not event.will_reconnect:
                    self._offline_in.add(conversation.key)
                    self._add(conversation, line)
        self._emit(ConnectionChanged(False, plain(event.reason), event.will_reconnect))

    def _registered(self, event: ev.Registered) -> None:
        first = not self._ever_registered
        self._ever_registered = True
        self._online = True
        self._registering = False
        if first:
            self._add(self._current(), self._line("state.connected", nick=_who(event.nick)))
        else:
            line = self._line("state.reconnected", nick=_who(event.nick))
            for conversation in self._conversations.values():
                if conversation.key in self._offline_in:
                    self._add(conversation, line)
        self._offline_in.clear()
        self._emit(ConnectionChanged(True))
        self._emit(Registered(name(event.nick), first))
        self._emit(MembersChanged(None))

    def _registration_failed(self, event: ev.RegistrationFailed) -> None:
        self._refused = True
        sentence = rec.error_sentence(event.error)
        record = self._free_text(rec.ERROR, str(event.error), self._clock(), sentence)
        self._add(self._current(), record)

    def _private_requested(self, event: ev.PrivateRequested) -> None:
        self.open(event.conversation, private=True, select=True)

    def _quit_requested(self, event: ev.QuitRequested) -> None:
        self._emit(QuitRequested(event.message))
