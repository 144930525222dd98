"""The people pane's "Info": what the server knows about someone, in a small card.

The card opens at once saying it is looking the person up, and fills in when the session's
:class:`~app.client.events.PersonLooked` arrives (a quiet WHOIS, so nothing is written into
the room). Every value is text from the network, shown as plain text only and shortened; the
card never blocks the chat (``show()``, not ``exec()``), closes with Escape, and follows a
language switch while it is open.
"""

from __future__ import annotations

from datetime import datetime

from app import APP_NAME
from app.client.events import PersonLooked
from app.client.presentation.direction import isolate
from app.client.presentation.text import name as clean_nick
from app.client.presentation.text import plain as neutralise
from app.qt.avatar_paint import avatar_pixmap
from app.qt.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLocale,
    Qt,
    QVBoxLayout,
    QWidget,
)

AVATAR_SIZE = 56
#: Longest value shown in one field of the card.
MAX_VALUE = 200


def _plain(text: str) -> str:
    shown = neutralise(text).strip()
    return shown[: MAX_VALUE - 1] + "…" if len(shown) > MAX_VALUE else shown


class PersonCard(QDialog):
    """The ``personCard`` dialog for one nick."""

    def __init__(self, nick: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personCard")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.nick = nick
        self.result: PersonLooked | None = None
        self.avatar = QLabel(self)
        self.avatar.setObjectName("personAvatar")
        self.avatar.setPixmap(avatar_pixmap(nick, AVATAR_SIZE, ratio=self.devicePixelRatioF()))
        self.name_label = QLabel(self)
        self.name_label.setObjectName("personName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setText(clean_nick(nick))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("personStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setObjectName("personFields")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.avatar)
        names = QVBoxLayout()
        names.addWidget(self.name_label)
        names.addWidget(self.status_label)
        top.addLayout(names, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()

    def values(self) -> dict[str, str]:
        """The fields shown, by objectName of their value label (for tests)."""
        found: dict[str, str] = {}
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                found[widget.objectName()] = widget.text()
        return found

    def show_result(self, result: PersonLooked) -> None:
        """Fill the card with the server's answer."""
        self.result = result
        self.retranslate()

    def retranslate(self) -> None:
        """(Re)write the card in the current language."""
        self.setWindowTitle(f"{clean_nick(self.nick)} — {APP_NAME}")
        self.setAccessibleName(self.tr("About %1").replace("%1", clean_nick(self.nick)))
        while self.form.rowCount():
            self.form.removeRow(0)
        result = self.result
        if result is None:
            self.status_label.setText(self.tr("Looking up…"))
            return
        if not result.found:
            self.status_label.setText(self.tr("Nobody with this name is in the chat now."))
            return
        status = []
        if result.operator:
            status.append(self.tr("Hosts this chat"))
        status.append(
            self.tr("Away: %1").replace("%1", _plain(result.away) or "—")
            if result.away is not None
            else self.tr("Here")
        )
        self.status_label.setText(" · ".join(status))
        rows: list[tuple[str, str, str]] = []
        if result.realname:
            rows.append(("personRealName", self.tr("Name:"), _plain(result.realname)))
        if result.user or result.host:
            address = isolate(f"{_plain(result.user)}@{_plain(result.host)}", ltr=True)
            rows.append(("personAddress", self.tr("Address:"), address))
        if result.channels:
            rooms = " ".join(isolate(_plain(name)) for name in result.channels[:30])
            rows.append(("personRooms", self.tr("Rooms:"), rooms))
        if result.idle_seconds is not None:
            rows.append(("personIdle", self.tr("Idle:"), self._duration(result.idle_seconds)))
        if result.signon is not None:
            rows.append(("personSignon", self.tr("Connected since:"), self._when(result.signon)))
        if result.account:
            rows.append(("personAccount", self.tr("Account:"), _plain(result.account)))
        if result.server:
            rows.append(("personServer", self.tr("Server:"), _plain(result.server)))
        if result.secure:
            rows.append(("personSecure", self.tr("Connection:"), self.tr("Encrypted")))
        for name, label_text, value in rows:
            value_label = QLabel(value, self)
            value_label.setObjectName(name)
            value_label.setTextFormat(Qt.TextFormat.PlainText)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            value_label.setAccessibleName(label_text.rstrip(":："))
            label = QLabel(label_text, self)
            label.setBuddy(value_label)
            self.form.addRow(label, value_label)

    def _duration(self, seconds: int) -> str:
        locale = QLocale()
        minutes, secs = divmod(max(0, seconds), 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return (
                self.tr("%1 h %2 min")
                .replace("%1", locale.toString(hours))
                .replace("%2", locale.toString(minutes))
            )
        if minutes:
            return self.tr("%1 min").replace("%1", locale.toString(minutes))
        return self.tr("%1 s").replace("%1", locale.toString(secs))

    @staticmethod
    def _when(moment: datetime) -> str:
        """A local date and time in the interface's language (Persian digits in Persian)."""
        return QLocale().toString(moment.astimezone(), QLocale.FormatType.ShortFormat)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a language switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
