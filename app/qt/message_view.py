"""The read-only view of one conversation: display records drawn with their styles.

It draws :class:`~app.client.presentation.records.Record`s: a chat message as its sender
and styled spans (IRC bold, italics, underline, strike, monospace and colours, each colour's
lightness moved until it reads on this palette's background), a conversation line as the
catalogue's sentence for its code. The records are already safe; this view only draws them.

Why a :class:`QTextEdit` and a cursor, not HTML: every piece of network text is inserted
with ``QTextCursor.insertText`` and a character format we built, so no markup from a message
is ever parsed — ``<b>bold</b><img src=x>`` is just those characters. Appends are coalesced
by a short timer and written in one edit block, so a flood of messages costs one layout per
frame, not one per message; a backlog is written a bounded batch per frame. The oldest
paragraphs are dropped in large, rare chunks rather than a few per batch (see
``_trim_slack``): removing lines at the top re-positions every line below them.
(``QPlainTextEdit`` would lay out faster, but its layout ignores each paragraph's direction
when aligning: a Persian line would run right to left yet hug the left edge.)

Each paragraph's direction comes from its text's first strong character, and the time and
nickname are wrapped in bidi isolates, so a Persian message runs right to left while the
"12:34" and the nickname keep their own shape. Every paragraph is aligned to the interface's
side and the time is written where that side is (first in a paragraph that runs the
interface's way, last in one that runs the other way), so the times stay in one column.
"""

from __future__ import annotations

