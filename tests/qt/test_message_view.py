"""The message view and its pure helpers: plain text stays plain, directions, links, batching."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.client.presentation import records as rec
from app.client.presentation.direction import FSI, LRI, PDI
from app.client.presentation.direction import first_strong as first_strong_direction
from app.client.presentation.input import matches as nick_prefix_completion
from app.client.presentation.records import Record, allowed_link, linkify
from app.client.presentation.text import Span, strip_formatting
from app.client.presentation.text import name as clean_nick
from app.client.presentation.text import plain as neutralise
from app.qt.render import fill, nick_colour


def Segment(text, href=None):
    return Span(text, href=href)


def split_links(text):
    return list(linkify((Span(text),)))


def message(text, when, *, nick, kind=rec.MESSAGE, highlight=False, pending=False):
    return rec.message(text, nick, when, kind=kind, highlight=highlight, pending=pending)


PERSIAN = "سلام دنیا! این یک پیام است"
MARKUP = "<b>bold</b><img src=x>"
WHEN = datetime(2024, 3, 20, 12, 34, tzinfo=UTC)


# -- pure helpers (no display) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", "ltr"),
        (PERSIAN, "rtl"),
        ("سلام hello", "rtl"),
        ("hello سلام", "ltr"),
        ("123 !? سلام", "rtl"),
        ("123 ...", None),
        ("", None),
        (f"{FSI}Ali{PDI} سلام", "rtl"),  # isolated text is skipped (UAX #9 P2)
        ("\u200cسلام", "rtl"),
    ],
)
def test_first_strong_direction(text, expected):
    assert first_strong_direction(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("\x02bold\x02 \x1ditalic\x1d", "bold italic"),
        ("\x0304,12red\x03 done\x0f", "red done"),
        ("\x04ff0000hex\x04", "hex"),
    ],
)
def test_strip_formatting(text, expected):
    assert strip_formatting(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MARKUP, MARKUP),
        (PERSIAN, PERSIAN),
        ("a\tb", "a b"),
        ("a\x00b\x07c\x1bd", "a\u2400b\u2407c"),  # "ESC d" is an escape sequence: removed
        ("a\x00b\x07c\x1b", "a\u2400b\u2407c"),
        ("line\nbreak\rcr", "line\u240abreak\u240dcr"),
        ("para\u2029sep\u2028line", "para\u21b5sep\u21b5line"),
        ("del\x7f c1\x85", "del\u2421 c1\ufffd"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is spelling, not a control
    ],
)
def test_neutralise_makes_controls_visible(text, expected):
    assert neutralise(text) == expected


def test_clean_nick_drops_bidi_controls():
    assert clean_nick("\u202eevil\u2066") == "evil"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no links here", [Segment("no links here")]),
        (
            "see https://example.org/a_(b). ok",
            [
                Segment("see "),
                Segment("https://example.org/a_(b)", "https://example.org/a_(b)"),
                Segment(". ok"),
            ],
        ),
        (
            "(http://x.org/p)",
            [Segment("("), Segment("http://x.org/p", "http://x.org/p"), Segment(")")],
        ),
        (
            "mail mailto:a@b.c!",
            [Segment("mail "), Segment("mailto:a@b.c", "mailto:a@b.c"), Segment("!")],
        ),
        (
            "javascript:alert(1) file:///etc/passwd",
            [Segment("javascript:alert(1) file:///etc/passwd")],
        ),
        ("http:// nothing", [Segment("http:// nothing")]),
        (
            "لینک https://example.org/صفحه، بعد",
            [
                Segment("لینک "),
                Segment("https://example.org/صفحه", "https://example.org/صفحه"),
                Segment("، بعد"),
            ],
        ),
    ],
)
def test_split_links(text, expected):
    segments = split_links(text)
    assert segments == expected
    assert "".join(segment.text for segment in segments) == text


@pytest.mark.parametrize(
    ("href", "allowed"),
    [
        ("http://a.b", True),
        ("HTTPS://a.b/x", True),
        ("mailto:x@y.z", True),
        ("mailto:", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://x.org", False),
        ("data:text/html,<b>x</b>", False),
    ],
)
def test_allowed_link(href, allowed):
    assert allowed_link(href) is allowed


def test_nick_colour_is_stable_and_case_insensitive():
    assert nick_colour("Ali") == nick_colour("ali") == nick_colour("ALI")
    assert nick_colour("Ali") != nick_colour("Bob")
    assert nick_colour("Ali").startswith("#") and len(nick_colour("Ali")) == 7
    assert nick_colour("Ali", dark_background=True) != nick_colour("Ali")


def test_nick_prefix_completion():
    names = ["Ali", "alan", "Bob", "علی", "ALICE"]
    assert nick_prefix_completion("al", names) == ["alan", "Ali", "ALICE"]
    assert nick_prefix_completion("عل", names) == ["علی"]
    assert nick_prefix_completion("z", names) == []


def test_fill_is_one_pass():
    assert fill("%1 is now %2", "%2", "x") == "%2 is now x"
    assert fill("%2 before %1", "a", "b") == "b before a"
    assert fill("%3 stays", "a") == "%3 stays"


# -- the widget ---------------------------------------------------------------------------------


def _view(qtbot, **kwargs):
    from app.qt.message_view import MessageView

    view = MessageView(**kwargs)
    qtbot.addWidget(view)
    return view


def _rows(view) -> list[str]:
    """Every row's text, read through the model's DisplayRole."""
    model = view.model()
    return [model.data(model.index(i)) for i in range(model.rowCount())]


def _messages(view) -> list[str]:
    """The rows that are chat messages (no day separators, no lines)."""
    from app.qt.message_model import RowKind

    model = view.list_model
    return [
        model.text(model.row(i))
        for i in range(model.rowCount())
        if model.row(i).kind is RowKind.MESSAGE
    ]


def _body(row_text: str) -> str:
    """What follows the time and the nick of a message row's text."""
    return row_text.split(f"{PDI}: ", 2)[-1]


