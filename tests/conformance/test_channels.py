"""JOIN, PART, NAMES, TOPIC, KICK, INVITE, LIST and channel modes.

Ported from irctest ``server_tests/join.py``, ``part.py``, ``names.py``, ``topic.py``,
``kick.py``, ``invite.py``, ``list.py`` and ``chmodes/`` (ban, key, limit, modeis, moderated,
no_external, operator, secret).
"""

from __future__ import annotations

import re

import pytest

from app.irc import numerics as n
from app.server.handlers.channels import elist_test
from app.server.state import Channel
from tests.conformance.conftest import Connect
from tests.conformance.helpers import commands, join_all

# -- JOIN / PART -----------------------------------------------------------------------------


def test_join_replies_and_namreply_shape(connect: Connect) -> None:
    foo = connect("foo")
    foo.send("JOIN #chan")
    replies = foo.sync()
    assert (replies[0].command, replies[0].params) == ("JOIN", ("#chan",))
    assert commands(replies)[1:] == [n.RPL_NAMREPLY, n.RPL_ENDOFNAMES]
    assert replies[1].params == ("foo", "=", "#chan", "@foo")
    assert replies[2].params[:2] == ("foo", "#chan")
    foo.send("JOIN #chan")
    assert foo.sync() == [], "joining twice is silent"


@pytest.mark.parametrize("others_inside", [False, True])
def test_part_a_channel_one_is_not_on(connect: Connect, others_inside: bool) -> None:
    foo, bar = connect("foo"), connect("bar")
    if others_inside:
        foo.join("#chan")
    bar.send("PART #chan")
    (reply,) = bar.sync()
    assert reply.command == (n.ERR_NOTONCHANNEL if others_inside else n.ERR_NOSUCHCHANNEL)
    assert reply.params[:2] == ("bar", "#chan")


@pytest.mark.parametrize(
    ("line", "params"),
    [("PART #chan", ("#chan",)), ("PART #chan :bye everyone", ("#chan", "bye everyone"))],
)
def test_part_is_seen_by_both(connect: Connect, line: str, params: tuple[str, ...]) -> None:
    bar, baz = connect("bar"), connect("baz")
    join_all("#chan", bar, baz)
    bar.send(line)
    for client in (bar, baz):
        msg = client.expect("PART")
        assert msg.params == params


# -- NAMES -----------------------------------------------------------------------------------


def test_names_modern(connect: Connect) -> None:
    nick1, nick2 = connect("nick1"), connect("nick2")
    join_all("#chan", nick1, nick2)
    nick1.send("NAMES #chan")
    reply, end = nick1.sync()
    assert reply.command == n.RPL_NAMREPLY
    assert reply.params[:3] == ("nick1", "=", "#chan")
    assert re.fullmatch("(nick2 @nick1|@nick1 nick2)", reply.params[3])  # no trailing space
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFNAMES, ("nick1", "#chan"))


def test_names_of_several_channels_ends_once(connect: Connect) -> None:
    nick1 = connect("nick1")
    nick1.join("#chan1")
    nick1.join("#chan2")
    nick1.send("NAMES #chan1,#chan2")
    first, second, end = nick1.sync()
    assert (first.command, first.params) == (n.RPL_NAMREPLY, ("nick1", "=", "#chan1", "@nick1"))
    assert (second.command, second.params) == (n.RPL_NAMREPLY, ("nick1", "=", "#chan2", "@nick1"))
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFNAMES, ("nick1", "#chan1,#chan2"))


@pytest.mark.parametrize("name", ["invalid", "#nonexisting"])
def test_names_of_nothing_is_only_the_end(connect: Connect, name: str) -> None:
    foo = connect("foo")
    foo.send(f"NAMES {name}")
    (end,) = foo.sync()
    assert (end.command, end.params[:2]) == (n.RPL_ENDOFNAMES, ("foo", name))


@pytest.mark.parametrize("secret", [False, True])
def test_names_without_argument_lists_visible_channels(connect: Connect, secret: bool) -> None:
    nick1, nick2 = connect("nick1"), connect("nick2")
    nick1.join("#chan1")
    nick2.join("#chan2")
    nick2.send(f"MODE #chan2 {'+s' if secret else '-s'}")
    nick2.sync()
    nick1.send("NAMES")
    replies = nick1.sync()
    expected = [("nick1", "=", "#chan1", "@nick1")]
    if not secret:
        expected.append(("nick1", "=", "#chan2", "@nick2"))
    assert [m.params for m in replies[:-1]] == expected
    assert (replies[-1].command, replies[-1].params[:2]) == (n.RPL_ENDOFNAMES, ("nick1", "*"))


