"""Switching the language while the chat runs (Settings → Language, no restart).

A real server and raw-socket peers put one row of every kind in the view (the day separator,
a join/part summary, messages, a reply with its quote, a reply to an unknown message, a
reaction, a notice, a deleted message, Gofto's own error line), someone is typing and a reply
is being written; then the language goes English → Persian → English through the Settings
dialog. In Persian every row must read exactly as a view opened in Persian shows the same
records (nothing cached from before), with Persian words and digits; back in English, exactly
what it showed at first. The panes, menus, banner, input, status and dialogs follow too.
"""

from __future__ import annotations

import re

import pytest

from app.client.presentation.direction import strip_isolates
from app.qt import i18n
from app.qt.i18n import sentences
from app.qt.message_model import RowKind
from app.qt.message_view import MessageView
from app.qt.qt import QLabel, QPlainTextEdit, QPushButton, Qt, QToolButton
from tests.qt import test_window_chrome

pytestmark = pytest.mark.gui

WAIT = test_window_chrome.WAIT
#: The window fixtures of the chrome tests (a registered window in #lobby).
open_window = test_window_chrome.open_window
back_to_english = test_window_chrome.back_to_english
hosted = test_window_chrome.hosted

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
#: Width the rows are laid out at when compared (the same for the window and the fresh view).
WIDTH = 640


def _msgid(peer, text: str) -> str:
    line = next(x for x in peer.lines if x.endswith(f"PRIVMSG #lobby :{text}"))
    return line.split("msgid=", 1)[1].split(";", 1)[0].split(" ", 1)[0]


def seen(view: MessageView) -> list[tuple[RowKind, str, str, str, tuple[str, ...]]]:
    """Every row as shown: kind, DisplayRole text, drawn body, drawn quote, chip labels."""
    view.flush()
    model = view.list_model
    rows = []
    for number in range(model.rowCount()):
        row = model.row(number)
        shown = model.data(model.index(number), Qt.ItemDataRole.DisplayRole)
        drawn = view.delegate.drawn(row, WIDTH, view.font(), view)
        body = drawn.body.text() if drawn.body is not None else ""
        quote = drawn.quote.text() if drawn.quote is not None else ""
        chips = tuple(label for _rect, _emoji, label in drawn.chips)
        rows.append((row.kind, shown, body, quote, chips))
    return rows


def as_if_opened_now(qtbot, view: MessageView) -> list:
    """What a view built now, in the current language, shows for the same records."""
    fresh = MessageView(texts=sentences(), batch_ms=0)
    qtbot.addWidget(fresh)
    fresh.setFont(view.font())
    for record in view.list_model.records():
        fresh.append_record(record)
    return seen(fresh)


def apply_language(qtbot, window, code: str) -> None:
    """Settings → Language → ``code`` → Apply, as a person does it."""
    dialog = window.chrome.open_settings()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(code))
    dialog.buttons.button(dialog.buttons.StandardButton.Apply).click()
    rtl = code == "fa"
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    qtbot.waitUntil(lambda: window.layoutDirection() == direction, timeout=WAIT)
    menus = window.chrome.menus
    qtbot.waitUntil(lambda: (menus.chat_menu.title() == "&Chat") != rtl, timeout=WAIT)
    dialog.close()


def panes(window) -> dict[str, str]:
    """The texts around the conversation that a language switch must change."""
    lobby = window.conversation("#lobby")
    commands = window.chrome.commands_dialog
    text = commands.findChild(QPlainTextEdit, "commandsText") if commands else None
    return {
        "typing": strip_isolates(lobby.typing_label.text()).lstrip("\u200e\u200f"),
        "reply bar": strip_isolates(lobby.reply_label.text()),
        "placeholder": lobby.input.placeholderText(),
        "emoji tooltip": lobby.emoji_button.toolTip(),
        "status": window.status_label.text(),
        "rooms": window.chrome.rooms_pane.rooms_label.text(),
        "people": window.user_list.accessibleName(),
        "view": lobby.view.accessibleName(),
        "menu": window.chrome.menus.help_menu.title(),
        "commands": text.toPlainText() if text is not None else "",
        "commands title": commands.windowTitle() if commands else "",
        "emoji picker": lobby.emoji_picker.search.placeholderText() if lobby.emoji_picker else "",
    }


