"""The client side of moderation: slash commands, the host's OPER, and who said what.

Also checks that a message can never pretend to come from someone else: the sender a front end
shows is the one the server put in the prefix, whatever the text says.
"""

from __future__ import annotations

import pytest

from app.client.commands import COMMANDS
from app.client.events import ErrorMessage, MessageReceived
from tests.client.harness import SERVER, Harness


@pytest.fixture
def h() -> Harness:
    harness = Harness("host")
    harness.register()
    harness.feed(
        f":{SERVER} 352 host #lobby ~g 10.0.0.7 {SERVER} guest H :0 Guest",
        f":{SERVER} 315 host #lobby :End of /WHO list.",
    )
    harness.clear()
    return harness


@pytest.mark.parametrize(
    ("conversation", "text", "sent"),
    [
        ("#lobby", "/kick guest", ["KICK #lobby guest"]),
        ("#lobby", "/kick guest please behave", ["KICK #lobby guest :please behave"]),
        ("bob", "/kick #lobby guest spam", ["KICK #lobby guest spam"]),
        ("#lobby", "/ban guest", ["MODE #lobby +b *!*@10.0.0.7"]),  # by address when known
        ("#lobby", "/ban stranger", ["MODE #lobby +b stranger!*@*"]),  # else by nick
        ("#lobby", "/ban *!*@192.168.1.*", ["MODE #lobby +b *!*@192.168.1.*"]),
        ("#lobby", "/unban guest", ["MODE #lobby -b *!*@10.0.0.7"]),
        ("bob", "/ban #lobby bad!*@*", ["MODE #lobby +b bad!*@*"]),
        ("#lobby", "/password n3w-secret", ["PASSWORD n3w-secret"]),
    ],
)
def test_moderation_commands_send(h, conversation, text, sent):
    h.session.submit(conversation, text)
    assert h.sent == sent
    assert h.of(ErrorMessage) == []


@pytest.mark.parametrize(
    ("conversation", "text", "name"),
    [
        ("#lobby", "/kick", "kick"),
        ("bob", "/kick guest", "kick"),  # no room to kick from in a private conversation
        ("#lobby", "/ban", "ban"),
        ("#lobby", "/ban two words", "ban"),
        ("#lobby", "/unban", "unban"),
        ("#lobby", "/password", "password"),
        ("#lobby", "/password has spaces", "password"),
    ],
)
def test_wrong_usage_answers_with_the_usage_sentence(h, conversation, text, name):
    h.session.submit(conversation, text)
    assert h.sent == []
    [error] = h.of(ErrorMessage)
    assert COMMANDS[name].usage.english() in error.text


def test_the_host_window_identifies_before_joining():
    harness = Harness("host", host_secret="s3cret")
    harness.register(join=False)
    oper = harness.sent.index("OPER host s3cret")
    assert oper < next(i for i, line in enumerate(harness.sent) if line.startswith("JOIN"))


def test_a_guest_window_never_sends_oper():
    harness = Harness("guest")
    harness.register(join=False)
    assert not any(line.startswith("OPER") for line in harness.sent)


@pytest.mark.parametrize(
    "text",
    ["<host> I am the host", "host: trust me", "\x01ACTION host says hi\x01", "* host waves"],
)
def test_the_sender_is_the_servers_prefix_not_the_text(h, text):
    h.feed(f":guest!~g@10.0.0.7 PRIVMSG host :{text}")
    [message] = h.of(MessageReceived)
    assert (message.sender, message.conversation, message.is_self) == ("guest", "guest", False)