# -- TOPIC -----------------------------------------------------------------------------------


def test_topic_set_unset_and_notopic(connect: Connect) -> None:
    bar, baz = connect("bar"), connect("baz")
    bar.send("JOIN #test")
    assert n.RPL_NOTOPIC not in commands(bar.sync())
    baz.send("JOIN #test")
    assert n.RPL_NOTOPIC not in commands(baz.sync())
    baz.send("TOPIC #test")
    assert n.RPL_NOTOPIC in commands(baz.sync())
    bar.sync()
    for text in ("new topic", ""):
        bar.send(f"TOPIC #test :{text}")
        for client in (bar, baz):
            msg = client.expect("TOPIC")
            assert msg.params == ("#test", text)
    qux = connect("qux")
    qux.send("join #test")
    assert n.RPL_NOTOPIC not in commands(qux.sync())


def test_topic_privileges_and_join_burst(connect: Connect) -> None:
    bar, qux = connect("bar"), connect("qux")
    join_all("#chan", bar, qux)
    bar.send("MODE #chan +t")
    assert n.ERR_CHANOPRIVSNEEDED not in commands(bar.sync())
    bar.send("TOPIC #chan :new topic")
    assert "TOPIC" in commands(bar.sync())
    qux.sync()
    for _ in range(2):  # unprivileged, then voiced: +t still refuses
        qux.send("TOPIC #chan :other topic")
        replies = commands(qux.sync())
        assert n.ERR_CHANOPRIVSNEEDED in replies and "TOPIC" not in replies
        bar.send("MODE #chan +v qux")
        bar.sync()
        qux.sync()
    buzz = connect("buzz")
    buzz.send("JOIN #chan")
    replies = buzz.sync()
    (topic,) = [m for m in replies if m.command == n.RPL_TOPIC]
    assert topic.params == ("buzz", "#chan", "new topic")
    assert commands(replies).count(n.RPL_TOPICWHOTIME) == 1


def test_topic_of_nonexistent_channel(connect: Connect) -> None:
    foo = connect("foo")
    foo.send("TOPIC #chan")
    assert commands(foo.sync()) == [n.ERR_NOSUCHCHANNEL]


# -- KICK ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"), [("KICK #chan bar :bye", "bye"), ("KICK #chan bar", "foo")]
)
def test_kick_is_seen_by_everyone(connect: Connect, line: str, reason: str) -> None:
    foo, bar, baz = connect("foo"), connect("bar"), connect("baz")
    join_all("#chan", foo, bar, baz)
    foo.send(line)
    for client in (foo, bar, baz):
        msg = client.expect("KICK")
        assert msg.params == ("#chan", "bar", reason)


@pytest.mark.parametrize("line", ["KICK #chan,#chan bar,baz :bye", "KICK #chan bar,baz :bye"])
def test_kick_several_targets_one_kick_each(connect: Connect, line: str) -> None:
    foo, bar, baz, qux = (connect(nick) for nick in ("foo", "bar", "baz", "qux"))
    join_all("#chan", foo, bar, baz, qux)
    foo.send(line)
    foo.sync()
    kicks = qux.sync()
    assert [(m.command, m.params) for m in kicks] == [
        ("KICK", ("#chan", "bar", "bye")),
        ("KICK", ("#chan", "baz", "bye")),
    ]


def test_kick_privileges(connect: Connect) -> None:
    foo, bar, baz = connect("foo"), connect("bar"), connect("baz")
    join_all("#chan", foo, bar)
    baz.send("KICK #chan bar")
    assert commands(baz.sync()) == [n.ERR_NOTONCHANNEL]
    baz.join("#chan")
    baz.sync()
    baz.send("KICK #chan bar")
    assert commands(baz.sync()) == [n.ERR_CHANOPRIVSNEEDED]
    foo.send("MODE #chan +o baz")
    foo.sync()
    baz.send("KICK #chan bar")
    baz.send("KICK #chan foo")
    assert n.ERR_CHANOPRIVSNEEDED not in commands(baz.sync())
    assert [m.params[1] for m in foo.sync() if m.command == "KICK"] == ["bar", "foo"]


