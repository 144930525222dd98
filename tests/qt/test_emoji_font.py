"""Emoji are drawn in colour, not as boxes: in a message, its reaction chips, the input and
the picker (the real widgets, grabbed as pictures, their pixels looked at).

A missing glyph is drawn as an empty box and a monochrome one in the text colour: neither has
the yellow of 😀 and 👍 in Noto Color Emoji, which is what these tests look for.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.client.presentation.presenter import Conversation
from app.client.presentation.records import MESSAGE, Record
from app.client.presentation.text import spans
from app.qt.conversation import ConversationWidget
from app.qt.fonts import COLOUR_EMOJI_FAMILIES, prefer_colour_emoji
from app.qt.qt import QColor, QFontDatabase, QImage, QRect

pytestmark = pytest.mark.gui


def yellow_pixels(image: QImage, area: QRect | None = None) -> int:
    """How many pixels of ``area`` are the saturated yellow of an emoji face or thumb."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    area = (area or image.rect()).intersected(image.rect())
    found = 0
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            colour = QColor(image.pixel(x, y))
            hue = colour.hsvHue()
            if 35 <= hue <= 60 and colour.hsvSaturation() > 140 and colour.value() > 170:
                found += 1
    return found


@pytest.fixture
def emoji_font(qapp):
    family = prefer_colour_emoji()
    if family is None:
        pytest.skip("no colour emoji font installed (scripts/system-deps.sh installs one)")
    return family


def test_the_colour_emoji_font_is_named_for_qt(emoji_font):
    assert emoji_font in COLOUR_EMOJI_FAMILIES
    assert emoji_font in QFontDatabase.applicationEmojiFontFamilies()
    assert prefer_colour_emoji() == emoji_font  # again: nothing added twice
    assert QFontDatabase.applicationEmojiFontFamilies().count(emoji_font) == 1


def test_emoji_are_in_colour_in_messages_chips_input_and_picker(qtbot, emoji_font):
    widget = ConversationWidget(Conversation("#lobby", False))
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    widget.show()
    qtbot.waitExposed(widget)
    record = Record(
        MESSAGE,
        datetime.now(UTC),
        sender="reza",
        spans=spans("😀 👍 😀"),
        reactions=(("👍", ("ali", "sara")),),
    )
    view = widget.view
    view.append_record(record)
    view.flush()
    number = view.list_model.row_of(record.id)
    rect = view.visualRect(view.list_model.index(number))
    row = view.list_model.row(number)
    drawn = view.delegate.drawn(row, rect.width(), view.font(), view)
    geometry = view.delegate.geometry(rect.width(), view.font())
    picture = view.viewport().grab().toImage()
    ratio = picture.devicePixelRatio()

    def scaled(area: QRect) -> QRect:
        return QRect(
            round(area.x() * ratio),
            round(area.y() * ratio),
            round(area.width() * ratio),
            round(area.height() * ratio),
        )

    body = QRect(
        rect.left() + geometry.content_x,
        rect.top() + drawn.body_top,
        geometry.content_w,
        int(drawn.body.boundingRect().height()),
    )
    assert yellow_pixels(picture, scaled(body)) > 20, "the message's emoji"
    chip_rect = drawn.chips[0][0].translated(rect.left(), rect.top())
    assert yellow_pixels(picture, scaled(chip_rect)) > 10, "the reaction chip's emoji"

    widget.input.setText("no emoji: :-)")  # the control: text has no yellow
    assert yellow_pixels(widget.input.grab().toImage()) == 0
    widget.input.setText("😀")
    assert yellow_pixels(widget.input.grab().toImage()) > 10, "the input's emoji"

    picker = widget.open_emoji_picker()
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    assert yellow_pixels(picker.grid.viewport().grab().toImage()) > 200, "the picker's emoji"
    picker.close()
