"""The host's banner: every LAN address with its invite link, a QR code, a comparison code.

Each address others can reach (all interfaces, see :mod:`app.discovery.interfaces`) gets its
``ircs://…?fp=…`` invite link and a *Copy invite* button; the QR code (made with ``segno``)
holds the first link, for a phone or a second laptop's camera. Instead of 64 hex digits to
read out, the banner shows the short comparison code (:mod:`app.discovery.comparison`) in
the interface's digits; the guest's "Connection" dialog shows the same, and the full
fingerprint is one click away on both.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import segno

from app.discovery.comparison import comparison_code
from app.qt.guard import guarded
from app.qt.qt import (
    QEvent,
    QFrame,
    QGridLayout,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QLocale,
    QPixmap,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.render import fill

if TYPE_CHECKING:
    from app.server.hosting import HostedServer

log = logging.getLogger(__name__)

QR_SCALE = 3


def persian_ui() -> bool:
    """Whether the interface speaks Persian (its digits are then Persian too)."""
    return QLocale().language() == QLocale.Language.Persian


def qr_pixmap(text: str, scale: int = QR_SCALE) -> QPixmap:
    """A QR code of ``text`` (error correction M, quiet zone of 2 modules)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def _plain(text: str, name: str, parent: QWidget, *, ltr: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if ltr:  # links and hex are written left to right in every language
        label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


class InviteBanner(QFrame):
    """The banner of a hosting window (``objectName`` ``hostingBanner``).

    ``copied(text)`` after a *Copy invite* click (the window says so in its status bar).
    """

    copied = Signal(str)

    def __init__(self, hosted: HostedServer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hostingBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        links: list[str] = []
        addresses: list[str] = []
        if hosted is not None:
            try:
                links = hosted.invite_links()
                addresses = hosted.lan_addresses() or ["127.0.0.1"]
            except OSError:
                log.exception("could not list LAN addresses")
        #: One invite link per address, best first.
        self.invite_links = links
        port = hosted.port if hosted is not None else 0
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        texts = QVBoxLayout()
        self._where = "  ".join(f"{address}:{port}" for address in addresses)
        self._addresses = _plain("", "hostingAddresses", self)
        texts.addWidget(self._addresses)
        grid = QGridLayout()
        self._links: list[tuple[QLabel, QPushButton]] = []
        for index, link in enumerate(links):
            label = _plain(link, f"inviteLink{index}", self, ltr=True)
            button = QPushButton(self)
            self._links.append((label, button))
            button.setObjectName("copyAddressButton" if index == 0 else f"copyInviteButton{index}")
            button.clicked.connect(lambda _checked=False, text=link: self._copy(text))
            grid.addWidget(label, index, 0)
            grid.addWidget(button, index, 1)
        texts.addLayout(grid)
        fingerprint = hosted.fingerprint if hosted is not None else None
        self._fingerprint = fingerprint or ""
        self.full_fingerprint: QLabel | None = None
        self._secured: QLabel | None = None
        self._show: QPushButton | None = None
        if fingerprint:
            # Guests see the same code in their Connection dialog: saying it aloud is what makes
            # the encryption trustworthy without a certificate authority.
            secured = self._secured = _plain("", "hostingFingerprint", self)
            show = self._show = QPushButton(self)
            show.setObjectName("showFingerprintButton")
            show.setCheckable(True)
            self.full_fingerprint = _plain(fingerprint, "hostingFullFingerprint", self, ltr=True)
            self.full_fingerprint.setWordWrap(True)
            self.full_fingerprint.hide()
            show.toggled.connect(self.full_fingerprint.setVisible)
            code_row = QHBoxLayout()
            code_row.addWidget(secured, 1)
            code_row.addWidget(show)
            texts.addLayout(code_row)
            texts.addWidget(self.full_fingerprint)
        row.addLayout(texts, 1)
        self._qr: QLabel | None = None
        if links:
            qr = self._qr = QLabel(self)
            qr.setObjectName("inviteQrCode")
            qr.setPixmap(qr_pixmap(links[0]))
            row.addWidget(qr, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        """Write the banner's texts in the current language (and the comparison code in its
        digits): at start and on ``LanguageChange``."""
        self._addresses.setText(
            fill(self.tr("You are hosting. Others can join at: %1"), self._where)
        )
        for label, button in self._links:
            label.setToolTip(self.tr("Invite link: it carries this chat's certificate fingerprint"))
            button.setText(self.tr("Copy invite"))
        if self._secured is not None and self._show is not None:
            code = comparison_code(self._fingerprint, persian=persian_ui())
            self._secured.setText(fill(self.tr("Encrypted. Comparison code to read out: %1"), code))
            self._show.setText(self.tr("Full fingerprint"))
        if self._qr is not None and self.invite_links:
            self._qr.setToolTip(
                fill(self.tr("QR code of the invite link %1"), self.invite_links[0])
            )
            self._qr.setAccessibleName(self.tr("QR code of the invite link"))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the banner follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    @guarded
    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
