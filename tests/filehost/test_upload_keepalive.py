"""Uploads on kept-alive connections, and a busy host's ``Retry-After`` honoured.

Hosts here apply the per-address limits to 127.0.0.1 (``AdmissionPolicy(exempt_loopback=
False)``), as a host treats a guest on its LAN: 30 new connections a minute, 10 at once. Before,
the host closed the connection after every upload, so dropping 40 files hit the per-minute cap.
"""

from __future__ import annotations

import email.utils
import http.client
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.client.files import Cancelled, FileTransferError, _retry_after, download, peek, upload
from app.client.http_pool import UPLOAD_IDLE, ConnectionPool
from app.server import refusals
from app.server.admission import AdmissionPolicy
from app.server.server import ChatServer
from tests.filehost.conftest import TIMEOUT, tls_socket, token_for
from tests.filehost.test_connection_pool import Counted, _share, _until
from tests.server.helpers import IrcTestClient

MakeHost = Callable[..., ChatServer]


def _limited(make_host: MakeHost, **limits: object) -> tuple[ChatServer, Counted]:
    policy = AdmissionPolicy(exempt_loopback=False, **limits)  # type: ignore[arg-type]
    server = make_host({"limits": policy}, upload_limit=1_000_000, quota=50_000_000)
    return server, Counted(server.admission)


@pytest.fixture
def pool() -> Iterator[ConnectionPool]:
    made = ConnectionPool()
    yield made
    made.close()


def _post(conn: http.client.HTTPSConnection, token: str, body: bytes, **headers: str) -> tuple:
    conn.request(
        "POST", "/upload", body=body, headers={"Authorization": f"Bearer {token}", **headers}
    )
    response = conn.getresponse()
    return response, response.read()


# -- the host ------------------------------------------------------------------------------


def test_the_host_keeps_the_connection_after_a_whole_upload(
    make_host: MakeHost, irc_tls, https
) -> None:
    server, counted = _limited(make_host)
    irc = irc_tls(server)
    conn = https(server)
    locations = []
    for number in range(5):
        response, _body = _post(conn, token_for(irc), f"file {number}".encode() * 500)
        assert response.status == 201
        assert response.getheader("Connection") is None
        locations.append(response.getheader("Location"))
    conn.request("GET", locations[2].split("/", 3)[3].join(("/", "")))
    response = conn.getresponse()
    assert response.read() == b"file 2" * 500
    assert counted.admitted == 2  # the IRC connection and one HTTPS connection
    assert counted.refused == 0


def test_a_refused_upload_still_closes_the_connection(make_host: MakeHost, irc_tls, https) -> None:
    """Its body was not read: the connection cannot serve another request."""
    server, _counted = _limited(make_host)
    irc = irc_tls(server)
    conn = https(server)
    response, _body = _post(conn, "forged", b"x" * 1000)
    assert (response.status, response.getheader("Connection")) == (401, "close")
    conn = https(server)
    response, _body = _post(conn, token_for(irc), b"x" * 1_000_001)  # 413 before the body
    assert (response.status, response.getheader("Connection")) == (413, "close")
    conn = https(server)
    response, _body = _post(conn, token_for(irc), b"x" * 100, Connection="close")
    assert (response.status, response.getheader("Connection")) == (201, "close")


