"""The toolkit-free side of translations: the language from the environment, and the Persian
catalogue read from its .ts file (what the tkinter front end uses, without Qt)."""

from __future__ import annotations

import pytest

from app.client.catalogue import texts_for
from app.errors import GoftoError, NickInUse
from app.i18n import Catalogue, language_from_env
from app.irc.names import nick_problem


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fa_IR.UTF-8"}, "fa"),
        ({"LANGUAGE": "fa:en", "LANG": "en_US.UTF-8"}, "fa"),
        ({"LC_ALL": "C", "LANG": "fa_IR.UTF-8"}, "fa"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_env(environ, language):
    assert language_from_env(environ) == language


def test_persian_catalogue_translates_qt_and_tk_strings():
    persian = Catalogue.load("fa")
    assert persian.rtl
    assert persian.translate("StartDialog", "Host") == "میزبانی"
    assert persian.translate("TkUserList", "People ({count})").format(count=3) == "افراد (3)"
    assert persian.translate("StartDialog", "Not in the catalogue") == "Not in the catalogue"


def test_persian_catalogue_fills_toolkit_free_sentences():
    persian = texts_for("fa")
    problem = nick_problem("")
    assert problem is not None
    assert persian.say(problem) == "نام مستعار نمی‌تواند خالی باشد."
    taken = persian.error(NickInUse("سارا"))
    assert "«سارا»" in taken and taken != str(NickInUse("سارا"))
    assert persian.error(GoftoError("Something nobody wrote a template for.")) == (
        "Something nobody wrote a template for."
    )


def test_english_and_unknown_languages_pass_text_through():
    for catalogue in (Catalogue.load("en"), Catalogue.load("xx")):
        assert not catalogue.rtl
        assert catalogue.translate("StartDialog", "Host") == "Host"
    assert texts_for("xx")("nick.empty") == "A nickname cannot be empty."


def test_every_persian_translation_keeps_its_placeholders():
    import re
    from xml.etree import ElementTree

    from app.resources import resource_path

    root = ElementTree.parse(resource_path("translations", "gofto_fa.ts")).getroot()
    checked = 0
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        for pattern in (r"\{\w+\}", r"%\d|%n"):
            assert sorted(re.findall(pattern, translation)) == sorted(
                re.findall(pattern, source)
            ), (source, translation)
        checked += 1
    assert checked > 150
