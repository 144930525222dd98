"""The one catalogue of client sentences: complete in Persian, safe when a translation is not."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from app.client.address import AddressError, parse_address
from app.client.catalogue import (
    CATALOGUE,
    CONTEXT,
    ENGLISH,
    Sentence,
    Texts,
    placeholders,
    refusal,
    texts_for,
)
from app.errors import AddressInUse, GoftoError, NickInUse
from app.irc.names import nick_problem
from app.resources import resource_path
from tests.irc.test_names import INVALID_NICKS


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


def test_no_placeholder_takes_the_name_of_an_event_argument():
    """``Info.say(code, conversation, **params)`` and ``ErrorMessage.say(…, numeric=…)``."""
    for code, english in CATALOGUE.items():
        assert not (placeholders(english) or set()) & {"conversation", "numeric", "english"}, code


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


@pytest.mark.parametrize(("nick", "why"), INVALID_NICKS)
def test_invalid_nicks_say_why(nick, why):
    """Moved from tests/irc: app.irc names the problem, the catalogue says it."""
    problem = nick_problem(nick)
    assert problem is not None and why in ENGLISH.say(problem)
    persian = texts_for("fa").say(problem)
    assert persian != ENGLISH.say(problem) and "نام مستعار" in persian


def test_usage_and_help_are_said_in_the_same_language():
    fa = texts_for("fa")
    usage = fa("error.usage", usage=Sentence("usage.msg"), description=Sentence("help.msg"))
    # The command is isolated left to right, so that it reads "/msg" (slash first) in Persian.
    assert usage == "طرز استفاده: \u2066/msg\u2069 کاربر متن — فرستادن پیام خصوصی."
    assert ENGLISH("usage.msg") == "/msg NICK TEXT"  # nothing to isolate in English


def test_errors_name_their_sentence():
    fa = texts_for("fa")
    taken = NickInUse("سارا")
    assert str(taken) == "The nickname “سارا” is taken in this room; choose another one."
    assert "«سارا»" in fa.error(taken)
    assert fa.error(AddressInUse(5000)).startswith("درگاه 5000 ")
    assert fa.error(ValueError("a library's words")) == "a library's words"
    assert fa.error(GoftoError("plain words")) == "plain words"
    with pytest.raises(AddressError) as caught:
        parse_address("")
    assert str(caught.value) == "Enter the host's address, for example 192.168.1.20:5000."
    assert fa.error(caught.value).startswith("نشانی میزبان را بنویسید")


def test_refusal_carries_any_code_with_its_english():
    error = refusal("nick.too_long", n=30)
    assert str(error) == "A nickname can be at most 30 characters long."
    # A count: in Persian with Persian digits (Texts writes the language's digits).
    assert "۳۰" in texts_for("fa").error(error) and "نام مستعار" in texts_for("fa").error(error)


def test_wrap_isolates_every_value():
    texts = Texts(wrap=lambda value: f"\u2068{value}\u2069")
    assert texts("error.query_room", room="#a") == (
        "\u2068#a\u2069 is a room, not a person: /join \u2068#a\u2069 to talk there."
    )


def test_make_translations_keeps_every_catalogue_sentence(tmp_path):
    """``scripts/translations.sh update`` (lupdate with -no-obsolete) over a copy of the .ts:
    every template of CATALOGUE is still there with its finished Persian translation, so
    refreshing the translations never drops the catalogue."""
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    lupdate = root / ".venv" / "bin" / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    shutil.copy(resource_path("translations", "gofto_fa.ts"), tmp_path / "gofto_fa.ts")
    env = {"PATH": "/usr/bin:/bin", "GOFTO_TRANSLATIONS_DIR": str(tmp_path), "GOFTO_LANGS": "fa"}
    subprocess.run(
        ["bash", "scripts/translations.sh", "update"], cwd=root, env=env, check=True, timeout=120
    )
    after: dict[str, tuple[str | None, str | None]] = {}
    for context in ElementTree.parse(tmp_path / "gofto_fa.ts").getroot().iter("context"):
        if context.findtext("name") == CONTEXT:
            for message in context.iter("message"):
                translation = message.find("translation")
                assert translation is not None
                after[message.findtext("source") or ""] = (
                    translation.text,
                    translation.get("type"),
                )
    for code, english in CATALOGUE.items():
        assert after.get(english) == FA[english], code


@pytest.mark.parametrize(("language", "nick"), [("fa", "مهمان"), ("en", "guest")])
def test_default_nickname_in_the_users_language(monkeypatch, language, nick):
    from app.client.nickname import default_nick

    monkeypatch.setenv("USER", "9-not-a-nick")
    monkeypatch.delenv("USERNAME", raising=False)
    assert default_nick(texts_for(language)("nick.default")) == nick
    monkeypatch.setenv("USER", "sara")
    assert default_nick(texts_for(language)("nick.default")) == "sara"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_code_fills_in_all_its_placeholders(language):
    texts = texts_for(language)
    for code, english in CATALOGUE.items():
        names = placeholders(english) or frozenset()
        said = texts(code, **{name: f"<{name}>" for name in names})
        for name in names:
            assert f"<{name}>" in said, (code, said)
        assert "{" not in said.replace("{text}", ""), (code, said)
