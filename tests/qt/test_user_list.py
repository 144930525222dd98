"""The sidebar model and view: order, self and away marks, small updates, private requests."""

from __future__ import annotations

import pytest

from app.client.session import Member

pytestmark = pytest.mark.gui


def _members(*specs: str) -> list[Member]:
    """``"@ali"`` is an operator, ``"me!"`` is us, ``"bob~"`` is away."""
    out = []
    for spec in specs:
        prefixes = "@" if spec.startswith("@") else ""
        nick = spec.strip("@!~")
        out.append(Member(nick, prefixes, spec.endswith("~"), spec.endswith("!")))
    return out


@pytest.fixture
def user_list(qtbot):
    from app.qt.user_list import UserListView

    view = UserListView()
    qtbot.addWidget(view)
    return view


def _texts(model) -> list[str]:
    """Row texts without the bidi isolates around each nick."""
    return [
        model.index(row).data().replace("\u2068", "").replace("\u2069", "")
        for row in range(model.rowCount())
    ]


def test_shows_members_in_session_order_with_marks(user_list):
    from app.qt.qt import Qt
    from app.qt.user_list import AWAY_ROLE, IS_SELF_ROLE, NICK_ROLE

    model = user_list.list_model
    model.set_members(_members("@ali", "me!", "bob~", "مریم"))
    assert _texts(model) == ["@ali", "me (you)", "bob", "مریم"]
    me, bob = model.index(1), model.index(2)
    assert me.data(IS_SELF_ROLE) and me.data(Qt.ItemDataRole.FontRole).bold()
    assert bob.data(AWAY_ROLE) and bob.data(Qt.ItemDataRole.FontRole) is None
    assert bob.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Away" in bob.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0).data(NICK_ROLE) == "ali"
    assert model.row_of("BOB") == 2 and model.row_of("nobody") == -1
    assert user_list.objectName() == "userList"


def test_away_change_is_a_data_change_not_a_reset(qtbot, user_list):
    model = user_list.list_model
    model.set_members(_members("ali", "bob"))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as blocker:
        model.set_members(_members("ali", "bob~"))
    assert blocker.args[0].row() == 1
    model.set_members(_members("ali", "bob~"))  # unchanged: no signal at all
    assert not resets
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_members(_members("ali", "bob~", "carol"))


def test_click_requests_a_private_conversation_but_not_with_yourself(qtbot, user_list):
    from app.qt.qt import Qt

    user_list.list_model.set_members(_members("ali", "me!"))
    user_list.show()
    qtbot.waitExposed(user_list)
    requested = []
    user_list.private_requested.connect(requested.append)
    for row in (0, 1):
        rect = user_list.visualRect(user_list.list_model.index(row))
        qtbot.mouseClick(user_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert requested == ["ali"]


def test_context_menu_private_message(qtbot, user_list):
    user_list.list_model.set_members(_members("ali", "me!"))
    menu = user_list.context_menu_for(user_list.list_model.index(0))
    action, info = menu.actions()
    assert action.objectName() == "privateMessageAction" and action.isEnabled()
    assert info.objectName() == "infoAction" and info.isEnabled()
    with qtbot.waitSignal(user_list.info_requested, timeout=1000) as asked:
        info.trigger()
    assert asked.args == ["ali"]
    with qtbot.waitSignal(user_list.private_requested, timeout=1000) as blocker:
        action.trigger()
    assert blocker.args == ["ali"]
    own = user_list.context_menu_for(user_list.list_model.index(1))
    assert not own.actions()[0].isEnabled()
    assert user_list.context_menu_for(user_list.list_model.index(5)) is None
