"""The sidebar of people in the room: a list model fed from ``Session.members`` and its view.

The model keeps the session's order (operators first, then by folded nick) and changes as
little as it can: when only someone's away state changed it emits ``dataChanged`` for that row,
and it resets only when people came or went, so a busy room does not relayout the list for
every event. The view wires clicks and a context menu to "open a private conversation", except
on our own name, and "Info" (a card with the person's WHOIS); when we are operator of the room
(the host is), the menu also offers Kick and Ban, which the main window turns into ``/kick``
and ``/ban`` for the room shown.

Each row is drawn by :class:`MemberDelegate`: the person's avatar (initials in their stable
colour, faded while away), the name (greyed while away) and a small "host" tag for the person
hosting the chat. The menu key or Shift+F10 opens the row's menu from the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.client.presentation.direction import isolate
from app.client.presentation.text import name as clean_nick
from app.client.session import Member
from app.irc.names import fold
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
    QListView,
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
    QWidget,
    Signal,
)

NICK_ROLE = Qt.ItemDataRole.UserRole + 1
IS_SELF_ROLE = Qt.ItemDataRole.UserRole + 2
AWAY_ROLE = Qt.ItemDataRole.UserRole + 3
IS_HOST_ROLE = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


class MemberListModel(QAbstractListModel):
    """The members of one channel, one row each, in the order the session gives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._members: list[Member] = []
        self._quiet = QColor()

    def set_quiet_colour(self, colour: QColor) -> None:
        """The colour for people who are away (the view passes its disabled text colour)."""
        self._quiet = QColor(colour)

    def set_members(self, members: Sequence[Member]) -> None:
        """Show ``members``; emits the smallest change that describes the difference."""
        new = list(members)
        if new == self._members:
            return
        if [m.nick for m in new] == [m.nick for m in self._members]:
            changed = [
                i for i, (a, b) in enumerate(zip(self._members, new, strict=False)) if a != b
            ]
            self._members = new
            for row in changed:
                index = self.index(row)
                self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._members = new
        self.endResetModel()

    def members(self) -> list[Member]:
        """What the model shows, in order."""
        return list(self._members)

    def nicks(self) -> list[str]:
        """The nicknames shown, in order."""
        return [member.nick for member in self._members]

    def row_of(self, nick: str) -> int:
        """The row of ``nick`` (compared folded), or -1."""
        key = fold(nick)
        for row, member in enumerate(self._members):
            if fold(member.nick) == key:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """One row per member (a flat list: no children)."""
        return 0 if parent.isValid() else len(self._members)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Display text, tooltip, font and colour of a member; the raw nick under NICK_ROLE."""
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = member.prefixes[:1] + isolate(clean_nick(member.nick))
            if member.is_self:
                return shown + " " + QCoreApplication.translate("UserList", "(you)")
            return shown
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [clean_nick(member.nick)]
            if member.is_self:
                parts.append(QCoreApplication.translate("UserList", "This is you."))
            else:
                parts.append(QCoreApplication.translate("UserList", "Click to talk privately."))
            if member.is_host:
                parts.append(QCoreApplication.translate("UserList", "Hosts this chat."))
            if member.away:
                parts.append(QCoreApplication.translate("UserList", "Away."))
            return "\n".join(parts)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [clean_nick(member.nick)]
            if member.is_self:
                parts.append(QCoreApplication.translate("UserList", "you"))
            if member.is_host:
                parts.append(QCoreApplication.translate("UserList", "host"))
            if member.away:
                parts.append(QCoreApplication.translate("UserList", "away"))
            return ", ".join(parts)
        if role == Qt.ItemDataRole.FontRole and member.is_self:
            font = QFont()  # bold, never italic: italic Persian shows as boxes in most fonts
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and member.away and self._quiet.isValid():
            return self._quiet
        if role == NICK_ROLE:
            return member.nick
        if role == IS_SELF_ROLE:
            return member.is_self
        if role == AWAY_ROLE:
            return member.away
        if role == IS_HOST_ROLE:
            return member.is_host
        return None

    def refresh(self) -> None:
        """Every row again (the language or the palette changed)."""
        if self._members:
            self.dataChanged.emit(self.index(0), self.index(len(self._members) - 1))


class MemberDelegate(QStyledItemDelegate):
    """A member row: avatar, name, and a "host" tag on the trailing side."""

    AVATAR = 24
    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Tall enough for the avatar."""
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.AVATAR + self.PAD, max(size.height(), self.AVATAR) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """The style draws the row's background; we draw the avatar, the name and the tag."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        nick = index.data(NICK_ROLE) or ""
        away = bool(index.data(AWAY_ROLE))
        rtl = opt.direction == Qt.LayoutDirection.RightToLeft
        rect = QRect(opt.rect)
        size = self.AVATAR
        left = rect.right() - self.PAD - size if rtl else rect.left() + self.PAD
        paint_avatar(
            painter, QRectF(left, rect.center().y() - size / 2 + 1, size, size), nick, away=away
        )
        metrics = opt.fontMetrics
        tag = QCoreApplication.translate("UserList", "host") if index.data(IS_HOST_ROLE) else ""
        tag_width = metrics.horizontalAdvance(tag) + 12 if tag else 0
        inset = size + 2 * self.PAD
        name_rect = (
            rect.adjusted(tag_width + 4, 0, -inset, 0)
            if rtl
            else rect.adjusted(inset, 0, -tag_width - 4, 0)
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            colour = opt.palette.color(QPalette.ColorRole.HighlightedText)
        else:
            foreground = index.data(Qt.ItemDataRole.ForegroundRole)
            colour = (
                foreground
                if isinstance(foreground, QColor)
                else opt.palette.color(QPalette.ColorRole.Text)
            )
        painter.save()
        try:
            painter.setFont(opt.font)
            painter.setPen(colour)
            align = Qt.AlignmentFlag.AlignVCenter | (
                (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignAbsolute
            )
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, name_rect.width())
            painter.drawText(name_rect, int(align), elided)
            if tag:
                height = metrics.height()
                x = rect.left() + 4 if rtl else rect.right() - tag_width - 2
                box = QRectF(x, rect.center().y() - height / 2, tag_width, height)
                accent = colour if selected else opt.palette.color(QPalette.ColorRole.Link)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(accent)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box, 4, 4)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)
        finally:
            painter.restore()


class UserListView(QListView):
    """The ``userList`` sidebar: click a name (or use its menu) to talk privately."""

    #: The user asked to talk privately with this nick (never emitted for our own name).
    private_requested = Signal(str)
    #: An operator asked to put this nick out of the room (offered only to operators).
    kick_requested = Signal(str)
    #: An operator asked to ban this nick's address and put them out (operators only).
    ban_requested = Signal(str)
    #: The person asked what the server knows about this nick (the Info card).
    info_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userList")
        self.setUniformItemSizes(True)  # no per-row size hints: cheap relayouts
        self.setItemDelegate(MemberDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_model = MemberListModel(self)
        self._take_palette()
        self.setModel(self.list_model)
        self.setAccessibleName(QCoreApplication.translate("UserList", "People in the room"))
        self._menu_nick: str | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.clicked.connect(self._open)
        self.activated.connect(self._open)
        self.customContextMenuRequested.connect(self._show_menu)

    def _take_palette(self) -> None:
        self.list_model.set_quiet_colour(
            self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        )

    def changeEvent(self, event: QEvent) -> None:
        """A theme or language switch: greyed names and texts follow."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._take_palette()
            self.list_model.refresh()
        elif event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(QCoreApplication.translate("UserList", "People in the room"))
            self.list_model.refresh()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """From the keyboard (menu key, Shift+F10) the menu is the current row's."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            if index.isValid():
                self._show_menu(self.visualRect(index).center())
            return
        super().contextMenuEvent(event)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid() and not index.data(IS_SELF_ROLE):
            self.private_requested.emit(index.data(NICK_ROLE))

    def context_menu_for(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row (None for empty space); separate so tests can trigger actions."""
        if not index.isValid():
            return None
        nick = index.data(NICK_ROLE)
        menu = QMenu(self)
        menu.setObjectName("userListMenu")
        action = QAction(QCoreApplication.translate("UserList", "Private message"), menu)
        action.setObjectName("privateMessageAction")
        action.setEnabled(not index.data(IS_SELF_ROLE))
        action.triggered.connect(
            lambda _checked=False, nick=nick: self.private_requested.emit(nick)
        )
        menu.addAction(action)
        info = QAction(QCoreApplication.translate("UserList", "Info"), menu)
        info.setObjectName("infoAction")
        info.triggered.connect(lambda _checked=False, nick=nick: self.info_requested.emit(nick))
        menu.addAction(info)
        if self.we_are_operator() and not index.data(IS_SELF_ROLE):
            menu.addSeparator()
            for name, text, signal in (
                (
                    "kickAction",
                    QCoreApplication.translate("UserList", "Kick out of the room"),
                    self.kick_requested,
                ),
                (
                    "banAction",
                    QCoreApplication.translate("UserList", "Ban from the room"),
                    self.ban_requested,
                ),
            ):
                moderate = QAction(text, menu)
                moderate.setObjectName(name)
                moderate.triggered.connect(
                    lambda _checked=False, nick=nick, signal=signal: signal.emit(nick)
                )
                menu.addAction(moderate)
        return menu

    def we_are_operator(self) -> bool:
        """Whether our own row shows channel-operator status (``@``) in the room shown."""
        return any(m.is_self and "@" in m.prefixes for m in self.list_model.members())

    def _show_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if index.isValid():
            self.setCurrentIndex(index)
        menu = self.context_menu_for(index)
        if menu is not None:
            menu.aboutToHide.connect(menu.deleteLater)
            menu.popup(self.viewport().mapToGlobal(position))
