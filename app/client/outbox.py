"""What the session sends: lines formatted and put on the wire, and typed messages held
while the connection is down.

A message typed while we are offline (or registering, or not yet back in the room) is held
in order and sent once the session says the way is open again (:meth:`Outbox.open`): after
registration, the room's rejoin and, when the server replays the room's history, after that
replay, so what was typed offline follows the history it answers.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.client.events import ErrorMessage, Event, MessageKind
from app.irc import FormatError, Message, ParseError, parse

log = logging.getLogger(__name__)

#: Messages kept while disconnected; more than that is refused with a sentence.
MAX_QUEUED = 500


@dataclass(frozen=True, slots=True)
class Held:
    """A message waiting for the connection to come back."""

    target: str
    text: str
    kind: MessageKind
    #: Client-only tags to send with it (a reply's ``+draft/reply``).
    tags: Mapping[str, str] | None = None


class Outbox:
    """The way out to the server, and the messages waiting for it.

    ``emit`` receives the :class:`~app.client.events.ErrorMessage` for a line that cannot
    be formatted; ``send_line`` (replaceable with :meth:`set_sender`) gets each line
    without CR LF.
    """

    def __init__(
        self, send_line: Callable[[str], None] | None, emit: Callable[[Event], None]
    ) -> None:
        self._send_line = send_line
        self._emit = emit
        self._held: deque[Held] = deque()
        self._open = False
        self._awaiting_room = False
        # Set while the room was joined but its history replay may still be coming: held
        # messages wait for it (history first, then what was typed offline).
        self._awaiting_replay = False

    def set_sender(self, send_line: Callable[[str], None]) -> None:
        """Where lines go from now on."""
        self._send_line = send_line

    # -- sending ---------------------------------------------------------------------------

    def send(self, command: str, *params: str, tags: Mapping[str, str] | None = None) -> bool:
        """Put one message on the wire; ``False`` when it could not be formatted or sent."""
        try:
            line = Message(command, params, tags=tags or {}).format()
        except FormatError as error:
            self._emit(ErrorMessage.say("error.cannot_send", detail=str(error)))
            return False
        if self._send_line is None:
            log.warning("no sender set; dropping %s", command)
            return False
        self._send_line(line)
        return True

    def send_raw(self, line: str) -> bool:
        """Send a line the user typed with /raw, after checking that it parses."""
        try:
            message = parse(line)
        except ParseError as error:
            self._emit(ErrorMessage.say("error.invalid_line", detail=str(error)))
            return False
        return self.send(message.command, *message.params)

    # -- holding ---------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether typed messages go out at once (else they are held)."""
        return self._open

    @property
    def queued(self) -> int:
        """How many typed messages are held."""
        return len(self._held)

    def hold(self, message: Held) -> bool:
        """Keep ``message`` for later; ``False`` (dropped) when too many are waiting."""
        if len(self._held) >= MAX_QUEUED:
            return False
        self._held.append(message)
        return True

    def close(self) -> None:
        """The connection is new or gone: hold typed messages from now on."""
        self._open = False
        self._awaiting_room = False
        self._awaiting_replay = False

    @property
    def awaiting_room(self) -> bool:
        """Whether held messages wait for our rejoin of the room."""
        return self._awaiting_room

    def wait_for_room(self) -> None:
        """Registered: held messages wait for our rejoin of the room."""
        self._awaiting_room = True

    @property
    def awaiting_replay(self) -> bool:
        """Whether held messages wait for the room's history replay to end."""
        return self._awaiting_replay

    def wait_for_replay(self) -> None:
        """Back in the room: held messages wait for its history replay (if any) to end."""
        self._awaiting_replay = True

    def open(self) -> None:
        """The way is open: typed messages go out at once; :meth:`take` the held ones."""
        self._open = True
        self._awaiting_room = False
        self._awaiting_replay = False

    def take(self) -> Held | None:
        """The oldest held message, while the way is open; ``None`` otherwise."""
        if self._open and self._held:
            return self._held.popleft()
        return None
