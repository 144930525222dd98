"""The message view and its pure helpers: plain text stays plain, directions, links, batching."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import pairwise

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


def _blocks(view) -> list[str]:
    document = view.document()
    return [document.findBlockByNumber(i).text() for i in range(document.blockCount())]


def _body(block_text: str) -> str:
    """What follows the time and the nick of a drawn message line (a paragraph that runs
    against the interface has its time last, to keep one time column)."""
    body = block_text.split(f"{PDI}: ", 2)[-1]
    return re.sub(f" {LRI}\\d\\d:\\d\\d{PDI}$", "", body)


@pytest.mark.gui
@pytest.mark.parametrize("text", [MARKUP, PERSIAN, "mixed سلام and English", "&amp; &lt;"])
def test_untrusted_text_shows_exactly_as_typed(qtbot, text):
    view = _view(qtbot)
    view.append_record(message(text, WHEN, nick="Ali"))
    view.flush()
    [line] = _blocks(view)
    assert _body(line) == text
    assert f"{LRI}12:" in line or f"{LRI}1" in line  # the time is isolated left-to-right
    assert f"{FSI}Ali{PDI}" in line
    html = view.document().toHtml()
    assert "<img" not in html and "<b>" not in html
    fragments = []
    block = view.document().firstBlock()
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        fragments.append(fragment.charFormat().isImageFormat())
        iterator += 1
    assert not any(fragments)


@pytest.mark.gui
def test_paragraph_direction_follows_the_message(qtbot):
    from app.qt.qt import Qt

    view = _view(qtbot)
    for text in (PERSIAN, "hello", "سلام then English", "12345"):
        view.append_record(message(text, WHEN, nick="مریم"))
    view.flush()
    document = view.document()
    directions = [document.findBlockByNumber(i).blockFormat().layoutDirection() for i in range(4)]
    assert directions[:3] == [
        Qt.LayoutDirection.RightToLeft,
        Qt.LayoutDirection.LeftToRight,
        Qt.LayoutDirection.RightToLeft,
    ]
    assert directions[3] == view.layoutDirection()  # no strong character: the UI's direction


@pytest.mark.gui
def test_control_characters_never_add_paragraphs(qtbot):
    view = _view(qtbot)
    view.append_record(message("one\ntwo\u2029three\rfour", WHEN, nick="x"))
    view.flush()
    assert view.document().blockCount() == 1


@pytest.mark.gui
def test_styles_of_each_kind(qtbot):
    view = _view(qtbot)
    view.append_record(message("waves", WHEN, nick="Ali", kind=rec.ACTION))
    view.append_record(Record("line.joined", WHEN, params=(("nick", "Ali"),)))
    view.append_record(Record(rec.ERROR, WHEN, spans=(Segment("No such nick"),)))
    view.append_record(message("later", WHEN, nick="me", pending=True))
    view.append_record(message("notice text", WHEN, nick="srv", kind=rec.NOTICE))
    view.flush()
    action, event, error, queued, notice = _blocks(view)
    assert action.endswith(f"* {FSI}Ali{PDI} waves")
    assert event.endswith("Ali joined")
    assert error.endswith("\u26a0 No such nick")
    assert queued.endswith(f"{FSI}me{PDI}: later (not sent yet — will be sent when reconnected)")
    assert notice.endswith(f"-{FSI}srv{PDI}- notice text")


@pytest.mark.gui
def test_links_are_anchors_only_for_allowed_schemes(qtbot):
    view = _view(qtbot)
    view.open_links = False
    view.append_record(message("go https://example.org/x javascript:alert(1)", WHEN, nick="a"))
    view.flush()
    anchors = []
    iterator = view.document().firstBlock().begin()
    while not iterator.atEnd():
        fmt = iterator.fragment().charFormat()
        if fmt.isAnchor():
            anchors.append(fmt.anchorHref())
        iterator += 1
    assert anchors == ["https://example.org/x"]
    with qtbot.waitSignal(view.link_activated, timeout=1000) as blocker:
        assert view.activate_link("https://example.org/x")
    assert blocker.args[0].toString() == "https://example.org/x"
    assert not view.activate_link("javascript:alert(1)")
    assert not view.activate_link("file:///etc/passwd")


@pytest.mark.gui
def test_clicking_a_link_activates_it(qtbot):
    from app.qt.qt import QPoint, Qt

    view = _view(qtbot)
    view.open_links = False
    view.resize(500, 200)
    view.show()
    qtbot.waitExposed(view)
    view.append_record(message("https://example.org/click", WHEN, nick="a"))
    view.flush()
    cursor = view.textCursor()
    cursor.setPosition(view.document().firstBlock().text().index("https") + 3)
    rect = view.cursorRect(cursor)
    with qtbot.waitSignal(view.link_activated, timeout=2000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


@pytest.mark.gui
def test_appends_are_batched(qtbot):
    view = _view(qtbot, batch_ms=5)
    for i in range(50):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    assert view.document().blockCount() == 1 and not view.document().firstBlock().text()
    qtbot.waitUntil(lambda: view.document().blockCount() == 50, timeout=2000)
    assert _body(_blocks(view)[-1]) == "m49"


@pytest.mark.gui
def test_scrollback_is_capped_and_earlier_lines_come_back(qtbot):
    view = _view(qtbot, max_blocks=100)
    for i in range(250):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    with qtbot.waitSignal(view.hidden_changed, timeout=1000):
        view.flush()
    assert view.document().blockCount() == 100
    assert view.hidden_count() == 150
    assert _body(_blocks(view)[0]) == "m150"
    view.load_earlier()
    assert view.document().blockCount() == 200
    assert view.hidden_count() == 50
    assert _body(_blocks(view)[0]) == "m50"
    view.load_earlier()
    assert view.hidden_count() == 0
    assert [_body(b) for b in _blocks(view)] == [f"m{i}" for i in range(250)]
    assert len(view.lines()) == 250


@pytest.mark.gui
def test_view_stays_at_the_bottom_unless_scrolled_up(qtbot):
    view = _view(qtbot)
    view.resize(300, 120)
    view.show()
    qtbot.waitExposed(view)
    for i in range(100):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    bar.setValue(0)
    view.append_record(message("more", WHEN, nick="a"))
    view.flush()
    assert bar.value() == 0


@pytest.mark.gui
def test_highlight_has_a_background(qtbot):
    from app.qt.qt import Qt

    view = _view(qtbot)
    view.append_record(message("hey me", WHEN, nick="a", highlight=True))
    view.append_record(message("plain", WHEN, nick="a"))
    view.flush()
    first = view.document().firstBlock()
    assert first.blockFormat().background().style() != Qt.BrushStyle.NoBrush
    assert first.next().blockFormat().background().style() == Qt.BrushStyle.NoBrush


@pytest.mark.gui
def test_trimming_is_chunked_bounded_and_keeps_every_line_reachable(qtbot):
    view = _view(qtbot, max_blocks=100, trim_slack=20)
    written = 0
    counts = []
    for _ in range(30):
        for _ in range(7):
            view.append_record(message(f"m{written}", WHEN, nick="a"))
            written += 1
        view.flush()
        blocks = view.document().blockCount()
        counts.append(blocks)
        assert blocks <= 100 + 20  # the cap plus its slack: memory stays bounded
        assert view.hidden_count() == written - blocks
        assert _body(_blocks(view)[0]) == f"m{written - blocks}"
    assert 100 in counts and max(counts) > 100  # trimmed in chunks, back to the cap each time
    while view.hidden_count():
        view.load_earlier()
    assert [_body(b) for b in _blocks(view)] == [f"m{i}" for i in range(written)]


@pytest.mark.gui
def test_directions_survive_trimming(qtbot):
    from app.qt.qt import Qt

    view = _view(qtbot, max_blocks=10, trim_slack=3)
    for i in range(40):
        text = PERSIAN if i % 2 else f"hello {i}"
        view.append_record(message(text, WHEN, nick="a", highlight=i % 3 == 0))
        view.flush()
    document = view.document()
    for number in range(document.blockCount()):
        block = document.findBlockByNumber(number)
        persian = PERSIAN in block.text()
        expected = Qt.LayoutDirection.RightToLeft if persian else Qt.LayoutDirection.LeftToRight
        assert block.blockFormat().layoutDirection() == expected


@pytest.mark.gui
def test_a_backlog_is_drawn_a_bounded_batch_per_frame(qtbot):
    from app.qt.message_view import MAX_LINES_PER_FLUSH

    view = _view(qtbot, batch_ms=1)
    counts = [1]  # an empty document has one (empty) block
    view.document().blockCountChanged.connect(counts.append)
    total = MAX_LINES_PER_FLUSH * 3 + 5
    for i in range(total):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    qtbot.waitUntil(lambda: view.document().blockCount() == total, timeout=3000)
    steps = [after - before for before, after in pairwise(counts)]
    assert len(steps) >= 4 and max(steps) <= MAX_LINES_PER_FLUSH
    assert _body(_blocks(view)[-1]) == f"m{total - 1}"
    assert view.hidden_count() == 0


@pytest.mark.gui
def test_a_reader_scrolled_up_keeps_their_place_when_old_lines_go(qtbot):
    view = _view(qtbot, max_blocks=200, trim_slack=50)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    for i in range(240):
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    reading = view.cursorForPosition(view.viewport().rect().center()).block().text()
    for i in range(240, 300):  # over the cap by more than the slack: a chunk is trimmed
        view.append_record(message(f"m{i}", WHEN, nick="a"))
    view.flush()
    assert view.document().blockCount() == 200
    assert view.cursorForPosition(view.viewport().rect().center()).block().text() == reading
