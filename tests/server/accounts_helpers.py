"""Helpers for account tests: SASL logins and TLS connections with a client certificate."""

from __future__ import annotations

import base64
import socket
import ssl
from collections.abc import Iterable
from pathlib import Path

from app.irc import Message
from app.server.tls import generate_certificate
from tests.server.helpers import IrcTestClient, command_is


def make_identity(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed client certificate and key, as a Gofto client makes on first use."""
    cert, key = directory / f"{name}-cert.pem", directory / f"{name}-key.pem"
    generate_certificate(cert, key, name)
    return cert, key


def connect_tls(address: tuple[str, int], identity: tuple[Path, Path] | None) -> IrcTestClient:
    """A TLS connection presenting ``identity`` (``None``: no client certificate)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if identity is not None:
        context.load_cert_chain(*identity)
    raw = socket.create_connection(address, timeout=5.0)
    return IrcTestClient(context.wrap_socket(raw))


def plain_response(account: str, password: str) -> str:
    """The base64 SASL PLAIN response (authzid empty)."""
    return base64.b64encode(f"\0{account}\0{password}".encode()).decode()


def sasl_register(
    client: IrcTestClient,
    nick: str,
    mechanism: str,
    response: str = "+",
    caps: Iterable[str] = (),
) -> tuple[list[Message], list[Message]]:
    """CAP REQ sasl (+caps), NICK/USER, AUTHENTICATE; then CAP END and the welcome.

    Returns (the SASL exchange through 903/904, the registration through 376/422 or 433).
    """
    wanted = " ".join(["sasl", *caps])
    client.send("CAP LS 302")
    client.send(f"CAP REQ :{wanted}")
    client.send(f"NICK {nick}")
    client.send(f"USER tester 0 * :{nick}")
    client.expect(lambda m: m.command == "CAP" and m.params[1] == "ACK")
    client.send(f"AUTHENTICATE {mechanism}")
    client.expect("AUTHENTICATE")
    client.send(f"AUTHENTICATE {response}")
    exchange = client.collect_until(command_is("903", "904"))
    client.send("CAP END")
    welcome = client.collect_until(command_is("376", "422", "433"))
    client.nick = nick
    return exchange, welcome
