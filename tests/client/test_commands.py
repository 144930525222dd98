"""Slash commands typed into a conversation: what goes on the wire, what the user reads."""

from __future__ import annotations

import pytest

from app.client.events import ErrorMessage, Info, MessageQueued, PrivateRequested, QuitRequested
from app.client.session import Session
from tests.client.harness import SERVER, Harness


@pytest.fixture
def h() -> Harness:
    harness = Harness("alice")
    harness.register()
    harness.clear()
    return harness


@pytest.mark.parametrize(
    ("conversation", "text", "sent"),
    [
        ("#lobby", "/msg bob hi there", ["PRIVMSG bob :hi there"]),
        ("#lobby", "/MSG bob hi", ["PRIVMSG bob hi"]),
        ("#lobby", "/msg #other hi", ["PRIVMSG #other hi"]),
        ("#lobby", "/query bob", []),
        ("#lobby", "/query bob hi there", ["PRIVMSG bob :hi there"]),
        ("bob", "/me nods", ["PRIVMSG bob :\x01ACTION nods\x01"]),
        ("#lobby", "/nick alicia", ["NICK alicia"]),
        ("#lobby", "/join #persian", ["JOIN #persian"]),
        ("#lobby", "/join persian", ["JOIN #persian"]),
        ("#lobby", "/join #secret key123", ["JOIN #secret key123"]),
        ("#lobby", "/part", ["PART #lobby"]),
        ("#lobby", "/part see you later", ["PART #lobby :see you later"]),
        ("bob", "/part #lobby bye", ["PART #lobby bye"]),
        ("#lobby", "/topic Tea at five", ["TOPIC #lobby :Tea at five"]),
        ("#lobby", "/away lunch break", ["AWAY :lunch break"]),
        ("#lobby", "/away", ["AWAY"]),
        ("#lobby", "/who", ["WHO #lobby"]),
        ("#lobby", "/who bob", ["WHO bob"]),
        ("#lobby", "/whois bob", ["WHOIS bob"]),
        ("#lobby", "/release reza", ["RELEASE reza"]),
        ("#lobby", "/quit gone home", ["QUIT :gone home"]),
        ("#lobby", "/raw MODE #lobby +t", ["MODE #lobby +t"]),
        ("#lobby", "//slash at the start", ["PRIVMSG #lobby :/slash at the start"]),
        ("#lobby", "/help", []),
        ("#lobby", "/topic", []),
    ],
)
def test_command_sends(h, conversation, text, sent):
    h.session.submit(conversation, text)
    assert h.sent == sent
    assert h.of(ErrorMessage) == []


@pytest.mark.parametrize(
    ("conversation", "text", "usage"),
    [
        ("#lobby", "/msg", "/msg NICK TEXT"),
        ("#lobby", "/msg bob", "/msg NICK TEXT"),
        ("#lobby", "/msg bob    ", "/msg NICK TEXT"),
        ("#lobby", "/me", "/me TEXT"),
        ("#lobby", "/nick", "/nick NEWNICK"),
        ("#lobby", "/nick two words", "/nick NEWNICK"),
        ("#lobby", "/join", "/join #ROOM [KEY]"),
        ("#lobby", "/join #a b c", "/join #ROOM [KEY]"),
        ("bob", "/part", "/part [#ROOM] [REASON]"),
        ("bob", "/topic hello", "/topic [TEXT]"),
        ("#lobby", "/whois", "/whois NICK"),
        ("#lobby", "/release", "/release NICK"),
        ("#lobby", "/query", "/query NICK [TEXT]"),
        ("#lobby", "/query   ", "/query NICK [TEXT]"),
        ("#lobby", "/whois a b", "/whois NICK"),
        ("#lobby", "/raw", "/raw LINE"),
    ],
)
def test_wrong_usage_answers_with_a_usage_sentence(h, conversation, text, usage):
    h.session.submit(conversation, text)
    assert h.sent == []
    (error,) = h.of(ErrorMessage)
    assert error.text.startswith(f"Usage: {usage} — ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/frobnicate now", "Unknown command /frobnicate; type /help for the list."),
        ("/", "Unknown command /; type /help for the list."),
        ("/nick 9lives", "A nickname cannot start with a digit or a dash."),
        ("/nick a,b", "A nickname cannot contain “,”."),
        ("/join #a\x07b", "“#a\x07b” is not a valid channel name."),
        ("/raw :::", "That is not a valid IRC line: no command."),
        ("/query #lobby", "#lobby is a room, not a person: /join #lobby to talk there."),
        ("/query ALICE hi", "That is you: a private conversation needs someone else."),
    ],
)
def test_bad_input_is_refused_with_a_sentence(h, text, message):
    h.session.submit("#lobby", text)
    assert h.sent == []
    assert [e.text for e in h.of(ErrorMessage)] == [message]


