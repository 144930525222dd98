"""A late joiner's window shows the room's earlier messages: greyed, after a separator, quiet."""

from __future__ import annotations

import pytest

from app.qt.qt import QApplication, QColor, QPalette
from tests.qt.test_main_window import (
    WAIT,
    open_window,  # noqa: F401 (the fixture, reused)
    text_of,
)

pytestmark = pytest.mark.gui

SEPARATOR = "— earlier messages —"


def _foreground(view, text: str):
    """The colour the view drew ``text`` in (its last character)."""
    fmt = view.format_of(text)
    assert fmt is not None, text
    return fmt.foreground().color().name()


@pytest.fixture
def grey_placeholder(qapp):
    """A palette whose quiet colour differs from the text colour (offscreen: both black)."""
    before = QApplication.palette()
    palette = QPalette(before)
    palette.setColor(QPalette.ColorRole.Text, QColor("#101010"))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8a8a8a"))
    QApplication.setPalette(palette)
    yield
    QApplication.setPalette(before)


@pytest.mark.usefixtures("grey_placeholder")
def test_late_joiner_sees_earlier_lines_greyed_and_not_unread(
    qtbot,
    chat_server,
    open_window,  # noqa: F811 (the fixture imported above)
    make_peer,
    monkeypatch,
):
    host, port = chat_server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    carol.send("PRIVMSG #lobby :Sara, before you came")
    carol.send("PRIVMSG #lobby :\x01ACTION waves early\x01")
    qtbot.waitUntil(lambda: len(chat_server.hub.history.lines("#lobby")) == 2, timeout=WAIT)

    window = open_window("Sara", host, port)
    monkeypatch.setattr(window, "is_active", lambda: False)
    notes = []
    window.notifier.notified.connect(lambda *args: notes.append(args))
    qtbot.waitUntil(lambda: "waves early" in text_of(window, "#lobby"), timeout=WAIT)
    shown = text_of(window, "#lobby")
    assert shown.index("You joined") < shown.index(SEPARATOR) < shown.index("before you came")
    assert shown.count(SEPARATOR) == 1
    room = window.conversation("#lobby")
    assert room.unread == 0 and not room.highlighted
    quiet = "#8a8a8a"
    assert _foreground(room.view, "before you came") == quiet
    assert _foreground(room.view, "waves early") == quiet

    carol.send("PRIVMSG #lobby :and now live")
    qtbot.waitUntil(lambda: "and now live" in text_of(window, "#lobby"), timeout=WAIT)
    assert room.unread == 1
    assert _foreground(room.view, "and now live") != quiet
    assert notes == []  # no mention, no private: and history never notified
