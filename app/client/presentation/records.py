"""Display records: what a conversation shows, as data — a kind code, parameters, spans.

A record carries no prose. Its ``kind`` is a catalogue code (:mod:`app.client.catalogue`):
a front end shows a conversation line with ``texts(record.kind, **record.params)``, and a
chat message (kinds ``message.*``) as the sender's name and the styled ``spans``. Everything
in a record is already safe (see :mod:`app.client.presentation.text`): parameters are
cleaned and isolated, spans inert.

Records are small and frozen, and every message record has a stable ``id`` (the server's
``msgid`` when it sent one), so a list model can key, group and update them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime

from app.client.catalogue import CATALOGUE, Sentence
from app.client.presentation.direction import first_strong, isolate, isolate_tokens
from app.client.presentation.text import Span, name, plain, spans, text_of

# Kinds of chat messages: drawn as sender + spans, not from the catalogue.
MESSAGE = "message.text"
ACTION = "message.action"
NOTICE = "message.notice"
MESSAGE_KINDS = frozenset({MESSAGE, ACTION, NOTICE})
# Free text that is already a sentence (session info and errors): spans only.
INFO = "info"
ERROR = "error"
# A hole in fetched history (app.client.spans): "Earlier messages not shown — load them";
# activating the row asks for the missing lines (Presenter.fill_gap).
GAP = "history.gap"

_serial = itertools.count(1)


def new_id(prefix: str = "r") -> str:
    """A record id unique in this process (for records without a server ``msgid``)."""
    return f"{prefix}{next(_serial)}"


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a conversation.

    ``direction`` is the paragraph's (``"rtl"``, ``"ltr"``, or ``""`` for the interface's);
    ``own`` marks what we said, ``highlight`` a mention of us, ``history`` a line replayed
    from before we joined, ``pending`` a message typed offline and not sent yet.
    """

    kind: str
    time: datetime
    id: str = field(default_factory=new_id)
    params: tuple[tuple[str, str], ...] = ()
    spans: tuple[Span, ...] = ()
    sender: str = ""
    own: bool = False
    highlight: bool = False
    history: bool = False
    pending: bool = False
    direction: str = ""
    #: For ``info`` and ``error`` records that are Gofto's own sentence (``texts.say``), with
    #: parameters already made safe; ``spans`` hold someone else's words otherwise.
    sentence: Sentence | None = None
    #: IRCv3 reply: the parent's msgid, and (when the parent is known) its sender and a short
    #: plain quote of it (see :mod:`app.client.presentation.convo`).
    reply_to: str | None = None
    reply_sender: str = ""
    reply_text: str = ""
    #: Reactions: (reaction, nicks who gave it), in the order first given.
    reactions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Deleted (IRCv3 REDACT): the spans are gone; show the catalogue's "convo.deleted".
    redacted: bool = False

    @property
    def is_message(self) -> bool:
        """Whether this is a chat message (sender + spans) rather than a conversation line."""
        return self.kind in MESSAGE_KINDS

    def values(self) -> dict[str, str]:
        """The parameters as keyword arguments for ``texts(kind, **values)``."""
        return dict(self.params)


# -- links -----------------------------------------------------------------------------------
_ALLOWED_SCHEMES = ("http", "https", "mailto")
_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`{}|\\^\u200b-\u200d\u2066-\u2069]+", re.I)
_TRAILING = ".,;:!?'\"»«…،؛؟"  # sentence punctuation, Persian comma/semicolon/question mark
_PAIRS = {")": "(", "]": "[", "}": "{"}


def _trim_link(candidate: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, not to the address."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING:
            candidate = candidate[:-1]
        elif last in _PAIRS and candidate.count(_PAIRS[last]) < candidate.count(last):
            candidate = candidate[:-1]  # "(see https://x.org/a)" ends with the sentence's ")"
        else:
            break
    return candidate


def allowed_link(href: str) -> bool:
    """Whether ``href`` may be opened: only http, https and mailto, and not an empty address."""
    scheme, sep, rest = href.partition(":")
    if not sep or scheme.lower() not in _ALLOWED_SCHEMES:
        return False
    if scheme.lower() == "mailto":
        return bool(rest.strip())
    return rest.startswith("//") and len(rest) > 2


def linkify(parts: tuple[Span, ...]) -> tuple[Span, ...]:
    """``parts`` with http/https/mailto addresses cut out as link spans, losslessly."""
    out: list[Span] = []
    for part in parts:
        if ":" not in part.text:
            out.append(part)
            continue
        position = 0
        for match in _LINK.finditer(part.text):
            href = _trim_link(match.group())
            if not allowed_link(href):
                continue
            start, end = match.start(), match.start() + len(href)
            if start > position:
                out.append(Span(part.text[position:start], part.style))
            out.append(Span(href, part.style, href))
            position = end
        if position < len(part.text):
            out.append(Span(part.text[position:], part.style))
    return tuple(out)


def body(text: str) -> tuple[tuple[Span, ...], str]:
    """Untrusted message text as safe spans (tokens isolated, links cut out) and the
    direction of its paragraph (``""`` when it has no strong character).

    A multiline message (IRCv3 ``draft/multiline``) keeps its line breaks as ``"\n"`` spans
    of their own (each line made safe alone); every other control stays visible.
    """
    if "\n" in text:
        out: list[Span] = []
        for number, line in enumerate(text.split("\n")[:MAX_LINES]):
            if number:
                out.append(LINE_BREAK)
            out.extend(linkify(isolate_tokens(spans(line))))
        return tuple(out), first_strong(text_of(tuple(out))) or ""
    parts = isolate_tokens(spans(text))
    return linkify(parts), first_strong(text_of(parts)) or ""


#: The span between two lines of a multiline message (the only newline a record holds).
LINE_BREAK = Span("\n")
#: Most lines of one multiline message shown (the server allows 50 per batch).
MAX_LINES = 200


def message(
    text: str,
    sender: str,
    time: datetime,
    *,
    kind: str = MESSAGE,
    msgid: str | None = None,
    **flags: bool,
) -> Record:
    """A chat message record from untrusted ``text`` and ``sender`` (``flags``: ``own``,
    ``highlight``, ``history``, ``pending``)."""
    parts, direction = body(text)
    return Record(
        kind,
        time,
        id=msgid or new_id("m"),
        spans=parts,
        sender=name(sender),
        direction=direction,
        **flags,
    )


def safe_sentence(sentence: Sentence) -> Sentence:
    """``sentence`` with every parameter made inert (a nick, a reason, a server's words) and
    isolated, so a ``#room`` or a ``/command`` keeps its shape inside a Persian sentence."""
    return Sentence(
        sentence.code,
        {
            key: safe_sentence(value) if isinstance(value, Sentence) else isolate(plain(str(value)))
            for key, value in sentence.params.items()
        },
    )


def error_sentence(error: BaseException) -> Sentence | None:
    """The catalogue sentence an error names (a :class:`~app.errors.GoftoError`), if any."""
    code, params = getattr(error, "code", None), getattr(error, "params", None)
    if isinstance(code, str) and code in CATALOGUE and params is not None:
        return safe_sentence(Sentence(code, dict(params)))
    return None
