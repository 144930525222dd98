"""The ``messageView``: one conversation's rows, scrolled by row, drawn by a delegate.

Why a custom ``QAbstractItemView`` and not a ``QListView``: a list view with rows of
different heights measures *every* row whenever rows are added (Qt's "be smarter about
inserted items"), which with 100,000 messages is seconds per append. This view never needs
the total height. Its position is a top row and how far that row is scrolled out of sight;
painting starts there and measures only the rows it draws (the delegate caches their
layouts), so a flood or a 100,000-message history costs the same per frame as ten messages.
The scroll bar counts rows; the wheel and the keys scroll by pixels and rows. While the
reader is at the bottom the view follows new messages; scrolled up, it keeps their place,
even when the oldest rows are trimmed.

Records are appended in batches (one model insertion per frame, :data:`BATCH_MS`; during a
flood, when a batch brought :data:`FLOOD_BATCH` records or more, every other frame: nobody reads
a thousand messages a second, and each frame costs the same fixed work however few rows it
adds, while rows that scroll past between two frames are never laid out). Rows are
selected whole (click, Shift/Ctrl-click, drag, Shift+arrows, Ctrl+A) and Ctrl+C copies the
selected messages' plain text in order, without the bidi isolates added for display.
Ctrl+plus, Ctrl+minus and Ctrl+0 zoom every conversation view together (:class:`Zoom`).
Links (http, https, mailto only) open on click.
"""

from __future__ import annotations

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation import records as rec
from app.client.presentation.direction import strip_isolates
from app.client.presentation.records import Record, allowed_link
from app.client.presentation.text import text_of
from app.qt.i18n import sentences
from app.qt.message_delegate import MessageDelegate
from app.qt.message_model import (
    ATTACHMENT_ROLE,
    DEFAULT_MAX_ROWS,
    TRIM_CHUNK,
    MessageModel,
    Row,
    RowKind,
)
from app.qt.qt import (
    QAbstractItemView,
    QCoreApplication,
    QDesktopServices,
    QEvent,
    QFont,
    QGuiApplication,
    QItemSelection,
    QKeyEvent,
    QKeySequence,
    QModelIndex,
    QMouseEvent,
    QObject,
    QPainter,
    QPoint,
    QRect,
    QRegion,
    QStyle,
    QStyleOptionViewItem,
    Qt,
    QTextCharFormat,
    QTimer,
    QUrl,
    QWheelEvent,
    QWidget,
    Signal,
)

#: How long appends are gathered before they are added: about one frame.
BATCH_MS = 16
#: A batch this big means a flood: the next ones gather twice as long (30 frames a second).
FLOOD_BATCH = 8
#: Zoom steps: each is 10 % of the normal size.
ZOOM_MIN, ZOOM_MAX = -4, 10
#: Pixels one wheel notch scrolls, in lines of text.
WHEEL_LINES = 3


class Zoom(QObject):
    """The text size of every conversation view, in steps from the normal size."""

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.step = 0

    @classmethod
    def shared(cls) -> Zoom:
        """The one zoom of this application (views follow it together)."""
        app = QCoreApplication.instance()
        found = app.findChild(Zoom, "goftoZoom") if app is not None else None
        if found is None:
            found = cls(app)
            found.setObjectName("goftoZoom")
        return found

    def set_step(self, step: int) -> None:
        """Zoom to ``step`` (bounded); views follow."""
        step = max(ZOOM_MIN, min(ZOOM_MAX, step))
        if step != self.step:
            self.step = step
            self.changed.emit(step)

    def zoom_in(self) -> None:
        """One step bigger."""
        self.set_step(self.step + 1)

    def zoom_out(self) -> None:
        """One step smaller."""
        self.set_step(self.step - 1)

    def reset(self) -> None:
        """The normal size."""
        self.set_step(0)


