"""The conversation view's shortcuts for speed draw exactly what the plain way draws.

Avatars, reaction chips and whole rows are painted once and copied afterwards; rows of a
jump are drawn straight; reactions are placed with the next batch; a flood is drawn every
other frame. Each test compares the fast path with the straightforward one (pixels, rows),
so a shortcut that changes what a reader sees fails here.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from app.client.presentation import records as rec

WHEN = datetime(2024, 3, 20, 12, 34, tzinfo=UTC)


def _view(qtbot, **kwargs):
    from app.qt.message_view import MessageView

    view = MessageView(**kwargs)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def _largest_difference(first, second) -> int:
    """The largest difference of a colour channel between two same-sized images.

    Antialiased edges composed through a picture may round a level or two apart from the
    ones drawn straight (more on the 16-bit screen the tests' Xvfb has); anything misplaced,
    missing or clipped differs by far more.
    """
    from app.qt.qt import QImage

    assert first.size() == second.size()
    first = first.convertToFormat(QImage.Format.Format_RGB32)
    second = second.convertToFormat(QImage.Format.Format_RGB32)
    largest = 0
    for y in range(first.height()):
        for x in range(first.width()):
            a, b = first.pixel(x, y), second.pixel(x, y)
            if a != b:
                largest = max(largest, *(abs((a >> s & 255) - (b >> s & 255)) for s in (0, 8, 16)))
    return largest


#: What rounding may change (see _largest_difference).
ROUNDING = 40


def _image(width, height):
    from app.qt.qt import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    return image


@pytest.mark.gui
def test_a_kept_avatar_is_the_avatar_painted_straight(qtbot):
    from app.qt.avatar_paint import AvatarCache, paint_avatar
    from app.qt.qt import QFont, QPainter, QPoint, QRectF

    font = QFont()
    cached, straight = _image(120, 60), _image(120, 60)
    cache = AvatarCache(limit=2)
    for image, draw in (
        (cached, lambda p, x, nick: cache.paint(p, QPoint(x, 7), 34, nick)),
        (straight, lambda p, x, nick: paint_avatar(p, QRectF(x, 7, 34, 34), nick)),
    ):
        painter = QPainter(image)
        painter.setFont(font)
        for x, nick in ((3, "Ali"), (43, "مریم"), (83, "Ali")):
            draw(painter, x, nick)
        painter.end()
    assert cached == straight
    for nick in ("a", "b", "c", "d"):  # bounded: the oldest pictures go
        painter = QPainter(cached)
        cache.paint(painter, QPoint(0, 0), 34, nick)
        painter.end()
    assert len(cache._pictures) == 2


@pytest.mark.gui
@pytest.mark.parametrize("rtl", [False, True])
def test_a_reaction_chip_is_the_chip_painted_straight(qtbot, rtl):
    """The chip's picture keeps the outline's half pixel outside its box (not clipped)."""
    from app.qt.qt import QPainter, QPalette, QPen, QRect, QRectF, Qt

    view = _view(qtbot)
    if rtl:
        view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    record = dataclasses.replace(
        rec.message("hello", "Ali", WHEN),
        reactions=(("\u2764", ("bob", "carol")), ("\u2714", ("dan",))),
    )
    view.append_record(record)
    view.flush()
    delegate = view.delegate
    row = view.list_model.row(view.list_model.rowCount() - 1)
    width = view.viewport().width()
    drawn = delegate.drawn(row, width, view.font(), view)
    assert len(drawn.chips) == 2
    rect = QRect(0, 10, width, drawn.height)
    palette = view.palette()
    cached, straight = _image(width, drawn.height + 20), _image(width, drawn.height + 20)
    painter = QPainter(cached)
    painter.setFont(view.font())
    delegate._paint_chips(painter, rect, drawn, palette, rtl)
    painter.end()
    painter = QPainter(straight)  # the chips as drawn before they were kept as pictures
    painter.setFont(view.font())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for chip, _emoji, label in drawn.chips:
        place = delegate.chip_rect(chip, rect, rtl)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(QRectF(place), place.height() / 2, place.height() / 2)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(place, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    assert _largest_difference(cached, straight) <= ROUNDING


def _busy_room(count):
    people = ["Ali", "Sara", "مریم", "Reza"]
    records = []
    for number in range(count):
        record = rec.message(
            f"message {number} " + ("سلام دنیا " if number % 3 else "wraps " * (number % 25)),
            people[(number // 4) % len(people)],
            WHEN,
        )
        if number % 5 == 0:
            record = dataclasses.replace(record, reactions=(("\U0001f44d", ("bob",)),))
        records.append(record)
    return records


@pytest.mark.gui
@pytest.mark.parametrize("rtl", [False, True])
def test_rows_drawn_straight_after_a_jump_look_as_their_kept_pictures(qtbot, rtl):
    """A scroll-bar jump draws new rows straight; the next frame draws the same rows from
    the pictures it keeps then: both frames are the same pixels."""
    from app.qt.qt import Qt

    view = _view(qtbot)
    if rtl:
        view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    for record in _busy_room(600):
        view.append_record(record)
    view.flush()
    bar = view.verticalScrollBar()
    for value in (bar.maximum() // 3, bar.maximum() // 2):
        bar.setValue(value)
        first = view.viewport().grab().toImage()  # straight: the rows are new
        second = view.viewport().grab().toImage()  # from pictures kept now
        third = view.viewport().grab().toImage()
        assert _largest_difference(first, second) <= ROUNDING
        assert second == third
    assert view.delegate._pictures  # the rows seen twice are kept


@pytest.mark.gui
def test_a_reaction_to_a_shown_message_grows_its_row_with_the_next_batch(qtbot):
    view = _view(qtbot, batch_ms=5)
    records = _busy_room(30)
    records[-2] = dataclasses.replace(records[-2], reactions=())
    for record in records:
        view.append_record(record)
    view.flush()
    number = view.list_model.rowCount() - 2
    index = view.list_model.index(number)
    before = view.visualRect(index)
    assert before.isValid()
    target = records[-2]
    reacted = dataclasses.replace(target, reactions=(("\U0001f389", ("bob",)),))
    view.replace_record(target.id, reacted)
    qtbot.waitUntil(lambda: view.visualRect(index).height() > before.height(), timeout=2000)
    chip = view.visualRect(index).bottomLeft()
    drawn = view.delegate.drawn(view.list_model.row(number), before.width(), view.font(), view)
    [(rect, emoji, _label)] = drawn.chips
    place = view.delegate.chip_rect(rect, view.visualRect(index), rtl=False)
    assert view.hit_at(place.center()) == ("chip", emoji)
    assert chip.y() >= place.bottom()


@pytest.mark.gui
def test_a_flood_is_added_every_other_frame_and_a_chat_every_frame(qtbot):
    view = _view(qtbot, batch_ms=10)
    for record in _busy_room(40):  # a flood's batch
        view.append_record(record)
    view.flush()
    assert view.batch_interval_ms() == 20
    view.append_record(rec.message("one line", "Ali", WHEN))  # a chat's batch
    view.flush()
    assert view.batch_interval_ms() == 10
    assert view.list_model.messages_added == 41


@pytest.mark.gui
def test_a_reader_scrolled_up_is_not_redrawn_when_messages_arrive_below(qtbot):
    from app.qt.qt import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    view = _view(qtbot, batch_ms=5)
    for record in _busy_room(300):
        view.append_record(record)
    view.flush()
    view.scroll_pixels(-2000)
    qtbot.wait(20)
    assert not view.at_bottom()
    seen = view.grab().toImage()
    top = view.indexAt(view.viewport().rect().topLeft()).row()
    paints = Paints()
    view.viewport().installEventFilter(paints)
    for record in _busy_room(40):
        view.append_record(record)
    view.flush()
    qtbot.wait(20)
    assert Paints.count == 0  # the same rows in the same places: nothing drawn again
    assert view.indexAt(view.viewport().rect().topLeft()).row() == top
    assert (
        _largest_difference(view.viewport().grab().toImage(), seen.copy(view.viewport().geometry()))
        <= ROUNDING
    )
    view.scroll_to_bottom()
    qtbot.waitUntil(lambda: Paints.count > 0, timeout=2000)  # following again: drawn
