"""The toolkit-free heart of every Gofto client (CONTRACT STUB — being implemented).

A :class:`Session` is a sans-I/O state machine: the front end feeds it received lines and
connection changes; it hands outgoing lines to the ``send`` callable and announces what
happened through :mod:`app.client.events`. The Qt app, the Tk app and the terminal client all
drive this one class, so conversation logic is written once. It is not thread-safe: call it
from one thread (the GUI thread, or the terminal client's loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app import DEFAULT_ROOM
from app.client.events import Event


@dataclass(frozen=True, slots=True)
class Member:
    """One person in a channel as the sidebar shows them."""

    nick: str
    prefixes: str  # channel status symbols, highest first, e.g. "@" for the operator
    away: bool
    is_self: bool


class Session:
    """One connection's worth of conversation state.

    Usage by a front end::

        session = Session("Ali", password=None, room="#lobby", send=transport.send_line)
        session.add_listener(window.on_event)
        # when the socket connects:
        session.connection_made()
        # for every received line (decoded text, CR LF stripped):
        session.feed(line)
        # when the socket closes or fails:
        session.connection_lost("Connection reset by peer")
        # when the user presses Enter in a conversation's input:
        session.submit("#lobby", "hello")          # or "/msg bob hi", "/me waves", …

    ``room`` is joined automatically after registration and rejoined after a reconnect, along
    with every other channel we were in. Messages submitted while not registered are queued
    (``MessageQueued``) and sent, in order, once registered and rejoined again.
    """

    def __init__(
        self,
        nick: str,
        *,
        send: Callable[[str], None] | None = None,
        password: str | None = None,
        room: str | None = DEFAULT_ROOM,
        username: str | None = None,
        realname: str = "Gofto user",
    ) -> None:
        raise NotImplementedError

    # -- wiring ---------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[Event], None]) -> None:
        """Call ``listener(event)`` for every event, in order, synchronously."""
        raise NotImplementedError

    def set_sender(self, send: Callable[[str], None]) -> None:
        """Where outgoing lines (without CR LF) go; replaced on every reconnect if needed."""
        raise NotImplementedError

    # -- connection life cycle --------------------------------------------------------------
    def connection_made(self) -> None:
        """The socket is connected: start registration (CAP LS 302, PASS, NICK, USER)."""
        raise NotImplementedError

    def feed(self, line: str) -> None:
        """Handle one received line. Malformed lines are logged and ignored, never raised."""
        raise NotImplementedError

    def connection_lost(self, reason: str) -> None:
        """The socket closed; emits ``Disconnected`` and keeps channels for the rejoin."""
        raise NotImplementedError

    # -- what the user does -------------------------------------------------------------------
    def submit(self, conversation: str, text: str) -> None:
        """Typed input in ``conversation``: a slash command, or a message to that conversation.

        Text longer than one line is split by :mod:`app.irc.split`; several lines of pasted
        text are sent as several messages (the front end asks first when there are many).
        """
        raise NotImplementedError

    def open_private(self, nick: str) -> str:
        """The conversation name for a private chat with ``nick`` (for the front end's tab)."""
        raise NotImplementedError

    def quit(self, message: str = "Leaving") -> None:
        """Send QUIT; no reconnect afterwards."""
        raise NotImplementedError

    @staticmethod
    def command_help() -> list[tuple[str, str]]:
        """``[("/msg NICK TEXT", "send a private message"), …]`` for /help and tooltips."""
        raise NotImplementedError

    # -- state the front end reads ----------------------------------------------------------------
    @property
    def nick(self) -> str:
        """Our current nickname (it can change: /nick, or 433 at registration)."""
        raise NotImplementedError

    @property
    def registered(self) -> bool:
        """Whether registration finished on the current connection."""
        raise NotImplementedError

    @property
    def room(self) -> str | None:
        """The default channel this session joins (``#lobby`` unless told otherwise)."""
        raise NotImplementedError

    @property
    def channels(self) -> list[str]:
        """The channels we are in, in the order we joined them."""
        raise NotImplementedError

    def members(self, channel: str) -> list[Member]:
        """The people in ``channel``, sorted for display (operators first, then by folded nick)."""
        raise NotImplementedError

    def topic(self, channel: str) -> str:
        """The channel's topic, or ``""``."""
        raise NotImplementedError

    def nicks(self) -> list[str]:
        """Every nick we share a channel with, for Tab completion."""
        raise NotImplementedError
