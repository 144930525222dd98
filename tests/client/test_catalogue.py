"""The one catalogue of client sentences: complete in Persian, safe when a translation is not."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from app.client.catalogue import (
    CATALOGUE,
    CONTEXT,
    ENGLISH,
    Sentence,
    Texts,
    placeholders,
    texts_for,
)
from app.resources import resource_path


def _fa_messages() -> dict[str, tuple[str | None, str | None]]:
    """source -> (translation text, translation type) of the Catalogue context of gofto_fa.ts."""
    root = ElementTree.parse(resource_path("translations", "gofto_fa.ts")).getroot()
    found: dict[str, tuple[str | None, str | None]] = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[message.findtext("source") or ""] = (translation.text, translation.get("type"))
    return found


FA = _fa_messages()


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_finished_persian_translation(code):
    english = CATALOGUE[code]
    assert english in FA, f"gofto_fa.ts has no Catalogue message for {code}: {english!r}"
    text, kind = FA[english]
    assert text, f"the Persian translation of {code} is empty"
    assert kind is None, f"the Persian translation of {code} is {kind}"
    assert placeholders(english) is not None, f"the English template of {code} is not plain"
    assert placeholders(text) == placeholders(english), (
        f"{code}: placeholders {placeholders(text)} differ from {placeholders(english)}"
    )


def test_codes_are_dotted_lowercase():
    for code in CATALOGUE:
        section, dot, name = code.partition(".")
        assert dot and section and name, code
        assert code == code.lower() and " " not in code, code


def test_english_fills_in_parameters():
    assert ENGLISH("error.unknown_command", command="/frob") == (
        "Unknown command /frob; type /help for the list."
    )
    assert Sentence("info.join_later", {"room": "#a"}).english() == (
        "You will join #a once connected."
    )


def test_persian_from_the_ts_file():
    fa = texts_for("fa")
    sentence = fa("error.unknown_command", command="/frob")
    assert "/frob" in sentence
    assert "Unknown" not in sentence
    assert fa("nick.default") == "مهمان"
    assert texts_for("en") is ENGLISH


def test_a_language_without_a_catalogue_is_english():
    assert texts_for("xx")("help.quit") == "leave the chat"


def test_unknown_code_is_not_an_exception():
    assert ENGLISH("no.such_code", x=1) == "no.such_code"


def test_missing_parameter_shows_its_name():
    assert ENGLISH("info.join_later") == "You will join {room} once connected."


@pytest.mark.parametrize(
    "broken",
    [
        "{nick} {extra}",  # a placeholder the template does not have
        "nothing here",  # a placeholder lost
        "{room.__class__}",  # attribute access
        "{room!r}",  # conversion
        "{room:>10}",  # format spec
        "{room",  # not a template at all
        "",  # empty
    ],
)
def test_broken_translation_falls_back_to_english(broken):
    texts = Texts(lambda context, source: broken)
    assert texts("info.join_later", room="#a") == "You will join #a once connected."


def test_translate_is_called_with_the_catalogue_context():
    seen: list[tuple[str, str]] = []

    def translate(context: str, source: str) -> str:
        seen.append((context, source))
        return "به {room}"

    texts = Texts(translate)
    assert texts("info.join_later", room="#a") == "به #a"
    assert texts("info.join_later", room="#b") == "به #b"
    assert seen == [(CONTEXT, CATALOGUE["info.join_later"])]  # looked up once, then kept


def test_braces_in_parameters_are_not_formatted_again():
    assert ENGLISH("info.topic_is", room="#a", topic="{room} {0}") == (
        "The topic of #a is: {room} {0}"
    )
