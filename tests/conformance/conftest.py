"""Fixtures for the conformance tests: a server named like irctest's, and quick clients.

The tests in this package port the assertions of irctest (github.com/progval/irctest,
``irctest/server_tests/``) that apply to what Gofto advertises. irctest names its server
``My.Little.Server``; so do we, so the expectations read the same.

``getMessages`` in irctest is a PING/PONG round trip that returns what arrived before the
PONG; :meth:`IrcTestClient.sync` is the same thing here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient

SERVER_NAME = "My.Little.Server"

Connect = Callable[..., IrcTestClient]


@pytest.fixture
def ircd(make_chat_server: Callable[..., ChatServer]) -> ChatServer:
    """A started server called ``My.Little.Server``, with default (flood-limited) settings."""
    return make_chat_server(name=SERVER_NAME)


@pytest.fixture
def connect(ircd: ChatServer, irc_client: Callable[..., IrcTestClient]) -> Connect:
    """``connect(nick=None, **register_kwargs)``: a client of ``ircd`` (registered if named).

    Like irctest's ``connectClient``, it synchronises once after registration, so what it
    returns next is only what the test causes.
    """

    def make(nick: str | None = None, **kwargs: object) -> IrcTestClient:
        client = irc_client(ircd, nick, **kwargs)
        if nick is not None:
            client.sync()
        return client

    return make
