"""Persian digits in the Persian interface: times, counts, sizes — never in someone's words.

Dates were already Jalali with Persian digits; these tests pin the rest: the sentences' counts
(below every toolkit, in :class:`~app.client.catalogue.Texts`), message times, unread counts
in the tabs and the rooms pane, reaction chips and file sizes, on the real window against a
real server. A message that holds Latin digits keeps them.
"""

from __future__ import annotations

import re

import pytest

from app.client.catalogue import ENGLISH, texts_for
from app.client.presentation.direction import strip_isolates
from app.i18n import native_digits, zero_digit
from app.qt import i18n
from app.qt.attachments import size_text
from app.qt.i18n import sentences
from app.qt.qt import Qt
from app.qt.rooms_pane import ROW_ROLE
from tests.qt import test_window_chrome

pytestmark = pytest.mark.gui

WAIT = test_window_chrome.WAIT
open_window = test_window_chrome.open_window
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


def test_native_digits_and_counts_in_sentences():
    assert native_digits("12:05, 3", zero_digit("fa")) == "۱۲:۰۵, ۳"
    assert native_digits("12:05", zero_digit("en")) == "12:05"
    fa = texts_for("fa")
    assert fa("convo.typing_many", count="3").startswith("۳ ")
    assert fa("convo.typing_many", count=12).startswith("۱۲ ")
    assert ENGLISH("convo.typing_many", count=3).startswith("3 ")
    # A port or an address is copied into fields that want Latin digits: left as it is.
    assert "5000" in fa("address.port_range", port=5000)
    # A nickname is never a count, even when it is digits.
    assert fa("convo.typing_one", nick="2024").startswith("2024")


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield
    translation.remove()


def test_the_persian_window_writes_times_and_counts_in_persian_digits(
    qtbot, persian, open_window, chat_server, make_peer
):
    host, port = chat_server.address
    reza = make_peer(host, port)
    reza.register("reza", room="#lobby")
    reza.send("CAP REQ :message-tags echo-message")
    window = open_window("Sara", port)
    reza.wait_for(qtbot, lambda line: " ACK " in line)
    qtbot.waitUntil(lambda: window.controller.session.can_react, timeout=WAIT)
    lobby = window.conversation("#lobby")
    reza.send("PRIVMSG #lobby :meet at 10:30 in room 42")
    reza.wait_for(qtbot, lambda line: line.endswith(":meet at 10:30 in room 42"))
    msgid = next(x for x in reza.lines if x.endswith("room 42")).split("msgid=")[1].split(" ")[0]
    reza.send(f"@+draft/reply={msgid.split(';')[0]};+draft/react=👍 TAGMSG #lobby")
    reza.send("PRIVMSG Sara :are you there?")  # a private conversation, unread
    qtbot.waitUntil(lambda: window.conversation("reza") is not None, timeout=WAIT)
    private = window.conversation("reza")
    if window.current_conversation() is private:
        window.tabs.setCurrentWidget(lobby)
        reza.send("PRIVMSG Sara :hello?")
    qtbot.waitUntil(lambda: private.unread > 0, timeout=WAIT)
    view = lobby.view

    def row_with(text: str) -> str:
        view.flush()
        for number in range(view.list_model.rowCount()):
            shown = strip_isolates(view.list_model.text(view.list_model.row(number)))
            if text in shown:
                return shown
        return ""

    qtbot.waitUntil(lambda: "👍" in row_with("room 42"), timeout=WAIT)
    shown = row_with("room 42")
    stamp = shown.split(" ", 1)[0]
    assert re.fullmatch(f"[{PERSIAN}]{{2}}:[{PERSIAN}]{{2}}", stamp), shown
    assert "meet at 10:30 in room 42" in shown  # their words keep their digits
    assert "👍 ۱ (reza)" in shown
    number = view.list_model.row_of(msgid.split(";")[0])
    drawn = view.delegate.drawn(view.list_model.row(number), 600, view.font(), view)
    assert [label for _rect, _emoji, label in drawn.chips] == ["👍 ۱"]
    assert view.delegate.digits("09:41") == "۰۹:۴۱"  # the time column

    def tab_text() -> str:
        return strip_isolates(window.tabs.tabText(window.tabs.indexOf(private)))

    qtbot.waitUntil(lambda: re.search(f"\\([{PERSIAN}]+\\)$", tab_text()) is not None, timeout=WAIT)
    assert not re.search("[0-9]", tab_text())
    window.chrome.refresh_panes()
    pane = window.chrome.rooms_pane

    def described(view, name: str) -> str:
        model = view.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(ROW_ROLE).name == name:
                return index.data(Qt.ItemDataRole.AccessibleTextRole)
        return ""

    qtbot.waitUntil(lambda: "۲" in described(pane.room_list, "#lobby"), timeout=WAIT)
    assert not re.search("[0-9]", described(pane.room_list, "#lobby"))  # "۲ نفر"
    assert re.search(f"[{PERSIAN}]", described(pane.private_list, "reza"))  # its unread count
    assert (size_text(2048), size_text(10)) == ("۲٫۰ kB", "۱۰ بایت")  # file sizes
    assert sentences().number(7) == "۷"
