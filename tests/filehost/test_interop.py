"""The whole flow with clients nobody here wrote: ``python -m app serve`` as a subprocess, a
raw IRC client over TLS for the token, then Python's ``http.client`` and Debian's ``curl``
(when installed: scripts/system-deps.sh installs it for the tests) for the HTTPS side."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.filehost.conftest import TIMEOUT, client_context, tls_socket
from tests.server.helpers import IrcTestClient

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^Listening on (\S+) : (\d+)$")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, list[str]]]:
    """A ``serve`` subprocess with a 1MB limit and history; ``(port, its first lines)``."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--port",
            "0",
            "--upload-limit",
            "1MB",
            "--upload-quota",
            "3MB",
            "--history",
            str(tmp_path / "history.sqlite3"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        # Listening, Encryption, Invite, Sharing files.
        lines = [proc.stdout.readline().strip() for _ in range(4)]
        match = LISTENING.match(lines[0])
        assert match, f"unexpected first line {lines[0]!r}; stderr: {proc.stderr.read()}"
        yield int(match.group(2)), lines
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def _token(client: IrcTestClient) -> str:
    client.send("FILEHOST TOKEN")
    return client.expect("FILEHOST").params[1]


def _filehost(client: IrcTestClient) -> str:
    for msg in client.received:
        for param in msg.params if msg.command == "005" else ():
            if param.startswith("draft/FILEHOST="):
                return param.split("=", 1)[1]
    raise AssertionError("no draft/FILEHOST in ISUPPORT")


def test_serve_says_how_files_are_shared(served: tuple[int, list[str]]) -> None:
    _port, lines = served
    assert "Sharing files: up to 1 MB each, 3 MB in all (kept with the history)" in lines


def test_serve_refuses_a_bad_size() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--upload-limit", "lots"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "100MB" in done.stderr


def test_http_client_whole_flow(served: tuple[int, list[str]]) -> None:
    port, _lines = served
    with IrcTestClient(tls_socket(("127.0.0.1", port))) as irc:
        irc.register("alice")
        upload_url = _filehost(irc)
        assert upload_url == f"https://127.0.0.1:{port}/upload"
        body = os.urandom(200_000)
        conn = http.client.HTTPSConnection(
            "127.0.0.1", port, context=client_context(), timeout=TIMEOUT
        )
        conn.request("OPTIONS", "/upload")
        response = conn.getresponse()
        response.read()
        assert response.status == 204 and "POST" in response.getheader("Allow")
        conn.request(
            "POST",
            "/upload",
            body=body,
            headers={
                "Authorization": f"Bearer {_token(irc)}",
                "Content-Type": "application/octet-stream",
                "Content-Disposition": 'attachment; filename="random.bin"',
            },
        )
        response = conn.getresponse()
        response.read()
        assert response.status == 201
        location = response.getheader("Location")
        assert location.startswith(upload_url + "/") and location.endswith(".bin")
        conn.request("GET", location.removeprefix(f"https://127.0.0.1:{port}"))
        response = conn.getresponse()
        assert response.read() == body
        assert response.getheader("Content-Disposition").startswith("attachment;")
        conn.close()
        irc.send("PRIVMSG alice :" + location)  # and IRC still answers on the same port
        assert irc.expect("PRIVMSG").params[1] == location


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_whole_flow(served: tuple[int, list[str]], tmp_path: Path) -> None:
    port, _lines = served
    source = tmp_path / "photo.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(50_000))
    with IrcTestClient(tls_socket(("127.0.0.1", port))) as irc:
        irc.register("alice")
        upload_url = _filehost(irc)
        curl = ["curl", "--silent", "--show-error", "--insecure", "--max-time", "20"]
        done = subprocess.run(
            [
                *curl,
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code}",
                "--dump-header",
                str(tmp_path / "headers.txt"),
                "--header",
                f"Authorization: Bearer {_token(irc)}",
                "--header",
                "Content-Type: image/png",
                "--header",
                'Content-Disposition: attachment; filename="photo.png"',
                "--data-binary",
                f"@{source}",
                upload_url,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert done.stdout == "201"
        heads = (tmp_path / "headers.txt").read_text().splitlines()
        location = next(h.split(": ", 1)[1] for h in heads if h.lower().startswith("location:"))
        target = tmp_path / "fetched.png"
        done = subprocess.run(
            [*curl, "--dump-header", "-", "--output", str(target), location],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert target.read_bytes() == source.read_bytes()
        headers = done.stdout.lower()
        assert "x-content-type-options: nosniff" in headers
        assert "content-type: image/png" in headers
        big = tmp_path / "big.bin"
        big.write_bytes(b"\0" * 1_000_001)
        done = subprocess.run(
            [
                *curl,
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code}",
                "--header",
                f"Authorization: Bearer {_token(irc)}",
                "--data-binary",
                f"@{big}",
                upload_url,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.stdout == "413"
        done = subprocess.run(
            [
                *curl,
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code}",
                "--data-binary",
                f"@{source}",
                upload_url,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.stdout == "401"
