"""Room and host passwords: constant-time comparison, 464 then close, per-address throttle."""

from __future__ import annotations

import hmac
import itertools

import pytest

from app.server import trust
from app.server.config import ServerConfig
from app.server.throttle import PasswordThrottle
from app.server.trust import Trust, Verdict
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


def test_a_throttled_try_is_not_even_compared(monkeypatch):
    clock = FakeClock()
    checker = Trust(
        ServerConfig(password="right"),
        PasswordThrottle(free_failures=0, base_delay=10.0, clock=clock),
    )
    assert checker.check_room_password("a", "wrong") is Verdict.WRONG
    compared: list[bytes] = []
    monkeypatch.setattr(trust.hmac, "compare_digest", lambda a, b: compared.append(a) or False)
    assert checker.check_room_password("a", "right") is Verdict.THROTTLED
    assert compared == []


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


def test_brute_force_from_one_address_is_throttled(make_chat_server):
    server = make_chat_server(password="sesame", flood_limit=False)
    clock = FakeClock()  # the server's throttle reads this clock: the test moves time
    server.hub.trust.throttle = PasswordThrottle(free_failures=2, base_delay=1.0, clock=clock)
    replies = [_try(server, f"guess{index}")[0] for index in range(6)]
    assert replies[:3] == ["464 Password incorrect"] * 3  # two free tries, the third costs 1 s
    assert all(reply.startswith("464 Too many") for reply in replies[3:])  # refused unchecked
    # Even the right password is refused while the address waits…
    assert _try(server, "sesame")[0].startswith("464 Too many")
    clock.now += 0.9
    assert _try(server, "sesame")[0].startswith("464 Too many")
    # …and accepted once the delay has passed.
    clock.now += 0.2
    assert _try(server, "sesame")[0] == "001"
    # Each wrong try after that doubles the wait: 1 s, 2 s, 4 s.
    throttle = server.hub.trust.throttle
    waits = []
    for _ in range(5):
        clock.now += throttle.wait_left("127.0.0.1")
        _try(server, "wrong")
        waits.append(throttle.wait_left("127.0.0.1"))
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0]


def test_oper_guessing_is_throttled_too(make_chat_server, irc_client):
    server = make_chat_server(operator_password="op-secret", flood_limit=False)
    server.hub.trust.throttle = PasswordThrottle(free_failures=1, base_delay=30.0)
    client = irc_client(server, "guesser")
    client.send("OPER host one")
    assert client.expect("464").params[-1] == "Password incorrect"
    client.send("OPER host two")
    assert client.expect("464").params[-1] == "Password incorrect"
    client.send("OPER host op-secret")
    assert client.expect(lambda m: m.command in {"381", "464"}).params[-1].startswith("Too many")


def test_right_password_still_works(make_chat_server):
    server = make_chat_server(password="سلام")
    connect_registered(server.address, "ali", password="سلام").close()
