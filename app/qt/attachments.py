"""Pictures and file cards under messages that share a file through the host.

A message whose text links into the host's own file store (the ``draft/FILEHOST`` address of
the host the chat is connected to, see :meth:`app.qt.transfers.Transfers.is_host_file`) has
an :class:`Attachment`. :class:`Previews` learns about it in the background, over the same
pinned TLS as the chat: a picture is fetched (at most :data:`MAX_PICTURE_BYTES`) and decoded
into a thumbnail; any other file is asked about with ``HEAD`` (its name and size). Links to
other servers have no attachment and are never fetched: they stay plain links.

Decoding is bounded so that a decompression bomb cannot hurt: the byte count is capped while
downloading (whatever the host announces), :class:`~PySide6.QtGui.QImageReader` reads only the
header first and a picture over :data:`MAX_PIXELS` is refused before any pixel is decoded, and
the reader's allocation limit stops what slips through. Only PNG, JPEG, GIF, WebP and BMP are
decoded; an animated picture shows its first frame.

:class:`AttachmentPainter` is what the conversation's delegate calls: the height an
attachment adds under a message, its drawing (a thumbnail, or a card with name, size and a
``Save…`` button), and what a click at a point means (open the picture, or save the file).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from app.client.files import FileFacts, FileTransferError, peek
from app.client.http_pool import ConnectionPool
from app.client.presentation.records import Record
from app.errors import GoftoError
from app.qt.guard import guarded
from app.qt.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QCoreApplication,
    QFont,
    QFontMetrics,
    QImage,
    QImageReader,
    QLocale,
    QObject,
    QPainter,
    QPalette,
    QPen,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from app.qt.workers import Workers

log = logging.getLogger(__name__)

#: The most bytes a picture preview downloads (a bigger picture gets a file card).
MAX_PICTURE_BYTES = 16 * 1024 * 1024
#: The most pixels a picture may have to be decoded at all (header checked before reading).
MAX_PIXELS = 40_000_000
#: The reader's own allocation limit, in megabytes (a backstop for what the header hides).
ALLOCATION_MB = 200
#: Picture formats decoded; anything else (SVG, TIFF, icons…) is shown as a file card.
PICTURE_FORMATS = frozenset({"png", "jpeg", "jpg", "gif", "webp", "bmp"})
PICTURE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"})
#: A thumbnail fits in this box (logical pixels).
THUMB_W, THUMB_H = 320, 220
#: The full picture is decoded at most this wide and high (the viewer scales it down).
FULL_SIDE = 4096
#: Previews remembered (a thumbnail is at most 320 × 220 × 4 bytes: 56 MB for all at worst).
CACHE = 200
#: Fetches at once (the host serves 4 connections per address, which the window's pool of
#: kept connections never exceeds; the transfers' workers need room too).
FETCHERS = 1
CARD_H = 52
GAP = 6


class State(Enum):
    """Where a preview stands."""

    LOADING = "loading"
    PICTURE = "picture"
    CARD = "card"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Attachment:
    """The host's file a message shares: its ``url``, and whether it looks like a picture."""

    url: str
    picture: bool


@dataclass(slots=True)
class Preview:
    """What is known about one shared file."""

    state: State = State.LOADING
    name: str = ""
    size: int = 0
    thumbnail: QImage | None = None
    #: The picture's own size in pixels (what the viewer shows before it decodes).
    picture_size: QSize | None = None


def attachment_of(record: Record, is_host_file: Callable[[str], bool]) -> Attachment | None:
    """The host file a message shares (its last link into the host's store), or ``None``."""
    if not record.is_message or getattr(record, "redacted", False):
        return None
    for span in reversed(record.spans):
        href = span.href
        if href and is_host_file(href):
            path = urlsplit(href).path.lower()
            return Attachment(href, any(path.endswith(ext) for ext in PICTURE_EXTENSIONS))
    return None


class PictureRefused(ValueError):
    """A picture is not decoded: too many pixels, not a picture, or broken."""


def decode(data: bytes, box: QSize) -> QImage:
    """``data`` decoded (first frame), scaled to fit ``box`` when bigger; bounded by
    :data:`MAX_PIXELS` (checked on the header, before decoding) and the reader's allocation
    limit. Raises :class:`PictureRefused`. Safe on any thread."""
    if len(data) > MAX_PICTURE_BYTES:
        raise PictureRefused
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    reader.setAllocationLimit(ALLOCATION_MB)
    reader.setAutoTransform(True)
    kind = bytes(reader.format().data()).decode("ascii", "replace").lower()
    size = reader.size()
    if kind not in PICTURE_FORMATS or not size.isValid() or size.isEmpty():
        raise PictureRefused
    if size.width() * size.height() > MAX_PIXELS:
        raise PictureRefused
    if size.width() > box.width() or size.height() > box.height():
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()  # an animation's first frame
    if image.isNull():
        raise PictureRefused
    return image


