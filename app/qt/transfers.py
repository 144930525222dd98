"""Uploads and downloads of the Qt window, off the GUI thread, each with progress and Cancel.

:class:`Transfers` is the window's one owner of file transfers through the host (IRCv3
``draft/FILEHOST``). Sending a file asks the session for a ``FILEHOST TOKEN``; when the token
arrives the upload runs on a worker thread (:mod:`app.qt.workers`; the blocking, toolkit-free
:func:`app.client.files.upload`, pinned to the certificate the chat connection was verified
with), and its link is posted in the conversation it was meant for (a room or a private
conversation). Saving a shared file runs :func:`app.client.files.download` the same way.

Each transfer is a :class:`Transfer` whose signals (progress, end) are emitted from the worker
and delivered on the GUI thread (queued: the Transfer lives there), so the widgets that show a
progress bar never touch a socket. Cancel sets the transfer's own event; the worker stops at
the next chunk. A pasted picture is written to a private temporary folder as PNG first and
removed when its upload ends.

A host's address is used only when it names the very address the chat is connected to (see
:meth:`Transfers.filehost`): a host cannot make the app connect anywhere else.
"""

from __future__ import annotations

import ipaddress
import itertools
import logging
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from app.client import events as ev
from app.client.files import Cancelled, FileTransferError, download, is_host_file, upload
from app.client.http_pool import ConnectionPool
from app.errors import GoftoError
from app.qt.guard import guarded
from app.qt.qt import QImage, QObject, Signal
from app.qt.workers import Workers

log = logging.getLogger(__name__)

#: Transfers that run at once (the host serves a few per address; previews need one too).
WORKERS = 2
#: Progress is signalled at most once per this many bytes (and at the end).
PROGRESS_STEP = 64 * 1024


class Transfer(QObject):
    """One upload or download. ``progressed(done, total)`` and ``ended(error)`` are emitted
    on the GUI thread; ``error`` is ``None`` on success, else the :class:`GoftoError` (a
    cancelled transfer ends with :class:`app.client.files.Cancelled`).

    The worker calls :meth:`report_progress` and :meth:`report_end`; they cross to the GUI
    thread through private signals received by this object's own methods (a queued
    connection: the Transfer lives on the GUI thread), so listeners never run on a worker.
    """

    progressed = Signal(int, int)
    ended = Signal(object)
    _worker_progress = Signal(int, int)
    _worker_end = Signal(object)
    #: Cancel was asked for (the owner drops a transfer still waiting for its token).
    cancel_requested = Signal()

    def __init__(self, name: str, conversation: str, *, upload: bool, size: int = 0) -> None:
        super().__init__()
        self.setObjectName("transfer")
        self.name = name
        self.conversation = conversation
        self.upload = upload
        self.done = 0
        self.total = size
        #: The result: the link posted (upload) or the path saved (download).
        self.result = ""
        self.error: GoftoError | None = None
        self.finished = False
        self._cancel = threading.Event()
        self._worker_progress.connect(self._on_progress)
        self._worker_end.connect(self._on_end)

    def cancel(self) -> None:
        """Stop this transfer at its next chunk (nothing is posted or kept)."""
        self._cancel.set()
        self.cancel_requested.emit()

    @property
    def cancelled(self) -> threading.Event:
        """The event the worker polls between chunks."""
        return self._cancel

    def report_progress(self, done: int, total: int) -> None:
        """From the worker: ``done`` of ``total`` bytes."""
        self._worker_progress.emit(done, total)

    def report_end(self, error: GoftoError | None, result: str = "") -> None:
        """From the worker: finished with ``result``, or failed with ``error``."""
        self._worker_end.emit((error, result))

    @guarded
    def _on_progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.progressed.emit(done, total)

    @guarded
    def _on_end(self, outcome: tuple[GoftoError | None, str]) -> None:
        error, self.result = outcome
        self.ended.emit(error)


@dataclass(frozen=True, slots=True)
class _Waiting:
    transfer: Transfer
    path: Path
    temporary: Path | None


class Transfers(QObject):
    """The window's uploads and downloads (see the module docstring).

    ``session()`` is the current :class:`~app.client.session.Session`; ``pinned()`` the
    fingerprint the chat connection was verified with; ``peer()`` the address the chat's
    socket is connected to; ``post(conversation, text)`` sends a message; ``report(event)``
    shows an ``ErrorMessage`` or ``Info`` in a conversation.
    """

    #: A new :class:`Transfer` started (the conversation shows its progress bar).
    started = Signal(object)
    #: A pasted picture was written as PNG on a worker: (conversation, path or "", folder).
    _encoded = Signal(str, str, str)

    def __init__(
        self,
        *,
        session: Callable[[], object],
        pinned: Callable[[], str | None],
        peer: Callable[[], str | None],
        post: Callable[[str, str], None],
        report: Callable[[ev.Event], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._pinned = pinned
        self._peer = peer
        self._post = post
        self._report = report
        self._waiting: deque[_Waiting] = deque()
        #: Tokens still to come for transfers cancelled while they waited (not used).
        self._unwanted_tokens = 0
        self._numbers = itertools.count(1)
        self.workers = Workers(WORKERS, "gofto-transfer")
        #: Kept-alive connections to the host, shared with the previews (see
        #: :mod:`app.client.http_pool`: the host admits only so many new ones a minute).
        self.pool = ConnectionPool()
        self._temporary = Path(tempfile.mkdtemp(prefix="gofto-paste-"))
        #: Transfers not finished yet (kept alive while their worker runs).
        self.active: list[Transfer] = []
        self._encoded.connect(self._send_encoded)

    # -- what the host offers --------------------------------------------------------------------
    def filehost(self) -> str | None:
        """The host's upload address, when it names the address the chat is connected to
        (``https`` only); ``None`` when the host offers none, or another address."""
        session = self._session()
        url = getattr(session, "filehost", None)
        if not url:
            return None
        return url if same_address(url, self._peer()) else None

    def is_host_file(self, url: str) -> bool:
        """Whether ``url`` is a file in this host's store (fetching it is allowed)."""
        return is_host_file(url, self.filehost())

    def pinned(self) -> str | None:
        """The fingerprint every transfer must meet (the chat connection's)."""
        return self._pinned()

    # -- sending -----------------------------------------------------------------------------------
    def send(self, conversation: str, path: Path, *, temporary: Path | None = None) -> None:
        """Share the file at ``path`` in ``conversation`` (a room or a private one)."""
        if not self.filehost():
            self._refuse("file.no_filehost", conversation, temporary)
            return
        if not path.is_file():
            self._refuse("file.no_such_file", conversation, temporary, path=str(path))
            return
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        transfer = Transfer(path.name, conversation, upload=True, size=size)
        self.active.append(transfer)
        waiting = _Waiting(transfer, path, temporary)
        self._waiting.append(waiting)
        transfer.cancel_requested.connect(lambda: self._cancel_waiting(waiting))
        self.started.emit(transfer)
        session = self._session()
        request = getattr(session, "request_file_token", None)
        if request is None or not request():
            self._waiting.pop()
            self._finish(transfer, FileTransferError("file.send_cut_short", name=path.name))

    def send_image(self, conversation: str, image: QImage) -> bool:
        """Share a picture from the clipboard (a screenshot) as a PNG; whether it was taken.

        The PNG is encoded on a worker (a big screenshot takes a noticeable moment), then
        sent like any file; the temporary folder goes when the upload ends."""
        if image.isNull():
            return False
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        folder = self._temporary / str(next(self._numbers))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"Screenshot {stamp}.png"
        picture = QImage(image)  # a copy the worker owns

        def work() -> None:
            saved = picture.save(str(path), "PNG")
            self._encoded.emit(conversation, str(path) if saved else "", str(folder))

        self.workers.start(work)
        return True

    @guarded
    def _send_encoded(self, conversation: str, path: str, folder: str) -> None:
        if not path:
            shutil.rmtree(folder, ignore_errors=True)
            self._report(ev.ErrorMessage.say("file.no_such_file", conversation, path=folder))
            return
        self.send(conversation, Path(path), temporary=Path(folder))

    @guarded
    def on_event(self, event: ev.Event) -> None:
        """The session's events: ``/send PATH`` and the replies to ``FILEHOST TOKEN``."""
        if isinstance(event, ev.SendFileRequested):
            self.send(event.conversation, Path(event.path).expanduser())
        elif isinstance(event, ev.FileTokenReceived) and self._unwanted_tokens:
            self._unwanted_tokens -= 1  # asked for a transfer cancelled before it came
        elif isinstance(event, ev.FileTokenReceived) and self._waiting:
            self._start_upload(self._waiting.popleft(), event.token)
        elif isinstance(event, ev.Disconnected):
            # The questions asked on that connection will not be answered.
            self._unwanted_tokens = 0
            while self._waiting:
                waiting = self._waiting.popleft()
                cut = FileTransferError("file.send_cut_short", name=waiting.transfer.name)
                self._finish(waiting.transfer, cut, waiting.temporary)
        elif isinstance(event, ev.FileTokenFailed) and self._unwanted_tokens:
            self._unwanted_tokens -= 1
        elif isinstance(event, ev.FileTokenFailed) and self._waiting:
            waiting = self._waiting.popleft()
            refusal = FileTransferError("file.host_refused", reason=event.text)
            self._finish(waiting.transfer, refusal, waiting.temporary)

    @guarded
    def _cancel_waiting(self, waiting: _Waiting) -> None:
        """Cancel before the token came: the transfer ends now; its token is not used."""
        if waiting in self._waiting:
            self._waiting.remove(waiting)
            self._unwanted_tokens += 1
            self._finish(waiting.transfer, Cancelled(), waiting.temporary)

    def _start_upload(self, waiting: _Waiting, token: str) -> None:
        transfer = waiting.transfer
        url, pinned = self.filehost(), self._pinned()
        if url is None:
            self._finish(transfer, FileTransferError("file.no_filehost"), waiting.temporary)
            return
        transfer.ended.connect(lambda error: self._uploaded(transfer, error, waiting.temporary))

        def work() -> None:
            try:
                link = upload(
                    url,
                    waiting.path,
                    token,
                    pinned,
                    progress=_throttled(transfer),
                    cancel=transfer.cancelled,
                    pool=self.pool,
                )
            except GoftoError as exc:
                transfer.report_end(exc)
                return
            transfer.report_end(None, link)

        self.workers.start(work)

    @guarded
    def _uploaded(self, transfer: Transfer, error: object, temporary: Path | None) -> None:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        self._settle(transfer, error)
        if error is None and transfer.result:
            self._post(transfer.conversation, transfer.result)

    # -- saving ------------------------------------------------------------------------------------
    def save(self, url: str, target: Path, conversation: str = "") -> Transfer | None:
        """Save the shared file at ``url`` as ``target`` (chosen by the person)."""
        if not self.is_host_file(url):
            return None
        transfer = Transfer(target.name, conversation, upload=False)
        self.active.append(transfer)
        pinned = self._pinned()
        transfer.ended.connect(lambda error: self._saved(transfer, error))
        self.started.emit(transfer)

        def work() -> None:
            try:
                saved = download(
                    url,
                    target.parent,
                    pinned,
                    name=target.name,
                    progress=_throttled(transfer),
                    cancel=transfer.cancelled,
                    pool=self.pool,
                )
            except GoftoError as exc:
                transfer.report_end(exc)
                return
            transfer.report_end(None, str(saved))

        self.workers.start(work)
        return transfer

    @guarded
    def _saved(self, transfer: Transfer, error: object) -> None:
        self._settle(transfer, error)

    # -- endings -----------------------------------------------------------------------------------
    def _settle(self, transfer: Transfer, error: object) -> None:
        transfer.finished = True
        transfer.error = error if isinstance(error, GoftoError) else None
        if transfer in self.active:
            self.active.remove(transfer)
        if isinstance(error, GoftoError) and error.code != "file.cancelled":
            self._report(ev.ErrorMessage.of(error, transfer.conversation or None))

    def _finish(self, transfer: Transfer, error: GoftoError, temporary: Path | None = None) -> None:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        self._settle(transfer, error)
        transfer.ended.emit(error)

    def _refuse(
        self, code: str, conversation: str, temporary: Path | None, **params: object
    ) -> None:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        self._report(ev.ErrorMessage.say(code, conversation or None, **params))

    def close(self) -> None:
        """Cancel every transfer, wait briefly for the workers, close the kept connections,
        remove pasted pictures."""
        for transfer in list(self.active):
            transfer.cancel()
        self.workers.close(3.0)
        self.pool.close()
        shutil.rmtree(self._temporary, ignore_errors=True)


def _throttled(transfer: Transfer) -> Callable[[int, int], None]:
    """A progress callback for the worker that signals only every :data:`PROGRESS_STEP`."""
    last = [-PROGRESS_STEP]

    def progress(done: int, total: int) -> None:
        if done - last[0] >= PROGRESS_STEP or done >= total:
            last[0] = done
            transfer.report_progress(done, total)

    return progress


def same_address(url: str, peer: str | None) -> bool:
    """Whether ``url``'s host is the address ``peer`` (compared as IP addresses, an
    IPv4-mapped IPv6 address as IPv4), so a host cannot point the app elsewhere."""
    if not peer:
        return False
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return _address(host) is not None and _address(host) == _address(peer)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        found = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found
