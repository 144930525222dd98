"""The file host end to end: a real TLS ChatServer, TLS IRC clients and raw HTTPS requests.

Every exchange here goes through the server's one port: IRC and HTTPS told apart inside TLS.
"""

from __future__ import annotations

import http.client
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from app.secure import TlsSession
from app.server.server import ChatServer, uploads_dir
from tests.filehost.conftest import TIMEOUT, client_context, tls_socket, token_for
from tests.server.helpers import IrcTestClient

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

Https = Callable[[ChatServer], http.client.HTTPSConnection]
IrcTls = Callable[..., IrcTestClient]


def upload(
    https: Https,
    server: ChatServer,
    token: str | None,
    body: bytes,
    *,
    name: str = "picture.png",
    kind: str = "image/png",
    extra: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    conn = https(server)
    disposition = f'attachment; filename="{name}"'
    if not name.isascii():
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    headers = {"Content-Type": kind, "Content-Disposition": disposition}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    headers.update(extra or {})
    conn.request("POST", "/upload", body=body, headers=headers)
    return conn.getresponse()


def uploaded(https: Https, server: ChatServer, client: IrcTestClient, body: bytes, **kw) -> str:
    """Upload ``body`` and return the file's path (from ``Location``)."""
    response = upload(https, server, token_for(client), body, **kw)
    assert response.status == 201, response.read()
    location = response.getheader("Location")
    assert location is not None
    base = "https://{}:{}".format(*server.address)
    assert location.startswith(base + "/upload/")
    assert response.read().strip() == location.encode()
    return location[len(base) :]


def fetch(
    https: Https, server: ChatServer, path: str, method: str = "GET"
) -> tuple[http.client.HTTPResponse, bytes]:
    conn = https(server)
    conn.request(method, path)
    response = conn.getresponse()
    body = response.read()
    conn.close()  # the host keeps it alive otherwise, and serves 4 at once per address
    return response, body


def parts(host: ChatServer) -> list[Path]:
    """Half-received files left in the host's folder."""
    folder = host.files.store.directory if host.files is not None else None
    return list(folder.glob("*.part")) if folder is not None else []


# -- IRC side ----------------------------------------------------------------------------------


def test_isupport_offers_the_host_to_tls_clients_only(
    host: ChatServer, irc_tls: IrcTls, irc_client: Callable[..., IrcTestClient]
) -> None:
    secure = irc_tls(host)
    tokens = [p for m in secure.received if m.command == "005" for p in m.params]
    assert f"draft/FILEHOST=https://127.0.0.1:{host.address[1]}/upload" in tokens
    plain = irc_client(host, "bob")
    tokens = [p for m in plain.received if m.command == "005" for p in m.params]
    assert not [t for t in tokens if "FILEHOST" in t]
    plain.send("FILEHOST TOKEN")
    fail = plain.expect("FAIL")
    assert fail.params[:3] == ("FILEHOST", "UNAVAILABLE", "TOKEN")


def test_token_reply_is_exactly_as_the_spec_writes_it(host: ChatServer, irc_tls: IrcTls) -> None:
    client = irc_tls(host)
    client.send("FILEHOST TOKEN")
    line = client.read_line()
    while line is not None and not line.startswith(b"FILEHOST"):
        line = client.read_line()
    assert line is not None
    command, subcommand, token = line.decode().split(" ")
    assert (command, subcommand) == ("FILEHOST", "TOKEN")
    assert len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum()
    client.send("FILEHOST token")  # case-insensitive subcommand
    assert client.expect("FILEHOST").params[0] == "TOKEN"
    client.send("FILEHOST NONSENSE")
    assert client.expect("FAIL").params[:3] == ("FILEHOST", "INVALID_PARAMS", "NONSENSE")
    client.send("FILEHOST")
    assert client.expect("461").params[1] == "FILEHOST"


def test_token_needs_registration(host: ChatServer, irc_tls: IrcTls) -> None:
    client = irc_tls(host, None)
    client.send("FILEHOST TOKEN")
    assert client.expect("451")


# -- uploads and downloads ---------------------------------------------------------------------


def test_upload_then_download(host: ChatServer, irc_tls: IrcTls, https: Https) -> None:
    client = irc_tls(host)
    path = uploaded(https, host, client, PNG, name="عکس من.png")
    assert path.endswith(".png")
    file_id = path.split("/")[2].removesuffix(".png")
    assert len(file_id) == 24  # 144 random bits
    response, body = fetch(https, host, path)
    assert response.status == 200
    assert body == PNG
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("Content-Length") == str(len(PNG))
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    disposition = response.getheader("Content-Disposition")
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''%D8%B9%DA%A9%D8%B3%20%D9%85%D9%86.png" in disposition


def test_head_has_the_headers_and_no_body(host: ChatServer, irc_tls: IrcTls, https: Https) -> None:
    path = uploaded(https, host, irc_tls(host), b"hello world", name="a.txt", kind="text/plain")
    conn = https(host)
    conn.request("HEAD", path)
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Length") == "11"
    assert response.getheader("Content-Type") == "text/plain"
    assert response.read() == b""
    conn.request("GET", path)  # the same connection carries on (keep-alive)
    assert conn.getresponse().read() == b"hello world"


def test_options(host: ChatServer, irc_tls: IrcTls, https: Https) -> None:
    response, body = fetch(https, host, "/upload", "OPTIONS")
    assert response.status == 204
    assert body == b""
    allowed = {m.strip() for m in response.getheader("Allow").split(",")}
    assert allowed == {"OPTIONS", "POST"}
    assert response.getheader("Accept-Post") == "*/*"
    path = uploaded(https, host, irc_tls(host), b"x", name="x.txt")
    response, _ = fetch(https, host, path, "OPTIONS")
    assert response.status == 204
    assert {m.strip() for m in response.getheader("Allow").split(",")} == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    ("method", "path_kind"),
    [
        ("GET", "upload"),
        ("PUT", "upload"),
        ("DELETE", "file"),
        ("POST", "file"),
        ("PATCH", "upload"),
    ],
)
def test_wrong_method_is_405(
    host: ChatServer, irc_tls: IrcTls, https: Https, method: str, path_kind: str
) -> None:
    path = "/upload"
    if path_kind == "file":
        path = uploaded(https, host, irc_tls(host), b"x", name="x.txt")
    response, _ = fetch(https, host, path, method)
    assert response.status == 405
    assert response.getheader("Allow")
    if path_kind == "file":  # and the file is still there
        assert fetch(https, host, path)[1] == b"x"


