"""Sharing files through the host (IRCv3 ``draft/FILEHOST``), for every front end.

Toolkit-free and blocking: front ends run :func:`upload` and :func:`download` on a worker
thread (never on a GUI thread). Both speak HTTPS with the standard library's ``http.client``
and pin the host's certificate: the connection is accepted only when the certificate's
fingerprint is the one the chat connection itself was verified with, so a file goes to, and
comes from, the host the person trusts, and a link to any other server is never fetched here.

:class:`FileSharing` is the coordinator a front end keeps per session: ``/send PATH`` asks the
session for a ``FILEHOST TOKEN``, uploads on a thread when it arrives, then posts the link in
the conversation where ``/send`` was typed. Results come back through the front end's own
``post`` (which runs a callable on its thread), so every Session call stays on that thread.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import mimetypes
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import quote, urljoin, urlsplit

from app.client.catalogue import ENGLISH, Sentence
from app.client.events import Event, FileTokenFailed, FileTokenReceived
from app.client.http_pool import UPLOAD_IDLE, ConnectionPool, Key, Lease, PoolClosed
from app.client.presentation.text import plain
from app.disposition import disposition_filename
from app.errors import GoftoError

if TYPE_CHECKING:
    from app.client.session import Session

#: Most bytes per read and send: on a fast link a megabyte costs a few Python calls (the rest
#: is OpenSSL and the kernel, with the GIL released) and a hundred progress steps for 100 MB.
CHUNK = 1024 * 1024
#: Fewest bytes per step, where the link is slow (see :class:`Pace`).
MIN_CHUNK = 64 * 1024
#: Seconds one step should take: short enough that Cancel and the progress bar answer
#: promptly on a slow Wi-Fi link, long enough that a fast one still moves a megabyte a step.
STEP_SECONDS = (0.03, 0.15)
#: Seconds a silent host is waited for.
TIMEOUT = 30.0
#: Longest wait for a busy host's ``Retry-After`` before a download or preview asks again.
MAX_RETRY_AFTER = 10
#: Most bytes of an unwanted answer read so that its connection can be kept.
SMALL_ANSWER = 64 * 1024
#: Longest file name kept when saving (the host sanitises too; we do not rely on it).
MAX_NAME = 120

Progress = Callable[[int, int], None]


class Pace:
    """How many bytes the next read or send moves: doubles while steps are quick, halves
    while they are slow, between :data:`MIN_CHUNK` and :data:`CHUNK`.

    Why: a step is where Cancel is noticed and progress is told. A fixed megabyte is ten
    seconds at 100 KB/s (a Cancel that seems ignored, a bar that seems stuck); a fixed 64 KiB
    costs a fast loopback sixteen times the Python calls.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = MIN_CHUNK
        self._clock = clock
        self._started = clock()

    def begin(self) -> int:
        """Start a step; the bytes it may move."""
        self._started = self._clock()
        return self.size

    def end(self) -> None:
        """The step is done: adjust the next one's size to how long this one took."""
        took = self._clock() - self._started
        quick, slow = STEP_SECONDS
        if took < quick:
            self.size = min(self.size * 2, CHUNK)
        elif took > slow:
            self.size = max(self.size // 2, MIN_CHUNK)


class FileTransferError(GoftoError):
    """An upload or a download failed: ``code`` and ``params`` name the sentence of the
    catalogue (``file.…``); ``str()`` is its English."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code, english=ENGLISH(code, **params), **params)


class Cancelled(FileTransferError):
    """The person cancelled the transfer."""

    def __init__(self) -> None:
        super().__init__("file.cancelled")


def _key(url: str, pinned: str | None) -> tuple[Key, str]:
    """The pool key of ``url`` pinned to ``pinned``, and the request target."""
    try:
        key, target = ConnectionPool.key(url, pinned or "")
    except ValueError:
        raise FileTransferError("file.bad_address") from None
    if pinned is None:
        raise FileTransferError("file.needs_tls")
    return key, target


def _finish(response: http.client.HTTPResponse) -> None:
    """Read the rest of a small answer (a refusal's few words, a ``HEAD``'s nothing), so
    that its connection can serve the next request."""
    if response.length is not None and response.length <= SMALL_ANSWER:
        response.read()


def upload(
    url: str,
    path: Path,
    token: str,
    pinned: str | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    pool: ConnectionPool | None = None,
) -> str:
    """POST the file at ``path`` to the upload URL; its address (from ``Location``).

    On a connection of ``pool`` (the session's, counted with its others): a kept one only
    when it was given back moments ago (see :data:`~app.client.http_pool.UPLOAD_IDLE`), else
    a new one; never repeated: the host may have stored what it received. Without a pool, a
    connection of its own, closed at the end. A busy host (``429``, ``503``) is not retried
    either (the token is spent): the error says when to try again."""
    key, target = _key(url, pinned)
    try:
        size = path.stat().st_size
        handle = path.open("rb", buffering=0)  # read straight into the chunk buffer
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FileTransferError("file.cannot_read", name=path.name, reason=reason) from exc
    kind = mimetypes.guess_type(path.name, strict=False)[0] or "application/octet-stream"
    own = pool is None
    pool = ConnectionPool() if pool is None else pool
    lease: Lease | None = None
    try:
        with handle:
            lease = pool.lease(key, TIMEOUT, idle_within=UPLOAD_IDLE, cancel=cancel)
            conn = lease.conn
            conn.putrequest("POST", target, skip_accept_encoding=True)
            conn.putheader("Authorization", f"Bearer {token}")
            conn.putheader("Content-Type", kind)
            named = f"attachment; filename*=UTF-8''{quote(path.name)}"
            conn.putheader("Content-Disposition", named)
            conn.putheader("Content-Length", str(size))
            conn.endheaders()
            sent = 0
            buffer = memoryview(bytearray(min(CHUNK, max(size, 1))))
            pace = Pace()
            # Never more than the Content-Length said, even if the file grew meanwhile.
            while sent < size and (
                count := handle.readinto(buffer[: min(size - sent, pace.begin())])
            ):
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                try:
                    conn.send(buffer[:count])
                except OSError:
                    # The host may have refused early (413) and stopped reading: its answer
                    # is waiting to be read, and says more than a broken pipe.
                    break
                pace.end()
                sent += count
                if progress is not None:
                    progress(sent, size)
        response = conn.getresponse()
        _finish(response)
        lease.done(response)
        location = response.getheader("Location")
        if response.status == 201 and sent < size:
            raise FileTransferError("file.send_cut_short", name=path.name)
        if response.status in (429, 503):
            wait = _retry_after(response.getheader("Retry-After"))
            seconds = max(1, min(round(wait), MAX_RETRY_AFTER)) if wait is not None else 5
            raise FileTransferError("file.send_busy", name=path.name, seconds=seconds)
        if response.status != 201 or not location:
            raise _refusal(response.status, path.name)
        return urljoin(url, location)
    except PoolClosed:
        raise Cancelled from None
    except (OSError, http.client.HTTPException) as exc:
        raise FileTransferError("file.send_failed", name=path.name, reason=_reason(exc)) from exc
    finally:
        if lease is not None:
            lease.done(None)  # nothing when given back already
        if own:
            pool.close()


def download(
    url: str,
    folder: Path,
    pinned: str | None,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    pool: ConnectionPool | None = None,
) -> Path:
    """GET a shared file into ``folder`` (as ``name``, or the name the host gives, never over
    an existing file); the path it was saved at. On a kept connection of ``pool`` when there
    is one (without a pool, a connection of its own, closed at the end)."""
    _key(url, pinned)
    assert pinned is not None
    own = pool is None
    pool = ConnectionPool() if pool is None else pool
    lease: Lease | None = None
    partial: Path | None = None
    try:
        lease, response = _send(pool, "GET", url, pinned, cancel=cancel)
        if response.status != 200:
            _finish(response)
            lease.done(response)
            raise _refusal(response.status, "")
        wanted = name or _name_from(response.getheader("Content-Disposition"), url)
        final = _free_path(folder, wanted)
        partial = final.with_name(final.name + ".part")
        total = int(response.getheader("Content-Length") or 0)
        received = 0
        buffer = memoryview(bytearray(CHUNK))
        pace = Pace()
        with partial.open("xb", buffering=0) as out:  # written straight from the buffer
            while count := response.readinto(buffer[: pace.begin()]):
                pace.end()
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                _write_all(out, buffer[:count])
                received += count
                if progress is not None:
                    progress(received, total)
        if total and received != total:
            raise FileTransferError("file.cut_short")
        lease.done(response)
        os.replace(partial, final)
        partial = None
        return final
    except PoolClosed:
        raise Cancelled from None
    except (OSError, http.client.HTTPException) as exc:
        raise FileTransferError("file.save_failed", reason=_reason(exc)) from exc
    finally:
        if lease is not None:
            lease.done(None)  # nothing when given back already
        if own:
            pool.close()
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()


def _send(
    pool: ConnectionPool,
    method: str,
    url: str,
    pinned: str,
    *,
    cancel: threading.Event | None,
    wait: float | None = None,
) -> tuple[Lease, http.client.HTTPResponse]:
    """``pool.send``, and once more after the wait a busy host asks for.

    Why: a host past its limits (too many connections from this address this minute, too
    many transfers at once) answers ``503`` or ``429`` with ``Retry-After`` (RFC 9110
    10.2.3); a picture's preview or a download then waits that long (at most
    :data:`MAX_RETRY_AFTER` seconds, and Cancel ends the wait) and asks again, once, instead
    of showing a broken card. Only ``GET`` and ``HEAD`` come here: repeating them is safe."""
    lease, response = pool.send(method, url, pinned, TIMEOUT, cancel=cancel, wait=wait)
    delay = _retry_after(response.getheader("Retry-After"))
    if response.status not in (429, 503) or delay is None:
        return lease, response
    _finish(response)
    lease.done(response)
    if (cancel if cancel is not None else threading.Event()).wait(min(delay, MAX_RETRY_AFTER)):
        raise Cancelled
    return pool.send(method, url, pinned, TIMEOUT, cancel=cancel, wait=wait)


def _retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` value asks for (RFC 9110 10.2.3: delay-seconds or an
    HTTP-date), ``None`` when there is none or it makes no sense."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value[:12]))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None  # an HTTP-date is always GMT; one without a zone is not one
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _write_all(out: BinaryIO, data: memoryview) -> None:
    """All of ``data`` to an unbuffered file (one ``write`` may take less)."""
    while data:
        data = data[out.write(data) or 0 :]


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the host says about a shared file: its name (made safe), size and type, and for
    :func:`peek` with ``body`` the bytes themselves."""

    name: str
    size: int
    kind: str
    body: bytes | None = None


def peek(
    url: str,
    pinned: str | None,
    *,
    body: bool = False,
    limit: int = 0,
    cancel: threading.Event | None = None,
    pool: ConnectionPool | None = None,
) -> FileFacts:
    """``HEAD`` a shared file (or ``GET`` it when ``body``, refusing more than ``limit``
    bytes whatever the host claims): for a file card, or a picture's preview. On a kept
    connection of ``pool`` when there is one: a room's history may show dozens of files, and
    the host admits only so many new connections a minute (see :mod:`app.client.http_pool`)."""
    _key(url, pinned)
    assert pinned is not None
    own = pool is None
    pool = ConnectionPool() if pool is None else pool
    lease: Lease | None = None
    try:
        method = "GET" if body else "HEAD"
        # A preview waits for a free connection no longer than for a silent host.
        lease, response = _send(pool, method, url, pinned, cancel=cancel, wait=TIMEOUT)
        if not body or response.status != 200:
            _finish(response)
            lease.done(response)
        if response.status != 200:
            raise _refusal(response.status, "")
        name = _name_from(response.getheader("Content-Disposition"), url)
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        try:
            size = max(0, int(response.getheader("Content-Length") or 0))
        except ValueError:
            size = 0
        if not body:
            return FileFacts(name, size, kind)
        if size > limit:
            raise FileTransferError("file.too_large", name=name)
        chunks: list[bytes] = []
        received = 0
        while chunk := response.read(min(CHUNK, limit + 1 - received)):
            if cancel is not None and cancel.is_set():
                raise Cancelled
            chunks.append(chunk)
            received += len(chunk)
            if received > limit:  # more than announced: a lying host is not read further
                raise FileTransferError("file.too_large", name=name)
        if size and received != size:
            raise FileTransferError("file.cut_short")
        lease.done(response)
        return FileFacts(name, received, kind, b"".join(chunks))
    except PoolClosed:
        raise Cancelled from None
    except (OSError, http.client.HTTPException) as exc:
        raise FileTransferError("file.save_failed", reason=_reason(exc)) from exc
    finally:
        if lease is not None:
            lease.done(None)  # nothing when given back already
        if own:
            pool.close()


def is_host_file(url: str, filehost: str | None) -> bool:
    """Whether ``url`` is a file in the store of the host at ``filehost`` (the ISUPPORT
    upload URL): the same scheme, address and port, under the upload path."""
    if not filehost:
        return False
    link, base = urlsplit(url), urlsplit(filehost)
    try:
        same = (link.scheme, link.hostname, link.port) == (base.scheme, base.hostname, base.port)
    except ValueError:  # a port that is not a number
        return False
    return same and link.scheme == "https" and link.path.startswith(base.path.rstrip("/") + "/")


def safe_name(name: str) -> str:
    """A file name that is safe to create in a folder: no separators, controls or leading
    dots, not too long; ``file`` when nothing is left. ZWNJ and ZWJ stay: Persian words need
    them (صورت‌جلسه)."""
    kept = "".join(
        ch for ch in name if (ch.isprintable() or ch in "\u200c\u200d") and ch not in '/\\:*?"<>|'
    )
    kept = kept.strip().lstrip(".").strip()
    if len(kept) > MAX_NAME:
        stem, dot, ext = kept.rpartition(".")
        if dot and len(ext) <= 10:
            kept = stem[: MAX_NAME - len(ext) - 1] + dot + ext
        else:
            kept = kept[:MAX_NAME]
    return kept or "file"


def _name_from(disposition: str | None, url: str) -> str:
    found = disposition_filename(disposition)
    if found:
        return safe_name(found)
    return safe_name(urlsplit(url).path.rsplit("/", 1)[-1])


def _free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``, ``name (3)``… when taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    return candidate


def _refusal(status: int, name: str) -> FileTransferError:
    """The error for an answer other than the one hoped for (``name``: the file sent)."""
    if status == 401:
        return FileTransferError("file.token_rejected")
    if status == 413:
        return FileTransferError("file.too_large", name=name)
    if status == 404:
        return FileTransferError("file.gone")
    if status == 429:
        return FileTransferError("file.busy")
    if not name:
        return FileTransferError("file.save_refused", status=status)
    return FileTransferError("file.refused", status=status, name=name)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "the host stopped answering"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


@dataclass(frozen=True, slots=True)
class _Request:
    conversation: str
    path: Path


class FileSharing:
    """``/send`` for one session: token → upload (on a thread) → link posted.

    ``session`` is the :class:`~app.client.session.Session`; ``post(fn)`` must run ``fn`` on
    the session's thread (a queue the front end drains); ``pinned()`` is the fingerprint the
    chat connection was verified with; ``report(sentence, is_error)`` shows a catalogue
    sentence;
    ``progress(path, done, total)`` is optional and called on the worker thread.

    ``pool`` holds the session's kept-alive connections to the host: the front end passes it
    to its own downloads too, and :meth:`close` closes them when the session ends.
    """

    def __init__(
        self,
        session: Session,
        post: Callable[[Callable[[], None]], None],
        pinned: Callable[[], str | None],
        report: Callable[[Sentence, bool], None],
        progress: Callable[[Path, int, int], None] | None = None,
    ) -> None:
        self._session = session
        self._post = post
        self._pinned = pinned
        self._report = report
        self._progress = progress
        self._waiting: deque[_Request] = deque()
        self._threads: list[threading.Thread] = []
        self._in_flight = 0  # uploads whose outcome the session thread has not handled yet
        self.cancel = threading.Event()
        self.pool = ConnectionPool()

    @property
    def busy(self) -> bool:
        """Whether a file is waiting for its token, on its way, or its link not yet posted."""
        return bool(self._waiting) or self._in_flight > 0

    def send(self, conversation: str, path: Path) -> None:
        """Share ``path`` in ``conversation`` (call on the session's thread)."""
        url = self._session.filehost
        if not url:
            self._report(Sentence("file.no_filehost"), True)
            return
        if not path.is_file():
            self._report(Sentence("file.no_such_file", {"path": str(path)}), True)
            return
        self._report(Sentence("file.sending", {"name": path.name}), False)
        self._waiting.append(_Request(conversation, path))
        self._session.request_file_token()

    def on_event(self, event: Event) -> None:
        """Feed every session event here; the token replies start the uploads."""
        if isinstance(event, FileTokenReceived) and self._waiting:
            request = self._waiting.popleft()
            url = self._session.filehost
            worker = threading.Thread(
                target=self._upload,
                args=(request, url, event.token, self._pinned()),
                name="gofto-upload",
                daemon=True,
            )
            self._threads = [t for t in self._threads if t.is_alive()] + [worker]
            self._in_flight += 1
            worker.start()
        elif isinstance(event, FileTokenFailed) and self._waiting:
            self._waiting.popleft()
            reason = plain(event.text)  # the server's words: inert, bounded
            self._report(Sentence("file.host_refused", {"reason": reason}), True)

    def _upload(self, request: _Request, url: str, token: str, pinned: str | None) -> None:
        def progress(done: int, total: int) -> None:
            if self._progress is not None:
                self._progress(request.path, done, total)

        try:
            link = upload(
                url,
                request.path,
                token,
                pinned,
                progress=progress,
                cancel=self.cancel,
                pool=self.pool,
            )
        except GoftoError as exc:  # FileTransferError, CertificateChanged
            failure = Sentence(exc.code, dict(exc.params))
            self._post(lambda: self._failed(failure))
            return
        self._post(lambda: self._posted(request, link))

    def _failed(self, failure: Sentence) -> None:
        self._in_flight -= 1
        self._report(failure, True)

    def _posted(self, request: _Request, link: str) -> None:
        self._in_flight -= 1
        self._session.submit(request.conversation, link)

    def join(self, timeout: float) -> None:
        """Wait for uploads in progress (at exit)."""
        for thread in self._threads:
            thread.join(timeout)

    def close(self) -> None:
        """The session ended: close the kept connections (the idle ones now, the busy ones
        when their transfer ends)."""
        self.pool.close()