def test_a_request_sent_right_behind_an_upload_is_answered(make_host: MakeHost, irc_tls) -> None:
    """A pipelined ``HEAD`` in the same read as the upload's body (h11 is handed it)."""
    server, _counted = _limited(make_host)
    irc = irc_tls(server)
    body = b"pipelined" * 10
    head = (
        f"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token_for(irc)}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with tls_socket(server.address) as tls:
        tls.sendall(head + body + b"HEAD /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
        tls.settimeout(TIMEOUT)
        answers = b""
        deadline = time.monotonic() + TIMEOUT
        while answers.count(b"HTTP/1.1 ") < 2 and time.monotonic() < deadline:
            chunk = tls.recv(4096)
            if not chunk:
                break
            answers += chunk
    assert answers.startswith(b"HTTP/1.1 201 Created\r\n")
    assert b"HTTP/1.1 404 Not Found\r\n" in answers


# -- Gofto's client ------------------------------------------------------------------------


def test_forty_uploads_in_a_row_use_a_few_connections(
    make_host: MakeHost, irc_tls, pool: ConnectionPool, tmp_path: Path
) -> None:
    server, counted = _limited(make_host)
    irc = irc_tls(server)
    url = f"https://{server.address[0]}:{server.address[1]}/upload"
    for number in range(40):
        source = tmp_path / f"picture {number}.png"
        source.write_bytes(bytes([number]) * (2000 + number))
        link = upload(url, source, token_for(irc), server.fingerprint, pool=pool)
        assert link.startswith(url + "/")
    assert counted.refused == 0
    assert counted.admitted - 1 <= 3, counted.admitted  # the IRC connection, then HTTPS ones


def test_an_upload_takes_no_connection_that_rested_long(
    make_host: MakeHost, irc_tls, tmp_path: Path
) -> None:
    server, counted = _limited(make_host)
    irc = irc_tls(server)
    now = [0.0]
    pool = ConnectionPool(clock=lambda: now[0])
    url = f"https://{server.address[0]}:{server.address[1]}/upload"
    source = tmp_path / "a.txt"
    source.write_bytes(b"a" * 100)
    try:
        upload(url, source, token_for(irc), server.fingerprint, pool=pool)
        upload(url, source, token_for(irc), server.fingerprint, pool=pool)
        assert counted.admitted == 2  # kept: given back just now
        now[0] += UPLOAD_IDLE + 0.5
        upload(url, source, token_for(irc), server.fingerprint, pool=pool)
        assert counted.admitted == 3  # rested too long for an upload: a new one
    finally:
        pool.close()


@pytest.fixture
def quick_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refusals, "RETRY_AFTER", 1)


def test_a_preview_refused_with_503_waits_and_asks_again(
    make_host: MakeHost, pool: ConnectionPool, quick_retry: None, tmp_path: Path
) -> None:
    server, counted = _limited(make_host, max_per_address=1)
    ((url, name, data),) = _share(server, 1)
    holder = IrcTestClient(tls_socket(server.address))
    holder.register("holder")  # the one connection the address may have
    results: list[object] = []

    def look() -> None:
        try:
            results.append(peek(url, server.fingerprint, body=True, limit=10_000, pool=pool))
        except Exception as exc:
            results.append(exc)

    worker = threading.Thread(target=look)
    worker.start()
    assert _until(lambda: counted.refused == 1)  # answered 503, Retry-After: 1
    holder.close()
    assert _until(lambda: not server.hub.clients)
    worker.join(TIMEOUT)
    assert not worker.is_alive()
    (facts,) = results
    assert not isinstance(facts, Exception), facts
    assert (facts.name, facts.body) == (name, data)  # type: ignore[union-attr]
    assert counted.refused == 1


def test_a_download_waiting_for_retry_after_can_be_cancelled(
    make_host: MakeHost, pool: ConnectionPool, tmp_path: Path
) -> None:
    server, counted = _limited(make_host, max_per_address=1)
    ((url, _name, _data),) = _share(server, 1)
    holder = IrcTestClient(tls_socket(server.address))
    try:
        holder.register("holder")
        cancel = threading.Event()
        failures: list[BaseException] = []

        def fetch() -> None:
            try:
                download(url, tmp_path, server.fingerprint, cancel=cancel, pool=pool)
            except BaseException as exc:
                failures.append(exc)

        worker = threading.Thread(target=fetch)
        worker.start()
        assert _until(lambda: counted.refused == 1)  # Retry-After: 5, waited for
        cancel.set()
        worker.join(2.0)  # well before the five seconds
        assert not worker.is_alive()
        assert [type(exc) for exc in failures] == [Cancelled]
        assert list(tmp_path.iterdir()) == []
    finally:
        holder.close()


def test_an_upload_refused_by_a_busy_host_says_when_to_try_again(
    make_host: MakeHost, pool: ConnectionPool, tmp_path: Path
) -> None:
    server, counted = _limited(make_host, max_per_address=1)
    holder = IrcTestClient(tls_socket(server.address))
    try:
        holder.register("holder")
        token = token_for(holder)
        source = tmp_path / "note.txt"
        source.write_bytes(b"n" * 1000)
        url = f"https://{server.address[0]}:{server.address[1]}/upload"
        with pytest.raises(FileTransferError) as caught:
            upload(url, source, token, server.fingerprint, pool=pool)
        assert caught.value.code == "file.send_busy"
        assert dict(caught.value.params) == {"name": "note.txt", "seconds": refusals.RETRY_AFTER}
        assert "try again in 5 seconds" in str(caught.value)
        assert counted.refused == 1  # not retried
    finally:
        holder.close()


def test_retry_after_is_read_as_seconds_or_an_http_date() -> None:
    """RFC 9110 10.2.3: ``delay-seconds`` or an ``HTTP-date``; nonsense is no wait at all."""
    soon = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert _retry_after("5") == 5.0
    assert _retry_after(" 120 ") == 120.0
    assert 25.0 < (_retry_after(soon) or 0.0) <= 30.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # past: at once
    for nonsense in (None, "", "-1", "1.5", "soon", "٥", "Wed, 21 Oct 2015 07:28:00"):
        assert _retry_after(nonsense) is None, nonsense
