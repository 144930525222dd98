"""The conversation view and the host's history: scrolling up fetches older lines and keeps
the position, a search jump fetches an unloaded message, MARKREAD is sent when read, and the
"new since you left" line is placed from the host's marker after a restart."""

from __future__ import annotations

import pytest

from app.irc.history import format_time
from app.qt.main_window import MARK_READ_MS
from tests.qt.test_main_window import (
    WAIT,
    open_window,  # noqa: F401 (the fixture, reused)
    text_of,
)

pytestmark = pytest.mark.gui

SAID = 120
DAY_ROW_MAX = 48  # pixels: a day heading's row, at most
DIVIDER = "— new since you left —"


def _say_many(qtbot, server, peer, count: int = SAID) -> None:
    for index in range(count):
        peer.send(f"PRIVMSG #lobby :line {index}")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == count, timeout=WAIT)


def _offset_of(view, record_id: str) -> int:
    """Where the row showing ``record_id`` starts, relative to the top of what is shown."""
    model = view.list_model
    return view.visualRect(model.index(model.row_of(record_id))).top()


def test_scrolling_to_the_top_fetches_older_lines_and_keeps_the_position(
    qtbot,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
):
    server = make_chat_server(flood_limit=False)
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    _say_many(qtbot, server, carol)
    window = open_window("Sara", host, port)
    qtbot.waitUntil(lambda: "line 119" in text_of(window, "#lobby"), timeout=WAIT)
    room = window.conversation("#lobby")
    assert "line 69\n" not in text_of(window, "#lobby") + "\n"
    bar = room.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
    bar.setValue(bar.minimum())  # the person scrolls to the very top
    assert room.fetching
    first_shown = room.view.lines()[0].id  # the first record of the top rows
    before = _offset_of(room.view, first_shown)
    qtbot.waitUntil(lambda: "line 20" in text_of(window, "#lobby"), timeout=WAIT)
    assert not room.fetching and not room.history_complete
    shown = text_of(window, "#lobby")
    assert shown.index("line 20") < shown.index("line 69") < shown.index("line 70")
    assert bar.value() > bar.minimum()  # did not jump to the top of the older lines
    # the same line in the same place (less the day heading, now above the older lines)
    assert before - DAY_ROW_MAX <= _offset_of(room.view, first_shown) <= before

    bar.setValue(bar.minimum())
    qtbot.waitUntil(lambda: room.history_complete, timeout=WAIT)
    shown = text_of(window, "#lobby")
    assert shown.index("line 0") < shown.index("line 19") < shown.index("line 20")
    assert shown.count("line 5\n") == 1
    bar.setValue(bar.minimum() + 1)
    bar.setValue(bar.minimum())  # nothing older: not asked again
    assert not room.fetching


def test_search_jump_to_an_unloaded_message_fetches_it(
    qtbot,
    make_chat_server,
    open_window,  # noqa: F811
    make_peer,
):
    server = make_chat_server(flood_limit=False)
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    _say_many(qtbot, server, carol)
    wanted = server.hub.history.lines("#lobby")[5]
    assert wanted.message.params[1] == "line 5" and wanted.msgid
    window = open_window("Sara", host, port)
    qtbot.waitUntil(lambda: "line 119" in text_of(window, "#lobby"), timeout=WAIT)
    room = window.conversation("#lobby")
    assert not room.reveal_message("line 5", wanted.msgid)  # not loaded: asked for
    qtbot.waitUntil(lambda: "line 5\n" in text_of(window, "#lobby"), timeout=WAIT)
    qtbot.waitUntil(
        lambda: (current := room.view.current_message()) is not None and current.id == wanted.msgid,
        timeout=WAIT,
    )


def test_marker_sent_when_read_and_divider_after_a_restart(  # noqa: PLR0917 (fixtures)
    qtbot,
    make_chat_server,
    server_tls,
    open_window,  # noqa: F811
    make_peer,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("GOFTO_DATA_DIR", str(tmp_path))  # this installation's key lives here
    server = make_chat_server(tls=server_tls, flood_limit=False)
    host, port = server.address
    carol = make_peer(host, port)
    carol.register("carol", room="#lobby")
    _say_many(qtbot, server, carol, 3)
    first = open_window("Sara", host, port)
    account = first.controller.session.nick
    monkeypatch.setattr(first, "is_active", lambda: True)
    qtbot.waitUntil(lambda: "line 2" in text_of(first, "#lobby"), timeout=WAIT)
    first.presenter.focus("#lobby", active=True)  # what the window's activation says
    # the window's timer tells the host (MARKREAD) within MARK_READ_MS
    qtbot.waitUntil(
        lambda: server.hub.markers.get(account.lower(), "#lobby") is not None,
        timeout=MARK_READ_MS + WAIT,
    )
    said = server.hub.history.lines("#lobby")[-1].time
    assert format_time(server.hub.markers.get(account.lower(), "#lobby")) == said
    first.controller.shutdown()
    first.close()

    carol.send("PRIVMSG #lobby :said while Sara was away")
    carol.send("PRIVMSG #lobby :and another")
    qtbot.waitUntil(lambda: len(server.hub.history.lines("#lobby")) == 5, timeout=WAIT)
    again = open_window("Sara", host, port)
    monkeypatch.setattr(again, "is_active", lambda: False)
    qtbot.waitUntil(lambda: "and another" in text_of(again, "#lobby"), timeout=WAIT)
    shown = text_of(again, "#lobby")
    assert shown.count(DIVIDER) == 1
    assert shown.index("line 2") < shown.index(DIVIDER) < shown.index("said while Sara")
    assert again.conversation("#lobby").unread == 2
