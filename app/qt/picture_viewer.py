"""A simple window that shows one shared picture whole (opened by clicking its thumbnail).

The picture is fetched and decoded in the background by
:meth:`app.qt.attachments.Previews.load_picture` (bounded like the thumbnails); until it
arrives the thumbnail is shown. The picture is scaled down to fit the window, never up.
Escape or Close closes it; it never blocks the chat (``show()``, not ``exec()``).
"""

from __future__ import annotations

from app import APP_NAME
from app.qt.guard import guarded
from app.qt.qt import (
    QDialog,
    QDialogButtonBox,
    QImage,
    QLabel,
    QPixmap,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)


class PictureViewer(QDialog):
    """Shows the picture at ``url``; ``objectName`` is ``pictureViewer``."""

    def __init__(
        self, url: str, name: str, preview: QImage | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pictureViewer")
        self.url = url
        self.setWindowTitle(f"{name or self.tr('Picture')} — {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.image: QImage | None = None
        self.label = QLabel(self)
        self.label.setObjectName("pictureLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setMinimumSize(QSize(200, 150))
        self.label.setAccessibleName(self.tr("Picture"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(buttons)
        self._shown = preview
        self.resize(900, 680)
        self._fit()

    @guarded
    def show_picture(self, url: str, image: object) -> None:
        """The full picture arrived (``None``: it could not be fetched or decoded)."""
        if url != self.url:
            return
        if isinstance(image, QImage) and not image.isNull():
            self.image = image
            self._shown = image
            self._fit()
        elif self._shown is None:
            self.label.setText(self.tr("This picture cannot be shown."))

    def _fit(self) -> None:
        if self._shown is None:
            self.label.setText(self.tr("Loading…"))
            return
        box = self.label.size()
        pixmap = QPixmap.fromImage(self._shown)
        if pixmap.width() > box.width() or pixmap.height() > box.height():
            pixmap = pixmap.scaled(
                box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.label.setPixmap(pixmap)

    def resizeEvent(self, event: object) -> None:
        """Fit the picture to the new size."""
        super().resizeEvent(event)
        self._fit()
