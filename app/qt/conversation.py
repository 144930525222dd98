"""One tab of the main window: a room or a private conversation.

A :class:`ConversationWidget` holds the topic (rooms only), the ``messageView`` and the
``messageInput``, and keeps the tab's unread count. It does not know the controller: it emits
``submitted(conversation, text)`` and the main window passes that on, so the widget can be
built and tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable

from app.client.search import clean_snippet
from app.irc.names import fold, is_channel
from app.qt.input import MessageInput
from app.qt.message_view import MessageView
from app.qt.qt import (
    QCoreApplication,
    QLabel,
    QPushButton,
    Qt,
    QTextCursor,
    QTextDocument,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.render import ViewLine, neutralise


class ConversationWidget(QWidget):
    """The view and input of one conversation, plus its unread state."""

    #: ``(conversation, text)``: the user sent ``text`` in this conversation.
    submitted = Signal(str, str)

    def __init__(
        self,
        name: str,
        *,
        private: bool,
        completions: Callable[[], list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conversation")
        self._name = name
        self.is_private = private
        #: Messages that arrived while this conversation was not being looked at.
        self.unread = 0
        #: Whether one of the unread messages mentions us (or is private).
        self.highlighted = False
        self.topic_label = QLabel(self)
        self.topic_label.setObjectName("topicLabel")
        self.topic_label.setTextFormat(Qt.TextFormat.PlainText)  # topics are untrusted text
        self.topic_label.setWordWrap(True)
        self.topic_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.topic_label.setVisible(False)
        self.earlier_button = QPushButton(
            QCoreApplication.translate("Conversation", "Show earlier messages"), self
        )
        self.earlier_button.setObjectName("loadEarlierButton")
        self.earlier_button.setFlat(True)
        self.earlier_button.setVisible(False)
        self.view = MessageView(self)
        self.input = MessageInput(self, completions=completions)
        self.setFocusProxy(self.input)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.topic_label)
        layout.addWidget(self.earlier_button)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.input)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.input.submitted.connect(lambda text: self.submitted.emit(self._name, text))
        self.earlier_button.clicked.connect(self._load_earlier)
        self.view.hidden_changed.connect(self._update_earlier_button)
        self.view.verticalScrollBar().valueChanged.connect(self._update_earlier_button)

    @property
    def name(self) -> str:
        """The conversation's name: ``#room`` or the other person's nick."""
        return self._name

    @property
    def key(self) -> str:
        """The folded name, for comparisons (see :func:`app.irc.fold`)."""
        return fold(self._name)

    @property
    def is_channel(self) -> bool:
        """Whether this is a channel (a room) rather than a private conversation."""
        return not self.is_private and is_channel(self._name)

    def rename(self, name: str) -> None:
        """The other person changed nick: the private conversation follows them."""
        self._name = name

    def add_line(self, line: ViewLine) -> None:
        """Show ``line`` in this conversation's view (drawn within a frame)."""
        self.view.append_line(line)

    def reveal_message(self, text: str, msgid: str | None = None) -> bool:
        """Scroll to the (newest) message ``text`` and select it; whether it was found.

        Search results (Ctrl+F) call this after switching to the conversation. It finds the
        line by its text among what this session's view was given, bringing back earlier
        lines the view had let go of when needed. ``msgid`` is for a view that finds a record
        by id, and for fetching history from the host around a message this session never
        showed (not done yet: such a line is not found).
        """
        del msgid  # not used by this view yet
        needle = clean_snippet(text[:120], limit=200).strip()  # a long line: its start
        if not needle:
            return False
        self.view.flush()
        found = self._find(needle)
        if found is None and self.view.hidden_count():
            self.view.load_earlier(self.view.hidden_count())
            found = self._find(needle)
        if found is None:
            return False
        self.view.setTextCursor(found)
        self.view.ensureCursorVisible()
        return True

    def _find(self, needle: str) -> QTextCursor | None:
        document = self.view.document()
        backward = QTextDocument.FindFlag.FindBackward
        found = document.find(needle, document.characterCount(), backward)
        return None if found.isNull() else found

    def set_topic(self, topic: str) -> None:
        """Show ``topic`` above the messages, as plain text; an empty topic hides the bar."""
        shown = neutralise(topic).strip()
        self.topic_label.setText(shown)
        self.topic_label.setToolTip(shown)
        self.topic_label.setVisible(bool(shown))

    def _load_earlier(self) -> None:
        self.view.load_earlier()
        self._update_earlier_button()

    def _update_earlier_button(self, *_args: object) -> None:
        bar = self.view.verticalScrollBar()
        self.earlier_button.setVisible(
            self.view.hidden_count() > 0 and bar.value() == bar.minimum()
        )
