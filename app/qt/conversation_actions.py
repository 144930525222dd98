"""What the conversation tabs ask of the chat besides sending: replies, reactions, deleting,
and typing notifications — forwarded to the session's methods, never as protocol lines.

:class:`ConversationActions` belongs to the main window. It connects each
:class:`~app.qt.conversation.ConversationWidget`'s requests to ``Session.reply``,
``Session.react``, ``Session.redact`` and ``Session.typing_changed``/``typing_paused`` (which
keep the ``+typing`` rate of the specification), and shows the presenter's "Reza is typing…"
sentence under the right tab, expiring it on a one-second timer.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.qt.guard import guarded
from app.qt.qt import QObject, QTimer

if TYPE_CHECKING:
    from app.client.presentation.presenter import Presenter, TypingShown
    from app.qt.controller import ChatController
    from app.qt.conversation import ConversationWidget
    from app.qt.main_window import MainWindow

log = logging.getLogger(__name__)

#: After the last edit, this long without typing sends "paused" (the spec suggests ~5 s).
PAUSED_MS = 5000
#: How often expired typing states are dropped.
EXPIRE_MS = 1000


class ConversationActions(QObject):
    """Replies, reactions, deletions and typing for every tab of ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._paused: dict[str, QTimer] = {}
        self._expire = QTimer(self)
        self._expire.setInterval(EXPIRE_MS)
        self._expire.timeout.connect(self._expire_typing)
        self._expire.start()

    @property
    def _controller(self) -> ChatController:
        return self._window.controller

    @property
    def _presenter(self) -> Presenter:
        return self._window.presenter

    def attach(self, conversation: ConversationWidget) -> None:
        """Forward ``conversation``'s requests."""
        conversation.reply_submitted.connect(self._reply)
        conversation.react_requested.connect(self._react)
        conversation.delete_requested.connect(self._delete)
        conversation.typing_edited.connect(self._typed)

    def show_typing(self, change: TypingShown) -> None:
        """Who is typing in a conversation changed: say it under its messages."""
        widget = self._window.conversation(change.conversation.name)
        if widget is None:
            return
        sentence = self._presenter.typing_sentence(change.conversation.name)
        widget.show_typing(self._window.texts.say(sentence) if sentence else "")

    @guarded
    def _reply(self, conversation: str, msgid: str, text: str) -> None:
        if not self._controller.session.reply(conversation, msgid, text):
            self._controller.submit(conversation, text)  # no tags here: an ordinary message

    @guarded
    def _react(self, conversation: str, msgid: str, emoji: str) -> None:
        self._controller.session.react(conversation, msgid, emoji)

    @guarded
    def _delete(self, conversation: str, msgid: str) -> None:
        self._controller.session.redact(conversation, msgid)

    @guarded
    def _typed(self, conversation: str, text: str) -> None:
        self._controller.session.typing_changed(conversation, text)
        timer = self._paused.get(conversation)
        if timer is None:
            timer = self._paused[conversation] = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(PAUSED_MS)
            timer.timeout.connect(lambda name=conversation: self._pause(name))
        if text:
            timer.start()
        else:
            timer.stop()

    @guarded
    def _pause(self, conversation: str) -> None:
        self._controller.session.typing_paused(conversation)

    @guarded
    def _expire_typing(self) -> None:
        self._presenter.expire_typing()
