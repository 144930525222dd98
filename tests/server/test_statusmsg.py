"""STATUSMSG (modern.ircdocs.horse): ``PRIVMSG @#room`` reaches only the room's operators,
``+#room`` its voiced members and operators, relayed with the target as sent."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from app.irc.isupport import parse_isupport


@pytest.fixture
def room(chat_server, irc_client):
    """``op`` (operator, created #room), ``voiced`` (+v), ``plain``; all synced."""
    op = irc_client(chat_server, "op")
    voiced = irc_client(chat_server, "voiced")
    plain = irc_client(chat_server, "plain", caps=["echo-message"])
    for client in (op, voiced, plain):
        client.join("#room")
    op.send("MODE #room +v voiced")
    for client in (op, voiced, plain):
        client.expect("MODE")
    return op, voiced, plain


def _said(client, command: str = "PRIVMSG") -> list[tuple[str, str, str]]:
    """What ``client`` was sent (call it for the sender first: its sync orders the rest)."""
    return [(m.source.split("!")[0], *m.params) for m in client.sync() if m.command == command]


def test_statusmsg_lists_every_membership_prefix(chat_server, irc_client):
    lines = irc_client(chat_server).register("alice")
    tokens = parse_isupport(t for m in lines if m.command == "005" for t in m.params[1:-1])
    assert tokens["STATUSMSG"] == "@+"
    assert tokens["PREFIX"] == "(ov)@+"


def test_to_operators_only(room):
    op, voiced, plain = room
    plain.send("PRIVMSG @#room :for the operators")
    assert _said(plain) == [("plain", "@#room", "for the operators")]  # its echo
    assert _said(op) == [("plain", "@#room", "for the operators")]
    assert _said(voiced) == []


def test_to_voiced_members_and_operators(room):
    op, voiced, plain = room
    op.send("NOTICE +#ROOM :voices and ops")
    assert _said(op, "NOTICE") == []  # no echo-message: the sender gets nothing back
    assert _said(voiced, "NOTICE") == [("op", "+#room", "voices and ops")]
    assert _said(plain, "NOTICE") == []


def test_several_prefixes_mean_the_lowest(room):
    op, voiced, plain = room
    op.send("PRIVMSG @+#room :same as +#room")
    assert _said(op) == []
    assert _said(voiced) == [("op", "+#room", "same as +#room")]
    assert _said(plain) == []


def test_statusmsg_is_not_replayed_to_later_joiners(chat_server, irc_client, room):
    op, _voiced, _plain = room
    op.send("PRIVMSG @#room :secret")
    op.send("PRIVMSG #room :public")
    op.sync()
    late = irc_client(chat_server, "late", caps=["batch", "server-time", "draft/chathistory"])
    late.join("#room")
    late.send("CHATHISTORY LATEST #room * 10")
    texts = [m.params[-1] for m in late.sync() if m.command == "PRIVMSG"]
    assert texts == ["public"]


def test_errors_follow_the_channel_rules(chat_server, irc_client, room):
    op, _voiced, plain = room
    outsider = irc_client(chat_server, "outsider")
    outsider.send("PRIVMSG @#nowhere :hello")
    assert outsider.expect(n.ERR_NOSUCHCHANNEL).params[1] == "#nowhere"
    outsider.send("PRIVMSG @#room :let me in")  # +n: not a member
    assert outsider.expect(n.ERR_CANNOTSENDTOCHAN).params[1] == "#room"
    op.send("MODE #room +m")
    plain.expect("MODE")
    plain.send("PRIVMSG @#room :moderated")
    assert plain.expect(n.ERR_CANNOTSENDTOCHAN).params[1] == "#room"
    plain.send("NOTICE @#room :quietly refused")
    assert [m for m in plain.sync() if m.command.isdigit()] == []
    assert _said(op) == []