def test_every_row_kind_is_said_again_in_the_new_language(
    qtbot, open_window, chat_server, make_peer, back_to_english
):
    host, port = chat_server.address
    reza = make_peer(host, port)
    reza.register("reza", room="#lobby")
    reza.send("CAP REQ :message-tags echo-message draft/message-redaction")
    window = open_window("Sara", port)
    window.resize(900, 560)
    reza.wait_for(qtbot, lambda line: " ACK " in line)
    session = window.controller.session
    qtbot.waitUntil(lambda: session.can_react, timeout=WAIT)
    lobby = window.conversation("#lobby")
    view = lobby.view
    # Quiet lines in a row: one summary ("ali, sam joined · ali left").
    for nick in ("ali", "sam"):
        make_peer(host, port).register(nick, room="#lobby")
    qtbot.waitUntil(lambda: {"ali", "sam"} <= set(session.nicks()), timeout=WAIT)
    reza.send("PRIVMSG #lobby :The build is green")
    reza.wait_for(qtbot, lambda line: line.endswith(":The build is green"))
    parent = _msgid(reza, "The build is green")
    reza.send(f"@+draft/reply={parent} PRIVMSG #lobby :shipping it")
    reza.send("@+draft/reply=nosuchmessage PRIVMSG #lobby :about that")
    reza.send(f"@+draft/reply={parent};+draft/react=👍 TAGMSG #lobby")
    reza.send("NOTICE #lobby :the printer is out of paper")
    reza.send("PRIVMSG #lobby :wrong room")
    reza.wait_for(qtbot, lambda line: line.endswith(":wrong room"))
    reza.send(f"REDACT #lobby {_msgid(reza, 'wrong room')}")
    window.controller.submit("#lobby", "/nosuchcommand")  # Gofto's own error line
    reza.send("@+typing=paused TAGMSG #lobby")
    qtbot.waitUntil(lobby.typing_label.isVisible, timeout=WAIT)
    qtbot.waitUntil(lambda: any("message deleted" in row[1] for row in seen(view)), timeout=WAIT)
    qtbot.waitUntil(lambda: any(row[4] for row in seen(view)), timeout=WAIT)  # the 👍 chip
    assert lobby.start_reply(parent)  # a reply being written: the bar above the input
    window.chrome.show_commands()
    lobby.open_emoji_picker().close()  # built once, then hidden: it must follow all the same

    english = seen(view)
    english_panes = panes(window)
    kinds = {row[0] for row in english}
    assert kinds == {RowKind.DAY, RowKind.SUMMARY, RowKind.MESSAGE, RowKind.LINE}
    flat = "\n".join(strip_isolates(row[1] + row[3]) for row in english)
    for words in (
        "Today",
        "ali, sam joined",
        "↪ reza: The build is green",
        "↪ in reply to an earlier message",
        "-reza- the printer is out of paper",
        "reza: message deleted",
        "👍 1 (reza)",
    ):
        assert words in flat, words
    assert english_panes["typing"].endswith("reza is typing…")
    assert "Replying to" in english_panes["reply bar"] and "Keyboard" in english_panes["commands"]

    apply_language(qtbot, window, "fa")
    persian = seen(view)
    assert persian == as_if_opened_now(qtbot, view)  # nothing left from before the switch
    flat = "\n".join(strip_isolates(row[1] + row[3]) for row in persian)
    for words in (
        "امروز",
        "ali، sam پیوستند",  # the Persian comma
        "↪ reza: The build is green",
        "↪ در پاسخ به پیامی قدیمی‌تر",
        "-reza- the printer is out of paper",
        "reza: پیام پاک شد",
        "👍 ۱ (reza)",
    ):
        assert words in flat, words
    assert "۱" in {label[-1] for row in persian for label in row[4]}  # the drawn chip
    for kind, shown, *_ in persian:
        if kind is not RowKind.DAY:  # every time in Persian digits
            stamp = strip_isolates(shown).split(" ", 1)[0]
            assert re.fullmatch(f"[{PERSIAN_DIGITS}]{{2}}:[{PERSIAN_DIGITS}]{{2}}", stamp), shown
    assert view.delegate.digits("12:05") == "۱۲:۰۵"  # what the time column paints
    assert not any(a == b for a, b in zip(english, persian, strict=True))  # every row changed
    persian_panes = panes(window)
    for name, text in persian_panes.items():
        assert text != english_panes[name], name
    assert persian_panes["typing"].endswith("reza در حال نوشتن است…")
    assert "در پاسخ به" in persian_panes["reply bar"]
    assert "صفحه‌کلید" in persian_panes["commands"]
    assert "وصل شدید" in persian_panes["status"]
    if window.unread_total() and not window.isActiveWindow():  # "(۵) #lobby — Gofto"
        assert re.match(f"^\\([{PERSIAN_DIGITS}]+\\) ", window.windowTitle()), window.windowTitle()

    apply_language(qtbot, window, "en")
    assert seen(view) == english  # exactly what English showed at first
    assert panes(window) == english_panes


def test_the_hosting_banner_and_the_attach_button_follow_the_language(
    qtbot, open_window, hosted, back_to_english
):
    window = open_window("Sara", hosted.port, server=hosted)
    banner = window.hosting_banner
    assert banner is not None

    def shown() -> dict[str, str]:
        texts = {label.objectName(): label.text() for label in banner.findChildren(QLabel)}
        texts.update(
            {button.objectName(): button.text() for button in banner.findChildren(QPushButton)}
        )
        attach = window.conversation("#lobby").findChild(QToolButton, "attachButton")
        texts["attach"] = attach.toolTip()
        return texts

    english = shown()
    assert english["hostingAddresses"].startswith("You are hosting.")
    i18n.switch("fa")
    qtbot.waitUntil(
        lambda: shown()["hostingAddresses"] != english["hostingAddresses"], timeout=WAIT
    )
    persian = shown()
    for name in ("hostingAddresses", "hostingFingerprint", "copyAddressButton", "attach"):
        assert persian[name] != english[name], name
    assert persian["attach"].startswith("فرستادن پرونده یا تصویر")
    # The comparison code is read out in Persian digits in the Persian interface.
    assert any(digit in persian["hostingFingerprint"] for digit in PERSIAN_DIGITS)
    i18n.switch("en")
    qtbot.waitUntil(lambda: shown() == english, timeout=WAIT)
