"""Qt and the IRCv3 conversation features, with a real server and a peer that listens: the
settings dialog's "Send typing notifications" checkbox (remembered, applied at once, then no
+typing goes out) and a multi-line paste sent as one draft/multiline message."""

from __future__ import annotations

import os

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt import i18n
from app.qt.i18n import sentences
from app.qt.preferences import Preferences
from app.qt.qt import QSettings
from app.resources import resource_path
from tests.qt import test_window_chrome

WAIT = test_window_chrome.WAIT
#: The window fixture of the chrome tests (a registered window in #lobby).
open_window = test_window_chrome.open_window


def test_typing_notifications_can_be_turned_off(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    peer.send("CAP REQ :message-tags")
    window = open_window("Sara", port)
    peer.wait_for(qtbot, lambda line: " ACK " in line)
    session = window.controller.session
    assert session.send_typing
    qtbot.waitUntil(lambda: session.can_react, timeout=WAIT)  # the room's replay is over
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


def test_typing_in_the_input_tells_the_others(
    qtbot, open_window, chat_server, make_peer, monkeypatch
):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    peer.send("CAP REQ :message-tags")
    window = open_window("Sara", port)
    peer.wait_for(qtbot, lambda line: " ACK " in line)
    conversation = window.conversation("#lobby")
    qtbot.waitUntil(lambda: window.controller.session.can_react, timeout=WAIT)
    conversation.input.setFocus()
    paused: list[str] = []
    monkeypatch.setattr(window.controller.session, "typing_paused", paused.append)
    conversation.pause_timer.setInterval(50)  # a test need not wait 5 s
    qtbot.keyClicks(conversation.input, "hel")  # real key presses: textEdited
    peer.wait_for(qtbot, lambda line: "+typing=active" in line and " TAGMSG " in line)
    qtbot.waitUntil(lambda: paused == ["#lobby"], timeout=WAIT)  # then it stopped: paused


def test_a_pasted_text_is_one_multiline_message(qtbot, open_window, chat_server, make_peer):
    host, port = chat_server.address
    peer = make_peer(host, port)
    peer.register("ali", room="#lobby")
    peer.send("CAP REQ :batch draft/multiline message-tags")
    window = open_window("Sara", port)
    peer.wait_for(qtbot, lambda line: " ACK " in line)
    window.conversation("#lobby").input.paste_text("first line\nsecond line")
    peer.wait_for(qtbot, lambda line: line.startswith(":Sara!") and " BATCH -" in line)
    batch = [
        line for line in peer.lines if "Sara!" in line and ("BATCH" in line or "PRIVMSG" in line)
    ]
    assert " draft/multiline #lobby" in batch[0]
    assert [line.rsplit(":", 1)[-1] for line in batch[1:-1]] == ["first line", "second line"]


def _msgid(peer, text: str) -> str:
    line = next(x for x in peer.lines if x.endswith(f"PRIVMSG #lobby :{text}"))
    return line.split("msgid=", 1)[1].split(";", 1)[0].split(" ", 1)[0]


@pytest.fixture
def language(request, qapp):
    """English, or Persian installed for the test (``indirect`` parametrisation)."""
    if request.param == "fa":
        translation = i18n.install("fa")
        yield "fa"
        translation.remove()
    else:
        yield "en"


@pytest.mark.parametrize("language", ["en", "fa"], indirect=True)
def test_replies_reactions_and_deletions_show_in_qt(  # noqa: PLR0917 (fixtures)
    qtbot,
    open_window,
    chat_server,
    make_peer,
    language,
    tmp_path,
):
    host, port = chat_server.address
    reza = make_peer(host, port)
    reza.register("reza", room="#lobby")
    reza.send("CAP REQ :message-tags echo-message draft/message-redaction")
    window = open_window("Sara", port)
    window.resize(760, 420)
    reza.wait_for(qtbot, lambda line: " ACK " in line)
    view = window.conversation("#lobby").view

    def shown() -> str:
        view.flush()
        return strip_isolates(view.toPlainText())  # the rows' DisplayRole

    words = WORDS[language]
    reza.send(f"PRIVMSG #lobby :{words[0]}")
    reza.wait_for(qtbot, lambda line: line.endswith(f":{words[0]}"))
    parent = _msgid(reza, words[0])
    reza.send(f"@+draft/reply={parent} PRIVMSG #lobby :{words[1]}")
    reza.send(f"@+draft/reply={parent};+draft/react=👍 TAGMSG #lobby")
    reza.send(f"PRIVMSG #lobby :{words[2]}")
    reza.wait_for(qtbot, lambda line: line.endswith(f":{words[2]}"))
    reza.send(f"REDACT #lobby {_msgid(reza, words[2])}")
    deleted = sentences()("convo.deleted")
    qtbot.waitUntil(lambda: deleted in shown(), timeout=WAIT)
    text = shown()
    assert f"↪ reza: {words[0]}" in text
    assert f"👍 {sentences().number(1)} (reza)" in text  # ۱ in Persian
    assert words[2] not in text
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    suffix = "-fa" if language == "fa" else ""
    assert window.grab().save(str(folder / f"qt-convo{suffix}.png"))


WORDS = {
    "en": ("The build is green", "shipping it", "wrong room"),
    "fa": ("بیلد سبز شد", "منتشرش می‌کنم", "اتاق اشتباه"),
}
