"""Nothing a client sends puts a traceback in the host's log, each rejected line costs at most
one log line, and lines about one address are rate-limited."""

from __future__ import annotations

import logging
import socket

import pytest

from app.server import quietlog
from app.server.handlers import COMMANDS, Command
from app.server.quietlog import LogLimiter, describe
from tests.security.conditions import wait_until

NASTY = [
    b"\x00",
    b"PRIV\x00MSG alice :hi",
    b"PRIVMSG alice :he\x00llo",
    b"JOIN #a\x00b",
    b"NICK x\x00y",
    b"@a=\x00 PING x",
    b":\x00 PING x",
    b"\x00PING x",
    b"CAP LS\x00",
    b"WHO \x00",
    b"MODE alice\x00",
    b"TOPIC #a\x00 :x",
    b"\xff\xfe\x00 \x01\x02",
    b"@" + b"a" * 5000 + b" PING x",
    b"PING " + b"x" * 9000,
    b"\x01\x02\x03",
]


@pytest.fixture
def app_logs(caplog):
    """Every record the server's loggers write (DEBUG and up)."""
    caplog.set_level(logging.DEBUG, logger="app")
    return caplog


def test_bad_lines_write_no_traceback_and_at_most_a_line_each(chat_server, irc_client, app_logs):
    client = irc_client(chat_server, "alice")
    before = len(app_logs.records)
    client.send_raw(b"".join(line + b"\r\n" for line in NASTY))
    client.sync()
    records = app_logs.records[before:]
    assert not [r for r in records if r.exc_info], [r.getMessage() for r in records]
    assert len(records) <= len(NASTY)


def test_a_nul_in_an_unknown_command_is_answered_with_a_visible_mark(chat_server, irc_client):
    client = irc_client(chat_server, "alice")
    client.send_raw(b"PRIV\x00MSG alice :hi\r\n")
    reply = client.expect(lambda m: m.command in {"421", "400"})
    assert "\ufffd" in reply.params[1]


def test_a_failing_handler_logs_one_line_per_address_per_interval(
    chat_server, irc_client, app_logs, monkeypatch
):
    def broken(hub, client, msg):
        raise RuntimeError("a bug a client can trigger")

    monkeypatch.setitem(COMMANDS, "TIME", Command(broken))
    monkeypatch.setattr(quietlog, "_LIMITER", LogLimiter(interval=60.0))
    client = irc_client(chat_server, "alice")
    before = len(app_logs.records)
    client.send_raw(b"TIME\r\n" * 50)
    client.sync()
    records = [r for r in app_logs.records[before:] if "a bug a client" in r.getMessage()]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None
    assert "RuntimeError: a bug a client can trigger at " in records[0].getMessage()
    assert "\n" not in records[0].getMessage()


def test_limiter_counts_what_it_held_back():
    now = [0.0]
    limiter = LogLimiter(interval=10.0, capacity=2, clock=lambda: now[0])
    assert limiter.line("a", "x") == "x"
    assert limiter.line("a", "x") is None
    assert limiter.line("a", "x") is None
    assert limiter.line("b", "y") == "y"  # other keys are not held back
    now[0] = 10.0
    assert limiter.line("a", "x") == "x (2 more like it held back)"
    limiter.line("c", "z")
    limiter.line("d", "z")
    assert limiter.line("a", "x") == "x"  # forgotten (capacity 2): starts over


def test_describe_is_one_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError as exc:
        text = describe(exc)
    assert text.startswith("ValueError: bad\\nthing at ") and "test_quiet_logs.py:" in text
    assert "\n" not in text


def test_churn_from_one_address_is_a_console_line_per_interval(make_chat_server):
    lines: list[str] = []
    server = make_chat_server(log=lines.extend)
    for _ in range(30):
        socket.create_connection(server.address, timeout=5).close()
    wait_until(lambda: any("closed" in line for line in lines), 5, "a closing line")
    socket.create_connection(server.address, timeout=5).close()  # one more, to be sure
    wait_until(lambda: not server.hub.clients, 5, "every connection forgotten")
    server.stop()  # every console line is out
    opened = [line for line in lines if line.startswith("Connection from") and "closed" not in line]
    closed = [line for line in lines if "closed" in line]
    assert len(opened) == 1 and len(closed) == 1, lines
