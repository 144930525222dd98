"""Getting onto a server: the capabilities we negotiate and the registration's state.

:class:`Capabilities` owns the IRCv3 ``CAP`` negotiation (what the server offers, what we
asked for and got); :class:`Registration` owns who we are (the nick we want, the nick we
have, the password and the host's secret) and how far this connection got (connected,
welcomed, registered, giving up). Both are reset for every connection; the inbound handlers
(:mod:`app.client.inbound`) drive them, the :class:`~app.client.session.Session` reads them.
"""

from __future__ import annotations

from app.irc.caps import CHATHISTORY_CAP, READ_MARKER_CAP

#: The IRCv3 capabilities we ask for when a server offers them (``batch`` and
#: ``draft/chathistory``: a room's latest lines, asked for when we join it).
WANTED_CAPS = frozenset(
    {
        "server-time",
        "message-tags",
        "echo-message",
        "multi-prefix",
        "away-notify",
        "batch",
        CHATHISTORY_CAP,
        READ_MARKER_CAP,
        "draft/multiline",
        "draft/message-redaction",
    }
)
#: What the server must have enabled for us to ask for a room's history when we join it.
REPLAY_CAPS = frozenset({CHATHISTORY_CAP, "batch", "server-time"})
#: How many alternative nicks registration tries after ``433`` before giving up.
MAX_NICK_ATTEMPTS = 9
DEFAULT_REALNAME = "Gofto user"


def username_from(nick: str) -> str:
    """A USER name servers accept: ASCII letters and digits of the nick, else ``gofto``."""
    ascii_part = "".join(ch for ch in nick if ch.isascii() and ch.isalnum())[:10]
    return ascii_part or "gofto"


class Capabilities:
    """One connection's ``CAP`` negotiation (IRCv3.2 ``CAP LS 302``)."""

    def __init__(self) -> None:
        self._offered: set[str] = set()
        self._values: dict[str, str] = {}
        self._enabled: set[str] = set()
        self._negotiating = False

    def reset(self) -> None:
        """A new connection: nothing offered or enabled yet."""
        self._offered.clear()
        self._values.clear()
        self._enabled.clear()
        self._negotiating = False

    @property
    def negotiating(self) -> bool:
        """Whether registration waits for our ``CAP END``."""
        return self._negotiating

    def start(self) -> None:
        """We sent ``CAP LS``: registration waits for ``CAP END``."""
        self._negotiating = True

    def stop(self) -> None:
        """Negotiation is over (we sent ``CAP END``, or the server knows no ``CAP``)."""
        self._negotiating = False

    def offer(self, names: list[str]) -> None:
        """The server offers ``names`` (``LS`` or ``NEW``; a value after ``=`` is kept)."""
        for item in names:
            name, _, value = item.partition("=")
            self._offered.add(name)
            if value:
                self._values[name] = value[:200]

    def value(self, name: str) -> str | None:
        """The value the server gave capability ``name`` (``draft/multiline``'s limits)."""
        return self._values.get(name)

    def withdraw(self, names: list[str]) -> None:
        """The server no longer offers ``names`` (``DEL``)."""
        for name in names:
            self._offered.discard(name)
            self._enabled.discard(name)

    def acknowledge(self, names: list[str]) -> None:
        """The server enabled (or, with a ``-`` prefix, disabled) ``names`` (``ACK``)."""
        for name in names:
            if name.startswith("-"):
                self._enabled.discard(name[1:])
            else:
                self._enabled.add(name.split("=", 1)[0])

    def wanted(self) -> list[str]:
        """What to ``REQ``: the capabilities we like that are offered and not yet enabled."""
        return sorted((WANTED_CAPS & self._offered) - self._enabled)

    def has(self, name: str) -> bool:
        """Whether capability ``name`` is enabled on this connection."""
        return name in self._enabled

    @property
    def replay_enabled(self) -> bool:
        """Whether we ask for a room's history (draft/chathistory) when we join it."""
        return self._enabled >= REPLAY_CAPS

    @property
    def read_markers_enabled(self) -> bool:
        """Whether the host keeps read markers for us (``draft/read-marker``)."""
        return READ_MARKER_CAP in self._enabled


class Registration:
    """Who we are on the server, and how far this connection's registration got.

    ``nick_fallback``: see :class:`~app.client.session.Session`. ``host_secret`` is the
    hosting app's operator secret, sent as ``OPER`` on every registration, before any JOIN,
    so the server makes us operator of the room (see app.server.handlers.moderation).
    """

    def __init__(
        self,
        nick: str,
        *,
        password: str | None,
        room: str | None,
        username: str | None,
        realname: str,
        host_secret: str | None,
        nick_fallback: bool,
    ) -> None:
        self._wanted_nick = nick
        self._nick = nick
        #: Whether a 433 during registration tries ``nick_`` (see the Session's docstring).
        self.nick_fallback = nick_fallback
        self.password = password
        self.host_secret = host_secret
        #: The default channel, joined after registration and rejoined after a reconnect.
        self.room = room
        self.username = username or username_from(nick)
        self.realname = realname or DEFAULT_REALNAME
        self._server_name = ""
        self._quitting = False
        self._fatal = False
        self._connected = False
        self._welcomed = False
        self._done = False
        self._ever_done = False
        self._nick_attempt = 0

    # -- the connection --------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything that belongs to one connection only."""
        self._connected = False
        self._welcomed = False
        self._done = False
        self._nick_attempt = 0

    def begin(self) -> None:
        """A new connection: register with the nick we want."""
        self.reset()
        self._connected = True
        self._quitting = False
        self._fatal = False
        self._nick = self._wanted_nick

    def welcome(self, nick: str | None, server_name: str | None) -> None:
        """``001``: the server accepted us as ``nick``."""
        self._welcomed = True
        if nick is not None:
            self._nick = nick
        self._server_name = server_name or self._server_name

    def finish(self) -> bool:
        """Registration is over (end of MOTD, or a server that skipped it); whether that is
        news. From now on a 433 at registration is most likely our own old connection
        lingering, so the nick fallback is allowed."""
        if self._done or not self._welcomed:
            return False
        self._done = True
        self._ever_done = True
        self.nick_fallback = True
        return True

    def quit(self) -> None:
        """We are leaving: no reconnect afterwards."""
        self._quitting = True

    def give_up(self) -> None:
        """The server refused us for good; no reconnect."""
        self._fatal = True

    # -- nicks -----------------------------------------------------------------------------

    @property
    def nick(self) -> str:
        """Our nick on this connection (or the one we will ask for)."""
        return self._nick

    @property
    def wanted_nick(self) -> str:
        """The nick we ask for when registering."""
        return self._wanted_nick

    def want_nick(self, nick: str) -> None:
        """Use ``nick`` from the next registration on (``/nick`` while disconnected)."""
        self._wanted_nick = nick
        if not self._connected:
            self._nick = nick

    def renamed(self, nick: str) -> None:
        """The server changed our nick (``NICK``): keep it, on reconnects too."""
        self._nick = self._wanted_nick = nick

    def next_nick(self, nicklen: int) -> str | None:
        """After a ``433`` before the welcome: the next nick to try (``nick_``, ``nick2``…),
        or ``None`` when the fallback is off or exhausted."""
        self._nick_attempt += 1
        if not self.nick_fallback or self._nick_attempt > MAX_NICK_ATTEMPTS:
            return None
        suffix = "_" if self._nick_attempt == 1 else str(self._nick_attempt)
        self._nick = self._wanted_nick[: max(1, nicklen - len(suffix))] + suffix
        return self._nick

    # -- how far we got --------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether a connection is up (registered or not)."""
        return self._connected

    @property
    def welcomed(self) -> bool:
        """Whether the server sent ``001`` on this connection: it takes commands now."""
        return self._welcomed

    @property
    def done(self) -> bool:
        """Whether registration finished on this connection."""
        return self._done

    @property
    def ever_registered(self) -> bool:
        """Whether registration finished on any connection of this session."""
        return self._ever_done

    @property
    def quitting(self) -> bool:
        """Whether we asked to leave."""
        return self._quitting

    @property
    def fatal(self) -> bool:
        """Whether the server refused us for good."""
        return self._fatal

    @property
    def server_name(self) -> str:
        """The server's name, from the welcome's source."""
        return self._server_name
