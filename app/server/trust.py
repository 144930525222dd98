"""Who may come in and who is the host: the room password, the host's secret, the throttle.

The room password starts as ``ServerConfig.password`` and the host may change it while the
server runs (``PASSWORD``), so it lives here, guarded by the hub's lock, rather than in the
frozen config. The host proves who they are with ``OPER host <secret>``: the embedded server
is given a random secret by whoever starts it (:class:`app.server.hosting.HostedServer`), and
only the host's own client is told it. Every comparison is constant-time
(:func:`hmac.compare_digest`) and every wrong guess slows its address down
(:class:`~app.server.throttle.PasswordThrottle`): its next tries wait their turn in
:attr:`Trust.waiting` and are answered one at a time (:class:`~app.server.throttle.PasswordQueue`).
Addresses are given as their limit keys (:func:`app.server.admission.address_key`: an IPv6
/64 unless it is on the host's own network), as the connection limits count them.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Callable

from app.server.config import ServerConfig
from app.server.throttle import PasswordQueue, PasswordThrottle


class Verdict(enum.Enum):
    """The outcome of a password check."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    #: Too many tries from the same address wait already: not even compared.
    THROTTLED = "throttled"


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a secret (compares UTF-8 bytes, never short-circuits)."""
    if given is None:
        given = ""
        expected_bytes = expected.encode("utf-8") + b"\0"  # never equal, same work
    else:
        expected_bytes = expected.encode("utf-8")
    return hmac.compare_digest(given.encode("utf-8"), expected_bytes)


class Trust:
    """The server's secrets and the per-address throttle that protects them."""

    def __init__(self, config: ServerConfig, throttle: PasswordThrottle | None = None) -> None:
        self.room_password: str | None = config.password
        self.operator_password: str | None = config.operator_password
        self.throttle = throttle if throttle is not None else PasswordThrottle()
        #: Tries waiting for their address's turn (looks the throttle up at each use).
        self.waiting = PasswordQueue(self._wait_left)

    @property
    def has_host(self) -> bool:
        """Whether a host can identify (only then is the main room reserved for them)."""
        return bool(self.operator_password)

    def check_room_password(self, address: str, given: str | None) -> Verdict:
        """Check a ``PASS`` at registration; no room password means everyone is welcome."""
        if self.room_password is None:
            return Verdict.ACCEPTED
        return self._check(address, given, self.room_password)

    def check_operator(self, address: str, given: str) -> Verdict:
        """Check an ``OPER`` secret; without a configured secret nobody can be the host."""
        if not self.operator_password:
            return Verdict.WRONG
        return self._check(address, given, self.operator_password)

    def _wait_left(self, key: str) -> float:
        return self.throttle.wait_left(key)  # tests may swap the throttle

    def in_turn(self, address: str, attempt: Callable[[], None]) -> bool:
        """Run ``attempt`` (which checks a password from ``address`` and answers) when it is
        that address's turn: now, or later from :meth:`answer_due`. ``False`` when too many
        tries from the address wait already (the caller refuses with ``THROTTLED``)."""
        return self.waiting.submit(address, attempt)

    def answer_due(self) -> None:
        """Answer the waiting tries whose turn came (call under the hub's lock)."""
        self.waiting.run_due()

    def _check(self, address: str, given: str | None, expected: str) -> Verdict:
        if same_secret(given, expected):
            self.throttle.succeeded(address)
            return Verdict.ACCEPTED
        self.throttle.failed(address)
        return Verdict.WRONG
