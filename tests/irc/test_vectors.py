"""The public IRC parser test vectors (ircdocs/parser-tests) run against app.irc."""

from __future__ import annotations

from typing import Any

import pytest
from parser_tests import data

from app.irc import Message, Source, parse

SPLIT = data.msg_split["tests"]
JOIN = data.msg_join["tests"]
USERHOST = data.userhost_split["tests"]


def _expected(atoms: dict[str, Any]) -> Message:
    return Message(
        command=atoms["verb"].upper(),
        params=tuple(atoms.get("params") or ()),
        source=atoms.get("source"),
        tags={key: value or "" for key, value in (atoms.get("tags") or {}).items()},
    )


@pytest.mark.parametrize("case", SPLIT, ids=[case["input"][:40] for case in SPLIT])
def test_split_vectors(case: dict[str, Any]) -> None:
    assert parse(case["input"]) == _expected(case["atoms"])


@pytest.mark.parametrize("case", JOIN, ids=[case.get("desc", "")[:40] for case in JOIN])
def test_join_vectors(case: dict[str, Any]) -> None:
    atoms = case["atoms"]
    message = Message(
        command=atoms["verb"],
        params=tuple(atoms.get("params") or ()),
        source=atoms.get("source"),
        tags={key: value or "" for key, value in (atoms.get("tags") or {}).items()},
    )
    assert message.format() in case["matches"]


@pytest.mark.parametrize("case", USERHOST, ids=[case["source"] for case in USERHOST])
def test_userhost_vectors(case: dict[str, Any]) -> None:
    atoms = case["atoms"]
    source = Source.parse(case["source"])
    assert (source.nick, source.user, source.host) == (
        atoms.get("nick") or "",
        atoms.get("user") or "",
        atoms.get("host") or "",
    )
