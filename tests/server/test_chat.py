"""Group chat, private messages and everyone's view of the room, with 2, 10 and 100 clients."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from tests.server.helpers import IrcTestClient, connect_registered


@pytest.fixture
def crowd(chat_server):
    """``crowd(count)`` → that many registered clients, all joined to #lobby; closed after."""
    made: list[IrcTestClient] = []

    def make(count: int) -> list[IrcTestClient]:
        clients = [connect_registered(chat_server.address, f"user{i}") for i in range(count)]
        made.extend(clients)
        for client in clients:
            client.join("#lobby")
        for client in clients:
            client.sync()  # swallow the JOINs of those who came later
        return clients

    yield make
    for client in made:
        client.close()


def _raw_names(client: IrcTestClient, channel: str = "#lobby") -> set[str]:
    client.send(f"NAMES {channel}")
    lines = client.collect_until(n.RPL_ENDOFNAMES)
    return {name for m in lines if m.command == n.RPL_NAMREPLY for name in m.params[-1].split()}


def _names(client: IrcTestClient, channel: str = "#lobby") -> set[str]:
    return {name.lstrip("@+") for name in _raw_names(client, channel)}


@pytest.mark.parametrize("count", [2, 10, 100])
def test_group_chat_reaches_everyone_once_in_order(crowd, count):
    clients = crowd(count)
    per_sender = 3 if count <= 10 else 1
    for round_ in range(per_sender):
        for index, client in enumerate(clients):
            client.send(f"PRIVMSG #lobby :msg {round_} from {index}")
    for index, client in enumerate(clients):
        got = [m for m in client.sync() if m.command == "PRIVMSG"]
        # sync() only covers this client's own commands, so read the rest explicitly.
        expected = (count - 1) * per_sender
        while len(got) < expected:
            got.append(client.expect("PRIVMSG"))
        assert len(got) == expected
        by_sender: dict[str, list[str]] = {}
        for m in got:
            assert m.params[0] == "#lobby"
            by_sender.setdefault(m.source.split("!")[0], []).append(m.params[1])
        assert f"user{index}" not in by_sender  # no echo without echo-message
        for sender, texts in by_sender.items():
            number = sender.removeprefix("user")
            assert texts == [f"msg {r} from {number}" for r in range(per_sender)]
    for client in clients:
        assert not [m for m in client.sync() if m.command == "PRIVMSG"]  # nothing extra


def test_private_message_reaches_only_its_target(crowd):
    alice, bob, carol = crowd(3)
    alice.send("PRIVMSG user1 :just for you")
    got = bob.expect("PRIVMSG")
    assert got.source == "user0!tester@127.0.0.1"
    assert got.params == ("user1", "just for you")
    assert not [m for m in carol.sync() if m.command == "PRIVMSG"]
    assert not [m for m in alice.sync() if m.command == "PRIVMSG"]


def test_multiple_targets_and_notice(crowd):
    alice, bob, carol = crowd(3)
    alice.send("PRIVMSG user1,user2 :both")
    assert bob.expect("PRIVMSG").params[-1] == "both"
    assert carol.expect("PRIVMSG").params[-1] == "both"
    alice.send("NOTICE #lobby :heads up")
    assert bob.expect("NOTICE").params == ("#lobby", "heads up")
    assert carol.expect("NOTICE").params == ("#lobby", "heads up")


def test_notice_never_gets_errors(crowd):
    (alice,) = crowd(1)
    alice.send("NOTICE nobody :hi")
    alice.send("NOTICE #nowhere :hi")
    alice.send("NOTICE")
    alice.send("NOTICE nobody")
    assert not [m for m in alice.sync() if m.command[0].isdigit()]


def test_join_part_quit_nick_keep_views_right(crowd, chat_server):
    clients = crowd(10)
    expected = {f"user{i}" for i in range(10)}
    for client in clients:
        assert _names(client) == expected
    # Each actor waits for its own command to take effect, so observers see them in order.
    clients[3].send("PART #lobby :bye now")
    clients[3].sync()
    clients[4].send("NICK renamed")
    clients[4].sync()
    clients[5].send("QUIT :gone")
    clients[5].read_until_closed()
    expected -= {"user3", "user4", "user5"}
    expected.add("renamed")
    for index in (0, 9):
        seen = clients[index]
        part = seen.expect("PART")
        assert part.source.startswith("user3!") and part.params == ("#lobby", "bye now")
        nick = seen.expect("NICK")
        assert nick.source.startswith("user4!") and nick.params == ("renamed",)
        quit_ = seen.expect("QUIT")
        assert quit_.source.startswith("user5!") and quit_.params == ("Quit: gone",)
        assert _names(seen) == expected
    assert any(m.command == "NICK" and m.params == ("renamed",) for m in clients[4].received)
    clients[6].close()  # vanishes without QUIT
    quit_ = clients[0].expect("QUIT")
    assert quit_.source.startswith("user6!")
    assert _names(clients[0]) == expected - {"user6"}