def test_kick_in_nonexistent_channel(connect: Connect) -> None:
    connect("nick")
    foo = connect("foo")
    foo.send("KICK #chan nick")
    assert commands(foo.sync()) == [n.ERR_NOSUCHCHANNEL]


# -- INVITE ----------------------------------------------------------------------------------


def test_invite_only_channel(connect: Connect) -> None:
    foo = connect("foo")
    foo.join("#chan")
    foo.send("MODE #chan +i")
    foo.sync()
    foo.send("INVITE bar #chan")
    assert commands(foo.sync()) == [n.ERR_NOSUCHNICK]
    bar = connect("bar")
    bar.send("JOIN #chan")
    assert commands(bar.sync()) == [n.ERR_INVITEONLYCHAN]
    foo.send("INVITE bar #chan")
    (inviting,) = foo.sync()
    assert (inviting.command, inviting.params[:3]) == (n.RPL_INVITING, ("foo", "bar", "#chan"))
    (invite,) = bar.sync()
    assert (invite.command, invite.params) == ("INVITE", ("bar", "#chan"))
    assert invite.source is not None and invite.source.startswith("foo!")
    bar.join("#chan")


@pytest.mark.parametrize(
    ("modes", "expected"),
    [
        ("+i", n.RPL_INVITING),
        ("", n.RPL_INVITING),
        ("-o foo", n.RPL_INVITING),  # strict in irctest: unopped may invite to a -i channel
        ("+i-o foo", n.ERR_CHANOPRIVSNEEDED),
    ],
)
def test_invite_privileges(connect: Connect, modes: str, expected: str) -> None:
    foo, bar, baz = connect("foo"), connect("bar"), connect("baz")
    join_all("#chan", foo, baz)
    if modes:
        foo.send(f"MODE #chan {modes}")
        foo.sync()
    baz.sync()
    foo.send("INVITE bar #chan")
    (reply,) = foo.sync()
    assert reply.command == expected
    assert reply.params[:3] == (
        ("foo", "bar", "#chan") if expected == n.RPL_INVITING else ("foo", "#chan", reply.params[2])
    )
    assert baz.sync() == [], "other members are not told"
    assert commands(bar.sync()) == (["INVITE"] if expected == n.RPL_INVITING else [])


def test_invite_errors(connect: Connect) -> None:
    foo, bar, baz = connect("foo"), connect("bar"), connect("baz")
    baz.join("#chan")
    foo.send("INVITE bar #chan")
    (reply,) = foo.sync()
    assert (reply.command, reply.params[:2]) == (n.ERR_NOTONCHANNEL, ("foo", "#chan"))
    assert bar.sync() == []
    join_all("#chan", foo, bar)
    foo.send("INVITE bar #chan")
    (reply,) = foo.sync()
    assert (reply.command, reply.params[:3]) == (n.ERR_USERONCHANNEL, ("foo", "bar", "#chan"))


def test_invite_lets_past_a_ban_once(connect: Connect) -> None:
    alice, bob = connect("alice"), connect("bob")
    alice.join("#alice")
    alice.send("MODE #alice +b bob!*@*")
    alice.sync()
    bob.send("JOIN #alice")
    assert commands(bob.sync()) == [n.ERR_BANNEDFROMCHAN]
    alice.send("INVITE bob #alice")
    alice.sync()
    bob.send("JOIN #alice")
    assert "JOIN" in commands(bob.sync())
    alice.send("KICK #alice bob")
    alice.sync()
    bob.send("JOIN #alice")
    assert n.ERR_BANNEDFROMCHAN in commands(bob.sync())


# -- LIST ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [("LIST", ["#chan"]), ("LIST #chan", ["#chan"]), ("LIST #nonexistent", [])],
)
def test_list(connect: Connect, line: str, expected: list[str]) -> None:
    foo, bar = connect("foo"), connect("bar")
    foo.join("#chan")
    bar.send(line)
    replies = bar.sync()
    assert commands(replies) == [n.RPL_LISTSTART] + [n.RPL_LIST] * len(expected) + [n.RPL_LISTEND]
    assert [m.params[1] for m in replies if m.command == n.RPL_LIST] == expected