def test_help_lists_every_command(h):
    h.session.submit("#lobby", "/help")
    lines = [e.text for e in h.of(Info)]
    for usage, _description in Session.command_help():
        assert any(line.startswith(usage) for line in lines)
    assert ("/msg NICK TEXT", "send a private message") in Session.command_help()


def test_quit_emits_quit_requested_and_stops_reconnecting(h):
    h.session.submit("#lobby", "/quit")
    assert h.sent == ["QUIT Leaving"]
    assert h.of(QuitRequested) == [QuitRequested("Leaving")]
    h.session.connection_lost("closed")
    assert h.events[-1].will_reconnect is False


def test_topic_without_text_shows_the_current_topic(h):
    h.feed(f":{SERVER} 332 alice #lobby :Persian lessons")
    h.clear()
    h.session.submit("#lobby", "/topic")
    assert [e.text for e in h.of(Info)] == ["The topic of #lobby is: Persian lessons"]


def test_who_and_whois_replies_become_info_lines(h):
    h.session.submit("#lobby", "/who #lobby")
    h.session.submit("#lobby", "/whois bob")
    h.clear()
    h.feed(
        f":{SERVER} 352 alice #lobby ~b example.org {SERVER} bob G :0 Bob Builder",
        f":{SERVER} 315 alice #lobby :End of WHO list",
        f":{SERVER} 311 alice bob ~b example.org * :Bob Builder",
        f":{SERVER} 301 alice bob :fixing it",
        f":{SERVER} 319 alice bob :@#lobby",
        f":{SERVER} 313 alice bob :is an IRC operator (the host of this chat)",
        f":{SERVER} 313 alice bob",
        f":{SERVER} 318 alice bob :End of WHOIS list",
    )
    assert [e.text for e in h.of(Info)] == [
        "bob (~b@example.org) in #lobby is away — Bob Builder",
        "End of /who #lobby",
        "bob is ~b@example.org (Bob Builder)",
        "bob is away: fixing it",
        "bob is in @#lobby",
        "bob is an IRC operator (the host of this chat)",  # the server's words
        "bob is a server operator",
        "End of /whois bob",
    ]


def test_commands_while_disconnected():
    h = Harness("alice")
    h.session.submit("#lobby", "/nick alicia")
    h.session.submit("#lobby", "/join #later")
    h.session.submit("#lobby", "/whois bob")
    h.session.submit("#lobby", "/msg bob queued")
    assert h.sent == []
    assert h.of(MessageQueued) == [MessageQueued("bob", "queued", h.of(MessageQueued)[0].time)]
    assert "not connected" in h.of(ErrorMessage)[0].text
    h.register(join=False)
    assert "NICK alicia" in h.sent
    assert [line for line in h.sent if line.startswith("JOIN")] == ["JOIN #lobby", "JOIN #later"]


def test_open_private_is_the_conversation_name(h):
    assert h.session.open_private("bob") == "bob"
    h.session.submit("bob", "hello")
    assert h.sent == ["PRIVMSG bob hello"]


def test_query_asks_the_front_end_to_show_the_private_conversation(h):
    h.session.submit("#lobby", "/query bob")
    assert h.of(PrivateRequested) == [PrivateRequested("bob")]
    h.session.submit("#lobby", "/query bob and a word")
    assert h.of(PrivateRequested) == [PrivateRequested("bob"), PrivateRequested("bob")]
    assert h.sent == ["PRIVMSG bob :and a word"]
