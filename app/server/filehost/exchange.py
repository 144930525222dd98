"""The HTTP side of one connection: requests parsed by h11, files streamed both ways.

Routes (IRCv3 ``draft/FILEHOST``):

- ``/upload``: ``POST`` a file with ``Authorization: Bearer <token>`` (a token from
  ``FILEHOST TOKEN``) → ``201 Created`` with ``Location``; ``OPTIONS`` → ``204`` with ``Allow``
  and ``Accept-Post``. Refusals: ``401`` (no, forged, used or expired token), ``413`` (over the
  upload limit, said from ``Content-Length`` before any of the body is read, or more bytes than
  that arriving; or too big for the quota), ``507`` (the disk refused it), ``405`` for other
  methods. A request with both ``Content-Length`` and ``Transfer-Encoding`` is ``400``.
- ``/upload/<id><.ext>``: ``GET``/``HEAD`` the file (``X-Content-Type-Options: nosniff``;
  anything a browser could run is an attachment; one ``Range`` → ``206``, past the end →
  ``416``), ``OPTIONS``; ``405`` otherwise.
- anything else, and any id the index does not know: ``404``.

Every wait has a deadline (see :mod:`app.server.filehost.stream`): the request head must
arrive within ``header_timeout``; a body or a download gets ``grace`` seconds plus its size at
``min_rate``; a peer silent for ``stall`` seconds is dropped. Keep-alive works (after an upload
too, when its whole body was read; a refused one closes the connection), for a bounded
number of requests (the last answer says ``Connection: close``); a kept connection waits at
most ``idle_timeout`` seconds for its next request, so an idle one holds its thread no longer.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING

import h11

from app.server.filehost.names import content_type, display_name, disposition
from app.server.filehost.store import NoRoom, StoredFile, StoreFailed, Upload
from app.server.filehost.stream import Stalled, TlsStream, scratch

if TYPE_CHECKING:
    from app.server.filehost.service import FileHost

log = logging.getLogger(__name__)

UPLOAD_PATH = "/upload"
_FILE_PATH = re.compile(r"/upload/([A-Za-z0-9_-]{24})((?:\.[a-z0-9]{1,10})?)")
#: Largest request head (request line and headers).
MAX_HEAD = 16 * 1024
#: Requests one connection may make before it is closed.
MAX_REQUESTS = 100
#: Largest read from a file for one send (one ``encrypt`` and one ``send`` call each).
FILE_CHUNK = 512 * 1024
#: Largest piece of an upload's body decrypted before it is written to the file.
BODY_CHUNK = 1024 * 1024
#: A body this large makes its transfer background work (:meth:`FileHost.background`): a
#: picture or a document (a few megabytes, gone in milliseconds) keeps its thread's ordinary
#: priority, a video or an archive, which keeps a CPU busy for seconds, yields to the chat
#: while people talk (:class:`_Yielding`).
BACKGROUND_BYTES = 8 * 1024 * 1024
SERVER = b"Gofto"
_UPLOAD_ALLOW = b"OPTIONS, POST"
_FILE_ALLOW = b"GET, HEAD, OPTIONS"

Headers = list[tuple[bytes, bytes]]


class _Closed(Exception):
    """The peer went away, or the exchange must end without another answer."""


@dataclass(frozen=True, slots=True)
class Peer:
    """Who is asking: the address (for tokens and the per-address cap) and the base URL of the
    address they connected to (for ``Location``)."""

    host: str
    base_url: str


class Exchange:
    """Serves the requests of one connection on the calling thread, then closes TLS."""

    def __init__(
        self,
        service: FileHost,
        stream: TlsStream,
        peer: Peer,
        resting: Callable[[bool], bool] | None = None,
    ) -> None:
        self._service = service
        #: Told when the connection starts and stops waiting idle for its next request (the
        #: service may then close it to make room); answers whether it is still served.
        self._resting = resting
        self._settings = service.settings
        self._stream = stream
        self._peer = peer
        self._conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        #: Whether the request being answered is the last this connection may make (its
        #: answer then says ``Connection: close``, so a client does not keep it).
        self._last = False
        #: Whether the request being answered is a ``HEAD`` (its answer has no body).
        self._head = False

    # -- the loop ----------------------------------------------------------------------------

    def run(self, admitted: bool) -> None:
        """Answer requests until the peer closes, misbehaves or stalls; ``admitted=False``
        answers the first with ``429`` (too many transfers from that address)."""
        try:
            self._serve(admitted)
        except (_Closed, Stalled, OSError, h11.ProtocolError) as exc:
            log.debug("file transfer with %s ended: %s", self._peer.host, exc)
        finally:
            self._stream.finish(self._settings.linger)

    def _serve(self, admitted: bool) -> None:
        timeout = self._settings.header_timeout
        for number in range(1, MAX_REQUESTS + 1):
            self._last = number == MAX_REQUESTS
            self._head = False
            try:
                event = self._next_request(time.monotonic() + timeout, kept=number > 1)
            except h11.RemoteProtocolError as exc:
                self._refuse(exc.error_status_hint, b"Bad request\n")
                return
            except Stalled:
                conn = self._conn
                if conn.their_state is not h11.IDLE or not conn.trailing_data[0]:
                    raise  # silence between requests: just close
                self._refuse(408, b"Request timeout\n")  # a request head that never ended
                return
            if not isinstance(event, h11.Request):
                return  # ConnectionClosed, or a head that never began
            if not admitted:
                busy = b"Too many transfers from your address\n"
                self._refuse(429, busy, [(b"Retry-After", b"5")])
                return
            self._head = event.method == b"HEAD"
            self._finish_bodyless(event)
            self._route(event)
            conn = self._conn  # a new one after an upload whose body it did not parse
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return
            conn.start_next_cycle()
            timeout = self._settings.idle_timeout

    def _next_request(self, deadline: float, *, kept: bool) -> h11.Event | type[h11.NEED_DATA]:
        """The next request's head, like :meth:`_next_event`; on a kept-alive connection
        (``kept``) the service is told that it rests meanwhile, and may close it to make room
        for another connection from the address (then: ``ConnectionClosed``)."""
        resting = self._resting if kept else None
        if resting is not None and not resting(True):
            return h11.ConnectionClosed()
        try:
            event = self._next_event(deadline)
        except BaseException:
            if resting is not None:
                resting(False)
            raise
        if resting is not None and not resting(False):
            return h11.ConnectionClosed()  # closed to make room just as the request came
        return event

    def _finish_bodyless(self, request: h11.Request) -> None:
        """Take the end of a request that has no body (a ``GET``, a ``HEAD``) from h11 before
        answering it. Why: until then h11 counts the client as still sending, and an answer
        given meanwhile must say ``Connection: close``, so no connection was ever kept alive
        and a client paid a new connection (and TLS handshake) for every file it looked at."""
        headers = _header_map(request.headers)
        if b"transfer-encoding" in headers or headers.get(b"content-length", b"0") != b"0":
            return
        if self._conn.their_state is h11.SEND_BODY:
            event = self._conn.next_event()  # no bytes needed: the body is empty
            if not isinstance(event, h11.EndOfMessage):
                raise _Closed("a request without a body had one")

    def _next_event(self, deadline: float) -> h11.Event | type[h11.NEED_DATA]:
        conn = self._conn
        while True:
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            if self._stream.closed:
                raise _Closed("peer closed")
            conn.receive_data(self._stream.recv(deadline))

    # -- answering ---------------------------------------------------------------------------

    def _send(self, event: h11.Event, deadline: float) -> None:
        for piece in self._conn.send_with_data_passthrough(event) or ():
            self._stream.send(piece, deadline)

    def _respond(
        self,
        status: int,
        body: bytes = b"",
        headers: Iterable[tuple[bytes, bytes]] = (),
        *,
        kind: bytes = b"text/plain; charset=utf-8",
    ) -> None:
        """A complete small response; closes the connection when the request body is unread."""
        heads: Headers = [(b"Server", SERVER), (b"X-Content-Type-Options", b"nosniff")]
        if status != 204:
            heads += [(b"Content-Type", kind), (b"Content-Length", str(len(body)).encode())]
        heads += list(headers)
        if self._conn.their_state is not h11.DONE or self._last:
            heads.append((b"Connection", b"close"))
        deadline = time.monotonic() + self._settings.stall
        self._send(
            h11.Response(status_code=status, headers=heads, reason=_reason(status)), deadline
        )
        if body and not self._head:  # h11 refuses a body after a HEAD's head, and closes
            self._send(h11.Data(data=body), deadline)
        self._send(h11.EndOfMessage(), deadline)

    def _refuse(
        self, status: int, body: bytes, headers: Iterable[tuple[bytes, bytes]] = ()
    ) -> None:
        """Answer an error when the protocol state still allows an answer."""
        if self._conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            self._respond(status, body, headers)

    def _route(self, request: h11.Request) -> None:
        names = {name for name, _value in request.headers}
        if b"content-length" in names and b"transfer-encoding" in names:
            # Two framings at once: the classic request-smuggling shape (RFC 9112 6.1).
            self._respond(400, b"Bad request\n")
            return
        path = request.target.split(b"?", 1)[0].decode("ascii", "replace")
        method = request.method
        if path == UPLOAD_PATH:
            if method == b"POST":
                self._upload(request)
            elif method == b"OPTIONS":
                self._respond(204, headers=self._upload_options())
            else:
                self._respond(405, b"Method not allowed\n", [(b"Allow", _UPLOAD_ALLOW)])
            return
        if path == "*" and method == b"OPTIONS":
            self._respond(204, headers=[(b"Allow", b"GET, HEAD, OPTIONS, POST")])
            return
        match = _FILE_PATH.fullmatch(path)
        entry = self._service.store.find(match.group(1), match.group(2)) if match else None
        if entry is None:
            self._respond(404, b"Not found\n")
        elif method in (b"GET", b"HEAD"):
            self._download(request, entry, head=method == b"HEAD")
        elif method == b"OPTIONS":
            self._respond(204, headers=[(b"Allow", _FILE_ALLOW)])
        else:
            self._respond(405, b"Method not allowed\n", [(b"Allow", _FILE_ALLOW)])

    def _upload_options(self) -> Headers:
        return [(b"Allow", _UPLOAD_ALLOW), (b"Accept-Post", b"*/*")]

    # -- uploads -----------------------------------------------------------------------------

    def _upload(self, request: h11.Request) -> None:
        headers = _header_map(request.headers)
        grant = None
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            grant = self._service.tokens.redeem(token.strip(), self._peer.host)
        if grant is None:
            challenge = b'Bearer realm="gofto"'
            if token.strip():
                challenge += b', error="invalid_token"'
            self._respond(
                401,
                b"A fresh token from FILEHOST TOKEN is needed\n",
                [(b"WWW-Authenticate", challenge)],
            )
            return
        limit = self._settings.upload_limit
        length_text = headers.get(b"content-length")
        size = int(length_text) if length_text is not None else None  # h11 checked the digits
        if size is not None and size > limit:
            self._respond(413, b"The file is larger than this host accepts\n")
            return
        name = display_name(headers.get(b"content-disposition", b"").decode("utf-8", "replace"))
        kind = content_type(headers.get(b"content-type", b"").decode("latin-1"), name)
        yielding = _Yielding(self._service, size is not None and size >= BACKGROUND_BYTES)
        # Before the store makes room: removing the oldest files of a full store frees their
        # pages in this thread, which is kernel time a talking chat must not wait for.
        yielding.check()
        try:
            upload = self._service.store.begin(name, kind, grant.nick, size)
        except NoRoom:
            self._respond(413, b"The file does not fit in this host's storage\n")
            return
        except StoreFailed as exc:
            log.warning("could not store an upload: %s", exc)
            self._respond(507, b"The host could not store the file\n")
            return
        try:
            entry = self._receive(request, upload, size, yielding)
        except StoreFailed as exc:
            upload.abort()
            log.warning("could not store an upload: %s", exc)
            self._respond(507, b"The host could not store the file\n")
            return
        except BaseException:
            upload.abort()
            raise
        if entry is None:
            return
        location = (self._peer.base_url + entry.path).encode("ascii")
        self._respond(201, location + b"\n", [(b"Location", location)])
        self._service.shared(entry)

    def _receive(
        self, request: h11.Request, upload: Upload, size: int | None, yielding: _Yielding
    ) -> StoredFile | None:
        """The body into ``upload``; the stored file, or ``None`` after a refusal."""
        settings = self._settings
        limit = settings.upload_limit
        deadline = time.monotonic() + settings.grace + (size or limit) / settings.min_rate
        if self._conn.client_is_waiting_for_100_continue:
            self._send(
                h11.InformationalResponse(status_code=100, headers=[], reason=b"Continue"), deadline
            )
        if size is not None and not _chunked(request):
            return self._receive_counted(request, upload, size, deadline, yielding)
        while True:
            event = self._next_event(deadline)
            if isinstance(event, h11.Data):
                if upload.received >= BACKGROUND_BYTES:
                    yielding.grown()
                yielding.check()
                if upload.received + len(event.data) > limit:
                    upload.abort()
                    self._respond(413, b"The file is larger than this host accepts\n")
                    return None
                try:
                    upload.write(event.data)
                except NoRoom:
                    upload.abort()
                    self._respond(413, b"The file does not fit in this host's storage\n")
                    return None
            elif isinstance(event, h11.EndOfMessage):
                return upload.finish()
            else:
                raise _Closed("the upload was cut short")

    def _receive_counted(
        self,
        request: h11.Request,
        upload: Upload,
        size: int,
        deadline: float,
        yielding: _Yielding,
    ) -> StoredFile:
        """A body of known length, straight from the stream to the file.

        Why not through h11: handing every byte to its parser and taking it back as ``Data``
        events costs as much CPU as decrypting it (an upload ran at half the speed of a plain
        TLS copy). h11 parsed the head and knows the framing; a counted body is only bytes.
        Once all of it is read the connection can still be kept (see :meth:`_resume`).
        """
        data, closed = self._conn.trailing_data  # body bytes read along with the head
        left = size
        if data:
            piece = data[:left]
            upload.write(piece)  # a chunked upload's growth; here reserved up front
            left -= len(piece)
        if not left:
            entry = upload.finish()
            if not closed:
                self._resume(request, data[size:])
            return entry
        # One buffer for the whole body: the stream decrypts into it and the file is written
        # from it, so no byte is copied in Python. Never more than ``left`` is asked for:
        # what follows the body is not the file's.
        view = scratch(min(BODY_CHUNK, left))
        while left:
            yielding.check()
            count = self._stream.recv_into(view[: min(len(view), left)], deadline)
            if not count:
                raise _Closed("the upload was cut short")
            upload.write(view[:count])
            left -= count
        entry = upload.finish()
        self._resume(request, b"")
        return entry

    def _resume(self, request: h11.Request, following: bytes) -> None:
        """After a counted body read past h11: a new h11 connection that has seen this
        request's head with an empty body, so the answer may keep the connection alive.

        Why: dropping 40 files into a room made 40 connections, one per upload, and the host
        admits 30 new ones a minute from an address. Only a whole body earns this (a refused
        or cut-short one leaves h11 waiting for it, and the answer closes the connection);
        only an HTTP/1.1 request that did not ask to close. ``following``: bytes that came
        after the body (a next request's head), handed to the new connection."""
        if request.http_version != b"1.1" or any(
            name == b"connection" and b"close" in value.lower() for name, value in request.headers
        ):
            return
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        conn.receive_data(
            b"POST " + request.target + b" HTTP/1.1\r\nHost: gofto\r\nContent-Length: 0\r\n\r\n"
        )
        try:
            seen = conn.next_event(), conn.next_event()
        except h11.ProtocolError:  # cannot happen for a target h11 parsed once; then: close
            return
        if not isinstance(seen[0], h11.Request) or not isinstance(seen[1], h11.EndOfMessage):
            return
        if following:
            conn.receive_data(following)  # (no bytes would tell h11 the peer closed)
        self._conn = conn

    # -- downloads ---------------------------------------------------------------------------

    def _download(self, request: h11.Request, entry: StoredFile, *, head: bool) -> None:
        handle = self._service.store.open(entry)
        if handle is None:
            self._respond(404, b"Not found\n")
            return
        settings = self._settings
        with handle:
            wanted = _byte_range(_header_map(request.headers), entry.size)
            if wanted == "unsatisfiable":
                unsatisfiable = [(b"Content-Range", f"bytes */{entry.size}".encode())]
                self._respond(416, b"Range not satisfiable\n", unsatisfiable)
                return
            first, last = wanted if wanted is not None else (0, entry.size - 1)
            length = max(0, last - first + 1)
            headers: Headers = [
                (b"Server", SERVER),
                (b"Content-Type", entry.type.encode("ascii")),
                (b"Content-Length", str(length).encode()),
                (b"Content-Disposition", disposition(entry.type, entry.name).encode("ascii")),
                (b"X-Content-Type-Options", b"nosniff"),
                (b"Content-Security-Policy", b"default-src 'none'; sandbox"),
                (b"Cache-Control", b"private, max-age=31536000, immutable"),
                (b"Referrer-Policy", b"no-referrer"),
                (b"Accept-Ranges", b"bytes"),
            ]
            status = 200
            if wanted is not None:
                status = 206
                headers.append((b"Content-Range", f"bytes {first}-{last}/{entry.size}".encode()))
            if self._conn.their_state is not h11.DONE or self._last:
                headers.append((b"Connection", b"close"))
            deadline = time.monotonic() + settings.grace + length / settings.min_rate
            response = h11.Response(status_code=status, headers=headers, reason=_reason(status))
            self._send(response, deadline)
            if not head:
                self._send_file(handle, first, length, deadline)
            self._send(h11.EndOfMessage(), deadline)

    def _send_file(self, handle: io.FileIO, first: int, length: int, deadline: float) -> None:
        """``length`` bytes of the file from ``first``, read into one buffer (the file is
        unbuffered: one system call a chunk) and encrypted from it in one call a chunk. A file
        that shrank meanwhile ends the body early, and h11 then refuses to end the message
        (``LocalProtocolError``), which closes the connection: the client sees it cut short."""
        with contextlib.suppress(OSError, AttributeError):  # read ahead more (Linux, BSDs)
            os.posix_fadvise(handle.fileno(), first, length, os.POSIX_FADV_SEQUENTIAL)
        handle.seek(first)
        view = scratch(min(FILE_CHUNK, length))
        left = length
        yielding = _Yielding(self._service, length >= BACKGROUND_BYTES)
        while left:
            yielding.check()
            count = handle.readinto(view[: min(len(view), left)])
            if not count:
                break
            left -= count
            self._send(h11.Data(data=view[:count]), deadline)


class _Yielding:
    """Makes a large transfer background work (:meth:`FileHost.background`) once the chat
    talks: at its start, when people talked within a second, or at any piece after.

    Why not always: with its client on the same machine (the host's own app, or ``make
    bench``), a transfer that yields is slower, by a quarter to a third as measured: the kernel
    runs the woken client on the CPU of the idle-class thread, and the two take turns. A
    guest's computer is not woken on the host, so a guest's transfer loses nothing."""

    def __init__(self, service: FileHost, large: bool) -> None:
        self._service = service
        self._waiting = large  # large, and not yet background work
        self._done = False
        self._started = time.monotonic()

    def grown(self) -> None:
        """A body of unknown size (chunked) has become large."""
        if not self._done:
            self._waiting = True

    def check(self) -> None:
        """Yield now if the transfer is large and people talk (cheap: once a piece)."""
        if self._waiting and self._service.chat_talking(self._started):
            self._service.background()
            self._waiting, self._done = False, True


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(headers: dict[bytes, bytes], size: int) -> tuple[int, int] | str | None:
    """The one byte range a ``Range`` header asks for, as ``(first, last)``; ``None`` for the
    whole file (no header, another unit, several ranges, or an ``If-Range``, which this host
    has no validators to honour); ``"unsatisfiable"`` for a range past the end (``416``)."""
    value = headers.get(b"range")
    if value is None or b"if-range" in headers:
        return None
    match = _RANGE.fullmatch(value.decode("latin-1").strip())
    if match is None or not (match.group(1) or match.group(2)):
        return None
    start, end = match.group(1), match.group(2)
    if not start:  # the last N bytes
        suffix = int(end)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size:
        return "unsatisfiable"
    if last < first:
        return None  # an invalid range is ignored (RFC 9110 14.2)
    return first, last


def _reason(status: int) -> bytes:
    """The status line's reason phrase (``Not Found``), for people reading raw answers."""
    try:
        return HTTPStatus(status).phrase.encode("ascii")
    except ValueError:
        return b""


def _chunked(request: h11.Request) -> bool:
    """Whether the request's body is chunked (h11 then frames it, and it must parse it)."""
    return any(name == b"transfer-encoding" for name, _value in request.headers)


def _header_map(headers: Iterable[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """Request headers by lower-case name (h11 gives them lower-cased); the first wins."""
    found: dict[bytes, bytes] = {}
    for name, value in headers:
        found.setdefault(name, value)
    return found
