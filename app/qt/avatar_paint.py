"""Draw a person's avatar with Qt: initials in a circle of their stable colour.

The colour and the letters come from :mod:`app.client.avatar` (toolkit-free, shared with the
other front ends); this module only paints them, for the people pane, the rooms pane's private
conversations and the person card. Someone away is drawn faded, not in another colour, so the
person stays recognisable.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from app.client.avatar import initials, stable_colour
from app.irc import fold as default_fold
from app.qt.qt import QColor, QFont, QPainter, QPixmap, QPoint, QRectF, Qt

#: Opacity of an away person's avatar.
AWAY_OPACITY = 0.45
#: Avatar pictures an :class:`AvatarCache` keeps (a room's worth of people, a few sizes).
AVATAR_CACHE = 256


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


class AvatarCache:
    """Avatars painted once per person, size, font and pixel ratio, then copied.

    A conversation draws the same few people's avatars over and over (a flood starts a group
    every few messages, scrolling draws each header again): an antialiased circle and shaped
    initials cost about 70 µs, copying the kept picture a few. Bounded (:data:`AVATAR_CACHE`,
    least recently used dropped).
    """

    def __init__(self, limit: int = AVATAR_CACHE) -> None:
        self._limit = limit
        self._pictures: OrderedDict[tuple[str, int, str, float], QPixmap] = OrderedDict()

    def paint(self, painter: QPainter, top_left: QPoint, size: int, nick: str) -> None:
        """Draw ``nick``'s ``size``×``size`` avatar with its top left corner at ``top_left``."""
        ratio = painter.device().devicePixelRatioF()
        key = (nick, size, painter.font().key(), ratio)
        picture = self._pictures.get(key)
        if picture is None:
            picture = QPixmap(round(size * ratio), round(size * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            inner = QPainter(picture)
            try:
                inner.setFont(painter.font())
                paint_avatar(inner, QRectF(0, 0, size, size), nick)
            finally:
                inner.end()
            self._pictures[key] = picture
            if len(self._pictures) > self._limit:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        painter.drawPixmap(top_left, picture)

    def clear(self) -> None:
        """Forget every picture (a new theme or font)."""
        self._pictures.clear()
