"""The rooms pane: the rooms on the host, then our private conversations.

The rooms come from the server's ``LIST`` answer (:class:`~app.client.events.RoomsListed`),
merged with the rooms we are in (whose people counts are live, from the member list); each
row shows the room, how many people are in it and a badge with its unread count (in the
highlight colour when a message mentions us). Private conversations follow, with the other
person's avatar. The pane knows no controller: it is fed by
:class:`~app.qt.chrome.WindowChrome` through ``set_*`` methods and says what the person wants
through signals.

Keyboard: both lists take focus with Tab; Enter joins a room (or shows one we are in or a
private conversation); Delete leaves the room or closes the private conversation; the menu key
(or Shift+F10) opens the same context menu as a right click. Every row has an accessible text
("#lobby, 3 people, 2 unread") for screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.client.events import RoomInfo
from app.client.presentation.direction import isolate
from app.client.presentation.text import name as clean_nick
from app.client.presentation.text import plain as neutralise
from app.irc import fold
from app.qt.avatar_paint import paint_avatar
from app.qt.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QAction,
    QColor,
    QContextMenuEvent,
    QCoreApplication,
    QEvent,
    QFont,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QListView,
    QLocale,
    QMenu,
    QModelIndex,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

#: The badge of a conversation with a mention or a private message (white text reads on it).
MENTION_COLOUR = "#c5221f"
#: Longest topic shown in a tooltip.
MAX_TOPIC = 300


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the pane: a room or a private conversation."""

    name: str
    private: bool
    joined: bool = False
    users: int | None = None
    topic: str = ""
    unread: int = 0
    highlighted: bool = False

    @property
    def key(self) -> str:
        return fold(self.name)


class RowModel(QAbstractListModel):
    """A flat list of :class:`Row`; changes as little as it can (the selection survives)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        new = list(rows)
        if new == self._rows:
            return
        if [r.key for r in new] == [r.key for r in self._rows]:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, new, strict=True)) if a != b]
            self._rows = new
            for row in changed:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_of(self, name: str) -> int:
        key = fold(name)
        return next((i for i, row in enumerate(self._rows) if row.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """One row per room or conversation."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The name to show, a tooltip, an accessible description, the raw row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return isolate(clean_nick(row.name))
        if role == NAME_ROLE:
            return row.name
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            # Tooltips guess rich text from the content: a topic like "<img src=…>" must be
            # escaped inside an explicit rich-text tooltip, never guessed.
            text = html.escape(_describe(row, with_topic=True), quote=False)
            return "<qt>" + text.replace("\n", "<br>") + "</qt>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _describe(row, with_topic=False)
        if role == Qt.ItemDataRole.FontRole and (row.joined or row.unread):
            font = QFont()
            font.setBold(True)
            return font
        return None


def _describe(row: Row, *, with_topic: bool) -> str:
    parts = [clean_nick(row.name)]
    if row.users is not None:
        parts.append(_people(row.users))
    if row.unread:
        parts.append(
            QCoreApplication.translate("RoomsPane", "%1 unread").replace(
                "%1", QLocale().toString(row.unread)
            )
        )
    if not row.private:
        parts.append(
            QCoreApplication.translate("RoomsPane", "you are in it")
            if row.joined
            else QCoreApplication.translate("RoomsPane", "press Enter to join")
        )
    text = ", ".join(parts)
    topic = neutralise(row.topic).strip()
    if with_topic and topic:
        text += "\n" + (topic[:MAX_TOPIC] + "…" if len(topic) > MAX_TOPIC else topic)
    return text


