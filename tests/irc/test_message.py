"""Parsing and formatting single lines, including the properties that keep lines safe."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.irc import MAX_BODY_BYTES, FormatError, Message, ParseError, parse
from app.irc.message import body_length, decode, escape_tag_value, unescape_tag_value

# --- strategies --------------------------------------------------------------------------------
_text = st.text(st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",)))
_middle = _text.filter(lambda p: p and " " not in p and not p.startswith(":"))
_key = st.from_regex(r"\A\+?([a-z0-9]{1,8}\.[a-z]{2,4}/)?[A-Za-z0-9\-]{1,12}\Z")
_source = st.from_regex(r"\A[A-Za-z][A-Za-z0-9]{0,8}(![a-z~]{1,8}@[a-z0-9.]{1,20})?\Z")
_command = st.one_of(st.from_regex(r"\A[A-Z]{1,10}\Z"), st.from_regex(r"\A[0-9]{3}\Z"))


@st.composite
def messages(draw: st.DrawFn) -> Message:
    params = draw(st.lists(_middle, max_size=6))
    if draw(st.booleans()):
        params.append(draw(_text))
    tags = draw(st.dictionaries(_key, _text, max_size=4))
    source = draw(st.none() | _source)
    return Message(draw(_command), tuple(params), source, tags)


@given(messages())
def test_parse_inverts_format(message: Message) -> None:
    assert parse(message.format()) == message


@given(st.binary(max_size=600))
def test_parser_raises_only_its_own_error_on_arbitrary_bytes(data: bytes) -> None:
    try:
        message = parse(decode(data))
    except ParseError:
        return
    # Whatever parsed must format back to a single safe line.
    line = message.format()
    assert "\r" not in line and "\n" not in line and "\0" not in line


@given(_text)
def test_tag_escaping_round_trips(value: str) -> None:
    escaped = escape_tag_value(value)
    assert ";" not in escaped and " " not in escaped
    assert unescape_tag_value(escaped) == value


# --- examples --------------------------------------------------------------------------------
def test_tags_source_command_params_and_trailing() -> None:
    message = parse(
        "@time=2026-11-25T10:00:00.000Z;+draft/reply=a\\sb :ali!u@h PRIVMSG #lobby :سلام دنیا"
    )
    assert message.tags == {"time": "2026-11-25T10:00:00.000Z", "+draft/reply": "a b"}
    assert message.source == "ali!u@h"
    assert message.command == "PRIVMSG"
    assert message.params == ("#lobby", "سلام دنیا")


def test_command_is_upper_cased_and_crlf_ignored() -> None:
    assert parse("privmsg #a :hi\r\n") == Message("PRIVMSG", ("#a", "hi"))


@pytest.mark.parametrize(
    "line",
    ["", "   ", ":onlysource", "@tag", "PRIV!MSG x", "12 x", "1234", ": PRIVMSG x", "A\0B", "A\rB"],
)
def test_malformed_lines_raise_parse_error(line: str) -> None:
    with pytest.raises(ParseError):
        parse(line)


@pytest.mark.parametrize(
    "message",
    [
        Message("PRIVMSG", ("#a", "line\r\nQUIT :bye")),
        Message("PRIVMSG", ("#a", "nul\0byte")),
        Message("PRIVMSG", ("two words", "x")),
        Message("PRIVMSG", (":colon", "x")),
        Message("PRIVMSG", ("", "x")),
        Message("PRIV MSG", ()),
        Message("PRIVMSG", ("#a",), source="a b"),
        Message("PRIVMSG", ("#a",), tags={"bad key": "x"}),
    ],
)
def test_format_refuses_what_would_break_framing(message: Message) -> None:
    with pytest.raises(FormatError):
        message.format()


def test_last_param_gets_a_colon_only_when_needed() -> None:
    assert Message("JOIN", ("#a",)).format() == "JOIN #a"
    assert Message("PRIVMSG", ("#a", "hi there")).format() == "PRIVMSG #a :hi there"
    assert Message("PRIVMSG", ("#a", ":)")).format() == "PRIVMSG #a ::)"
    assert Message("AWAY", ("",)).format() == "AWAY :"


def test_encode_appends_crlf_and_utf8() -> None:
    assert Message("PRIVMSG", ("#a", "é")).encode() == "PRIVMSG #a é\r\n".encode()


def test_decode_replaces_invalid_utf8() -> None:
    assert decode(b"PRIVMSG #a :\xff\xfe ok") == "PRIVMSG #a :\ufffd\ufffd ok"


def test_body_length_separates_tags_from_body() -> None:
    raw = b"@" + b"a" * 100 + b" PRIVMSG #a :" + b"x" * (MAX_BODY_BYTES - 15) + b"\r\n"
    tags, body = body_length(raw)
    assert tags == 102
    assert body == len(b"PRIVMSG #a :") + (MAX_BODY_BYTES - 15) + 2
    assert body_length(b"PING x\r\n") == (0, 8)