def test_tokens_are_required_and_single_use(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https
) -> None:
    host = make_host(token_lifetime=0.3)
    client = irc_tls(host)
    response = upload(https, host, None, PNG)
    assert response.status == 401
    assert response.getheader("WWW-Authenticate").startswith("Bearer")
    assert upload(https, host, "forged-token-xxxxxxxxxxxxxxxxxxxxxxxx", PNG).status == 401
    conn = https(host)
    conn.request("POST", "/upload", body=PNG, headers={"Authorization": "Basic YTpi"})
    assert conn.getresponse().status == 401
    token = token_for(client)
    assert upload(https, host, token, PNG).status == 201
    assert upload(https, host, token, PNG).status == 401  # used
    stale = token_for(client)
    deadline = time.monotonic() + 0.35
    client.send("PING :wait")  # let the token age without sleeping in the test thread
    client.expect("PONG")
    while time.monotonic() < deadline:
        client.send("PING :wait")
        client.expect("PONG")
    assert upload(https, host, stale, PNG).status == 401  # expired


def test_a_token_dies_with_its_connection(host: ChatServer, irc_tls: IrcTls, https: Https) -> None:
    client = irc_tls(host)
    token = token_for(client)
    client.send("QUIT")
    client.read_until_closed()
    assert upload(https, host, token, PNG).status == 401


def test_over_the_limit_is_413_before_the_body(
    host: ChatServer, irc_tls: IrcTls, https: Https
) -> None:
    token = token_for(irc_tls(host))
    sock = tls_socket(host.address)
    with sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 1000001\r\nExpect: 100-continue\r\n\r\n"
        )  # and no body: the answer must come without it
        reply = _read_until(sock, b"\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 413 ")
    # A client that sends the body anyway still gets the answer.
    response = upload(https, host, token_for(irc_tls(host, "bob")), b"x" * 1_000_001)
    assert response.status == 413


