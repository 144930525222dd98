"""Kept-alive connections to the file host (app.client.http_pool) against hosts that apply the
per-address connection limits to 127.0.0.1 (``AdmissionPolicy(exempt_loopback=False)``), the
way a host treats a guest on its LAN: at most 30 new connections a minute, 10 at once."""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.client import files
from app.client.files import FileFacts, FileTransferError, download, peek, upload
from app.client.http_pool import PER_ORIGIN, ConnectionPool, PoolClosed
from app.errors import CertificateChanged
from app.secure import fingerprint
from app.server.admission import Admission, AdmissionPolicy, Refusal, Ticket
from app.server.filehost.exchange import MAX_REQUESTS
from app.server.server import ChatServer

MakeHost = Callable[..., ChatServer]
WRONG_PIN = "AAAA " * 15 + "AAAA"
TIMEOUT = 10.0


class Counted:
    """Counts the connections a host admitted and refused (wraps its Admission's ``admit``;
    the limits themselves are the real ones)."""

    def __init__(self, admission: Admission) -> None:
        self.admitted = 0
        self.refused = 0
        self._admit = admission.admit
        admission.admit = self._count  # type: ignore[method-assign]

    def _count(self, host: str, unregistered: int, local: str | None = None) -> Ticket | Refusal:
        ticket = self._admit(host, unregistered, local)
        if isinstance(ticket, Refusal):
            self.refused += 1
        else:
            self.admitted += 1
        return ticket


def _limited(make_host: MakeHost, **settings: object) -> tuple[ChatServer, Counted]:
    server = make_host({"limits": AdmissionPolicy(exempt_loopback=False)}, **settings)
    return server, Counted(server.admission)


def _share(server: ChatServer, count: int) -> list[tuple[str, str, bytes]]:
    """``count`` files put in the host's store: (url, name, bytes) each."""
    assert server.files is not None
    host, port = server.address
    shared = []
    for number in range(count):
        name = f"picture {number}.png" if number % 2 else f"note {number}.txt"
        data = f"file {number} ".encode() * (50 + number)
        kind = "image/png" if number % 2 else "text/plain"
        upload_ = server.files.store.begin(name, kind, "alice", len(data))
        upload_.write(data)
        entry = upload_.finish()
        shared.append((f"https://{host}:{port}{entry.path}", name, data))
    return shared


def _until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Whether ``condition`` came true within ``timeout`` seconds (checked every 20 ms)."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        tick.wait(0.02)
    return True


@pytest.fixture
def pool() -> Iterator[ConnectionPool]:
    made = ConnectionPool()
    yield made
    made.close()
    assert made.idle() == 0


