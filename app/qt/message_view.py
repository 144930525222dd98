"""The read-only view of one conversation: times, coloured nicks, quiet events, links.

Why a :class:`QTextEdit` and a cursor, not HTML: every piece of network text is inserted
with ``QTextCursor.insertText`` and a character format we built, so no markup from a message
is ever parsed — ``<b>bold</b><img src=x>`` is just those characters. The document drops the
oldest paragraphs itself (``maximumBlockCount``), and appends are coalesced by a short timer
and written in one edit block, so a flood of messages costs one layout per frame, not one per
message. (``QPlainTextEdit`` would lay out faster, but its layout ignores each paragraph's
direction when aligning: a Persian line would run right to left yet hug the left edge.)

Each paragraph's direction comes from its message's first strong character, and the time and
nickname are wrapped in bidi isolates, so a Persian message runs right to left while the
"12:34" and the nickname keep their own shape.
"""

from __future__ import annotations

from collections import deque

from app.qt.qt import (
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QMouseEvent,
    QPalette,
    Qt,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextEdit,
    QTextOption,
    QTimer,
    QUrl,
    QWidget,
    Signal,
)
from app.qt.render import (
    LineKind,
    ViewLine,
    allowed_link,
    clean_nick,
    clock,
    first_strong_direction,
    isolate,
    neutralise,
    nick_colour,
    split_links,
)

#: Paragraphs kept in the widget; older ones stay in :attr:`MessageView.history` and come back
#: with :meth:`MessageView.load_earlier`.
DEFAULT_MAX_BLOCKS = 5000
#: Lines of the whole session kept in memory for "load earlier".
HISTORY_LIMIT = 200_000
#: How long appends are gathered before they are written: about one frame.
BATCH_MS = 16