def test_chunked_uploads_are_held_to_the_limit(
    host: ChatServer, irc_tls: IrcTls, https: Https
) -> None:
    client = irc_tls(host)

    def chunks(total: int):
        for _ in range(total // 100_000):
            yield b"c" * 100_000

    conn = https(host)
    conn.request(
        "POST",
        "/upload",
        body=chunks(300_000),
        headers={"Authorization": f"Bearer {token_for(client)}", "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = conn.getresponse()
    assert response.status == 201
    path = response.getheader("Location").split(f":{host.address[1]}", 1)[1]
    assert fetch(https, host, path)[1] == b"c" * 300_000
    conn = https(host)
    conn.request(
        "POST",
        "/upload",
        body=chunks(1_200_000),
        headers={"Authorization": f"Bearer {token_for(client)}", "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    assert conn.getresponse().status == 413
    assert not parts(host)


def test_quota_drops_the_oldest(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https
) -> None:
    host = make_host(upload_limit=1_000_000, quota=2_500_000)
    client = irc_tls(host)
    paths = [
        uploaded(https, host, client, bytes([i]) * 1_000_000, name=f"{i}.bin") for i in range(3)
    ]
    assert fetch(https, host, paths[0])[0].status == 404
    assert fetch(https, host, paths[1])[1] == b"\x01" * 1_000_000
    assert fetch(https, host, paths[2])[1] == b"\x02" * 1_000_000
    assert host.files.store.used == 2_000_000


def test_bigger_than_the_quota_is_413(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https
) -> None:
    host = make_host(upload_limit=2_000_000, quota=1_000_000)
    assert upload(https, host, token_for(irc_tls(host)), b"x" * 1_000_001).status == 413


# -- what must not be found --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/upload/",
        "/upload/../../etc/passwd",
        "/upload/..%2f..%2fetc%2fpasswd",
        "/upload/%2e%2e/%2e%2e/etc/passwd",
        "/upload/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/../../../../etc/passwd",
        "//etc/passwd",
        "/upload/AAAAAAAAAAAAAAAAAAAAAAAA",
        "/upload/AAAAAAAAAAAAAAAAAAAAAAAA.png",
        "/upload/host-cert.pem",
        "/upload/..%5c..%5chost-key.pem",
        "/host-key.pem",
        "/upload/%00",
    ],
)
def test_unknown_paths_are_404(host: ChatServer, path: str, https: Https) -> None:
    response, body = fetch(https, host, path)
    assert response.status == 404
    assert b"PRIVATE KEY" not in body and b"root:" not in body


def test_near_misses_of_a_real_file_are_404(
    host: ChatServer, irc_tls: IrcTls, https: Https
) -> None:
    path = uploaded(https, host, irc_tls(host), PNG)
    file_id = path.removeprefix("/upload/").removesuffix(".png")
    for wrong in (
        f"/upload/{file_id}",  # the extension is part of the name
        f"/upload/{file_id}.jpg",
        f"/upload/{file_id}.png/",
        f"/upload/{file_id}.png/..",
        f"/upload/{file_id}.json",
        f"/upload/{file_id}.part",
        f"/upload/{file_id[:-1]}.png",
        f"/upload/{file_id.lower()}.png" if file_id.lower() != file_id else "/upload/x",
        f"/upload/x/../{file_id}.png",
        f"/upload/%2e/{file_id}.png",
    ):
        assert fetch(https, host, wrong)[0].status == 404, wrong
    assert fetch(https, host, path + "?download=1")[1] == PNG  # a query changes nothing


def test_a_planted_link_is_404(
    host: ChatServer, irc_tls: IrcTls, https: Https, tmp_path: Path
) -> None:
    path = uploaded(https, host, irc_tls(host), b"hello", name="a.txt")
    file_id = path.removeprefix("/upload/").removesuffix(".txt")
    folder = host.files.store.directory
    assert folder is not None
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"hello")  # same size: only the link itself gives it away
    (folder / file_id).unlink()
    (folder / file_id).symlink_to(secret)
    assert fetch(https, host, path)[0].status == 404


# -- content types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "mode"),
    [
        ("page.html", "text/html", "attachment"),
        ("image.svg", "image/svg+xml", "attachment"),
        ("script.js", "text/javascript", "attachment"),
        ("data.xml", "application/xml", "attachment"),
        ("page.xhtml", "application/xhtml+xml", "attachment"),
        ("photo.jpg", "image/jpeg", "inline"),
        ("notes.txt", "text/plain", "inline"),
        ("lying.png", "text/html", "attachment"),  # the declared type is what is served
        ("x.bin", "bogus type", "attachment"),
    ],
)
def test_content_types(
    host: ChatServer, irc_tls: IrcTls, https: Https, *, name: str, kind: str, mode: str
) -> None:
    body = b"<html><script>alert(1)</script></html>"
    path = uploaded(https, host, irc_tls(host), body, name=name, kind=kind)
    response, got = fetch(https, host, path)
    assert got == body
    assert response.getheader("Content-Disposition").split(";")[0] == mode
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.getheader("Content-Security-Policy")


# -- slow peers and limits ---------------------------------------------------------------------


def _read_until(sock: socket.socket, needle: bytes, timeout: float = TIMEOUT) -> bytes:
    deadline = time.monotonic() + timeout
    data = b""
    while needle not in data and (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return data


def _closed_within(sock: socket.socket, timeout: float) -> bytes:
    """Everything the server sends until it closes; fails if it does not close in time."""
    start = time.monotonic()
    data = b""
    while True:
        left = timeout - (time.monotonic() - start)
        assert left > 0, "the server kept the connection open"
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError) as exc:
            if isinstance(exc, TimeoutError):
                raise AssertionError("the server kept the connection open") from exc
            return data
        if not chunk:
            return data
        data += chunk


def test_a_stalled_request_head_times_out(make_host: Callable[..., ChatServer]) -> None:
    host = make_host(header_timeout=0.5)
    with tls_socket(host.address) as sock:
        sock.sendall(b"GET /upload/x HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        reply = _closed_within(sock, 3.0)
    assert reply.startswith(b"HTTP/1.1 408 ")


def test_a_stalled_upload_times_out_and_leaves_nothing(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls
) -> None:
    host = make_host(stall=0.5)
    token = token_for(irc_tls(host))
    with tls_socket(host.address) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 1000\r\n\r\n"
            + b"x" * 10
        )
        _closed_within(sock, 3.0)
    assert host.files.store.used == 0
    assert not parts(host)


def test_a_forged_record_mid_upload_ends_it_and_leaves_nothing(
    host: ChatServer, irc_tls: IrcTls
) -> None:
    """A TLS record whose tag does not match, in the middle of a body on the bulk path: the
    connection ends, the half-received file is deleted and its quota given back."""
    token = token_for(irc_tls(host))
    client = TlsSession(client_context(), server_side=False)
    with socket.create_connection(host.address, timeout=TIMEOUT) as sock:
        done, out = client.handshake()
        while not done:
            sock.sendall(out)
            done, out = client.handshake(sock.recv(65536))
        sock.sendall(out)
        head = (
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 500000\r\n\r\n"
        )
        sock.sendall(client.encrypt(head + b"a" * 100_000))
        forged = bytearray(client.encrypt(b"b" * 10_000))
        forged[-1] ^= 0xFF  # the record's authentication tag no longer matches
        sock.sendall(bytes(forged))
        _closed_within(sock, 5.0)
    assert host.files is not None and host.files.store.used == 0
    assert not parts(host)
    assert not list(host.files.store.directory.iterdir())  # no file, no metadata


def test_a_trickling_upload_misses_its_deadline(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls
) -> None:
    # 1 KB at 10 KB/s is 0.1 s, plus 0.3 s of grace: sending a byte every 0.1 s is too slow
    # even though the peer never stalls for long.
    host = make_host(stall=5.0, grace=0.3, min_rate=10_000)
    token = token_for(irc_tls(host))
    with tls_socket(host.address) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 1000\r\n\r\n"
        )
        start = time.monotonic()
        closed = False
        while time.monotonic() - start < 3.0 and not closed:
            try:
                sock.sendall(b"x")
            except OSError:
                closed = True
                break
            sock.settimeout(0.1)
            try:
                closed = sock.recv(1) == b""
            except TimeoutError:
                pass
            except OSError:
                closed = True
        assert closed
    assert host.files.store.used == 0


