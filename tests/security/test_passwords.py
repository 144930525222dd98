"""Room and host passwords: constant-time comparison, 464 then close, per-address throttle."""

from __future__ import annotations

import hmac
import itertools
import time

import pytest

from app.server import trust
from app.server.config import ServerConfig
from app.server.throttle import PasswordQueue, PasswordThrottle
from app.server.trust import Trust, Verdict
from tests.security.conditions import wait_until
from tests.server.helpers import IrcTestClient, connect_registered


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_secrets_are_compared_with_hmac_compare_digest(monkeypatch):
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(trust.hmac, "compare_digest", spy)
    checker = Trust(ServerConfig(password="sesame", operator_password="op"))
    assert checker.check_room_password("10.0.0.1", "sesame") is Verdict.ACCEPTED
    assert checker.check_room_password("10.0.0.2", None) is Verdict.WRONG
    assert checker.check_operator("10.0.0.3", "op") is Verdict.ACCEPTED
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("given", "expected", "same"),
    [("sesame", "sesame", True), ("sesame ", "sesame", False), (None, "", False),
     ("", "", True), ("سلام", "سلام", True), ("سلام", "سلاm", False)],
)  # fmt: skip
def test_same_secret(given, expected, same):
    assert trust.same_secret(given, expected) is same


def test_throttle_backs_off_exponentially_after_the_free_tries():
    clock = FakeClock()
    throttle = PasswordThrottle(free_failures=2, base_delay=0.5, max_delay=4.0, clock=clock)
    delays = [throttle.failed("1.2.3.4") for _ in range(7)]
    assert delays == [0.0, 0.0, 0.5, 1.0, 2.0, 4.0, 4.0]
    assert throttle.wait_left("1.2.3.4") == pytest.approx(4.0)
    assert throttle.wait_left("5.6.7.8") == 0.0  # other addresses are not punished
    clock.now += 4.0
    assert throttle.wait_left("1.2.3.4") == 0.0
    throttle.succeeded("1.2.3.4")
    assert throttle.failed("1.2.3.4") == 0.0  # a right password forgot the failures


def test_throttle_forgets_old_failures():
    clock = FakeClock()
    throttle = PasswordThrottle(free_failures=0, base_delay=1.0, forget_after=60.0, clock=clock)
    assert [throttle.failed("a") for _ in range(3)] == [1.0, 2.0, 4.0]
    clock.now += 61.0
    assert throttle.failed("a") == 1.0


def test_throttle_memory_is_bounded():
    throttle = PasswordThrottle(free_failures=0, capacity=100, clock=FakeClock())
    for index in range(10_000):
        throttle.failed(f"10.0.{index // 256}.{index % 256}")
    assert len(throttle) == 100
    assert throttle.wait_left("10.0.0.0") == 0.0  # the oldest were forgotten first
    assert throttle.wait_left("10.0.39.15") > 0.0  # the last one (index 9999) is remembered


def test_queue_answers_one_try_at_a_time_per_address():
    clock = FakeClock()
    throttle = PasswordThrottle(free_failures=0, base_delay=1.0, clock=clock)
    queue = PasswordQueue(throttle.wait_left, max_waiting=3)
    answered: list[str] = []

    def attempt(name: str, right: bool = False, address: str = "a"):
        def run() -> None:
            answered.append(name)
            (throttle.succeeded if right else throttle.failed)(address)

        return run

    assert queue.submit("a", attempt("first"))  # may try at once: answered at once
    assert answered == ["first"] and throttle.wait_left("a") == 1.0
    assert queue.submit("a", attempt("second"))
    assert queue.submit("a", attempt("right", right=True))
    assert queue.submit("b", attempt("elsewhere", address="b"))  # another address is not held up
    assert answered == ["first", "elsewhere"]
    assert queue.submit("a", attempt("third"))
    assert not queue.submit("a", attempt("fourth"))  # the line is full: refused
    queue.run_due()
    assert answered == ["first", "elsewhere"] and queue.next_due() == 1.0
    clock.now += 1.0
    queue.run_due()  # one at a time: "second" was wrong, the next waits 2 s
    assert answered[-1] == "second" and queue.next_due() == 2.0
    clock.now += 2.0
    queue.run_due()  # the right password clears the wait: "third" follows at once
    assert answered[-2:] == ["right", "third"]
    assert len(queue) == 0 and queue.next_due() is None


_attempts = itertools.count(1)


