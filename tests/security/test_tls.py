"""Encryption end to end, without a GUI: the host's certificate, TLS and plain text on one
port, trust on first use, and clients nobody here wrote.

Every server here is a real ChatServer on 127.0.0.1:0 with the session's certificate (see
tests/fixtures/tls.py); "the host's certificate changed" restarts a server on the same port
with a second certificate.
"""

from __future__ import annotations

import functools
import socket
import ssl
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import irc.client
import irc.connection
import pytest

from app.client.identity import CERT_FILE, KEY_FILE
from app.client.transport import ThreadedTransport
from app.client.trust import ClientTls, TrustStore
from app.datadir import ENV_DATA_DIR
from app.errors import CertificateChanged, EncryptionFailed
from app.secure import fingerprint, normalise_fingerprint
from app.server import tls as server_tls_module
from app.server.server import ChatServer
from app.server.tls import TLS_REQUIRED, ServerTls, ensure_certificate
from tests.client.test_terminal import ChatProcess

TIMEOUT = 5.0


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # a self-signed host certificate: pinned, not verified
    return context


def _read_until(sock: socket.socket, needle: bytes, timeout: float = TIMEOUT) -> bytes:
    """Bytes from ``sock`` until ``needle`` or EOF (the caller asserts which)."""
    deadline = time.monotonic() + timeout
    data = b""
    while needle not in data and (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return data


class Attempt:
    """One ThreadedTransport connection, with its outcome waited for on events."""

    def __init__(self, address: tuple[str, int], tls: ClientTls | None) -> None:
        self.lines: list[str] = []
        self.closed_reason: str | None = None
        self.connected = threading.Event()
        self.closed = threading.Event()
        self.got_welcome = threading.Event()
        self.transport = ThreadedTransport(
            self.connected.set, self._on_line, self._on_closed, tls=tls
        )
        self.transport.connect(*address)

    def _on_line(self, line: str) -> None:
        self.lines.append(line)
        if " 001 " in line:
            self.got_welcome.set()

    def _on_closed(self, reason: str) -> None:
        self.closed_reason = reason
        self.closed.set()

    def register(self, nick: str) -> None:
        self.transport.send_line(f"NICK {nick}")
        self.transport.send_line(f"USER {nick} 0 * :{nick}")
        assert self.got_welcome.wait(TIMEOUT), self.lines

    def wait(self) -> str:
        """``connected`` or ``closed``, whichever comes first."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.connected.wait(0.02):
                return "connected"
            if self.closed.is_set():
                return "closed"
        raise AssertionError("the transport neither connected nor closed")


@pytest.fixture
def attempt() -> Iterator[Callable[..., Attempt]]:
    attempts: list[Attempt] = []

    def make(address: tuple[str, int], tls: ClientTls | None) -> Attempt:
        made = Attempt(address, tls)
        attempts.append(made)
        return made

    yield make
    for made in attempts:
        made.transport.close()


@pytest.fixture
def store(tmp_path: Path) -> TrustStore:
    return TrustStore(tmp_path / "known-hosts.json")


def _restart(server: ChatServer, tls: ServerTls | None) -> ChatServer:
    """Stop ``server`` and start another on the same port (the same host, later)."""
    host, port = server.address
    server.stop()
    again = ChatServer(host, port, tls=tls)
    again.start()
    return again


# -- the host's certificate -------------------------------------------------------------------


def test_certificate_is_made_once_with_a_private_key(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    cert, key = ensure_certificate(directory, "sara.local")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = ServerTls.for_host("sara.local", directory=directory)
    cert_bytes = cert.read_bytes()
    again = ServerTls.for_host("sara.local", directory=directory)
    assert cert.read_bytes() == cert_bytes  # reused, not made again
    assert again.fingerprint == first.fingerprint
    from cryptography import x509

    parsed = x509.load_pem_x509_certificate(cert_bytes)
    assert parsed.subject.rfc4514_string() == "CN=sara.local"
    assert parsed.not_valid_after_utc.year - parsed.not_valid_before_utc.year >= 9


def test_fingerprint_is_sha256_in_groups_of_four() -> None:
    text = fingerprint(b"certificate")
    groups = text.split(" ")
    assert len(groups) == 16 and all(len(group) == 4 for group in groups)
    assert normalise_fingerprint(text.lower().replace(" ", ":")) == text


def test_default_data_directory_is_the_test_one(gofto_data_dir: Path) -> None:
    tls = ServerTls.for_host("gofto.local")
    assert tls.cert_path is not None and tls.cert_path.parent == gofto_data_dir


# -- the server: TLS and plain text on one port -----------------------------------------------


def test_plain_client_joins_a_default_server(make_chat_server, server_tls, irc_client) -> None:
    server = make_chat_server(tls=server_tls)
    client = irc_client(server, "plain")
    client.send("JOIN #lobby")
    client.expect(lambda m: m.command == "366")


def test_plain_client_is_refused_by_a_tls_only_server(make_chat_server, make_server_tls) -> None:
    """What a plain client sees: one ``ERROR`` line that says why, then the server closes."""
    server = make_chat_server(tls=make_server_tls(tls_only=True))
    with socket.create_connection(server.address, timeout=TIMEOUT) as sock:
        sock.sendall(b"NICK plain\r\nUSER plain 0 * :Plain\r\n")
        data = _read_until(sock, b"\x00never")
    assert data == f"ERROR :{TLS_REQUIRED}\r\n".encode()


def test_tls_client_joins_a_tls_only_server(make_chat_server, make_server_tls) -> None:
    server = make_chat_server(tls=make_server_tls(tls_only=True))
    raw = socket.create_connection(server.address, timeout=TIMEOUT)
    with _client_context().wrap_socket(raw) as sock:
        assert fingerprint(sock.getpeercert(binary_form=True)) == server.fingerprint
        sock.sendall(b"NICK secret\r\nUSER secret 0 * :Secret\r\n")
        assert b" 001 secret " in _read_until(sock, b" 001 ")
        sock.sendall(b"QUIT :bye\r\n")
        assert b"ERROR :Closing link" in _read_until(sock, b"(Quit: bye)")


def test_third_party_tls_client_joins(make_chat_server, server_tls, irc_client) -> None:
    """The ``irc`` package, over Python's ssl, talks to a plain-text user in the same room."""
    server = make_chat_server(tls=server_tls)
    plain = irc_client(server, "plain")
    plain.send("JOIN #lobby")
    plain.expect(lambda m: m.command == "366")

    reactor = irc.client.Reactor()
    joined = threading.Event()
    heard: list[str] = []
    reactor.add_global_handler("welcome", lambda conn, _event: conn.join("#lobby"))
    reactor.add_global_handler("join", lambda _conn, _event: joined.set())
    reactor.add_global_handler("pubmsg", lambda _conn, event: heard.extend(event.arguments))
    host, port = server.address
    wrapper = functools.partial(_client_context().wrap_socket, server_hostname=host)
    connection = reactor.server().connect(
        host, port, "libirc", connect_factory=irc.connection.Factory(wrapper=wrapper)
    )
    try:
        assert isinstance(connection.socket, ssl.SSLSocket)
        deadline = time.monotonic() + TIMEOUT
        while not joined.is_set() and time.monotonic() < deadline:
            reactor.process_once(0.05)
        assert joined.is_set()
        plain.send("PRIVMSG #lobby :hello from plain text")
        while not heard and time.monotonic() < deadline:
            reactor.process_once(0.05)
        assert heard == ["hello from plain text"]
    finally:
        connection.close()


def test_silent_clients_stall_nobody(make_chat_server, server_tls, irc_client, monkeypatch):
    """A client that says nothing, and one that stops mid-handshake, are each waited for on
    their own thread: others connect meanwhile, and the registration timeout still ends them.
    """
    monkeypatch.setattr(server_tls_module, "PEEK_TIMEOUT", 0.2)
    server = make_chat_server(tls=server_tls, registration_timeout=1.0)
    silent = socket.create_connection(server.address, timeout=TIMEOUT)
    stalled = socket.create_connection(server.address, timeout=TIMEOUT)
    stalled.sendall(b"\x16\x03\x01")  # the start of a ClientHello, then nothing
    try:
        started = time.monotonic()
        irc_client(server, "prompt")  # registers at once despite the two above
        assert time.monotonic() - started < 1.0
        # A silent plain client that speaks late (after the peek gave up) still registers.
        irc_client(server, "late")
        # The registration timeout still ends both silent ones, each with an ERROR line.
        assert b"ERROR :" in _read_until(silent, b"ERROR")
        assert b"ERROR :" in _read_until(stalled, b"ERROR")
    finally:
        silent.close()
        stalled.close()


# -- a Gofto client: TLS first, trust on first use --------------------------------------------


def test_pins_on_first_use_then_recognises(make_chat_server, server_tls, store, attempt):
    server = make_chat_server(tls=server_tls)
    first = attempt(server.address, ClientTls(store))
    assert first.wait() == "connected"
    security = first.transport.security
    assert security is not None and security.encrypted and security.first_use
    assert security.fingerprint == server.fingerprint
    assert store.fingerprint(*server.address) == server.fingerprint
    first.register("alice")

    second = attempt(server.address, ClientTls(store))
    assert second.wait() == "connected"
    assert second.transport.security is not None
    assert not second.transport.security.first_use


def test_changed_certificate_is_refused_until_accepted(
    make_chat_server, make_server_tls, other_tls_cert, store, attempt
):
    server = make_chat_server(tls=make_server_tls())
    assert attempt(server.address, ClientTls(store)).wait() == "connected"
    old = server.fingerprint
    server = _restart(server, make_server_tls(cert=other_tls_cert))
    try:
        refused = attempt(server.address, ClientTls(store))
        assert refused.wait() == "closed"
        failure = refused.transport.failure
        assert isinstance(failure, CertificateChanged)
        assert (failure.old, failure.new) == (old, server.fingerprint)
        assert refused.lines == []  # nothing was said to an impostor
        assert store.fingerprint(*server.address) == old  # still the old pin

        accepted = attempt(server.address, ClientTls(store, accept=server.fingerprint))
        assert accepted.wait() == "connected"
        accepted.register("alice")
        assert store.fingerprint(*server.address) == server.fingerprint
    finally:
        server.stop()


def test_plain_host_never_seen_falls_back(make_chat_server, store, attempt):
    server = make_chat_server()  # no TLS at all: answers a ClientHello with ERROR at once
    started = time.monotonic()
    made = attempt(server.address, ClientTls(store))
    assert made.wait() == "connected"
    assert time.monotonic() - started < 1.0  # no handshake timeout was needed
    assert made.transport.security is not None and not made.transport.security.encrypted
    made.register("plainly")
    assert store.fingerprint(*server.address) is None


def test_tls_host_is_never_joined_in_plain_text_later(make_chat_server, server_tls, store, attempt):
    server = make_chat_server(tls=server_tls)
    assert attempt(server.address, ClientTls(store)).wait() == "connected"
    server = _restart(server, None)  # the same address now speaks plain text only
    try:
        made = attempt(server.address, ClientTls(store))
        assert made.wait() == "closed"
        assert isinstance(made.transport.failure, EncryptionFailed)
        assert made.lines == []
    finally:
        server.stop()


def test_ircs_link_forces_tls(make_chat_server, store, attempt):
    server = make_chat_server()
    made = attempt(server.address, ClientTls(store, force=True))
    assert made.wait() == "closed"
    assert isinstance(made.transport.failure, EncryptionFailed)


def test_damaged_store_is_a_first_use(tmp_path: Path) -> None:
    path = tmp_path / "known-hosts.json"
    path.write_text("{not json", encoding="utf-8")
    store = TrustStore(path)
    assert store.fingerprint("example.org", 5000) is None
    store.remember("Example.org", 5000, "ab12" * 16)
    assert store.fingerprint("example.ORG", 5000) == normalise_fingerprint("AB12" * 16)


# -- the command line -------------------------------------------------------------------------


def test_serve_and_chat_over_tls(tls_cert, other_tls_cert, make_chat_server, make_server_tls):
    """``serve --cert --key --tls-only`` prints its fingerprint; ``chat`` prints the same one,
    then refuses a changed certificate and says how to accept it."""
    cert, key = tls_cert
    serve = ChatProcess(
        "serve", "--port", "0", "--tls-only", "--cert", str(cert), "--key", str(key)
    )
    try:
        port = int(serve.expect(r"^Listening on 127\.0\.0\.1 : (\d+)$").group(1))
        shown = serve.expect(r"^Encryption: TLS only; certificate fingerprint ([0-9A-F ]+)$")
        expected = ServerTls.load(cert, key).fingerprint
        assert shown.group(1) == expected
        chat = ChatProcess("chat", "--port", str(port), "--nick", "tty")
        try:
            chat.expect(rf"^-- Encrypted\. The host's certificate fingerprint is {expected}$")
            chat.expect(r"^Connected to 127\.0\.0\.1:\d+ as tty$")
            assert chat.end_input() == 0
        finally:
            chat.stop()
    finally:
        serve.stop()

    other = make_chat_server(host="127.0.0.1", port=port, tls=make_server_tls(cert=other_tls_cert))
    chat = ChatProcess("chat", "--port", str(port), "--nick", "tty")
    try:
        chat.expect(r"different certificate")
        chat.expect(rf'--accept-new-cert "{other.fingerprint}"')
        assert chat.proc.wait(timeout=TIMEOUT) == 1
    finally:
        chat.stop()


def test_lines_sent_just_before_the_close_notify_are_delivered(
    make_chat_server, server_tls, store, attempt
):
    """QUIT's echoes and ERROR arrive with the server's close_notify: none may be lost."""
    server = make_chat_server(tls=server_tls)
    client = attempt(server.address, ClientTls(store))
    assert client.wait() == "connected"
    client.register("quitter")
    client.transport.send_line("CAP REQ :echo-message")  # harmless after registration
    for number in range(20):
        client.transport.send_line(f"PRIVMSG quitter :note {number}")
    client.transport.send_line("QUIT :bye")
    assert client.closed.wait(TIMEOUT)
    notes = [line for line in client.lines if "PRIVMSG quitter :note" in line]
    assert len(notes) == 40  # to oneself with echo-message: each delivered, then echoed
    assert client.lines[-1].startswith("ERROR ")


@pytest.fixture
def another_computer(tmp_path, monkeypatch):
    """Switch the data folder to a fresh one: another installation, with its own key."""

    def switch() -> Path:
        elsewhere = tmp_path / "another-computer"
        elsewhere.mkdir()
        monkeypatch.setenv(ENV_DATA_DIR, str(elsewhere))
        return elsewhere

    return switch


@pytest.fixture
def tls_host(make_chat_server, server_tls) -> ChatServer:
    """A host speaking TLS (and plain text) with the session's certificate."""
    return make_chat_server(tls=server_tls)


def test_a_gofto_client_presents_its_own_certificate_and_owns_its_name(
    tls_host, store, attempt, gofto_data_dir, another_computer
):
    """Every Gofto client makes a key and certificate on first use (in its data folder) and
    presents it over TLS: the host logs it in by fingerprint (900), and the name it used first
    is its own from then on; another installation (another key) is refused it with 433."""
    server = tls_host
    first = attempt(server.address, ClientTls(store))
    assert first.wait() == "connected"
    first.register("reza")
    assert any(" 900 reza " in line for line in first.lines)
    key = gofto_data_dir / KEY_FILE
    assert (gofto_data_dir / CERT_FILE).is_file() and key.stat().st_mode & 0o077 == 0
    first.transport.send_line("QUIT")
    assert first.closed.wait(TIMEOUT)
    elsewhere = another_computer()
    second = attempt(server.address, ClientTls(store))
    assert second.wait() == "connected"
    second.transport.send_line("NICK reza")
    second.transport.send_line("USER reza 0 * :reza")
    deadline = time.monotonic() + TIMEOUT
    while not any(" 433 " in line for line in second.lines):
        assert time.monotonic() < deadline, second.lines
        threading.Event().wait(0.02)
    assert any("belongs to someone else on this host" in line for line in second.lines)
    assert (elsewhere / CERT_FILE).is_file()  # it made its own identity
