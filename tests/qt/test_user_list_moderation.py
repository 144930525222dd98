"""Kick and Ban in the user list's menu: offered to the room's operator only, and they work.

The end-to-end test hosts a real chat (HostedServer on 127.0.0.1:0), so the host's window is the
room's operator through the server's OPER secret even though a guest entered the room first.
"""

from __future__ import annotations

import pytest

from app.client.session import Member
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def user_list(qtbot):
    from app.qt.user_list import UserListView

    view = UserListView()
    qtbot.addWidget(view)
    return view


def _names(menu) -> list[str]:
    return [action.objectName() for action in menu.actions() if not action.isSeparator()]


def test_operators_get_kick_and_ban(qtbot, user_list):
    user_list.list_model.set_members(
        [Member("me", "@", False, True), Member("guest", "", False, False)]
    )
    menu = user_list.context_menu_for(user_list.list_model.index(1))
    assert _names(menu) == ["privateMessageAction", "infoAction", "kickAction", "banAction"]
    actions = {action.objectName(): action for action in menu.actions()}
    with qtbot.waitSignal(user_list.kick_requested, timeout=1000) as kicked:
        actions["kickAction"].trigger()
    assert kicked.args == ["guest"]
    with qtbot.waitSignal(user_list.ban_requested, timeout=1000) as banned:
        actions["banAction"].trigger()
    assert banned.args == ["guest"]
    # Never on our own row.
    own = user_list.context_menu_for(user_list.list_model.index(0))
    assert _names(own) == ["privateMessageAction", "infoAction"]


@pytest.mark.parametrize("mine", ["", "+"])
def test_others_do_not(qtbot, user_list, mine):
    user_list.list_model.set_members(
        [Member("boss", "@", False, False), Member("me", mine, False, True)]
    )
    menu = user_list.context_menu_for(user_list.list_model.index(0))
    assert _names(menu) == ["privateMessageAction", "infoAction"]


def test_the_host_bans_a_guest_from_the_menu(qtbot, fast_backoff, make_peer):
    from app.server.hosting import HostedServer

    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    controller = ChatController(
        "Host", "127.0.0.1", hosted.port, server=hosted, backoff=fast_backoff
    )
    window = MainWindow(controller)
    qtbot.addWidget(window)
    try:
        guest = make_peer("127.0.0.1", hosted.port)
        guest.register("guest", room="#lobby")  # the guest is in the room first
        guest.block_until(lambda line: " 366 " in line)
        window.show()
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        view = window.user_list

        def host_is_op_and_sees_guest() -> bool:
            members = {m.nick: m for m in view.list_model.members()}
            return "@" in getattr(members.get("Host"), "prefixes", "") and "guest" in members

        qtbot.waitUntil(host_is_op_and_sees_guest, timeout=WAIT)
        row = view.list_model.row_of("guest")
        menu = view.context_menu_for(view.list_model.index(row))
        [ban] = [a for a in menu.actions() if a.objectName() == "banAction"]
        ban.trigger()
        guest.wait_for(qtbot, lambda line: " MODE #lobby +b *!*@127.0.0.1" in line)
        guest.wait_for(qtbot, lambda line: " KICK #lobby guest" in line)
        guest.send("JOIN #lobby")
        guest.wait_for(qtbot, lambda line: " 474 " in line)
        qtbot.waitUntil(lambda: view.list_model.row_of("guest") == -1, timeout=WAIT)
    finally:
        controller.shutdown()
        hosted.stop()
