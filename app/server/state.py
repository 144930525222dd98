"""The server's model: clients and channels. Plain data; the hub's one lock guards it all."""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from app.irc.names import fold
from app.server.connection import Connection
from app.server.flood import FloodGate
from app.server.limits import BOT_MODE, PREFIX_MODES, PREFIX_SYMBOLS

if TYPE_CHECKING:
    from app.server.handlers.multiline import OpenBatch


class Client:
    """One connection's user, registered or not. Identity-hashed, so it can key dicts."""

    def __init__(self, conn: Connection, host: str, flood: FloodGate | None) -> None:
        now = time.monotonic()
        self.conn = conn
        self.host = host
        #: What per-address limits count it by (app.server.admission.address_key).
        self.address_key = host
        self.flood = flood
        self.nick: str | None = None
        self.username: str | None = None
        self.realname = ""
        self.password: str | None = None
        #: Its PASS waits for its address's turn (app.server.throttle): no registration
        #: timeout meanwhile, and no second check.
        self.password_pending = False
        self.registered = False
        self.cap_negotiating = False
        self.caps: set[str] = set()
        self.away: str | None = None
        self.modes: set[str] = set()
        self.channels: dict[str, Channel] = {}
        self.connected_at = now
        self.signon = int(time.time())
        self.last_message = now
        self.last_seen = now
        self.ping_sent: float | None = None
        #: The draft/multiline batch this client is sending (app.server.handlers.multiline).
        self.batch: OpenBatch | None = None
        #: The account this client is logged in to (app.server.accounts), if any.
        self.account: str | None = None
        #: An unfinished SASL exchange: its mechanism and the response received so far.
        self.sasl_mechanism: str | None = None
        #: Read markers of a client logged in to no account: kept for this connection only
        #: (a nickname is no identity to keep them under).
        self.session_markers: dict[str, float] = {}
        #: The nickname last asked for (NICK), even if refused: what REGISTER * names.
        self.requested_nick: str | None = None
        self.sasl_buffer = ""

    @property
    def name(self) -> str:
        """The nick, or ``*`` before one is chosen (the target of numeric replies)."""
        return self.nick or "*"

    @property
    def source(self) -> str:
        """``nick!user@host``: the prefix of everything this client says."""
        return f"{self.nick}!{self.username}@{self.host}"

    @property
    def certfp(self) -> str | None:
        """The SHA-256 of the TLS client certificate it presented, if any (the handshake
        finishes on the reader thread after this object was made, so it is asked each time)."""
        return self.conn.peer_fingerprint

    @property
    def is_bot(self) -> bool:
        """Whether this client marked itself a bot (IRCv3 bot-mode, user mode ``B``)."""
        return BOT_MODE in self.modes

    def peers(self) -> set[Client]:
        """Everyone who shares a channel with this client (not including itself)."""
        result: set[Client] = set()
        for channel in self.channels.values():
            result.update(channel.members)
        result.discard(self)
        return result


@dataclass(frozen=True, slots=True)
class Ban:
    """One entry of a channel's ban list."""

    mask: str
    setter: str
    when: int


@dataclass(eq=False)
class Channel:
    """A channel; ``members`` maps each client to its status modes (``"o"``, ``"ov"``…)."""

    name: str
    created: int = field(default_factory=lambda: int(time.time()))
    members: dict[Client, str] = field(default_factory=dict)
    topic: str | None = None
    topic_by: str = ""
    topic_at: int = 0
    modes: set[str] = field(default_factory=set)
    key: str | None = None
    limit: int | None = None
    bans: list[Ban] = field(default_factory=list)
    #: Ban exceptions (``+e``): a match gets past the bans.
    exceptions: list[Ban] = field(default_factory=list)
    #: Invite exceptions (``+I``): a match gets into an invite-only channel unasked.
    invite_exceptions: list[Ban] = field(default_factory=list)
    invited: set[str] = field(default_factory=set)
    #: Recent messages (``app.server.history``); the hub's ``History`` owns and outlives it.
    backlog: deque = field(default_factory=lambda: deque(maxlen=0))
    #: The room's key in the history (its folded name, worked out once, not per message).
    history_key: str = ""

    def is_op(self, client: Client) -> bool:
        """Whether ``client`` is a channel operator here."""
        return "o" in self.members.get(client, "")

    def is_voiced(self, client: Client) -> bool:
        """Whether ``client`` has op or voice (may speak when moderated or banned)."""
        status = self.members.get(client, "")
        return "o" in status or "v" in status

    def ranks_at_least(self, client: Client, mode: str) -> bool:
        """Whether ``client`` has status ``mode`` (``"o"``, ``"v"``) or a higher one here.

        What a STATUSMSG target (``+#room``) asks for: ``PREFIX_MODES`` runs from the most
        powerful status down, so ``"v"`` is met by ``"o"`` as well.
        """
        status = self.members.get(client, "")
        return any(held in status for held in PREFIX_MODES[: PREFIX_MODES.index(mode) + 1])

    def prefix(self, client: Client, multi: bool) -> str:
        """The status symbols of ``client``: all of them with multi-prefix, else the highest."""
        status = self.members.get(client, "")
        symbols = "".join(
            symbol
            for mode, symbol in zip(PREFIX_MODES, PREFIX_SYMBOLS, strict=True)
            if mode in status
        )
        return symbols if multi else symbols[:1]

    def set_status(self, client: Client, mode: str, on: bool) -> bool:
        """Give or take a status mode; ``True`` if that changed anything."""
        status = self.members[client]
        if on == (mode in status):
            return False
        wanted = set(status) | {mode} if on else set(status) - {mode}
        self.members[client] = "".join(m for m in PREFIX_MODES if m in wanted)
        return True

    def is_banned(self, client: Client) -> bool:
        """Whether a ban mask matches ``client``'s ``nick!user@host`` and no ban exception
        does."""
        source = client.source
        return any(mask_matches(ban.mask, source) for ban in self.bans) and not any(
            mask_matches(entry.mask, source) for entry in self.exceptions
        )

    def is_invite_excepted(self, client: Client) -> bool:
        """Whether an invite exception lets ``client`` into the channel while it is ``+i``."""
        return any(mask_matches(entry.mask, client.source) for entry in self.invite_exceptions)


def normalize_mask(mask: str) -> str:
    """Complete a ban mask: ``nick`` → ``nick!*@*``, ``user@host`` → ``*!user@host``."""
    if "!" not in mask and "@" not in mask:
        return f"{mask}!*@*"
    if "@" not in mask:
        return f"{mask}@*"
    if "!" not in mask:
        return f"*!{mask}"
    return mask


@lru_cache(maxsize=1024)
def _mask_regex(mask: str) -> re.Pattern[str]:
    pattern = "".join(
        ".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in fold(mask)
    )
    return re.compile(pattern, re.DOTALL)


def mask_matches(mask: str, text: str) -> bool:
    """IRC wildcard match (``*``, ``?``) under the server's case mapping."""
    return _mask_regex(mask).fullmatch(fold(text)) is not None
