"""Splitting long text never exceeds the byte budget and never cuts a character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.irc import MAX_BODY_BYTES, Message, split_message, split_text
from app.irc.split import SOURCE_RESERVE, message_budget

_any_text = st.text(st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",)))


@given(_any_text, st.integers(min_value=4, max_value=200))
def test_pieces_fit_and_lose_only_break_spaces(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    for piece in pieces:
        assert len(piece.encode("utf-8")) <= limit
        piece.encode("utf-8")  # a lone surrogate would raise: every piece is whole characters
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


_CLUSTERS = [
    "س",
    "ل",
    "ا",
    "م",
    "ی\u200c",
    "ن",
    "بً",
    "کِ",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "e\u0301",
    " ",
]


@given(st.lists(st.sampled_from(_CLUSTERS), min_size=1, max_size=300), st.integers(20, 60))
def test_persian_and_emoji_clusters_are_never_cut(clusters: list[str], limit: int) -> None:
    text = "".join(clusters)
    boundaries = {0}
    for cluster in clusters:
        boundaries.add(max(boundaries) + len(cluster))
    position = 0
    for piece in split_text(text, limit):
        if text[position] == " " and not text.startswith(piece, position):
            # The piece before ended at a space, which the split dropped (with two spaces
            # there, the second one starts this piece).
            position += 1
        assert text.startswith(piece, position)
        assert position in boundaries and position + len(piece) in boundaries, piece
        position += len(piece)


def test_prefers_spaces() -> None:
    assert split_text("aaaa bbbb cccc", 9) == ["aaaa bbbb", "cccc"]


def test_short_text_is_one_piece_and_empty_is_none() -> None:
    assert split_text("سلام", 100) == ["سلام"]
    assert split_text("", 100) == []


def test_too_small_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        split_text("abc", 3)


def test_split_message_lines_fit_the_protocol_limit_with_the_source() -> None:
    text = "این یک پیام بلند است. " * 80
    pieces = split_message("PRIVMSG", "#lobby", text)
    assert len(pieces) > 1
    source = "n" * 30 + "!" + "u" * 10 + "@" + "h" * 63
    for piece in pieces:
        line = Message("PRIVMSG", ("#lobby", piece), source=source).encode()
        assert len(line) <= MAX_BODY_BYTES
    assert message_budget("PRIVMSG", "#lobby") == MAX_BODY_BYTES - SOURCE_RESERVE - len(
        " PRIVMSG #lobby :\r\n"
    )


def test_a_double_space_at_the_break_loses_one_space() -> None:
    """Found by hypothesis: the break drops one space; the second starts the next piece."""
    family = "👨\u200d👩\u200d👧"
    assert split_text(f"سسس{family}سس  س", 22) == ["سسس", f"{family}سس", " س"]
