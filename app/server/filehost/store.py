"""The files people shared: streamed to disk under random names, bounded by a quota.

Each file is three names in one folder, all derived from its id (24 URL-safe characters, 144
random bits): ``<id>.part`` while it arrives, then ``<id>`` (the bytes) and ``<id>.json`` (its
display name, type, size, uploader and time). Only those names are ever opened, and only after
the id was found in the index, so no request path ever reaches the file system; the bytes are
opened with ``O_NOFOLLOW`` and must be a regular file, so a link planted in the folder leads
nowhere.

The folder is either kept (a host that keeps history: files survive a restart, and the index
is read back at start) or temporary (made on first upload in the data directory, removed when
the server stops). The total size is bounded by the quota: making room for a new file deletes
the oldest ones; a file that cannot fit even so is refused.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from app.datadir import data_dir
from app.server.filehost.names import extension

log = logging.getLogger(__name__)

_ID_BYTES = 18  # 144 random bits; the URL carries nothing else that identifies the file
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{24}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
#: Growth of a reservation for an upload of unknown length (chunked).
_RESERVE_STEP = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One shared file, as the index knows it."""

    id: str
    name: str
    type: str
    size: int
    created: float
    nick: str

    @property
    def path(self) -> str:
        """The URL path it is served at: ``/upload/<id><.ext>``."""
        return f"/upload/{self.id}{extension(self.name)}"


class NoRoom(Exception):
    """The file does not fit in the quota, even after the oldest files were deleted."""


class StoreFailed(Exception):
    """The disk refused the file (full, read-only, gone): nothing of it is kept."""


class FileStore:
    """The index and the folder; thread-safe (every HTTP reader thread uses it)."""

    def __init__(self, directory: Path | None, quota: int) -> None:
        self._directory = directory
        self._temporary = directory is None
        self.quota = quota
        self._lock = threading.Lock()
        self._files: OrderedDict[str, StoredFile] = OrderedDict()  # oldest first
        self._used = 0
        self._reserved = 0
        if directory is not None:
            self._load(directory)

    # -- the folder --------------------------------------------------------------------------

    def _folder(self) -> Path:
        """The folder, made (private to this user) on first need."""
        with self._lock:
            if self._directory is None:
                parent = data_dir()
                parent.mkdir(parents=True, exist_ok=True)
                self._directory = Path(tempfile.mkdtemp(prefix="uploads-", dir=parent))
            return self._directory

    def _load(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        found: list[StoredFile] = []
        for meta_path in directory.glob("*.json"):
            entry = self._read_meta(directory, meta_path)
            if entry is not None:
                found.append(entry)
        for entry in sorted(found, key=lambda item: item.created):
            self._files[entry.id] = entry
            self._used += entry.size
        known = set(self._files)
        for path in directory.iterdir():  # half-written uploads and strays from a crash
            base = path.name.removesuffix(".json")
            if path.name.endswith(".part") or base not in known:
                with contextlib.suppress(OSError):
                    path.unlink()
        self._evict(0)  # a smaller quota than last time

    @staticmethod
    def _read_meta(directory: Path, meta_path: Path) -> StoredFile | None:
        try:
            data = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = StoredFile(
                id=str(data["id"]),
                name=str(data["name"]),
                type=str(data["type"]),
                size=int(data["size"]),
                created=float(data["created"]),
                nick=str(data.get("nick", "")),
            )
            info = (directory / entry.id).lstat()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if (
            meta_path.stem != entry.id
            or not ID_PATTERN.fullmatch(entry.id)
            or not stat.S_ISREG(info.st_mode)
            or info.st_size != entry.size
        ):
            return None
        return entry

    @property
    def directory(self) -> Path | None:
        """The folder (``None`` for a temporary store before its first upload)."""
        with self._lock:
            return self._directory

    def close(self) -> None:
        """Remove a temporary folder (a kept one stays as it is)."""
        with self._lock:
            directory = self._directory if self._temporary else None
            self._files.clear()
            self._used = 0
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)

    # -- reading -----------------------------------------------------------------------------

    def find(self, file_id: str, ext: str) -> StoredFile | None:
        """The file with this id and URL extension, if it is in the index."""
        with self._lock:
            entry = self._files.get(file_id)
        if entry is None or extension(entry.name) != ext:
            return None
        return entry

    def open(self, entry: StoredFile) -> io.FileIO | None:
        """The file's bytes for reading (unbuffered: ``readinto`` is one system call), or
        ``None`` when they are gone or not a plain file."""
        if self._directory is None:
            return None
        try:
            fd = os.open(self._directory / entry.id, os.O_RDONLY | _NOFOLLOW | _BINARY)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size != entry.size:
                os.close(fd)
                return None
            return io.FileIO(fd, "rb")
        except OSError:
            os.close(fd)
            return None

    @property
    def used(self) -> int:
        """Bytes the stored files take."""
        with self._lock:
            return self._used

    def files(self) -> list[StoredFile]:
        """Every stored file, oldest first."""
        with self._lock:
            return list(self._files.values())

    # -- writing -----------------------------------------------------------------------------

    def begin(self, name: str, kind: str, nick: str, size: int | None) -> Upload:
        """Start receiving a file of ``size`` bytes (``None``: unknown, chunked); makes room
        by deleting the oldest files, or raises :class:`NoRoom` (or :class:`StoreFailed`)."""
        self.reserve(size or 0)
        try:
            folder = self._folder()
            file_id = secrets.token_urlsafe(_ID_BYTES)
            part = folder / f"{file_id}.part"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
            fd = os.open(part, flags, 0o600)
            if size and hasattr(os, "posix_fallocate"):
                # The blocks up front: writing into them then costs half as much (ext4).
                with contextlib.suppress(OSError):
                    os.posix_fallocate(fd, 0, size)
            handle = os.fdopen(fd, "wb", buffering=0)
        except OSError as exc:
            self.release(size or 0)
            raise StoreFailed(str(exc)) from exc
        except BaseException:
            self.release(size or 0)
            raise
        return Upload(
            self, folder, file_id, name=name, kind=kind, nick=nick, size=size, handle=handle
        )

    def reserve(self, size: int) -> None:
        """Hold ``size`` bytes of the quota for a file on its way; :class:`NoRoom` if even an
        empty store could not hold them next to the other uploads in progress."""
        with self._lock:
            if size > self.quota or not self._evict(size):
                raise NoRoom
            self._reserved += size

    def release(self, size: int) -> None:
        """Give back a reservation."""
        with self._lock:
            self._reserved -= size

    def _evict(self, size: int) -> bool:
        """Delete the oldest files until ``size`` more bytes fit (call with the lock held)."""
        while self._used + self._reserved + size > self.quota and self._files:
            _id, entry = self._files.popitem(last=False)
            self._used -= entry.size
            self._delete(entry.id)
            log.info("deleted %s (%s bytes) to stay within the upload quota", entry.id, entry.size)
        return self._used + self._reserved + size <= self.quota

    def _delete(self, file_id: str) -> None:
        if self._directory is None:
            return
        for name in (f"{file_id}.json", file_id):
            with contextlib.suppress(OSError):
                (self._directory / name).unlink()

    def commit(self, folder: Path, entry: StoredFile, reserved: int) -> None:
        """Make a finished upload's file visible (called by :meth:`Upload.finish`)."""
        meta = folder / f"{entry.id}.json.part"
        meta.write_text(json.dumps(asdict(entry), ensure_ascii=False), encoding="utf-8")
        os.replace(folder / f"{entry.id}.part", folder / entry.id)
        os.replace(meta, folder / f"{entry.id}.json")
        with self._lock:
            self._reserved -= reserved
            self._files[entry.id] = entry
            self._used += entry.size
            self._evict(0)


