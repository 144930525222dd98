"""Session messages: channel and private, actions, echo, highlight, server-time, CTCP,
splitting, the queue while disconnected, and numeric errors."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.client.events import (
    ErrorMessage,
    Info,
    MessageKind,
    MessageQueued,
    MessageReceived,
)
from app.irc import MAX_BODY_BYTES, parse
from app.irc.split import SOURCE_RESERVE
from tests.client.harness import SERVER, Harness


@pytest.fixture
def h() -> Harness:
    harness = Harness("alice")
    harness.register()
    harness.clear()
    return harness


def received(h: Harness) -> list[MessageReceived]:
    return h.of(MessageReceived)


def test_channel_message(h):
    h.feed(":bob!b@h PRIVMSG #lobby :hello all")
    (m,) = received(h)
    assert (m.conversation, m.sender, m.text, m.kind) == (
        "#lobby",
        "bob",
        "hello all",
        MessageKind.TEXT,
    )
    assert not (m.is_private or m.is_self or m.highlight)


def test_private_message_goes_to_the_senders_conversation(h):
    h.feed(":bob!b@h PRIVMSG alice :psst")
    (m,) = received(h)
    assert (m.conversation, m.is_private, m.is_self) == ("bob", True, False)


def test_actions_are_decoded_in_both_directions(h):
    h.feed(
        ":bob!b@h PRIVMSG #lobby :\x01ACTION waves\x01", ":bob!b@h PRIVMSG alice :\x01ACTION winks"
    )
    assert [(m.kind, m.text, m.is_private) for m in received(h)] == [
        (MessageKind.ACTION, "waves", False),
        (MessageKind.ACTION, "winks", True),
    ]
    h.clear()
    h.session.submit("#lobby", "/me waves back")
    assert h.sent == ["PRIVMSG #lobby :\x01ACTION waves back\x01"]
    assert received(h)[0].kind is MessageKind.ACTION


def test_notices_from_people_and_from_the_server(h):
    h.feed(":bob!b@h NOTICE alice :note", f":{SERVER} NOTICE alice :*** server notice")
    assert received(h)[0].kind is MessageKind.NOTICE
    assert h.of(Info)[0].text == "*** server notice"


def test_without_echo_message_the_session_echoes_itself(h):
    h.session.submit("bob", "hi bob")
    assert h.sent == ["PRIVMSG bob :hi bob"]
    (m,) = received(h)
    assert (m.conversation, m.sender, m.is_private, m.is_self) == ("bob", "alice", True, True)


def test_with_echo_message_the_server_echo_is_ours():
    h = Harness("alice")
    h.register(caps="echo-message")
    h.clear()
    h.session.submit("#lobby", "/msg bob hi")
    assert received(h) == []
    h.feed(":alice!a@h PRIVMSG bob :hi", ":alice!a@h PRIVMSG #lobby :all")
    assert [(m.conversation, m.is_self, m.is_private) for m in received(h)] == [
        ("bob", True, True),
        ("#lobby", True, False),
    ]


@pytest.mark.parametrize(
    ("text", "highlight"),
    [
        ("alice: hi", True),
        ("hi ALICE!", True),
        ("hey @alice", True),
        ("malice aforethought", False),
        ("alice_ is someone else", False),
        ("alices", False),
        ("nobody here", False),
    ],
)
def test_highlight_is_a_word_and_case_insensitive(h, text, highlight):
    h.feed(f":bob!b@h PRIVMSG #lobby :{text}")
    assert received(h)[0].highlight is highlight


@pytest.mark.parametrize(
    ("nick", "text", "highlight"),
    [
        ("علی", "سلام علی جان", True),
        ("علی", "سلام علیرضا", False),
        ("Ömer", "hi ömer", True),
        ("al[x]", "ping AL{X} now", True),  # rfc1459: [] and {} are the same letters
    ],
)
def test_highlight_follows_the_casemapping(nick, text, highlight):
    h = Harness(nick)
    h.register(isupport="CASEMAPPING=rfc8265" if nick != "al[x]" else "CASEMAPPING=rfc1459")
    h.feed(f":bob!b@h PRIVMSG #lobby :{text}")
    assert received(h)[-1].highlight is highlight


def test_own_messages_never_highlight():
    h = Harness("alice")
    h.register(caps="echo-message")
    h.feed(":alice!a@h PRIVMSG #lobby :alice says hi")
    assert received(h)[0].highlight is False


def test_server_time_tag_sets_the_time(h):
    h.feed("@time=2024-03-01T12:30:45.123Z :bob!b@h PRIVMSG #lobby :then")
    assert received(h)[0].time == datetime(2024, 3, 1, 12, 30, 45, 123000, tzinfo=UTC)


def test_bad_server_time_falls_back_to_now(h):
    before = datetime.now(UTC)
    h.feed("@time=yesterday :bob!b@h PRIVMSG #lobby :then")
    assert received(h)[0].time >= before


@pytest.mark.parametrize(
    ("request_text", "reply_start"),
    [
        ("\x01VERSION\x01", "NOTICE bob :\x01VERSION Gofto "),
        ("\x01PING 12345\x01", "NOTICE bob :\x01PING 12345\x01"),
        ("\x01CLIENTINFO\x01", "NOTICE bob :\x01CLIENTINFO ACTION"),
    ],
)
def test_ctcp_requests_are_answered_by_notice(h, request_text, reply_start):
    h.feed(f":bob!b@h PRIVMSG alice :{request_text}")
    assert len(h.sent) == 1
    assert h.sent[0].startswith(reply_start)
    assert received(h) == []


def test_ctcp_replies_are_never_answered(h):
    h.feed(":bob!b@h NOTICE alice :\x01VERSION OtherClient 1.0\x01")
    assert h.sent == []
    assert "OtherClient" in h.of(Info)[0].text


def test_pasted_lines_become_several_messages(h):
    h.session.submit("#lobby", "one\r\ntwo\n\nthree\n")
    assert h.sent == ["PRIVMSG #lobby one", "PRIVMSG #lobby two", "PRIVMSG #lobby three"]


def test_long_persian_text_is_split_into_lines_that_fit(h):
    text = " ".join(["سلام دوستان، امروز هوا خیلی خوب است و می‌خواهیم به پارک برویم"] * 20)
    h.session.submit("#lobby", text)
    assert len(h.sent) > 1
    pieces = []
    for line in h.sent:
        assert len(line.encode("utf-8")) + 2 + SOURCE_RESERVE + 1 <= MAX_BODY_BYTES
        message = parse(line)
        assert message.params[0] == "#lobby"
        pieces.append(message.params[1])
    assert " ".join(pieces) == text
    assert [m.text for m in received(h)] == pieces


def test_long_action_keeps_its_framing_in_every_piece(h):
    h.session.submit("#lobby", "/me " + "می‌رقصد " * 100)
    assert len(h.sent) > 1
    for line in h.sent:
        assert line.startswith("PRIVMSG #lobby :\x01ACTION ")
        assert line.endswith("\x01")
        assert len(line.encode("utf-8")) + 2 + SOURCE_RESERVE + 1 <= MAX_BODY_BYTES


def test_messages_are_queued_while_disconnected_and_flushed_after_rejoin(h):
    h.join("#other")
    h.session.connection_lost("reset")
    h.clear()
    h.session.submit("#lobby", "first")
    h.session.submit("bob", "second")
    h.session.submit("#lobby", "/me third")
    assert h.sent == []
    assert [e.text for e in h.of(MessageQueued)] == ["first", "second", "third"]
    h.register(join=False)
    assert [line for line in h.sent if line.startswith("JOIN")] == ["JOIN #lobby", "JOIN #other"]
    assert not any(line.startswith("PRIVMSG") for line in h.sent)
    h.clear()
    h.join("#lobby")
    privmsgs = [line for line in h.sent if line.startswith("PRIVMSG")]
    assert privmsgs == [
        "PRIVMSG #lobby first",
        "PRIVMSG bob second",
        "PRIVMSG #lobby :\x01ACTION third\x01",
    ]
    assert [m.text for m in received(h)] == ["first", "second", "third"]


def test_queue_is_flushed_even_when_the_room_cannot_be_joined():
    h = Harness("alice")
    h.session.submit("#lobby", "early")
    h.register(join=False)
    h.clear()
    h.feed(f":{SERVER} 474 alice #lobby :Cannot join channel (+b)")
    assert h.sent == ["PRIVMSG #lobby early"]
    assert h.of(ErrorMessage)[0].code == "474"


@pytest.mark.parametrize(
    ("line", "code", "sentence"),
    [
        (":s 401 alice bob :No such nick", "401", "There is nobody called bob here."),
        (":s 403 alice #nope :No such channel", "403", "There is no channel called #nope."),
        (
            ":s 404 alice #lobby :Cannot send to channel",
            "404",
            "Your message could not be sent to #lobby: Cannot send to channel.",
        ),
        (":s 442 alice #x :You're not on that channel", "442", "You are not in #x; join it first."),
        (
            ":s 482 alice #lobby :You're not channel operator",
            "482",
            "You need to be an operator of #lobby to do that.",
        ),
        (":s 421 alice FOO :Unknown command", "421", "The server does not know the command FOO."),
        (":s 499 alice :Something odd", "499", "The server said: Something odd"),
    ],
)
def test_numeric_errors_become_sentences(h, line, code, sentence):
    h.feed(line)
    (error,) = h.of(ErrorMessage)
    assert (error.code, error.text) == (code, sentence)


def test_channel_errors_are_shown_in_the_channel(h):
    h.feed(":s 404 alice #LOBBY :Cannot send")
    assert h.of(ErrorMessage)[0].conversation == "#lobby"


@pytest.mark.parametrize(
    "line",
    [
        "",
        ":",
        "@",
        ":only-a-source",
        "PRIVMSG",
        "PRIVMSG #lobby",
        ":bob!b@h JOIN",
        ":x 353 alice",
        ":x 005 alice",
        "\x00\x01",
        ":bob!b@h MODE #lobby +oooo",
        ":bob!b@h KICK #lobby",
        "@time= :bob!b@h PRIVMSG alice :\x01",
        "CAP",
        "CAP * LS",
    ],
)
def test_malformed_lines_are_ignored(h, line):
    h.feed(line)
    h.feed(":bob!b@h PRIVMSG #lobby :still alive")
    assert received(h)[-1].text == "still alive"


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", ":bob!b@h ", f":{SERVER} ", "@time=x;a=b :bob!b@h "]),
    st.sampled_from(
        [
            "PRIVMSG",
            "NOTICE",
            "JOIN",
            "PART",
            "KICK",
            "MODE",
            "NICK",
            "QUIT",
            "AWAY",
            "TOPIC",
            "CAP",
            "PING",
            "ERROR",
            "INVITE",
            "001",
            "005",
            "301",
            "315",
            "332",
            "352",
            "353",
            "366",
            "401",
            "433",
            "464",
        ]
    ),
    st.lists(st.text(max_size=30).filter(lambda p: "\n" not in p), max_size=6),
)
def test_any_line_is_handled_without_internal_errors(source, command, params):
    """Whatever the server sends, handlers must not blow up (feed would only log it)."""
    errors = _Errors()
    logger = logging.getLogger("app.client.session")
    logger.addHandler(errors)
    try:
        h = Harness("alice")
        h.register()
        h.feed(source + command + "".join(f" {p}" for p in params))
        h.feed(source + command + " " + " ".join(params[:-1]) + " :" + "".join(params[-1:]))
    finally:
        logger.removeHandler(errors)
    assert errors.records == []