def test_secret_channel_is_listed_only_to_members(connect: Connect) -> None:
    first = connect("first")
    first.join("#gen")
    first.send("MODE #gen +s")
    first.send("LIST")
    assert [m.params[:2] for m in first.sync() if m.command == n.RPL_LIST] == [("first", "#gen")]
    second = connect("second")
    second.send("LIST")
    assert n.RPL_LIST not in commands(second.sync())
    second.join("#gen")
    second.send("LIST")
    assert [m.params[:2] for m in second.sync() if m.command == n.RPL_LIST] == [("second", "#gen")]


def _listed(client, line: str) -> set[str]:
    client.send(line)
    return {m.params[1] for m in client.sync() if m.command == n.RPL_LIST}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("LIST *an1", {"#chan1"}),
        ("LIST #c*n2", {"#chan2"}),
        ("LIST *an3", set()),
        ("LIST #CH*", {"#chan1", "#chan2"}),
        ("LIST !*an1", {"#chan2"}),
        ("LIST !#ch*", set()),
        ("LIST !*an3", {"#chan1", "#chan2"}),
        ("LIST >0", {"#chan1", "#chan2"}),
        ("LIST >1", {"#chan2"}),
        ("LIST <2", {"#chan1"}),
        ("LIST <1", set()),
        ("LIST #chan1,>1", set()),  # a name chooses, a count must also hold
        ("LIST #ch*,<2", {"#chan1"}),
        ("LIST >x,<y", {"#chan1", "#chan2"}),  # filters that do not parse are ignored
        ("LIST C>0", {"#chan1", "#chan2"}),
        ("LIST C<0", set()),
        ("LIST T<10", set()),  # no topic yet: no topic time to compare
    ],
)
def test_list_elist_filters(connect: Connect, line: str, expected: set[str]) -> None:
    """irctest's testListMask, testListNotMask and testListUsers (ELIST=M, N, U)."""
    foo, bar = connect("foo"), connect("bar")
    foo.join("#chan1")
    foo.join("#chan2")
    bar.join("#chan2")
    assert _listed(connect("baz"), line) == expected


def test_elist_is_advertised(connect: Connect) -> None:
    welcome = connect().register("lister")
    tokens = [t for m in welcome if m.command == n.RPL_ISUPPORT for t in m.params[1:-1]]
    assert "ELIST=CMNTU" in tokens


def test_elist_times_are_minutes_ago() -> None:
    """C and T compare minutes since the channel was made or its topic was set."""
    now = 1_000_000.0
    old = Channel("#old", created=int(now) - 3 * 60, topic="First", topic_at=int(now) - 3 * 60)
    new = Channel("#new", created=int(now) - 60, topic="Second", topic_at=int(now) - 60)
    quiet = Channel("#quiet", created=int(now) - 60)

    def chosen(item: str) -> set[str]:
        test = elist_test(item)
        assert test is not None
        return {c.name for c in (old, new, quiet) if test(c, now)}

    assert chosen("C>2") == {"#old"}
    assert chosen("C<2") == {"#new", "#quiet"}
    assert chosen("C<10") == {"#old", "#new", "#quiet"}
    assert chosen("T>2") == {"#old"}
    assert chosen("T<2") == {"#new"}
    assert elist_test("C>soon") is None


# -- channel modes ---------------------------------------------------------------------------


def test_channel_mode_is(connect: Connect) -> None:
    chanop = connect("chanop")
    chanop.join("#chan")
    chanop.send("MODE #chan +int")
    chanop.sync()
    chanop.send("MODE #chan")
    modeis, created = chanop.sync()
    assert (modeis.command, created.command) == (n.RPL_CHANNELMODEIS, n.RPL_CREATIONTIME)
    assert modeis.params[:2] == ("chanop", "#chan") and modeis.params[2][0] == "+"
    enabled = modeis.params[2][1:]
    assert set("int") <= set(enabled)
    chanop.send(f"MODE #chan -{enabled}")
    (change,) = chanop.sync()
    assert change.command == "MODE" and change.params[0] == "#chan"
    assert change.params[1][0] == "-" and set(change.params[1][1:]) == set(enabled)
    chanop.send("MODE #chan")
    modeis, _created = chanop.sync()
    assert modeis.params == ("chanop", "#chan", "+")


@pytest.mark.parametrize(
    "key", ["passphrase with spaces", "", "a,b"], ids=["spaces", "empty", "comma"]
)
def test_invalid_key_is_696(connect: Connect, key: str) -> None:
    bar = connect("bar")
    bar.join("#chan")
    bar.send(f"MODE #chan +k :{key}")
    (reply,) = bar.sync()
    assert reply.command == n.ERR_INVALIDMODEPARAM
    assert reply.params[:4] == ("bar", "#chan", "k", "*")