def _shown(qtbot, view, width=500, height=300):
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)


@pytest.mark.gui
@pytest.mark.parametrize("text", [MARKUP, PERSIAN, "mixed سلام and English", "&amp; &lt;"])
def test_untrusted_text_shows_exactly_as_typed(qtbot, text):
    from app.qt.qt import Qt

    view = _view(qtbot)
    view.append_record(message(text, WHEN, nick="Ali"))
    view.flush()
    [line] = _messages(view)
    assert _body(line) == text
    assert f"{LRI}" in line and f"{FSI}Ali{PDI}" in line  # time and nick isolated
    last = view.model().index(view.model().rowCount() - 1)
    assert last.data(Qt.ItemDataRole.AccessibleTextRole) == line
    pieces = view.drawn_pieces(view.model().rowCount() - 1)
    assert "".join(piece for piece, _ in pieces) == text  # drawn as characters, not markup
    assert not any(fmt.isImageFormat() for _, fmt in pieces)


@pytest.mark.gui
def test_paragraph_direction_follows_the_message(qtbot):
    from app.qt.qt import Qt

    view = _view(qtbot)
    _shown(qtbot, view)
    for text in (PERSIAN, "hello", "سلام then English", "12345"):
        view.append_record(message(text, WHEN, nick="مریم"))
    view.flush()
    model = view.list_model
    directions = []
    for number in range(1, 5):
        drawn = view.delegate.drawn(model.row(number), 400, view.font(), view)
        directions.append(drawn.body.textOption().textDirection())
    assert directions[:3] == [
        Qt.LayoutDirection.RightToLeft,
        Qt.LayoutDirection.LeftToRight,
        Qt.LayoutDirection.RightToLeft,
    ]
    assert directions[3] == view.layoutDirection()  # no strong character: the UI's direction


@pytest.mark.gui
def test_control_characters_never_add_rows(qtbot):
    view = _view(qtbot)
    view.append_record(message("one\ntwo\u2029three\rfour", WHEN, nick="x"))
    view.flush()
    assert len(_messages(view)) == 1  # one message (a line break is a multiline message's)
    assert "\r" not in _messages(view)[0] and "\u2029" not in _messages(view)[0]


@pytest.mark.gui
def test_text_of_each_kind(qtbot):
    view = _view(qtbot)
    view.append_record(message("waves", WHEN, nick="Ali", kind=rec.ACTION))
    view.append_record(Record("line.joined", WHEN, params=(("nick", "Ali"),)))
    view.append_record(Record(rec.ERROR, WHEN, spans=(Segment("No such nick"),)))
    view.append_record(message("later", WHEN, nick="me", pending=True))
    view.append_record(message("notice text", WHEN, nick="srv", kind=rec.NOTICE))
    view.flush()
    _day, action, event, error, queued, notice = _rows(view)
    assert action.endswith(f"* {FSI}Ali{PDI} waves")
    assert event.endswith("Ali joined")
    assert error.endswith("\u26a0 No such nick")
    assert queued.endswith(f"{FSI}me{PDI}: later (not sent yet — will be sent when reconnected)")
    assert notice.endswith(f"-{FSI}srv{PDI}- notice text")


