"""The start dialog's list of chats found on the network (``discoveredList``).

:class:`DiscoveredChats` owns a :class:`~app.discovery.browse.Browser`, whose work happens on
python-zeroconf's threads; its callback only emits a signal, which Qt queues to the GUI
thread, and a short timer folds a burst of announcements into one refresh. The
:class:`DiscoveredList` widget shows each chat as its name, the host's nickname, the people
count and a lock icon when a room password is needed; names are cleaned by
:mod:`app.discovery.record` and isolated, so Persian (or any script) is shaped and runs in its
own direction without turning the rest of the line around. Double-click or Enter emits
``chosen(FoundChat)``; Enter is taken here, so it does not also press the dialog's default
button.
"""

from __future__ import annotations

from app import discovery
from app.client.presentation.direction import isolate
from app.discovery.browse import Browser
from app.discovery.record import FoundChat
from app.qt.guard import guarded
from app.qt.qt import (
    QColor,
    QIcon,
    QKeyEvent,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QObject,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    Qt,
    QTimer,
    QWidget,
    Signal,
)
from app.qt.render import fill

#: How long announcements are gathered before the list is redrawn.
REFRESH_MS = 150
_CHAT_ROLE = Qt.ItemDataRole.UserRole


def lock_icon(color: QColor, size: int = 16) -> QIcon:
    """A padlock drawn with the text colour (no emoji font or icon theme is needed)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color)
    pen.setWidthF(size / 9)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    unit = size / 16
    painter.drawArc(int(4 * unit), int(1 * unit), int(8 * unit), int(9 * unit), 0, 180 * 16)
    painter.drawLine(int(4 * unit), int(5.5 * unit), int(4 * unit), int(7 * unit))
    painter.drawLine(int(12 * unit), int(5.5 * unit), int(12 * unit), int(7 * unit))
    painter.setBrush(color)
    painter.drawRoundedRect(int(2 * unit), int(7 * unit), int(12 * unit), int(8 * unit), unit, unit)
    painter.end()
    return QIcon(pixmap)


class DiscoveredChats(QObject):
    """The chats on the network, kept current off the GUI thread; ``changed`` on the GUI
    thread when the list changed. Browsing starts with :meth:`start` and only when
    discovery is on (``GOFTO_DISCOVERY``)."""

    changed = Signal()
    _browser_changed = Signal()

    def __init__(self, parent: QObject | None = None, browser: Browser | None = None) -> None:
        super().__init__(parent)
        self._browser = browser
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.changed)
        # Emitted on python-zeroconf's thread: Qt queues it to this object's (GUI) thread.
        self._browser_changed.connect(self._timer.start, Qt.ConnectionType.QueuedConnection)

    @property
    def active(self) -> bool:
        """Whether browsing is under way."""
        return self._browser is not None

    def start(self) -> bool:
        """Start browsing (once); ``False`` when discovery is off."""
        if self._browser is not None:
            return True
        if not discovery.enabled():
            return False
        self._browser = Browser(self._browser_changed.emit)
        self._browser.start()
        return True

    def chats(self) -> list[FoundChat]:
        """The chats found, sorted and capped (see :mod:`app.discovery.browse`)."""
        return self._browser.chats() if self._browser is not None else []

    def stop(self) -> None:
        """Stop browsing; the sockets close on a helper thread (the GUI never waits)."""
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.stop(wait=False)
        self._timer.stop()


class DiscoveredList(QListWidget):
    """The list widget; :meth:`show_chats` redraws it, keeping the selected chat selected."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discoveredList")
        self.setUniformItemSizes(True)
        self.itemDoubleClicked.connect(self._on_double_clicked)
        self._lock = lock_icon(self.palette().color(QPalette.ColorRole.Text))

    def describe(self, chat: FoundChat) -> str:
        """One chat's line: name, host nickname, people (the lock is the item's icon)."""
        record = chat.record
        parts = [isolate(chat.name)]
        if record.nick:
            parts.append(isolate(record.nick))
        if record.people is not None:
            count = QLocale().toString(record.people)  # Persian digits in Persian
            parts.append(fill(self.tr("%1 in the room"), count))
        return " — ".join(parts)

    def show_chats(self, chats: list[FoundChat]) -> None:
        """Show ``chats`` (already sorted and capped)."""
        current = self.current_chat()
        self.clear()
        for chat in chats:
            text = self.describe(chat)
            item = QListWidgetItem(text)
            item.setData(_CHAT_ROLE, chat)
            tip = f"{chat.address}:{chat.port}"
            if chat.record.password:
                needs = self.tr("needs the room password")
                tip += " — " + needs
                item.setIcon(self._lock)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text} — {needs}")
            item.setToolTip(tip)
            self.addItem(item)
            if current is not None and chat.key == current.key:
                self.setCurrentItem(item)

    def current_chat(self) -> FoundChat | None:
        """The selected chat, if any."""
        item = self.currentItem()
        chat = item.data(_CHAT_ROLE) if item is not None else None
        return chat if isinstance(chat, FoundChat) else None

    def chats(self) -> list[FoundChat]:
        """Every chat shown, in order."""
        return [self.item(i).data(_CHAT_ROLE) for i in range(self.count())]

    @guarded
    def _on_double_clicked(self, item: QListWidgetItem) -> None:
        chat = item.data(_CHAT_ROLE)
        if isinstance(chat, FoundChat):
            self.chosen.emit(chat)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter joins the selected chat (and is not passed on to the default button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chat = self.current_chat()
            if chat is not None:
                event.accept()
                self.chosen.emit(chat)
                return
        super().keyPressEvent(event)
