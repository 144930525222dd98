"""display_text: Persian shaped and reordered for Tk, everything else untouched."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tk.bidi_text import display_text, has_rtl, is_rtl

SALAM = "سلام"


def test_latin_text_is_returned_unchanged():
    assert display_text("hello, world 123") == "hello, world 123"


def test_persian_is_shaped_into_presentation_forms_and_reversed():
    shown = display_text(SALAM)
    assert shown != SALAM
    names = [unicodedata.name(ch) for ch in shown]
    assert all(name.startswith(("ARABIC LETTER", "ARABIC LIGATURE")) for name in names)
    assert all("FORM" in name for name in names)
    assert "ARABIC LIGATURE LAM WITH ALEF FINAL FORM" in names  # لا is one ligature


def test_compatibility_decomposition_gives_back_the_letters_in_visual_order():
    book = "کتاب"
    assert unicodedata.normalize("NFKC", display_text(book))[::-1] == book


def test_zero_width_non_joiner_is_not_drawn_but_still_breaks_the_join():
    word = "می\u200cخواهم"  # "I want": the ZWNJ keeps "می" apart
    shown = display_text(word)
    assert "\u200c" not in shown
    # The yeh before the ZWNJ takes its final form, not the medial joining form.
    assert "\ufef0" in shown or "\ufbfd" in shown


def test_mixed_paragraph_keeps_latin_words_readable():
    shown = display_text(f"{SALAM} Gofto 42")
    assert "Gofto" in shown and "42" in shown


def test_direction_follows_the_first_strong_letter():
    assert is_rtl(SALAM + " abc")
    assert not is_rtl("abc " + SALAM)
    assert not is_rtl("123 !!")
    assert not is_rtl("")
    assert has_rtl("abc " + SALAM)
    assert not has_rtl("abc")


def test_forced_direction_changes_the_order_of_mixed_text():
    mixed = f"abc {SALAM}"
    assert display_text(mixed, rtl=True) != display_text(mixed, rtl=False)


@pytest.mark.parametrize("text", ["", "\n", "\u200f", "\u202e", "a\nسلام\nb", "\x00"])
def test_odd_input_does_not_raise(text):
    assert isinstance(display_text(text), str)


@given(st.text())
def test_any_text_gives_a_string_with_the_same_lines(text):
    shown = display_text(text)
    assert isinstance(shown, str)
    assert shown.count("\n") == text.count("\n")


def test_brackets_in_right_to_left_text_keep_facing_what_they_enclose():
    # Visual order, left to right: "(2)" then the reversed, shaped word.
    shown = display_text("افراد (2)", rtl=True)
    assert shown.startswith("(2) ")
    assert display_text("سارا (شما)").index("(") < display_text("سارا (شما)").index(")")


def test_a_character_the_mirroring_algorithm_cannot_place_still_displays():
    # bidi.algorithm asserts on U+10B9D; the Rust implementation takes over.
    assert "\U00010b9d" in display_text("א\U00010b9d")
