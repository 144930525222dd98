"""WHO, WHOIS, AWAY (with away-notify), USERHOST and multi-prefix / userhost-in-names.

Ported from irctest ``server_tests/who.py``, ``whois.py``, ``away.py``, ``away_notify.py``
and ``multi_prefix.py``.
"""

from __future__ import annotations

import re

import pytest

from app.irc import numerics as n
from tests.conformance.conftest import SERVER_NAME, Connect
from tests.conformance.helpers import commands, join_all, registration_reply
from tests.server.helpers import IrcTestClient

REALNAME = "My UniqueReal Name"


def _cool_nick(connect: Connect) -> tuple[IrcTestClient, IrcTestClient]:
    """irctest's ``BaseWhoTestCase._init``: coolNick (op of #chan) and otherNick."""
    cool = connect()
    cool.send("NICK coolNick")
    cool.send(f"USER myusernam 0 * :{REALNAME}")
    cool.expect("376")
    other = connect("otherNick")
    join_all("#chan", cool, other)
    return cool, other


def _check_who_reply(params: tuple[str, ...], channel: str, flags: str) -> None:
    assert params[:3] == ("otherNick", channel, "myusernam")
    assert re.fullmatch("[0-9A-Za-z_:.-]+", params[3])
    assert params[4:7] == (SERVER_NAME, "coolNick", flags)
    assert re.fullmatch(r"[0-9]+ " + re.escape(REALNAME), params[7])


@pytest.mark.parametrize("mask", ["coolNick", "coolnick", "coolni*"])
@pytest.mark.parametrize("away", [False, True])
def test_who_nick(connect: Connect, mask: str, away: bool) -> None:
    cool, other = _cool_nick(connect)
    if away:
        cool.send("AWAY :be right back")
        cool.sync()
    other.send(f"WHO {mask}")
    reply, end = other.sync()
    assert reply.command == n.RPL_WHOREPLY
    _check_who_reply(reply.params, "*", "G" if away else "H")
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHO, ("otherNick", mask))


def test_who_star(connect: Connect) -> None:
    _cool, other = _cool_nick(connect)
    other.send("WHO *")
    *replies, end = other.sync()
    assert sorted(m.params[5] for m in replies) == ["coolNick", "otherNick"]
    (cool_reply,) = [m for m in replies if m.params[5] == "coolNick"]
    _check_who_reply(cool_reply.params, "*", "H")
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHO, ("otherNick", "*"))


@pytest.mark.parametrize("mask", ["#chan", "#CHAN"])
def test_who_channel(connect: Connect, mask: str) -> None:
    cool, other = _cool_nick(connect)
    cool.send("AWAY :be right back")
    cool.sync()
    other.send(f"WHO {mask}")
    *replies, end = other.sync()
    replies.sort(key=lambda msg: msg.params[5])
    _check_who_reply(replies[0].params, "#chan", "G@")
    assert replies[1].params[1] == "#chan" and replies[1].params[5:7] == ("otherNick", "H")
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHO, ("otherNick", mask))


def test_who_nobody(connect: Connect) -> None:
    _cool, other = _cool_nick(connect)
    other.send("WHO idontexist")
    (end,) = other.sync()
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHO, ("otherNick", "idontexist"))


def test_who_respects_invisible_only_for_masks(connect: Connect) -> None:
    evan = connect("evan")
    evan.send("MODE evan +i")
    evan.sync()
    shivaram = connect("shivaram")
    for line, expected in (
        ("WHO eva*", [n.RPL_ENDOFWHO]),
        ("WHO evan", [n.RPL_WHOREPLY, n.RPL_ENDOFWHO]),
    ):
        shivaram.send(line)
        assert commands(shivaram.sync()) == expected
    join_all("#test", evan, shivaram)
    shivaram.send("WHO eva*")
    assert commands(shivaram.sync()) == [n.RPL_WHOREPLY, n.RPL_ENDOFWHO]


# -- WHOX (https://ircv3.net/specs/extensions/whox, irctest's testWhox*) --------------------