class Previews(QObject):
    """Fetches and remembers the previews of shared files, in the background.

    ``allowed(url)`` says whether a link is in the host's store (nothing else is ever
    fetched); ``pinned()`` the fingerprint the chat connection was verified with. ``ready``
    carries a URL whose preview changed (on the GUI thread).
    """

    ready = Signal(str)
    _fetched = Signal(str, object)
    #: A full picture was decoded for the viewer: (url, QImage or None).
    picture = Signal(str, object)
    _pictured = Signal(str, object)

    def __init__(
        self,
        allowed: Callable[[str], bool],
        pinned: Callable[[], str | None],
        parent: QObject | None = None,
        *,
        pool: ConnectionPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._allowed = allowed
        self._pinned = pinned
        #: Kept-alive connections to the host (the window's, shared with its transfers): a
        #: room's history may show dozens of files, and the host admits only so many new
        #: connections a minute.
        self._pool = pool if pool is not None else ConnectionPool()
        self._own_pool = pool is None
        self._cache: OrderedDict[str, Preview] = OrderedDict()
        self._stop = threading.Event()
        self.workers = Workers(FETCHERS, "gofto-preview")
        #: Every URL a fetch was started for (tests check that no outside link is fetched).
        self.fetched: list[str] = []
        self._fetched.connect(self._store)
        self._pictured.connect(self._picture_ready)

    def preview(self, attachment: Attachment) -> Preview:
        """What is known about ``attachment`` now; a fetch starts the first time."""
        found = self._cache.get(attachment.url)
        if found is not None:
            self._cache.move_to_end(attachment.url)
            return found
        found = Preview()
        self._cache[attachment.url] = found
        if len(self._cache) > CACHE:
            self._cache.popitem(last=False)
        if not self._allowed(attachment.url):
            found.state = State.FAILED
            return found
        self._start(attachment)
        return found

    def _start(self, attachment: Attachment) -> None:
        url, pinned, stop, pool = attachment.url, self._pinned(), self._stop, self._pool
        self.fetched.append(url)
        box = QSize(THUMB_W, THUMB_H)

        def work() -> None:
            if stop.is_set():
                return
            try:
                if attachment.picture:
                    facts = _picture(url, pinned, stop, pool)
                    try:
                        image = decode(facts.body or b"", box)
                        result = (facts.name, facts.size, image)
                    except PictureRefused:
                        result = (facts.name, facts.size, None)
                else:
                    facts = peek(url, pinned, pool=pool)
                    result = (facts.name, facts.size, None)
            except FileTransferError as exc:
                if exc.code == "file.too_large":  # a big picture: a card still offers Save…
                    facts = _head(url, pinned, pool)
                    result = (facts[0], facts[1], None) if facts else None
                else:
                    result = None
            except GoftoError:  # a changed certificate: nothing is shown
                result = None
            if not stop.is_set():
                self._fetched.emit(url, result)

        self.workers.start(work)

    @guarded
    def _store(self, url: str, result: object) -> None:
        preview = self._cache.get(url)
        if preview is None:
            return
        if not isinstance(result, tuple):
            preview.state = State.FAILED
        else:
            name, size, image = result
            preview.name, preview.size = name, size
            if isinstance(image, QImage):
                preview.thumbnail = image
                preview.state = State.PICTURE
            else:
                preview.state = State.CARD
        self.ready.emit(url)

    def load_picture(self, url: str) -> None:
        """Fetch and decode the full picture at ``url`` for the viewer (``picture`` signal)."""
        if not self._allowed(url):
            self.picture.emit(url, None)
            return
        pinned, stop, pool = self._pinned(), self._stop, self._pool
        self.fetched.append(url)

        def work() -> None:
            image: QImage | None = None
            try:
                facts = _picture(url, pinned, stop, pool)
                image = decode(facts.body or b"", QSize(FULL_SIDE, FULL_SIDE))
            except GoftoError:
                image = None
            if not stop.is_set():
                self._pictured.emit(url, image)

        self.workers.start(work)

    @guarded
    def _picture_ready(self, url: str, image: object) -> None:
        self.picture.emit(url, image)

    def close(self) -> None:
        """Stop fetching (at the next chunk) and wait briefly for the worker."""
        self._stop.set()
        self.workers.close(3.0)
        if self._own_pool:
            self._pool.close()


def _picture(
    url: str, pinned: str | None, stop: threading.Event, pool: ConnectionPool
) -> FileFacts:
    """A picture's bytes (at most :data:`MAX_PICTURE_BYTES`), on a kept connection."""
    return peek(url, pinned, body=True, limit=MAX_PICTURE_BYTES, cancel=stop, pool=pool)


def _head(url: str, pinned: str | None, pool: ConnectionPool) -> tuple[str, int] | None:
    try:
        facts = peek(url, pinned, pool=pool)
    except GoftoError:
        return None
    return facts.name, facts.size


def size_text(size: int) -> str:
    """A file size for people (``1.2 MB``), in the interface's digits."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


class AttachmentPainter:
    """The delegate's helper: sizes, draws and hit-tests attachments under messages."""

    def __init__(self, previews: Previews, attachment: Callable[[Record], Attachment | None]):
        self.previews = previews
        self._attachment = attachment

    def attachment(self, record: Record) -> Attachment | None:
        """The attachment of ``record`` (a message that shares a host file), if any."""
        return self._attachment(record)

    def height(self, attachment: Attachment, width: int, font: QFont) -> int:
        """The room ``attachment`` takes under its message (thumbnail or card)."""
        preview = self.previews.preview(attachment)
        if preview.state is State.PICTURE and preview.thumbnail is not None:
            return self._thumb_size(preview, width).height() + GAP
        if preview.state is State.FAILED:
            return 0
        return max(CARD_H, 2 * QFontMetrics(font).height() + 16) + GAP

    @staticmethod
    def _thumb_size(preview: Preview, width: int) -> QSize:
        image = preview.thumbnail
        assert image is not None
        size = QSize(image.width(), image.height())
        # A high-DPI thumbnail is decoded in device pixels; it is drawn in logical ones.
        if size.width() > width:
            size = size.scaled(QSize(width, THUMB_H), Qt.AspectRatioMode.KeepAspectRatio)
        return size

    def _card_rect(self, area: QRect, font: QFont) -> QRect:
        height = max(CARD_H, 2 * QFontMetrics(font).height() + 16)
        return QRect(area.left(), area.top(), min(area.width(), 360), height)

    def button_rect(self, card: QRect, font: QFont, rtl: bool) -> QRect:
        """Where a card's ``Save…`` button is."""
        metrics = QFontMetrics(font)
        text_w = metrics.horizontalAdvance(save_label()) + 20
        height = metrics.height() + 10
        top = card.top() + (card.height() - height) // 2
        left = card.left() + 8 if rtl else card.right() - 8 - text_w
        return QRect(left, top, text_w, height)

    def paint(
        self,
        painter: QPainter,
        area: QRect,
        attachment: Attachment,
        palette: QPalette,
        font: QFont,
        *,
        rtl: bool,
    ) -> None:
        """Draw ``attachment`` in ``area`` (its top-left at the content column)."""
        preview = self.previews.preview(attachment)
        if preview.state is State.FAILED:
            return
        if preview.state is State.PICTURE and preview.thumbnail is not None:
            size = self._thumb_size(preview, area.width())
            left = area.right() - size.width() if rtl else area.left()
            target = QRect(left, area.top(), size.width(), size.height())
            painter.drawImage(target, preview.thumbnail)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
            return
        card = self._card_rect(area, font)
        if rtl:
            card.moveRight(area.right())
        fill = QColor(palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 6, 6)
        button = self.button_rect(card, font, rtl)
        text_area = QRect(card)
        if rtl:
            text_area.setLeft(button.right() + 8)
            text_area.setRight(card.right() - 10)
        else:
            text_area.setLeft(card.left() + 10)
            text_area.setRight(button.left() - 8)
        metrics = QFontMetrics(font)
        line = metrics.height()
        align = (
            Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        ) | Qt.AlignmentFlag.AlignAbsolute
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        name = preview.name or loading_label()
        shown = QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideMiddle, text_area.width())
        top = card.top() + (card.height() - 2 * line) // 2
        painter.drawText(QRect(text_area.left(), top, text_area.width(), line), align, shown)
        painter.setFont(font)
        quiet = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        painter.setPen(quiet)
        detail = size_text(preview.size) if preview.state is State.CARD else ""
        painter.drawText(
            QRect(text_area.left(), top + line, text_area.width(), line), align, detail
        )
        if preview.state is State.CARD:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(button.adjusted(0, 0, -1, -1), 4, 4)
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(button, Qt.AlignmentFlag.AlignCenter, save_label())

    def action_at(
        self, attachment: Attachment, area: QRect, font: QFont, rtl: bool, point: QPoint
    ) -> str:
        """What a click at ``point`` does: ``"open"`` (a thumbnail), ``"save"`` (a card's
        button) or ``""``."""
        preview = self.previews.preview(attachment)
        if preview.state is State.PICTURE and preview.thumbnail is not None:
            size = self._thumb_size(preview, area.width())
            left = area.right() - size.width() if rtl else area.left()
            return "open" if QRect(QPoint(left, area.top()), size).contains(point) else ""
        if preview.state is State.CARD:
            card = self._card_rect(area, font)
            if rtl:
                card.moveRight(area.right())
            return "save" if self.button_rect(card, font, rtl).contains(point) else ""
        return ""


def save_label() -> str:
    """The card button's text."""
    return QCoreApplication.translate("Attachments", "Save…")


def loading_label() -> str:
    """A card's name while the host has not answered yet."""
    return QCoreApplication.translate("Attachments", "Loading…")