def _people(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("RoomsPane", "1 person")
    return QCoreApplication.translate("RoomsPane", "%1 people").replace(
        "%1", QLocale().toString(count)
    )


class BadgeDelegate(QStyledItemDelegate):
    """Draws a row: (avatar,) name, then the people count and the unread badge at the end."""

    AVATAR = 22
    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Room for the avatar and a comfortable line."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height() + 8, self.AVATAR + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Background and focus from the style; name, count and badge drawn here."""
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rtl = opt.direction == Qt.LayoutDirection.RightToLeft
        rect = QRect(opt.rect).adjusted(self.PAD, 0, -self.PAD, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_colour = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        painter.save()
        try:
            # Trailing side: the badge, then (inside it) the people count.
            end = rect.left() if rtl else rect.right()
            metrics = opt.fontMetrics
            if row.unread:
                locale = QLocale()
                label = locale.toString(row.unread) if row.unread < 1000 else "999+"
                width = max(metrics.horizontalAdvance(label) + 10, metrics.height() + 2)
                height = metrics.height() + 2
                left = end if rtl else end - width
                badge = QRectF(left, rect.center().y() - height / 2, width, height)
                # Unread: the selection colour; a mention or private message: red. On the
                # selected row the badge turns inside out so it stays visible.
                fill = (
                    QColor(MENTION_COLOUR)
                    if row.highlighted
                    else opt.palette.color(group, QPalette.ColorRole.Highlight)
                )
                ink = QColor("#ffffff")
                if selected:
                    fill, ink = opt.palette.color(group, QPalette.ColorRole.HighlightedText), fill
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(badge, height / 2, height / 2)
                painter.setPen(ink)
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
                end = int(badge.right() + 6) if rtl else int(badge.left() - 6)
            if row.users is not None and not row.private:
                count = QLocale().toString(row.users)
                width = metrics.horizontalAdvance(count) + 4
                box = (
                    QRect(end, rect.top(), width, rect.height())
                    if rtl
                    else QRect(end - width, rect.top(), width, rect.height())
                )
                muted = opt.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                painter.setPen(text_colour if selected else muted)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, count)
                end = box.right() + 4 if rtl else box.left() - 4
            # Leading side: the avatar (private conversations), then the name.
            start = rect.right() if rtl else rect.left()
            if row.private:
                size = self.AVATAR
                left = start - size if rtl else start
                paint_avatar(
                    painter, QRectF(left, rect.center().y() - size / 2 + 1, size, size), row.name
                )
                start = left - self.PAD if rtl else left + size + self.PAD
            name_rect = (
                QRect(end, rect.top(), start - end, rect.height())
                if rtl
                else QRect(start, rect.top(), end - start, rect.height())
            )
            painter.setFont(opt.font)
            painter.setPen(text_colour)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, name_rect.width())
            align = Qt.AlignmentFlag.AlignVCenter | (
                (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignAbsolute
            )
            painter.drawText(name_rect, int(align), elided)
        finally:
            painter.restore()


class PaneList(QListView):
    """A list of the pane: Enter activates, Delete removes, the menu key opens the menu."""

    #: The Delete key on a row.
    remove_requested = Signal(QModelIndex)
    #: A context menu for this row at this global position (right click or menu key).
    menu_requested = Signal(QModelIndex, QPoint)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setItemDelegate(BadgeDelegate(self))
        self.row_model = RowModel(self)
        self.setModel(self.row_model)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete asks to leave (rooms) or close (private conversations)."""
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.remove_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The row under the mouse, or the current row when the keyboard asked."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            point = self.visualRect(index).center() if index.isValid() else QPoint(4, 4)
        else:
            index = self.indexAt(event.pos())
            point = event.pos()
        self.menu_requested.emit(index, self.viewport().mapToGlobal(point))

    def select_name(self, name: str | None) -> None:
        """Make ``name``'s row current (None or unknown: no current row)."""
        row = self.row_model.row_of(name) if name else -1
        if row < 0:
            self.clearSelection()
            return
        self.setCurrentIndex(self.row_model.index(row))


class RoomsPane(QWidget):
    """The ``roomsPane``: ``roomList`` and ``privateList``; see the module docstring."""

    #: Join this room (the person clicked or pressed Enter on a room we are not in).
    join_requested = Signal(str)
    #: Show this conversation (a room we are in, or a private conversation).
    show_requested = Signal(str)
    #: Leave this room.
    leave_requested = Signal(str)
    #: Close this private conversation.
    close_requested = Signal(str)
    #: The "New room" button: ask for a name.
    create_requested = Signal()
    #: The "Refresh" item of the context menu.
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomsPane")
        self._listed: dict[str, RoomInfo] = {}
        self._joined: dict[str, tuple[str, int]] = {}
        self._unread: dict[str, tuple[int, bool]] = {}
        self._privates: list[str] = []
        #: The context menu while it is open (tests trigger its actions).
        self.menu: QMenu | None = None

        self.rooms_label = QLabel(self)
        self.rooms_label.setObjectName("roomsLabel")
        self.new_room_button = QToolButton(self)
        self.new_room_button.setObjectName("newRoomButton")
        self.new_room_button.setText("+")
        self.room_list = PaneList("roomList", self)
        self.privates_label = QLabel(self)
        self.privates_label.setObjectName("privatesLabel")
        self.private_list = PaneList("privateList", self)
        self.rooms_label.setBuddy(self.room_list)
        self.privates_label.setBuddy(self.private_list)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.rooms_label, 1)
        header.addWidget(self.new_room_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.room_list, 3)
        layout.addWidget(self.privates_label)
        layout.addWidget(self.private_list, 2)
        self.setTabOrder(self.room_list, self.new_room_button)
        self.setTabOrder(self.new_room_button, self.private_list)
        self.retranslate()
        self._connect_signals()

    def _connect_signals(self) -> None:
        for view in (self.room_list, self.private_list):
            view.clicked.connect(self._activate)
            view.activated.connect(self._activate)
            view.remove_requested.connect(self._remove)
            view.menu_requested.connect(self._show_menu)
        self.new_room_button.clicked.connect(self.create_requested)

    def retranslate(self) -> None:
        """Write the pane's texts in the current language."""
        self.rooms_label.setText(QCoreApplication.translate("RoomsPane", "&Rooms"))
        self.privates_label.setText(
            QCoreApplication.translate("RoomsPane", "Private &conversations")
        )
        self.new_room_button.setToolTip(
            QCoreApplication.translate("RoomsPane", "Create a new room")
        )
        self.new_room_button.setAccessibleName(
            QCoreApplication.translate("RoomsPane", "Create a new room")
        )
        self.room_list.setAccessibleName(QCoreApplication.translate("RoomsPane", "Rooms"))
        self.private_list.setAccessibleName(
            QCoreApplication.translate("RoomsPane", "Private conversations")
        )
        self.room_list.viewport().update()
        self.private_list.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a language switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    # -- what the window tells us -------------------------------------------------------------
    def set_listed(self, rooms: Sequence[RoomInfo]) -> None:
        """The rooms on the host, as the server listed them."""
        self._listed = {fold(room.name): room for room in rooms}
        self._rebuild()

    def set_joined(self, rooms: Sequence[tuple[str, int]]) -> None:
        """The rooms we are in, each with its live number of people."""
        self._joined = {fold(name): (name, count) for name, count in rooms}
        self._rebuild()

    def set_conversations(self, rows: Sequence[tuple[str, bool, int, bool]]) -> None:
        """Open conversations as ``(name, is_private, unread, highlighted)``, in tab order."""
        self._unread = {fold(name): (unread, lit) for name, _private, unread, lit in rows}
        self._privates = [name for name, private, _unread, _lit in rows if private]
        self._rebuild()

    def set_current(self, name: str | None) -> None:
        """Select the row of the conversation shown (in whichever list has it)."""
        self.room_list.select_name(name)
        self.private_list.select_name(name)

    def rooms(self) -> list[Row]:
        """The room rows shown, in order."""
        return self.room_list.row_model.rows()

    def privates(self) -> list[Row]:
        """The private conversation rows shown, in order."""
        return self.private_list.row_model.rows()

    def _rebuild(self) -> None:
        keys = sorted(set(self._listed) | set(self._joined))
        rooms = []
        for key in keys:
            listed = self._listed.get(key)
            joined = self._joined.get(key)
            name = joined[0] if joined else listed.name if listed else key
            users = joined[1] if joined else listed.users if listed else None
            unread, lit = self._unread.get(key, (0, False))
            topic = listed.topic if listed else ""
            rooms.append(Row(name, False, joined is not None, users, topic, unread, lit))
        privates = [
            Row(name, True, True, None, "", *self._unread.get(fold(name), (0, False)))
            for name in self._privates
        ]
        self.room_list.row_model.set_rows(rooms)
        self.private_list.row_model.set_rows(privates)

    # -- what the person does -----------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row):
            return
        if row.private or row.joined:
            self.show_requested.emit(row.name)
        else:
            self.join_requested.emit(row.name)

    def _remove(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, Row) and row.private:
            self.close_requested.emit(row.name)
        elif isinstance(row, Row) and row.joined:
            self.leave_requested.emit(row.name)

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The menu for a row (or for empty space: create and refresh only)."""
        menu = QMenu(self)
        menu.setObjectName("roomsMenu")
        row = index.data(ROW_ROLE) if index.isValid() else None
        entries: list[tuple[str, str, Callable[[], None]]] = []
        if isinstance(row, Row):
            name = row.name
            if row.private:
                entries.append(
                    (
                        "openAction",
                        QCoreApplication.translate("RoomsPane", "Open"),
                        lambda: self.show_requested.emit(name),
                    )
                )
                entries.append(
                    (
                        "closeAction",
                        QCoreApplication.translate("RoomsPane", "Close"),
                        lambda: self.close_requested.emit(name),
                    )
                )
            elif row.joined:
                entries.append(
                    (
                        "openAction",
                        QCoreApplication.translate("RoomsPane", "Open"),
                        lambda: self.show_requested.emit(name),
                    )
                )
                entries.append(
                    (
                        "leaveAction",
                        QCoreApplication.translate("RoomsPane", "Leave room"),
                        lambda: self.leave_requested.emit(name),
                    )
                )
            else:
                entries.append(
                    (
                        "joinAction",
                        QCoreApplication.translate("RoomsPane", "Join"),
                        lambda: self.join_requested.emit(name),
                    )
                )
        entries.append(
            (
                "createAction",
                QCoreApplication.translate("RoomsPane", "New room…"),
                self.create_requested.emit,
            )
        )
        entries.append(
            (
                "refreshAction",
                QCoreApplication.translate("RoomsPane", "Refresh"),
                self.refresh_requested.emit,
            )
        )
        for object_name, text, slot in entries:
            action = QAction(text, menu)
            action.setObjectName(object_name)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            menu.addAction(action)
        return menu

    def _show_menu(self, index: QModelIndex, position: QPoint) -> None:
        menu = self.context_menu_for(index)
        self.menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.destroyed.connect(self._menu_gone)
        menu.popup(position)

    def _menu_gone(self) -> None:
        self.menu = None
