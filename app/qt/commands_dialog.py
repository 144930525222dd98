"""Help → Commands: every slash command with what it does, then the keyboard.

The commands are the catalogue's (:data:`app.client.commands.COMMANDS`, the same list
``/help`` prints); the keys are this window's. The dialog is written again on
``LanguageChange``, so it follows a language switch while it is open.
"""

from __future__ import annotations

from app import APP_NAME
from app.client.commands import COMMANDS
from app.qt.i18n import sentences
from app.qt.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFontMetrics,
    QPlainTextEdit,
    Qt,
    QTextOption,
    QVBoxLayout,
    QWidget,
)

_CONTEXT = "CommandsDialog"

#: The keys of the main window and what they do (the key names stay as printed on keys).
KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", QT_TRANSLATE_NOOP("CommandsDialog", "Send the message")),
    ("Up", QT_TRANSLATE_NOOP("CommandsDialog", "On an empty line: go to the newest message")),
    (
        "Ctrl+Up, Ctrl+Down",
        QT_TRANSLATE_NOOP("CommandsDialog", "Recall what you sent (then Up and Down go on)"),
    ),
    (
        "Tab",
        QT_TRANSLATE_NOOP(
            "CommandsDialog", "Complete a nickname; on an empty line, go to the people"
        ),
    ),
    ("R", QT_TRANSLATE_NOOP("CommandsDialog", "On a message: reply to it")),
    ("E", QT_TRANSLATE_NOOP("CommandsDialog", "On a message: react to it with an emoji")),
    ("Delete", QT_TRANSLATE_NOOP("CommandsDialog", "On your own message: delete it")),
    (
        "Escape",
        QT_TRANSLATE_NOOP("CommandsDialog", "Back to the input; drop the reply being written"),
    ),
    ("Ctrl+C", QT_TRANSLATE_NOOP("CommandsDialog", "Copy the selected messages")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("CommandsDialog", "Search the conversations")),
    ("Ctrl+;", QT_TRANSLATE_NOOP("CommandsDialog", "Insert an emoji")),
    ("Ctrl+O", QT_TRANSLATE_NOOP("CommandsDialog", "Send a file or picture")),
    ("Ctrl++, Ctrl+-, Ctrl+0", QT_TRANSLATE_NOOP("CommandsDialog", "Zoom the messages")),
)


class CommandsDialog(QDialog):
    """The list of commands and keys (``commandsDialog``, its text ``commandsText``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandsDialog")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("commandsText")
        self.text.setReadOnly(True)
        # Lines wrap at the width: a horizontal scroll bar would only ever show a sliver.
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.retranslate()

    def retranslate(self) -> None:
        """Write the list in the current language."""
        title = QCoreApplication.translate("WindowChrome", "Commands")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.text.setAccessibleName(title)
        texts = sentences()  # the catalogue's usage and help, in the language shown now
        rows = [(texts.say(c.usage), texts.say(c.description)) for c in COMMANDS.values()]
        keys = [(key, QCoreApplication.translate(_CONTEXT, what)) for key, what in KEYS]
        # One tab stop past the widest command or key: the descriptions form a column (from
        # the right in Persian). Commands and keys are typed left to right in every language,
        # so keys are isolated as such; a usage's translated placeholders ("/msg کاربر متن")
        # follow its command in the interface's direction (the catalogue isolates the command).
        metrics = QFontMetrics(self.text.font())
        widest = max((metrics.horizontalAdvance(first) for first, _ in rows + keys), default=0)
        option = QTextOption()
        direction = self.layoutDirection()
        option.setTextDirection(direction)  # each line in the interface's direction
        rtl = direction == Qt.LayoutDirection.RightToLeft
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTabStopDistance(widest + 3 * metrics.averageCharWidth())
        self.text.document().setDefaultTextOption(option)
        lines = [f"{usage}\t{what}" for usage, what in rows]
        lines += ["", QCoreApplication.translate(_CONTEXT, "Keyboard"), ""]
        lines += [f"\u2066{key}\u2069\t{what}" for key, what in keys]
        self.text.setPlainText("\n".join(lines))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the list follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
