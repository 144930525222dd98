"""Drive a Session by hand: feed it server lines, look at what it sent and emitted."""

from __future__ import annotations

from typing import TypeVar

from app.client.events import Event
from app.client.session import Session

E = TypeVar("E", bound=Event)

SERVER = "irc.test"


class Harness:
    """A Session wired to a list of sent lines and a list of events."""

    def __init__(self, nick: str = "alice", **kwargs: object) -> None:
        self.sent: list[str] = []
        self.events: list[Event] = []
        self.session = Session(nick, send=self.sent.append, **kwargs)  # type: ignore[arg-type]
        self.session.add_listener(self.events.append)

    def feed(self, *lines: str) -> None:
        for line in lines:
            self.session.feed(line)

    def of(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]

    def clear(self) -> None:
        self.sent.clear()
        self.events.clear()

    def register(
        self,
        *,
        caps: str | None = None,
        isupport: str = "CASEMAPPING=rfc1459 PREFIX=(ov)@+ CHANTYPES=#& NETWORK=TestNet",
        join: bool = True,
    ) -> None:
        """Connect and run through registration (with ``caps`` offered and all acked)."""
        nick = self.session.nick
        self.session.connection_made()
        if caps is None:
            self.feed(f":{SERVER} 421 {nick} CAP :Unknown command")
        else:
            self.feed(f":{SERVER} CAP * LS :{caps}")
            request = next(line for line in self.sent if line.startswith("CAP REQ"))
            self.feed(f":{SERVER} CAP {nick} ACK {request[len('CAP REQ ') :]}")
        self.feed(
            f":{SERVER} 001 {nick} :Welcome {nick}",
            f":{SERVER} 005 {nick} {isupport} :are supported by this server",
            f":{SERVER} 422 {nick} :MOTD File is missing",
        )
        if join and self.session.room:
            self.join(self.session.room)

    def join(self, channel: str, *others: str) -> None:
        """Our JOIN echo, NAMES for ``others`` (entries may carry prefixes), and the end of
        the WHO the session sends after joining (nobody away)."""
        nick = self.session.nick
        names = " ".join([nick, *others])
        self.feed(
            f":{nick}!u@h JOIN {channel}",
            f":{SERVER} 353 {nick} = {channel} :{names}",
            f":{SERVER} 366 {nick} {channel} :End of /NAMES list.",
            f":{SERVER} 315 {nick} {channel} :End of WHO list",
        )
