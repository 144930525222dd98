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
from app.client.presentation.presenter import Conversation
from app.client.presentation.records import Record, body
from app.client.presentation.text import Span, text_of
from app.qt.input import MessageInput
from app.qt.message_view import MessageView
from app.qt.qt import (
    QCoreApplication,
    QLabel,
    QPushButton,
    Qt,
    QTextCursor,
    QTextDocument,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: How long without an edit (text left in the input) counts as a pause in typing (ms).
TYPING_PAUSE_MS = 5000


class ConversationWidget(QWidget):
    """The view and input of one conversation, plus its unread state."""

    #: ``(conversation, text)``: the user sent ``text`` in this conversation.
    submitted = Signal(str, str)
    #: ``conversation``: the person scrolled to the top; older lines are wanted from the host.
    older_wanted = Signal(str)
    #: ``(conversation, msgid)``: a search result not loaded; the lines around it are wanted.
    around_wanted = Signal(str, str)
    #: ``(conversation, text)``: the user edited the input, which now holds ``text`` (the
    #: session decides whether to send IRCv3 ``+typing``).
    typed = Signal(str, str)
    #: ``(conversation)``: the user stopped typing a while ago with text left in the input.
    typing_paused = Signal(str)

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
        self.earlier_button = QPushButton(
            QCoreApplication.translate("Conversation", "Show earlier messages"), self
        )
        self.earlier_button.setObjectName("loadEarlierButton")
        self.earlier_button.setFlat(True)
        self.earlier_button.setVisible(False)
        self.view = MessageView(self, texts=texts)
        self.input = MessageInput(self, completions=completions)
        self.setFocusProxy(self.input)
        #: Older lines were asked for and have not arrived yet (one request at a time).
        self.fetching = False
        #: The host has nothing older than what is shown.
        self.history_complete = False
        # A search result waiting for its lines: (text, msgid).
        self._reveal_later: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.topic_label)
        layout.addWidget(self.earlier_button)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.input)
        #: Fires once the user stopped typing for TYPING_PAUSE_MS (IRCv3 typing=paused);
        #: public so a test can shorten it.
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(TYPING_PAUSE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.input.submitted.connect(lambda text: self.submitted.emit(self.model.name, text))
        self.input.textEdited.connect(self._edited)
        self.pause_timer.timeout.connect(self._paused)
        self.earlier_button.clicked.connect(self._load_earlier)
        self.view.hidden_changed.connect(self._update_earlier_button)
        self.view.verticalScrollBar().valueChanged.connect(self._update_earlier_button)
        self.view.verticalScrollBar().valueChanged.connect(self._maybe_fetch_older)

    def _edited(self, text: str) -> None:
        self.typed.emit(self.model.name, text)
        if text.strip():
            self.pause_timer.start()
        else:
            self.pause_timer.stop()

    def _paused(self) -> None:
        if self.input.text().strip():
            self.typing_paused.emit(self.model.name)

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

    def reveal_message(self, text: str, msgid: str | None = None) -> bool:
        """Scroll to the (newest) message ``text`` and select it; whether it was found.

        Search results (Ctrl+F) call this after switching to the conversation. It finds the
        record by the server's ``msgid`` (else by its text) among what this session's view
        was given, bringing back earlier lines the view had let go of when needed. Fetching
        history from the host around a message this session never showed is not done yet:
        such a line is not found here: ``around_wanted`` asks for the lines around it, and
        it is revealed when they arrive (:meth:`prepend_history`).
        """
        self.view.flush()
        record = next((r for r in reversed(self.view.lines()) if msgid and r.id == msgid), None)
        # What the view drew (the server's id names the record, else its text); of a long
        # line, its start.
        drawn = record.spans if record is not None else body(text)[0]
        needle = text_of(drawn)[:120].strip()
        if not needle:
            return False
        found = self._find(needle)
        if found is None and self.view.hidden_count():
            self.view.load_earlier(self.view.hidden_count())
            found = self._find(needle)
        if found is None:
            if msgid and not self.fetching:
                self._reveal_later = (text, msgid)
                self.around_wanted.emit(self.name, msgid)
            return False
        self.view.setTextCursor(found)
        self.view.ensureCursorVisible()
        return True

    def _find(self, needle: str) -> QTextCursor | None:
        document = self.view.document()
        backward = QTextDocument.FindFlag.FindBackward
        found = document.find(needle, document.characterCount(), backward)
        return None if found.isNull() else found

    def set_topic(self, topic: tuple[Span, ...]) -> None:
        """Show ``topic`` above the messages, as plain text; an empty topic hides the bar."""
        shown = text_of(topic).strip()
        self.topic_label.setText(shown)
        self.topic_label.setToolTip(shown)
        self.topic_label.setVisible(bool(shown))

    # -- history from the host --------------------------------------------------------------
    def _maybe_fetch_older(self, value: int) -> None:
        """At the very top, with nothing of this session hidden: ask the host for more."""
        bar = self.view.verticalScrollBar()
        if value != bar.minimum() or bar.maximum() == bar.minimum():
            return
        if self.fetching or self.history_complete or self.view.hidden_count():
            return
        self.older_wanted.emit(self.name)

    def history_requested(self, sent: bool) -> None:
        """Whether the host was asked (``False``: it keeps no history, or has no more)."""
        self.fetching = sent
        if not sent:
            self._reveal_later = None

    def prepend_history(
        self, records: tuple[Record, ...], *, complete: bool, around: str | None
    ) -> None:
        """Older lines arrived: shown above, the position kept; a waiting search result is
        revealed."""
        self.fetching = False
        if complete:
            self.history_complete = True
        self.view.prepend_records(records)
        waiting, self._reveal_later = self._reveal_later, None
        if waiting is not None and around == waiting[1]:
            self.reveal_message(*waiting)

    def _load_earlier(self) -> None:
        self.view.load_earlier()
        self._update_earlier_button()

    def _update_earlier_button(self, *_args: object) -> None:
        bar = self.view.verticalScrollBar()
        self.earlier_button.setVisible(
            self.view.hidden_count() > 0 and bar.value() == bar.minimum()
        )
