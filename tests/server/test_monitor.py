"""IRCv3 MONITOR against a real server: the list, its limit, the 730/731 notices, line
lengths, and that nothing stays in the indexes once a watcher leaves."""

from __future__ import annotations

import pytest

from app.irc import Message
from app.irc import numerics as n
from app.irc.isupport import parse_isupport
from app.irc.message import MAX_BODY_BYTES
from app.server.limits import MONITOR_LIMIT
from app.server.monitor import MonitorRegistry
from app.server.wire import encode
from tests.server.helpers import IrcTestClient, connect_registered


def _leave(client: IrcTestClient) -> None:
    """QUIT and wait until the server closed the socket (it has forgotten the user by then)."""
    client.send("QUIT :bye")
    client.read_until_closed()
    client.close()


def _monitor(client: IrcTestClient, line: str) -> list[Message]:
    """Send ``line`` and return every reply to it (a PING round trip marks the end)."""
    client.send(line)
    return client.sync()


def _items(replies: list[Message], code: str) -> list[str]:
    """The comma-separated targets of every ``code`` reply, in order."""
    return [item for m in replies if m.command == code for item in m.params[-1].split(",")]


def _listed(client: IrcTestClient) -> list[str]:
    replies = _monitor(client, "MONITOR L")
    assert replies[-1].command == n.RPL_ENDOFMONLIST
    assert replies[-1].params == (client.nick, "End of MONITOR list")
    return _items(replies, n.RPL_MONLIST)


# -- the list ----------------------------------------------------------------------------------


def test_isupport_advertises_the_limit(chat_server, irc_client):
    lines = irc_client(chat_server).register("alice")
    tokens = parse_isupport(t for m in lines if m.command == n.RPL_ISUPPORT for t in m.params[1:-1])
    assert tokens["MONITOR"] == str(MONITOR_LIMIT)


