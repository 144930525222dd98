"""Search text the way Persian writers mean it: folding, safe FTS5 queries, clean snippets.

Persian is typed on Persian, Arabic and phone keyboards, so one word reaches the log in
several spellings: ``ي``/``ى`` for ``ی``, ``ك`` for ``ک``, ``ة`` or ``ۀ`` for ``ه``, with or
without a zero-width non-joiner (``می‌خواهم``/``میخواهم``), with diacritics or tatweel, digits
in Persian, Arabic-Indic or Latin script. :func:`fold_text` maps every spelling to one; the
log (:mod:`app.client.log`) indexes the folded copy of each line and :func:`match_expression`
folds the query the same way, so both sides meet. Folding happens in Python, on both sides,
so the FTS5 table can use SQLite's stock ``unicode61`` tokenizer (no custom tokenizer to
ship in the packaged executable).

A person's query is text, never FTS5 syntax: every word becomes a quoted prefix phrase, so
``"``, ``AND``, ``*``, ``NEAR(`` or ``col:`` are searched for (or ignored), never parsed.

Text shown in results comes from the network: :func:`clean_snippet` gives it the same
sanitising as live text, drops bidi controls and bounds its length before any front end
shows it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation.text import plain

#: Characters mapped to the Persian letter (or Latin digit) people mean.
_FOLD_MAP = str.maketrans(
    {
        # yeh: Arabic yeh, alef maksura, Farsi yeh with hamza-less forms → Persian yeh
        "\u064a": "\u06cc",  # ي
        "\u0649": "\u06cc",  # ى
        "\u06d2": "\u06cc",  # ے (yeh barree, seen in mixed Urdu input)
        # kaf: Arabic kaf, swash kaf → Persian keheh
        "\u0643": "\u06a9",  # ك
        "\u06aa": "\u06a9",  # ڪ
        # heh: teh marbuta, heh with yeh above (ۀ), heh goal, ae → heh
        "\u0629": "\u0647",  # ة
        "\u06c0": "\u0647",  # ۀ
        "\u06c1": "\u0647",  # ہ
        "\u06c2": "\u0647",  # ۂ
        "\u06d5": "\u0647",  # ە
        # alef wasla → alef (أ, إ and آ lose their hamza or madda as combining marks)
        "\u0671": "\u0627",  # ٱ
        # tatweel (kashida) only stretches a word
        "\u0640": None,
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits ۰-۹
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits ٠-٩
    }
)

#: How long a snippet (one line of a result) may be, in characters.
SNIPPET_LIMIT = 300
#: How many words of a query are used (the rest are ignored).
MAX_QUERY_TERMS = 16
#: How long a query may be, in characters, before it is cut.
MAX_QUERY_LENGTH = 400

#: Bidi embeddings, overrides and isolates: a snippet must not reorder what follows it.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def fold_text(text: str) -> str:
    """``text`` as the search index sees it: one spelling for what Persian writers mix.

    NFKC first (Arabic presentation forms and full-width Latin become plain letters), then
    case folding and canonical decomposition; every combining mark (harakat, superscript
    alef, the hamza of ``أ``/``ۀ``/``ئ``, the madda of ``آ``, Latin accents) and format
    character (ZWNJ, ZWJ, LRM/RLM, soft hyphen, bidi controls) is removed, then the letter
    and digit map above applies. Control characters become spaces. The result is for
    matching only; what a person reads is always the original text.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    out: list[str] = []
    for ch in decomposed:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf"):
            continue
        out.append(" " if category == "Cc" else ch)
    return unicodedata.normalize("NFC", "".join(out).translate(_FOLD_MAP))


def match_expression(query: str) -> str | None:
    """The FTS5 ``MATCH`` expression for what a person typed, or ``None`` (nothing to find).

    Each whitespace-separated word of the folded query becomes a quoted phrase with a
    prefix star (``"word"*``: ``کتاب`` finds ``کتابها``); quotes inside a word are doubled,
    so no character a person types is FTS5 syntax. Words without a letter or digit (``*``,
    ``"``, ``-``) would be empty phrases and are left out. All words must match (AND).
    """
    words = fold_text(query[:MAX_QUERY_LENGTH]).split()
    phrases = [
        '"' + word.replace('"', '""') + '"*' for word in words if any(ch.isalnum() for ch in word)
    ]
    if not phrases:
        return None
    return " ".join(phrases[:MAX_QUERY_TERMS])


def clean_snippet(text: str, limit: int = SNIPPET_LIMIT) -> str:
    """Network text made safe to show as one line of a result.

    The same sanitising as live text (:func:`app.client.presentation.text.plain`): IRC
    formatting dropped, escape sequences and control characters made visible (``␛``, ``␇``),
    cut to ``limit`` characters with an ellipsis; bidi embeddings, overrides and isolates are
    dropped too (a front end isolates the line itself). ZWNJ and other joiners stay: Persian
    needs them to be drawn right.
    """
    return "".join(ch for ch in plain(text, limit) if ch not in _BIDI_CONTROLS)


@dataclass(frozen=True, slots=True)
class LoggedLine:
    """One line of the log, as shown in a result (text as written, not folded).

    ``record_id`` is the log's own id for the line; ``msgid`` the server's, when it sent one
    (a message view finds the line by either).
    """

    record_id: int
    conversation: str
    time: datetime
    sender: str
    kind: str
    text: str
    msgid: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A line that matched, with a few lines of its conversation before and after it."""

    line: LoggedLine
    before: tuple[LoggedLine, ...]
    after: tuple[LoggedLine, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What one search found, newest first; ``failed`` when the log could not be read."""

    query: str
    hits: tuple[SearchHit, ...]
    failed: bool = False


#: Results the terminal prints for one /search, and lines of context around each.
TERMINAL_RESULTS = 20
TERMINAL_CONTEXT = 1


def describe_line(line: LoggedLine, texts: Texts = ENGLISH) -> str:
    """One logged line as plain text, cleaned: ``[#lobby 2026-03-21 14:02] <bob> text``.

    The conversation, sender and text come from the network and go through
    :func:`clean_snippet`; the time is local, in the calendar and digits of ``texts``'s
    language (Jalali in Persian). Used by the terminal.
    """
    when = texts.stamp(line.time)
    where = clean_snippet(line.conversation, 60)
    sender = clean_snippet(line.sender, 40)
    text = clean_snippet(line.text)
    if line.kind == "action":
        return f"[{where} {when}] * {sender} {text}"
    if line.kind == "notice":
        return f"[{where} {when}] -{sender}- {text}"
    return f"[{where} {when}] <{sender}> {text}"


def result_lines(results: SearchResults, texts: Texts, limit: int) -> list[str]:
    """What the terminal prints for ``results``: a heading, then each hit with its context
    (the hit marked ``>``), a blank line between hits, and a hint when ``limit`` cut it."""
    query = clean_snippet(results.query, 80)
    if results.failed:
        return ["!! " + texts("search.failed")]
    if not results.hits:
        return ["-- " + texts("search.none", query=query)]
    lines = ["-- " + texts("search.heading", query=query, count=len(results.hits))]
    for index, hit in enumerate(results.hits):
        if index:
            lines.append("")
        lines.extend("   " + describe_line(line, texts) for line in hit.before)
        lines.append(" > " + describe_line(hit.line, texts))
        lines.extend("   " + describe_line(line, texts) for line in hit.after)
    if len(results.hits) >= limit:
        lines.append("-- " + texts("search.more", count=len(results.hits)))
    return lines
