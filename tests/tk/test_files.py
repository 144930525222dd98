"""Sharing files in the Tk window against a real TLS host: the menu's ``Send file…``, ``/send``,
and ``Save…`` on a received file link (dialogs stood in for; transfers real)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from app.server.filehost import FileHostSettings
from app.tk.files import FILE_LINK_TAG

from .conftest import start_from_dialog, window_after_dialog
from .helpers import press, pump_for, pump_until, type_into
from .peer import Peer

pytestmark = pytest.mark.gui

SHOTS = Path(__file__).resolve().parents[2] / "resources/screenshots"


@pytest.fixture
def tls_host(make_chat_server, server_tls):
    return make_chat_server(tls=server_tls, files=FileHostSettings(upload_limit=1_000_000))


def _window(app, root, host, nick: str = "ali"):
    start_from_dialog(app, root, mode="join", nick=nick, address=f"127.0.0.1:{host.address[1]}")
    window = window_after_dialog(app, root)
    pump_until(root, lambda: window.connection.session.filehost is not None, message="005")
    return window


def _with_menu(window) -> str:
    """The X window that holds the toplevel and its menu bar (Tk's wrapper): without a
    window manager, ``wm_frame()`` is the toplevel alone."""
    tree = subprocess.run(
        ["xwininfo", "-tree", "-id", hex(window.winfo_id())],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    ).stdout
    match = re.search(r"Parent window id: (0x[0-9a-f]+)", tree)
    return match.group(1) if match else window.wm_frame()


def _link_from(root, peer: Peer) -> str:
    """The first link ``peer`` received (the Tk loop runs meanwhile: the upload reports there)."""

    def links() -> list[str]:
        return [t for t in peer.received_text("#lobby") if t.startswith("https://")]

    pump_until(root, links, timeout=10, message="the link")
    return links()[0]


def test_send_file_from_the_menu(app, root, tls_host, peers, tmp_path):
    window = _window(app, root, tls_host)
    bob = Peer(tls_host.address[1], "bob")
    peers.append(bob)
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.4 not really")
    asked: list[str] = []

    def choose(_parent) -> str:
        asked.append("open")
        return str(source)

    window.files.ask_open = choose
    menu = window.nametowidget("menubar.chatMenu")
    menu.invoke(0)  # Send file…
    assert asked == ["open"]
    link = _link_from(root, bob)
    assert link.startswith(f"https://127.0.0.1:{tls_host.address[1]}/upload/")
    assert link.endswith(".pdf")
    view = window.view("#lobby")
    pump_until(root, lambda: link in view.transcript())
    assert "Sending report.pdf" in view.transcript()


def test_slash_send_and_save_a_received_link(app, root, tls_host, peers, tmp_path):
    window = _window(app, root, tls_host)
    bob = Peer(tls_host.address[1], "bob")
    peers.append(bob)
    source = tmp_path / "photo.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    view = window.view("#lobby")
    type_into(view.input, f"/send {source}")
    press(view.input, "<Return>")
    link = _link_from(root, bob)
    bob.say("#lobby", f"look: {link}")  # a received file link
    pump_until(root, lambda: "look:" in view.transcript())
    assert view.view.tag_ranges(FILE_LINK_TAG)  # shown as a link
    target = tmp_path / "saved" / "mine.png"
    target.parent.mkdir()
    window.files.ask_save = lambda _parent, name: str(target)
    window.save_latest_file()  # the menu's Save file… (Ctrl+S)
    pump_until(root, lambda: target.exists() and "Saved" in view.transcript(), timeout=10)
    assert target.read_bytes() == source.read_bytes()


def test_save_file_with_nothing_shared_says_so(app, root, tls_host):
    window = _window(app, root, tls_host)
    window.save_latest_file()
    assert "No file was shared" in window.view("#lobby").transcript()


def test_other_links_stay_plain(app, root, tls_host, peers):
    window = _window(app, root, tls_host)
    bob = Peer(tls_host.address[1], "bob")
    peers.append(bob)
    view = window.view("#lobby")
    bob.say("#lobby", "see https://example.org/upload/AAAAAAAAAAAAAAAAAAAAAAAA.png")
    pump_until(root, lambda: "example.org" in view.transcript())
    assert not view.view.tag_ranges(FILE_LINK_TAG)
    assert window.files.latest(view) is None


def test_a_plain_text_host_takes_no_files(app, root, chat_server):
    start_from_dialog(
        app, root, mode="join", nick="ali", address=f"127.0.0.1:{chat_server.address[1]}"
    )
    window = window_after_dialog(app, root)
    pump_until(root, lambda: window.connection.session.registered)
    window.files.ask_open = lambda _parent: pytest.fail("no dialog without a file host")
    window.files.choose_and_send()
    assert "does not take files" in window.view("#lobby").transcript()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_screenshot_of_a_shared_file(app, root, tls_host, peers, tmp_path, *, language):
    """The window with a shared picture's link; into resources/ with ``GOFTO_SCREENSHOTS=1``."""
    from app.tk import i18n

    name = "tk-files.png" if language == "en" else "tk-files-fa.png"
    shot = SHOTS / name if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path / name
    if language == "fa":
        i18n.install("fa")
    try:
        window = _window(app, root, tls_host, nick="علی" if language == "fa" else "ali")
        sara = Peer(tls_host.address[1], "sara")
        peers.append(sara)
        source = tmp_path / ("عکس جلسه.png" if language == "fa" else "meeting.png")
        source.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
        view = window.view("#lobby")
        type_into(view.input, f"/send {source}")
        press(view.input, "<Return>")
        link = _link_from(root, sara)
        sara.say("#lobby", "ممنون، رسید." if language == "fa" else "Thanks, got it.")
        pump_until(root, lambda: link in view.transcript(), message="the link")
        pump_until(root, lambda: view.view.tag_ranges(FILE_LINK_TAG), message="the link tag")
        window.geometry("780x420")  # within Xvfb's screen
        pump_for(root, 0.3)
        shot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", _with_menu(window), str(shot)], check=True, timeout=20)
        assert shot.stat().st_size > 0
    finally:
        if language == "fa":
            i18n.uninstall()


def test_keyboard_shortcuts(app, root, tls_host):
    window = _window(app, root, tls_host)
    view = window.view("#lobby")
    asked: list[str] = []
    window.files.ask_open = lambda _parent: asked.append("open") or ""  # cancelled
    view.input.focus_force()
    press(view.input, "<Control-o>")
    assert asked == ["open"]
    press(view.input, "<Control-s>")  # nothing shared yet: says so
    pump_until(root, lambda: "No file was shared" in view.transcript())


def test_a_file_link_stays_a_link_when_its_message_gets_a_reaction(app, root, tls_host, peers):
    """The message is redrawn in place with its reactions: its file link keeps its tag."""
    window = _window(app, root, tls_host)
    bob = Peer(tls_host.address[1], "bob")
    peers.append(bob)
    view = window.view("#lobby")
    link = f"https://127.0.0.1:{tls_host.address[1]}/upload/AAAAAAAAAAAAAAAAAAAAAAAA.png"
    bob.say("#lobby", f"look: {link}")
    pump_until(root, lambda: view.view.tag_ranges(FILE_LINK_TAG), message="the link tag")
    pump_until(root, lambda: window.connection.session.can_react)
    type_into(view.input, "/react 👍")
    press(view.input, "<Return>")
    pump_until(root, lambda: "Reactions: " in view.transcript(), message="the reaction row")
    order = view.transcript().split("\n")
    assert "look:" in order[-2] and "Reactions: " in order[-1], order  # in place
    assert view.view.tag_ranges(FILE_LINK_TAG)
    assert window.files.latest(view) is not None
