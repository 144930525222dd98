"""What the conversation tabs ask of the chat besides sending: replies, reactions, deleting —
forwarded to the session's methods, never as protocol lines — and the typing line.

:class:`ConversationActions` belongs to the main window. It connects each
:class:`~app.qt.conversation.ConversationWidget`'s requests to ``Session.reply``,
``Session.react`` and ``Session.redact``, and shows the presenter's "Reza is typing…" sentence
under the right tab, expiring it on a one-second timer. (Sending our own ``+typing`` is the
main window's: ``ConversationWidget.typed``/``typing_paused`` → ``Session.typing_changed``.)
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

#: How often expired typing states are dropped.
EXPIRE_MS = 1000


class ConversationActions(QObject):
    """Replies, reactions and deletions for every tab of ``window``, and its typing lines."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
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

    def show_typing(self, change: TypingShown) -> None:
        """Who is typing in a conversation changed: say it under its messages."""
        widget = self._window.conversation(change.conversation.name)
        if widget is None:
            return
        sentence = self._presenter.typing_sentence(change.conversation.name)
        widget.show_typing(self._window.texts.say(sentence) if sentence else "")

    def retranslate(self) -> None:
        """The language changed: every typing line is said again in the new one."""
        for widget in self._window.conversations():
            sentence = self._presenter.typing_sentence(widget.name)
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
    def _expire_typing(self) -> None:
        self._presenter.expire_typing()
