"""Upload tokens (IRCv3 ``FILEHOST TOKEN``): short-lived, single-use, bound to a connection.

A token is what a client shows in ``Authorization: Bearer <token>`` to upload one file. It is
worth one upload, for :data:`TOKEN_LIFETIME` seconds, and only while the IRC connection that
asked for it is still open and only from that connection's address: a token read over a
shoulder or out of a log is worth nothing a minute later, or from another machine. The book
keeps SHA-256 digests of the tokens rather than the tokens, and is bounded: a client holds at
most :data:`TOKENS_PER_OWNER` at once (asking for more drops its oldest).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Seconds a token stays good: long enough to pick a file after asking, short enough to be
#: worthless when it leaks.
TOKEN_LIFETIME = 120.0
#: Outstanding tokens per connection.
TOKENS_PER_OWNER = 8
#: 192 random bits, URL-safe (letters, digits, ``-`` and ``_``: a valid IRC parameter).
_TOKEN_BYTES = 24


@dataclass(frozen=True, slots=True)
class Grant:
    """Who a redeemed token was issued to."""

    owner: object
    host: str
    nick: str


@dataclass(slots=True)
class _Entry:
    grant: Grant
    expires: float
    alive: Callable[[], bool]


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


class TokenBook:
    """Issues and redeems tokens; thread-safe (IRC readers issue, HTTP readers redeem)."""

    def __init__(
        self, lifetime: float = TOKEN_LIFETIME, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lifetime = lifetime
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[bytes, _Entry] = {}

    def issue(self, owner: object, host: str, nick: str, alive: Callable[[], bool]) -> str:
        """A new token for ``owner`` (an IRC connection's client) connected from ``host``;
        ``alive()`` says whether that connection is still open when the token is used."""
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        now = self._clock()
        with self._lock:
            self._purge(now)
            mine = [key for key, entry in self._entries.items() if entry.grant.owner is owner]
            for key in mine[: max(0, len(mine) - TOKENS_PER_OWNER + 1)]:
                del self._entries[key]  # dicts keep insertion order: the oldest go first
            grant = Grant(owner, host, nick)
            self._entries[_digest(token)] = _Entry(grant, now + self._lifetime, alive)
        return token

    def redeem(self, token: str, host: str) -> Grant | None:
        """The grant for ``token`` presented from ``host``, used up; ``None`` when the token is
        unknown, expired, already used, presented from another address, or its connection
        closed. A token presented from the wrong address is used up too (it leaked)."""
        now = self._clock()
        with self._lock:
            entry = self._entries.pop(_digest(token), None)
        if entry is None or entry.expires < now or entry.grant.host != host:
            return None
        if not entry.alive():
            return None
        return entry.grant

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _purge(self, now: float) -> None:
        expired = [key for key, entry in self._entries.items() if entry.expires < now]
        for key in expired:
            del self._entries[key]
