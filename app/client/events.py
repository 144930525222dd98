"""What a :class:`~app.client.session.Session` tells its front end.

Events are plain frozen dataclasses, so the Qt app, the Tk app and the terminal client can
react to the same conversation logic without knowing anything about IRC lines. A *conversation*
is identified by its name: a channel (``#lobby``) or the other person's nick for a private one.
Compare conversation names with :func:`app.irc.fold`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.client.catalogue import Said, Sentence


def _now() -> datetime:
    return datetime.now(UTC)


class MessageKind(enum.Enum):
    """How a message was sent: ordinary text, a ``/me`` action, or a notice."""

    TEXT = "text"
    ACTION = "action"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Event:
    """Base class of every session event."""


@dataclass(frozen=True, slots=True)
class Registered(Event):
    """Registration finished: we are on the server as ``nick``."""

    nick: str
    server: str
    network: str


@dataclass(frozen=True, slots=True)
class RegistrationFailed(Event):
    """The server refused us for good (wrong password, nick unusable); ``error`` says why.

    ``error`` is one of :mod:`app.errors`' classes, so a start dialog can show ``str(error)``.
    """

    error: Exception


@dataclass(frozen=True, slots=True)
class Joined(Event):
    """``nick`` joined ``channel`` (``is_self`` when it is us: open the tab)."""

    channel: str
    nick: str
    is_self: bool
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Parted(Event):
    """``nick`` left ``channel`` (``is_self``: we left; close or grey out the tab)."""

    channel: str
    nick: str
    reason: str
    is_self: bool
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Kicked(Event):
    """``nick`` was removed from ``channel`` by ``by``."""

    channel: str
    nick: str
    by: str
    reason: str
    is_self: bool
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class UserQuit(Event):
    """``nick`` left the server; ``channels`` are the conversations we shared with them."""

    nick: str
    reason: str
    channels: tuple[str, ...]
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class NickChanged(Event):
    """``old`` is now ``new``; ``conversations`` lists where to show it (channels and a private)."""

    old: str
    new: str
    is_self: bool
    conversations: tuple[str, ...]
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class MessageReceived(Event):
    """A message to show in ``conversation`` (a channel, or the other person's nick).

    ``is_self`` marks our own messages (echoed by the server or by the session), ``highlight``
    a message that mentions our nick, ``is_private`` a conversation with one person.

    ``is_history`` marks a line the server replayed when we joined (said before we came, or
    while we were away): ``time`` is when it was said, ``highlight`` is always false, and a
    front end shows it quietly, without counting it as unread or notifying anyone.
    """

    conversation: str
    sender: str
    text: str
    kind: MessageKind
    is_private: bool
    is_self: bool
    highlight: bool
    time: datetime = field(default_factory=_now)
    is_history: bool = False
    #: The server's ``msgid`` tag, when it sent one: a stable id for the message.
    msgid: str | None = None
    #: The ``msgid`` this message answers (IRCv3 ``+draft/reply`` / ``+reply``), if any.
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class ReactionReceived(Event):
    """``sender`` reacted to message ``reply_to`` with ``reaction`` (IRCv3 ``+draft/react``),
    or took that reaction back (``removed``, ``+draft/unreact``)."""

    conversation: str
    sender: str
    reply_to: str
    reaction: str
    removed: bool
    is_self: bool
    time: datetime = field(default_factory=_now)
    msgid: str | None = None


@dataclass(frozen=True, slots=True)
class TypingChanged(Event):
    """``nick`` is typing in ``conversation``: ``state`` is ``active``, ``paused`` or ``done``
    (IRCv3 ``+typing``). How long a state holds (6 s, 30 s) is the front end's clock's job."""

    conversation: str
    nick: str
    state: str
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class MessageRedacted(Event):
    """Message ``msgid`` in ``conversation`` was deleted by ``sender`` (IRCv3 ``REDACT``)."""

    conversation: str
    msgid: str
    sender: str
    reason: str = ""
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class MessageQueued(Event):
    """A message typed while disconnected: kept, and sent once we are back (then echoed)."""

    conversation: str
    text: str
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class MembersChanged(Event):
    """The member list of ``channel`` changed; read it again with ``Session.members``."""

    channel: str


@dataclass(frozen=True, slots=True)
class TopicChanged(Event):
    """The topic of ``channel``; ``setter`` is ``None`` when the server only reported it."""

    channel: str
    topic: str
    setter: str | None
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class ModeChanged(Event):
    """``by`` changed ``channel``'s modes: ``modes`` as sent (``"+o"``, ``"-m"``…) with their
    ``arguments`` (nicks, masks, a limit)."""

    channel: str
    by: str
    modes: str
    arguments: tuple[str, ...]
    time: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class AwayChanged(Event):
    """``nick`` went away (``message`` set) or came back (``message`` is ``None``)."""

    nick: str
    message: str | None


@dataclass(frozen=True, slots=True)
class Info(Event):
    """Text for the user that is not a chat message: MOTD, /who and /whois results, /help.

    ``conversation`` is where to show it, or ``None`` for the current one. ``sentence`` names
    what Gofto says by its catalogue code, for each front end to put in its user's language
    (:meth:`app.client.catalogue.Texts.say`); ``text`` is its English. Without a ``sentence``
    the text is someone else's words (a server's MOTD line), shown as it is.
    """

    text: str
    conversation: str | None = None
    time: datetime = field(default_factory=_now)
    sentence: Sentence | None = None

    @classmethod
    def say(cls, code: str, /, conversation: str | None = None, **params: object) -> Info:
        """Gofto's sentence ``code`` (with ``params``) as an Info event."""
        sentence = Sentence(code, params)
        return cls(sentence.english(), conversation, sentence=sentence)


