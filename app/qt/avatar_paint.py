"""Draw a person's avatar with Qt: initials in a circle of their stable colour.

The colour and the letters come from :mod:`app.client.avatar` (toolkit-free, shared with the
other front ends); this module only paints them, for the people pane, the rooms pane's private
conversations and the person card. Someone away is drawn faded, not in another colour, so the
person stays recognisable.
"""

from __future__ import annotations

from collections.abc import Callable

from app.client.avatar import initials, stable_colour
from app.irc import fold as default_fold
from app.qt.qt import QColor, QFont, QPainter, QPixmap, QRectF, Qt

#: Opacity of an away person's avatar.
AWAY_OPACITY = 0.45


def paint_avatar(
    painter: QPainter,
    rect: QRectF,
    nick: str,
    *,
    away: bool = False,
    fold: Callable[[str], str] = default_fold,
) -> None:
    """Paint ``nick``'s avatar inside ``rect`` (a square; the circle fills it)."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if away:
            painter.setOpacity(painter.opacity() * AWAY_OPACITY)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(stable_colour(nick, fold)))
        painter.drawEllipse(rect)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(6, int(rect.height() * 0.42)))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(nick))
    finally:
        painter.restore()


def avatar_pixmap(nick: str, size: int, *, ratio: float = 1.0, away: bool = False) -> QPixmap:
    """A ``size``×``size`` (logical pixels) pixmap of the avatar, for labels and icons."""
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        paint_avatar(painter, QRectF(0, 0, size, size), nick, away=away)
    finally:
        painter.end()
    return pixmap