def test_a_download_nobody_reads_times_out(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https
) -> None:
    host = make_host(stall=0.5, upload_limit=20_000_000, quota=20_000_000)
    path = uploaded(https, host, irc_tls(host), b"z" * 16_000_000, name="big.bin")
    with tls_socket(host.address) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        deadline = time.monotonic() + 5.0
        while host.files.active_transfers() and time.monotonic() < deadline:
            client = irc_tls(host, None)  # (a round trip through the server as a clock)
            client.close()
        assert not host.files.active_transfers()


def test_per_address_cap(make_host: Callable[..., ChatServer], https: Https) -> None:
    host = make_host(per_address=2)
    holders = [tls_socket(host.address) for _ in range(2)]
    try:
        # Each is sending a request (a kept connection resting between two would make room).
        for sock in holders:
            sock.sendall(b"OPTIONS /upload HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + TIMEOUT
        while host.files is not None and host.files.active_transfers() < 2:
            assert time.monotonic() < deadline
            threading.Event().wait(0.02)
        response, _ = fetch(https, host, "/upload", "OPTIONS")
        assert response.status == 429
        assert response.getheader("Retry-After")
    finally:
        for sock in holders:
            sock.close()
    deadline = time.monotonic() + TIMEOUT
    while True:
        response, _ = fetch(https, host, "/upload", "OPTIONS")
        if response.status == 204 or time.monotonic() > deadline:
            break
    assert response.status == 204


def test_bad_requests_get_400(host: ChatServer) -> None:
    with tls_socket(host.address) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n")
        assert _closed_within(sock, 3.0).startswith(b"HTTP/1.1 400 ")
    with tls_socket(host.address) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"a" * 20_000 + b"\r\n\r\n")
        assert _closed_within(sock, 3.0).split(b" ")[1] in (b"400", b"431")


