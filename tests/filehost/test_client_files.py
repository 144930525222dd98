"""The client side of sharing files (app.client.files) against a real host, and ``/send`` in
the terminal client (a ``python -m app chat`` subprocess) with another client reading."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from app.client.files import (
    CHUNK,
    MIN_CHUNK,
    Cancelled,
    FileTransferError,
    Pace,
    download,
    is_host_file,
    safe_name,
    upload,
)
from app.errors import CertificateChanged
from app.server.server import ChatServer
from tests.client.test_terminal import ChatProcess
from tests.filehost.conftest import token_for
from tests.server.helpers import IrcTestClient

IrcTls = Callable[..., IrcTestClient]


def _upload_url(server: ChatServer) -> str:
    return "https://{}:{}/upload".format(*server.address)


def test_upload_and_download_with_the_pinned_certificate(
    host: ChatServer, irc_tls: IrcTls, tmp_path: Path
) -> None:
    source = tmp_path / "سلام دنیا.txt"
    source.write_bytes(b"hello " * 10_000)
    seen: list[tuple[int, int]] = []
    link = upload(
        _upload_url(host),
        source,
        token_for(irc_tls(host)),
        host.fingerprint,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert is_host_file(link, _upload_url(host))
    assert seen[-1] == (60_000, 60_000)
    folder = tmp_path / "downloads"
    folder.mkdir()
    saved = download(link, folder, host.fingerprint)
    assert saved.name == "سلام دنیا.txt"
    assert saved.read_bytes() == source.read_bytes()
    again = download(link, folder, host.fingerprint)
    assert again.name == "سلام دنیا (2).txt"  # never over an existing file
    assert not list(folder.glob("*.part"))


def test_another_certificate_is_refused(host: ChatServer, irc_tls: IrcTls, tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_bytes(b"x")
    wrong = "AAAA " * 15 + "AAAA"
    with pytest.raises(CertificateChanged):
        upload(_upload_url(host), source, token_for(irc_tls(host)), wrong)
    with pytest.raises(CertificateChanged):
        download(_upload_url(host) + "/AAAAAAAAAAAAAAAAAAAAAAAA", tmp_path, wrong)


def test_refusals_are_sentences(host: ChatServer, irc_tls: IrcTls, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(b"\0" * 8_000_000)  # the host's limit is 1 MB: refused early
    with pytest.raises(FileTransferError, match="larger than this host accepts"):
        upload(_upload_url(host), source, token_for(irc_tls(host)), host.fingerprint)
    small = tmp_path / "small.bin"
    small.write_bytes(b"1")
    with pytest.raises(FileTransferError, match="token"):
        upload(_upload_url(host), small, "forged", host.fingerprint)
    with pytest.raises(FileTransferError, match="no longer on the host"):
        download(_upload_url(host) + "/AAAAAAAAAAAAAAAAAAAAAAAA", tmp_path, host.fingerprint)
    with pytest.raises(FileTransferError, match="encrypted"):
        upload(_upload_url(host), small, "t", None)
    with pytest.raises(FileTransferError, match="address"):
        upload("http://127.0.0.1:1/upload", small, "t", host.fingerprint)


def test_cancel(make_host: Callable[..., ChatServer], irc_tls: IrcTls, tmp_path: Path) -> None:
    host = make_host(upload_limit=10 * CHUNK, quota=20 * CHUNK)
    source = tmp_path / "x.bin"
    source.write_bytes(b"\0" * (3 * CHUNK))  # three chunks: cancelled after the first
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        upload(
            _upload_url(host),
            source,
            token_for(irc_tls(host)),
            host.fingerprint,
            progress=lambda done, total: cancel.set(),
            cancel=cancel,
        )


@pytest.mark.parametrize(
    ("url", "mine"),
    [
        ("https://10.0.0.1:5000/upload/AAAAAAAAAAAAAAAAAAAAAAAA.png", True),
        ("https://10.0.0.1:5000/upload", False),
        ("https://10.0.0.1:5001/upload/x.png", False),
        ("https://10.0.0.2:5000/upload/x.png", False),
        ("http://10.0.0.1:5000/upload/x.png", False),
        ("https://10.0.0.1:5000/other/x.png", False),
        ("https://10.0.0.1:notaport/upload/x", False),
        ("https://example.org/upload/x.png", False),
    ],
)
def test_is_host_file(url: str, mine: bool) -> None:
    assert is_host_file(url, "https://10.0.0.1:5000/upload") is mine
    assert not is_host_file(url, None)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("photo.png", "photo.png"),
        ("../../.bashrc", "...bashrc".lstrip(".")),
        ("a/b\\c.txt", "abc.txt"),
        ("\x1b[31mred.txt", "[31mred.txt"),
        ("صورت\u200cجلسه.pdf", "صورت\u200cجلسه.pdf"),  # Persian needs its ZWNJ
        ("a\u202eb.txt", "ab.txt"),
        ("", "file"),
        ("...", "file"),
        ("x" * 300 + ".jpeg", "x" * 115 + ".jpeg"),
    ],
)
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_terminal_send(host: ChatServer, irc_tls: IrcTls, tmp_path: Path) -> None:
    bob = irc_tls(host, "bob")
    bob.join("#lobby")
    source = tmp_path / "notes.txt"
    source.write_bytes(b"the notes")
    port = host.address[1]
    chat = ChatProcess("chat", "--port", str(port), "--nick", "alice", "--tls")
    try:
        chat.expect(r"Connected to .* as alice")
        chat.expect(r"\[#lobby\] -- You joined #lobby")
        chat.type(f"/send {source}")
        message = bob.expect(lambda m: m.command == "PRIVMSG" and m.params[0] == "#lobby")
        link = message.params[1]
        assert is_host_file(link, _upload_url(host))
        folder = tmp_path / "got"
        folder.mkdir()
        assert download(link, folder, host.fingerprint).read_bytes() == b"the notes"
        chat.expect(r"\[#lobby\] <alice> https://127\.0\.0\.1:\d+/upload/\S+\.txt$")
        bob.send(f"PRIVMSG #lobby :{link}")  # a received link prints plainly
        chat.expect(r"\[#lobby\] <bob> https://127\.0\.0\.1:\d+/upload/\S+\.txt$")
        chat.type(f"/send {tmp_path / 'missing.txt'}")
        chat.expect(r"!! There is no file at .*missing\.txt")
        chat.type("/send")
        chat.expect(r"!! Usage: /send PATH")
        assert chat.end_input() == 0
    finally:
        chat.stop()


def test_pace_grows_on_a_fast_link_and_shrinks_on_a_slow_one() -> None:
    """A step is where Cancel is noticed and progress told: quick steps grow to a megabyte,
    slow ones (a poor Wi-Fi link) shrink back so neither waits seconds."""
    now = [0.0]
    pace = Pace(clock=lambda: now[0])
    sizes = []
    for _ in range(8):  # a fast link: every step takes 1 ms
        sizes.append(pace.begin())
        now[0] += 0.001
        pace.end()
    assert sizes[0] == MIN_CHUNK and pace.size == CHUNK
    assert sizes == sorted(sizes)  # only ever grew
    for _ in range(8):  # the link turns slow: a step takes a second
        pace.begin()
        now[0] += 1.0
        pace.end()
    assert pace.size == MIN_CHUNK
    pace.begin()
    now[0] += 0.05  # within the band: unchanged
    pace.end()
    assert pace.size == MIN_CHUNK
