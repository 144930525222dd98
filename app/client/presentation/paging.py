"""When a conversation view asks the host for more history: one rule for every window.

A view (Qt's ``messageView``, Tk's transcript) only knows where it is scrolled and what it
holds; whether that should become a ``CHATHISTORY`` request is decided here, once:

- scrolled to the very top of a view that can scroll, with no request of its own still out
  and the host not having said "nothing older": ask for the lines before the oldest message
  shown (:meth:`~app.client.presentation.presenter.Presenter.older` knows that message);
- a search result the view does not hold, with a server ``msgid``: ask for the lines around
  it (:meth:`~app.client.presentation.presenter.Presenter.around`), and reveal it when they
  arrive, if that answer is the one for this result.

The session keeps its own guard per connection (one request at a time, no asking again once
a ``BEFORE`` came back short); this is the view's side of it, so a view does not ask on
every scroll event while a page is on its way, and knows when to stop for good. A request a
host never answers stops counting after :data:`~app.client.fetches.FETCH_TIMEOUT` seconds,
on both sides, so a view is never stuck waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.client.fetches import FETCH_TIMEOUT


@dataclass(frozen=True, slots=True)
class Waiting:
    """A search result waiting for its lines: the message's text and its server id."""

    text: str
    msgid: str


class Paging:
    """One conversation view's requests for older lines and for the lines around a result."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._asked_at: float | None = None  # when this view's request went out
        #: The host has nothing older than what the view shows.
        self.complete = False
        self._waiting: Waiting | None = None

    @property
    def fetching(self) -> bool:
        """A request of this view is out and unanswered (one at a time; given up on after
        :data:`FETCH_TIMEOUT` seconds)."""
        asked = self._asked_at
        return asked is not None and self._clock() - asked < FETCH_TIMEOUT

    def wants_older(self, *, at_top: bool, scrollable: bool) -> bool:
        """Whether to ask for older lines now: the view is at its very top, it can scroll
        (a short conversation that fits is not "scrolled to the top"), nothing is on its way
        and the host may have more."""
        return at_top and scrollable and not self.fetching and not self.complete

    def wants_around(self, text: str, msgid: str | None) -> bool:
        """A search result the view does not hold: whether to ask for the lines around it.
        When it says yes, the result is remembered and handed back by :meth:`arrived`."""
        if not msgid or self.fetching:
            return False
        self._waiting = Waiting(text, msgid)
        return True

    def requested(self, sent: bool) -> None:
        """What came of asking (``False``: the host keeps no history, or has no more)."""
        self._asked_at = self._clock() if sent else None
        if not sent:
            self._waiting = None

    def arrived(self, *, complete: bool, around: str | None) -> Waiting | None:
        """Lines came (``complete``: nothing older on the host; ``around``: the message id a
        search jump asked about). The search result to reveal now, if they were for it."""
        self._asked_at = None
        if complete:
            self.complete = True
        waiting, self._waiting = self._waiting, None
        if waiting is not None and around == waiting.msgid:
            return waiting
        return None

    def reset(self) -> None:
        """A new connection: the host may hold more now, and nothing is on its way."""
        self._asked_at = None
        self.complete = False
        self._waiting = None
