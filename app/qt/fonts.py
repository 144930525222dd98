"""Colour emoji: which font draws them.

Messages, reaction chips, the emoji picker and the input all draw emoji through Qt's font
fallback: the interface font has no emoji, so Qt asks the system for a font that has the
character. Without a colour emoji font installed they come out as empty boxes, which is why
``scripts/system-deps.sh`` installs Debian's ``fonts-noto-color-emoji``. Where several fonts
have emoji (DejaVu has a few monochrome ones, ☺ ❤ ✔), the system's preference decides, so
:func:`prefer_colour_emoji` names the colour font Qt must use for emoji (Qt 6.9's
``QFontDatabase.addApplicationEmojiFontFamily``), whichever of the usual ones is installed.
"""

from __future__ import annotations

import logging

from app.qt.qt import QFontDatabase

log = logging.getLogger(__name__)

#: Colour emoji fonts, best first: Debian/most Linux, macOS, Windows, then other free ones.
COLOUR_EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji",
    "JoyPixels",
)


def prefer_colour_emoji() -> str | None:
    """Make the first installed colour emoji font Qt's emoji font; its family, or ``None``
    when none is installed (emoji then come from whatever font has them, or as boxes).

    Call after the QApplication exists. Calling again does nothing new.
    """
    installed = set(QFontDatabase.families())
    family = next((name for name in COLOUR_EMOJI_FAMILIES if name in installed), None)
    if family is None:
        log.info("no colour emoji font is installed (Debian: fonts-noto-color-emoji)")
        return None
    if family not in QFontDatabase.applicationEmojiFontFamilies():
        QFontDatabase.addApplicationEmojiFontFamily(family)
    return family