class Upload:
    """A file on its way in: :meth:`write` the body, then :meth:`finish` or :meth:`abort`."""

    def __init__(
        self,
        store: FileStore,
        folder: Path,
        file_id: str,
        *,
        name: str,
        kind: str,
        nick: str,
        size: int | None,
        handle: BinaryIO,
    ) -> None:
        self._store, self._folder, self.id = store, folder, file_id
        self._name, self._kind, self._nick = name, kind, nick
        self._expected = size
        self._reserved = size or 0
        self._handle = handle
        self.received = 0
        self._done = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Append ``data`` (a chunked upload grows its reservation: may raise NoRoom)."""
        self.received += len(data)
        if self.received > self._reserved:
            step = max(_RESERVE_STEP, self.received - self._reserved)
            self._store.reserve(step)
            self._reserved += step
        view = memoryview(data)
        try:
            while view:
                written = self._handle.write(view)
                view = view[written or 0 :]
        except OSError as exc:
            raise StoreFailed(str(exc)) from exc

    def finish(self) -> StoredFile:
        """Close the file and add it to the index; returns its entry (or StoreFailed)."""
        try:
            self._handle.close()
        except OSError as exc:
            raise StoreFailed(str(exc)) from exc
        self._done = True
        if self._reserved > self.received:  # give back what a chunked upload did not use
            self._store.release(self._reserved - self.received)
            self._reserved = self.received
        entry = StoredFile(self.id, self._name, self._kind, self.received, time.time(), self._nick)
        try:
            self._store.commit(self._folder, entry, self._reserved)
        except OSError as exc:
            self._store.release(self._reserved)
            self._remove()
            raise StoreFailed(str(exc)) from exc
        return entry

    def abort(self) -> None:
        """Forget the partial file (idempotent)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            self._handle.close()
        self._store.release(self._reserved)
        self._remove()

    def _remove(self) -> None:
        for name in (f"{self.id}.part", f"{self.id}.json.part"):
            with contextlib.suppress(OSError):
                (self._folder / name).unlink()
