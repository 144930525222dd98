"""The tkinter front end in the user's language (:mod:`app.i18n`'s catalogue, read once).

Every text the Tk code shows goes through :func:`translate` with a literal context and
English source, so ``pyside6-lupdate`` collects it into the same ``gofto_<lang>.ts`` as the Qt
strings (``scripts/translations.sh``): where the Tk window says exactly what the Qt window
says, it uses the Qt context and gets the same Persian. Qt's ``&`` mnemonics become Tk's
``underline`` index (:func:`mnemonic`). :func:`install` runs before any window is built.
"""

from __future__ import annotations

from app.client.catalogue import ENGLISH, Said, Texts, texts_for
from app.i18n import Catalogue
from app.tk.bidi_text import display_text, is_rtl

_catalogue = Catalogue()
_texts: Texts = ENGLISH


def install(language: str) -> Catalogue:
    """Load ``language``'s catalogue for every Tk window built from now on."""
    global _catalogue, _texts  # noqa: PLW0603 (one catalogue per process, chosen at start-up)
    _catalogue = Catalogue.load(language)
    _texts = texts_for(language)
    return _catalogue


def uninstall() -> None:
    """Back to English (for tests)."""
    global _catalogue, _texts  # noqa: PLW0603
    _catalogue = Catalogue()
    _texts = ENGLISH


def translate(context: str, source: str) -> str:
    """``source`` in the user's language (lupdate finds these calls by name)."""
    return _catalogue.translate(context, source)


def texts() -> Texts:
    """The client catalogue's sentences (/help, errors, WHOIS lines…) in the user's language."""
    return _texts


def said(sentence: Said) -> str:
    """A sentence named by code (an event's, a nickname problem…) in the user's language."""
    return _texts.say(sentence)


def error_text(error: BaseException) -> str:
    """What went wrong, in the user's language when the error names a catalogue sentence."""
    return _texts.error(error)


def rtl() -> bool:
    """Whether the interface is right-to-left (Persian)."""
    return _catalogue.rtl


def mnemonic(text: str) -> tuple[str, int]:
    """Qt's ``"&Host a chat"`` as Tk's text and ``underline`` index (``-1``: none)."""
    index = text.find("&")
    if index < 0 or index == len(text) - 1:
        return text, -1
    return text[:index] + text[index + 1 :], index


def shaped(text: str, **values: object) -> str:
    """A translated widget text, filled in and shaped for Tk (see :mod:`app.tk.bidi_text`).

    Call it on ``translate("Context", "…")`` itself, so lupdate sees the literal.
    """
    if values:
        text = text.format(**values)
    return display_text(text, rtl=True if rtl() else None)


def shown(text: str) -> str:
    """A sentence already in the user's language (an error, a problem) ready for a widget."""
    return display_text(text, rtl=True if rtl() else None)


def start_side() -> str:
    """Where lines begin: ``"w"`` left to right, ``"e"`` right to left (grid ``sticky``)."""
    return "e" if rtl() else "w"


def end_side() -> str:
    """Where lines end (buttons sit there): the opposite of :func:`start_side`."""
    return "w" if rtl() else "e"


def justify() -> str:
    """``justify`` for wrapped labels."""
    return "right" if rtl() else "left"


def embedded(value: str) -> str:
    """A name or free text inside one of our right-to-left sentences, kept in its own
    direction: ``#lobby`` in a Persian sentence otherwise reads ``lobby#``.

    Explicit embeddings (LRE/RLE … PDF), not Unicode 6.3 isolates: the bidi algorithm that
    :mod:`app.tk.bidi_text` uses knows only those, and drops them once the text is
    reordered. In an English interface the value is returned as it is.
    """
    if not rtl() or not value:
        return value
    opener = "\u202b" if is_rtl(value) else "\u202a"
    return f"{opener}{value}\u202c"
