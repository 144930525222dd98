"""The settings dialog's "Send typing notifications" checkbox: remembered, applied to the
session at once, and then no +typing goes out (a real server and a peer that listens)."""

from __future__ import annotations

from app.qt.preferences import Preferences
from app.qt.qt import QSettings
from tests.qt.test_window_chrome import WAIT, open_window  # noqa: F401 (the fixture)


def test_typing_notifications_can_be_turned_off(qtbot, open_window, chat_server, make_peer):  # noqa: F811
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    peer.send("CAP REQ :message-tags")
    window = open_window("Sara", port)
    peer.wait_for(qtbot, lambda line: " ACK " in line)
    session = window.controller.session
    assert session.send_typing
    assert session.typing_changed("#lobby", "hel")  # on by default: ali is told
    peer.wait_for(qtbot, lambda line: "+typing=active" in line and " TAGMSG " in line)
    dialog = window.chrome.open_settings()
    assert dialog.typing_check.isChecked()
    assert dialog.typing_check.accessibleName() == "Send typing notifications"
    dialog.typing_check.setChecked(False)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not session.send_typing
    assert Preferences(QSettings()).send_typing is False
    assert not session.typing_changed("#lobby", "hello again, much later")