def test_irc_carries_on_during_a_transfer(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls
) -> None:
    host = make_host(stall=5.0)
    alice, bob = irc_tls(host, "alice"), irc_tls(host, "bob")
    alice.join("#lobby")
    bob.join("#lobby")
    token = token_for(alice)
    with tls_socket(host.address) as sock:  # an upload that waits half-way
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 1000\r\n\r\n"
            + b"x" * 500
        )
        alice.send("PRIVMSG #lobby :still here")
        assert bob.expect("PRIVMSG").params[1] == "still here"


def test_stop_ends_transfers_at_once(make_host: Callable[..., ChatServer], irc_tls: IrcTls) -> None:
    host = make_host(stall=30.0)
    token = token_for(irc_tls(host))
    with tls_socket(host.address) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 1000\r\n\r\n"
            + b"x" * 500
        )
        _read_until(sock, b"never", timeout=0.2)
        start = time.monotonic()
        host.stop()
        assert time.monotonic() - start < 2.0
    assert not host.threads_alive()


def test_files_survive_a_restart_with_history(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https, tmp_path: Path
) -> None:
    history = tmp_path / "history.sqlite3"
    first = make_host({"history_path": history})
    path = uploaded(https, first, irc_tls(first), PNG)
    port = first.address[1]
    first.stop()
    assert uploads_dir(history).is_dir()
    again = make_host({"history_path": history, "port": port})
    response, body = fetch(https, again, path)
    assert response.status == 200 and body == PNG


def test_without_history_files_go_with_the_server(
    host: ChatServer, irc_tls: IrcTls, https: Https, gofto_data_dir: Path
) -> None:
    uploaded(https, host, irc_tls(host), PNG)
    folders = [p for p in gofto_data_dir.iterdir() if p.name.startswith("uploads-")]
    assert len(folders) == 1
    host.stop()
    assert not folders[0].exists()