def test_key(connect: Connect) -> None:
    bar, qux = connect("bar"), connect("qux")
    bar.join("#chan")
    bar.send("MODE #chan +k beer")
    bar.sync()
    for line in ("JOIN #chan", "JOIN #chan bees"):
        qux.send(line)
        assert commands(qux.sync()) == [n.ERR_BADCHANNELKEY]
    qux.send("JOIN #chan beer")
    assert qux.sync()[0].params == ("#chan",)


@pytest.mark.parametrize("limit", ["0", "-1", "abc", ""], ids=["zero", "negative", "text", "empty"])
def test_invalid_limit_is_696(connect: Connect, limit: str) -> None:
    chanop = connect("chanop")
    chanop.join("#chan")
    chanop.send(f"MODE #chan +l :{limit}")
    (reply,) = chanop.sync()
    assert reply.command == n.ERR_INVALIDMODEPARAM
    assert reply.params[:3] == ("chanop", "#chan", "l") and len(reply.params) == 5


def test_limit(connect: Connect) -> None:
    chanop, user2 = connect("chanop"), connect("user2")
    chanop.join("#chan")
    chanop.send("MODE #chan +l 1")
    (mode,) = chanop.sync()
    assert mode.params == ("#chan", "+l", "1")
    user2.send("JOIN #chan")
    (full,) = user2.sync()
    assert (full.command, full.params[:2]) == (n.ERR_CHANNELISFULL, ("user2", "#chan"))
    chanop.send("INVITE user2 #chan")
    chanop.sync()
    user2.join("#chan")
    chanop.send("MODE #chan -l")
    assert chanop.expect("MODE").params == ("#chan", "-l")


@pytest.mark.parametrize(
    ("mode", "speaker_joins"), [("+m", True), ("+n", False)], ids=["moderated", "no-external"]
)
def test_who_may_speak(connect: Connect, mode: str, speaker_joins: bool) -> None:
    chanop, baz = connect("chanop"), connect("baz")
    chanop.join("#chan")
    chanop.send(f"MODE #chan {mode}")
    chanop.sync()
    if speaker_joins:
        baz.join("#chan")
        chanop.sync()
    baz.send("PRIVMSG #chan :hi from baz")
    assert n.ERR_CANNOTSENDTOCHAN in commands(baz.sync())
    assert chanop.sync() == []
    chanop.send("MODE #chan +v baz" if speaker_joins else "MODE #chan -n")
    chanop.sync()
    baz.sync()
    baz.send("PRIVMSG #chan :hi again from baz")
    baz.sync()
    (relay,) = chanop.sync()
    assert relay.params == ("#chan", "hi again from baz")


@pytest.mark.parametrize(
    ("sender", "line", "expected"),
    [
        ("unprivileged", "MODE #chan +o unprivileged", n.ERR_CHANOPRIVSNEEDED),
        ("chanop", "MODE #chan +o unrelated", n.ERR_USERNOTINCHANNEL),
        ("chanop", "MODE #chan +o nobody", n.ERR_NOSUCHNICK),
        ("chanop", "MODE #nonexistentchan +o chanop", n.ERR_NOSUCHCHANNEL),
        ("chanop", "MODE #unrelated +o unprivileged", n.ERR_CHANOPRIVSNEEDED),
        ("chanop", "MODE #chan +o unprivileged", "MODE"),
    ],
)
def test_operator_mode(connect: Connect, sender: str, line: str, expected: str) -> None:
    clients = {nick: connect(nick) for nick in ("chanop", "unprivileged", "unrelated")}
    join_all("#chan", clients["chanop"], clients["unprivileged"])
    join_all("#unrelated", clients["unrelated"], clients["unprivileged"])
    clients[sender].send(line)
    (reply,) = clients[sender].sync()
    assert reply.command == expected
    if expected == "MODE":
        (seen,) = clients["unprivileged"].sync()
        assert seen.params == reply.params == ("#chan", "+o", "unprivileged")


