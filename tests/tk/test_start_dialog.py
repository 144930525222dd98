"""The start dialog: names, inline validation, and failures that keep it open."""

from __future__ import annotations

import socket

import pytest

from app.errors import HostUnreachable
from app.tk.start_dialog import port_problem

from .helpers import find, pump_until, type_into

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(app, root):
    start = app.show_start_dialog("ali")
    root.update()
    return start


def test_dialog_has_the_documented_widgets_and_title(dialog, root):
    assert "Gofto" in dialog.title()
    assert dialog.winfo_name() == "startDialog"
    for name in (
        "hostModeButton",
        "joinModeButton",
        "nickEdit",
        "addressEdit",
        "portSpin",
        "passwordEdit",
        "startButton",
    ):
        find(dialog, name)
    assert find(dialog, "portSpin").get() == "5000"
    assert root.nametowidget(str(dialog)) is dialog


@pytest.mark.parametrize(
    "case",
    [
        ("host", "", "", "5000", "A nickname cannot be empty."),
        ("host", "9lives", "", "5000", "cannot start with a digit"),
        ("host", "a b", "", "5000", "cannot contain a space"),
        ("host", "ali", "", "0", "out of range"),
        ("host", "ali", "", "70000", "out of range"),
        ("host", "ali", "", "port", "must be a number"),
        ("join", "ali", "", "5000", "Enter the host's address"),
        ("join", "ali", "bad host!", "5000", "not a valid host name"),
        ("join", "ali", "example.org:99999", "5000", "out of range"),
    ],
)
def test_bad_input_disables_start_and_says_why(dialog, root, case):
    mode, nick, address, port, expected = case
    dialog.mode.set(mode)
    dialog.nick.set(nick)
    dialog.address.set(address)
    dialog.port.set(port)
    root.update()
    assert dialog.start_button.instate(["disabled"])
    assert expected in dialog.problem_label["text"]
    dialog.start()  # Enter with a bad form does nothing
    assert dialog.launch is None


@pytest.mark.parametrize(
    ("mode", "nick", "address"),
    [
        ("host", "ali", ""),
        ("host", "علی", ""),
        ("join", "sara", "192.168.1.20:5000"),
        ("join", "sara", "[::1]:6667"),
        ("join", "sara", "irc://chat.local:6667/room"),
    ],
)
def test_good_input_enables_start(dialog, root, mode, nick, address):
    dialog.mode.set(mode)
    type_into(find(dialog, "nickEdit"), nick)
    type_into(find(dialog, "addressEdit"), address)
    root.update()
    assert not dialog.start_button.instate(["disabled"]), dialog.problem_label["text"]
    assert dialog.problem_label["text"] == ""


def test_address_field_is_only_for_joining(dialog, root):
    find(dialog, "hostModeButton").invoke()
    root.update()
    assert find(dialog, "addressEdit").instate(["disabled"])
    assert dialog.start_button["text"] == "Host"
    find(dialog, "joinModeButton").invoke()
    root.update()
    assert not find(dialog, "addressEdit").instate(["disabled"])
    assert dialog.start_button["text"] == "Join"


def test_port_problem_table():
    assert port_problem("5000") is None
    assert port_problem(" 1 ") is None
    assert port_problem("65536")
    assert port_problem("")
    assert port_problem("-1")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nobody_at_the_address_keeps_the_dialog_open_with_the_sentence(app, dialog, root):
    port = _closed_port()
    find(dialog, "joinModeButton").invoke()
    type_into(find(dialog, "addressEdit"), f"127.0.0.1:{port}")
    root.update()
    find(dialog, "startButton").invoke()
    error = find(dialog, "errorLabel")
    pump_until(root, lambda: error["text"], message="the unreachable sentence")
    expected = str(HostUnreachable("127.0.0.1", port)).split(";")[1]
    assert expected in error["text"]
    assert f"127.0.0.1:{port}" in error["text"]
    assert dialog.winfo_exists()
    assert app.window is None
    assert not find(dialog, "startButton").instate(["disabled"])  # can try again


@pytest.fixture
def persian():
    """The Tk interface in Persian for one test (what LANG=fa_IR.UTF-8 gives at start-up)."""
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def test_the_dialog_speaks_persian_right_to_left(persian, app, root):
    from app.tk.bidi_text import display_text

    dialog = app.show_start_dialog("")
    root.update()
    assert dialog.title() == "شروع گفتگو — Gofto"
    assert find(dialog, "hostModeButton")["text"] == display_text("میزبانی گفتگو", rtl=True)
    assert dialog.start_button["text"] == display_text("میزبانی", rtl=True)
    # Mirrored: the fields on the left, their labels on the right, the buttons on the left.
    assert int(dialog.nick_edit.grid_info()["column"]) == 0
    assert find(dialog, "modes").grid_info()["sticky"] == "e"
    assert find(dialog, "buttons").grid_info()["sticky"] == "w"
    # A problem from toolkit-free code is shown in Persian too.
    expected = display_text("نام مستعار نمی‌تواند خالی باشد.", rtl=True)
    assert dialog.problem_label["text"] == expected


def test_alt_and_the_underlined_letter_work_as_in_the_qt_dialog(dialog, root):
    from .helpers import focused, press

    assert find(dialog, "joinModeButton")["underline"] == 0  # "Join a chat"
    press(dialog.nick_edit, "<Alt-KeyPress-j>")
    assert dialog.mode.get() == "join"
    press(dialog.nick_edit, "<Alt-KeyPress-a>")
    assert focused(root) is dialog.address_edit
    press(dialog.address_edit, "<Alt-KeyPress-h>")
    assert dialog.mode.get() == "host"
    press(dialog.address_edit, "<Alt-KeyPress-o>")
    assert dialog.tls_only.get() is True
    press(dialog.address_edit, "<Alt-KeyPress-n>")
    assert focused(root) is dialog.nick_edit
