"""Gofto's own icons, loaded from ``resources/icons`` (source checkout or frozen bundle)."""

from __future__ import annotations

from functools import cache

from app.qt.qt import QIcon
from app.resources import resource_path


@cache
def app_icon() -> QIcon:
    """The application icon: the SVG (any size) with the 256 px PNG as a fallback."""
    icon = QIcon()
    for name in ("gofto.svg", "gofto-256.png"):
        path = resource_path("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon
