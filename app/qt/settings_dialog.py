"""Chat → Settings…: nickname, theme, language, notifications, auto-away, the tray.

The dialog edits a :class:`~app.qt.preferences.Preferences` and says ``applied`` when the
person pressed OK or Apply; whoever opened it (the main window's
:class:`~app.qt.chrome.WindowChrome`) applies the choices to the running application: the
theme and the language switch at once, the nickname is changed on the server. It never
blocks (``open()``, not ``exec()``) and re-reads its own texts on ``LanguageChange``, so
switching to Persian turns the dialog itself Persian and right-to-left while it is open.

Every control has an ``objectName`` for tests and an ``accessibleName`` for screen readers;
the labels are buddies of their fields, so Alt+letter reaches each one from the keyboard.
"""

from __future__ import annotations

from app import APP_NAME
from app.irc import nick_problem
from app.qt.guard import guarded
from app.qt.i18n import sentences
from app.qt.preferences import MAX_AWAY_MINUTES, Notifications, Preferences
from app.qt.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.theme import Theme


class SettingsDialog(QDialog):
    """The ``settingsDialog``; see the module docstring."""

    #: OK or Apply was pressed and the preferences were written.
    applied = Signal()

    def __init__(
        self, preferences: Preferences, parent: QWidget | None = None, *, nick: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(480)
        self.preferences = preferences
        #: The nickname shown when none was remembered yet (the one in use).
        self.current_nick = nick
        self.setWindowModality(Qt.WindowModality.WindowModal)

        self.nick_edit = QLineEdit(self)
        self.nick_edit.setObjectName("settingsNickEdit")
        self.nick_edit.setMaxLength(64)
        self.nick_problem = QLabel(self)
        self.nick_problem.setObjectName("settingsNickProblem")
        self.nick_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.nick_problem.setWordWrap(True)
        self.theme_combo = QComboBox(self)
        self.theme_combo.setObjectName("themeCombo")
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.notify_combo = QComboBox(self)
        self.notify_combo.setObjectName("notificationsCombo")
        self.sound_check = QCheckBox(self)
        self.sound_check.setObjectName("soundCheck")
        self.away_spin = QSpinBox(self)
        self.away_spin.setObjectName("awaySpin")
        self.away_spin.setRange(0, MAX_AWAY_MINUTES)
        self.tray_check = QCheckBox(self)
        self.tray_check.setObjectName("trayCheck")
        self.typing_check = QCheckBox(self)
        self.typing_check.setObjectName("typingCheck")

        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, field in (
            ("nick", self.nick_edit),
            ("theme", self.theme_combo),
            ("language", self.language_combo),
            ("notify", self.notify_combo),
            ("sound", self.sound_check),
            ("away", self.away_spin),
            ("tray", self.tray_check),
            ("typing", self.typing_check),
        ):
            label = QLabel(self)
            label.setBuddy(field)
            self._labels[key] = label
            form.addRow(label, field)
            if key == "nick":
                form.addRow("", self.nick_problem)
        self.form = form
        form.setRowVisible(self.nick_problem, False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.setObjectName("settingsButtons")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.setObjectName("applyButton")
        apply_button.clicked.connect(self._apply)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.load()

    # -- texts ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """(Re)write every text in the current language, keeping the choices shown."""
        self.setWindowTitle(f"{self.tr('Settings')} — {APP_NAME}")
        texts = {
            "nick": self.tr("&Nickname:"),
            "theme": self.tr("&Theme:"),
            "language": self.tr("&Language:"),
            "notify": self.tr("N&otifications:"),
            "sound": self.tr("&Sound:"),
            "away": self.tr("&Away after:"),
            "tray": self.tr("&Closing the window:"),
            "typing": self.tr("&Privacy:"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self._fill(
            self.theme_combo,
            [
                (self.tr("Like the system"), Theme.SYSTEM),
                (self.tr("Light"), Theme.LIGHT),
                (self.tr("Dark"), Theme.DARK),
            ],
        )
        self._fill(
            self.language_combo,
            [
                (self.tr("Like the system"), "system"),
                ("English", "en"),  # each language in its own name, as people look for it
                ("فارسی", "fa"),
            ],
        )
        self._fill(
            self.notify_combo,
            [
                (self.tr("Every message"), Notifications.ALL),
                (self.tr("Mentions of my name and private messages"), Notifications.MENTIONS),
                (self.tr("None"), Notifications.NONE),
            ],
        )
        self.sound_check.setText(self.tr("Play a sound with notifications"))
        self.away_spin.setSpecialValueText(self.tr("Never"))
        self.away_spin.setSuffix(self.tr(" min idle"))
        self.tray_check.setText(self.tr("Keep the chat running in the system tray"))
        for key, widget in (
            ("nick", self.nick_edit),
            ("theme", self.theme_combo),
            ("language", self.language_combo),
            ("notify", self.notify_combo),
            ("away", self.away_spin),
        ):
            widget.setAccessibleName(self._labels[key].text().replace("&", "").rstrip(":："))
        self.sound_check.setAccessibleName(self.sound_check.text())
        self.tray_check.setAccessibleName(self.tray_check.text())
        self.typing_check.setText(self.tr("Send typing notifications"))
        self.typing_check.setAccessibleName(self.typing_check.text())
        self.away_spin.setToolTip(
            self.tr("Others see you as away after this many minutes without activity.")
        )
        self.buttons.setAccessibleName(self.tr("Settings"))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        chosen = combo.currentData()
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        if chosen is not None:
            _select(combo, chosen)

    def changeEvent(self, event: QEvent) -> None:
        """A new language was installed: show it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    # -- values --------------------------------------------------------------------------------
    def load(self) -> None:
        """Show what the preferences hold."""
        prefs = self.preferences
        self.nick_edit.setText(prefs.nick or self.current_nick)
        _select(self.theme_combo, prefs.theme)
        _select(self.language_combo, prefs.language)
        _select(self.notify_combo, prefs.notifications)
        self.sound_check.setChecked(prefs.sound)
        self.away_spin.setValue(prefs.away_minutes)
        self.tray_check.setChecked(prefs.close_to_tray)
        self.typing_check.setChecked(prefs.send_typing)

    def save(self) -> bool:
        """Write the choices; False (and a sentence under the field) for a bad nickname."""
        nick = self.nick_edit.text().strip()
        problem = nick_problem(nick) if nick else None
        if problem:
            self.nick_problem.setText(sentences().say(problem))  # in the language shown now
            self.form.setRowVisible(self.nick_problem, True)
            self.nick_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.form.setRowVisible(self.nick_problem, False)
        prefs = self.preferences
        if nick:
            prefs.nick = nick
        prefs.theme = self.theme_combo.currentData()
        prefs.language = self.language_combo.currentData()
        prefs.notifications = self.notify_combo.currentData()
        prefs.sound = self.sound_check.isChecked()
        prefs.away_minutes = self.away_spin.value()
        prefs.close_to_tray = self.tray_check.isChecked()
        prefs.send_typing = self.typing_check.isChecked()
        prefs.sync()
        return True

    @guarded
    def _apply(self) -> None:
        if self.save():
            self.applied.emit()

    @guarded
    def _ok(self) -> None:
        if self.save():
            self.applied.emit()
            self.accept()


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))
