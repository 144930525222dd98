"""Bot mode (https://ircv3.net/specs/extensions/bot-mode): ``BOT=B``, user mode ``+B``,
WHOIS 335, the WHO flag and the ``bot`` tags on what a bot says."""

from __future__ import annotations

import pytest

from app.irc import numerics as n
from app.irc.isupport import parse_isupport

BOT_TAGS = {"bot": "", "draft/bot": ""}


@pytest.fixture
def bot(chat_server, irc_client):
    """A registered client that set itself ``+B``, in #lobby."""
    client = irc_client(chat_server, "robot")
    client.send("MODE robot +B")
    change = client.expect("MODE")
    assert change.params == ("robot", "+B")
    client.join("#lobby")
    return client


def test_bot_token_and_self_set_mode(chat_server, irc_client, bot):
    lines = irc_client(chat_server).register("alice")
    tokens = parse_isupport(t for m in lines if m.command == "005" for t in m.params[1:-1])
    assert tokens["BOT"] == "B"
    (myinfo,) = [m for m in lines if m.command == n.RPL_MYINFO]
    assert "B" in myinfo.params[3]
    bot.send("MODE robot")
    assert bot.expect(n.RPL_UMODEIS).params[1] == "+B"
    bot.send("MODE robot -B")
    assert bot.expect("MODE").params == ("robot", "-B")
    bot.send("MODE robot")
    assert bot.expect(n.RPL_UMODEIS).params[1] == "+"


def test_whois_says_bot_with_335_and_only_for_bots(chat_server, irc_client, bot):
    alice = irc_client(chat_server, "alice")
    alice.send("WHOIS robot")
    lines = alice.collect_until(n.RPL_ENDOFWHOIS)
    (whoisbot,) = [m for m in lines if m.command == n.RPL_WHOISBOT]
    assert whoisbot.params[:2] == ("alice", "robot") and whoisbot.params[2]
    alice.send("WHOIS alice")
    assert not [m for m in alice.collect_until(n.RPL_ENDOFWHOIS) if m.command == "335"]


def test_who_flags_carry_the_bot_letter(chat_server, irc_client, bot):
    alice = irc_client(chat_server, "alice")
    alice.join("#lobby")
    alice.send("WHO #lobby")
    flags = {
        m.params[5]: m.params[6] for m in alice.collect_until(n.RPL_ENDOFWHO) if m.command == "352"
    }
    assert flags == {"robot": "H@B", "alice": "H"}
    alice.send("WHO robot")
    assert alice.expect(n.RPL_WHOREPLY).params[6] == "HB"


@pytest.mark.parametrize("command", ["PRIVMSG", "NOTICE"])
def test_bot_messages_are_tagged_for_message_tags_clients(chat_server, irc_client, bot, command):
    tagged = irc_client(chat_server, "alice", caps=["message-tags"])
    plain = irc_client(chat_server, "bob")
    for client in (tagged, plain):
        client.join("#lobby")
    bot.sync()
    bot.send(f"{command} #lobby :beep boop")
    bot.send(f"{command} alice :beep")
    for target in ("#lobby", "alice"):
        got = tagged.expect(command)
        assert got.params[0] == target
        assert {key: got.tags[key] for key in BOT_TAGS} == BOT_TAGS and "msgid" in got.tags
    assert plain.expect(command).tags == {}
    bot.send("@+typing=active TAGMSG #lobby")
    assert tagged.expect("TAGMSG").tags.keys() == {"+typing", "msgid", *BOT_TAGS}


def test_people_are_not_tagged_as_bots(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["message-tags"])
    bob = irc_client(chat_server, "bob")
    bob.send("PRIVMSG alice :just me")
    assert alice.expect("PRIVMSG").tags.keys() == {"msgid"}


def test_other_commands_from_a_bot_are_tagged_too(chat_server, irc_client, bot):
    alice = irc_client(chat_server, "alice", caps=["message-tags", "setname"])
    alice.join("#lobby")
    alice.join("#other")
    bot.send("JOIN #other")
    got = alice.expect("JOIN")
    # Every relayed event carries its msgid (message-ids) besides the bot tags.
    assert got.params == ("#other",) and dict(got.tags) == {**BOT_TAGS, "msgid": got.tags["msgid"]}
    bot.send("SETNAME :Beep Boop")
    got = alice.expect("SETNAME")
    assert got.params == ("Beep Boop",)
    assert dict(got.tags) == {**BOT_TAGS, "msgid": got.tags["msgid"]}
    bot.send("QUIT :done")
    got = alice.expect("QUIT")
    assert dict(got.tags) == {**BOT_TAGS, "msgid": got.tags["msgid"]}