def test_whox_is_advertised(connect: Connect) -> None:
    welcome = connect().register("whoxer")
    tokens = [
        token for msg in welcome if msg.command == n.RPL_ISUPPORT for token in msg.params[1:-1]
    ]
    assert "WHOX" in tokens


@pytest.mark.parametrize("fields", ["tcuihsnfdlaor", "roaldfnshiuct"])
def test_whox_lists_every_field_in_the_spec_order(connect: Connect, fields: str) -> None:
    _cool, other = _cool_nick(connect)
    other.send(f"WHO coolNick %{fields},123")
    reply, end = other.sync()
    assert reply.command == n.RPL_WHOSPCRPL
    (
        target,
        token,
        channel,
        user,
        ip,
        host,
        server,
        nick,
        flags,
        hops,
        idle,
        account,
        oplevel,
        real,
    ) = reply.params
    assert (target, token, channel, user) == ("otherNick", "123", "*", "myusernam")
    assert re.fullmatch("[0-9A-Za-z_:.-]+", ip) and re.fullmatch("[0-9A-Za-z_:.-]+", host)
    assert (server, nick, flags, hops) == (SERVER_NAME, "coolNick", "H", "0")
    assert re.fullmatch("[0-9]+", idle)
    assert (account, oplevel, real) == ("0", "n/a", REALNAME)
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHO, ("otherNick", "coolNick"))


def test_whox_token_and_a_few_fields(connect: Connect) -> None:
    _cool, other = _cool_nick(connect)
    other.send("WHO coolNick %tn,321")
    reply, _end = other.sync()
    assert (reply.command, reply.params) == (n.RPL_WHOSPCRPL, ("otherNick", "321", "coolNick"))
    other.send("WHO coolNick %tn,toolong")  # not 1-3 digits: no token
    reply, _end = other.sync()
    assert reply.params == ("otherNick", "coolNick")
    other.send("WHO coolNick %")  # no field at all: the target alone
    reply, _end = other.sync()
    assert (reply.command, reply.params) == (n.RPL_WHOSPCRPL, ("otherNick",))


def test_whox_on_a_channel_shows_its_status_flags(connect: Connect) -> None:
    cool, other = _cool_nick(connect)
    cool.send("AWAY :be right back")
    cool.sync()
    other.send("WHO #chan %cnf")
    *replies, end = other.sync()
    assert sorted(m.params for m in replies) == [
        ("otherNick", "#chan", "coolNick", "G@"),
        ("otherNick", "#chan", "otherNick", "H"),
    ]
    assert end.command == n.RPL_ENDOFWHO
    other.send("WHO #chan o")  # a classic WHO's flags without a %: still 352
    assert commands(other.sync()) == [n.RPL_WHOREPLY, n.RPL_WHOREPLY, n.RPL_ENDOFWHO]


@pytest.mark.parametrize("target", ["coolNick", f"{SERVER_NAME} coolNick", "coolNick coolNick"])
def test_whois_user(connect: Connect, target: str) -> None:
    _cool, other = _cool_nick(connect)
    other.send(f"WHOIS {target}")
    whois_user = other.sync()[0]
    assert whois_user.command == n.RPL_WHOISUSER
    assert whois_user.params[:3] == ("otherNick", "coolNick", "myusernam")
    assert whois_user.params[5] == REALNAME
    assert whois_user.params[3] not in ("coolNick", "myusernam", REALNAME)


#: Every numeric Modern allows in a WHOIS reply we can produce, with its parameter pattern.
_WHOIS_SHAPES = {
    n.RPL_WHOISUSER: ("nick1", "nick2", ".+", ".+", r"\*", ".*"),
    n.RPL_WHOISCHANNELS: ("nick1", "nick2", "(@#chan1 @#chan2|@#chan2 @#chan1)"),
    n.RPL_WHOISSERVER: ("nick1", "nick2", re.escape(SERVER_NAME), ".*"),
    n.RPL_WHOISIDLE: ("nick1", "nick2", "[0-9]+", "[0-9]+", ".*"),
    n.RPL_AWAY: ("nick1", "nick2", "I'm on a break"),
}


