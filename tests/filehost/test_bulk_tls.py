"""The bulk path of the TLS sessions the file host streams through (app.secure): a whole chunk
encrypted in one call, and records decrypted straight into a caller's buffer. Both server
sessions (the ssl module's and pyOpenSSL's, which accepts any client certificate) talk to a
real ssl-module client over memory buffers, so every byte is really encrypted and checked."""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import pytest

from app.secure import AnyClientCertSession, TlsSession, any_client_cert_context

Session = TlsSession | AnyClientCertSession


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@pytest.fixture(params=["ssl", "pyopenssl"])
def pair(request: pytest.FixtureRequest, tls_cert: tuple[Path, Path]) -> tuple[TlsSession, Session]:
    """A client and a server session with the handshake done (the server's session tickets
    delivered), over memory: what goes out of one is handed to the other."""
    cert, key = tls_cert
    server: Session
    if request.param == "pyopenssl":
        server = AnyClientCertSession(any_client_cert_context(str(cert), str(key)))
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server = TlsSession(context, server_side=True)
    client = TlsSession(_client_context(), server_side=False)
    client_done, to_server = client.handshake()
    server_done = False
    for _ in range(10):
        server_done, to_client = server.handshake(to_server)
        if client_done:
            if to_client:
                client.decrypt(to_client)
            break
        client_done, to_server = client.handshake(to_client)
    assert client_done and server_done
    return client, server


def _drain(server: Session, received: bytes, buffer_size: int) -> tuple[bytes, bool]:
    """Everything ``received`` carries, read through a buffer of ``buffer_size`` bytes."""
    buffer = memoryview(bytearray(buffer_size))
    got = bytearray()
    feed: bytes = received
    while True:
        count, out, closed = server.read_into(feed, buffer)
        assert out == b""
        feed = b""
        got += buffer[:count]
        if closed or not count:
            return bytes(got), closed


def test_a_big_chunk_is_encrypted_in_one_call(pair: tuple[TlsSession, Session]) -> None:
    client, server = pair
    data = os.urandom(3 * 1024 * 1024 + 7)  # many records, the last one short
    records = server.encrypt(memoryview(bytearray(data)))
    plain, out, closed = client.decrypt(records)
    assert plain == data
    assert out == b""
    assert not closed


@pytest.mark.parametrize("buffer_size", [1, 1000, 16384, 100_000, 1024 * 1024])
def test_read_into_gives_every_byte_whatever_the_buffer(
    pair: tuple[TlsSession, Session], buffer_size: int
) -> None:
    client, server = pair
    data = os.urandom(200_000 if buffer_size > 1 else 40_000)
    got, closed = _drain(server, client.encrypt(data), buffer_size)
    assert got == data
    assert not closed


def test_read_into_waits_for_a_whole_record(pair: tuple[TlsSession, Session]) -> None:
    client, server = pair
    records = client.encrypt(b"x" * 50_000)
    buffer = memoryview(bytearray(64 * 1024))
    first, _out, closed = server.read_into(records[:20_000], buffer)  # one record and a bit
    assert first == 16384 and not closed
    rest, _out, closed = server.read_into(records[20_000:], buffer[first:])
    assert first + rest == 50_000 and not closed
    assert bytes(buffer[:50_000]) == b"x" * 50_000


def test_read_into_sees_the_close_after_the_data(pair: tuple[TlsSession, Session]) -> None:
    client, server = pair
    got, closed = _drain(server, client.encrypt(b"last words") + client.close_notify(), 4096)
    assert got == b"last words"
    assert closed


def test_read_into_refuses_a_forged_record(pair: tuple[TlsSession, Session]) -> None:
    client, server = pair
    records = bytearray(client.encrypt(b"y" * 1000))
    records[-1] ^= 0xFF  # the authentication tag no longer matches
    with pytest.raises(ssl.SSLError):
        server.read_into(bytes(records), memoryview(bytearray(4096)))
