"""What the start dialog remembers between runs: nickname, mode, address and port.

A thin typed layer over :class:`QSettings`, so no widget spells out keys or converts types.
It is handed a ``QSettings`` (tests pass one backed by a file in ``tmp_path``); by default it
uses the application's own settings (organisation and name "Gofto").
"""

from __future__ import annotations

from enum import Enum

from app import DEFAULT_PORT
from app.qt.qt import QSettings


class Mode(Enum):
    """Whether the start dialog hosts a chat or joins one."""

    HOST = "host"
    JOIN = "join"


class Settings:
    """Typed access to the remembered start-dialog choices."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    @property
    def store(self) -> QSettings:
        """The underlying QSettings (for other windows' own keys)."""
        return self._store

    def _text(self, key: str) -> str:
        value = self._store.value(key, "")
        return value if isinstance(value, str) else str(value or "")

    @property
    def nick(self) -> str:
        """The last nickname used, or ``""``."""
        return self._text("start/nick")

    @nick.setter
    def nick(self, value: str) -> None:
        self._store.setValue("start/nick", value)

    @property
    def mode(self) -> Mode:
        """Host or join, as last chosen (join by default: most people join)."""
        try:
            return Mode(self._text("start/mode"))
        except ValueError:
            return Mode.JOIN

    @mode.setter
    def mode(self, value: Mode) -> None:
        self._store.setValue("start/mode", value.value)

    @property
    def address(self) -> str:
        """The last address joined, as typed."""
        return self._text("start/address")

    @address.setter
    def address(self, value: str) -> None:
        self._store.setValue("start/address", value)

    @property
    def port(self) -> int:
        """The last port hosted on."""
        try:
            port = int(self._text("start/port") or DEFAULT_PORT)
        except ValueError:
            return DEFAULT_PORT
        return port if 1 <= port <= 65535 else DEFAULT_PORT

    @port.setter
    def port(self, value: int) -> None:
        self._store.setValue("start/port", int(value))

    def sync(self) -> None:
        """Write to disk now (QSettings also does it lazily)."""
        self._store.sync()