from collections import deque

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation import convo_lines
from app.client.presentation import records as rec
from app.client.presentation.convo import reactions_text
from app.client.presentation.direction import has_rtl, isolate, strip_isolates
from app.client.presentation.records import LINE_BREAK, Record, allowed_link
from app.client.presentation.text import PLAIN, Span, Style, readable
from app.qt.i18n import sentences
from app.qt.qt import (
    QBrush,
    QColor,
    QDesktopServices,
    QEvent,
    QFont,
    QMimeData,
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
from app.qt.render import clock, nick_colour

#: Which of the view's formats each record kind starts from.
_BASE = {
    rec.MESSAGE: "message",
    rec.NOTICE: "message",
    rec.ACTION: "action",
    rec.INFO: "info",
    rec.ERROR: "error",
}
#: Kinds whose spans are free text (a sentence already), not a catalogue code.
_FREE_TEXT = frozenset({rec.INFO, rec.ERROR})

#: Paragraphs kept in the widget; older ones stay in :attr:`MessageView.history` and come back
#: with :meth:`MessageView.load_earlier`.
DEFAULT_MAX_BLOCKS = 5000
#: Lines of the whole session kept in memory for "load earlier".
HISTORY_LIMIT = 200_000
#: How long appends are gathered before they are written: about one frame.
BATCH_MS = 16
#: At most this many lines are written per timer flush; a bigger backlog is written over the
#: next frames, so a burst (a history replay, a flood after a stall) never freezes the window
#: for longer than one such batch (about 25 ms of layout on a slow machine).
MAX_LINES_PER_FLUSH = 200


#: Message lines remembered by id so a reaction or deletion can redraw them in place.
MAX_REDRAWABLE = 5000


class MessageView(QTextEdit):
    """Shows :class:`~app.client.presentation.records.Record`s; appends are batched, links
    are clickable. ``texts`` puts conversation lines into words (the user's language)."""

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
        trim_slack: int | None = None,
        texts: Texts = ENGLISH,
    ) -> None:
        super().__init__(parent)
        self.texts = texts
        self.setObjectName("messageView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.viewport().setMouseTracking(True)
        #: Whether clicking a link opens it (tests turn this off and watch the signal).
        self.open_links = True
        self.history: deque[Record] = deque(maxlen=HISTORY_LIMIT)
        self._max_blocks = max_blocks
        # The oldest paragraphs are dropped in chunks of this many, not one per batch: with
        # ``maximumBlockCount`` Qt trims a few blocks off the top after every batch, and each
        # trim re-positions every paragraph below it (about 6 ms for 5,000 lines), which at a
        # flood's 60 batches a second was most of the window's lag.
        self._trim_slack = max(1, max_blocks // 10) if trim_slack is None else max(1, trim_slack)
        self._shown = 0  # lines in the document right now (the document's blocks once written)
        self._pending: list[Record] = []
        # Block user states of drawn "not sent yet" records, by record id: the sent line
        # takes the place of its pending one (see replace_record).
        self._waiting: dict[str, int] = {}
        self._serial = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(batch_ms)
        self._batch_ms = batch_ms
        self._formats: dict[str, QTextCharFormat] = {}
        self._nicks: dict[str, tuple[str, QTextCharFormat]] = {}
        self._styled: dict[tuple[str, Style, bool], QTextCharFormat] = {}
        self._blocks: dict[tuple[Qt.LayoutDirection, bool], QTextBlockFormat] = {}
        self._build_formats()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self._flush_some)

    # -- what the conversation does ----------------------------------------------------------
    def append_record(self, record: Record) -> None:
        """Queue ``record``; it is drawn with the others within a frame (:data:`BATCH_MS`)."""
        self.history.append(record)
        self._pending.append(record)
        if not self._timer.isActive():
            self._timer.start()

    def replace_record(self, old_id: str, record: Record) -> None:
        """Draw ``record`` in place of the record ``old_id`` (a "not sent yet" line is now
        sent); appended instead when that line is gone."""
        for index in range(len(self.history) - 1, -1, -1):
            if self.history[index].id == old_id:
                self.history[index] = record
                break
        else:
            self.append_record(record)
            return
        for index, waiting in enumerate(self._pending):
            if waiting.id == old_id:
                self._pending[index] = record
                return
        state = (
            self._waiting.pop(old_id, None) if old_id != record.id else self._waiting.get(old_id)
        )
        block = self.document().lastBlock()
        while state is not None and block.isValid() and block.userState() != state:
            block = block.previous()
        if state is None or not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._write_record(cursor, record)
        cursor.endEditBlock()

    def flush(self) -> None:
        """Draw every queued line now, in one edit block, keeping the view at the bottom."""
        self._draw_pending(len(self._pending))

    def _flush_some(self) -> None:
        """The timer's flush: at most :data:`MAX_LINES_PER_FLUSH` lines, the rest next frame."""
        self._draw_pending(MAX_LINES_PER_FLUSH)
        if self._pending:
            self._timer.start(0)  # after the events waiting now (paint, input), not a frame later

    def _draw_pending(self, limit: int) -> None:
        self._timer.stop()
        self._timer.setInterval(self._batch_ms)
        if not self._pending:
            return
        if len(self._pending) > self._max_blocks:
            # The older ones would be trimmed at once anyway: they go straight to "earlier".
            self._pending = self._pending[-self._max_blocks :]
        lines, self._pending = self._pending[:limit], self._pending[limit:]
        hidden_before = self.hidden_count()
        self._write(lines)
        hidden = self.hidden_count()
        if hidden != hidden_before:
            self.hidden_changed.emit(hidden)

    def hidden_count(self) -> int:
        """How many earlier lines of this session are not in the widget right now."""
        return max(0, len(self.history) - len(self._pending) - self._shown)

    def load_earlier(self, count: int | None = None) -> None:
        """Bring back ``count`` more earlier lines (default: as many as the widget holds)."""
        self.flush()
        hidden = self.hidden_count()
        if not hidden:
            return
        self._max_blocks += min(hidden, count or self._max_blocks)
        self.clear()
        self._shown = 0
        keep = list(self.history)[-self._max_blocks :]
        self._write(keep, stick=False)
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self.hidden_changed.emit(self.hidden_count())

    def prepend_records(self, records: tuple[Record, ...]) -> int:
        """Show older ``records`` (oldest first) above everything, keeping what the person
        looks at where it is (the scroll position moves down by the height added). Returns how
        many were taken (the session's bounded memory may have room for fewer)."""
        self.flush()
        room = (self.history.maxlen or len(records)) - len(self.history)
        records = records[len(records) - max(0, min(room, len(records))) :]
        if not records:
            return 0
        self.history.extendleft(reversed(records))
        if self.hidden_count() > len(records):
            return len(records)  # the view shows later lines only: these wait with those
        bar = self.verticalScrollBar()
        document = self.document()
        height_before = document.size().height()
        position = bar.value()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for record in reversed(records):
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            if self._shown:
                first = cursor.blockFormat()
                cursor.insertBlock(first, self._formats["plain"])
                cursor.movePosition(QTextCursor.MoveOperation.Start)
            self._shown += 1
            self._write_record(cursor, record)
        cursor.endEditBlock()
        self._max_blocks = max(self._max_blocks, self._shown)
        added = document.size().height() - height_before
        bar.setValue(position + round(added))
        return len(records)

    def lines(self) -> list[Record]:
        """Every record of the session this view has been given, oldest first."""
        return list(self.history)

    # -- drawing ---------------------------------------------------------------------------------
    def _write(self, lines: list[Record], *, stick: bool | None = None) -> None:
        bar = self.verticalScrollBar()
        if stick is None:
            stick = bar.value() >= bar.maximum() - 1
        self._trim(len(lines))
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for line in lines:
            self._new_block(cursor)
            self._write_record(cursor, line)
        cursor.endEditBlock()
        if stick:
            bar.setValue(bar.maximum())

    def _trim(self, incoming: int) -> None:
        """Make room for ``incoming`` lines: once they would overflow the cap by more than the
        slack, drop the oldest paragraphs so that the cap is met after the append.

        A removal at the top moves every paragraph below it, so Qt re-positions the whole
        document: a few milliseconds plus about 40 µs per removed line for 5,000 lines,
        measured. Done per batch (what ``maximumBlockCount`` does) that fixed cost was paid
        60 times a second in a flood; done per chunk it is paid once per ``_trim_slack`` lines.
        A reader who scrolled up keeps looking at the same lines: the scroll position moves up
        by the height that was removed.
        """
        excess = self._shown + incoming - self._max_blocks
        if excess <= self._trim_slack:
            return
        excess = min(excess, self._shown)
        document = self.document()
        bar = self.verticalScrollBar()
        first_kept = document.findBlockByNumber(excess)
        removed_height = 0
        if first_kept.isValid() and bar.value() < bar.maximum():
            layout = document.documentLayout()
            removed_height = int(
                layout.blockBoundingRect(first_kept).top()
                - layout.blockBoundingRect(document.firstBlock()).top()
            )
        position = bar.value()
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.movePosition(
            QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor, excess
        )
        cursor.removeSelectedText()
        self._shown -= excess
        if removed_height:
            bar.setValue(max(0, position - removed_height))

    def _new_block(self, cursor: QTextCursor) -> None:
        if self._shown:
            cursor.insertBlock(QTextBlockFormat(), self._formats["plain"])
        self._shown += 1

    def _direction(self, record: Record) -> Qt.LayoutDirection:
        direction = record.direction
        if record.kind not in _FREE_TEXT and not record.is_message:
            direction = ""  # our own sentence: the interface's direction
        if direction == "rtl":
            return Qt.LayoutDirection.RightToLeft
        if direction == "ltr":
            return Qt.LayoutDirection.LeftToRight
        return self.layoutDirection()

    def _write_record(self, cursor: QTextCursor, record: Record) -> None:
        """Write ``record`` into the (empty) block at ``cursor``."""
        direction = self._direction(record)
        cursor.setBlockFormat(self._block_format(direction, record.highlight))
        if record.is_message:  # may be redrawn: sent at last, a reaction, a deletion
            self._serial += 1
            cursor.block().setUserState(self._serial)
            waiting = self._waiting
            waiting.pop(record.id, None)
            waiting[record.id] = self._serial
            if len(waiting) > MAX_REDRAWABLE:
                del waiting[next(iter(waiting))]
        else:
            cursor.block().setUserState(-1)
        time_last = direction != self.layoutDirection()
        plain = self._formats["plain"]
        stamp = isolate(clock(record.time), ltr=True)
        if not time_last:
            cursor.insertText(stamp, self._formats["time"])
            cursor.insertText(" ", plain)
        kind = record.kind
        base = "event" if record.history else _BASE.get(kind, "event")
        if record.pending:
            base = "queued"
        if record.is_message:
            nick, nick_format = self._nick(record.sender)
            if record.history:
                nick_format = self._formats["event"]
            if kind == rec.NOTICE:
                cursor.insertText(f"-{nick}-", nick_format)
                cursor.insertText(" ", plain)
            elif kind == rec.ACTION:
                cursor.insertText("* ", self._formats[base])
                cursor.insertText(nick, nick_format)
                cursor.insertText(" ", self._formats[base])
            else:
                cursor.insertText(nick, nick_format)
                cursor.insertText(": ", plain)
            self._write_spans(cursor, record.spans, base)
            if record.pending:
                cursor.insertText(f" {self.texts('state.not_sent')}", self._formats["note"])
            self._write_convo(cursor, record)
        elif kind in _FREE_TEXT:
            if kind == rec.ERROR:
                cursor.insertText("\u26a0 ", self._formats[base])  # ⚠
            if record.sentence is not None:  # Gofto's own words, in the user's language
                cursor.insertText(self.texts.say(record.sentence), self._formats[base])
            else:
                self._write_spans(cursor, record.spans, base)
        else:
            cursor.insertText(self.texts(kind, **record.values()), self._formats[base])
        if time_last:
            cursor.insertText(" ", plain)
            cursor.insertText(stamp, self._formats["time"])

    def _write_convo(self, cursor: QTextCursor, record: Record) -> None:
        """Until the conversation view draws them its own way: "message deleted", the quote
        of a reply and the reactions, as short notes in the message's paragraph."""
        note = self._formats["note"]
        if record.redacted:
            cursor.insertText(self.texts("convo.deleted"), note)
        quote = convo_lines.quote(self.texts, record)
        if quote:
            cursor.insertText(f" \u2028{quote}", note)
        if record.reactions:
            cursor.insertText(f" \u2028{reactions_text(record)}", note)

    def _write_spans(self, cursor: QTextCursor, parts: tuple[Span, ...], base: str) -> None:
        for part in parts:
            if part == LINE_BREAK:  # a multiline message: a line break, not a new paragraph
                cursor.insertText("\u2028", self._formats[base])
                continue
            fmt = self._span_format(part, base)
            if part.href is not None:
                fmt = QTextCharFormat(fmt)
                fmt.merge(self._formats["link"])
                fmt.setAnchorHref(part.href)
            cursor.insertText(part.text, fmt)

    def _span_format(self, part: Span, base: str) -> QTextCharFormat:
        """The format of a span: its kind's, plus its IRC style (cached: floods reuse few)."""
        if part.style is PLAIN:
            return self._formats[base]
        italic = part.style.italic and not has_rtl(part.text)
        key = (base, part.style, italic)
        found = self._styled.get(key)
        if found is not None:
            return found
        if len(self._styled) > 1024:
            self._styled.clear()
        style = part.style
        fmt = QTextCharFormat(self._formats[base])
        if style.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        # Italics only for text without Arabic script: Persian has no italic style and common
        # fonts have no oblique Arabic glyphs (they would show as boxes).
        fmt.setFontItalic(italic)
        fmt.setFontUnderline(style.underline)
        fmt.setFontStrikeOut(style.strike)
        if style.monospace:
            fmt.setFontFixedPitch(True)
            fmt.setFontFamilies(["monospace"])
        background = self._background
        if style.bg is not None:
            fmt.setBackground(QColor(*style.bg))
            background = style.bg
        if style.fg is not None:
            fmt.setForeground(QColor(*readable(style.fg, background)))
        self._styled[key] = found = fmt
        return found

    def _block_format(self, direction: Qt.LayoutDirection, highlight: bool) -> QTextBlockFormat:
        """One shared format per direction and highlight: a flood's lines reuse a handful."""
        key = (direction, highlight)
        block = self._blocks.get(key)
        if block is None:
            block = QTextBlockFormat()
            block.setLayoutDirection(direction)
            # Aligned to the interface's side whatever the paragraph's direction: the time
            # column stays put (see the module docstring).
            side = (
                Qt.AlignmentFlag.AlignRight
                if self.layoutDirection() == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft
            )
            block.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
            if highlight:
                block.setBackground(self._highlight)
            self._blocks[key] = block
        return block

    def _nick(self, nick: str) -> tuple[str, QTextCharFormat]:
        """The isolated, cleaned nickname and its coloured format, cached per nickname."""
        found = self._nicks.get(nick)
        if found is None:
            if len(self._nicks) > 2048:  # bounded: a long session sees many nicknames
                self._nicks.clear()
            found = self._nicks[nick] = (isolate(nick), self._nick_format(nick))
        return found

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
            "message": plain,
            "action": action,
            "event": event,
            "info": info,
            "error": error,
            "queued": queued,
            "note": note,
            "link": link,
        }
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(48)
        self._highlight = QBrush(highlight)
        base = palette.color(QPalette.ColorRole.Base)
        self._background = (base.red(), base.green(), base.blue())
        self._nicks.clear()
        self._blocks.clear()
        self._styled.clear()

    # -- theme and language ---------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        """A theme switch (or a new language): redraw with colours made for the new palette
        and sentences in the new language."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LanguageChange):
            self._build_formats()
            if event.type() == QEvent.Type.LanguageChange:
                self.texts = sentences()
            self._redraw()

    def _redraw(self) -> None:
        """Write the lines the widget holds again (rare: a theme or language switch)."""
        self.flush()
        keep = list(self.history)[-self._shown :] if self._shown else []
        self.clear()
        self._shown = 0
        self._waiting.clear()
        self._write(keep)

    # -- copying ---------------------------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy what was written: without the isolates added around names and numbers."""
        data = QMimeData()
        data.setText(strip_isolates(self.textCursor().selection().toPlainText()))
        return data

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
