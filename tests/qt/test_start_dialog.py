"""The start dialog: inline validation, remembered choices, keyboard, and honest failures."""

from __future__ import annotations

import socket

import pytest

from app.client.address import AddressError, parse_address
from app.client.catalogue import ENGLISH
from app.errors import AddressInUse, HostUnreachable, NickInUse, TooManyTries, WrongPassword
from app.irc import nick_problem
from app.qt.qt import QApplication, QDialog, QLineEdit, QPushButton, QSpinBox, Qt
from app.qt.settings import Mode
from app.qt.start_dialog import StartDialog

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def dialog(qtbot, settings):
    widget = StartDialog(settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    if widget.controller is not None:
        widget.controller.shutdown()


def child(dialog: StartDialog, kind, name: str):
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def start_button(dialog: StartDialog) -> QPushButton:
    return child(dialog, QPushButton, "startButton")


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Type ``text`` like a person; non-ASCII is inserted (QTest cannot type it: it aborts)."""
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def test_names_and_title(dialog):
    assert dialog.objectName() == "startDialog"
    assert "Gofto" in dialog.windowTitle()
    for kind, name in [
        (QLineEdit, "nickEdit"),
        (QPushButton, "hostModeButton"),
        (QPushButton, "joinModeButton"),
        (QLineEdit, "addressEdit"),
        (QSpinBox, "portSpin"),
        (QLineEdit, "passwordEdit"),
        (QPushButton, "startButton"),
    ]:
        child(dialog, kind, name)
    assert dialog.findChild(object, "discoveredList") is not None
    assert child(dialog, QSpinBox, "portSpin").value() == 5000


def test_modes_are_exclusive_and_switch_fields(qtbot, dialog):
    host = child(dialog, QPushButton, "hostModeButton")
    join = child(dialog, QPushButton, "joinModeButton")
    qtbot.mouseClick(host, Qt.MouseButton.LeftButton)
    assert host.isChecked() and not join.isChecked()
    assert child(dialog, QSpinBox, "portSpin").isVisible()
    assert not child(dialog, QLineEdit, "addressEdit").isVisible()
    assert start_button(dialog).text().replace("&", "") == "Host"
    qtbot.mouseClick(join, Qt.MouseButton.LeftButton)
    assert join.isChecked() and not host.isChecked()
    assert child(dialog, QLineEdit, "addressEdit").isVisible()
    assert not child(dialog, QSpinBox, "portSpin").isVisible()
    assert start_button(dialog).text().replace("&", "") == "Join"


@pytest.mark.parametrize("nick", ["", "1abc", "-x", "a b", "#room", "x" * 31, "ali!", "a,b"])
def test_bad_nick_disables_start_with_the_reason(qtbot, dialog, nick):
    dialog.set_mode(Mode.HOST)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), nick)
    assert not start_button(dialog).isEnabled()
    reason = nick_problem(nick.strip())
    assert reason
    assert dialog.error_text() == ENGLISH.say(reason)
    assert child(dialog, object, "problemLabel").isVisible()


@pytest.mark.parametrize("nick", ["Sara", "سارا", "علی\u200cرضا", "bob_2"])
def test_good_nick_enables_start(qtbot, dialog, nick):
    dialog.set_mode(Mode.HOST)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), nick)
    assert start_button(dialog).isEnabled()
    assert dialog.error_text() == ""


@pytest.mark.parametrize(
    "address",
    ["", "[::1", "[::1]5000", "host:abc", "host:70000", "http://x.org", "bad host", ":5000"],
)
def test_bad_address_disables_join_with_the_reason(qtbot, dialog, address):
    dialog.set_mode(Mode.JOIN)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), "Sara")
    type_into(qtbot, child(dialog, QLineEdit, "addressEdit"), address)
    assert not start_button(dialog).isEnabled()
    with pytest.raises(AddressError) as caught:
        parse_address(address)
    assert dialog.error_text() == str(caught.value)


@pytest.mark.parametrize(
    "address", ["192.168.1.20", "localhost:6667", "[::1]:5000", "irc://chat.lan:5000/#tea"]
)
def test_good_address_enables_join(qtbot, dialog, address):
    dialog.set_mode(Mode.JOIN)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), "Sara")
    type_into(qtbot, child(dialog, QLineEdit, "addressEdit"), address)
    assert start_button(dialog).isEnabled(), dialog.error_text()


@pytest.mark.parametrize("port", ["0", "70000", "99999"])
def test_port_out_of_range_disables_host(qtbot, dialog, port):
    dialog.set_mode(Mode.HOST)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), "Sara")
    spin = child(dialog, QSpinBox, "portSpin")
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, port)
    assert spin.value() == int(port)
    assert not start_button(dialog).isEnabled()
    assert dialog.error_text() == f"Port {int(port)} is out of range (1–65535)."


def test_escape_quits(qtbot, dialog):
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


def test_host_not_there_says_so_and_stays_open(qtbot, dialog, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog.set_mode(Mode.JOIN)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), "Sara")
    type_into(qtbot, child(dialog, QLineEdit, "addressEdit"), f"127.0.0.1:{port}")
    qtbot.keyClick(child(dialog, QLineEdit, "addressEdit"), Qt.Key.Key_Return)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.isVisible()
    expected = str(HostUnreachable("127.0.0.1", port, "connection refused"))
    assert dialog.error_text() == expected
    assert start_button(dialog).isEnabled()
    # What was typed is remembered for next time.
    assert settings.nick == "Sara"
    assert settings.mode is Mode.JOIN
    assert settings.address == f"127.0.0.1:{port}"


def test_remembers_last_choices(qtbot, settings):
    settings.nick = "Sara"
    settings.mode = Mode.HOST
    settings.port = 6000
    settings.address = "10.0.0.7:5001"
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    assert child(dialog, QLineEdit, "nickEdit").text() == "Sara"
    assert child(dialog, QPushButton, "hostModeButton").isChecked()
    assert child(dialog, QSpinBox, "portSpin").value() == 6000
    assert child(dialog, QLineEdit, "addressEdit").text() == "10.0.0.7:5001"


def _shown(qtbot, settings) -> StartDialog:
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    return dialog


def test_typing_at_once_replaces_the_remembered_nickname(qtbot, settings):
    """Keyboard only: the dialog opens with the cursor in the nickname, whose remembered
    text is selected, so typing a name and pressing Return hosts as that name."""
    settings.nick = "Sara"
    settings.mode = Mode.HOST
    dialog = _shown(qtbot, settings)
    nick = child(dialog, QLineEdit, "nickEdit")
    assert dialog.focusWidget() is nick
    qtbot.keyClicks(QApplication.focusWidget(), "Darya")
    assert nick.text() == "Darya"


def test_joining_without_an_address_starts_in_the_address(qtbot, settings):
    settings.nick = "Sara"
    settings.mode = Mode.JOIN
    settings.address = ""
    dialog = _shown(qtbot, settings)
    assert dialog.focusWidget() is child(dialog, QLineEdit, "addressEdit")
    settings.address = "10.0.0.7:5001"
    again = _shown(qtbot, settings)
    assert again.focusWidget() is child(again, QLineEdit, "nickEdit")


def test_port_in_use_when_hosting(qtbot, dialog):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        dialog.set_mode(Mode.HOST)
        type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), "Sara")
        spin = child(dialog, QSpinBox, "portSpin")
        spin.setValue(port)
        qtbot.keyClick(child(dialog, QLineEdit, "nickEdit"), Qt.Key.Key_Return)
        assert not dialog.busy
        assert dialog.isVisible()
        assert dialog.error_text() == str(AddressInUse(port))


def _join_through(qtbot, dialog: StartDialog, nick: str, address: str, password: str = ""):
    dialog.set_mode(Mode.JOIN)
    type_into(qtbot, child(dialog, QLineEdit, "nickEdit"), nick)
    type_into(qtbot, child(dialog, QLineEdit, "addressEdit"), address)
    type_into(qtbot, child(dialog, QLineEdit, "passwordEdit"), password)
    qtbot.keyClick(child(dialog, QLineEdit, "nickEdit"), Qt.Key.Key_Return)


def test_join_a_running_server(qtbot, dialog, make_chat_server, make_peer):
    server = make_chat_server(room="#lobby")
    host, port = server.address
    peer = make_peer(host, port)
    peer.register("bob", room="#lobby")
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as blocker:
        _join_through(qtbot, dialog, "سارا", f"irc://{host}:{port}/tea")
    controller = blocker.args[0]
    try:
        assert not dialog.isVisible()
        assert not controller.is_host
        assert controller.session.nick == "سارا"
        # The room named in the irc:// link is the room joined.
        peer.send("JOIN #tea")
        qtbot.waitUntil(
            lambda: "bob" in [m.nick for m in controller.session.members("#tea")], timeout=WAIT
        )
        # Sara is in #tea whichever joined first: bob saw her JOIN or her name in NAMES.
        peer.wait_for(
            qtbot,
            lambda line: (
                "سارا" in line and "#tea" in line and (" JOIN " in line or " 353 " in line)
            ),
        )
    finally:
        controller.shutdown()


def test_wrong_password_says_so_and_stays_open(qtbot, dialog, make_chat_server):
    server = make_chat_server(password="secret")
    host, port = server.address
    _join_through(qtbot, dialog, "Sara", f"{host}:{port}", password="guess")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.error_text() == str(WrongPassword())
    # With the right password it works.
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as blocker:
        _join_through(qtbot, dialog, "Sara", f"{host}:{port}", password="secret")
    blocker.args[0].shutdown()


def test_throttled_password_says_to_wait(qtbot, dialog, make_chat_server):
    from app.server.throttle import PasswordThrottle

    server = make_chat_server(password="secret")
    throttle = PasswordThrottle(free_failures=0, base_delay=60.0)
    throttle.failed("127.0.0.1")  # a guess a moment ago: this address must wait
    server.hub.trust.throttle = throttle
    server.hub.trust.waiting.max_waiting = 0  # and no try may wait its turn: refused at once
    host, port = server.address
    _join_through(qtbot, dialog, "Sara", f"{host}:{port}", password="secret")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.error_text() == str(TooManyTries())


def test_the_right_password_gets_in_after_the_wait(qtbot, dialog, make_chat_server):
    from app.server.throttle import PasswordThrottle

    server = make_chat_server(password="secret")
    throttle = PasswordThrottle(free_failures=0, base_delay=0.5)
    throttle.failed("127.0.0.1")  # a wrong guess a moment ago: the next try waits its turn
    server.hub.trust.throttle = throttle
    host, port = server.address
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as blocker:
        _join_through(qtbot, dialog, "Sara", f"{host}:{port}", password="secret")
    blocker.args[0].shutdown()


def test_throttled_password_sentence_is_translated(qapp):
    from app.qt import i18n

    persian = i18n.install("fa")
    try:
        shown = i18n.sentences().error(TooManyTries())
    finally:
        persian.remove()
    assert shown != str(TooManyTries())
    assert "صبر کنید" in shown  # "wait"


def test_nick_in_use_says_so_and_stays_open(qtbot, dialog, make_chat_server, make_peer):
    server = make_chat_server()
    host, port = server.address
    make_peer(host, port).register("Sara")
    _join_through(qtbot, dialog, "Sara", f"{host}:{port}")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.error_text() == str(NickInUse("Sara"))
    assert dialog.focusWidget() is child(dialog, QLineEdit, "nickEdit")
