"""The warning shown when a host's certificate changed: trust the new one, or stay away.

One helper for the start dialog and the main window. The box is window-modal but opened with
``open()``, never ``exec()``: the event loop keeps running (the chat, the hosted server's
clients, the tests' timers). Everything in it is plain text: the address is what the person
typed, and nothing from the network is rendered as rich text.
"""

from __future__ import annotations

from collections.abc import Callable

from app.qt.qt import QCoreApplication, QMessageBox, Qt, QWidget

OBJECT_NAME = "certificateChangedBox"


def ask_to_trust(
    parent: QWidget, address: str, old: str, new: str, on_accept: Callable[[], None]
) -> QMessageBox:
    """Open the warning (non-blocking); ``on_accept()`` runs if the person trusts ``new``."""
    box = QMessageBox(parent)
    box.setObjectName(OBJECT_NAME)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(
        QCoreApplication.translate("CertificatePrompt", "The host's certificate changed — Gofto")
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        QCoreApplication.translate(
            "CertificatePrompt",
            "The chat at {address} shows a different certificate than before. Someone may be "
            "listening in, or the host set Gofto up again.",
        ).format(address=address)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "CertificatePrompt",
            "Before: {old}\nNow: {new}\n\nAsk the host to read out the fingerprint in their "
            "window. Trust the new one only if it matches.",
        ).format(old=old, new=new)
    )
    trust = box.addButton(
        QCoreApplication.translate("CertificatePrompt", "Trust the new certificate"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    trust.setObjectName("trustNewCertificateButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def done() -> None:
        if box.clickedButton() is trust:
            on_accept()
        box.deleteLater()

    box.finished.connect(done)
    box.open()
    return box
