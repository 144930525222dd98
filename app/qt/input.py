"""The ``messageInput`` line: Enter sends, Ctrl+Up/Down recall, Tab completes, pastes split.

Up on an empty input belongs to the conversation (it goes to the newest message, see
:class:`~app.qt.conversation.ConversationWidget`), so recalling what was sent starts with
Ctrl+Up; once a sent line is shown, Up and Down walk on through the history.

The input knows nothing of IRC: it emits ``submitted(text)`` once per message and the
conversation hands that to ``ChatController.submit``. Pasting several lines sends them as one
text with line breaks, which the session sends as one IRCv3 ``draft/multiline`` message where
the host supports it and line by line elsewhere (a paste holding a ``/command`` line is still
submitted line by line, so the command runs); when there are many lines it asks first, with a
window-modal box opened by ``open()`` (not ``exec()``), so the event loop keeps running and
the chat stays live.
"""

from __future__ import annotations

from collections.abc import Callable

from app import APP_NAME
from app.client.presentation.input import Completer, InputHistory
from app.qt.qt import (
    QContextMenuEvent,
    QCoreApplication,
    QEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QLineEdit,
    QLocale,
    QMessageBox,
    Qt,
    QWidget,
    Signal,
)

#: Pastes of more lines than this ask before sending.
PASTE_CONFIRM_OVER = 5


class MessageInput(QLineEdit):
    """A one-line editor for chat input with history, nick completion and paste splitting."""

    #: One message (or slash command) to send, exactly as typed.
    submitted = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        completions: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageInput")
        self.setClearButtonEnabled(False)
        self._say_placeholder()
        # Up/Down and Tab work as in every Gofto front end (app.client.presentation.input).
        self._history = InputHistory()
        self._completer = Completer(completions or list)
        #: The "send N lines?" question while it is open (tests answer it through this).
        self.paste_confirmation: QMessageBox | None = None

    # -- sending and history -----------------------------------------------------------------
    def send(self) -> None:
        """Send what is typed (if anything), remember it for Up/Down and clear the line."""
        text = self.text()
        if not text.strip():
            return
        self._remember(text)
        self.clear()
        self.submitted.emit(text)

    def history(self) -> list[str]:
        """Lines sent from this input, oldest first."""
        return self._history.lines()

    def _remember(self, text: str) -> None:
        self._history.remember(text)

    def recalling(self) -> bool:
        """Whether the input shows a recalled line (Up/Down walk the history)."""
        return self._history.recalling

    def forget_recall(self) -> None:
        """Stop walking the history (the line was emptied and Up went to the messages)."""
        self._history.forget_recall()

    def recall_previous(self) -> None:
        """Ctrl+Up: show the previous sent line (the draft is kept for the way back down)."""
        line = self._history.previous(self.text())
        if line is not None:
            self.setText(line)

    def recall_next(self) -> None:
        """Ctrl+Down: show the next sent line, and finally the draft that was being typed."""
        line = self._history.next()
        if line is not None:
            self.setText(line)

    # -- completion -----------------------------------------------------------------------------
    def complete(self) -> bool:
        """Tab: complete the nickname before the cursor; pressed again, cycle the matches.

        At the start of the line the completion gets ": " (addressing someone), elsewhere a
        space. Returns whether anything was completed.
        """
        done = self._completer.complete(self.text(), self.cursorPosition())
        if done is None:
            return False
        text, cursor = done
        self.setText(text)
        self.setCursorPosition(cursor)
        return True

    # -- pasting -------------------------------------------------------------------------------
    def paste_text(self, pasted: str) -> None:
        """Insert ``pasted``; several lines become several messages (asking if many)."""
        if "\n" not in pasted and "\r" not in pasted:
            self.insert(pasted)
            return
        if self.hasSelectedText():
            self.del_()
        position = self.cursorPosition()
        whole = self.text()[:position] + pasted + self.text()[position:]
        lines = [line for line in whole.splitlines() if line.strip()]
        if len(lines) <= 1:
            self.setText(lines[0] if lines else "")
            return
        if len(lines) <= PASTE_CONFIRM_OVER:
            self._send_lines(lines)
            return
        self._ask_before_sending(lines)

    def _send_lines(self, lines: list[str]) -> None:
        self.clear()
        for line in lines:
            self._remember(line)
        if any(line.startswith("/") and not line.startswith("//") for line in lines):
            for line in lines:
                self.submitted.emit(line)
        else:
            self.submitted.emit("\n".join(lines))

    def _ask_before_sending(self, lines: list[str]) -> None:
        if self.paste_confirmation is not None:
            self.paste_confirmation.close()
        question = QCoreApplication.translate("MessageInput", "Send the pasted lines?")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"{question} — {APP_NAME}",  # every window's title names Gofto
            QCoreApplication.translate(
                "MessageInput",
                "The pasted text has %n line(s). Send it?",
            ).replace("%n", QLocale().toString(len(lines))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("pasteConfirmation")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            self.paste_confirmation = None
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                self._send_lines(lines)

        box.finished.connect(answered)
        self.paste_confirmation = box
        box.open()

    def _paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    # -- Qt overrides -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        """A new language: the placeholder follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._say_placeholder()

    def _say_placeholder(self) -> None:
        self.setPlaceholderText(
            QCoreApplication.translate("MessageInput", "Type a message; /help lists commands")
        )

    def event(self, event: QEvent) -> bool:
        """Take Tab for completion before QWidget uses it to move the focus; on an empty
        line (nothing to complete) Tab moves the focus as usual, so the keyboard reaches
        the people list."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.text()
        ):
            self.complete()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends, Ctrl+Up/Down recall (Up/Down too while a recalled line is shown),
        Paste splits lines; everything else edits the line."""
        key = event.key()
        if key != Qt.Key.Key_Tab:
            self._completer.reset()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        control = Qt.KeyboardModifier.ControlModifier
        walking = modifiers == control or (not modifiers and self._history.recalling)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.send()
        elif key == Qt.Key.Key_Up and walking:
            self.recall_previous()
        elif key == Qt.Key.Key_Down and walking:
            self.recall_next()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self._paste_clipboard()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The standard menu, with Paste going through :meth:`paste_text`."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self._paste_clipboard)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())