def test_add_reports_who_is_online_and_who_is_not(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    irc_client(chat_server, "bob", user="bobby")

    replies = _monitor(alice, "MONITOR + BOB,carol")

    assert [(m.command, m.params) for m in replies] == [
        (n.RPL_MONONLINE, ("alice", "bob!bobby@127.0.0.1")),  # the nick as its user has it
        (n.RPL_MONOFFLINE, ("alice", "carol")),
    ]
    assert replies[0].source == "gofto.local"


def test_list_remove_and_clear(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    assert _listed(alice) == []

    _monitor(alice, "MONITOR + bob,Carol,dave")
    assert _listed(alice) == ["bob", "Carol", "dave"]  # as written, in the order added

    assert _monitor(alice, "MONITOR - CAROL,nobody") == []  # no reply, by the spec
    assert _listed(alice) == ["bob", "dave"]

    assert _monitor(alice, "MONITOR C") == []
    assert _listed(alice) == []


def test_duplicates_are_added_once_and_masks_ignored(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")

    replies = _monitor(alice, "MONITOR + bob,BOB,*!user@host,,#room,1digit,bob")
    assert _items(replies, n.RPL_MONOFFLINE) == ["bob"]
    assert {m.command for m in replies} == {n.RPL_MONOFFLINE}

    replies = _monitor(alice, "MONITOR + Bob,carol")  # already listed: status only
    assert _items(replies, n.RPL_MONOFFLINE) == ["Bob", "carol"]
    assert _listed(alice) == ["bob", "carol"]

    assert _monitor(alice, "MONITOR + *!*@127.0.0.1") == []


def test_status_lists_every_target(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    irc_client(chat_server, "bob")
    _monitor(alice, "MONITOR + bob,carol,dave")

    replies = _monitor(alice, "monitor s")

    assert [m.command for m in replies] == [n.RPL_MONONLINE, n.RPL_MONOFFLINE]
    assert _items(replies, n.RPL_MONONLINE) == ["bob!tester@127.0.0.1"]
    assert _items(replies, n.RPL_MONOFFLINE) == ["carol", "dave"]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("MONITOR", n.ERR_NEEDMOREPARAMS),
        ("MONITOR +", n.ERR_NEEDMOREPARAMS),
        ("MONITOR - :", n.ERR_NEEDMOREPARAMS),
        ("MONITOR X bob", n.ERR_UNKNOWNERROR),
        ("MONITOR ++ bob", n.ERR_UNKNOWNERROR),
    ],
)
def test_bad_use_is_an_error(chat_server, irc_client, line, code):
    alice = irc_client(chat_server, "alice")
    replies = _monitor(alice, line)
    assert [m.command for m in replies] == [code]
    assert _listed(alice) == []


def test_monitor_needs_registration(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("MONITOR + bob")
    assert client.expect(n.ERR_NOTREGISTERED).command == n.ERR_NOTREGISTERED


# -- the limit and line lengths -----------------------------------------------------------------


def test_the_limit_gives_734_with_what_was_not_added(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    first = [f"n{i}" for i in range(MONITOR_LIMIT - 2)]
    _monitor(alice, "MONITOR + " + ",".join(first[:50]))
    _monitor(alice, "MONITOR + " + ",".join(first[50:]))

    replies = _monitor(alice, "MONITOR + n0,x1,x2,x3,bad!mask,x4")

    full = [m for m in replies if m.command == n.ERR_MONLISTFULL]
    assert len(full) == 1
    assert full[0].params == ("alice", str(MONITOR_LIMIT), "x3,x4", "Monitor list is full.")
    assert _items(replies, n.RPL_MONOFFLINE) == ["n0", "x1", "x2"]  # added before it filled
    assert len(_listed(alice)) == MONITOR_LIMIT

    _monitor(alice, "MONITOR - x1")
    assert [m.command for m in _monitor(alice, "MONITOR + x4")] == [n.RPL_MONOFFLINE]


def test_734_stays_within_512_bytes(chat_server, irc_client):
    alice = irc_client(chat_server, "a" * 30)  # a long nick in the reply, too
    nicks = [f"full{i:03d}" + "x" * 20 for i in range(MONITOR_LIMIT + 17)]
    for start in range(0, MONITOR_LIMIT, 15):
        _monitor(alice, "MONITOR + " + ",".join(nicks[start : min(start + 15, MONITOR_LIMIT)]))
    extra = nicks[MONITOR_LIMIT:]
    alice.send("MONITOR + " + ",".join(extra))
    full = alice.expect(n.ERR_MONLISTFULL)
    assert len(encode(full)) <= MAX_BODY_BYTES
    kept = full.params[2].split(",")
    assert kept == extra[: len(kept)]
    assert 1 < len(kept) < len(extra), "the targets were cut at a comma to fit"


def test_long_lists_are_split_over_lines_of_at_most_512_bytes(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    online = [irc_client(chat_server, f"on{i:02d}" + "y" * 20) for i in range(25)]
    offline = [f"off{i:02d}" + "z" * 25 for i in range(MONITOR_LIMIT - len(online))]
    targets = [c.nick for c in online] + offline
    added: list[Message] = []
    for start in range(0, len(targets), 12):
        added += _monitor(alice, "MONITOR + " + ",".join(targets[start : start + 12]))
    status = _monitor(alice, "MONITOR S")
    listing = _monitor(alice, "MONITOR L")

    for code, replies in ((n.RPL_MONONLINE, status), (n.RPL_MONOFFLINE, status)):
        assert sum(m.command == code for m in replies) > 1, "the list needed several lines"
    assert sum(m.command == n.RPL_MONLIST for m in listing) > 1
    for msg in added + status + listing:
        assert len(encode(msg)) <= MAX_BODY_BYTES, msg
    assert [i.split("!")[0] for i in _items(status, n.RPL_MONONLINE)] == targets[:25]
    assert _items(status, n.RPL_MONOFFLINE) == offline
    assert _items(listing, n.RPL_MONLIST) == targets


# -- notifications -------------------------------------------------------------------------------


def test_sign_on_and_quit_are_announced(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    carol = irc_client(chat_server, "carol")
    _monitor(alice, "MONITOR + Bob")
    _monitor(carol, "MONITOR + bob")

    bob = connect_registered(chat_server.address, "bob", user="bobby")
    for watcher in (alice, carol):
        online = watcher.expect(n.RPL_MONONLINE)
        assert online.params == (watcher.nick, "bob!bobby@127.0.0.1")

    _leave(bob)
    for watcher in (alice, carol):
        assert watcher.expect(n.RPL_MONOFFLINE).params == (watcher.nick, "bob")


def test_a_dropped_connection_and_a_kill_are_announced(make_chat_server, irc_client):
    server = make_chat_server(operator_password="s3cret")
    alice = irc_client(server, "alice")
    _monitor(alice, "MONITOR + bob,dave")

    bob = connect_registered(server.address, "bob")
    alice.expect(n.RPL_MONONLINE)
    bob.close()  # no QUIT: the connection just goes
    assert alice.expect(n.RPL_MONOFFLINE).params == ("alice", "bob")

    irc_client(server, "dave")
    alice.expect(n.RPL_MONONLINE)
    alice.send("OPER host s3cret")
    alice.expect(n.RPL_YOUREOPER)
    alice.send("KILL dave :enough")
    assert alice.expect(n.RPL_MONOFFLINE).params == ("alice", "dave")


def test_nick_changes_take_one_nick_offline_and_the_other_online(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    _monitor(alice, "MONITOR + qux,bazbat")
    baz = irc_client(chat_server, "baz")
    assert alice.sync() == []  # nobody alice watches came online

    def rename(new: str) -> None:
        """Change baz's nick and wait until the server handled it: whatever alice is owed
        was queued before she can get the PONG of a later PING."""
        baz.send(f"NICK {new}")
        baz.expect(lambda m: m.command == "NICK" and m.params == (new,))

    rename("qux")
    assert alice.expect(n.RPL_MONONLINE).params == ("alice", "qux!tester@127.0.0.1")

    rename("QUX")  # a change of case only: still the same nick to a watcher
    assert alice.sync() == []

    rename("bazbat")
    changes = alice.sync()
    assert [(m.command, m.params) for m in changes] == [
        (n.RPL_MONOFFLINE, ("alice", "QUX")),  # as its user last wrote it
        (n.RPL_MONONLINE, ("alice", "bazbat!tester@127.0.0.1")),
    ]


def test_unmonitored_nicks_are_not_announced(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    carol = irc_client(chat_server, "carol")
    _monitor(alice, "MONITOR + bob")
    _monitor(carol, "MONITOR + bob")
    _monitor(carol, "MONITOR - bob")

    bob = connect_registered(chat_server.address, "bob")
    alice.expect(n.RPL_MONONLINE)
    _leave(bob)
    alice.expect(n.RPL_MONOFFLINE)
    assert carol.sync() == []


def test_a_nick_held_by_an_unregistered_connection_is_offline(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    pending = irc_client(chat_server)
    pending.send("NICK bob")
    pending.sync()

    assert [m.command for m in _monitor(alice, "MONITOR + bob")] == [n.RPL_MONOFFLINE]
    pending.send("USER b 0 * :B")
    assert alice.expect(n.RPL_MONONLINE).params[1].startswith("bob!")


# -- no leaks ------------------------------------------------------------------------------------


def test_nothing_stays_in_the_indexes_after_the_watcher_leaves(chat_server, irc_client):
    hub = chat_server.hub
    alice = irc_client(chat_server, "alice")
    bob = irc_client(chat_server, "bob")
    _monitor(alice, "MONITOR + bob,carol,dave")
    _monitor(bob, "MONITOR + carol")
    with hub.transaction():
        assert len(hub.monitors) == 3
        assert hub.monitors.watching() == 2

    _leave(alice)
    with hub.transaction():
        assert len(hub.monitors) == 1  # only carol, still watched by bob
        assert hub.monitors.watching() == 1

    _monitor(bob, "MONITOR C")
    with hub.transaction():
        assert len(hub.monitors) == 0
        assert hub.monitors.watching() == 0


# -- the registry on its own -----------------------------------------------------------------------


def test_registry_indexes_mirror_each_other():
    registry = MonitorRegistry()
    alice, bob = object(), object()
    assert registry.add(alice, "Qux")  # type: ignore[arg-type]
    assert not registry.add(alice, "QUX")  # type: ignore[arg-type]
    assert registry.add(bob, "qux")  # type: ignore[arg-type]
    assert registry.watchers("qUx") == {alice, bob}
    assert registry.targets(alice) == ["Qux"]  # type: ignore[arg-type]

    registry.remove(alice, "qux")  # type: ignore[arg-type]
    registry.remove(alice, "never")  # type: ignore[arg-type]
    assert registry.watchers("qux") == {bob}
    assert registry.count(alice) == 0  # type: ignore[arg-type]

    registry.forget(bob)  # type: ignore[arg-type]
    assert len(registry) == 0
    assert registry.watching() == 0


# -- extended-monitor (https://ircv3.net/specs/extensions/extended-monitor) ------------------


@pytest.mark.parametrize("watched_caps", [[], ["away-notify"]])
def test_extended_monitor_tells_of_away_changes(chat_server, irc_client, watched_caps):
    foo = irc_client(chat_server, "foo", caps=["extended-monitor", "away-notify"])
    bar = irc_client(chat_server, "bar", caps=watched_caps)
    assert [m.command for m in _monitor(foo, "MONITOR + bar")] == [n.RPL_MONONLINE]
    bar.send("AWAY :afk")
    bar.sync()
    (away,) = foo.sync()
    assert (away.source.split("!")[0], away.command, away.params) == ("bar", "AWAY", ("afk",))
    bar.send("AWAY")
    bar.sync()
    (back,) = foo.sync()
    assert (back.command, back.params) == ("AWAY", ())


@pytest.mark.parametrize("watcher_caps", [[], ["extended-monitor"], ["away-notify"]])
def test_away_changes_need_both_capabilities(chat_server, irc_client, watcher_caps):
    foo = irc_client(chat_server, "foo", caps=watcher_caps)
    bar = irc_client(chat_server, "bar")
    _monitor(foo, "MONITOR + bar")
    bar.send("AWAY :afk")
    bar.sync()
    assert foo.sync() == []


def test_extended_monitor_tells_of_realname_changes_once(chat_server, irc_client):
    foo = irc_client(chat_server, "foo", caps=["extended-monitor", "setname"])
    bar = irc_client(chat_server, "bar", caps=["setname"])
    _monitor(foo, "MONITOR + bar")
    bar.send("SETNAME :new name")
    bar.sync()
    (change,) = foo.sync()
    assert (change.command, change.params) == ("SETNAME", ("new name",))
    # Sharing a channel as well: still one SETNAME, not one per reason to be told.
    foo.join("#lobby")
    bar.join("#lobby")
    foo.sync()
    bar.send("SETNAME :newer name")
    bar.sync()
    assert [(m.command, m.params) for m in foo.sync()] == [("SETNAME", ("newer name",))]
