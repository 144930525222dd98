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
from app.client.presentation.paging import Paging
from app.client.presentation.presenter import Conversation
from app.client.presentation.records import Record, body
from app.client.presentation.text import Span, text_of
from app.qt.emoji_picker import EmojiPicker, ShortcodeCompleter
from app.qt.input import MessageInput
from app.qt.message_view import MessageView
from app.qt.qt import (
    QCoreApplication,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QObject,
    QShortcut,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Opens the emoji picker.
EMOJI_KEY = QKeySequence("Ctrl+;")
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
    #: ``(conversation, gap row id)``: the person activated a gap row; its lines are wanted.
    gap_wanted = Signal(str, str)
    #: ``(conversation, message id, text)``: the user answered that message with ``text``.
    reply_submitted = Signal(str, str, str)
    #: ``(conversation, message id, emoji)``: the user added a reaction.
    react_requested = Signal(str, str, str)
    #: ``(conversation, message id)``: the user asked to delete their message.
    delete_requested = Signal(str, str)
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
        self.view = MessageView(self, texts=texts)
        #: "Reza is typing…" under the messages; hidden while nobody is.
        self.typing_label = QLabel(self)
        self.typing_label.setObjectName("typingLabel")
        self.typing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.typing_label.setVisible(False)
        self.input = MessageInput(self, completions=completions)
        self.setFocusProxy(self.input)
        #: When to ask the host for older lines or for a search result's (shared with Tk).
        self.paging = Paging()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.topic_label)
        self.emoji_button = QToolButton(self)
        self.emoji_button.setObjectName("emojiButton")
        self.emoji_button.setText("\u263a")  # ☺: in common fonts, unlike most emoji
        self.emoji_button.setAutoRaise(True)
        self.emoji_picker: EmojiPicker | None = None
        self._react_to = ""  # the message the picker's emoji reacts to, if any
        # The bar above the input while answering a message.
        self._reply_to = ""
        self._reply_quote = ("", "")  # (sender, quoted text) of the message answered
        self.reply_bar = QFrame(self)
        self.reply_bar.setObjectName("replyBar")
        self.reply_label = QLabel(self.reply_bar)
        self.reply_label.setObjectName("replyLabel")
        self.reply_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes network text
        self.cancel_reply_button = QToolButton(self.reply_bar)
        self.cancel_reply_button.setObjectName("cancelReplyButton")
        self.cancel_reply_button.setText("\u2715")  # ✕
        self.cancel_reply_button.setAutoRaise(True)
        bar = QHBoxLayout(self.reply_bar)
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.reply_label, 1)
        bar.addWidget(self.cancel_reply_button)
        self.reply_bar.setVisible(False)
        self.shortcodes = ShortcodeCompleter(self.input)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.typing_label)
        layout.addWidget(self.reply_bar)
        row = QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.input, 1)
        row.addWidget(self.emoji_button)
        layout.addLayout(row)
        self._input_row = row
        #: Fires once the user stopped typing for TYPING_PAUSE_MS (IRCv3 typing=paused);
        #: public so a test can shorten it.
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(TYPING_PAUSE_MS)
        self._add_keys()
        self._connect_signals()
        self.retranslate()

    def retranslate(self) -> None:
        """Write this tab's own texts in the current language (at start and on
        ``LanguageChange``; the view and the input follow on their own)."""
        self.emoji_button.setAccessibleName(QCoreApplication.translate("Conversation", "Emoji"))
        self.emoji_button.setToolTip(
            QCoreApplication.translate("Conversation", "Insert an emoji (%1)").replace(
                "%1", EMOJI_KEY.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.cancel_reply_button.setAccessibleName(
            QCoreApplication.translate("Conversation", "Cancel the reply")
        )
        if self._reply_to:
            self._show_reply_bar()

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the tab's texts follow (see :meth:`retranslate`)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _connect_signals(self) -> None:
        self.input.submitted.connect(self._submit)
        self.input.installEventFilter(self)
        self.view.installEventFilter(self)
        self.input.textEdited.connect(self._edited)
        self.pause_timer.timeout.connect(self._paused)
        self.view.verticalScrollBar().valueChanged.connect(self._maybe_fetch_older)
        self.cancel_reply_button.clicked.connect(self.cancel_reply)
        self.view.reply_requested.connect(self.start_reply)
        self.view.react_requested.connect(
            lambda record_id, emoji: self.react_requested.emit(self.model.name, record_id, emoji)
        )
        self.view.delete_requested.connect(
            lambda record_id: self.delete_requested.emit(self.model.name, record_id)
        )
        self.view.reaction_requested.connect(self.open_emoji_picker)
        self.view.gap_activated.connect(lambda gap_id: self.gap_wanted.emit(self.name, gap_id))

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
        record by the server's ``msgid`` (else by its text) among the rows the view holds
        (the newest 100,000). A message this session never showed is not found here:
        ``around_wanted`` asks the host for the lines around it, and it is revealed when they
        arrive (:meth:`prepend_history`).
        """
        if self._reveal_shown(text, msgid):
            return True
        if self.paging.wants_around(text, msgid):
            self.around_wanted.emit(self.name, msgid)
        return False

    def _reveal_shown(self, text: str, msgid: str | None) -> bool:
        """Scroll to the message among the rows the view holds; whether it is there."""
        self.view.flush()
        if msgid and self.view.jump_to(msgid):
            return True
        # What the view drew (safe spans of the text); of a long line, its start.
        needle = text_of(body(text)[0])[:120].strip()
        return bool(needle) and self.view.reveal_text(needle)

    def set_topic(self, topic: tuple[Span, ...]) -> None:
        """Show ``topic`` above the messages, as plain text; an empty topic hides the bar."""
        shown = text_of(topic).strip()
        self.topic_label.setText(shown)
        self.topic_label.setToolTip(shown)
        self.topic_label.setVisible(bool(shown))

    # -- history from the host --------------------------------------------------------------
    @property
    def fetching(self) -> bool:
        """Older lines (or a search result's) were asked for and have not arrived yet."""
        return self.paging.fetching

    @property
    def history_complete(self) -> bool:
        """The host has nothing older than what is shown."""
        return self.paging.complete

    def _maybe_fetch_older(self, value: int) -> None:
        """At the very top: ask the host for older lines (the rule is :class:`Paging`'s)."""
        bar = self.view.verticalScrollBar()
        at_top = value == bar.minimum()
        if self.paging.wants_older(at_top=at_top, scrollable=bar.maximum() > bar.minimum()):
            self.older_wanted.emit(self.name)

    def history_requested(self, sent: bool) -> None:
        """Whether the host was asked (``False``: it keeps no history, or has no more)."""
        self.paging.requested(sent)

    def prepend_history(
        self, records: tuple[Record, ...], *, complete: bool, around: str | None
    ) -> None:
        """Older lines arrived: shown above, the position kept; a waiting search result is
        revealed."""
        waiting = self.paging.arrived(complete=complete, around=around)
        self.view.prepend_records(records)
        if waiting is not None:  # not asked again if the host did not have it after all
            self._reveal_shown(waiting.text, waiting.msgid)

    def fill_gap(self, gap_id: str, records: tuple[Record, ...]) -> None:
        """The lines of a gap row arrived: shown in its place."""
        self.view.fill_gap(gap_id, records)

    def show_typing(self, text: str) -> None:
        """Show "Reza is typing…" (the presenter's sentence, said), or hide the line."""
        self.typing_label.setText(self._in_interface_direction(text))
        self.typing_label.setVisible(bool(text))

    def _in_interface_direction(self, text: str) -> str:
        """``text`` starting with a mark of the interface's direction, so a sentence that
        begins with a Latin nickname still runs right to left in Persian."""
        if not text:
            return text
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        return ("\u200f" if rtl else "\u200e") + text

    # -- replies --------------------------------------------------------------------------------
    def start_reply(self, record_id: str) -> bool:
        """Answer the message ``record_id``: a bar above the input says to what; whether the
        message is here (a deleted or trimmed one cannot be answered)."""
        record = self.view.list_model.record_of(record_id)
        if record is None or not record.is_message or record.redacted:
            return False
        self._reply_to = record.id
        quoted = text_of(record.spans).replace("\n", " ")
        if len(quoted) > 80:
            quoted = quoted[:79] + "…"
        self._reply_quote = (record.sender, quoted)
        self._show_reply_bar()
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _show_reply_bar(self) -> None:
        sender, quoted = self._reply_quote
        self.reply_label.setText(
            self._in_interface_direction(
                QCoreApplication.translate("Conversation", "Replying to %1: %2")
                .replace("%1", isolate(sender))
                .replace("%2", isolate(quoted))
            )
        )
        self.reply_bar.setVisible(True)

    def cancel_reply(self) -> None:
        """Back to an ordinary message."""
        self._reply_to = ""
        self.reply_bar.setVisible(False)

    def replying_to(self) -> str:
        """The id of the message the next line answers, or ``""``."""
        return self._reply_to

    def _submit(self, text: str) -> None:
        if self._reply_to and not text.startswith("/"):
            record_id = self._reply_to
            self.cancel_reply()
            self.reply_submitted.emit(self.model.name, record_id, text)
            return
        self.submitted.emit(self.model.name, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the input: Up on an empty line (or Alt+Up) goes to the newest message, where R
        answers it, E reacts, Delete deletes one's own; Escape drops a reply being written.
        In the messages, Escape goes back to the input. (Ctrl+Up/Down recall sent lines.)"""
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if watched is self.input:
            if key == Qt.Key.Key_Up and (
                modifiers == Qt.KeyboardModifier.AltModifier
                or (modifiers == Qt.KeyboardModifier.NoModifier and not self.input.text())
            ):
                self.input.forget_recall()
                return self.view.select_last_message()
            if key == Qt.Key.Key_Escape and self._reply_to:
                self.cancel_reply()
                return True
        elif watched is self.view and key == Qt.Key.Key_Escape and not modifiers:
            self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def add_input_tool(self, widget: QWidget) -> None:
        """Put ``widget`` (a button such as Attach) next to the input."""
        self._input_row.insertWidget(1, widget)

    def add_above_input(self, widget: QWidget) -> None:
        """Put ``widget`` (e.g. the transfers' progress) between the messages and the input."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.typing_label) + 1, widget)

    def open_emoji_picker(self, react_to: str = "") -> EmojiPicker:
        """Open the emoji picker under the button: the chosen emoji goes into the input, or
        becomes a reaction to the message ``react_to`` (E on a message in the view)."""
        if self.emoji_picker is None:
            self.emoji_picker = EmojiPicker(self)
            self.emoji_picker.picked.connect(self._picked_emoji)
        self._react_to = react_to
        picker = self.emoji_picker
        picker.search.clear()
        picker.fill("")
        corner = self.emoji_button.mapToGlobal(self.emoji_button.rect().topRight())
        picker.move(max(0, corner.x() - picker.width()), max(0, corner.y() - picker.height()))
        picker.show()
        picker.search.setFocus()
        return picker

    def _open_picker_for_input(self) -> None:
        self.open_emoji_picker()

    def _picked_emoji(self, char: str) -> None:
        if self._react_to:
            record_id, self._react_to = self._react_to, ""
            self.react_requested.emit(self.model.name, record_id, char)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.input.insert(char)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_keys(self) -> None:
        """Ctrl+plus/minus/0 zoom the messages and Ctrl+; opens the emoji picker, wherever
        the focus is in this conversation."""
        self.emoji_button.clicked.connect(self._open_picker_for_input)
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
