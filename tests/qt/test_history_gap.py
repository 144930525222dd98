"""A search jump older than what is shown leaves no hole in the Qt view: the lines between
come with it, or an explicit gap row that loads them (click or Enter). A real host; the gap
row is screenshotted in English and Persian (written to ``resources/screenshots/`` with
``GOFTO_SCREENSHOTS=1``)."""

from __future__ import annotations

import re

import pytest

from app.client import spans
from app.client.presentation import records as rec
from app.client.presentation.direction import strip_isolates
from app.qt.qt import QPoint, Qt
from tests.qt.test_history_screenshots import (
    _save,
    open_window,  # noqa: F401 (the fixture, reused)
    persian,  # noqa: F401 (the fixture, reused)
)
from tests.qt.test_main_window import WAIT, text_of

pytestmark = pytest.mark.gui

SAID = 120
GAP = "Earlier messages not shown — load them"
GAP_FA = "پیام‌های پیشین نشان داده نشده‌اند — بارگذاری‌شان کنید"


def _numbers(window) -> list[int]:
    """The numbers of the "line N" messages shown, top to bottom."""
    return [int(n) for n in re.findall(r"line (\d+)$", text_of(window, "#lobby"), re.M)]


def _jumped(qtbot, make_chat_server, open_window, make_peer, target: int = 20):  # noqa: F811
    server = make_chat_server(flood_limit=False)
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    for index in range(SAID):
        carol.send(f"PRIVMSG #lobby :line {index}")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == SAID, timeout=WAIT)
    wanted = server.hub.history.lines("#lobby")[target]
    window = open_window("Sara", host, port)
    window.resize(820, 460)
    qtbot.waitUntil(lambda: "line 119" in text_of(window, "#lobby"), timeout=WAIT)
    assert _numbers(window) == list(range(70, SAID))
    room = window.conversation("#lobby")
    assert not room.reveal_message(f"line {target}", wanted.msgid)  # not loaded: asked for
    qtbot.waitUntil(
        lambda: (current := room.view.current_message()) is not None and current.id == wanted.msgid,
        timeout=WAIT,
    )
    return window, room


def _gap_row(room) -> int:
    model = room.view.list_model
    rows = [
        n
        for n in range(model.rowCount())
        if model.row(n).records and model.row(n).record.kind == rec.GAP
    ]
    assert len(rows) <= 1
    return rows[0] if rows else -1


def test_a_jump_older_than_what_is_shown_leaves_no_hole(
    qtbot,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
):
    window, room = _jumped(qtbot, make_chat_server, open_window, make_peer)
    first = 20 - spans.CONTEXT_LINES + 1
    assert _numbers(window) == list(range(first, SAID))  # 21–69 are there, in order
    assert _gap_row(room) < 0 and GAP not in text_of(window, "#lobby")
    # scrolling up continues above the jump's context
    bar = room.view.verticalScrollBar()
    bar.setValue(bar.minimum())
    qtbot.waitUntil(lambda: room.history_complete, timeout=WAIT)
    assert _numbers(window) == list(range(SAID))


def test_a_gap_row_loads_the_missing_lines_on_a_click(
    qtbot,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
    monkeypatch,
):
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 30)
    window, room = _jumped(qtbot, make_chat_server, open_window, make_peer)
    assert _numbers(window) == [*range(10, 31), *range(40, SAID)]
    shown = text_of(window, "#lobby")
    assert shown.index("line 30\n") < shown.index(GAP) < shown.index("line 40\n")
    view = room.view
    index = view.list_model.index(_gap_row(room))
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, rect.center().y()))
    qtbot.waitUntil(lambda: _gap_row(room) < 0, timeout=WAIT)
    assert _numbers(window) == list(range(10, SAID))
    assert GAP not in text_of(window, "#lobby")


def test_a_gap_row_is_loaded_with_enter_a_piece_at_a_time(
    qtbot,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
    monkeypatch,
):
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 10)
    window, room = _jumped(qtbot, make_chat_server, open_window, make_peer)
    assert _numbers(window) == [*range(10, 31), *range(60, SAID)]
    view = room.view
    for loaded in (50, 40, 31):
        view.setCurrentIndex(view.list_model.index(_gap_row(room)))
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=loaded: n in _numbers(window), timeout=WAIT)
        assert _numbers(window) == [*range(10, 31), *range(loaded, SAID)]
        # the keyboard goes on from the first row that came (the rest of the hole, or a line)
        current = view.list_model.row(view.currentIndex().row()).record
        assert current.kind == rec.GAP or current.spans[0].text == "line 31"
    assert _gap_row(room) < 0


@pytest.mark.parametrize("language", ["en", "fa"])
def test_screenshot_gap_row(  # noqa: PLR0917 (fixtures)
    qtbot,
    request,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
    monkeypatch,
    tmp_path,
    language,
):
    if language == "fa":
        request.getfixturevalue("persian")
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 30)
    window, room = _jumped(qtbot, make_chat_server, open_window, make_peer)
    view = room.view
    view.scrollTo(view.list_model.index(_gap_row(room) + 4))
    suffix = "" if language == "en" else "-fa"
    path = _save(window, f"history-gap{suffix}.png", tmp_path)
    assert path.stat().st_size > 0
    assert (GAP if language == "en" else GAP_FA) in strip_isolates(text_of(window, "#lobby"))


def test_a_rejoin_after_a_long_absence_shows_a_gap_row_that_loads_what_was_missed(
    qtbot, make_chat_server, make_peer
):
    """Lost for 80 lines: the rejoin's 50 latest come with a gap row above them (between the
    last line shown before and them), and a click fills it. The window stays at the bottom."""
    from app.client.reconnect import Backoff
    from app.qt.controller import ChatController
    from app.qt.main_window import MainWindow

    server = make_chat_server(flood_limit=False, operator_password="hostsecret")
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    carol.send("OPER carol hostsecret")
    for index in range(SAID):
        carol.send(f"PRIVMSG #lobby :line {index}")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == SAID, timeout=WAIT)
    # reconnects only when told (reconnect_now), so the lines below are missed for sure
    controller = ChatController("Sara", host, port, backoff=Backoff(initial=60, maximum=60))
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    window.resize(820, 460)
    window.show()
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: "line 119" in text_of(window, "#lobby"), timeout=WAIT)
        carol.send("KILL Sara :back soon")
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=WAIT)
        for index in range(SAID, SAID + 80):
            carol.send(f"PRIVMSG #lobby :line {index}")
        qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == SAID + 80, timeout=WAIT)
        controller.reconnect_now()
        qtbot.waitUntil(lambda: "line 199" in text_of(window, "#lobby"), timeout=WAIT)
        room = window.conversation("#lobby")
        qtbot.waitUntil(lambda: _gap_row(room) >= 0, timeout=WAIT)
        shown = text_of(window, "#lobby")
        assert shown.index("line 119\n") < shown.index(GAP) < shown.index("line 150\n")
        assert _numbers(window) == [*range(70, 120), *range(150, 200)]
        view = room.view
        assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
        index = view.list_model.index(_gap_row(room))
        view.scrollTo(index)
        rect = view.visualRect(index)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, rect.center().y())
        )
        qtbot.waitUntil(lambda: _gap_row(room) < 0, timeout=WAIT)
        assert _numbers(window) == list(range(70, 200))
    finally:
        controller.shutdown()