@pytest.mark.gui
def test_links_only_for_allowed_schemes_and_a_click_opens_them(qtbot):
    from app.qt.qt import QPoint, Qt

    view = _view(qtbot)
    view.open_links = False
    _shown(qtbot, view)
    view.append_record(message("go https://example.org/x javascript:alert(1)", WHEN, nick="a"))
    view.flush()
    row = view.list_model.row(1)
    drawn = view.delegate.drawn(row, view.viewport().width(), view.font(), view)
    assert [href for _, _, href in drawn.links] == ["https://example.org/x"]
    assert not view.activate_link("javascript:alert(1)")
    assert not view.activate_link("file:///etc/passwd")
    rect = view.visualRect(view.model().index(1))
    origin = view.delegate.body_origin(row, rect, view.font(), view)
    start = drawn.links[0][0] + 4
    line = drawn.body.lineForTextPosition(start)
    point = QPoint(origin.x() + round(line.cursorToX(start)[0]), origin.y() + round(line.y() + 3))
    assert view.link_at(point) == "https://example.org/x"
    with qtbot.waitSignal(view.link_activated, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args[0].toString() == "https://example.org/x"


@pytest.mark.gui
def test_appends_are_batched(qtbot):
    view = _view(qtbot, batch_ms=5)
    for i in range(50):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    assert view.model().rowCount() == 0
    qtbot.waitUntil(lambda: len(_messages(view)) == 50, timeout=2000)
    assert _body(_messages(view)[-1]) == "m49"


@pytest.mark.gui
def test_rows_are_capped_and_trimmed_in_chunks(qtbot):
    view = _view(qtbot, max_rows=100, trim_chunk=20)
    counts = []
    for i in range(250):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
        if i % 7 == 0:
            view.flush()
            counts.append(view.model().rowCount())
    view.flush()
    assert max(counts) <= 100  # memory stays bounded
    assert min(counts[20:]) >= 80  # trimmed a chunk at a time, never emptied
    assert _body(_messages(view)[-1]) == "m249"
    assert view.list_model.messages_added == 250


@pytest.mark.gui
def test_view_stays_at_the_bottom_unless_scrolled_up(qtbot):
    view = _view(qtbot)
    _shown(qtbot, view, 300, 120)
    for i in range(100):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    bar = view.verticalScrollBar()
    assert view.at_bottom() and bar.value() == bar.maximum() > 0
    last = view.model().index(view.model().rowCount() - 1)
    assert view.visualRect(last).bottom() <= view.viewport().height()
    bar.setValue(0)
    assert not view.at_bottom()
    view.append_record(message("more", WHEN, nick="a"))
    view.flush()
    assert bar.value() == 0 and not view.at_bottom()
    assert view.indexAt(view.viewport().rect().topLeft()).row() == 0
    view.scroll_to_bottom()
    assert view.at_bottom() and bar.value() == bar.maximum()


@pytest.mark.gui
def test_the_wheel_scrolls_by_pixels_and_back_to_following(qtbot):
    from app.qt.qt import QPoint, Qt

    view = _view(qtbot)
    _shown(qtbot, view, 300, 150)
    for i in range(60):
        view.append_record(message(f"m{i}", WHEN, nick=f"n{i % 3}"))
    view.flush()
    before = view.visualRect(view.model().index(view.model().rowCount() - 1)).top()
    qtbot.wait(1)
    view.scroll_pixels(-7)
    after = view.visualRect(view.model().index(view.model().rowCount() - 1)).top()
    assert after == before + 7 and not view.at_bottom()
    view.scroll_pixels(10_000)
    assert view.at_bottom()
    assert QPoint(0, 0) is not None and Qt.ScrollBarPolicy  # names used


@pytest.mark.gui
def test_a_reader_scrolled_up_keeps_their_place_when_old_rows_go(qtbot):
    view = _view(qtbot, max_rows=200, trim_chunk=50)
    _shown(qtbot, view, 300, 200)
    for i in range(190):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    view.verticalScrollBar().setValue(120)
    centre = view.viewport().rect().center()
    reading = view.indexAt(centre).data()
    for i in range(190, 260):  # over the cap: a chunk of the oldest rows goes
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    assert view.model().rowCount() <= 200
    assert view.indexAt(centre).data() == reading


# -- grouping, days, summaries ------------------------------------------------------------------


@pytest.mark.gui
def test_messages_of_one_person_within_minutes_are_grouped(qtbot):
    from datetime import timedelta

    from app.qt.message_model import RowKind

    view = _view(qtbot)
    later = WHEN + timedelta(minutes=2)
    much_later = WHEN + timedelta(minutes=20)
    for text, nick, when, own in [
        ("one", "Ali", WHEN, False),
        ("two", "ali", later, False),  # the same person (nicks fold)
        ("three", "Sara", later, False),
        ("four", "Sara", much_later, False),  # too long after: a new group
        ("five", "me", much_later, True),
        ("six", "me", much_later, True),
    ]:
        view.append_record(rec.message(text, nick, when, own=own))
    view.append_record(message("acts", much_later, nick="me", kind=rec.ACTION))
    view.flush()
    rows = [view.list_model.row(i) for i in range(view.model().rowCount())]
    messages = [row for row in rows if row.kind is RowKind.MESSAGE]
    assert [row.starts_group for row in messages] == [True, False, True, True, True, False, True]
    assert rows[0].kind is RowKind.DAY


@pytest.mark.gui
def test_day_separators_say_today_yesterday_and_the_date(qtbot):
    from datetime import timedelta

    from app.qt.message_model import RowKind

    view = _view(qtbot)
    now = datetime.now(UTC)
    for when in (now - timedelta(days=400), now - timedelta(days=1), now):
        view.append_record(message("hi", when, nick="Ali"))
        view.append_record(message("again", when, nick="Ali"))
    view.flush()
    model = view.list_model
    days = [model.text(row) for row in model.rows() if row.kind is RowKind.DAY]
    assert len(days) == 3
    assert days[1:] == ["Yesterday", "Today"]
    year = str((now - timedelta(days=400)).astimezone().year)
    assert year in days[0]


def test_dates_in_the_persian_interface_use_the_jalali_calendar_and_persian_digits(qapp):
    from datetime import date

    from app.qt.days import day_label, uses_jalali
    from app.qt.qt import QLocale

    persian = QLocale("fa_IR")
    assert uses_jalali(persian) and not uses_jalali(QLocale("en_US"))
    nowruz = day_label(date(2024, 3, 20), today=date(2024, 6, 1), locale=persian)
    assert "فروردین" in nowruz and "۱۴۰۳" in nowruz and "۱" in nowruz
    assert not any(ch.isascii() and ch.isdigit() for ch in nowruz)
    english = day_label(date(2024, 3, 20), today=date(2024, 6, 1), locale=QLocale("en_US"))
    assert "March" in english and "2024" in english and "20" in english


@pytest.mark.gui
def test_joins_parts_and_renames_in_a_row_fold_into_one_summary(qtbot):
    from app.qt.message_model import RowKind

    view = _view(qtbot)
    for nick in ("Ali", "Sara", "Reza", "Mina", "Omid"):
        view.append_record(Record("line.joined", WHEN, params=(("nick", nick),)))
    view.append_record(Record("line.quit", WHEN, params=(("nick", "bob"),)))
    view.append_record(Record("line.nick", WHEN, params=(("old", "x"), ("new", "y"))))
    view.append_record(message("a message breaks it", WHEN, nick="Ali"))
    view.append_record(Record("line.joined", WHEN, params=(("nick", "late"),)))
    view.flush()
    model = view.list_model
    kinds = [row.kind for row in model.rows()]
    assert kinds == [RowKind.DAY, RowKind.SUMMARY, RowKind.MESSAGE, RowKind.LINE]
    summary = model.text(model.row(1))
    assert "Ali, Sara, Reza and 2 more joined" in summary
    assert "bob left" in summary and "x \u2192 y changed their name" in summary
    tooltip = model.data(model.index(1), Qt_tooltip())
    assert "Omid joined" in tooltip and "bob left the chat" in tooltip
    assert _rows(view)[-1].endswith("late joined")


def Qt_tooltip():
    from app.qt.qt import Qt

    return Qt.ItemDataRole.ToolTipRole


# -- selection, copy, zoom, keyboard ---------------------------------------------------------------


@pytest.mark.gui
def test_selected_messages_are_copied_as_plain_text_in_order(qtbot):
    from app.qt.qt import QGuiApplication, Qt

    view = _view(qtbot)
    _shown(qtbot, view)
    for text in ("first", "سلام @Sara", "third"):
        view.append_record(message(text, WHEN, nick="Ali"))
    view.flush()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    lines = copied.split("\n")
    assert [line.split(": ", 1)[1] for line in lines] == ["first", "سلام @Sara", "third"]
    assert all(line.split(" ", 1)[1].startswith("Ali: ") for line in lines)
    assert not any(ch in copied for ch in (LRI, FSI, PDI))  # no display isolates


@pytest.mark.gui
def test_ctrl_plus_minus_and_zero_zoom_the_text(qtbot):
    from app.client.presentation.presenter import Conversation
    from app.qt.conversation import ConversationWidget
    from app.qt.qt import Qt

    widget = ConversationWidget(Conversation("#lobby", False))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    widget.input.setFocus()
    view = widget.view
    normal = view.font().pointSizeF()
    qtbot.keyClick(widget.input, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget.input, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_step() == 2 and view.font().pointSizeF() > normal
    qtbot.keyClick(widget.input, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_step() == 1
    qtbot.keyClick(widget.input, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_step() == 0 and view.font().pointSizeF() == normal


@pytest.mark.gui
def test_the_view_is_named_for_screen_readers_and_reached_by_keyboard(qtbot):
    from app.client.presentation.presenter import Conversation
    from app.qt.conversation import ConversationWidget
    from app.qt.qt import Qt

    widget = ConversationWidget(Conversation("#lobby", False))
    qtbot.addWidget(widget)
    widget.view.append_record(message("hello", WHEN, nick="Ali"))
    widget.view.flush()
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    view = widget.view
    assert view.accessibleName() and view.focusPolicy() & Qt.FocusPolicy.TabFocus
    widget.input.setFocus()
    qtbot.keyClick(widget.input, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    index = view.model().index(1)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).endswith("hello")


@pytest.mark.gui
def test_typing_line(qtbot):
    from app.client.presentation.presenter import Conversation
    from app.qt.conversation import ConversationWidget

    widget = ConversationWidget(Conversation("#lobby", False))
    qtbot.addWidget(widget)
    widget.show()
    widget.show_typing("Reza is typing…")
    assert widget.typing_label.isVisible() and "Reza" in widget.typing_label.text()
    widget.show_typing("")
    assert not widget.typing_label.isVisible()


@pytest.mark.gui
def test_emoji_outside_the_bmp_keep_styles_and_links_in_place(qtbot):
    from app.qt.qt import QFont

    view = _view(qtbot)
    _shown(qtbot, view)
    view.append_record(message("🚲🚲 \x02bold\x02 https://example.org/🚲 end", WHEN, nick="a"))
    view.flush()
    pieces = view.drawn_pieces(1)
    assert "".join(piece for piece, _ in pieces) == "🚲🚲 bold https://example.org/🚲 end"
    styles = {piece: fmt for piece, fmt in pieces}
    assert styles["bold"].fontWeight() == QFont.Weight.Bold
    assert styles["🚲🚲 "].fontWeight() != QFont.Weight.Bold
    drawn = view.delegate.drawn(view.list_model.row(1), view.viewport().width(), view.font(), view)
    [(start, end, href)] = drawn.links
    assert drawn.body.text().encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le") == href


@pytest.mark.gui
@pytest.mark.parametrize("base", ["#ffffff", "#1e1e1e"])
def test_irc_colours_read_on_light_and_dark_palettes(qtbot, base):
    from app.client.presentation.text import contrast
    from app.qt.qt import QColor, QPalette

    view = _view(qtbot)
    view.append_record(message("\x0301black\x03 \x0308yellow\x03 \x0302navy", WHEN, nick="a"))
    view.flush()
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    view.setPalette(palette)  # a theme switch: the view lays its rows out for the new background
    background = QColor(base)
    rgb = (background.red(), background.green(), background.blue())
    checked = 0
    for piece, fmt in view.drawn_pieces(view.model().rowCount() - 1):
        if piece.strip() in ("black", "yellow", "navy"):
            colour = fmt.foreground().color()
            assert contrast((colour.red(), colour.green(), colour.blue()), rgb) >= 3.0
            checked += 1
    assert checked == 3
    assert len(view.lines()) == 1


@pytest.mark.gui
def test_a_language_switch_redraws_sentences(qtbot):
    from app.qt import i18n
    from app.qt.qt import QCoreApplication, QEvent

    view = _view(qtbot)
    view.append_record(Record("line.joined", WHEN, params=(("nick", "Ali"),)))
    view.flush()
    assert _rows(view)[-1].endswith("Ali joined")
    translation = i18n.install("fa")
    try:
        QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
        assert "پیوست" in _rows(view)[-1] and _rows(view)[0] != "Today"
    finally:
        translation.remove()