def _try(server, password: str | None) -> tuple[str, bool]:
    """One registration attempt: the reply (001 or 464 and its text) and whether it closed."""
    with IrcTestClient.connect(server.address) as client:
        if password is not None:
            client.send(f"PASS :{password}")
        nick = f"guesser{next(_attempts)}"  # the last try's connection may linger a moment
        client.send(f"NICK {nick}")
        client.send(f"USER {nick} 0 * :Guesser")
        reply = client.expect(lambda m: m.command in {"001", "464"})
        if reply.command == "001":
            return "001", False
        closing = client.read_until_closed(timeout=3)
        return f"464 {reply.params[-1]}", any(m.command == "ERROR" for m in closing)


@pytest.mark.parametrize("password", [None, "wrong", "sesame ", "SESAME"])
def test_wrong_password_is_464_then_closed(make_chat_server, password):
    server = make_chat_server(password="sesame")
    reply, closed = _try(server, password)
    assert reply.startswith("464") and closed


def _begin(server, password: str) -> IrcTestClient:
    """Start a registration with ``password`` (the answer is read by the caller)."""
    client = IrcTestClient.connect(server.address)
    nick = f"guesser{next(_attempts)}"
    client.send(f"PASS :{password}")
    client.send(f"NICK {nick}")
    client.send(f"USER {nick} 0 * :Guesser")
    return client


def _answer(client: IrcTestClient, timeout: float = 5.0) -> str:
    reply = client.expect(lambda m: m.command in {"001", "464"}, timeout=timeout)
    return reply.command if reply.command == "001" else f"464 {reply.params[-1]}"


def _waiting(server, count: int) -> None:
    """Wait until ``count`` tries wait their turn on the server."""
    wait_until(lambda: len(server.hub.trust.waiting) == count, 5, f"{count} tries waiting")


def _unanswered(client: IrcTestClient, wait: float = 0.3) -> bool:
    try:
        _answer(client, timeout=wait)
    except TimeoutError:
        return True
    return False


def test_brute_force_from_one_address_is_delayed_not_refused(make_chat_server):
    # Short timeouts make the housekeeping tick (which answers waiting tries) frequent; the
    # registration timeout must not end a try that waits its turn.
    server = make_chat_server(password="sesame", flood_limit=False, registration_timeout=0.4)
    clock = FakeClock()  # the server's throttle reads this clock: the test moves time
    server.hub.trust.throttle = PasswordThrottle(free_failures=2, base_delay=1.0, clock=clock)
    replies = [_try(server, f"guess{index}")[0] for index in range(3)]
    assert replies == ["464 Password incorrect"] * 3  # two free tries, the third costs 1 s
    # The next tries wait for their turn, in order, however long registration may take...
    wrong = _begin(server, "guess3")
    _waiting(server, 1)  # in line first
    right = _begin(server, "sesame")
    _waiting(server, 2)
    try:
        assert _unanswered(wrong, 0.6) and _unanswered(right, 0.1)
        clock.now += 1.0  # the wait is over: the first in line is answered, the next waits 2 s
        assert _answer(wrong) == "464 Password incorrect"
        assert _unanswered(right)
        clock.now += 2.0
        assert _answer(right) == "001"  # ...and the right password gets in after its wait.
    finally:
        wrong.close()
        right.close()
    assert server.hub.trust.throttle.wait_left("127.0.0.1") == 0.0  # and cleared the record


def test_a_full_line_is_refused(make_chat_server):
    server = make_chat_server(password="sesame", flood_limit=False)
    clock = FakeClock()
    server.hub.trust.throttle = PasswordThrottle(free_failures=0, base_delay=60.0, clock=clock)
    server.hub.trust.waiting.max_waiting = 2
    assert _try(server, "guess")[0] == "464 Password incorrect"
    waiting = [_begin(server, "sesame") for _ in range(2)]
    _waiting(server, 2)
    try:
        assert _try(server, "sesame")[0].startswith("464 Too many")
        assert all(_unanswered(client, 0.1) for client in waiting)
    finally:
        for client in waiting:
            client.close()


def test_oper_guessing_is_delayed_too(make_chat_server, irc_client):
    server = make_chat_server(operator_password="op-secret", flood_limit=False)
    server.hub.trust.throttle = PasswordThrottle(free_failures=1, base_delay=0.5)
    client = irc_client(server, "guesser")
    client.send("OPER host one")
    assert client.expect("464").params[-1] == "Password incorrect"
    client.send("OPER host two")  # the second wrong one: the next try waits 0.5 s
    assert client.expect("464").params[-1] == "Password incorrect"
    sent = time.monotonic()
    client.send("OPER host op-secret")
    assert client.expect(lambda m: m.command in {"381", "464"}).command == "381"
    assert time.monotonic() - sent >= 0.4


def test_right_password_still_works(make_chat_server):
    server = make_chat_server(password="سلام")
    connect_registered(server.address, "ali", password="سلام").close()
