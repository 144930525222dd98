"""Tell the user about a private message or a mention while the window is in the background.

Where the desktop has a system tray, a tray balloon says who wrote what; where it has none
(many Linux window managers, Xvfb), ``QApplication.alert`` asks the window manager to flag the
window instead (a blinking task-bar entry). The window's title carries the unread count as
well, so nothing depends on either being present.
"""

from __future__ import annotations

import html
import sys

from app.client.presentation.text import plain as neutralise
from app.qt.qt import (
    QApplication,
    QIcon,
    QObject,
    QStyle,
    QSystemTrayIcon,
    QWidget,
    Signal,
)

#: Longest message text put in a notification.
MAX_NOTIFICATION_TEXT = 200
TRAY_TIMEOUT_MS = 8000


def _plain_for_tray(text: str) -> str:
    """Shorten ``text``; escape it where notification servers read markup in the body.

    The freedesktop notification spec lets servers interpret a small HTML subset in the body,
    and Qt passes the text on unchanged, so on Linux untrusted text is escaped.
    """
    text = neutralise(text)
    if len(text) > MAX_NOTIFICATION_TEXT:
        text = text[: MAX_NOTIFICATION_TEXT - 1] + "…"
    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text


class Notifier(QObject):
    """Shows notifications for one window; ``notified`` reports each (and how) for tests."""

    #: ``(how, title, text)`` with ``how`` either ``"tray"`` or ``"alert"``.
    notified = Signal(str, str, str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._tray: QSystemTrayIcon | None = None
        #: False when the person turned notifications off in the settings.
        self.enabled = True
        #: Whether a notification also beeps.
        self.sound = False

    def notify(self, title: str, text: str) -> str:
        """Notify about ``text`` from ``title``; returns ``"tray"``, ``"alert"`` or ``"off"``."""
        if not self.enabled:
            return "off"
        if self.sound:
            QApplication.beep()
        if QSystemTrayIcon.isSystemTrayAvailable():
            tray = self._ensure_tray()
            tray.showMessage(
                neutralise(title),
                _plain_for_tray(text),
                QSystemTrayIcon.MessageIcon.Information,
                TRAY_TIMEOUT_MS,
            )
            how = "tray"
        else:
            QApplication.alert(self._window)
            how = "alert"
        self.notified.emit(how, title, text)
        return how

    def tray(self) -> QSystemTrayIcon | None:
        """The tray icon, made on first use; None where the desktop has no tray."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        return self._ensure_tray()

    def close(self) -> None:
        """Remove the tray icon (when the window closes)."""
        if self._tray is not None:
            self._tray.hide()
            self._tray.deleteLater()
            self._tray = None

    def _ensure_tray(self) -> QSystemTrayIcon:
        if self._tray is None:
            icon = self._window.windowIcon()
            if icon.isNull():
                icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self._window.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation
                )
            self._tray = QSystemTrayIcon(QIcon(icon), self)
            self._tray.setToolTip(self._window.windowTitle())
            self._tray.activated.connect(self._bring_window_forward)
            self._tray.messageClicked.connect(self._bring_window_forward)
            self._tray.show()
        return self._tray

    def _bring_window_forward(self, *_args: object) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
