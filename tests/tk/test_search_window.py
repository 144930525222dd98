"""Ctrl+F in the Tk app: the search window over the log of a real chat (our server on
127.0.0.1, a raw-socket peer), folded for Persian; Enter switches conversation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.tk.bidi_text import display_text

from .conftest import start_from_dialog, window_after_dialog
from .helpers import double_click, find, focused, press, pump_for, pump_until, type_into
from .peer import Peer

pytestmark = pytest.mark.gui

RESOURCES = Path(__file__).resolve().parents[2] / "resources/screenshots"


def rows(window) -> list[str]:
    listbox = find(window.search_window, "searchResults")
    return list(listbox.get(0, "end"))


def test_ctrl_f_finds_folded_persian_and_enter_switches(app, root, chat_server, peers):
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="ali", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    room = window.view("#lobby")
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in window.users.nicks, message="bob in the user list")
    bob.say("#lobby", "the meeting is at ۱۲:۳۰")
    bob.say("ali", "پيام خصوصي درباره كتاب")
    pump_until(root, lambda: window.view("bob") is not None, message="the private tab")
    pump_until(root, lambda: "meeting" in room.transcript(), message="the room line")

    press(room.input, "<Control-f>")
    search = window.search_window
    assert search is not None and search.winfo_name() == "searchWindow"
    entry = find(search, "searchEntry")
    pump_until(root, lambda: focused(root) is entry, message="focus in searchEntry")
    type_into(entry, "خصوصی کتاب")  # Persian yeh and keheh find the Arabic spellings
    press(entry, "<Return>")
    pump_until(root, lambda: search.shown_query == "خصوصی کتاب", message="the results")
    (row,) = rows(window)
    assert row.startswith("[bob ") and display_text("پيام خصوصي درباره كتاب") in row
    assert "1 found" in find(search, "searchStatus")["text"]
    press(entry, "<Return>")
    assert window.current_view() is window.view("bob")
    assert search.state() == "withdrawn"

    # /search in the room opens it with the query; double-click picks a row
    type_into(room.input, "/search 12:30")
    window.select("#lobby")
    press(room.input, "<Return>")
    pump_until(root, lambda: search.shown_query == "12:30", message="the /search results")
    listbox = find(search, "searchResults")
    assert len(rows(window)) == 1
    window.select("bob")
    x, y, _w, h = listbox.bbox(0)
    double_click(listbox, x + 5, y + h // 2)
    assert window.current_view() is room

    # hostile queries answer "nothing found", never an error
    search.start()
    for query in ('"', "AND", "*", "NEAR("):
        type_into(entry, query)
        press(entry, "<Return>")
        pump_until(root, lambda q=query: search.shown_query == q, message=f"results of {query}")
        assert rows(window) == []
        assert "Nothing found" in find(search, "searchStatus")["text"]


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
@pytest.mark.usefixtures("persian")
def test_search_window_in_persian_screenshot(app, root, chat_server, peers, tmp_path):
    """The Tk search window in Persian, captured; into resources/ with ``GOFTO_SCREENSHOTS=1``."""
    name = "tk-search-fa.png"
    folder = RESOURCES if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
    port = chat_server.address[1]
    start_from_dialog(app, root, mode="join", nick="علی", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    sara = Peer(port, "سارا")
    peers.append(sara)
    pump_until(root, lambda: "سارا" in window.users.nicks, message="sara in the list")
    for text in ("كتاب را آوردي؟", "Which book? کتاب دستور زبان", "جلسه ساعت ۵ است"):
        sara.say("#lobby", text)
    pump_until(root, lambda: "جلسه" in window.view("#lobby").transcript(), message="lines")
    search = window.show_search("کتاب")
    pump_until(root, lambda: search.shown_query == "کتاب", message="the results")
    assert len(rows(window)) == 2
    assert find(search, "searchPreview")["text"] == display_text("کتاب")  # shaped as typed
    pump_for(root, 0.3)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / name
    subprocess.run(["import", "-window", search.wm_frame(), str(shot)], check=True, timeout=20)
    assert shot.stat().st_size > 0
