"""Chat → Settings…: nickname, theme, language, notifications, auto-away, the tray, your key.

The dialog edits a :class:`~app.qt.preferences.Preferences` and says ``applied`` when the
person pressed OK or Apply; whoever opened it (the main window's
:class:`~app.qt.chrome.WindowChrome`) applies the choices to the running application: the
theme and the language switch at once, the nickname is changed on the server. It never
blocks (``open()``, not ``exec()``) and re-reads its own texts on ``LanguageChange``, so
switching to Persian turns the dialog itself Persian and right-to-left while it is open.

"Your key" exports this installation's key and certificate (app.client.identity) to a file the
person chooses, optionally protected by a password, and imports one back after confirmation:
that is how a nickname a host bound to the key moves to a new computer.

Every control has an ``objectName`` for tests and an ``accessibleName`` for screen readers;
the labels are buddies of their fields, so Alt+letter reaches each one from the keyboard.
"""

from __future__ import annotations

from pathlib import Path

from app import APP_NAME
from app.client.identity import (
    current_fingerprint,
    export_identity,
    import_identity,
    read_key_file,
)
from app.errors import KeyFileError
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
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
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
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.clicked.connect(self._choose_export)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importKeyButton")
        self.import_button.clicked.connect(self._choose_import)
        key_row = QWidget(self)
        key_layout = QHBoxLayout(key_row)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_layout.addWidget(self.export_button)
        key_layout.addWidget(self.import_button)
        key_layout.addStretch(1)
        self.key_status = QLabel(self)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setTextFormat(Qt.TextFormat.PlainText)
        self.key_status.setWordWrap(True)
        #: The confirmation shown before an import replaces the key (tests answer it).
        self.import_confirmation: QMessageBox | None = None
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
            ("key", key_row),
            ("typing", self.typing_check),
        ):
            label = QLabel(self)
            label.setBuddy(field)
            self._labels[key] = label
            form.addRow(label, field)
            if key == "nick":
                form.addRow("", self.nick_problem)
        form.addRow("", self.key_status)
        self._labels["key"].setBuddy(self.export_button)
        self.form = form
        form.setRowVisible(self.nick_problem, False)
        form.setRowVisible(self.key_status, False)

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
            "key": self.tr("Your &key:"),
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
        self.export_button.setText(self.tr("Export key…"))
        self.import_button.setText(self.tr("Import key…"))
        self.export_button.setToolTip(
            self.tr(
                "Save your key to a file, to use your name from another computer. "
                "Anyone with the file can use your name: keep it private."
            )
        )
        self.import_button.setToolTip(
            self.tr("Use a key exported on another computer instead of this one's.")
        )

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

    # -- your key ------------------------------------------------------------------------------
    def _say_key(self, text: str) -> None:
        self.key_status.setText(text)
        self.form.setRowVisible(self.key_status, True)

    @guarded
    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save your key"), str(Path.home() / "gofto-key.pem"), "PEM (*.pem)"
        )
        if not path:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Protect the key file"),
            self.tr("A password to protect the file (leave empty for none):"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self.export_to(Path(path), password)

    def export_to(self, path: Path, password: str = "") -> bool:
        """Write the key file; the result is said under the buttons."""
        try:
            print_ = export_identity(path, password)
        except KeyFileError as error:
            self._say_key(sentences().error(error))
            return False
        self._say_key(
            self.tr(
                "Your key was saved to {path} (fingerprint {fingerprint}). Anyone with this "
                "file can use your name: keep it private."
            ).format(path=str(path), fingerprint=print_)
        )
        return True

    @guarded
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a key file"), str(Path.home()), "PEM (*.pem);;* (*)"
        )
        if not path:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Open the key file"),
            self.tr("The file's password (leave empty if it has none):"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self.import_from(Path(path), password)

    def import_from(self, path: Path, password: str = "") -> bool:
        """Check the key file, then ask before replacing this installation's key (the answer
        arrives later: the question never blocks). ``False``: the file is not usable."""
        try:
            cert_pem, key_pem, print_ = read_key_file(path, password)
        except KeyFileError as error:
            self._say_key(sentences().error(error))
            return False
        if print_ == current_fingerprint():
            self._say_key(self.tr("This computer already uses that key."))
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Replace your key?"),
            self.tr(
                "Use the key with fingerprint {fingerprint} from now on? The key this computer "
                "uses now is lost unless you exported it, and the names it owns on hosts are "
                "no longer yours here."
            ).format(fingerprint=print_),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("importKeyConfirmation")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            self.import_confirmation = None
            if button != QMessageBox.StandardButton.Yes:
                return
            try:
                import_identity(cert_pem, key_pem)
            except KeyFileError as error:
                self._say_key(sentences().error(error))
                return
            self._say_key(
                self.tr(
                    "Key imported (fingerprint {fingerprint}); it is used from the next connection."
                ).format(fingerprint=print_)
            )

        box.finished.connect(guarded(answered))
        self.import_confirmation = box
        box.open()
        return True


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))
