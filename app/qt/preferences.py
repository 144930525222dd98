"""What the settings dialog remembers: theme, language, notifications, auto-away, the tray.

A typed layer over :class:`QSettings` like :mod:`app.qt.settings` (which keeps the start
dialog's choices; the nickname is shared with it, one key for both). Every getter accepts
whatever an older or hand-edited settings file holds and falls back to the default.
"""

from __future__ import annotations

import enum

from app.i18n import language_from_env
from app.qt import i18n
from app.qt.qt import QApplication, QSettings
from app.qt.theme import Theme, ThemeSwitcher

#: The languages Gofto is translated into (besides English), as offered in the settings.
LANGUAGES = ("en", "fa")
#: The longest auto-away delay offered, in minutes (a day).
MAX_AWAY_MINUTES = 1440
DEFAULT_AWAY_MINUTES = 15


class Notifications(enum.Enum):
    """Which messages pop up a notification while the window is in the background."""

    ALL = "all"
    MENTIONS = "mentions"  # mentions of my name and private messages
    NONE = "none"


class Preferences:
    """Typed access to the settings-dialog choices in ``store`` (the app's QSettings)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def _text(self, key: str, default: str = "") -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else str(value if value is not None else default)

    def _flag(self, key: str, default: bool) -> bool:
        value = self._store.value(key, default)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on")

    @property
    def nick(self) -> str:
        """The nickname (the same key the start dialog remembers)."""
        return self._text("start/nick")

    @nick.setter
    def nick(self, value: str) -> None:
        self._store.setValue("start/nick", value)

    @property
    def theme(self) -> Theme:
        """System, light or dark."""
        return Theme.parse(self._text("window/theme", Theme.SYSTEM.value))

    @theme.setter
    def theme(self, value: Theme) -> None:
        self._store.setValue("window/theme", value.value)

    @property
    def language(self) -> str:
        """``"system"`` (follow ``LANG``) or one of :data:`LANGUAGES`."""
        value = self._text("window/language", "system")
        return value if value in LANGUAGES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("window/language", value if value in LANGUAGES else "system")

    def language_code(self) -> str:
        """The language to show: the chosen one, or the environment's for "system"."""
        chosen = self.language
        return language_from_env() if chosen == "system" else chosen

    @property
    def notifications(self) -> Notifications:
        """Which messages notify (mentions and private ones by default)."""
        try:
            return Notifications(self._text("notify/level", Notifications.MENTIONS.value))
        except ValueError:
            return Notifications.MENTIONS

    @notifications.setter
    def notifications(self, value: Notifications) -> None:
        self._store.setValue("notify/level", value.value)

    @property
    def sound(self) -> bool:
        """Whether a notification also makes a sound."""
        return self._flag("notify/sound", True)

    @sound.setter
    def sound(self, value: bool) -> None:
        self._store.setValue("notify/sound", bool(value))

    @property
    def away_minutes(self) -> int:
        """Minutes without activity before we are marked away; 0 means never."""
        try:
            minutes = int(self._text("away/minutes", str(DEFAULT_AWAY_MINUTES)))
        except ValueError:
            return DEFAULT_AWAY_MINUTES
        return minutes if 0 <= minutes <= MAX_AWAY_MINUTES else DEFAULT_AWAY_MINUTES

    @away_minutes.setter
    def away_minutes(self, value: int) -> None:
        self._store.setValue("away/minutes", max(0, min(MAX_AWAY_MINUTES, int(value))))

    @property
    def close_to_tray(self) -> bool:
        """Whether closing the window keeps the chat running in the system tray."""
        return self._flag("window/close_to_tray", False)

    @property
    def send_typing(self) -> bool:
        """Whether others are told when we type (IRCv3 ``+typing``); some prefer not."""
        return self._flag("chat/send_typing", True)

    @send_typing.setter
    def send_typing(self, value: bool) -> None:
        self._store.setValue("chat/send_typing", bool(value))

    @close_to_tray.setter
    def close_to_tray(self, value: bool) -> None:
        self._store.setValue("window/close_to_tray", bool(value))

    def sync(self) -> None:
        """Write to disk now."""
        self._store.sync()


def apply_at_start(app: QApplication, preferences: Preferences | None = None) -> i18n.Translation:
    """Install the chosen language and theme before the first window is built.

    Returns the installed translation (keep it alive while the application runs).
    """
    preferences = preferences if preferences is not None else Preferences()
    translation = i18n.install(preferences.language_code())
    ThemeSwitcher.of(app).apply(preferences.theme)
    return translation
