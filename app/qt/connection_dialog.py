"""Chat → Connection…: how the connection to the host is protected, at any time.

Shows the host's address, whether the connection is encrypted, the short comparison code
(the same the host's banner shows, in the interface's digits) and how the host's certificate
came to be trusted: pinned by an invite link or by the network announcement, trusted on
first use, accepted after a change, or our own server, and since when. The full fingerprint
is one click away. Nothing here is editable; the dialog does not block the chat.
"""

from __future__ import annotations

from datetime import datetime

from app import APP_NAME
from app.client.trust import Security, trust_sentence
from app.discovery.comparison import comparison_code
from app.qt.invite_banner import persian_ui
from app.qt.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLocale,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

_CONTEXT = "ConnectionDialog"


def _label(text: str, name: str, parent: QWidget, *, ltr: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if ltr:
        label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return label


class ConnectionDialog(QDialog):
    """The "Connection" dialog for ``address`` protected as ``security`` (``None``: not
    connected yet). ``objectName`` ``connectionDialog``."""

    def __init__(self, address: str, security: Security | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("Connection — {app}").format(app=APP_NAME))
        form = QFormLayout()
        form.addRow(self.tr("Host:"), _label(address, "connectionAddress", self, ltr=True))
        encrypted = security is not None and security.encrypted
        state = self.tr("Encrypted (TLS)") if encrypted else self.tr("Not encrypted")
        form.addRow(self.tr("Connection:"), _label(state, "connectionEncryption", self))
        self.full_fingerprint: QLabel | None = None
        if encrypted and security is not None and security.fingerprint:
            code = comparison_code(security.fingerprint, persian=persian_ui())
            form.addRow(self.tr("Comparison code:"), _label(code, "connectionCode", self))
            how = QCoreApplication.translate(_CONTEXT, trust_sentence(security.how))
            form.addRow(self.tr("Trust:"), _label(how, "connectionTrust", self))
            if security.since is not None:
                when = QLocale().toString(
                    datetime.fromtimestamp(security.since), QLocale.FormatType.ShortFormat
                )
                form.addRow(self.tr("Since:"), _label(when, "connectionSince", self))
            self.full_fingerprint = _label(
                security.fingerprint, "connectionFingerprint", self, ltr=True
            )
            self.full_fingerprint.hide()
            show = QPushButton(self.tr("Show full fingerprint"), self)
            show.setObjectName("showFingerprintButton")
            show.setCheckable(True)
            show.toggled.connect(self._show_fingerprint)
            form.addRow("", show)
            form.addRow("", self.full_fingerprint)
        hint = _label(
            self.tr(
                "Ask the host to read out the comparison code on their banner: "
                "if it is the same, nobody is in between."
            ),
            "connectionHint",
            self,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _show_fingerprint(self, shown: bool) -> None:
        if self.full_fingerprint is not None:
            self.full_fingerprint.setVisible(shown)
            self.adjustSize()  # room for the fingerprint's lines
