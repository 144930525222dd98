"""The emoji picker (searchable, recent ones first) and ``:shortcode:`` completion.

:class:`EmojiPicker` is a small popup: a search line and a grid of emoji from
:mod:`app.client.emoji`, the ones used last first (kept in ``QSettings`` under
``emoji/recent``). It is driven entirely by keyboard too: type to search, Down into the
grid, arrows to move, Enter to insert, Escape to close. :class:`ShortcodeCompleter` watches
a line edit: typing ``:thu`` opens a list of matching shortcodes (Enter or a click puts the
emoji in), and a complete ``:thumbsup:`` becomes 👍 as soon as its closing colon is typed.
"""

from __future__ import annotations

from app.client import emoji as table
from app.qt.qt import (
    QCompleter,
    QCoreApplication,
    QDialog,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QSettings,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Emoji remembered as recently used.
RECENT_LIMIT = 24
RECENT_KEY = "emoji/recent"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def recent_emoji(store: QSettings | None = None) -> list[str]:
    """The emoji used last, newest first."""
    value = (store or QSettings()).value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(item) for item in value or []][:RECENT_LIMIT]


def remember_emoji(char: str, store: QSettings | None = None) -> None:
    """Put ``char`` first in the recent list."""
    store = store or QSettings()
    recent = [char, *(item for item in recent_emoji(store) if item != char)]
    store.setValue(RECENT_KEY, recent[:RECENT_LIMIT])


class EmojiPicker(QDialog):
    """A popup grid of emoji with a search line; ``picked(char)`` when one is chosen."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("emojiPicker")
        self.search = QLineEdit(self)
        self.search.setObjectName("emojiSearch")
        self.grid = QListWidget(self)
        self.grid.setObjectName("emojiList")
        self.retranslate()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(40, 40))
        big = self.grid.font()
        big.setPointSizeF(max(big.pointSizeF(), 9) * 1.6)
        self.grid.setFont(big)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.grid)
        self.resize(360, 300)
        self.setFocusProxy(self.search)
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.fill)
        self.grid.itemActivated.connect(self._choose)
        self.grid.itemClicked.connect(self._choose)
        self.fill("")

    def retranslate(self) -> None:
        """Write the picker's texts in the current language (at start and on a switch)."""
        self.setAccessibleName(QCoreApplication.translate("EmojiPicker", "Emoji"))
        self.search.setPlaceholderText(QCoreApplication.translate("EmojiPicker", "Search emoji"))
        self.search.setAccessibleName(QCoreApplication.translate("EmojiPicker", "Search emoji"))
        self.grid.setAccessibleName(QCoreApplication.translate("EmojiPicker", "Emoji"))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the picker follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def fill(self, query: str) -> None:
        """Show the emoji matching ``query``; with no query, the recent ones first."""
        self.grid.clear()
        found = table.search(query)
        if not query.strip():
            recent = recent_emoji()
            names = {e.char: e for e in table.EMOJI}
            first = [names[c] for c in recent if c in names]
            found = first + [e for e in found if e.char not in recent]
        for entry in found:
            item = QListWidgetItem(entry.char, self.grid)
            item.setToolTip(f":{entry.name}:")
            item.setData(NAME_ROLE, entry.name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, entry.name.replace("_", " "))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.grid.count():
            self.grid.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: object) -> bool:
        """In the search line, Down goes into the grid and Enter picks the current emoji."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.grid.setFocus()
                return False
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.grid.currentItem()
                if item is not None:
                    self._choose(item)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem) -> None:
        char = item.text()
        remember_emoji(char)
        self.picked.emit(char)
        self.close()


class ShortcodeCompleter(QObject):
    """``:shortcode:`` completion for a line edit (see the module docstring)."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self._line = line
        self.completer = QCompleter([], line)
        self.completer.setObjectName("emojiCompleter")
        self.completer.setWidget(line)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self._insert)
        # Enter in the list picks the emoji and stops there: QCompleter would pass the key on
        # to the input, which would send the message.
        self.completer.popup().installEventFilter(self)
        line.textEdited.connect(self._edited)

    def eventFilter(self, watched: QObject, event: object) -> bool:
        """Enter or Tab in the open list inserts the chosen emoji and goes no further."""
        popup = self.completer.popup()
        if (
            watched is popup
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
        ):
            index = popup.currentIndex()
            popup.hide()
            if index.isValid():
                self._insert(str(index.data()))
            return True
        return super().eventFilter(watched, event)

    def _edited(self, text: str) -> None:
        cursor = self._line.cursorPosition()
        before = text[:cursor]
        replaced = table.replace_shortcodes(before)
        if replaced != before:
            self._line.setText(replaced + text[cursor:])
            self._line.setCursorPosition(len(replaced))
            self.completer.popup().hide()
            return
        typing = table.TYPING.search(before)
        if typing is None:
            self.completer.popup().hide()
            return
        found = table.completions(typing.group(1))
        if not found:
            self.completer.popup().hide()
            return
        self.completer.model().setStringList([f"{e.char}  :{e.name}:" for e in found])
        self.completer.complete()

    def _insert(self, choice: str) -> None:
        char = choice.split(maxsplit=1)[0]
        text = self._line.text()
        cursor = self._line.cursorPosition()
        typing = table.TYPING.search(text[:cursor])
        start = typing.start() if typing else cursor
        self._line.setText(text[:start] + char + text[cursor:])
        self._line.setCursorPosition(start + len(char))
        remember_emoji(char)
