"""Questions the session asked the server and whose answers it is waiting for.

A ``WHO`` is sent by the user (``/who``: show the replies) or by the session itself after
joining a room (learn who is away: keep them quiet); the replies come back in the order the
requests went out, so a FIFO of "shown?" flags tells them apart. A ``WHOIS`` in progress
makes an away reply (``301``) worth showing even when the away state did not change.
"""

from __future__ import annotations

from collections import deque


class PendingReplies:
    """The WHO and WHOIS requests of one connection that have not been answered yet."""

    def __init__(self) -> None:
        self._who: deque[bool] = deque()
        self._whois: set[str] = set()

    def clear(self) -> None:
        """A new connection: nothing is pending."""
        self._who.clear()
        self._whois.clear()

    def who_sent(self, *, shown: bool) -> None:
        """A WHO went out; its replies are shown to the user when ``shown``."""
        self._who.append(shown)

    def awaiting_who(self) -> bool:
        """Whether a WHO is waiting for its answer."""
        return bool(self._who)

    def who_shown(self) -> bool:
        """Whether the replies arriving now answer a WHO the user asked for."""
        return bool(self._who) and self._who[0]

    def who_done(self) -> bool:
        """The oldest WHO is answered (``315``, or refused); whether it was the user's."""
        return self._who.popleft() if self._who else False

    def whois_sent(self, key: str) -> None:
        """A WHOIS for the folded nick ``key`` went out."""
        self._whois.add(key)

    def whois_pending(self, key: str) -> bool:
        """Whether a WHOIS for the folded nick ``key`` is being answered."""
        return key in self._whois

    def whois_done(self, key: str) -> None:
        """``318``: the WHOIS for the folded nick ``key`` is complete."""
        self._whois.discard(key)