@pytest.mark.parametrize("away", [False, True])
def test_whois_numerics(connect: Connect, away: bool) -> None:
    nick1, nick2 = connect("nick1"), connect("nick2")
    nick2.join("#chan1")
    nick2.join("#chan2")
    if away:
        nick2.send("AWAY :I'm on a break")
    nick2.sync()
    nick1.send("WHOIS nick2")
    *replies, end = nick1.sync()
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFWHOIS, ("nick1", "nick2"))
    assert (n.RPL_AWAY in commands(replies)) == away
    for msg in replies:
        shape = _WHOIS_SHAPES[msg.command]
        assert len(msg.params) == len(shape), msg
        for param, pattern in zip(msg.params, shape, strict=True):
            assert re.fullmatch(pattern, param), (msg, pattern)


def test_whois_hides_channels_of_an_invisible_user(connect: Connect) -> None:
    one, two = connect("userOne"), connect("userTwo")
    one.join("#xyz")
    one.send("MODE userOne +i")
    assert one.expect("MODE").params == ("userOne", "+i")
    two.send("WHOIS userOne")
    assert n.RPL_WHOISCHANNELS not in commands(two.sync())
    two.join("#xyz")
    two.send("WHOIS userOne")
    assert n.RPL_WHOISCHANNELS in commands(two.sync())


def test_away_replies(connect: Connect) -> None:
    bar, qux = connect("bar"), connect("qux")
    qux.send("PRIVMSG bar :what's up")
    qux.send("USERHOST bar")
    (userhost,) = qux.sync()
    assert userhost.params[0] == "qux" and userhost.params[1].startswith("bar=+")
    bar.sync()
    bar.send("AWAY :I'm not here right now")
    assert commands(bar.sync()) == [n.RPL_NOWAWAY]
    qux.send("PRIVMSG bar :what's up")
    qux.send("USERHOST bar")
    away, userhost = qux.sync()
    assert (away.command, away.params) == (n.RPL_AWAY, ("qux", "bar", "I'm not here right now"))
    assert userhost.params[1].startswith("bar=-")
    bar.sync()
    bar.send("AWAY")
    assert commands(bar.sync()) == [n.RPL_UNAWAY]
    qux.send("PRIVMSG bar :what's up")
    assert qux.sync() == []


@pytest.mark.parametrize("away_first", [False, True], ids=["away-in-channel", "away-on-join"])
def test_away_notify(connect: Connect, away_first: bool) -> None:
    foo = connect("foo", caps=["away-notify"])
    foo.join("#chan")
    bar = connect("bar")
    if away_first:
        bar.send("AWAY :i'm away")
    join_all("#chan", bar)
    if not away_first:
        bar.send("AWAY :i'm away")
        bar.sync()
    notes = [m for m in foo.sync() if m.command == "AWAY"]
    assert [m.params for m in notes] == [("i'm away",)]
    assert notes[0].source is not None and notes[0].source.startswith("bar!")


def test_multi_prefix(connect: Connect) -> None:
    foo = connect("foo", caps=["multi-prefix"])
    foo.join("#chan")
    foo.send("MODE #chan +v foo")
    foo.sync()
    foo.send("NAMES #chan")
    names = foo.expect(n.RPL_NAMREPLY)
    assert names.params == ("foo", "=", "#chan", "@+foo")
    foo.sync()
    foo.send("WHO #chan")
    who = foo.expect(n.RPL_WHOREPLY)
    assert len(who.params) >= 8 and "@+" in who.params[6]


def test_userhost_in_names(connect: Connect) -> None:
    foo = connect("foo", caps=["userhost-in-names"])
    foo.send("JOIN #chan")
    names = foo.expect(n.RPL_NAMREPLY)
    assert re.fullmatch(r"@foo!tester@[0-9.:]+", names.params[3])


def test_registration_reply_helper_skips_notices(connect: Connect) -> None:
    """Sanity check of the helper the other tests use to read registration replies."""
    client = connect()
    client.send("NICK foo")
    client.send("USER u s e r")
    assert registration_reply(client).command == n.RPL_WELCOME
