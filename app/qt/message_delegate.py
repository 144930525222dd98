"""How one row of the conversation is drawn: avatar, name, time column, styled text.

:class:`MessageDelegate` paints the :class:`~app.qt.message_model.Row`s of a
:class:`~app.qt.message_view.MessageView`. Network text is never parsed as markup: a row's
spans become one ``QTextLayout`` with a ``QTextCharFormat`` per span (IRC bold, italics,
underline, strike, monospace, colours made readable on this palette), so
``<b>x</b><img src=y>`` is drawn as those characters.

Geometry, in the interface's direction (mirrored in Persian):

``| time | avatar | name / text ……………………………… |``

The time column sits on the interface's side, the same for every row; a message that starts
a group has the sender's avatar (initials in their stable colour) and name, the messages that
follow it only their text. Your own messages get a tinted band and an accent edge, a mention
of you the highlight colour. Day rows are centred labels between two rules; summary rows
(folded joins and parts) are small and quiet.

Each paragraph runs in its own direction (``Record.direction``) and is aligned to the
interface's side, so the time column never moves. Laid-out rows are cached (bounded) by row,
version, width and font: scrolling re-uses them and a flood only lays out what is seen. What
repeats is painted once and copied afterwards (bounded): pictures of whole rows, avatars,
reaction chips, and names and times as ``QStaticText``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from app.client.avatar import stable_colour
from app.client.presentation import records as rec
from app.client.presentation.direction import has_rtl, isolate
from app.client.presentation.records import Record
from app.client.presentation.text import PLAIN, Span, Style, readable
from app.irc.names import fold
from app.qt.attachments import Attachment, AttachmentPainter
from app.qt.avatar_paint import AvatarCache
from app.qt.days import day_label
from app.qt.message_model import ROW_ROLE, MessageModel, Row, RowKind
from app.qt.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QStaticText,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
    QTransform,
    QWidget,
)
from app.qt.render import clock

#: Laid-out rows kept for re-drawing (a few screens' worth).
LAYOUT_CACHE = 600
#: Pictures of drawn rows kept for the next frames (a few screens' worth, bounded memory).
PIXMAP_CACHE = 160
#: The parts of a row's state that change its picture (as bits: enum arithmetic is slow).
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_MOUSE_OVER = QStyle.StateFlag.State_MouseOver.value
_PICTURE_BITS = _SELECTED | _HAS_FOCUS | _MOUSE_OVER
#: Reaction chips drawn under one message (the rest are counted in the tooltip).
MAX_CHIPS = 20
#: Pictures of reaction chips kept (an emoji and a count each: few differ).
CHIP_CACHE = 256
#: Heights kept (one small tuple per row seen); cleared past this.
HEIGHT_CACHE = 250_000
PAD = 8


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` is (Qt's unit for positions in a text)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


#: The ``href`` a gap row's sentence is drawn with (never opened: not http, https or mailto).
GAP_LINK = "gofto:gap"


@dataclass(slots=True)
class Drawn:
    """A row laid out for one width and font: everything :meth:`MessageDelegate.paint` needs."""

    height: int
    body: QTextLayout | None = None
    body_top: int = 0
    header: str = ""
    header_colour: QColor | None = None
    links: list[tuple[int, int, str]] = field(default_factory=list)
    quiet: bool = False
    #: A shared host file drawn under the text (app.qt.attachments), and where it starts.
    attachment: Attachment | None = None
    attachment_top: int = 0
    #: The quoted message a reply answers, drawn above the text.
    quote: QTextLayout | None = None
    quote_top: int = 0
    #: Reaction chips under the text: (rectangle in left-to-right row coordinates, emoji,
    #: label).
    chips: list[tuple[QRect, str, str]] = field(default_factory=list)
    #: The time column's text (``HH:MM``), empty for rows that show none.
    time: str = ""


@dataclass(slots=True)
class Geometry:
    """Column positions for one width and font (left-to-right; mirrored for RTL)."""

    line: int
    time_x: int
    time_w: int
    avatar_x: int
    avatar: int
    content_x: int
    content_w: int


class MessageDelegate(QStyledItemDelegate):
    """Paints message rows; lays them out once per width and font (bounded caches)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._layouts: OrderedDict[tuple[object, ...], Drawn] = OrderedDict()
        self._heights: dict[str, tuple[int, int, str, int]] = {}
        self._formats: dict[str, QTextCharFormat] = {}
        self._styled: dict[tuple[str, Style, bool], QTextCharFormat] = {}
        self._palette_key = ""
        self._palette_cache = -1
        self._font = QFont()
        self._font_key = self._font.key()
        self._geometries: dict[tuple[int, str], Geometry] = {}
        self._colours: dict[str, QColor] = {}
        self._statics: dict[tuple[str, str], QStaticText] = {}
        self._bold: tuple[str, QFont] = ("", QFont())
        self._options: dict[tuple[str, bool], QTextOption] = {}
        self._avatars = AvatarCache()
        self._chip_pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._background: tuple[int, int, int] = (255, 255, 255)
        self._dark = False
        #: Draws pictures and file cards under messages that share a host file.
        self.attachments: AttachmentPainter | None = None
        #: Writes times and counts in the interface's digits (the view sets its Texts').
        self.digits: Callable[[str], str] = str

    def forget(self) -> None:
        """Drop every laid-out row and measured height (a new palette or language)."""
        self._layouts.clear()
        self._heights.clear()
        self._pictures.clear()
        self._chip_pictures.clear()
        self._avatars.clear()
        self._palette_cache = -1
        self._palette_key = ""

    # -- geometry ------------------------------------------------------------------------------
    def font_key(self, font: QFont) -> str:
        """``font.key()``, remembered for the last font (the view draws in one font)."""
        if font != self._font:
            self._font = QFont(font)
            self._font_key = font.key()
        return self._font_key

    def geometry(self, width: int, font: QFont) -> Geometry:
        """Where the columns are for a row ``width`` wide in ``font`` (cached)."""
        key = (width, self.font_key(font))
        found = self._geometries.get(key)
        if found is None:
            if len(self._geometries) > 64:
                self._geometries.clear()
            found = self._geometries[key] = self._measure(width, font)
        return found

    @staticmethod
    def _measure(width: int, font: QFont) -> Geometry:
        metrics = QFontMetrics(font)
        line = metrics.height()
        time_w = metrics.horizontalAdvance("00:00") + PAD
        avatar = round(line * 1.9)
        avatar_x = PAD + time_w
        content_x = avatar_x + avatar + PAD
        return Geometry(
            line, PAD, time_w, avatar_x, avatar, content_x, max(40, width - content_x - PAD)
        )

    def height_of(self, row: Row, width: int, font: QFont, view: QWidget) -> int:
        """The height of ``row`` at ``width`` (cached per row version, width and font)."""
        font_key = self.font_key(font)
        found = self._heights.get(row.key)
        if found is not None and found[:3] == (row.version, width, font_key):
            return found[3]
        height = self.drawn(row, width, font, view).height
        if len(self._heights) > HEIGHT_CACHE:
            self._heights.clear()
        self._heights[row.key] = (row.version, width, font_key, height)
        return height

    def drawn(self, row: Row, width: int, font: QFont, view: QWidget) -> Drawn:
        """``row`` laid out (from the cache when it was laid out the same way before)."""
        self._refresh_palette(view.palette())
        key = (
            row.key,
            row.version,
            width,
            self.font_key(font),
            self._palette_key,
            view.isRightToLeft(),
        )
        found = self._layouts.get(key)
        if found is not None:
            self._layouts.move_to_end(key)
            return found
        found = self._lay_out(row, width, font, view)
        self._layouts[key] = found
        if len(self._layouts) > LAYOUT_CACHE:
            self._layouts.popitem(last=False)
        return found

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """The row's size at the option's width."""
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row) or option.widget is None:
            return QSize(0, 0)
        width = option.rect.width()
        return QSize(width, self.height_of(row, width, option.font, option.widget))

    # -- laying out ----------------------------------------------------------------------------
    def _lay_out(self, row: Row, width: int, font: QFont, view: QWidget) -> Drawn:
        geometry = self.geometry(width, font)
        line = geometry.line
        if row.kind is RowKind.DAY:
            return Drawn(height=line + 16)
        model = view.model() if hasattr(view, "model") else None
        if row.kind is RowKind.SUMMARY:
            text = model.summary(row) if isinstance(model, MessageModel) else ""
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.9)
            body = self._layout([Span(text)], "event", small, "", geometry.content_w, view=view)
            return Drawn(
                height=int(body.boundingRect().height()) + 4, body=body, body_top=2, quiet=True
            )
        record = row.record
        parts, base, direction = self._parts(record, model)
        body = self._layout(parts, base, font, direction, geometry.content_w, view=view)
        links = self._links(parts)
        top = 1
        header = ""
        colour = None
        if row.kind is RowKind.MESSAGE and row.starts_group:
            top = 8
            header = isolate(record.sender)
            # The name in its avatar's colour (lighter on a dark background, to be read).
            colour = QColor(stable_colour(record.sender, fold))
            if self._dark:
                hue, saturation, _, _ = colour.getHslF()
                colour = QColor.fromHslF(max(0.0, hue), saturation, 0.72)
        y = top + (line + 2 if header else 0)
        quote = None
        quote_top = y
        if record.reply_to and isinstance(model, MessageModel):
            quote = self._layout(
                [Span(model.quote_text(record))],
                "event",
                font,
                "",
                geometry.content_w - 8,
                view=view,
            )
            y += int(quote.boundingRect().height()) + 2
        body_top = y
        y += int(body.boundingRect().height()) + 2
        # A shared host file (a thumbnail or a card, app.qt.attachments) under the text.
        attachment = model.attachment(row) if isinstance(model, MessageModel) else None
        attachment_top = y
        if isinstance(attachment, Attachment) and self.attachments is not None:
            y += self.attachments.height(attachment, geometry.content_w, font)
        else:
            attachment = None
        chips = []
        if record.reactions and not record.redacted:
            chips, y = self._chips(record, geometry, font, y)
        height = y
        if header:
            height = max(height, top + geometry.avatar + 2)
        drawn = Drawn(
            height,
            body,
            body_top,
            header,
            colour,
            links,
            quiet=record.history,
            quote=quote,
            quote_top=quote_top,
            chips=chips,
            time=self.digits(clock(record.time)),
        )
        if isinstance(attachment, Attachment):
            drawn.attachment, drawn.attachment_top = attachment, attachment_top
        return drawn

    def _chips(
        self, record: Record, geometry: Geometry, font: QFont, y: int
    ) -> tuple[list[tuple[QRect, str, str]], int]:
        """Reaction chips, wrapped in rows under the text; the height they end at."""
        metrics = QFontMetrics(font)
        height = metrics.height() + 6
        x = geometry.content_x
        right = geometry.content_x + geometry.content_w
        chips = []
        y += 2
        for emoji, nicks in record.reactions[:MAX_CHIPS]:
            label = f"{emoji} {self.digits(str(len(nicks)))}"
            width = metrics.horizontalAdvance(label) + 14
            if x + width > right and x > geometry.content_x:
                x = geometry.content_x
                y += height + 4
            chips.append((QRect(x, y, width, height), emoji, label))
            x += width + 6
        return chips, y + height + 4

    def _parts(self, record: Record, model: object) -> tuple[list[Span], str, str]:
        """The spans to draw, the base format's name and the paragraph direction."""
        kind = record.kind
        base = "event" if record.history else "message"
        if record.pending:
            base = "queued"
        if record.is_message and record.redacted and isinstance(model, MessageModel):
            return [Span(model.texts("convo.deleted"))], "event", ""
        if record.is_message:
            parts: list[Span] = []
            if kind == rec.ACTION:
                base = "event" if record.history else "action"
                parts.append(Span(f"* {isolate(record.sender)} "))
            elif kind == rec.NOTICE:
                parts.append(Span(f"-{isolate(record.sender)}- "))
            parts.extend(record.spans)
            if record.pending and isinstance(model, MessageModel):
                parts.append(Span(f" {model.texts('state.not_sent')}"))
            return parts, base, record.direction
        if kind in (rec.INFO, rec.ERROR):
            base = "error" if kind == rec.ERROR else "info"
            said = model.body_text(record) if isinstance(model, MessageModel) else ""
            if record.sentence is None:
                prefix = [Span("\u26a0 ")] if kind == rec.ERROR else []
                return [*prefix, *record.spans], base, record.direction
            return [Span(said)], base, ""
        said = model.body_text(record) if isinstance(model, MessageModel) else kind
        if kind == rec.GAP:  # "load them": drawn as a link; the view activates the whole row
            return [Span(said, href=GAP_LINK)], "info", ""
        return [Span(said)], "event", ""

    @staticmethod
    def _links(parts: list[Span]) -> list[tuple[int, int, str]]:
        """Where each link is, in Qt's text positions (UTF-16 code units)."""
        links, position = [], 0
        for part in parts:
            length = utf16_length(part.text)
            if part.href is not None:
                links.append((position, position + length, part.href))
            position += length
        return links

    def _layout(
        self,
        parts: list[Span],
        base: str,
        font: QFont,
        direction: str,
        width: int,
        *,
        view: QWidget,
    ) -> QTextLayout:
        # A multiline message's breaks: U+2028 is a line break to QTextLayout (same length).
        text = "".join(part.text for part in parts).replace("\n", "\u2028")
        layout = QTextLayout(text, font)
        layout.setTextOption(self._text_option(direction, view.isRightToLeft()))
        ranges = []
        position = 0
        for part in parts:
            # Qt counts text positions in UTF-16 code units: an emoji outside the BMP is two.
            length = utf16_length(part.text)
            fmt_range = QTextLayout.FormatRange()
            fmt_range.start = position
            fmt_range.length = length
            fmt_range.format = self.span_format(part, base)
            ranges.append(fmt_range)
            position += length
        layout.setFormats(ranges)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def _text_option(self, direction: str, rtl: bool) -> QTextOption:
        """How a paragraph wraps and runs: in its own direction (``rtl``/``ltr``, else the
        interface's), aligned to the interface's side (made once per combination)."""
        key = (direction, rtl)
        found = self._options.get(key)
        if found is None:
            interface = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            paragraph = {
                "rtl": Qt.LayoutDirection.RightToLeft,
                "ltr": Qt.LayoutDirection.LeftToRight,
            }
            found = QTextOption()
            found.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            found.setTextDirection(paragraph.get(direction, interface))
            side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
            found.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
            self._options[key] = found
        return found

    # -- formats -------------------------------------------------------------------------------
    def _refresh_palette(self, palette: QPalette) -> None:
        # The same palette object (cacheKey unchanged) has the same colours: checked per row
        # drawn, so this is the cheap test before the colour names are compared.
        cache_key = palette.cacheKey()
        if cache_key == self._palette_cache:
            return
        self._palette_cache = cache_key
        key = (
            palette.color(QPalette.ColorRole.Base).name()
            + palette.color(QPalette.ColorRole.Text).name()
        )
        if key == self._palette_key:
            return
        self._palette_key = key
        base = palette.color(QPalette.ColorRole.Base)
        self._dark = base.lightness() < 128
        self._background = (base.red(), base.green(), base.blue())
        quiet = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        plain = QTextCharFormat()
        plain.setForeground(palette.color(QPalette.ColorRole.Text))
        event = QTextCharFormat()
        event.setForeground(quiet)
        action = QTextCharFormat()
        action.setForeground(palette.color(QPalette.ColorRole.Link))
        error = QTextCharFormat()
        error.setForeground(QColor("#ff6b6b" if self._dark else "#b00020"))
        link = QTextCharFormat()
        link.setForeground(palette.color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        self._formats = {
            "message": plain,
            "action": action,
            "event": event,
            "info": event,
            "error": error,
            "queued": event,
            "link": link,
        }
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self._colours = {"highlight": highlight, "quiet": quiet, "text": plain.foreground().color()}
        for name, alpha in (("own", 22), ("mention", 48), ("selected", 90)):
            tint = QColor(highlight)
            tint.setAlpha(alpha)
            self._colours[name] = tint
        self._styled.clear()
        self._layouts.clear()

    def span_format(self, part: Span, base: str) -> QTextCharFormat:
        """The format a span is drawn with: its kind's, plus its IRC style (cached)."""
        if part.style is PLAIN and part.href is None:
            return self._formats[base]
        # Italics only for text without Arabic script: Persian has no italic style and common
        # fonts have no oblique Arabic glyphs (they would show as boxes).
        italic = part.style.italic and not has_rtl(part.text)
        key = (base, part.style, italic, part.href is not None)
        found = self._styled.get(key)
        if found is not None:
            return found
        if len(self._styled) > 1024:
            self._styled.clear()
        style = part.style
        fmt = QTextCharFormat(self._formats[base])
        if part.href is not None:
            fmt.merge(self._formats["link"])
        if style.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontItalic(italic)
        if style.underline:
            fmt.setFontUnderline(True)
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
        self._styled[key] = fmt
        return fmt

    # -- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Draw the row at ``index`` into ``option.rect``."""
        row = index.data(ROW_ROLE)
        if isinstance(row, Row):
            self.paint_row(painter, option, row)

    def frame_key(self, option: QStyleOptionViewItem) -> tuple[str, str, bool, float]:
        """What every row of a frame shares and its pictures depend on: the palette, the
        font, the direction and the pixel ratio (worked out once a frame, not once a row)."""
        view = option.widget
        self._refresh_palette(view.palette())
        return (
            self._palette_key,
            self.font_key(option.font),
            view.isRightToLeft(),
            view.devicePixelRatioF(),
        )

    def paint_cached(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        row: Row,
        frame: tuple[str, str, bool, float] | None = None,
        *,
        keep: bool = True,
    ) -> None:
        """Draw ``row`` from a picture of it kept from an earlier frame, or make one.

        A flood moves every row up each frame and a reader scrolls over the same rows: drawing
        a kept picture costs a copy, drawing the row costs its text layout, avatar and times.
        The pictures are few (:data:`PIXMAP_CACHE`) and keyed by everything that changes them;
        ``frame`` is :meth:`frame_key` of this frame (the view passes it for every row).
        Without ``keep`` a row that has no picture is drawn straight onto ``painter``: after a
        jump (a scroll-bar drag, Page Down) the rows are new and most will not be seen again
        in the next frame, so making their pictures would cost more than it saves.
        """
        view = option.widget
        rect = QRect(option.rect)  # a copy: the option's rect is changed below, then restored
        width, height = rect.width(), rect.height()
        if view is None or width <= 0 or height <= 0:
            return
        if frame is None:
            frame = self.frame_key(option)
        key = (row.key, row.version, width, height, option.state.value & _PICTURE_BITS, frame)
        if row.kind is RowKind.DAY:
            key = (*key, day_label(row.day))
        picture = self._pictures.get(key)
        if picture is None and not keep:
            self.paint_row(painter, option, row)
            return
        if picture is None:
            ratio = frame[3]
            picture = QPixmap(round(width * ratio), round(height * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            inner = QPainter(picture)
            try:
                inner.setFont(painter.font())
                option.rect = QRect(0, 0, width, height)
                self.paint_row(inner, option, row)
            finally:
                option.rect = rect
                inner.end()
            self._pictures[key] = picture
            if len(self._pictures) > PIXMAP_CACHE:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), picture)

    def paint_row(self, painter: QPainter, option: QStyleOptionViewItem, row: Row) -> None:
        """Draw ``row`` into ``option.rect`` (the view calls this without a model lookup)."""
        view = option.widget
        if view is None:
            return
        rect = option.rect
        font = option.font
        drawn = self.drawn(row, rect.width(), font, view)
        geometry = self.geometry(rect.width(), font)
        palette = option.palette
        rtl = view.isRightToLeft()
        state = option.state.value
        painter.save()
        try:
            self._paint_background(painter, rect, state=state, row=row, geometry=geometry, rtl=rtl)
            if row.kind is RowKind.DAY:
                self._paint_day(painter, rect, font, palette, row)
                return
            if row.kind is RowKind.MESSAGE and row.starts_group:
                avatar = QRect(geometry.avatar_x, rect.top() + 8, geometry.avatar, geometry.avatar)
                self._avatars.paint(
                    painter,
                    self._mirror(avatar, rect, rtl).topLeft(),
                    geometry.avatar,
                    row.record.sender,
                )
                self._paint_header(
                    painter, rect, geometry, drawn, font=font, palette=palette, rtl=rtl
                )
            if drawn.time:
                self._paint_time(painter, rect, geometry, drawn, font=font, rtl=rtl)
            x = rect.left() + (PAD if rtl else geometry.content_x)
            if drawn.quote is not None:
                bar = self._mirror(
                    QRect(geometry.content_x, drawn.quote_top, 2, geometry.line), rect, rtl
                )
                bar.moveTop(rect.top() + drawn.quote_top)
                painter.fillRect(bar, self._colours["highlight"])
                shift = 0 if rtl else 8
                drawn.quote.draw(painter, QPointF(x + shift, rect.top() + drawn.quote_top))
            if drawn.body is not None:
                drawn.body.draw(painter, QPointF(x, rect.top() + drawn.body_top))
            if drawn.attachment is not None and self.attachments is not None:
                area = self._attachment_area(rect, geometry, drawn, rtl)
                self.attachments.paint(painter, area, drawn.attachment, palette, font, rtl=rtl)
            self._paint_chips(painter, rect, drawn, palette, rtl)
            if state & _MOUSE_OVER and row.kind is RowKind.MESSAGE:
                self._paint_reply_button(painter, rect, palette, rtl)
        finally:
            painter.restore()

    def _paint_header(
        self,
        painter: QPainter,
        rect: QRect,
        geometry: Geometry,
        drawn: Drawn,
        *,
        font: QFont,
        palette: QPalette,
        rtl: bool,
    ) -> None:
        """The sender's name above a group, in bold, on the interface's side (a name is
        shaped once per font: the same few people start every group)."""
        bold, bold_key = self._bold_font(font)
        painter.setFont(bold)
        painter.setPen(drawn.header_colour or palette.color(QPalette.ColorRole.Text))
        name = self._static(drawn.header, bold, bold_key, geometry.content_w)
        size = name.size()
        y = rect.top() + 8 + (geometry.line - size.height()) / 2
        if rtl:
            x = rect.right() - geometry.content_x - size.width() + 1
        else:
            x = rect.left() + geometry.content_x
        painter.drawStaticText(QPointF(x, y), name)
        painter.setFont(font)

    def _bold_font(self, font: QFont) -> tuple[QFont, str]:
        """``font`` in bold (made once per font) and a key for it."""
        key = self.font_key(font)
        if self._bold[0] != key:
            bold = QFont(font)
            bold.setBold(True)
            self._bold = (key, bold)
        return self._bold[1], "bold " + key

    def _paint_chips(
        self, painter: QPainter, rect: QRect, drawn: Drawn, palette: QPalette, rtl: bool
    ) -> None:
        if not drawn.chips:
            return
        for chip, _emoji, label in drawn.chips:
            place = self.chip_rect(chip, rect, rtl)
            # The picture has a pixel of margin: the outline's pen straddles the chip's edge.
            corner = place.topLeft() - QPoint(1, 1)
            painter.drawPixmap(corner, self._chip_picture(painter, place, label, palette))

    def _chip_picture(
        self, painter: QPainter, place: QRect, label: str, palette: QPalette
    ) -> QPixmap:
        """One reaction chip (a rounded box and ``👍 2``), painted once and kept: an emoji
        comes from a colour font found by fallback, which costs far more than a copy."""
        ratio = painter.device().devicePixelRatioF()
        font = painter.font()
        key = (label, place.width(), place.height(), self._palette_key, font.key(), ratio)
        picture = self._chip_pictures.get(key)
        if picture is not None:
            self._chip_pictures.move_to_end(key)
            return picture
        picture = QPixmap(round((place.width() + 2) * ratio), round((place.height() + 2) * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        inner = QPainter(picture)
        try:
            inner.translate(1, 1)
            inner.setFont(font)
            inner.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            inner.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            inner.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            box = QRect(0, 0, place.width(), place.height())
            inner.drawRoundedRect(QRectF(box), box.height() / 2, box.height() / 2)
            inner.setPen(palette.color(QPalette.ColorRole.Text))
            inner.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        finally:
            inner.end()
        self._chip_pictures[key] = picture
        if len(self._chip_pictures) > CHIP_CACHE:
            self._chip_pictures.popitem(last=False)
        return picture

    def chip_rect(self, chip: QRect, rect: QRect, rtl: bool) -> QRect:
        """Where a chip laid out at ``chip`` (row coordinates) is drawn in the row ``rect``."""
        place = self._mirror(chip, rect, rtl)
        place.moveTop(rect.top() + chip.top())
        return place

    @staticmethod
    def reply_button_rect(rect: QRect, rtl: bool) -> QRect:
        """The hover "reply" button of a message row drawn at ``rect``."""
        size = 22
        x = rect.left() + PAD if rtl else rect.right() - PAD - size
        return QRect(x, rect.top() + 2, size, size)

    def _paint_reply_button(
        self, painter: QPainter, rect: QRect, palette: QPalette, rtl: bool
    ) -> None:
        button = self.reply_button_rect(rect, rtl)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Button))
        painter.drawRoundedRect(QRectF(button), 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        painter.drawText(button, Qt.AlignmentFlag.AlignCenter, "\u21a9")  # ↩

    def hit(
        self, row: Row, rect: QRect, font: QFont, view: QWidget, point: QPoint
    ) -> tuple[str, str]:
        """What is under ``point`` in the row at ``rect``: ("chip", emoji), ("quote", id),
        ("reply", id), ("link", href) or ("", "")."""
        rtl = view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        drawn = self.drawn(row, rect.width(), font, view)
        if row.kind is not RowKind.MESSAGE:
            return "", ""
        record = row.record
        if self.reply_button_rect(rect, rtl).contains(point):
            return "reply", record.id
        for chip, emoji, _label in drawn.chips:
            if self.chip_rect(chip, rect, rtl).contains(point):
                return "chip", emoji
        if drawn.quote is not None and record.reply_to:
            top = rect.top() + drawn.quote_top
            if top <= point.y() < top + drawn.quote.boundingRect().height():
                return "quote", record.reply_to
        href = self.link_at(row, rect, font, view, point)
        return ("link", href) if href else ("", "")

    def body_origin(self, row: Row, rect: QRect, font: QFont, view: QWidget) -> QPoint:
        """Where the row's text layout is drawn (for finding the link under the mouse)."""
        geometry = self.geometry(rect.width(), font)
        drawn = self.drawn(row, rect.width(), font, view)
        rtl = view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x = rect.left() + (PAD if rtl else geometry.content_x)
        return QPoint(x, rect.top() + drawn.body_top)

    @staticmethod
    def _attachment_area(rect: QRect, geometry: Geometry, drawn: Drawn, rtl: bool) -> QRect:
        x = rect.left() + (PAD if rtl else geometry.content_x)
        top = rect.top() + drawn.attachment_top
        return QRect(x, top, geometry.content_w, rect.bottom() - top)

    def attachment_at(
        self, row: Row, rect: QRect, font: QFont, view: QWidget, point: QPoint
    ) -> tuple[str, str]:
        """``(url, action)`` for a click at ``point`` on a row's picture (``"open"``) or
        file card button (``"save"``); ``("", "")`` elsewhere."""
        drawn = self.drawn(row, rect.width(), font, view)
        if drawn.attachment is None or self.attachments is None:
            return "", ""
        rtl = view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        area = self._attachment_area(rect, self.geometry(rect.width(), font), drawn, rtl)
        action = self.attachments.action_at(drawn.attachment, area, font, rtl, point)
        return (drawn.attachment.url, action) if action else ("", "")

    def link_at(self, row: Row, rect: QRect, font: QFont, view: QWidget, point: QPoint) -> str:
        """The link under ``point`` in the row drawn at ``rect``, or ``""``."""
        drawn = self.drawn(row, rect.width(), font, view)
        if drawn.body is None or not drawn.links:
            return ""
        origin = self.body_origin(row, rect, font, view)
        x, y = point.x() - origin.x(), point.y() - origin.y()
        layout = drawn.body
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            if line.y() <= y < line.y() + line.height():
                if not line.naturalTextRect().contains(QPointF(x, y)):
                    return ""
                position = line.xToCursor(x)
                for start, end, href in drawn.links:
                    if start <= position < end:
                        return href
        return ""

    @staticmethod
    def _mirror(rect: QRect, row: QRect, rtl: bool) -> QRect:
        if not rtl:
            return rect.translated(row.left(), 0)
        return QRect(row.right() - rect.right(), rect.top(), rect.width(), rect.height())

    def _paint_background(
        self,
        painter: QPainter,
        rect: QRect,
        *,
        state: int,
        row: Row,
        geometry: Geometry,
        rtl: bool,
    ) -> None:
        colours = self._colours
        if row.kind is RowKind.MESSAGE:
            record = row.record
            if record.own:
                painter.fillRect(rect, colours["own"])
                accent = self._mirror(QRect(geometry.content_x - 5, 0, 3, rect.height()), rect, rtl)
                accent.moveTop(rect.top())
                painter.fillRect(accent, colours["highlight"])
            if record.highlight:
                painter.fillRect(rect, colours["mention"])
        if state & _SELECTED:
            painter.fillRect(rect, colours["selected"])
        if state & _HAS_FOCUS:
            pen = QPen(colours["highlight"])
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def _paint_time(
        self,
        painter: QPainter,
        rect: QRect,
        geometry: Geometry,
        drawn: Drawn,
        *,
        font: QFont,
        rtl: bool,
    ) -> None:
        painter.setPen(self._colours["quiet"])
        top = rect.top() + (drawn.body_top if not drawn.header else 8)
        if rtl:  # mirrored: the column's right edge the same distance from the row's right
            x = rect.right() - geometry.time_x - geometry.time_w + 1
        else:
            x = rect.left() + geometry.time_x
        time = self._static(drawn.time, font, self.font_key(font))
        painter.drawStaticText(QPoint(x, top), time)

    def _static(self, text: str, font: QFont, font_key: str, width: int = 0) -> QStaticText:
        """A pre-laid-out text in ``font`` (its ``font_key``): times and names repeat, so
        each is shaped once; elided to ``width`` when one is given and the text is wider."""
        key = (text, font_key, width)
        found = self._statics.get(key)
        if found is None:
            if len(self._statics) > 4096:
                self._statics.clear()
            if width and QFontMetrics(font).horizontalAdvance(text) > width:
                text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            found = self._statics[key] = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(QTransform(), font)
        return found

    def _paint_day(
        self, painter: QPainter, rect: QRect, font: QFont, palette: QPalette, row: Row
    ) -> None:
        label = day_label(row.day)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetrics(bold)
        text_w = metrics.horizontalAdvance(label) + 2 * PAD
        middle = rect.center().y()
        quiet = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(quiet, 1))
        left_end = rect.center().x() - text_w // 2
        painter.drawLine(rect.left() + PAD, middle, left_end, middle)
        painter.drawLine(left_end + text_w, middle, rect.right() - PAD, middle)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
