"""The rows of one conversation view: records grouped, separated by day, quiet lines folded.

:class:`MessageModel` is a ``QAbstractListModel`` over the presenter's
:class:`~app.client.presentation.records.Record`s. It decides the *shape* of the
conversation, once, as records arrive, so that drawing a row never looks at its neighbours:

- a **day row** goes before the first record of each calendar day;
- a chat message **starts a group** (avatar and name above it) unless the one before it is a
  plain message of the same person, both live or both history, at most
  :data:`GROUP_SECONDS` apart;
- joins, parts, quits and nick changes that come one after another **fold into one summary
  row** ("Ali, Sara joined · Reza left") instead of a line each.

The model holds at most ``max_rows`` rows: the oldest are dropped in chunks of
:data:`TRIM_CHUNK` (one ``beginRemoveRows`` for many rows), so memory stays bounded however
long the chat runs. Every row exposes its plain text through ``DisplayRole`` and
``AccessibleTextRole`` (what copying and screen readers get) and itself through
:data:`ROW_ROLE` (what the delegate draws).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation import records as rec
from app.client.presentation.convo import reactions_text
from app.client.presentation.direction import isolate
from app.client.presentation.records import Record
from app.client.presentation.text import text_of
from app.irc.names import fold
from app.qt.days import day_label, local_day
from app.qt.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
)
from app.qt.render import clock

#: Messages of one person closer together than this share one header.
GROUP_SECONDS = 5 * 60
#: Rows a view keeps; older ones are dropped (a long session stays bounded).
DEFAULT_MAX_ROWS = 100_000
#: Rows dropped at once when the cap is passed: one removal for many rows.
TRIM_CHUNK = 1_000
#: Names written in a summary per kind of change; the rest are counted.
SUMMARY_NAMES = 3
#: Records a summary row remembers for its tooltip (the counts go on regardless).
SUMMARY_KEEP = 50
#: The data role that gives the :class:`Row` itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The data role that gives a message row's shared host file (an
#: :class:`app.qt.attachments.Attachment`), or ``None``.
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 2

_JOINS = frozenset({"line.joined"})
_LEAVES = frozenset({"line.left", "line.left_reason", "line.quit", "line.quit_reason"})
_RENAMES = frozenset({"line.nick"})
COLLAPSIBLE = _JOINS | _LEAVES | _RENAMES


class RowKind(enum.Enum):
    """What a row is."""

    MESSAGE = "message"  # a chat message (text, action, notice)
    LINE = "line"  # a conversation line: Gofto's sentence, info or error
    DAY = "day"  # the separator above a new day
    SUMMARY = "summary"  # several joins/parts/nick changes in a row


@dataclass(slots=True, eq=False)
class Row:
    """One row of the view. ``records`` has one record, or the folded ones of a summary."""

    kind: RowKind
    key: str
    day: date
    records: list[Record] = field(default_factory=list)
    #: A message that starts a group: drawn with avatar and name.
    starts_group: bool = False
    #: How many records a summary folded (``records`` keeps only the last ones).
    folded: int = 0
    #: The folded changes of a summary: names by kind ("join", "leave", "rename").
    names: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: Bumped whenever the row changes: the delegate's layout cache keys on it.
    version: int = 0

    @property
    def record(self) -> Record:
        """The row's record (a summary's latest)."""
        return self.records[-1]


def _change(record: Record) -> tuple[str, str]:
    values = record.values()
    if record.kind in _JOINS:
        return "join", values.get("nick", "")
    if record.kind in _LEAVES:
        return "leave", values.get("nick", "")
    return "rename", f"{values.get('old', '')} \u2192 {values.get('new', '')}"


class MessageModel(QAbstractListModel):
    """Rows of one conversation, appended in batches, capped at ``max_rows``."""

    _SUMMARY_TEMPLATES: ClassVar[dict[str, str]] = {
        "join": QT_TRANSLATE_NOOP("MessageView", "%1 joined"),
        "leave": QT_TRANSLATE_NOOP("MessageView", "%1 left"),
        "rename": QT_TRANSLATE_NOOP("MessageView", "%1 changed their name"),
    }

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        texts: Texts = ENGLISH,
        max_rows: int = DEFAULT_MAX_ROWS,
        trim_chunk: int = TRIM_CHUNK,
    ) -> None:
        super().__init__(parent)
        self.texts = texts
        self.max_rows = max(2, max_rows)
        self.trim_chunk = max(1, min(trim_chunk, self.max_rows // 2))
        self._rows: list[Row] = []
        self._serial = 0
        #: Messages ever appended (a flood's count: the bench checks every one was shown).
        self.messages_added = 0
        #: Which host file a message record shares (set by the window; see app.qt.attachments).
        self.attachments: Callable[[Record], object | None] | None = None
        #: What a screen reader hears of an attachment ("Picture: lake.png").
        self.attachment_text: Callable[[object], str] | None = None

    # -- Qt's model interface --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        """The number of rows (a list has no children)."""
        if parent is not None and parent.isValid():
            return 0
        return len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The row's plain text (display, accessibility), tooltip, or the :class:`Row`."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == ATTACHMENT_ROLE:
            return self.attachment(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and self.attachment_text is not None:
            attachment = self.attachment(row)
            said = self.attachment_text(attachment) if attachment is not None else ""
            return f"{self.text(row)} {said}" if said else self.text(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and row.kind is RowKind.SUMMARY:
            return "\n".join(self.line_text(record) for record in row.records)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        """Rows can be selected (for copying), never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- reading -----------------------------------------------------------------------------------
    def row(self, number: int) -> Row:
        """Row ``number`` (0 is the oldest kept)."""
        return self._rows[number]

    def rows(self) -> list[Row]:
        """Every row kept, oldest first (a copy)."""
        return list(self._rows)

    def records(self) -> list[Record]:
        """Every record kept, oldest first (a summary's remembered ones included)."""
        return [record for row in self._rows for record in row.records]

    def attachment(self, row: Row) -> object | None:
        """The host file a message row shares (drawn under it), or ``None``."""
        if self.attachments is None or row.kind is not RowKind.MESSAGE:
            return None
        return self.attachments(row.record)

    def attachment_changed(self, url: str) -> None:
        """The preview of ``url`` changed: its rows are laid out and drawn again."""
        if self.attachments is None:
            return
        for number in range(len(self._rows) - 1, -1, -1):
            row = self._rows[number]
            found = self.attachment(row)
            if found is not None and getattr(found, "url", None) == url:
                row.version += 1
                index = self.index(number)
                self.dataChanged.emit(index, index)

    def record_of(self, record_id: str) -> Record | None:
        """The kept record ``record_id`` (a message's msgid), if it is still here."""
        number = self.row_of(record_id)
        if number < 0:
            return None
        return next(r for r in self._rows[number].records if r.id == record_id)

    def row_of(self, record_id: str) -> int:
        """The row showing the record ``record_id`` (searched from the newest), or -1."""
        for number in range(len(self._rows) - 1, -1, -1):
            if any(record.id == record_id for record in self._rows[number].records):
                return number
        return -1

    def text(self, row: Row) -> str:
        """The row as one line of plain text: what is copied and what a screen reader says."""
        if row.kind is RowKind.DAY:
            return day_label(row.day)
        if row.kind is RowKind.SUMMARY:
            stamp = isolate(self.texts.digits(clock(row.record.time)), ltr=True)
            return f"{stamp} {self.summary(row)}"
        return self.line_text(row.record)

    def line_text(self, record: Record) -> str:
        """One record as a line: time, then the sender and text or Gofto's sentence."""
        stamp = isolate(self.texts.digits(clock(record.time)), ltr=True)
        return f"{stamp} {self.body_text(record)}"

    def body_text(self, record: Record) -> str:
        """One record without its time."""
        kind = record.kind
        if record.is_message:
            nick = isolate(record.sender)
            body = text_of(record.spans)
            if record.redacted:
                body = self.texts("convo.deleted")
            elif record.reply_to:
                body = f"{body} ({self.quote_text(record)})"
            if record.reactions and not record.redacted:
                body = f"{body} [{reactions_text(record, self.texts.digits)}]"
            if kind == rec.NOTICE:
                shown = f"-{nick}- {body}"
            elif kind == rec.ACTION:
                shown = f"* {nick} {body}"
            else:
                shown = f"{nick}: {body}"
            if record.pending:
                shown += f" {self.texts('state.not_sent')}"
            return shown
        if kind in (rec.INFO, rec.ERROR):
            said = self.texts.say(record.sentence) if record.sentence else text_of(record.spans)
            return f"\u26a0 {said}" if kind == rec.ERROR else said
        return self.texts(kind, **record.values())

    def quote_text(self, record: Record) -> str:
        """The quoted line above a reply: who said what (or that it is not known here)."""
        if record.reply_sender:
            return self.texts(
                "convo.reply_to", nick=isolate(record.reply_sender), text=record.reply_text
            )
        return self.texts("convo.reply_unknown")

    def summary(self, row: Row) -> str:
        """A summary row's sentence: who joined, who left, who changed name."""
        parts = []
        for what in ("join", "leave", "rename"):
            names = row.names.get(what)
            if not names:
                continue
            shown = QCoreApplication.translate("MessageView", ", ").join(names)
            more = row.counts[what] - len(names)
            if more > 0:
                shown += QCoreApplication.translate("MessageView", " and %1 more").replace(
                    "%1", QLocale().toString(more)
                )
            template = QCoreApplication.translate("MessageView", self._SUMMARY_TEMPLATES[what])
            parts.append(template.replace("%1", shown))
        return " \u00b7 ".join(parts)

    # -- changing ----------------------------------------------------------------------------------
    def append(self, records: list[Record]) -> None:
        """Add ``records`` at the end: grouped, day rows added, quiet lines folded."""
        new: list[Row] = []
        changed: Row | None = None
        for record in records:
            last = new[-1] if new else (self._rows[-1] if self._rows else None)
            day = local_day(record.time)
            if last is None or last.day != day:
                new.append(self._new_row(RowKind.DAY, day, []))
                last = new[-1]
            if record.kind in COLLAPSIBLE and self._folds_into(last):
                self._fold(last, record)
                if not new:
                    changed = last
                continue
            if record.is_message:
                self.messages_added += 1
                row = self._new_row(RowKind.MESSAGE, day, [record])
                row.starts_group = not self._continues(last, record)
            else:
                row = self._new_row(RowKind.LINE, day, [record])
            new.append(row)
        if changed is not None:
            index = self.index(len(self._rows) - 1)
            self.dataChanged.emit(index, index)
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        self._trim()

    def prepend(self, records: list[Record]) -> int:
        """Add older ``records`` (oldest first) above every row: grouped, with their day rows
        (the first day row below is dropped when the added lines end on that same day).
        Returns the rows added; none when the model is full (it keeps the newest rows)."""
        room = self.max_rows - len(self._rows)
        if room <= 0 or not records:
            return 0
        new: list[Row] = []
        for record in records:
            last = new[-1] if new else None
            day = local_day(record.time)
            if last is None or last.day != day:
                new.append(self._new_row(RowKind.DAY, day, []))
                last = new[-1]
            if record.kind in COLLAPSIBLE and self._folds_into(last):
                self._fold(last, record)
                continue
            if record.is_message:
                self.messages_added += 1
                row = self._new_row(RowKind.MESSAGE, day, [record])
                row.starts_group = not self._continues(last, record)
            else:
                row = self._new_row(RowKind.LINE, day, [record])
            new.append(row)
        new = new[len(new) - min(room, len(new)) :]
        if self._rows and self._rows[0].kind is RowKind.DAY and new[-1].day == self._rows[0].day:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            del self._rows[0]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
        self._rows[:0] = new
        self.endInsertRows()
        return len(new)

    def replace(self, old_id: str, record: Record) -> bool:
        """Show ``record`` in place of the record ``old_id``; whether it was found."""
        number = self.row_of(old_id)
        if number < 0:
            return False
        row = self._rows[number]
        row.records = [record if r.id == old_id else r for r in row.records]
        row.version += 1
        index = self.index(number)
        self.dataChanged.emit(index, index)
        return True

    def clear(self) -> None:
        """Drop every row."""
        self.beginResetModel()
        self._rows.clear()
        self.endResetModel()

    def _new_row(self, kind: RowKind, day: date, records: list[Record]) -> Row:
        self._serial += 1
        return Row(kind, f"row{self._serial}", day, records)

    @staticmethod
    def _folds_into(last: Row) -> bool:
        """Whether a join/part/nick line goes into ``last`` (a summary, or a line like it)."""
        if last.kind is RowKind.SUMMARY:
            return True
        return last.kind is RowKind.LINE and last.record.kind in COLLAPSIBLE

    @staticmethod
    def _continues(last: Row, record: Record) -> bool:
        """Whether ``record`` joins the group of the message row ``last``."""
        if last.kind is not RowKind.MESSAGE or record.kind != rec.MESSAGE:
            return False
        before = last.record
        if before.kind != rec.MESSAGE or before.history != record.history:
            return False
        if before.own != record.own or fold(before.sender) != fold(record.sender):
            return False
        gap = (record.time - before.time).total_seconds()
        return 0 <= gap <= GROUP_SECONDS

    def _fold(self, row: Row, record: Record) -> None:
        """Fold ``record`` into ``row`` (a single quiet line becomes a summary)."""
        if row.kind is RowKind.LINE:
            row.kind = RowKind.SUMMARY
            first = row.records[0]
            row.folded = 0
            self._count(row, first)
        self._count(row, record)
        row.records.append(record)
        if len(row.records) > SUMMARY_KEEP:
            del row.records[0]
        row.version += 1

    @staticmethod
    def _count(row: Row, record: Record) -> None:
        what, who = _change(record)
        row.folded += 1
        row.counts[what] = row.counts.get(what, 0) + 1
        names = row.names.setdefault(what, [])
        if len(names) < SUMMARY_NAMES and who not in names:
            names.append(who)

    def _trim(self) -> None:
        """Drop the oldest rows in one chunk once the cap is passed."""
        excess = len(self._rows) - self.max_rows
        if excess <= 0:
            return
        count = min(len(self._rows), max(excess, self.trim_chunk))
        self.beginRemoveRows(QModelIndex(), 0, count - 1)
        del self._rows[:count]
        self.endRemoveRows()
