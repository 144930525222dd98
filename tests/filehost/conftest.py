"""Fixtures for the file host: a TLS server with a file service, TLS IRC clients, HTTPS.

- ``make_host(**settings)``: a started TLS ChatServer whose FileHostSettings take ``settings``.
- ``irc_tls(server, nick)``: a registered IRC client over TLS (an ``IrcTestClient``).
- ``token_for(client)``: a ``FILEHOST TOKEN`` token.
- ``https(server)``: a fresh ``http.client.HTTPSConnection`` to the server's one port.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.server.filehost import FileHostSettings
from app.server.server import ChatServer
from app.server.tls import ServerTls
from tests.server.helpers import IrcTestClient

TIMEOUT = 5.0


def client_context() -> ssl.SSLContext:
    """A context that accepts the host's self-signed certificate (tests pin nothing)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def tls_socket(address: tuple[str, int]) -> ssl.SSLSocket:
    """A TLS socket to ``address`` with the handshake done."""
    raw = socket.create_connection(address, timeout=TIMEOUT)
    return client_context().wrap_socket(raw)


@pytest.fixture
def make_host(
    make_chat_server: Callable[..., ChatServer], server_tls: ServerTls
) -> Callable[..., ChatServer]:
    """Factory: a started TLS server whose file service has the given settings."""

    def make(server_kwargs: dict[str, Any] | None = None, **settings: Any) -> ChatServer:
        settings.setdefault("linger", 0.5)
        return make_chat_server(
            tls=server_tls, files=FileHostSettings(**settings), **(server_kwargs or {})
        )

    return make


@pytest.fixture
def host(make_host: Callable[..., ChatServer]) -> ChatServer:
    """A TLS server with a file service (1 MB limit, 3 MB quota)."""
    return make_host(upload_limit=1_000_000, quota=3_000_000)


@pytest.fixture
def irc_tls() -> Iterator[Callable[..., IrcTestClient]]:
    """Factory: ``irc_tls(server, nick)`` → a registered IRC client over TLS."""
    clients: list[IrcTestClient] = []

    def make(server: ChatServer, nick: str | None = "alice") -> IrcTestClient:
        client = IrcTestClient(tls_socket(server.address))
        clients.append(client)
        if nick is not None:
            client.register(nick)
        return client

    yield make
    for client in clients:
        client.close()


def token_for(client: IrcTestClient) -> str:
    """Ask for an upload token; the reply is exactly ``FILEHOST TOKEN <token>``."""
    client.send("FILEHOST TOKEN")
    msg = client.expect(lambda m: m.command in ("FILEHOST", "FAIL"))
    assert msg.command == "FILEHOST", msg.format()
    assert msg.params[0] == "TOKEN"
    return msg.params[1]


@pytest.fixture
def https() -> Iterator[Callable[[ChatServer], http.client.HTTPSConnection]]:
    """Factory: an HTTPS connection to the server's port (closed on teardown)."""
    made: list[http.client.HTTPSConnection] = []

    def make(server: ChatServer) -> http.client.HTTPSConnection:
        host, port = server.address
        conn = http.client.HTTPSConnection(host, port, context=client_context(), timeout=TIMEOUT)
        made.append(conn)
        return conn

    yield make
    for conn in made:
        conn.close()