def test_ban_is_case_insensitive(connect: Connect) -> None:
    chanop = connect("chanop")
    chanop.join("#chan")
    chanop.send("MODE #chan +b BAR!*@*")
    assert chanop.expect("MODE").params == ("#chan", "+b", "BAR!*@*")
    bar = connect("Bar")
    bar.send("JOIN #chan")
    assert commands(bar.sync()) == [n.ERR_BANNEDFROMCHAN]
    chanop.send("MODE #chan -b bar!*@*")
    assert chanop.expect("MODE").params[:2] == ("#chan", "-b")
    bar.send("JOIN #chan")
    assert bar.expect(lambda m: m.command[0].isalpha()).command == "JOIN"


# -- ban and invite exceptions (+e, +I; irctest's testBanException and invite_exception.py) --


def test_ban_exception_lets_a_banned_user_join_and_speak(connect: Connect) -> None:
    chanop = connect("chanop")
    chanop.join("#chan")
    chanop.send("MODE #chan +b ba*!*@*")
    chanop.expect("MODE")
    bar = connect("bar")
    bar.send("JOIN #chan")
    assert commands(bar.sync()) == [n.ERR_BANNEDFROMCHAN]
    chanop.send("MODE #chan +e *ar!*@*")
    assert chanop.expect("MODE").params == ("#chan", "+e", "*ar!*@*")
    bar.send("JOIN #chan")
    assert bar.expect(lambda m: m.command[0].isalpha()).command == "JOIN"
    chanop.sync()
    bar.send("PRIVMSG #chan :let through")
    bar.sync()
    assert [m.params for m in chanop.sync()] == [("#chan", "let through")]
    baz = connect("baz")  # banned, not excepted
    baz.send("JOIN #chan")
    assert commands(baz.sync()) == [n.ERR_BANNEDFROMCHAN]


def test_invite_exception_lets_into_an_invite_only_channel(connect: Connect) -> None:
    chanop = connect("chanop")
    chanop.join("#chan")
    chanop.send("MODE #chan +i")
    chanop.sync()
    bar = connect("Bar")
    bar.send("JOIN #chan")
    assert commands(bar.sync()) == [n.ERR_INVITEONLYCHAN]
    chanop.send("MODE #chan +I bar!*@*")
    assert chanop.expect("MODE").params == ("#chan", "+I", "bar!*@*")
    bar.send("JOIN #chan")
    assert bar.expect(lambda m: m.command[0].isalpha()).command == "JOIN"
    bar.send("PART #chan")
    bar.sync()
    chanop.send("MODE #chan -I bar!*@*")
    chanop.sync()
    bar.send("JOIN #chan")
    assert commands(bar.sync()) == [n.ERR_INVITEONLYCHAN]


@pytest.mark.parametrize(
    ("char", "entry", "end"),
    [
        ("b", n.RPL_BANLIST, n.RPL_ENDOFBANLIST),
        ("e", n.RPL_EXCEPTLIST, n.RPL_ENDOFEXCEPTLIST),
        ("I", n.RPL_INVITELIST, n.RPL_ENDOFINVITELIST),
    ],
)
def test_list_modes_are_listed(connect: Connect, char: str, entry: str, end: str) -> None:
    chanop, other = connect("chanop"), connect("other")
    join_all("#chan", chanop, other)
    chanop.send(f"MODE #chan +{char} bar!*@*")
    chanop.sync()
    other.sync()
    chanop.send(f"MODE #chan +{char}")
    listed, ended = chanop.sync()
    assert listed.command == entry
    assert listed.params[:3] == ("chanop", "#chan", "bar!*@*")
    assert listed.params[3].startswith("chanop!") and listed.params[4].isdigit()
    assert (ended.command, ended.params[:2]) == (end, ("chanop", "#chan"))
    other.send(f"MODE #chan {char}")
    # Anyone may see the bans; the exceptions are for the channel's operators.
    expected = [entry, end] if char == "b" else [n.ERR_CHANOPRIVSNEEDED]
    assert commands(other.sync()) == expected


def test_exceptions_are_advertised(connect: Connect) -> None:
    welcome = connect().register("modes")
    isupport = [m for m in welcome if m.command == n.RPL_ISUPPORT]
    tokens = dict(token.partition("=")[::2] for m in isupport for token in m.params[1:-1])
    assert (tokens["EXCEPTS"], tokens["INVEX"]) == ("e", "I")
    assert tokens["CHANMODES"].split(",")[0] == "beI"
    assert tokens["MAXLIST"] == "b:50,e:50,I:50"