def test_nick_change_is_sent_once_to_each_peer(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    bob = irc_client(chat_server, "bob")
    for client in (alice, bob):
        client.join("#one")
        client.join("#two")
    alice.sync()
    alice.send("NICK alicia")
    bob.expect("NICK")
    assert not [m for m in bob.sync() if m.command == "NICK"]
    assert alice.expect("NICK").source.startswith("alice!")
    assert not [m for m in alice.sync() if m.command == "NICK"]


def test_join_reply_order_topic_and_op(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    lines = alice.join("#lobby")
    assert [m.command for m in lines] == ["JOIN", "353", "366"]
    assert lines[1].params[-1] == "@alice"
    alice.send("TOPIC #lobby :Hello world")
    assert alice.expect("TOPIC").params == ("#lobby", "Hello world")
    bob = irc_client(chat_server, "bob")
    lines = bob.join("#lobby")
    assert [m.command for m in lines] == ["JOIN", "332", "333", "353", "366"]
    assert lines[1].params[-1] == "Hello world"
    assert lines[2].params[2].startswith("alice")
    assert set(lines[3].params[-1].split()) == {"@alice", "bob"}


def test_several_channels_in_one_join_and_join_zero(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    alice.send("JOIN #a,#b,&c")
    joined = [alice.expect("JOIN").params[0] for _ in range(3)]
    assert joined == ["#a", "#b", "&c"]
    alice.send("JOIN 0")
    parted = {alice.expect("PART").params[0] for _ in range(3)}
    assert parted == {"#a", "#b", "&c"}
    alice.send("LIST")
    lines = alice.collect_until(n.RPL_LISTEND)
    assert not [m for m in lines if m.command == n.RPL_LIST]


def test_echo_message_and_server_time(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["echo-message", "server-time"])
    bob = irc_client(chat_server, "bob")
    alice.join("#lobby")
    bob.join("#lobby")
    alice.send("PRIVMSG #lobby :echoed")
    echo = alice.expect("PRIVMSG")
    assert echo.params == ("#lobby", "echoed") and "time" in echo.tags
    plain = bob.expect("PRIVMSG")
    assert plain.params == ("#lobby", "echoed") and not plain.tags


def test_message_tags_are_relayed_only_to_those_who_asked(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["message-tags"])
    bob = irc_client(chat_server, "bob", caps=["message-tags"])
    carol = irc_client(chat_server, "carol")
    for client in (alice, bob, carol):
        client.join("#lobby")
    alice.sync()
    bob.sync()
    alice.send("@+draft/reply=abc;+example.com/x=1;secret=no PRIVMSG #lobby :tagged")
    got = bob.expect("PRIVMSG")
    msgid = got.tags.pop("msgid")
    assert got.tags == {"+draft/reply": "abc", "+example.com/x": "1"}
    alice.send("PRIVMSG #lobby :another")
    assert bob.expect("PRIVMSG").tags["msgid"] != msgid
    assert carol.expect("PRIVMSG").tags == {}
    alice.send("@+typing=active TAGMSG #lobby")
    assert bob.expect("TAGMSG").tags.keys() == {"+typing", "msgid"}
    assert not [m for m in carol.sync() if m.command == "TAGMSG"]


def test_multi_prefix_in_names_and_who(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["multi-prefix"])
    alice.join("#lobby")
    alice.send("MODE #lobby +v alice")
    alice.expect("MODE")
    assert _raw_names(alice) == {"@+alice"}
    alice.send("WHO #lobby")
    who = alice.expect(n.RPL_WHOREPLY)
    assert who.params[6] == "H@+"
    bob = irc_client(chat_server, "bob")
    bob.join("#lobby")
    bob.send("NAMES #lobby")
    names = bob.expect(n.RPL_NAMREPLY).params[-1].split()
    assert "@alice" in names


def test_away_replies_and_away_notify(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["away-notify"])
    bob = irc_client(chat_server, "bob")
    alice.join("#lobby")
    bob.join("#lobby")
    bob.send("AWAY :at lunch")
    bob.expect(n.RPL_NOWAWAY)
    note = alice.expect("AWAY")
    assert note.source.startswith("bob!") and note.params == ("at lunch",)
    alice.send("PRIVMSG bob :hi")
    away = alice.expect(n.RPL_AWAY)
    assert away.params[1:] == ("bob", "at lunch")
    alice.send("WHO #lobby")
    flags = {
        m.params[5]: m.params[6] for m in alice.collect_until(n.RPL_ENDOFWHO) if m.command == "352"
    }
    assert flags == {"alice": "H@", "bob": "G"}
    bob.send("AWAY")
    bob.expect(n.RPL_UNAWAY)
    assert alice.expect("AWAY").params == ()


def test_whois(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    bob = irc_client(chat_server, "bob")
    bob.join("#lobby")
    bob.send("AWAY :busy")
    bob.expect(n.RPL_NOWAWAY)
    alice.send("WHOIS bob")
    lines = alice.collect_until(n.RPL_ENDOFWHOIS)
    codes = [m.command for m in lines if m.command[0].isdigit()]
    assert codes == ["311", "319", "312", "301", "317", "318"]
    assert lines[0].params[1:5] == ("bob", "tester", "127.0.0.1", "*")
    alice.send("WHOIS nobody")
    assert [m.command for m in alice.collect_until(n.RPL_ENDOFWHOIS)] == ["401", "318"]


def test_topic_rules_and_kick(chat_server, irc_client):
    op = irc_client(chat_server, "op")
    pleb = irc_client(chat_server, "pleb")
    op.join("#lobby")
    pleb.join("#lobby")
    pleb.send("TOPIC #lobby :mine")
    pleb.expect(n.ERR_CHANOPRIVSNEEDED)
    pleb.send("KICK #lobby op")
    pleb.expect(n.ERR_CHANOPRIVSNEEDED)
    pleb.send("TOPIC #lobby")
    pleb.expect(n.RPL_NOTOPIC)
    op.send("KICK #lobby pleb :behave")
    kick = pleb.expect("KICK")
    assert kick.params == ("#lobby", "pleb", "behave")
    assert op.expect("KICK").params == ("#lobby", "pleb", "behave")
    pleb.send("PRIVMSG #lobby :let me in")
    pleb.expect(n.ERR_CANNOTSENDTOCHAN)


def test_channel_modes_bans_keys_and_queries(chat_server, irc_client):
    op = irc_client(chat_server, "op")
    other = irc_client(chat_server, "other")
    op.join("#lobby")
    op.send("MODE #lobby")
    assert op.expect(n.RPL_CHANNELMODEIS).params[2] == "+nt"
    op.expect(n.RPL_CREATIONTIME)
    op.send("MODE #lobby b")
    op.expect(n.RPL_ENDOFBANLIST)
    op.send("MODE #lobby +b other")
    assert op.expect("MODE").params == ("#lobby", "+b", "other!*@*")
    other.send("JOIN #lobby")
    other.expect(n.ERR_BANNEDFROMCHAN)
    op.send("MODE #lobby -b+k other!*@* secret")
    assert op.expect("MODE").params == ("#lobby", "-b+k", "other!*@*", "secret")
    other.send("JOIN #lobby")
    other.expect(n.ERR_BADCHANNELKEY)
    other.send("JOIN #lobby secret")
    other.expect(n.RPL_ENDOFNAMES)
    op.send("MODE other")
    op.expect(n.ERR_USERSDONTMATCH)
    op.send("MODE op")
    assert op.expect(n.RPL_UMODEIS).params[1] == "+"
    op.send("MODE #lobby +X")
    op.expect(n.ERR_UNKNOWNMODE)
    other.send("MODE #lobby +m")
    other.expect(n.ERR_CHANOPRIVSNEEDED)


def test_userhost_ison_lusers_version_time_list(chat_server, irc_client):
    alice = irc_client(chat_server, "alice")
    irc_client(chat_server, "bob")
    alice.send("USERHOST bob nobody")
    assert alice.expect(n.RPL_USERHOST).params[-1] == "bob=+tester@127.0.0.1"
    alice.send("ISON bob nobody ALICE")
    assert alice.expect(n.RPL_ISON).params[-1] == "bob alice"
    alice.send("LUSERS")
    assert "2 users" in alice.expect(n.RPL_LUSERCLIENT).params[-1]
    alice.send("VERSION")
    alice.expect(n.RPL_VERSION)
    alice.send("TIME")
    alice.expect(n.RPL_TIME)
    alice.join("#lobby")
    alice.send("LIST")
    listed = [m for m in alice.collect_until(n.RPL_LISTEND) if m.command == n.RPL_LIST]
    assert [m.params[1:3] for m in listed] == [("#lobby", "1")]


def test_lusers_follows_invisible_users_and_the_host(make_chat_server, irc_client):
    server = make_chat_server(operator_password="sesame")
    alice = irc_client(server, "alice")
    bob = irc_client(server, "bob")

    def counts() -> tuple[str, str]:
        alice.send("LUSERS")
        client = alice.expect(n.RPL_LUSERCLIENT).params[-1]
        operators = alice.expect(n.RPL_LUSEROP).params[1]
        return client, operators

    assert counts() == ("There are 2 users and 0 invisible on 1 servers", "0")
    bob.send("MODE bob +i")
    bob.expect("MODE")
    alice.send("OPER host sesame")
    alice.expect(n.RPL_YOUREOPER)
    assert counts() == ("There are 1 users and 1 invisible on 1 servers", "1")
    alice.send("MODE alice -o+i")
    alice.expect("MODE")
    assert counts() == ("There are 0 users and 2 invisible on 1 servers", "0")
    bob.send("QUIT")
    bob.read_until_closed()
    assert counts() == ("There are 0 users and 1 invisible on 1 servers", "0")
