"""The file host's parts on their own: sniffing, sizes, names and types, tokens, the store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.server.filehost.names import (
    FALLBACK_NAME,
    MAX_NAME,
    content_type,
    display_name,
    disposition,
    extension,
    sanitise_name,
)
from app.server.filehost.service import base_url
from app.server.filehost.sizes import format_size, parse_size
from app.server.filehost.sniff import LONGEST_OPENING, is_http
from app.server.filehost.store import ID_PATTERN, FileStore, NoRoom
from app.server.filehost.tokens import TOKENS_PER_OWNER, TokenBook


@pytest.mark.parametrize(
    ("start", "verdict"),
    [
        (b"GET /upload/x HTTP/1.1\r\n", True),
        (b"POST /upload HTTP/1.1\r\n", True),
        (b"HEAD /", True),
        (b"OPTIONS /upload HTTP/1.1", True),
        (b"OPTIONS * HTTP/1.1", True),
        (b"DELETE /x", True),
        (b"G", None),
        (b"GET", None),
        (b"GET ", None),
        (b"OPTIONS", None),
        (b"NICK alice\r\n", False),
        (b"CAP LS 302\r\n", False),
        (b"PASS /secret\r\n", False),  # a password may start with a slash: still IRC
        (b"CONNECT server 6667\r\n", False),
        (b"GETX /", False),
        (b"get /", False),  # methods are case-sensitive
        (b"GET http://example.org/ HTTP/1.1", False),  # no proxying here
        (b"\r\n", False),
    ],
)
def test_is_http(start: bytes, verdict: bool | None) -> None:
    assert is_http(start) is verdict


def test_sniffing_needs_few_bytes() -> None:
    assert LONGEST_OPENING <= 9
    assert is_http(b"OPTIONS /"[:LONGEST_OPENING]) is True


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("100MB", 100_000_000),
        ("1mb", 1_000_000),
        ("1.5 GB", 1_500_000_000),
        ("512KiB", 524_288),
        ("2MiB", 2_097_152),
        ("4096", 4096),
        ("10k", 10_000),
        ("0", 0),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "-1MB", "1 XB", "1e9", "ten MB", "1,5MB"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="100MB"):
        parse_size(text)


def test_format_size() -> None:
    assert format_size(999) == "999 B"
    assert format_size(1500) == "1.5 kB"
    assert format_size(2_000_000) == "2 MB"
    assert format_size(2_100_000) == "2.1 MB"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('attachment; filename="picture.jpeg"', "picture.jpeg"),
        ('inline; filename="../../etc/passwd"', "_.._etc_passwd"),
        ("attachment; filename*=UTF-8''%D8%B9%DA%A9%D8%B3.png", "عکس.png"),
        ("attachment; filename*=UTF-8''evil%E2%80%AEgnp.exe", "evilgnp.exe"),
        # Persian keeps its zero-width non-joiner (صورت‌جلسه), bidi overrides still go.
        (
            "attachment; filename*=UTF-8''"
            "%D8%B5%D9%88%D8%B1%D8%AA%E2%80%8C%D8%AC%D9%84%D8%B3%D9%87.pdf",
            "صورت\u200cجلسه.pdf",
        ),
        ("attachment; filename*=UTF-8''line%0Abreak%00.txt", "line break.txt"),
        ('attachment; filename="...hidden"', "hidden"),
        ("attachment", FALLBACK_NAME),
        ("", FALLBACK_NAME),
        ('attachment; filename="C:\\\\Windows\\\\x.dll"', "C__Windows_x.dll"),
    ],
)
def test_display_name(header: str, name: str) -> None:
    assert display_name(header) == name


def test_long_names_keep_their_extension() -> None:
    name = sanitise_name("x" * 500 + ".jpeg")
    assert len(name) == MAX_NAME
    assert name.endswith(".jpeg")


def test_extension_is_plain_ascii() -> None:
    assert extension("Photo.JPG") == ".jpg"
    assert extension("archive.tar.gz") == ".gz"
    assert extension("no-extension") == ""
    assert extension("x.عکس") == ""
    assert extension("x.verylongextension") == ""


@pytest.mark.parametrize(
    ("declared", "name", "kind"),
    [
        ("image/png", "x.bin", "image/png"),
        ("IMAGE/JPEG; charset=x", "x", "image/jpeg"),
        (None, "x.png", "image/png"),
        ("application/octet-stream", "x.txt", "text/plain"),
        ("not a type", "x", "application/octet-stream"),
        ("text/html\r\nX: y", "x", "application/octet-stream"),
        (None, "x.unknownext", "application/octet-stream"),
    ],
)
def test_content_type(declared: str | None, name: str, kind: str) -> None:
    assert content_type(declared, name) == kind


@pytest.mark.parametrize(
    ("kind", "mode"),
    [
        ("image/png", "inline"),
        ("image/jpeg", "inline"),
        ("text/plain", "inline"),
        ("video/mp4", "inline"),
        ("text/html", "attachment"),
        ("image/svg+xml", "attachment"),
        ("application/javascript", "attachment"),
        ("text/javascript", "attachment"),
        ("application/xml", "attachment"),
        ("text/xml", "attachment"),
        ("application/xhtml+xml", "attachment"),
        ("application/pdf", "attachment"),
        ("application/octet-stream", "attachment"),
    ],
)
def test_only_harmless_types_are_inline(kind: str, mode: str) -> None:
    assert disposition(kind, "x").split(";")[0] == mode


def test_disposition_carries_the_name_safely() -> None:
    value = disposition("image/png", 'عکس "1".png')
    assert value.isascii()
    assert "filename*=UTF-8''%D8%B9%DA%A9%D8%B3%20%221%22.png" in value
    assert 'filename="___ _1_.png"' in value


@pytest.mark.parametrize(
    ("local", "url"),
    [
        (("127.0.0.1", 5000), "https://127.0.0.1:5000"),
        (("::1", 5000, 0, 0), "https://[::1]:5000"),
        (("::ffff:192.168.1.20", 5000, 0, 0), "https://192.168.1.20:5000"),
        (("fe80::1%eth0", 5000, 0, 2), "https://[fe80::1%25eth0]:5000"),
    ],
)
def test_base_url(local: tuple, url: str) -> None:
    assert base_url(local) == url


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_tokens_are_single_use_and_bound() -> None:
    clock = Clock()
    book = TokenBook(60.0, clock)
    owner = object()
    token = book.issue(owner, "10.0.0.1", "alice", lambda: True)
    assert len(token) >= 32
    grant = book.redeem(token, "10.0.0.1")
    assert grant is not None and grant.nick == "alice" and grant.owner is owner
    assert book.redeem(token, "10.0.0.1") is None  # used
    assert book.redeem("forged", "10.0.0.1") is None
    stolen = book.issue(owner, "10.0.0.1", "alice", lambda: True)
    assert book.redeem(stolen, "10.0.0.2") is None  # another address
    assert book.redeem(stolen, "10.0.0.1") is None  # and it is spent
    late = book.issue(owner, "10.0.0.1", "alice", lambda: True)
    clock.now += 61
    assert book.redeem(late, "10.0.0.1") is None  # expired
    gone = book.issue(owner, "10.0.0.1", "alice", lambda: False)
    assert book.redeem(gone, "10.0.0.1") is None  # its connection closed


def test_tokens_are_bounded() -> None:
    clock = Clock()
    book = TokenBook(60.0, clock)
    owner = object()
    tokens = [book.issue(owner, "h", "n", lambda: True) for _ in range(TOKENS_PER_OWNER + 5)]
    assert len(book) == TOKENS_PER_OWNER
    assert book.redeem(tokens[0], "h") is None  # the oldest were dropped
    assert book.redeem(tokens[-1], "h") is not None
    clock.now += 61
    book.issue(object(), "h", "n", lambda: True)
    assert len(book) == 1  # expired ones are purged


def _put(store: FileStore, name: str, data: bytes) -> str:
    upload = store.begin(name, "application/octet-stream", "alice", len(data))
    upload.write(data)
    return upload.finish().id


def test_store_quota_deletes_the_oldest(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files", quota=250)
    first = _put(store, "a.bin", b"a" * 100)
    second = _put(store, "b.bin", b"b" * 100)
    third = _put(store, "c.bin", b"c" * 100)
    assert store.find(first, ".bin") is None
    assert store.find(second, ".bin") is not None and store.find(third, ".bin") is not None
    assert store.used == 200
    assert not (tmp_path / "files" / first).exists()
    with pytest.raises(NoRoom):
        store.begin("big.bin", "application/octet-stream", "alice", 251)


def test_store_chunked_upload_grows_its_reservation(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files", quota=3 * 1024 * 1024)
    upload = store.begin("x.bin", "application/octet-stream", "alice", None)
    upload.write(b"x" * 10)
    entry = upload.finish()
    assert entry.size == 10 and store.used == 10
    upload = store.begin("y.bin", "application/octet-stream", "alice", None)
    with pytest.raises(NoRoom):
        for _ in range(4):
            upload.write(b"y" * 1024 * 1024)
    upload.abort()
    assert not list((tmp_path / "files").glob("*.part"))
    assert _put(store, "z.bin", b"z" * (2 * 1024 * 1024))  # the reservation was given back


def test_store_reloads_and_cleans_up(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    store = FileStore(folder, quota=10_000)
    kept = _put(store, "keep.txt", b"hello")
    aborted = store.begin("half.txt", "text/plain", "alice", 5)
    aborted.write(b"he")  # a crash mid-upload leaves a .part behind
    (folder / "stray").write_bytes(b"?")
    again = FileStore(folder, quota=10_000)
    entry = again.find(kept, ".txt")
    assert entry is not None and entry.name == "keep.txt" and entry.nick == "alice"
    assert sorted(p.name for p in folder.iterdir()) == sorted([kept, f"{kept}.json"])
    handle = again.open(entry)
    assert handle is not None
    with handle:
        assert handle.read() == b"hello"
    aborted.abort()  # (closes the file the "crash" left open)


def test_store_refuses_links(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    store = FileStore(folder, quota=10_000)
    secret = tmp_path / "secret"
    secret.write_bytes(b"12345")
    file_id = _put(store, "x.txt", b"hello")
    os.unlink(folder / file_id)
    os.symlink(secret, folder / file_id)
    entry = store.find(file_id, ".txt")
    assert entry is not None and store.open(entry) is None  # O_NOFOLLOW
    assert FileStore(folder, quota=10_000).find(file_id, ".txt") is None  # and not reloaded
    assert secret.read_bytes() == b"12345"


def test_ids_are_long_and_random(tmp_path: Path) -> None:
    store = FileStore(tmp_path, quota=10_000)
    ids = {_put(store, "x", b"") for _ in range(20)}
    assert len(ids) == 20
    assert all(ID_PATTERN.fullmatch(i) for i in ids)  # 24 base64url characters: 144 bits


def test_temporary_store_is_removed(tmp_path: Path, gofto_data_dir: Path) -> None:
    store = FileStore(None, quota=10_000)
    _put(store, "x", b"data")
    made = [p for p in gofto_data_dir.iterdir() if p.name.startswith("uploads-")]
    assert len(made) == 1
    store.close()
    assert not made[0].exists()