class MessageView(QAbstractItemView):
    """Shows a conversation's records through a :class:`MessageModel` and a delegate."""

    #: A link (http, https or mailto only) was clicked; emitted whether or not it is opened.
    link_activated = Signal(QUrl)
    #: ``(url, action)``: a shared file's picture was clicked (``"open"``), its card's
    #: ``Save…`` (``"save"``), or Enter pressed on its message (``"activate"``); see
    #: app.qt.sharing.
    attachment_activated = Signal(str, str)
    #: The reader asked to reply to the message with this id (hover button, or R).
    reply_requested = Signal(str)
    #: ``(message id, emoji)``: the reader clicked a reaction chip (add theirs).
    react_requested = Signal(str, str)
    #: The reader asked to react to the message with this id (E): pick an emoji.
    reaction_requested = Signal(str)
    #: The reader asked to delete the message with this id (Delete on their own message).
    delete_requested = Signal(str)
    #: The reader activated a gap row (click, or Enter on it): load the lines it stands for.
    gap_activated = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        trim_chunk: int = TRIM_CHUNK,
        batch_ms: int = BATCH_MS,
        texts: Texts = ENGLISH,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setAccessibleName(QCoreApplication.translate("MessageView", "Messages"))
        self.list_model = MessageModel(self, texts=texts, max_rows=max_rows, trim_chunk=trim_chunk)
        self.setModel(self.list_model)
        self.delegate = MessageDelegate(self)
        self.delegate.digits = texts.digits
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        #: Whether clicking a link opens it (tests turn this off and watch the signal).
        self.open_links = True
        self._base_font = QFont(self.font())
        self._zoom = Zoom.shared()
        # Position: the top row and how many pixels of it are above the viewport; or, while
        # ``_stick``, the last row's bottom on the viewport's bottom (following new messages).
        self._top = 0
        self._offset = 0
        self._stick = True
        self._placed: list[tuple[int, QRect]] = []
        self._painted: set[int] = set()  # the rows the last frame drew
        self._hovered = -1
        self._setting_bar = False
        self._pending: list[Record] = []
        #: A row changed (a reaction, a sent line) since the rows were last placed.
        self._changed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(batch_ms)
        self._batch_ms = batch_ms
        self._apply_zoom(self._zoom.step)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.flush)
        self._zoom.changed.connect(self._apply_zoom)
        self.verticalScrollBar().valueChanged.connect(self._bar_moved)
        self.list_model.rowsAboutToBeRemoved.connect(self._rows_going)
        self.list_model.rowsRemoved.connect(self._relayout)

    # -- what the conversation does ------------------------------------------------------------
    def append_record(self, record: Record) -> None:
        """Queue ``record``; it is added with the others within a frame (:data:`BATCH_MS`)."""
        self._pending.append(record)
        if not self._timer.isActive():
            self._timer.start()

    def replace_record(self, old_id: str, record: Record) -> None:
        """Show ``record`` in place of ``old_id`` (a "not sent yet" line is now sent); it is
        appended instead when that line is gone."""
        for number, waiting in enumerate(self._pending):
            if waiting.id == old_id:
                self._pending[number] = record
                return
        if not self.list_model.replace(old_id, record):
            self.append_record(record)

    def flush(self) -> None:
        """Add every queued record now (and place rows changed meanwhile)."""
        self._timer.stop()
        if not self._pending:
            if self._changed:
                self._relayout()
            return
        batch, self._pending = self._pending, []
        self._timer.setInterval(self._batch_ms * (2 if len(batch) >= FLOOD_BATCH else 1))
        self.list_model.append(batch)
        if self._changed:  # no row was added (every record folded into a summary)
            self._relayout()

    def batch_interval_ms(self) -> int:
        """How long the next records are gathered before they are added (longer in a flood)."""
        return self._timer.interval()

    def prepend_records(self, records: tuple[Record, ...]) -> int:
        """Show older ``records`` (oldest first) above every row, keeping what the person
        looks at where it is (the top row moves down by the rows added). Returns the rows
        added (none when the view is full: it keeps the newest rows)."""
        self.flush()
        added = self.list_model.prepend(list(records))
        if added and not self._stick:
            self._top += added
            self._relayout()
        return added

    def lines(self) -> list[Record]:
        """The records the view holds, oldest first."""
        return self.list_model.records()

    def toPlainText(self) -> str:
        """Every row's text (the model's ``DisplayRole``), one per line."""
        model = self.list_model
        return "\n".join(
            model.data(model.index(number)) or "" for number in range(model.rowCount())
        )

    def drawn_pieces(self, number: int) -> list[tuple[str, QTextCharFormat]]:
        """Row ``number``'s text as the delegate draws it: (piece, format) in order.

        What a test (or an accessibility check) reads to see styles without pixels.
        """
        row = self.list_model.row(number)
        drawn = self.delegate.drawn(row, max(100, self.viewport().width()), self.font(), self)
        if drawn.body is None:
            return []
        units = drawn.body.text().encode("utf-16-le")  # format ranges count UTF-16 units
        return [
            (
                units[2 * piece.start : 2 * (piece.start + piece.length)].decode("utf-16-le"),
                QTextCharFormat(piece.format),
            )
            for piece in drawn.body.formats()
        ]

    def format_of(self, text: str) -> QTextCharFormat | None:
        """The format the newest row holding ``text`` draws its last character with."""
        for number in range(self.list_model.rowCount() - 1, -1, -1):
            pieces = self.drawn_pieces(number)
            whole = "".join(piece for piece, _ in pieces)
            at = whole.find(text)
            if at < 0:
                continue
            last, position = at + len(text) - 1, 0
            for piece, fmt in pieces:
                if position <= last < position + len(piece):
                    return fmt
                position += len(piece)
        return None

    def at_bottom(self) -> bool:
        """Whether the view follows new messages (the reader is at the end)."""
        return self._stick

    def scroll_to_bottom(self) -> None:
        """Go to the newest message and follow new ones."""
        self._stick = True
        self._relayout()

    # -- zoom ----------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        """Bigger text in every conversation view."""
        self._zoom.zoom_in()

    def zoom_out(self) -> None:
        """Smaller text in every conversation view."""
        self._zoom.zoom_out()

    def zoom_reset(self) -> None:
        """The normal text size in every conversation view."""
        self._zoom.reset()

    def zoom_step(self) -> int:
        """The current zoom step (0 is the normal size)."""
        return self._zoom.step

    def _apply_zoom(self, step: int) -> None:
        font = QFont(self._base_font)
        size = self._base_font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * (1 + step / 10))
        self.setFont(font)
        self._relayout()

    # -- layout --------------------------------------------------------------------------------
    def _height(self, number: int) -> int:
        return self.delegate.height_of(
            self.list_model.row(number), self.viewport().width(), self.font(), self
        )

    def _place(self) -> None:
        """Work out which rows are seen and where, from the position (top row or bottom)."""
        count = self.list_model.rowCount()
        height = self.viewport().height()
        width = self.viewport().width()
        placed: list[tuple[int, QRect]] = []
        if count == 0:
            self._placed = placed
            self._top = self._offset = 0
            return
        font, row, height_of = self.font(), self.list_model.row, self.delegate.height_of
        self._top = min(self._top, count - 1)
        if not self._stick:
            y = -self._offset
            number = self._top
            while number < count and y < height:
                h = height_of(row(number), width, font, self)
                placed.append((number, QRect(0, y, width, h)))
                y += h
                number += 1
            if number >= count and y < height and (self._top > 0 or self._offset > 0):
                self._stick = True  # the end came into view: follow new messages again
                placed = []
        if self._stick:
            y = height
            number = count - 1
            while number >= 0 and y > 0:
                h = height_of(row(number), width, font, self)
                y -= h
                placed.append((number, QRect(0, y, width, h)))
                number -= 1
            placed.reverse()
            if y > 0:  # fewer rows than the viewport holds: they start at the top
                placed = [(n, rect.translated(0, -y)) for n, rect in placed]
                y = 0
            self._top, self._offset = placed[0][0], -placed[0][1].top()
        self._placed = placed

    def _relayout(self, *_args: object) -> None:
        self._changed = False
        if not self.isVisible():  # a tab not shown: placed again when it is
            self._placed = []
            return
        self._place()
        self.updateGeometries()
        self.viewport().update()

    def updateGeometries(self) -> None:
        """The scroll bar counts rows; its maximum is the top row when at the bottom."""
        bar = self.verticalScrollBar()
        count = self.list_model.rowCount()
        last_top = self._bottom_top(count)
        self._setting_bar = True
        try:
            bar.setRange(0, last_top)
            bar.setPageStep(max(1, len(self._placed)))
            bar.setSingleStep(1)
            bar.setValue(last_top if self._stick else min(self._top, last_top))
        finally:
            self._setting_bar = False
        super().updateGeometries()

    def _bottom_top(self, count: int) -> int:
        """The top row when the last row is at the bottom (measured from the end)."""
        if self._stick and self._placed:
            return self._placed[0][0]
        height = self.viewport().height()
        number, y = count - 1, 0
        while number >= 0:
            y += self._height(number)
            if y >= height:
                return number + (1 if y > height and number < count - 1 else 0)
            number -= 1
        return 0

    def _bar_moved(self, value: int) -> None:
        if self._setting_bar:
            return
        bar = self.verticalScrollBar()
        self._stick = value >= bar.maximum()
        self._top, self._offset = value, 0
        self._relayout()

    def scroll_pixels(self, delta: int) -> None:
        """Scroll by ``delta`` pixels (positive: towards newer messages)."""
        count = self.list_model.rowCount()
        if not count:
            return
        if self._stick:
            if delta >= 0:
                return
            self._place()
            self._stick = False
        top, offset = self._top, self._offset + delta
        while offset < 0 and top > 0:
            top -= 1
            offset += self._height(top)
        offset = max(0, offset)
        while top < count - 1 and offset >= self._height(top):
            offset -= self._height(top)
            top += 1
        self._top, self._offset = top, offset
        self._relayout()

    def _rows_going(self, _parent: QModelIndex, first: int, last: int) -> None:
        """The oldest rows are trimmed: the rows below keep their place on screen."""
        if first == 0 and not self._stick:
            gone = last + 1
            if self._top >= gone:
                self._top -= gone
            else:
                self._top, self._offset = 0, 0

    def rowsInserted(self, parent: QModelIndex, start: int, end: int) -> None:
        """New rows: laid out at once if seen (following the end), else only the bar.

        A reader scrolled up into the history sees the same rows in the same places when
        messages arrive below: then only the scroll bar changes and nothing is drawn again.
        """
        super().rowsInserted(parent, start, end)
        if self._stick or self._changed or not self.isVisible() or not self._placed:
            self._relayout()
            return
        before = self._placed
        self._place()
        self.updateGeometries()
        if self._placed != before:
            self.viewport().update()

    def dataChanged(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:  # noqa: ANN001
        """A row changed (a summary grew, a pending line was sent, a reaction came): placed
        again with the next batch."""
        super().dataChanged(top_left, bottom_right, roles)
        # Placed again with the next batch (within a frame, BATCH_MS), once for every change
        # meanwhile: a flood's reactions would otherwise each measure the whole screen.
        self._changed = True
        if not self._timer.isActive():
            self._timer.start()

    def reset(self) -> None:
        """The model was reset."""
        super().reset()
        self._top = self._offset = 0
        self._stick = True
        self._relayout()

    def showEvent(self, event: QEvent) -> None:
        """Shown (a tab switched to): rows added meanwhile are placed now."""
        super().showEvent(event)
        self._relayout()

    def resizeEvent(self, event: QEvent) -> None:
        """Another width: rows are measured again (the cache keys on the width)."""
        super().resizeEvent(event)
        self._relayout()

    # -- QAbstractItemView's interface -----------------------------------------------------------
    def visualRect(self, index: QModelIndex) -> QRect:
        """Where ``index`` is drawn, or an empty rectangle when it is not in view."""
        if index.isValid():
            for number, rect in self._placed:
                if number == index.row():
                    return QRect(rect)
        return QRect()

    def indexAt(self, point) -> QModelIndex:  # noqa: ANN001
        """The row under ``point`` (viewport coordinates)."""
        for number, rect in self._placed:
            if rect.top() <= point.y() <= rect.bottom():
                return self.list_model.index(number)
        return QModelIndex()

    def scrollTo(self, index: QModelIndex, hint=None) -> None:  # noqa: ANN001
        """Bring ``index`` into view: at the top when above, at the bottom when below."""
        if not index.isValid():
            return
        number = index.row()
        rect = self.visualRect(index)
        height = self.viewport().height()
        if rect.isValid() and rect.top() >= 0 and rect.bottom() < height:
            return
        count = self.list_model.rowCount()
        if number == count - 1:
            self._stick = True
        elif not self._placed or number <= self._placed[0][0]:
            self._stick, self._top, self._offset = False, number, 0
        else:
            y, top = 0, number
            while top >= 0:
                y += self._height(top)
                if y >= height:
                    break
                top -= 1
            self._stick, self._top, self._offset = False, max(0, top), max(0, y - height)
        self._relayout()

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: ANN001
        """Up/Down one row, Page Up/Down one screen, Home/End the ends."""
        count = self.list_model.rowCount()
        if not count:
            return QModelIndex()
        current = self.currentIndex()
        number = current.row() if current.isValid() else count - 1
        page = max(1, len(self._placed) - 1)
        cursor = QAbstractItemView.CursorAction
        moves = {
            cursor.MoveUp: number - 1,
            cursor.MovePrevious: number - 1,
            cursor.MoveDown: number + 1,
            cursor.MoveNext: number + 1,
            cursor.MovePageUp: number - page,
            cursor.MovePageDown: number + page,
            cursor.MoveHome: 0,
            cursor.MoveEnd: count - 1,
        }
        if not current.isValid() and action in (cursor.MoveUp, cursor.MovePrevious):
            return self.list_model.index(count - 1)
        target = moves.get(action, number)
        return self.list_model.index(max(0, min(count - 1, target)))

    def horizontalOffset(self) -> int:
        """Rows are as wide as the view: no horizontal scrolling."""
        return 0

    def verticalOffset(self) -> int:
        """Positions are kept per row (see the module docstring), not as one offset."""
        return 0

    def isIndexHidden(self, index: QModelIndex) -> bool:
        """No row is hidden."""
        return False

    def setSelection(self, rect: QRect, command) -> None:  # noqa: ANN001
        """Select the rows ``rect`` touches (a drag or a Shift-click)."""
        rows = [n for n, placed in self._placed if placed.intersects(rect.normalized())]
        if not rows:
            return
        model = self.list_model
        selection = QItemSelection(model.index(min(rows)), model.index(max(rows)))
        self.selectionModel().select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        """The seen rows of ``selection``."""
        region = QRegion()
        for number, rect in self._placed:
            if selection.contains(self.list_model.index(number)):
                region += rect
        return region

    # -- drawing -------------------------------------------------------------------------------
    def paintEvent(self, event: QEvent) -> None:
        """Draw the rows in view with the delegate."""
        if not self._placed or self._placed[-1][1].width() != self.viewport().width():
            self._place()
        painter = QPainter(self.viewport())
        try:
            selection = self.selectionModel()
            if selection is not None and not selection.hasSelection():
                selection = None
            current = self.currentIndex().row() if self.hasFocus() else -1
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.font = self.font()
            option.widget = self
            plain = option.state
            model = self.list_model
            frame = self.delegate.frame_key(option)
            # Rows mostly seen in the last frame too (a flood, the wheel): kept as pictures
            # for the next frames; mostly new ones (a jump): drawn straight (see paint_cached).
            numbers = {number for number, _ in self._placed}
            keep = 2 * len(numbers & self._painted) >= len(numbers)
            self._painted = numbers
            for number, rect in self._placed:
                option.rect = rect
                state = plain
                if selection is not None and selection.isRowSelected(number):
                    state |= QStyle.StateFlag.State_Selected
                if number == current:
                    state |= QStyle.StateFlag.State_HasFocus
                if number == self._hovered:
                    state |= QStyle.StateFlag.State_MouseOver
                option.state = state
                self.delegate.paint_cached(painter, option, model.row(number), frame, keep=keep)
        finally:
            painter.end()

    # -- input ---------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scroll by pixels (smooth), not by rows; Ctrl+wheel zooms."""
        delta = event.pixelDelta().y()
        if not delta:
            line = self.fontMetrics().height()
            delta = round(event.angleDelta().y() / 120 * WHEEL_LINES * line)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
        else:
            self.scroll_pixels(-delta)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C copies the selected messages; zoom keys; the rest moves the selection."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
        ):
            self.zoom_in()
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() == Qt.Key.Key_Minus
        ):
            self.zoom_out()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_0:
            self.zoom_reset()
            return
        record = self.current_message()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if record is not None and plain and event.key() == Qt.Key.Key_R:
            self.reply_requested.emit(record.id)
            return
        if record is not None and plain and event.key() == Qt.Key.Key_E:
            self.reaction_requested.emit(record.id)
            return
        if record is not None and plain and event.key() == Qt.Key.Key_Delete and record.own:
            self.delete_requested.emit(record.id)
            return
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            gap = self._gap_at(self.currentIndex().row())
            if gap:
                self.gap_activated.emit(gap)
                return
            # Enter on a message that shares a host file: open its picture, or Save… its card.
            attachment = self.currentIndex().data(ATTACHMENT_ROLE)
            url = getattr(attachment, "url", "")
            if url:
                self.attachment_activated.emit(url, "activate")
                return
        super().keyPressEvent(event)

    def current_message(self) -> Record | None:
        """The chat message at the keyboard's current row (not a line, day or summary)."""
        current = self.currentIndex()
        if not current.isValid():
            return None
        row = self.list_model.row(current.row())
        if row.kind is not RowKind.MESSAGE or row.record.redacted:
            return None
        return row.record

    def select_last_message(self) -> bool:
        """Put the keyboard on the newest message (Up from an empty input); whether any."""
        for number in range(self.list_model.rowCount() - 1, -1, -1):
            if self.list_model.row(number).kind is RowKind.MESSAGE:
                index = self.list_model.index(number)
                self.setCurrentIndex(index)
                self.scrollTo(index)
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def reveal_text(self, needle: str) -> bool:
        """Show and select the newest message whose text holds ``needle``; whether found."""
        model = self.list_model
        for number in range(model.rowCount() - 1, -1, -1):
            row = model.row(number)
            if row.kind is RowKind.MESSAGE and needle in text_of(row.record.spans):
                index = model.index(number)
                self.scrollTo(index)
                self.setCurrentIndex(index)
                return True
        return False

    def _gap_at(self, number: int) -> str:
        """The record id of the gap row ``number`` ("Earlier messages not shown"), or ``""``."""
        if not 0 <= number < self.list_model.rowCount():
            return ""
        row = self.list_model.row(number)
        return row.record.id if row.kind is RowKind.LINE and row.record.kind == rec.GAP else ""

    def fill_gap(self, gap_id: str, records: tuple[Record, ...]) -> bool:
        """``records`` take the place of the row ``gap_id`` (a gap row's lines arrived): the
        first of them is put at the top of the view, unless it follows the newest messages at
        the bottom. Whether the row was here. (The rows are built
        again: gaps are rare, and a day row or a group may change on either side.)"""
        self.flush()
        held = self.list_model.records()
        at = next((n for n, r in enumerate(held) if r.id == gap_id), -1)
        if at < 0:
            return False
        on_gap = self._gap_at(self.currentIndex().row()) == gap_id
        following = self._stick  # at the bottom, following new messages: it stays there
        self.list_model.clear()
        self.list_model.append([*held[:at], *records, *held[at + 1 :]])
        first = records[0].id if records else (held[at + 1].id if at + 1 < len(held) else "")
        number = self.list_model.row_of(first) if first else -1
        if following:
            self._relayout()
        elif number >= 0:
            self._stick, self._top, self._offset = False, number, 0
            self._relayout()
            if on_gap:  # Enter on the row: the keyboard goes on from the first line loaded
                self.setCurrentIndex(self.list_model.index(number))
        return True

    def jump_to(self, record_id: str) -> bool:
        """Show and select the message ``record_id`` (a reply's original); whether it is here."""
        number = self.list_model.row_of(record_id)
        if number < 0:
            return False
        index = self.list_model.index(number)
        self.scrollTo(index)
        self.setCurrentIndex(index)
        return True

    def selected_text(self) -> str:
        """The plain text of the selected rows, oldest first, without display isolates."""
        selection = self.selectionModel()
        if selection is None:
            return ""
        rows = sorted(index.row() for index in selection.selectedRows())
        model = self.list_model
        return "\n".join(strip_isolates(model.data(model.index(number)) or "") for number in rows)

    def copy_selection(self) -> str:
        """Put the selected rows' text on the clipboard; the text copied."""
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show a pointing hand over what can be clicked; the reply button on the row."""
        super().mouseMoveEvent(event)
        point = event.position().toPoint()
        hovered = self.indexAt(point).row()
        if hovered != self._hovered:
            self._hovered = hovered
            self.viewport().update()
        over = bool(self.hit_at(point)[0]) or bool(self.attachment_at(point)[1])
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(shape)

    def leaveEvent(self, event: QEvent) -> None:
        """The mouse left: no row shows its reply button."""
        super().leaveEvent(event)
        self._hovered = -1
        self.viewport().update()

    def attachment_at(self, point: QPoint) -> tuple[str, str]:
        """``(url, action)`` of a shared file's picture (``"open"``) or card button
        (``"save"``) under ``point``; ``("", "")`` elsewhere (see app.qt.attachments)."""
        for number, rect in self._placed:
            if rect.top() <= point.y() <= rect.bottom():
                row: Row = self.list_model.row(number)
                return self.delegate.attachment_at(row, rect, self.font(), self, point)
        return "", ""

    def hit_at(self, point: QPoint) -> tuple[str, str]:
        """What is under ``point``: ("chip", emoji), ("quote", id), ("reply", id), ("link",
        href), or ("", "")."""
        for number, rect in self._placed:
            if rect.top() <= point.y() <= rect.bottom():
                row = self.list_model.row(number)
                if number != self._hovered:
                    found = self.delegate.hit(row, rect, self.font(), self, point)
                    return ("", "") if found[0] == "reply" else found
                return self.delegate.hit(row, rect, self.font(), self, point)
        return "", ""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Open the link under the mouse (a plain click, not a selection drag)."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers() != (
            Qt.KeyboardModifier.NoModifier
        ):
            return
        point = event.position().toPoint()
        url, action = self.attachment_at(point)
        if action:
            self.attachment_activated.emit(url, action)
            return
        row = self.indexAt(point).row()
        gap = self._gap_at(row)
        if gap:
            self.gap_activated.emit(gap)
            return
        what, value = self.hit_at(point)
        record_id = self.list_model.row(row).record.id if row >= 0 and what else ""
        if what == "link":
            self.activate_link(value)
        elif what == "reply":
            self.reply_requested.emit(value)
        elif what == "chip":
            self.react_requested.emit(record_id, value)
        elif what == "quote":
            self.jump_to(value)

    def link_at(self, point) -> str:  # noqa: ANN001
        """The link drawn under ``point`` (viewport coordinates), or ``""``."""
        for number, rect in self._placed:
            if rect.top() <= point.y() <= rect.bottom():
                row: Row = self.list_model.row(number)
                return self.delegate.link_at(row, rect, self.font(), self, point)
        return ""

    def activate_link(self, href: str) -> bool:
        """Open ``href`` if it is an http, https or mailto address; whether it was allowed."""
        url = QUrl(href, QUrl.ParsingMode.StrictMode)
        if not url.isValid() or not allowed_link(href):
            return False
        if url.scheme().lower() not in {"http", "https", "mailto"}:
            return False
        self.link_activated.emit(url)
        if self.open_links:
            QDesktopServices.openUrl(url)
        return True

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch or a new language: rows are laid out again with colours made for
        the new palette and sentences (and day labels) in the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            # Records keep codes and parameters: every row is said again in the new language.
            texts = sentences()
            self.list_model.texts = texts
            self.delegate.digits = texts.digits
            self.setAccessibleName(QCoreApplication.translate("MessageView", "Messages"))
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LanguageChange):
            self.delegate.forget()
            self._relayout()