class MessageView(QTextEdit):
    """Shows :class:`~app.qt.render.ViewLine`s; appends are batched, links are clickable."""

    #: A link (http, https or mailto only) was clicked; emitted whether or not it is opened.
    link_activated = Signal(QUrl)
    #: Lines were trimmed from the widget (or brought back): the new :meth:`hidden_count`.
    hidden_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_blocks: int = DEFAULT_MAX_BLOCKS,
        batch_ms: int = BATCH_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setMaximumBlockCount(max_blocks)
        self.viewport().setMouseTracking(True)
        #: Whether clicking a link opens it (tests turn this off and watch the signal).
        self.open_links = True
        self.history: deque[ViewLine] = deque(maxlen=HISTORY_LIMIT)
        self._max_blocks = max_blocks
        self._pending: list[ViewLine] = []
        self._written = 0  # paragraphs written since the last rebuild (trimmed ones included)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(batch_ms)
        self._formats: dict[str, QTextCharFormat] = {}
        self._build_formats()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.flush)

    # -- what the conversation does ----------------------------------------------------------
    def append_line(self, line: ViewLine) -> None:
        """Queue ``line``; it is drawn with the others within a frame (see :data:`BATCH_MS`)."""
        self.history.append(line)
        self._pending.append(line)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Draw every queued line now, in one edit block, keeping the view at the bottom."""
        self._timer.stop()
        if not self._pending:
            return
        lines, self._pending = self._pending, []
        if len(lines) > self._max_blocks:
            lines = lines[-self._max_blocks :]  # the rest would be trimmed at once anyway
        hidden_before = self.hidden_count()
        self._write(lines)
        hidden = self.hidden_count()
        if hidden != hidden_before:
            self.hidden_changed.emit(hidden)

    def hidden_count(self) -> int:
        """How many earlier lines of this session are not in the widget right now."""
        shown = min(self._written, self._max_blocks)
        return max(0, len(self.history) - len(self._pending) - shown)

    def load_earlier(self, count: int | None = None) -> None:
        """Bring back ``count`` more earlier lines (default: as many as the widget holds)."""
        self.flush()
        hidden = self.hidden_count()
        if not hidden:
            return
        self._max_blocks += min(hidden, count or self._max_blocks)
        self.document().setMaximumBlockCount(self._max_blocks)
        self.clear()
        self._written = 0
        keep = list(self.history)[-self._max_blocks :]
        self._write(keep, stick=False)
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self.hidden_changed.emit(self.hidden_count())

    def lines(self) -> list[ViewLine]:
        """Every line of the session this view has been given, oldest first."""
        return list(self.history)

    # -- drawing ---------------------------------------------------------------------------------
    def _write(self, lines: list[ViewLine], *, stick: bool | None = None) -> None:
        bar = self.verticalScrollBar()
        if stick is None:
            stick = bar.value() >= bar.maximum() - 1
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for line in lines:
            self._write_line(cursor, line)
        cursor.endEditBlock()
        if stick:
            bar.setValue(bar.maximum())

    def _write_line(self, cursor: QTextCursor, line: ViewLine) -> None:
        body = neutralise(line.text)
        block = QTextBlockFormat()
        direction = first_strong_direction(body)
        if direction is None and line.nick and line.kind is not LineKind.MESSAGE:
            direction = first_strong_direction(clean_nick(line.nick))
        if direction == "rtl":
            block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        elif direction == "ltr":
            block.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        else:
            block.setLayoutDirection(self.layoutDirection())
        if line.highlight:
            block.setBackground(self._highlight)
        if self._written:
            cursor.insertBlock(block, self._formats["plain"])
        else:
            cursor.setBlockFormat(block)
        self._written += 1
        kind = line.kind
        cursor.insertText(isolate(clock(line.time), ltr=True), self._formats["time"])
        cursor.insertText(" ", self._formats["plain"])
        body_format = self._formats.get(kind.value, self._formats["plain"])
        if kind in (LineKind.MESSAGE, LineKind.QUEUED, LineKind.NOTICE) and line.nick:
            nick = isolate(clean_nick(line.nick))
            if kind is LineKind.NOTICE:
                nick = f"-{nick}-"
            cursor.insertText(nick, self._nick_format(line.nick))
            cursor.insertText(": " if kind is not LineKind.NOTICE else " ", self._formats["plain"])
        elif kind is LineKind.ACTION and line.nick:
            cursor.insertText("* ", body_format)
            cursor.insertText(isolate(clean_nick(line.nick)), self._nick_format(line.nick))
            cursor.insertText(" ", body_format)
        elif kind is LineKind.ERROR:
            cursor.insertText("\u26a0 ", body_format)  # ⚠
        elif kind in (LineKind.EVENT, LineKind.INFO):
            pass
        for segment in split_links(body):
            if segment.href is None:
                cursor.insertText(segment.text, body_format)
            else:
                link = QTextCharFormat(self._formats["link"])
                link.setAnchorHref(segment.href)
                cursor.insertText(segment.text, link)
        if line.note:
            cursor.insertText(f" {line.note}", self._formats["note"])

    def _nick_format(self, nick: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(nick_colour(nick, dark_background=self._dark)))
        fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _build_formats(self) -> None:
        palette = self.palette()
        self._dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        quiet = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        plain = QTextCharFormat()
        plain.setForeground(palette.color(QPalette.ColorRole.Text))
        time = QTextCharFormat()
        time.setForeground(quiet)
        # No italics anywhere: Persian has no italic style and common fonts have no oblique
        # Arabic-script glyphs, so italic Persian text would show as empty boxes.
        event = QTextCharFormat()
        event.setForeground(quiet)
        info = QTextCharFormat()
        info.setForeground(quiet)
        action = QTextCharFormat(plain)
        action.setForeground(palette.color(QPalette.ColorRole.Link))
        error = QTextCharFormat()
        error.setForeground(QColor("#ff6b6b" if self._dark else "#b00020"))
        queued = QTextCharFormat()
        queued.setForeground(quiet)
        note = QTextCharFormat(event)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setForeground(palette.color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        self._formats = {
            "plain": plain,
            "time": time,
            LineKind.MESSAGE.value: plain,
            LineKind.NOTICE.value: plain,
            LineKind.ACTION.value: action,
            LineKind.EVENT.value: event,
            LineKind.INFO.value: info,
            LineKind.ERROR.value: error,
            LineKind.QUEUED.value: queued,
            "note": note,
            "link": link,
        }
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(48)
        self._highlight = QBrush(highlight)

    # -- links -------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show a pointing hand over links."""
        super().mouseMoveEvent(event)
        over_link = bool(self.anchorAt(event.position().toPoint()))
        shape = Qt.CursorShape.PointingHandCursor if over_link else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Open the link under the mouse when the click did not select text."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        href = self.anchorAt(event.position().toPoint())
        if href:
            self.activate_link(href)

    def activate_link(self, href: str) -> bool:
        """Open ``href`` if it is an http, https or mailto address; whether it was allowed."""
        url = QUrl(href, QUrl.ParsingMode.StrictMode)
        if (
            not url.isValid()
            or not allowed_link(href)
            or url.scheme().lower()
            not in {
                "http",
                "https",
                "mailto",
            }
        ):
            return False
        self.link_activated.emit(url)
        if self.open_links:
            QDesktopServices.openUrl(url)
        return True
