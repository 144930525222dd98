"""The drop highlight: what a conversation shows while files are dragged over it.

Dropping files on a conversation shares them there (:mod:`app.qt.sharing`); without a sign
nobody knows that, or with whom. While a drag that carries local files is over the tab, a
:class:`DropHighlight` covers it — the highlight colour, translucent, a dashed edge — and says
"Drop to share with #room" (or privately with a person). It takes no mouse or drag events
itself (``WA_TransparentForMouseEvents``), so the drag still reaches the widgets under it and
the one that took the ``DragEnter`` gets the ``DragLeave`` or the ``Drop`` that hides it.
"""

from __future__ import annotations

from app.client.presentation.direction import isolate
from app.qt.qt import (
    QColor,
    QCoreApplication,
    QEvent,
    QFont,
    QLabel,
    QObject,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    Qt,
    QWidget,
)

#: How much of the highlight colour shows through (0–255).
FILL_ALPHA = 48
#: How much the background colour covers the messages behind (0–255).
VEIL_ALPHA = 215


class DropHighlight(QLabel):
    """A sentence over the whole of ``parent`` (a conversation tab) while files hover over it.

    ``name`` is the conversation's (``#room`` or a nick); ``private`` says which sentence.
    ``objectName`` is ``dropHighlight``.
    """

    def __init__(self, parent: QWidget, name: str, *, private: bool) -> None:
        super().__init__(parent)
        self.setObjectName("dropHighlight")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the name is someone's choosing
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.setFont(font)
        self._name = name
        self._private = private
        self.hide()
        self.retranslate()
        parent.installEventFilter(self)

    def set_conversation(self, name: str, *, private: bool) -> None:
        """The conversation was renamed (a nick change): say the new name."""
        self._name, self._private = name, private
        self.retranslate()

    def retranslate(self) -> None:
        """Write the sentence in the current language."""
        if self._private:
            template = QCoreApplication.translate("Sharing", "Drop to share privately with %1")
        else:
            template = QCoreApplication.translate("Sharing", "Drop to share with %1")
        self.setText(template.replace("%1", isolate(self._name)))

    def show_over(self) -> None:
        """Cover the conversation and say where the files go."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the conversation when it is resized."""
        parent = self.parentWidget()
        resized = watched is parent and event.type() == QEvent.Type.Resize
        if resized and parent is not None and self.isVisible():
            self.setGeometry(parent.rect())
        return False

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the sentence follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A translucent highlight with a dashed edge under the sentence."""
        painter = QPainter(self)
        try:
            # The messages behind stay faintly visible; the sentence reads over them.
            veil = QColor(self.palette().color(QPalette.ColorRole.Base))
            veil.setAlpha(VEIL_ALPHA)
            painter.fillRect(self.rect(), veil)
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            fill = QColor(highlight)
            fill.setAlpha(FILL_ALPHA)
            painter.fillRect(self.rect(), fill)
            pen = QPen(highlight, 3)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(self.rect().adjusted(4, 4, -5, -5), 10, 10)
        finally:
            painter.end()
        super().paintEvent(event)
