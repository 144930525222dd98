"""An HTTPS client refused by the host's limits reads an HTTP ``503``, an IRC client ``ERROR``.

HTTPS (the file service) and IRC share the host's one TLS port, so the refusal desk
(app.server.refusals) listens for the first bytes after the handshake and answers in the
client's own protocol. Loopback is not exempt here: every client counts against the limits.
Real clients: ``http.client`` and the ``curl`` program.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.server.admission import TOO_MANY_FROM_ADDRESS, AdmissionPolicy
from app.server.refusals import LISTEN, RETRY_AFTER, http_request
from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient

LIMITED = AdmissionPolicy(max_per_address=1, exempt_loopback=False)
TIMEOUT = 5.0


def _context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the host's certificate is self-signed
    return context


def _read_all(sock: ssl.SSLSocket) -> bytes:
    sock.settimeout(TIMEOUT)
    data = b""
    deadline = time.monotonic() + TIMEOUT
    with contextlib.suppress(ConnectionResetError, ssl.SSLEOFError, TimeoutError):
        while time.monotonic() < deadline:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data


@pytest.fixture
def full(make_chat_server, server_tls) -> Iterator[ChatServer]:
    """A TLS host whose one connection 127.0.0.1 may have is taken: the next is refused."""
    server = make_chat_server(tls=server_tls, limits=LIMITED)
    holder = IrcTestClient.connect(server.address)
    try:
        holder.register("holder")
        yield server
    finally:
        holder.close()


def test_http_client_reads_a_503_with_retry_after(full):
    host, port = full.address
    conn = http.client.HTTPSConnection(host, port, context=_context(), timeout=TIMEOUT)
    try:
        conn.request("GET", "/upload/abc")
        response = conn.getresponse()
        body = response.read()
        assert response.version == 11
        assert response.status == 503
        assert response.getheader("Retry-After") == str(RETRY_AFTER)
        assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
        assert response.getheader("Connection") == "close"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert int(response.getheader("Content-Length") or -1) == len(body)
        assert body == f"{TOO_MANY_FROM_ADDRESS}\n".encode()
    finally:
        conn.close()


@pytest.mark.parametrize("method", ["HEAD", "POST", "OPTIONS", "PUT", "DELETE"])
def test_every_method_is_answered_in_http(full, method):
    host, port = full.address
    conn = http.client.HTTPSConnection(host, port, context=_context(), timeout=TIMEOUT)
    try:
        conn.request(method, "/upload", body=b"x" * 10 if method in ("POST", "PUT") else None)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 503
        assert body == (b"" if method == "HEAD" else f"{TOO_MANY_FROM_ADDRESS}\n".encode())
    finally:
        conn.close()


def test_a_request_line_in_pieces_is_still_heard(full):
    """``G`` then ``ET /…`` (two TLS records): a prefix of a method is waited for, not taken
    for IRC (whether the desk reads them apart or together, the answer is HTTP)."""
    raw = socket.create_connection(full.address, timeout=TIMEOUT)
    with _context().wrap_socket(raw) as tls:
        tls.sendall(b"G")
        tls.sendall(b"ET / HTTP/1.1\r\nHost: x\r\n\r\n")
        data = _read_all(tls)
    assert data.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")


def test_irc_clients_and_silent_ones_still_read_error(full):
    raw = socket.create_connection(full.address, timeout=TIMEOUT)
    with _context().wrap_socket(raw) as tls:
        tls.sendall(b"CAP LS 302\r\nNICK late\r\n")
        started = time.monotonic()
        assert _read_all(tls) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
        assert time.monotonic() - started < LISTEN  # told at once, not after the wait
    raw = socket.create_connection(full.address, timeout=TIMEOUT)
    with _context().wrap_socket(raw) as tls:  # says nothing: an IRC client after LISTEN
        assert _read_all(tls) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()
    raw = socket.create_connection(full.address, timeout=TIMEOUT)
    with _context().wrap_socket(raw) as tls:  # "GETX" is a word, not a method and a space
        tls.sendall(b"GETX /\r\n")
        assert _read_all(tls) == f"ERROR :{TOO_MANY_FROM_ADDRESS}\r\n".encode()


def _spki_pin(cert: Path) -> str:
    """curl's ``--pinnedpubkey`` for a certificate: ``sha256//`` and its key's hash."""
    key = x509.load_pem_x509_certificate(cert.read_bytes()).public_key()
    der = key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return "sha256//" + base64.b64encode(hashlib.sha256(der).digest()).decode()


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
def test_curl_reports_503_not_a_protocol_error(full, tls_cert):
    host, port = full.address
    result = subprocess.run(
        [
            "curl",
            "-k",  # self-signed: the key is pinned instead (curl checks it with -k too)
            "--pinnedpubkey",
            _spki_pin(tls_cert[0]),
            "-sS",
            "--max-time",
            "10",
            "-o",
            "-",
            "-D",
            "-",
            "-w",
            "\\nstatus=%{http_code} version=%{http_version}\\n",
            f"https://{host}:{port}/upload/anything",
        ],
        capture_output=True,
        timeout=15,
        check=False,
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "status=503 version=1.1" in out
    assert f"retry-after: {RETRY_AFTER}" in out.lower()
    assert TOO_MANY_FROM_ADDRESS in out


def test_http_request_tells_a_method_from_an_irc_line():
    assert http_request(b"GET /", False) is True
    assert http_request(b"OPTIONS ", False) is True
    assert http_request(b"NICK a", False) is False
    assert http_request(b"CAP LS", False) is False
    assert http_request(b"get /", False) is False  # methods are case-sensitive
    assert http_request(b"PO", False) is None  # may yet be POST
    assert http_request(b"PO", True) is False  # the client stopped sending
    assert http_request(b"", False) is None
    assert http_request(b"\x00\x01", False) is False
    assert http_request(b"OPTIONSX", False) is False


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
def test_curl_with_a_wrong_pin_refuses_the_host(full, other_tls_cert):
    """The pin is really checked: the same refusal under another key is a curl error."""
    host, port = full.address
    result = subprocess.run(
        [
            *("curl", "-k", "-sS", "--max-time", "10", "-o", "/dev/null"),
            *("--pinnedpubkey", _spki_pin(other_tls_cert[0]), f"https://{host}:{port}/"),
        ],
        capture_output=True,
        timeout=15,
        check=False,
    )
    assert result.returncode == 90  # CURLE_SSL_PINNEDPUBKEYNOTMATCH
