"""Questions a window asks the server without showing the answer as lines: LIST and WHOIS.

The rooms pane wants the rooms on the host with their people counts, and the people pane's
"Info" wants a person's WHOIS as one card, not as six lines in the room. :class:`Lookups`
collects the numeric replies of both (``321``/``322``/``323`` and the ``31x``/``33x``/``671``
family up to ``318``) and hands the whole answer to the session as one event,
:class:`~app.client.events.RoomsListed` or :class:`~app.client.events.PersonLooked`.

A lookup the window asked for *quietly* is consumed here (its lines are not shown); a
``/whois`` or ``/raw LIST`` the person typed still shows its lines as before, and a typed
LIST refreshes the rooms pane as well. Every collection is bounded: a server that sends
endless 322 lines cannot grow memory past :data:`MAX_ROOMS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.client.events import Event, PersonLooked, RoomInfo, RoomsListed
from app.irc import numerics as n

#: Rooms kept from one LIST answer; the rest is dropped (a pane with more is unusable anyway).
MAX_ROOMS = 2000
#: WHOIS lookups collected at once (a misbehaving server cannot make us keep more).
MAX_PENDING_WHOIS = 32
#: Longest text kept from any field of a reply.
MAX_FIELD = 400

_WHOIS_CODES = frozenset(
    {
        n.RPL_WHOISUSER,
        n.RPL_WHOISSERVER,
        n.RPL_WHOISOPERATOR,
        n.RPL_WHOISIDLE,
        n.RPL_WHOISCHANNELS,
        n.RPL_WHOISACCOUNT,
        n.RPL_WHOISBOT,
        n.RPL_WHOISHOST,
        n.RPL_WHOISMODES,
        n.RPL_WHOISSECURE,
        n.RPL_WHOISACTUALLY,
        n.RPL_AWAY,
        n.ERR_NOSUCHNICK,
        n.RPL_ENDOFWHOIS,
    }
)


def _short(text: str) -> str:
    return text[:MAX_FIELD]


@dataclass(slots=True)
class _Card:
    """A WHOIS answer being collected."""

    nick: str
    quiet: bool
    found: bool = True
    user: str = ""
    host: str = ""
    realname: str = ""
    server: str = ""
    channels: list[str] = field(default_factory=list)
    idle_seconds: int | None = None
    signon: datetime | None = None
    away: str | None = None
    operator: str = ""
    account: str = ""
    secure: bool = False
    bot: bool = False

    def event(self) -> PersonLooked:
        return PersonLooked(
            nick=self.nick,
            found=self.found,
            user=self.user,
            host=self.host,
            realname=self.realname,
            server=self.server,
            channels=tuple(self.channels),
            idle_seconds=self.idle_seconds,
            signon=self.signon,
            away=self.away,
            operator=self.operator,
            account=self.account,
            secure=self.secure,
            bot=self.bot,
        )


class Lookups:
    """Collects LIST and WHOIS answers; ``fold`` compares nicks as the server does."""

    def __init__(self, fold: Callable[[str], str], emit: Callable[[Event], None]) -> None:
        self._fold = fold
        self._emit = emit
        self._rooms: list[RoomInfo] | None = None
        self._quiet_lists = 0
        self._cards: dict[str, _Card] = {}

    def reset(self) -> None:
        """Forget unfinished answers (the connection ended)."""
        self._rooms = None
        self._quiet_lists = 0
        self._cards.clear()

    def set_fold(self, fold: Callable[[str], str]) -> None:
        """The server announced another case mapping."""
        self._fold = fold

    # -- what the session asks --------------------------------------------------------------
    def expect_list(self) -> None:
        """A quiet LIST was sent: its lines are not shown, only the event is emitted."""
        self._quiet_lists += 1

    def expect_whois(self, nick: str, *, quiet: bool) -> bool:
        """A WHOIS for ``nick`` was (or is about to be) sent; False when too many are open."""
        key = self._fold(nick)
        if key not in self._cards and len(self._cards) >= MAX_PENDING_WHOIS:
            return False
        self._cards[key] = _Card(nick, quiet)
        return True

    def is_quiet_whois(self, nick: str) -> bool:
        """Whether ``nick``'s WHOIS answer is being collected for a card, not shown as lines."""
        card = self._cards.get(self._fold(nick))
        return card is not None and card.quiet

    # -- what the server answers --------------------------------------------------------------
    def take(self, code: str, params: tuple[str, ...]) -> bool:
        """Record one numeric (``params`` without our nick); True when it must not be shown."""
        if code in (n.RPL_LISTSTART, n.RPL_LIST, n.RPL_LISTEND):
            return self._take_list(code, params)
        if code in _WHOIS_CODES and params:
            return self._take_whois(code, params)
        return False

    def _take_list(self, code: str, params: tuple[str, ...]) -> bool:
        quiet = self._quiet_lists > 0
        if code == n.RPL_LISTSTART:
            self._rooms = []
            return quiet
        if code == n.RPL_LIST:
            if self._rooms is None:
                self._rooms = []  # a server that skips 321 (it is optional)
            if params and len(self._rooms) < MAX_ROOMS:
                count = params[1] if len(params) > 1 else ""
                topic = params[2] if len(params) > 2 else ""
                users = int(count) if count.isdigit() and len(count) < 10 else 0
                self._rooms.append(RoomInfo(_short(params[0]), users, _short(topic)))
            return quiet
        rooms, self._rooms = self._rooms or [], None
        if quiet:
            self._quiet_lists -= 1
        self._emit(RoomsListed(tuple(rooms)))
        return quiet

    def _take_whois(self, code: str, params: tuple[str, ...]) -> bool:
        card = self._cards.get(self._fold(params[0]))
        if card is None:
            return False
        p = [*params, "", "", "", ""]
        last = _short(params[-1])
        if code == n.RPL_WHOISUSER:
            card.nick, card.user, card.host = _short(p[0]), _short(p[1]), _short(p[2])
            card.realname = last if len(params) >= 5 else ""
        elif code == n.RPL_WHOISSERVER:
            card.server = _short(p[1])
        elif code == n.RPL_WHOISOPERATOR:
            card.operator = last if len(params) > 1 else "operator"
        elif code == n.RPL_WHOISIDLE:
            if p[1].isdigit() and len(p[1]) < 12:
                card.idle_seconds = int(p[1])
            if p[2].isdigit() and len(p[2]) < 12:
                card.signon = datetime.fromtimestamp(int(p[2]), UTC)
        elif code == n.RPL_WHOISCHANNELS:
            if len(card.channels) < 100:
                card.channels.extend(_short(name) for name in last.split()[:100])
        elif code == n.RPL_WHOISACCOUNT:
            card.account = _short(p[1])
        elif code == n.RPL_WHOISSECURE:
            card.secure = True
        elif code == n.RPL_WHOISBOT:
            card.bot = True
        elif code == n.RPL_AWAY:
            card.away = last if len(params) > 1 else ""
        elif code == n.ERR_NOSUCHNICK:
            card.found = False
        elif code == n.RPL_ENDOFWHOIS:
            del self._cards[self._fold(params[0])]
            if card.quiet:
                self._emit(card.event())
        return card.quiet
