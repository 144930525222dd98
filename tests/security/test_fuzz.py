"""Fuzzing a live server with hypothesis-made byte streams.

Random bytes, broken UTF-8, endless lines, tag bombs, thousands of parameters and real
commands with junk arguments go to a real :class:`ChatServer` over 127.0.0.1. After each
stream, a well-behaved client that stayed connected the whole time must still get its answer,
and the server must hold no more threads or clients than before the stream.
"""

from __future__ import annotations

import contextlib
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.server.handlers import COMMANDS
from tests.security.conditions import back_to, holdings
from tests.server.helpers import connect_registered

REGISTER = b"NICK fuzzer\r\nUSER fuzzer 0 * :Fuzzer\r\nJOIN #lobby\r\n"

random_bytes = st.binary(max_size=4096)
broken_utf8 = st.lists(
    st.binary(min_size=1, max_size=64).map(lambda b: b"PRIVMSG #lobby :" + b + b"\xff\xc3\r\n"),
    max_size=20,
).map(b"".join)
endless_line = st.integers(min_value=513, max_value=64_000).map(lambda n: b"A" * n)
tag_bomb = st.integers(min_value=1, max_value=3000).map(
    lambda n: b"@" + b";".join(b"+k%d=v" % i for i in range(n)) + b" PRIVMSG #lobby :hi\r\n"
)
many_params = st.integers(min_value=15, max_value=5000).map(
    lambda n: b"PRIVMSG " + b" ".join(b"p%d" % i for i in range(n)) + b"\r\n"
)
junk_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80).map(
    lambda s: s.encode("utf-8")
)
table_command = st.tuples(st.sampled_from(sorted(COMMANDS)), st.lists(junk_text, max_size=6)).map(
    lambda pair: pair[0].encode() + b" " + b" ".join(pair[1]) + b"\r\n"
)
stream = st.tuples(
    st.booleans(),  # register first, to reach the handlers that need it
    st.lists(
        st.one_of(random_bytes, broken_utf8, endless_line, tag_bomb, many_params, table_command),
        min_size=1,
        max_size=4,
    ),
).map(lambda pair: (REGISTER if pair[0] else b"") + b"".join(pair[1]))


@pytest.fixture
def arena(make_chat_server, irc_client):
    """A server with a witness who stays in the room throughout."""
    server = make_chat_server(flood_limit=False, registration_timeout=2.0)
    witness = irc_client(server, "witness")
    witness.join("#lobby")
    witness.sync()
    return server, witness


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=stream)
def test_fuzzed_streams_leave_the_server_serving(arena, data):
    server, witness = arena
    baseline = holdings(server)
    with (
        socket.create_connection(server.address, timeout=5) as sock,
        contextlib.suppress(OSError),  # the server may rightly hang up on us mid-way
    ):
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(65536):  # read what it says until it closes or we time out
            pass
    witness.sync(timeout=5)
    back_to(server, baseline)


def test_server_answers_newcomers_after_fuzzing(arena):
    server, _witness = arena
    with socket.create_connection(server.address, timeout=5) as sock:
        sock.sendall(b"\xff\xfe\x00\r\n" * 100 + b"@" * 9000 + b"\r\n")
    connect_registered(server.address, "after").close()
