"""Ctrl+F: search every conversation this app has logged, and jump to a result.

:class:`SearchDialog` (``searchDialog``) has a ``searchEdit`` and a ``searchResults`` list.
Typing searches (after a short pause) through the log's own thread
(:meth:`app.client.log.ConversationLog.search`); the answer comes back to the GUI thread as a
queued signal, so the window never waits for the disk. Each result shows its conversation
and time, then the matching line between a few lines of context. Enter (in the field or the
list) or a double-click emits :attr:`SearchDialog.result_chosen`; the main window switches
to that conversation and asks it to show the line.

Every text in a result came from the network: it is cleaned
(:func:`app.client.search.clean_snippet`) and drawn as plain text, each piece in its own
direction isolate so a Persian line and an English one sit together without reordering.
"""

from __future__ import annotations

from collections.abc import Callable

from app.client.search import LoggedLine, SearchHit, SearchResults, clean_snippet
from app.qt.days import written_moment
from app.qt.i18n import sentences
from app.qt.qt import (
    QDialog,
    QEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Wait this long after the last key before searching (ms).
SEARCH_DELAY_MS = 200
#: Results asked for, and lines of context on each side.
RESULTS = 100
CONTEXT = 2

Search = Callable[..., None]

_FSI, _PDI = "\u2068", "\u2069"
_ROLE = Qt.ItemDataRole.UserRole


def _isolated(text: str) -> str:
    """Cleaned ``text`` in a first-strong isolate: it keeps its own direction."""
    return f"{_FSI}{clean_snippet(text)}{_PDI}"


def _said(line: LoggedLine) -> str:
    sender = _isolated(line.sender)
    if line.kind == "action":
        return f"* {sender} {_isolated(line.text)}"
    if line.kind == "notice":
        return f"-{sender}- {_isolated(line.text)}"
    return f"{sender}: {_isolated(line.text)}"


def hit_text(hit: SearchHit) -> str:
    """The item text of one result: where and when, then the context with the hit marked."""
    line = hit.line
    when = written_moment(line.time)  # the user's calendar and digits (Jalali in Persian)
    # Each row is isolated as a whole too: a Persian line and an English one each read in
    # their own direction, whatever the list's layout direction.
    rows = [f"{_FSI}{_isolated(line.conversation)} · {when}{_PDI}"]
    rows += [f"    {_FSI}{_said(other)}{_PDI}" for other in hit.before]
    rows.append(f"▶ {_FSI}{_said(line)}{_PDI}")
    rows += [f"    {_FSI}{_said(other)}{_PDI}" for other in hit.after]
    return "\n".join(rows)


class _Answers(QObject):
    """Carries a search's answer from the log's thread to the GUI thread (queued signal).

    It has no parent and is kept alive by the callback that holds it, so an answer that
    arrives after the dialog is gone finds a living object and is simply dropped.
    """

    arrived = Signal(object)


class SearchDialog(QDialog):
    """The search window of one main window (``searchDialog``)."""

    #: ``(conversation, msgid or "", text)``: the person chose this result.
    result_chosen = Signal(str, str, str)

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self._search = search
        self._texts = sentences()
        self._asked = ""  # the query of the latest search asked for
        self._shown = ""  # the query whose results the list shows
        self._listed: SearchResults | None = None  # those results (said again on a switch)
        self._answers = _Answers()
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaxLength(400)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformItemSizes(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.edit)
        self.resize(620, 460)
        self.retranslate()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.edit.textChanged.connect(self._timer.start)
        self.edit.returnPressed.connect(self._enter_in_field)
        self._timer.timeout.connect(self.search_now)
        self.results.itemActivated.connect(self._choose)
        self._answers.arrived.connect(self._show)
        self.edit.installEventFilter(self)

    def retranslate(self) -> None:
        """Every text of ours in the current language."""
        self.setWindowTitle(self.tr("Search"))
        self.edit.setPlaceholderText(self.tr("Search every conversation…"))
        self.edit.setAccessibleName(self.tr("Search"))
        self.results.setAccessibleName(self.tr("Results"))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: our texts, and the results listed, are written again in it."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._texts = sentences()
            if self._listed is not None:
                row = self.results.currentRow()
                self._show(self._listed)
                self.results.setCurrentRow(row)
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the field moves to the results (the keyboard path to pick one)."""
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.results.count()
        ):
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- what the main window calls ----------------------------------------------------------
    def start(self, query: str = "") -> None:
        """Show the dialog with the cursor in the field (``query`` typed in, and searched)."""
        if query:
            self.edit.setText(query)
            self.search_now()
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.selectAll()

    def search_now(self) -> None:
        """Search for what the field holds now (the answer arrives later)."""
        self._timer.stop()
        query = self.edit.text().strip()
        self._asked = query
        if not query:
            self.results.clear()
            self.status.clear()
            self._shown = ""
            self._listed = None
            return
        answers = self._answers

        def reply(results: SearchResults) -> None:  # holds ``answers``: see _Answers
            answers.arrived.emit(results)

        self._search(query, reply, limit=RESULTS, context=CONTEXT)

    @property
    def shown_query(self) -> str:
        """The query whose results are listed (an answer may still be on its way)."""
        return self._shown

    # -- answers -------------------------------------------------------------------------------
    def _show(self, results: SearchResults) -> None:
        if results.query != self._asked:
            return  # an older search's answer: the field has changed since
        self.results.clear()
        self._shown = results.query
        self._listed = results
        texts = self._texts
        query = _FSI + clean_snippet(results.query, 80) + _PDI
        if results.failed:
            self.status.setText(texts("search.failed"))
            return
        if not results.hits:
            self.status.setText(texts("search.none", query=query))
            return
        status = texts("search.heading", query=query, count=len(results.hits))
        if len(results.hits) >= RESULTS:
            status += " " + texts("search.more", count=len(results.hits))
        self.status.setText(status)
        for hit in results.hits:
            item = QListWidgetItem(hit_text(hit))
            line = hit.line
            item.setData(_ROLE, (line.conversation, line.msgid or "", line.text))
            self.results.addItem(item)
        self.results.setCurrentRow(0)

    def _enter_in_field(self) -> None:
        if self._timer.isActive() or self._asked != self.edit.text().strip():
            self.search_now()  # Enter before the pause ended: search first
            return
        if self._shown != self._asked:
            return  # the list still shows an older search; its answer is on the way
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        conversation, msgid, text = item.data(_ROLE)
        self.result_chosen.emit(conversation, msgid, text)
