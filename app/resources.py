"""Find Gofto's resource files (icons, translations, styles) from source and when frozen.

One helper for every front end: from a source checkout the files are in ``resources/`` next to
the ``app`` package; in a PyInstaller bundle they are unpacked under ``sys._MEIPASS`` with the
same relative layout (``build.spec`` lists them in ``datas``).
"""

from __future__ import annotations

import sys
from pathlib import Path

IS_FROZEN = bool(getattr(sys, "frozen", False))


def resources_root() -> Path:
    """The ``resources`` folder, from a checkout or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)  # where PyInstaller unpacked the bundle
    if IS_FROZEN and bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a resource file, e.g. ``resource_path("icons", "gofto.svg")``."""
    return resources_root().joinpath(*parts)