@dataclass(frozen=True, slots=True)
class ErrorMessage(Event):
    """Something went wrong that the user should read, as one human sentence.

    ``code`` is the IRC numeric (or command) that brought it, when one did; ``sentence`` and
    ``text`` are as for :class:`Info`.
    """

    text: str
    conversation: str | None = None
    code: str | None = None
    time: datetime = field(default_factory=_now)
    sentence: Sentence | None = None

    @classmethod
    def say(
        cls,
        sentence_code: str,
        /,
        conversation: str | None = None,
        *,
        numeric: str | None = None,
        **params: object,
    ) -> ErrorMessage:
        """Gofto's sentence ``sentence_code`` as an error (``numeric``: the IRC code behind it)."""
        sentence = Sentence(sentence_code, params)
        return cls(sentence.english(), conversation, numeric, sentence=sentence)

    @classmethod
    def of(
        cls, error: Said, /, conversation: str | None = None, *, numeric: str | None = None
    ) -> ErrorMessage:
        """An error that names its sentence (a GoftoError, a nickname problem) as an event."""
        return cls.say(error.code, conversation, numeric=numeric, **error.params)


@dataclass(frozen=True, slots=True)
class Disconnected(Event):
    """The connection ended; ``will_reconnect`` is false after /quit or a fatal refusal."""

    reason: str
    will_reconnect: bool


@dataclass(frozen=True, slots=True)
class PrivateRequested(Event):
    """The user typed ``/query NICK``: the front end shows the private conversation
    ``conversation`` (opening it if needed) and puts the cursor in it."""

    conversation: str


@dataclass(frozen=True, slots=True)
class SearchRequested(Event):
    """The user typed ``/search TEXT``: the front end searches its conversation log
    (:mod:`app.client.log`) and shows what was found (the windows open their search)."""

    query: str
    conversation: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryRequested(Event):
    """The user typed ``/more``: the previous page of ``conversation``'s history (``None``:
    the one it was typed in) is asked for; the presenter knows its oldest line and says
    when there is nothing older."""

    conversation: str | None = None


@dataclass(frozen=True, slots=True)
class QuitRequested(Event):
    """The user typed /quit: the front end closes the connection and, usually, the window."""

    message: str


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """One room of a LIST answer: its name, how many people are in it, its topic."""

    name: str
    users: int
    topic: str


@dataclass(frozen=True, slots=True)
class RoomsListed(Event):
    """The server's answer to LIST: the rooms on the host (``Session.list_rooms``)."""

    rooms: tuple[RoomInfo, ...]


@dataclass(frozen=True, slots=True)
class PersonLooked(Event):
    """The WHOIS answer about ``nick`` asked by ``Session.look_up`` (a card, not lines).

    ``found`` is false when nobody has that nick; the other fields are empty then. Every text
    is what the server (or the person) sent: untrusted, shown as plain text only.
    """

    nick: str
    found: bool
    user: str = ""
    host: str = ""
    realname: str = ""
    server: str = ""
    channels: tuple[str, ...] = ()
    idle_seconds: int | None = None
    signon: datetime | None = None
    away: str | None = None
    operator: str = ""
    account: str = ""
    secure: bool = False
    bot: bool = False


@dataclass(frozen=True, slots=True)
class FileTokenReceived(Event):
    """The host answered ``FILEHOST TOKEN``: ``token`` uploads one file (see app.client.files)."""

    token: str


@dataclass(frozen=True, slots=True)
class FileTokenFailed(Event):
    """The host refused ``FILEHOST TOKEN`` (a ``FAIL FILEHOST …``); ``text`` says why."""

    text: str


@dataclass(frozen=True, slots=True)
class SendFileRequested(Event):
    """The user typed ``/send PATH`` in ``conversation``: the front end shares the file there
    (see :class:`app.client.files.FileSharing`)."""

    conversation: str
    path: str


@dataclass(frozen=True, slots=True)
class HistoryFetched(Event):
    """Older lines of ``conversation`` the person asked for (scrolling up, opening a private
    conversation, jumping to a search result), oldest first: a view inserts them *above*
    what it shows, keeping its scroll position. They are history (``is_history``): never
    unread, never notified.

    ``complete``: the host has nothing older (stop asking). ``around``: the message id a
    search jump asked for, to reveal once the lines are in (the jump brings every line
    between it and the oldest one shown: :mod:`app.client.spans`).

    ``gap_at``: lines the host holds are still missing just before ``messages[gap_at]`` (a
    stretch longer than the client fetches at once): a front end shows a row there that
    loads them. ``fills``: these lines answer such a row, the hole between message ids
    ``(upper, lower)``; they belong in its place, not above everything.
    """

    conversation: str
    messages: tuple[MessageReceived, ...]
    complete: bool = False
    around: str | None = None
    gap_at: int | None = None
    fills: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ReplayMaySkip(Event):
    """The latest lines replayed when ``conversation`` was joined filled the page and none of
    them had been shown: after a reconnect, lines said while we were away may be missing
    between what was shown before and them (a front end shows a gap row there)."""

    conversation: str


@dataclass(frozen=True, slots=True)
class ReadMarkerChanged(Event):
    """The host told us how far ``conversation`` was read (IRCv3 ``draft/read-marker``), on
    join, when asked, or when another of our devices moved it; ``None``: never read."""

    conversation: str
    time: datetime | None
