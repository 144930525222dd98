"""The settings a :class:`~app.server.server.ChatServer` runs with, in one immutable record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.server.flood import FloodPolicy

#: Default outbound buffer per connection: generous for history playback and bursts, small
#: enough that 2,000 stuck clients cannot exhaust memory.
SENDQ_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What the hub and its handlers need to know about how they were started."""

    name: str = "gofto.local"
    network: str = "Gofto"
    room: str = "#lobby"
    password: str | None = None
    #: The host's secret for ``OPER``: whoever presents it is operator of every channel. Only
    #: when it is set is the main room reserved: a guest creating it does not become its op.
    operator_password: str | None = None
    motd: str | None = None
    flood_limit: bool | FloodPolicy = True
    registration_timeout: float = 30.0
    ping_interval: float = 90.0
    ping_timeout: float = 60.0
    sendq_bytes: int = SENDQ_BYTES
    #: Gets the console lines of each transaction (or batch) at once, after the lock is gone.
    log: Callable[[list[str]], None] | None = None

    def motd_lines(self) -> list[str]:
        """The message of the day; empty means none (``422``)."""
        if self.motd is not None:
            return self.motd.splitlines()
        return [
            f"Welcome to {self.network}, a chat hosted with Gofto.",
            f"Everybody meets in {self.room}: type /join {self.room} to join the room.",
        ]
