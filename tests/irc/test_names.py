"""Nick and channel validation and the UTF-8 case mapping."""

from __future__ import annotations

import pytest

from app.irc import fold, is_channel, nick_problem, same_name, valid_channel, valid_nick
from app.irc.isupport import parse_isupport, parse_prefix


@pytest.mark.parametrize(
    "nick",
    ["alice", "Ali_[away]", "علی", "می‌خواهم", "Zoë", "a" * 30, "x-1", "a{b}|c^`\\d", "Ωmega"],
)
def test_valid_nicks(nick: str) -> None:
    assert valid_nick(nick), nick_problem(nick)


#: Invalid nicks and a word of the English sentence that says why (the sentence itself is the
#: client catalogue's: tests/client/test_catalogue.py checks the words).
INVALID_NICKS = [
    ("", "empty"),
    ("a" * 31, "at most"),
    ("a b", "space"),
    ("a,b", "“,”"),
    ("a*", "“*”"),
    ("a?", "“?”"),
    ("a!b", "“!”"),
    ("a@b", "“@”"),
    ("#chan", "start"),
    ("&x", "start"),
    (":x", "start"),
    ("1abc", "digit"),
    ("a\x01b", "control"),
    ("a\u200bb", "invisible"),
    ("\u200cali", "start"),
    # RFC 2812's grammar within ASCII: no dot (a server's name has one), no slash, quote…
    ("gofto.local", "“.”"),
    ("a/b", "“/”"),
    ("o'neil", "“'”"),
    ("a~b", "“~”"),
    ("a=b", "“=”"),
    ("a\U0001f600", "“\U0001f600”"),  # a symbol is no letter of any script
    ("علی،", "“،”"),  # nor is Arabic punctuation
]


@pytest.mark.parametrize(("nick", "why"), INVALID_NICKS)
def test_invalid_nicks_name_a_reason(nick: str, why: str) -> None:
    problem = nick_problem(nick)
    assert problem is not None and problem.code.startswith("nick.")
    assert not valid_nick(nick)


def test_fold_compares_case_and_normal_forms() -> None:
    assert same_name("ALICE", "alice")
    assert same_name("Straße", "STRASSE")
    assert same_name("e\u0301", "\u00e9")
    assert same_name("ﬁ", "fi")
    assert not same_name("علی", "علی_")
    assert fold("#Lobby") == "#lobby"


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("#lobby", True),
        ("&local", True),
        ("#گفتگو", True),
        ("lobby", False),
        ("#", False),
        ("#a b", False),
        ("#a,b", False),
        ("#a\x07", False),
        ("#" + "x" * 50, False),
    ],
)
def test_channel_names(name: str, ok: bool) -> None:
    assert valid_channel(name) is ok


def test_is_channel() -> None:
    assert is_channel("#a") and not is_channel("alice") and not is_channel("")


def test_isupport_parsing() -> None:
    tokens = parse_isupport(
        ["CASEMAPPING=rfc8265", "PREFIX=(ov)@+", "-EXCEPTS", "UTF8ONLY", "NETWORK=My\\x20Net"]
    )
    assert tokens == {
        "CASEMAPPING": "rfc8265",
        "PREFIX": "(ov)@+",
        "EXCEPTS": None,
        "UTF8ONLY": "",
        "NETWORK": "My Net",
    }
    assert parse_prefix(tokens["PREFIX"]) == ("ov", "@+")
    assert parse_prefix("garbage") == ("ov", "@+")