def test_sixty_peeks_from_four_threads_use_a_few_connections(
    make_host: MakeHost, pool: ConnectionPool
) -> None:
    server, counted = _limited(make_host)
    shared = _share(server, 60)
    pinned = server.fingerprint
    results: dict[str, FileFacts] = {}
    failures: list[BaseException] = []

    def fetch(part: list[tuple[str, str, bytes]]) -> None:
        for number, (url, _name, _data) in enumerate(part):
            try:
                body = number % 2 == 0
                results[url] = peek(url, pinned, body=body, limit=1_000_000, pool=pool)
            except Exception as exc:
                failures.append(exc)

    threads = [threading.Thread(target=fetch, args=(shared[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 3)
    assert not failures, failures
    assert len(results) == 60
    for number, (url, name, data) in enumerate(shared):
        facts = results[url]
        assert (facts.name, facts.size) == (name, len(data))
        assert facts.body in (None, data)
        assert (facts.body is not None) == ((number // 4) % 2 == 0)
    assert counted.refused == 0
    assert 1 <= counted.admitted <= PER_ORIGIN
    assert pool.idle() == counted.admitted  # all kept for the next ones


def test_without_a_pool_the_host_refuses_past_its_rate(
    make_host: MakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What guests met before: one connection per request, refused after 30 a minute (this
    is what makes the test above able to fail). Each refused peek asks once more, at once
    here (the host's ``Retry-After`` is not waited for), and is refused again."""
    monkeypatch.setattr(files, "MAX_RETRY_AFTER", 0)
    server, counted = _limited(make_host)
    shared = _share(server, 40)
    failed = 0
    for url, _name, _data in shared:
        try:
            peek(url, server.fingerprint)
        except FileTransferError:
            failed += 1
    assert failed >= 5
    assert counted.refused == 2 * failed


def test_download_and_peeks_share_one_connection(
    make_host: MakeHost, pool: ConnectionPool, tmp_path: Path
) -> None:
    server, counted = _limited(make_host)
    (url, name, data), (other, _, _) = _share(server, 2)
    pinned = server.fingerprint
    assert peek(url, pinned, pool=pool).name == name
    saved = download(url, tmp_path, pinned, pool=pool)
    assert saved.read_bytes() == data
    with pytest.raises(FileTransferError, match="no longer on the host"):
        peek(other.replace(other[-12:], "AAAAAAAAAAAA"), pinned, pool=pool)  # a 404
    assert peek(other, pinned, pool=pool, body=True, limit=100_000).body is not None
    assert counted.admitted == 1
    assert pool.idle() == 1


def test_a_connection_the_host_closed_when_idle_is_replaced(
    make_host: MakeHost, pool: ConnectionPool
) -> None:
    server, counted = _limited(make_host, idle_timeout=0.3, linger=0.2)
    assert server.files is not None
    (url, name, _data), (other, _, _) = _share(server, 2)
    assert peek(url, server.fingerprint, pool=pool).name == name
    assert pool.idle() == 1
    # The idle connection holds the host's thread no longer than its idle timeout (+ linger).
    assert _until(lambda: server.files is not None and server.files.active_transfers() == 0, 3.0)
    assert peek(other, server.fingerprint, pool=pool, body=True, limit=100_000).body
    assert counted.admitted == 2


def test_a_changed_certificate_is_refused_on_every_new_connection(
    make_host: MakeHost, pool: ConnectionPool
) -> None:
    server, _counted = _limited(make_host)
    ((url, _name, _data),) = _share(server, 1)
    with pytest.raises(CertificateChanged):
        peek(url, WRONG_PIN, pool=pool)
    peek(url, server.fingerprint, pool=pool)
    # The good connection is kept for the good pin only: the wrong one still connects anew.
    with pytest.raises(CertificateChanged):
        peek(url, WRONG_PIN, pool=pool)
    assert pool.idle() == 1


# -- a host that closes a kept connection just as the next request arrives -----------------


class ForgetfulHost:
    """A TLS server that answers the first request of each connection and closes the
    connection, without a word, when a second one arrives (the race a kept connection meets
    when the host's idle timeout ends as it is reused). ``silent`` connections (counted from
    the first) close at their first request, unanswered."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.silent = 0
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.fingerprint = fingerprint(ssl.PEM_cert_to_DER_cert(cert.read_text()))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(TIMEOUT)
        self.accepted = 0
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.listener.getsockname()[1]}/upload/"

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            with raw, self.context.wrap_socket(raw, server_side=True) as conn:
                conn.settimeout(TIMEOUT)
                with conn.makefile("rb") as reader:
                    if self.accepted > self.silent:
                        self._answer_one(reader, conn)
                    self._read_head(reader)  # the next request: closed unanswered

    def _read_head(self, reader: object) -> bytes:
        head = b""
        while line := reader.readline():  # type: ignore[attr-defined]
            head += line
            if line in (b"\r\n", b"\n"):
                break
        if head:
            self.requests.append(head.split(b"\r\n", 1)[0])
        return head

    def _answer_one(self, reader: object, conn: ssl.SSLSocket) -> None:
        if not self._read_head(reader):
            return
        body = b"hello"
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
            b'Content-Disposition: attachment; filename="hello.txt"\r\n\r\n' + body
        )

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept (Linux)
        self.listener.close()
        self._thread.join(TIMEOUT)


@pytest.fixture
def forgetful(tls_cert: tuple[Path, Path]) -> Iterator[ForgetfulHost]:
    server = ForgetfulHost(*tls_cert)
    yield server
    server.close()


def test_a_stale_connection_is_retried_once_for_get_and_head(
    forgetful: ForgetfulHost, pool: ConnectionPool
) -> None:
    url = forgetful.url + "A" * 24
    assert peek(url, forgetful.fingerprint, pool=pool).name == "hello.txt"
    facts = peek(url, forgetful.fingerprint, pool=pool, body=True, limit=100)
    assert facts.body == b"hello"
    assert forgetful.accepted == 2  # the kept one went stale: one new connection, once
    assert forgetful.requests == [
        f"HEAD /upload/{'A' * 24} HTTP/1.1".encode(),
        f"GET /upload/{'A' * 24} HTTP/1.1".encode(),
        f"GET /upload/{'A' * 24} HTTP/1.1".encode(),
    ]


def test_an_upload_is_never_repeated(
    forgetful: ForgetfulHost, pool: ConnectionPool, tmp_path: Path
) -> None:
    source = tmp_path / "x.txt"
    source.write_bytes(b"x" * 10)
    forgetful.silent = 1
    # The host closes as the upload arrives: refused, not repeated (it may have been stored).
    with pytest.raises(FileTransferError, match=r"Sending x\.txt failed"):
        upload(forgetful.url, source, "token", forgetful.fingerprint, pool=pool)
    assert forgetful.accepted == 1
    assert [r.split(b" ")[0] for r in forgetful.requests] == [b"POST"]


def test_waiting_for_a_free_connection_is_bounded(make_host: MakeHost) -> None:
    server, _counted = _limited(make_host)
    ((url, _name, _data),) = _share(server, 1)
    pool = ConnectionPool(per_origin=1)
    try:
        key, _target = ConnectionPool.key(url, server.fingerprint)
        lease = pool.lease(key, TIMEOUT)
        with pytest.raises(TimeoutError):
            pool.lease(key, TIMEOUT, wait=0.2)  # the only connection is busy
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(PoolClosed):  # a cancelled transfer stops waiting
            pool.lease(key, TIMEOUT, cancel=cancel)
        waiting: list[object] = []
        waiter = threading.Thread(target=lambda: waiting.append(pool.lease(key, TIMEOUT)))
        waiter.start()  # a download waits, like a queue, without a time limit
        lease.done(None)
        waiter.join(TIMEOUT)
        assert len(waiting) == 1
        waiting[0].done(None)  # type: ignore[attr-defined]
    finally:
        pool.close()


# -- the host's side of keep-alive ---------------------------------------------------------


def test_the_host_keeps_a_connection_alive_across_requests(
    make_host: MakeHost, https: Callable[[ChatServer], http.client.HTTPSConnection]
) -> None:
    """A raw HTTPS client: answers to GET, HEAD and a 404 HEAD never say ``Connection:
    close`` and all come over one connection (before, every answer to a body-less request
    said it, so nothing was ever kept alive)."""
    server, counted = _limited(make_host)
    ((url, _name, data),) = _share(server, 1)
    path = url.split("/", 3)[3]
    conn = https(server)
    for method, target, status, body in (
        ("GET", f"/{path}", 200, data),
        ("HEAD", f"/{path}", 200, b""),
        ("HEAD", "/upload/" + "A" * 24, 404, b""),  # no body after a HEAD's head
        ("GET", "/nothing", 404, b"Not found\n"),
        ("OPTIONS", f"/{path}", 204, b""),
        ("GET", f"/{path}", 200, data),
    ):
        conn.request(method, target)
        response = conn.getresponse()
        assert (response.status, response.read()) == (status, body), (method, target)
        assert response.getheader("Connection") is None
    assert counted.admitted == 1


def test_the_last_request_a_connection_may_make_is_told_so(
    make_host: MakeHost, https: Callable[[ChatServer], http.client.HTTPSConnection]
) -> None:
    server, _counted = _limited(make_host)
    ((url, _name, _data),) = _share(server, 1)
    path = "/" + url.split("/", 3)[3]
    conn = https(server)
    for number in range(1, MAX_REQUESTS + 1):
        conn.request("HEAD", path)
        response = conn.getresponse()
        response.read()
        closing = response.getheader("Connection")
        assert closing == ("close" if number == MAX_REQUESTS else None), number


def test_resting_connections_make_room_for_another_app_on_the_address(
    make_host: MakeHost, pool: ConnectionPool
) -> None:
    """Two people behind one router: one client's kept connections, idle, do not lock the
    other out of the host's 4 connections per address; the host closes them to make room,
    and the first client carries on (the closed ones are replaced)."""
    server, counted = _limited(make_host)
    assert server.files is not None
    shared = _share(server, 12)
    pinned = server.fingerprint
    start = threading.Barrier(PER_ORIGIN)

    def together(pool_: ConnectionPool, part: list[tuple[str, str, bytes]]) -> None:
        start.wait(TIMEOUT)
        for url, name, _data in part:
            assert peek(url, pinned, pool=pool_).name == name

    def run(pool_: ConnectionPool, count: int) -> None:
        threads = [
            threading.Thread(target=together, args=(pool_, shared[i::count])) for i in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)

    run(pool, PER_ORIGIN)
    assert pool.idle() == PER_ORIGIN  # three kept, resting at the host
    other = ConnectionPool(per_origin=4)
    try:
        failures: list[BaseException] = []
        start = threading.Barrier(4)
        threads = [
            threading.Thread(target=_catching(failures, together), args=(other, shared[i::4]))
            for i in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
        assert not failures, failures
    finally:
        other.close()
    for url, name, _data in shared[:4]:  # the first client's closed connections: replaced
        assert peek(url, pinned, pool=pool).name == name
    assert counted.refused == 0


def _catching(failures: list[BaseException], work: Callable[..., None]) -> Callable[..., None]:
    def run(*args: object) -> None:
        try:
            work(*args)
        except BaseException as exc:
            failures.append(exc)

    return run


def test_closing_the_pool_closes_busy_connections_when_given_back(make_host: MakeHost) -> None:
    server, _counted = _limited(make_host)
    ((url, _name, data),) = _share(server, 1)
    pool = ConnectionPool()
    lease, response = pool.send("GET", url, server.fingerprint, TIMEOUT)
    pool.close()  # the session ends while a download runs
    assert response.read() == data
    lease.done(response)
    assert lease.conn.sock is None
    assert pool.idle() == 0
    with pytest.raises(FileTransferError, match="cancelled"):
        peek(url, server.fingerprint, pool=pool)