def test_expect_100_continue(host: ChatServer, irc_tls: IrcTls, https: Https) -> None:
    token = token_for(irc_tls(host))
    with tls_socket(host.address) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        )
        assert _read_until(sock, b"\r\n\r\n").startswith(b"HTTP/1.1 100 ")
        sock.sendall(b"hello" + b"HEAD /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = _closed_within(sock, 5.0)
    assert reply.startswith(b"HTTP/1.1 201 ")
    assert reply.count(b"HTTP/1.1 ") == 2  # the connection was kept for the next request
    location = next(
        line.split(b": ", 1)[1]
        for line in reply.split(b"\r\n")
        if line.lower().startswith(b"location:")
    ).decode()
    path = location.split(f":{host.address[1]}", 1)[1]
    assert fetch(https, host, path)[1] == b"hello"


def test_a_body_in_pieces_with_more_after_it(host: ChatServer, irc_tls: IrcTls) -> None:
    """The counted body may come with the head, split anywhere, and a pipelined request after
    it is not taken for part of the file."""
    token = token_for(irc_tls(host))
    head = (
        b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + token.encode()
        + b"\r\nContent-Length: 10\r\n\r\n"
    )
    with tls_socket(host.address) as sock:
        sock.sendall(head + b"0123")
        _read_until(sock, b"never", timeout=0.1)
        sock.sendall(b"456789GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = _closed_within(sock, 5.0)
    assert reply.startswith(b"HTTP/1.1 201 ")
    # The connection is kept after a whole body, and the GET after it is answered apart.
    assert reply.count(b"HTTP/1.1 ") == 2 and b"HTTP/1.1 404 " in reply
    assert host.files is not None and host.files.store.used == 10


def test_files_of_several_chunks_arrive_exactly(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https
) -> None:
    """The bulk path (decrypted into one buffer, written and read a megabyte at a time) keeps
    every byte in order, for a size that is no multiple of anything, and a range that spans
    the chunk boundaries starts and ends where asked."""
    host = make_host(upload_limit=10_000_000, quota=20_000_000)
    body = os.urandom(3 * 1024 * 1024 + 12_345)
    path = uploaded(https, host, irc_tls(host), body, name="big.bin")
    response, got = fetch(https, host, path)
    assert response.status == 200
    assert got == body
    conn = https(host)
    first, last = 1024 * 1024 - 5, 2 * 1024 * 1024 + 5
    conn.request("GET", path, headers={"Range": f"bytes={first}-{last}"})
    response = conn.getresponse()
    assert response.status == 206
    assert response.read() == body[first : last + 1]


def test_two_framings_are_refused(host: ChatServer, irc_tls: IrcTls) -> None:
    token = token_for(irc_tls(host))
    with tls_socket(host.address) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        )
        assert _closed_within(sock, 5.0).startswith(b"HTTP/1.1 400 ")
    assert host.files is not None and host.files.store.used == 0


def test_a_disk_that_refuses_is_507(
    make_host: Callable[..., ChatServer], irc_tls: IrcTls, https: Https, tmp_path: Path
) -> None:
    folder = tmp_path / "uploads"
    host = make_host(directory=folder)
    folder.rmdir()
    folder.write_bytes(b"")  # the folder is gone, a file in its place: every write fails
    response = upload(https, host, token_for(irc_tls(host)), PNG)
    assert response.status == 507
    assert host.files is not None and host.files.store.used == 0


def test_the_switch_interval_comes_back(host: ChatServer, irc_tls: IrcTls) -> None:
    """While a transfer runs the GIL switch interval is short (see FileHost.serve); after the
    last one it is what it was."""
    before = sys.getswitchinterval()
    with tls_socket(host.address) as sock:
        sock.sendall(b"OPTIONS /upload HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _read_until(sock, b"\r\n\r\n").startswith(b"HTTP/1.1 204 ")
        assert sys.getswitchinterval() <= 0.001  # the connection is kept alive: still served
    deadline = time.monotonic() + TIMEOUT
    while host.files is not None and host.files.active_transfers() and time.monotonic() < deadline:
        irc_tls(host, None).close()  # a round trip through the server as a clock
    assert host.files is not None and not host.files.active_transfers()
    assert sys.getswitchinterval() == before


@pytest.mark.parametrize(
    ("ranges", "status", "body", "content_range"),
    [
        ("bytes=0-4", 206, b"01234", "bytes 0-4/10"),
        ("bytes=7-", 206, b"789", "bytes 7-9/10"),
        ("bytes=-3", 206, b"789", "bytes 7-9/10"),
        ("bytes=5-100", 206, b"56789", "bytes 5-9/10"),
        ("bytes=10-", 416, None, "bytes */10"),
        ("bytes=4-2", 200, b"0123456789", None),  # invalid: ignored
        ("bytes=0-1,4-5", 200, b"0123456789", None),  # several: the whole file
        ("items=0-1", 200, b"0123456789", None),
    ],
)
def test_ranges(
    host: ChatServer,
    irc_tls: IrcTls,
    https: Https,
    *,
    ranges: str,
    status: int,
    body: bytes | None,
    content_range: str | None,
) -> None:
    path = uploaded(https, host, irc_tls(host), b"0123456789", name="digits.txt")
    conn = https(host)
    conn.request("GET", path, headers={"Range": ranges})
    response = conn.getresponse()
    got = response.read()
    assert response.status == status
    assert response.getheader("Content-Range") == content_range
    if body is not None:
        assert got == body
        assert response.getheader("Accept-Ranges") == "bytes"
