"""The Tk transcript and the host's history, with a real server holding more lines than the
join's first page: scrolling to the top fetches older lines above without moving the view and
stops when the host has no more; a search result (Ctrl+F, Enter) is scrolled to and marked,
fetched with ``CHATHISTORY AROUND`` when it is not loaded. Screenshots after a search jump,
in English and Persian (into resources/ with ``GOFTO_SCREENSHOTS=1``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.client.log import LogEntry
from app.tk.conversation import FOUND

from .conftest import start_from_dialog, window_after_dialog
from .helpers import find, focused, press, pump_for, pump_until, type_into
from .peer import Peer

pytestmark = pytest.mark.gui

SAID = 120  # the join shows the newest 50 (LATEST_ON_JOIN); scrolling up brings the rest
FOLDER = Path(__file__).resolve().parents[2] / "resources/screenshots"


def _fill(root, server, peer: Peer, text=lambda index: f"line {index}") -> None:
    """``peer`` says SAID lines in #lobby; wait until the host keeps them all."""
    for index in range(SAID):
        peer.say("#lobby", text(index))
    pump_until(
        root, lambda: len(server.hub.history.lines("#lobby")) == SAID, message="every line kept"
    )


def _join(app, root, port: int, nick: str = "ali"):
    start_from_dialog(app, root, mode="join", nick=nick, address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    window.geometry("780x540+0+0")
    view = window.view("#lobby")
    return window, view


def _wheel_to_top(view) -> None:
    """The person turns the wheel up until the transcript is at its very top."""
    view.view.yview_moveto(0.0)
    view.view.event_generate("<Button-4>")


def _text_at_top(view) -> str:
    """The original text of the line at the top of what the transcript shows."""
    tags = view.view.tag_names("@0,0")
    return next(line.text for line in view.lines if line.tag in tags)


def _visible(view, line) -> bool:
    first = view.view.tag_ranges(line.tag)[0]
    return view.view.bbox(first) is not None


def test_scrolling_to_the_top_fetches_older_lines_above_and_stops_at_the_start(
    app, root, make_chat_server, peers
):
    server = make_chat_server(flood_limit=False)
    port = server.address[1]
    carol = Peer(port, "carol")
    peers.append(carol)
    _fill(root, server, carol)
    _window, view = _join(app, root, port)
    pump_until(root, lambda: "carol: line 119" in view.transcript(), message="the join's page")
    assert "line 69\n" not in view.transcript() + "\n"
    pump_until(root, lambda: view.view.yview()[0] > 0, message="a transcript that scrolls")
    assert not view.paging.fetching

    _wheel_to_top(view)  # the person scrolls to the very top
    pump_until(root, lambda: view.paging.fetching, message="older lines asked for")
    top = _text_at_top(view)
    pump_until(root, lambda: "carol: line 20" in view.transcript(), message="the older page")
    assert not view.paging.fetching and not view.paging.complete
    shown = view.transcript()
    assert shown.index("line 20") < shown.index("line 69") < shown.index("line 70")
    pump_for(root, 0.1)
    assert view.view.yview()[0] > 0  # did not jump to the top of the older lines
    assert _text_at_top(view) == top  # what the person looked at stays where it was

    _wheel_to_top(view)
    pump_until(root, lambda: view.paging.complete, message="the host has no more")
    shown = view.transcript()
    assert shown.index("line 0\n") < shown.index("line 19") < shown.index("line 20")
    assert shown.count("carol: line 5\n") == 1
    view.view.yview_moveto(0.5)
    pump_for(root, 0.05)
    _wheel_to_top(view)  # nothing older: not asked again
    pump_for(root, 0.2)
    assert not view.paging.fetching


def test_new_lines_follow_the_end_until_the_person_scrolls_up(app, root, make_chat_server, peers):
    """The join's page pours in at the end and the view follows it (no older page is asked
    for on its own); once the person turns the wheel up, new lines no longer pull them down."""
    server = make_chat_server(flood_limit=False)
    port = server.address[1]
    carol = Peer(port, "carol")
    peers.append(carol)
    _fill(root, server, carol)
    _window, view = _join(app, root, port)
    pump_until(root, lambda: "carol: line 119" in view.transcript(), message="the join's page")
    last = next(line for line in view.lines if line.conversation_text == "line 119")
    pump_until(root, lambda: _visible(view, last), message="the newest line in view")
    assert not view.paging.fetching and "line 69\n" not in view.transcript() + "\n"

    view.view.event_generate("<Button-4>")  # the person scrolls up a little
    pump_until(root, lambda: view.view.yview()[1] < 0.999, message="scrolled up")
    carol.say("#lobby", "a new line")
    pump_until(root, lambda: "a new line" in view.transcript(), message="the new line")
    pump_for(root, 0.1)
    assert not _visible(view, view.lines[-1])  # not pulled down to the new line
    assert view.view.yview()[1] < 0.999

    for _ in range(20):  # the wheel back down to the end: following again
        view.view.event_generate("<Button-5>")
        pump_for(root, 0.02)
        if view.view.yview()[1] >= 0.999:
            break
    assert view.view.yview()[1] >= 0.999
    pump_for(root, 0.05)
    carol.say("#lobby", "one more")
    pump_until(root, lambda: "one more" in view.transcript(), message="one more")
    newest = view.lines[-1]
    pump_until(root, lambda: _visible(view, newest), message="the newest line followed")


def _search_and_choose(root, window, query: str) -> None:
    """Ctrl+F, type ``query``, Enter for the results, Enter on the first."""
    press(window.current_view().input, "<Control-f>")
    search = window.search_window
    entry = find(search, "searchEntry")
    pump_until(root, lambda: focused(root) is entry, message="focus in searchEntry")
    type_into(entry, query)
    press(entry, "<Return>")
    pump_until(root, lambda: search.shown_query == query, message=f"results for {query}")
    assert find(search, "searchResults").size() >= 1
    press(entry, "<Return>")
    assert search.state() == "withdrawn"


def _found_shown(view, msgid: str) -> bool:
    found = view.found
    if found is None or found.record_id != msgid:
        return False
    first = view.view.tag_ranges(found.tag)[0]
    return view.view.bbox(first) is not None and FOUND in view.view.tag_names(first)


def _jump_scene(app, root, make_chat_server, peers, *, nick, friend, text, loaded, needle):
    """A room with SAID lines; the join shows the newest; a search jumps to ``loaded`` (on
    screen after scrolling) and then to ``needle`` (line 5: never loaded, fetched AROUND)."""
    server = make_chat_server(flood_limit=False)
    port = server.address[1]
    peer = Peer(port, friend)
    peers.append(peer)
    _fill(root, server, peer, text)
    kept = server.hub.history.lines("#lobby")
    window, view = _join(app, root, port, nick)
    pump_until(root, lambda: text(SAID - 1) in view.transcript(), message="the join's page")
    assert text(5) not in view.transcript()

    # a line loaded but scrolled out of sight: the view scrolls to it and marks it
    far = next(line for line in view.lines if line.conversation_text == text(loaded))
    pump_until(root, lambda: not _visible(view, far), message="the line out of sight")
    _search_and_choose(root, window, text(loaded))
    assert window.current_view() is view
    pump_until(root, lambda: _found_shown(view, kept[loaded].msgid), message="the loaded line")

    # a line this app logged once but the view never loaded: asked for around it
    window.connection.logger.log.record(
        LogEntry("#lobby", "#lobby", datetime.now(UTC), friend, "text", text(5), kept[5].msgid)
    )
    _search_and_choose(root, window, needle)
    pump_until(root, lambda: _found_shown(view, kept[5].msgid), message="the fetched line")
    shown = view.transcript()
    assert shown.index(text(0)) < shown.index(text(5)) < shown.index(text(10))
    assert shown.count(text(5) + "\n") == 1
    return window


def test_search_jump_scrolls_to_and_marks_the_line_fetching_it_when_not_loaded(
    app, root, make_chat_server, peers
):
    _jump_scene(
        app,
        root,
        make_chat_server,
        peers,
        nick="ali",
        friend="carol",
        text=lambda index: "the needle, said once" if index == 5 else f"line {index}",
        loaded=80,
        needle="needle",
    )


def _shoot(root, window, name: str, tmp_path: Path) -> None:
    folder = FOLDER if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pump_for(root, 0.3)
    shot = folder / name
    subprocess.run(["import", "-window", window.wm_frame(), str(shot)], check=True, timeout=20)
    assert shot.stat().st_size > 0


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
def test_search_jump_screenshot_english(app, root, make_chat_server, peers, tmp_path):
    window = _jump_scene(
        app,
        root,
        make_chat_server,
        peers,
        nick="ali",
        friend="carol",
        text=lambda index: (
            "Where did we leave the release notes?" if index == 5 else f"note {index}: tests pass"
        ),
        loaded=90,
        needle="release notes",
    )
    _shoot(root, window, "tk-search-jump.png", tmp_path)


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
@pytest.mark.usefixtures("persian")
def test_search_jump_screenshot_persian(app, root, make_chat_server, peers, tmp_path):
    window = _jump_scene(
        app,
        root,
        make_chat_server,
        peers,
        nick="علی",
        friend="سارا",
        text=lambda index: (
            "کتاب دستور زبان را کجا گذاشتیم؟" if index == 5 else f"یادداشت {index}: همه چیز خوب است"
        ),
        loaded=90,
        needle="کتاب",
    )
    _shoot(root, window, "tk-search-jump-fa.png", tmp_path)
