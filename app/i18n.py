"""The user's language, and Gofto's translations read without Qt.

Both front ends speak the user's language. Qt loads the compiled ``gofto_<lang>.qm``; the
tkinter front end, which must run where Qt does not, reads the same catalogue's source, the
``resources/translations/gofto_<lang>.ts`` XML file, with the standard library. One
catalogue, one set of Persian sentences: a string the Tk code writes exactly like the Qt code
(same context, same English) is translated once for both.

The sentences of toolkit-free code (errors, /help, WHOIS lines, nickname and address
problems…) are looked up by code in :mod:`app.client.catalogue`, whose English templates are
the ``Catalogue`` context of the same file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from xml.etree import ElementTree

from app.resources import resource_path

log = logging.getLogger(__name__)

_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
#: Languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "ckb", "yi", "dv", "ug", "sd"})
#: The zero of the digits a language writes numbers with, where that is not ``0`` (what
#: ``QLocale(language).zeroDigit()`` says; the front ends without Qt need it too).
ZERO_DIGITS = {"fa": "\u06f0"}


def zero_digit(language: str) -> str:
    """The digit zero of ``language``: ``"۰"`` for Persian, ``"0"`` where Latin digits are used."""
    return ZERO_DIGITS.get(language, "0")


def native_digits(text: str, zero: str = "0") -> str:
    """``text`` with its ASCII digits written in the digits that start at ``zero``.

    A Persian reader sees ``۱۲:۰۵`` and ``۳`` where English shows ``12:05`` and ``3``; only
    numbers Gofto writes go through here (times, counts, sizes), never someone's message.
    """
    if zero == "0":
        return text
    return text.translate(_digit_table(zero))


def _digit_table(zero: str) -> dict[int, str]:
    table = _TABLES.get(zero)
    if table is None:
        table = _TABLES[zero] = {ord("0") + i: chr(ord(zero) + i) for i in range(10)}
    return table


_TABLES: dict[str, dict[int, str]] = {}


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for ``pyside6-lupdate`` in ``context``; returns it unchanged.

    Toolkit-free code cannot import Qt's own; lupdate recognises the call by its name, so
    this no-op puts the template into the ``.ts`` all the same (see app.client.catalogue).
    """
    return source


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language code the user asked for (``"fa"``, ``"en"``…); ``"en"`` when unsure.

    Read from the usual locale variables as gettext reads them (``LANGUAGE``, then
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; ``fa_IR.UTF-8`` means Persian). ``LANGUAGE`` may
    list several languages (``fa:en``); the first one wins. ``C`` and ``POSIX`` mean "no
    preference", which is English.
    """
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "")
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].strip().lower()
            if code in ("c", "posix"):
                code = ""
            if code:
                return code
    return "en"


class Catalogue:
    """Finished translations by (context, English source); English where there is none."""

    def __init__(
        self, language: str = "en", messages: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        self.language = language
        self._messages = dict(messages or {})

    @classmethod
    def load(cls, language: str) -> Catalogue:
        """The catalogue for ``language``; an empty one (English) when Gofto has none."""
        if language == "en":
            return cls()
        path = resource_path("translations", f"gofto_{language}.ts")
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError) as exc:
            log.info("no translation for %r: %s", language, exc)
            return cls(language)
        messages: dict[tuple[str, str], str] = {}
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                translation = message.find("translation")
                source = message.findtext("source")
                if source is None or translation is None or not translation.text:
                    continue
                if translation.get("type") in ("unfinished", "vanished", "obsolete"):
                    continue
                messages[(name, source)] = translation.text
        return cls(language, messages)

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.language in RTL_LANGUAGES

    def translate(self, context: str, source: str) -> str:
        """``source`` in the catalogue's language (``source`` itself when untranslated)."""
        return self._messages.get((context, source), source)
