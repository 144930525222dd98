"""The progress of a conversation's uploads and downloads, above its input, with Cancel.

One row per :class:`app.qt.transfers.Transfer`: "Sending photo.png…" (or "Saving …"), a
progress bar (``transferProgress``) and a ``Cancel`` button (``cancelTransferButton``). The
row goes away when its transfer ends; a failure is said in the conversation by the window.
"""

from __future__ import annotations

from app.qt.guard import guarded
from app.qt.qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.qt.transfers import Transfer


class TransferRow(QWidget):
    """One transfer's label, bar and Cancel."""

    def __init__(self, transfer: Transfer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferRow")
        self.transfer = transfer
        self.label = QLabel(self)
        self.label.setObjectName("transferLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("transferProgress")
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelTransferButton")
        self.retranslate()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(transfer.cancel)
        transfer.progressed.connect(self._progress)

    def retranslate(self) -> None:
        """Write the row's texts in the current language (at start and on a switch)."""
        upload = self.transfer.upload
        template = self.tr("Sending %1…") if upload else self.tr("Saving %1…")
        self.label.setText(template.replace("%1", self.transfer.name))
        self.bar.setAccessibleName(self.label.text())
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the transfer"))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the row follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    @guarded
    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(round(1000 * done / total) if total > 0 else 0)


class TransferBar(QWidget):
    """The rows of a conversation's transfers; hidden while there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferBar")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.rows: list[TransferRow] = []
        self.setVisible(False)

    def add(self, transfer: Transfer) -> TransferRow:
        """Show ``transfer`` until it ends."""
        row = TransferRow(transfer, self)
        self.rows.append(row)
        self._layout.addWidget(row)
        self.setVisible(True)
        transfer.ended.connect(lambda _error: self._remove(row))
        if transfer.finished:
            self._remove(row)
        return row

    @guarded
    def _remove(self, row: TransferRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.hide()
            row.deleteLater()
        self.setVisible(bool(self.rows))
