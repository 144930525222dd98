"""One tab of the main window: a room or a private conversation.

A :class:`ConversationWidget` draws one presenter
:class:`~app.client.presentation.presenter.Conversation` (its records, topic and unread count)
with the ``messageView`` and the ``messageInput``. It does not know the controller: it emits
``submitted(conversation, text)`` and the main window passes that on, so the widget can be
built and tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation.direction import isolate
from app.client.presentation.presenter import Conversation
from app.client.presentation.records import Record
from app.client.presentation.text import Span, text_of
from app.qt.emoji_picker import EmojiPicker, ShortcodeCompleter
from app.qt.input import MessageInput
from app.qt.message_view import MessageView
from app.qt.qt import (
    QCoreApplication,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QShortcut,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Opens the emoji picker.
EMOJI_KEY = QKeySequence("Ctrl+;")


class ConversationWidget(QWidget):
    """The view and input of one conversation, plus its unread state."""

    #: ``(conversation, text)``: the user sent ``text`` in this conversation.
    submitted = Signal(str, str)

    def __init__(
        self,
        model: Conversation,
        *,
        completions: Callable[[], list[str]] | None = None,
        texts: Texts = ENGLISH,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conversation")
        #: The presenter's conversation this tab draws (name, unread count, topic).
        self.model = model
        self.topic_label = QLabel(self)
        self.topic_label.setObjectName("topicLabel")
        self.topic_label.setTextFormat(Qt.TextFormat.PlainText)  # topics are untrusted text
        self.topic_label.setWordWrap(True)
        self.topic_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.topic_label.setVisible(False)
        self.view = MessageView(self, texts=texts)
        #: "Reza is typing…" under the messages; hidden while nobody is.
        self.typing_label = QLabel(self)
        self.typing_label.setObjectName("typingLabel")
        self.typing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.typing_label.setVisible(False)
        self.input = MessageInput(self, completions=completions)
        self.setFocusProxy(self.input)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.topic_label)
        self.emoji_button = QToolButton(self)
        self.emoji_button.setObjectName("emojiButton")
        self.emoji_button.setText("\u263a")  # ☺: in common fonts, unlike most emoji
        self.emoji_button.setAutoRaise(True)
        self.emoji_button.setAccessibleName(QCoreApplication.translate("Conversation", "Emoji"))
        self.emoji_button.setToolTip(
            QCoreApplication.translate("Conversation", "Insert an emoji (%1)").replace(
                "%1", EMOJI_KEY.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.emoji_picker: EmojiPicker | None = None
        self.shortcodes = ShortcodeCompleter(self.input)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.typing_label)
        row = QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.input, 1)
        row.addWidget(self.emoji_button)
        layout.addLayout(row)
        self._input_row = row
        self._add_keys()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.input.submitted.connect(lambda text: self.submitted.emit(self.model.name, text))

    @property
    def name(self) -> str:
        """The conversation's name: ``#room`` or the other person's nick."""
        return self.model.name

    @property
    def key(self) -> str:
        """The folded name, for comparisons (see :func:`app.irc.fold`)."""
        return self.model.key

    @property
    def is_private(self) -> bool:
        """Whether this is a private conversation with one person."""
        return self.model.private

    @property
    def is_channel(self) -> bool:
        """Whether this is a channel (a room) rather than a private conversation."""
        return self.model.is_channel

    @property
    def unread(self) -> int:
        """Messages that arrived while this conversation was not being looked at."""
        return self.model.unread

    @property
    def highlighted(self) -> bool:
        """Whether one of the unread messages mentions us (or is private)."""
        return self.model.highlighted

    def add_record(self, record: Record) -> None:
        """Show ``record`` in this conversation's view (drawn within a frame)."""
        self.view.append_record(record)

    def replace_record(self, old_id: str, record: Record) -> None:
        """``record`` takes the place of ``old_id`` (a "not sent yet" line, now sent)."""
        self.view.replace_record(old_id, record)

    def set_topic(self, topic: tuple[Span, ...]) -> None:
        """Show ``topic`` above the messages, as plain text; an empty topic hides the bar."""
        shown = text_of(topic).strip()
        self.topic_label.setText(shown)
        self.topic_label.setToolTip(shown)
        self.topic_label.setVisible(bool(shown))

    def set_typing(self, names: list[str]) -> None:
        """Show who is typing now (``names`` already safe), or hide the line."""
        if not names:
            self.typing_label.clear()
            self.typing_label.setVisible(False)
            return
        shown = ", ".join(isolate(name) for name in names[:3])
        template = (
            QCoreApplication.translate("Conversation", "%1 is typing…")
            if len(names) == 1
            else QCoreApplication.translate("Conversation", "%1 are typing…")
        )
        self.typing_label.setText(template.replace("%1", shown))
        self.typing_label.setVisible(True)

    def add_input_tool(self, widget: QWidget) -> None:
        """Put ``widget`` (a button such as Attach) next to the input."""
        self._input_row.insertWidget(1, widget)

    def add_above_input(self, widget: QWidget) -> None:
        """Put ``widget`` (e.g. the transfers' progress) between the messages and the input."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.typing_label) + 1, widget)

    def open_emoji_picker(self) -> EmojiPicker:
        """Open the emoji picker under the button; the chosen emoji goes into the input."""
        if self.emoji_picker is None:
            self.emoji_picker = EmojiPicker(self)
            self.emoji_picker.picked.connect(self._insert_emoji)
        picker = self.emoji_picker
        picker.search.clear()
        picker.fill("")
        corner = self.emoji_button.mapToGlobal(self.emoji_button.rect().topRight())
        picker.move(max(0, corner.x() - picker.width()), max(0, corner.y() - picker.height()))
        picker.show()
        picker.search.setFocus()
        return picker

    def _insert_emoji(self, char: str) -> None:
        self.input.insert(char)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_keys(self) -> None:
        """Ctrl+plus/minus/0 zoom the messages and Ctrl+; opens the emoji picker, wherever
        the focus is in this conversation."""
        self.emoji_button.clicked.connect(self.open_emoji_picker)
        keys = (
            (EMOJI_KEY, self.open_emoji_picker),
            (QKeySequence.StandardKey.ZoomIn, self.view.zoom_in),
            ("Ctrl+=", self.view.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.view.zoom_out),
            ("Ctrl+0", self.view.zoom_reset),
        )
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
