"""Every sentence Gofto's client side says to a person, looked up by code.

The client layer (commands, numeric replies, errors, address hints, status texts) never writes
prose into its events: it names a sentence by a dotted code (``"error.unknown_command"``) and
gives its parameters. A front end turns that into words in the user's language with a
:class:`Texts`:

- Qt builds ``Texts(QCoreApplication.translate)``: the compiled ``gofto_<lang>.qm``;
- Tk and the terminal build :func:`texts_for` ``(language)``: the same
  ``resources/translations/gofto_<lang>.ts`` read without Qt (:class:`app.i18n.Catalogue`).

The English template is also the translation's ``<source>`` in the ``Catalogue`` context of
the ``.ts`` file. Each template below is wrapped in :func:`QT_TRANSLATE_NOOP`, a no-op that
``pyside6-lupdate`` recognises by name, so ``scripts/translations.sh`` keeps this context when
it refreshes the ``.ts``. A translation must use exactly the placeholders of its template;
one that does not (or a code nobody knows) falls back to English instead of failing.

Adding a sentence: add a code and its English template to :data:`CATALOGUE` in its owner's
section, add the Persian translation to the ``Catalogue`` context of ``gofto_fa.ts`` (or run
``scripts/translations.sh update`` and fill it in), recompile the ``.qm``; the completeness
test in ``tests/client/test_catalogue.py`` fails until the translation is there.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

log = logging.getLogger(__name__)

# The context of these sentences in ``gofto_<lang>.ts``.
CONTEXT = "Catalogue"

Translate = Callable[[str, str], str]


# The name lupdate looks for: it reads the calls, not the import.
def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for ``pyside6-lupdate`` (context ``context``); returns it unchanged."""
    return source


# code -> English template with ``{name}`` placeholders. Sections are grouped by owner; the
# conversation-record block at the end belongs to the presentation layer.
CATALOGUE: dict[str, str] = {
    # --- slash commands: errors and confirmations (app.client.commands) ---
    "error.unknown_command": QT_TRANSLATE_NOOP(
        "Catalogue", "Unknown command {command}; type /help for the list."
    ),
    "error.usage": QT_TRANSLATE_NOOP("Catalogue", "Usage: {usage} — {description}."),
    "error.not_connected": QT_TRANSLATE_NOOP(
        "Catalogue", "You are not connected right now; try again once reconnected."
    ),
    "error.query_room": QT_TRANSLATE_NOOP(
        "Catalogue", "{room} is a room, not a person: /join {room} to talk there."
    ),
    "error.query_self": QT_TRANSLATE_NOOP(
        "Catalogue", "That is you: a private conversation needs someone else."
    ),
    "error.me_nowhere": QT_TRANSLATE_NOOP(
        "Catalogue", "Open a room or a private conversation to use /me in."
    ),
    "error.write_nowhere": QT_TRANSLATE_NOOP(
        "Catalogue", "Open a room or a private conversation to write in."
    ),
    "error.invalid_channel": QT_TRANSLATE_NOOP(
        "Catalogue", "“{room}” is not a valid channel name."
    ),
    "info.nick_later": QT_TRANSLATE_NOOP("Catalogue", "You will be “{nick}” once connected."),
    "info.join_later": QT_TRANSLATE_NOOP("Catalogue", "You will join {room} once connected."),
    "info.topic_is": QT_TRANSLATE_NOOP("Catalogue", "The topic of {room} is: {topic}"),
    "info.no_topic": QT_TRANSLATE_NOOP("Catalogue", "{room} has no topic."),
    # --- /help: the heading, then one usage and description per command ---
    "help.heading": QT_TRANSLATE_NOOP(
        "Catalogue", "Commands (start a message with // to send a literal /):"
    ),
    "help.row": QT_TRANSLATE_NOOP("Catalogue", "{usage} — {description}"),
    "usage.msg": QT_TRANSLATE_NOOP("Catalogue", "/msg NICK TEXT"),
    "help.msg": QT_TRANSLATE_NOOP("Catalogue", "send a private message"),
    "usage.query": QT_TRANSLATE_NOOP("Catalogue", "/query NICK [TEXT]"),
    "help.query": QT_TRANSLATE_NOOP(
        "Catalogue", "open a private conversation with someone (and say TEXT)"
    ),
    "usage.me": QT_TRANSLATE_NOOP("Catalogue", "/me TEXT"),
    "help.me": QT_TRANSLATE_NOOP("Catalogue", "describe what you do, like “* Ali waves”"),
    "usage.nick": QT_TRANSLATE_NOOP("Catalogue", "/nick NEWNICK"),
    "help.nick": QT_TRANSLATE_NOOP("Catalogue", "change your nickname"),
    "usage.join": QT_TRANSLATE_NOOP("Catalogue", "/join #ROOM [KEY]"),
    "help.join": QT_TRANSLATE_NOOP("Catalogue", "join or create a room"),
    "usage.part": QT_TRANSLATE_NOOP("Catalogue", "/part [#ROOM] [REASON]"),
    "help.part": QT_TRANSLATE_NOOP("Catalogue", "leave a room (this one by default)"),
    "usage.topic": QT_TRANSLATE_NOOP("Catalogue", "/topic [TEXT]"),
    "help.topic": QT_TRANSLATE_NOOP("Catalogue", "show or set the room's topic"),
    "usage.away": QT_TRANSLATE_NOOP("Catalogue", "/away [MESSAGE]"),
    "help.away": QT_TRANSLATE_NOOP("Catalogue", "mark yourself away; without a message, back"),
    "usage.who": QT_TRANSLATE_NOOP("Catalogue", "/who [MASK]"),
    "help.who": QT_TRANSLATE_NOOP("Catalogue", "list who is in a room or matches a mask"),
    "usage.whois": QT_TRANSLATE_NOOP("Catalogue", "/whois NICK"),
    "help.whois": QT_TRANSLATE_NOOP("Catalogue", "show what the server knows about someone"),
    "usage.kick": QT_TRANSLATE_NOOP("Catalogue", "/kick NICK [REASON]"),
    "help.kick": QT_TRANSLATE_NOOP(
        "Catalogue", "put someone out of this room (room operators only)"
    ),
    "usage.ban": QT_TRANSLATE_NOOP("Catalogue", "/ban NICK|MASK"),
    "help.ban": QT_TRANSLATE_NOOP(
        "Catalogue",
        "keep someone's address out of this room; /kick them too (room operators only)",
    ),
    "usage.unban": QT_TRANSLATE_NOOP("Catalogue", "/unban NICK|MASK"),
    "help.unban": QT_TRANSLATE_NOOP("Catalogue", "let a banned address into this room again"),
    "usage.password": QT_TRANSLATE_NOOP("Catalogue", "/password NEW"),
    "help.password": QT_TRANSLATE_NOOP(
        "Catalogue", "change the room password newcomers must type (the host only)"
    ),
    "usage.quit": QT_TRANSLATE_NOOP("Catalogue", "/quit [MESSAGE]"),
    "help.quit": QT_TRANSLATE_NOOP("Catalogue", "leave the chat"),
    "usage.help": QT_TRANSLATE_NOOP("Catalogue", "/help"),
    "help.help": QT_TRANSLATE_NOOP("Catalogue", "list these commands"),
    "usage.raw": QT_TRANSLATE_NOOP("Catalogue", "/raw LINE"),
    "help.raw": QT_TRANSLATE_NOOP("Catalogue", "send a raw IRC line (for experts)"),
    # --- the default nickname when the login name will not do ---
    "nick.default": QT_TRANSLATE_NOOP("Catalogue", "guest"),
    # --- presentation: conversation records (owned by app.client.presentation) ---
    "line.earlier": QT_TRANSLATE_NOOP("Catalogue", "— earlier messages —"),
    "line.joined": QT_TRANSLATE_NOOP("Catalogue", "{nick} joined"),
    "line.joined_self": QT_TRANSLATE_NOOP("Catalogue", "You joined {room}"),
    "line.left": QT_TRANSLATE_NOOP("Catalogue", "{nick} left"),
    "line.left_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} left ({reason})"),
    "line.left_self": QT_TRANSLATE_NOOP("Catalogue", "You left {room}"),
    "line.kicked": QT_TRANSLATE_NOOP("Catalogue", "{nick} was removed by {by}"),
    "line.kicked_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} was removed by {by} ({reason})"),
    "line.kicked_self": QT_TRANSLATE_NOOP("Catalogue", "You were removed by {by}"),
    "line.kicked_self_reason": QT_TRANSLATE_NOOP(
        "Catalogue", "You were removed by {by} ({reason})"
    ),
    "line.quit": QT_TRANSLATE_NOOP("Catalogue", "{nick} left the chat"),
    "line.quit_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} left the chat ({reason})"),
    "line.nick": QT_TRANSLATE_NOOP("Catalogue", "{old} is now known as {new}"),
    "line.nick_self": QT_TRANSLATE_NOOP("Catalogue", "You are now known as {new}"),
    "line.topic": QT_TRANSLATE_NOOP("Catalogue", "Topic: {topic}"),
    "line.topic_set": QT_TRANSLATE_NOOP("Catalogue", "{nick} changed the topic to: {topic}"),
    "line.away": QT_TRANSLATE_NOOP("Catalogue", "{nick} is away ({reason})"),
    "line.away_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} is away"),
    "line.back": QT_TRANSLATE_NOOP("Catalogue", "{nick} is back"),
    "line.mention_in": QT_TRANSLATE_NOOP("Catalogue", "{nick} in {room}"),
    "state.connected": QT_TRANSLATE_NOOP("Catalogue", "Connected as {nick}"),
    "state.reconnected": QT_TRANSLATE_NOOP("Catalogue", "Connected again as {nick}"),
    "state.disconnected": QT_TRANSLATE_NOOP("Catalogue", "Disconnected ({reason}); reconnecting…"),
    "state.disconnected_final": QT_TRANSLATE_NOOP("Catalogue", "Disconnected ({reason})"),
    "state.retrying": QT_TRANSLATE_NOOP("Catalogue", "Reconnecting in {seconds} s… ({reason})"),
    "state.not_sent": QT_TRANSLATE_NOOP(
        "Catalogue", "(not sent yet — will be sent when reconnected)"
    ),
    "state.offline": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Offline: reconnecting… What you write now is sent once the connection is back.",
    ),
    "line.private_hint": QT_TRANSLATE_NOOP(
        "Catalogue", "Private conversation with {nick}: /msg {nick} TEXT writes to them only"
    ),
    # --- end of presentation ---
}


def placeholders(template: str) -> frozenset[str] | None:
    """The ``{name}`` fields of ``template``; ``None`` when it is not a plain template.

    Only bare names count as plain: an attribute, index, conversion or format spec in a
    translation (``{nick.__class__}``, ``{n!r}``) could reach into an object or fail, so such
    a translation is refused rather than formatted.
    """
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return None
        names.add(name)
    return frozenset(names)


class _Shown(dict[str, str]):
    """Parameters for :meth:`str.format_map`; a missing one shows as its ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence named by its catalogue code and parameters, put into words by a :class:`Texts`.

    Events carry these instead of prose, so each front end says them in its user's language.
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        """The sentence in English (logs, tests, and what a ``str()`` of an event shows)."""
        return ENGLISH(self.code, **self.params)


class Texts:
    """Turns a code and its parameters into a sentence in one language.

    ``translate(context, english_template)`` gives the translated template (Qt's
    ``QCoreApplication.translate`` or :meth:`app.i18n.Catalogue.translate`); ``None`` means
    English. A code nobody knows, or a translation whose placeholders differ from the
    English template's, falls back to English: a sentence is never lost, at worst untranslated.
    """

    def __init__(self, translate: Translate | None = None) -> None:
        self._translate = translate
        self._templates: dict[str, str] = {}

    def template(self, code: str) -> str:
        """The template for ``code`` in this language (English when there is none usable)."""
        known = self._templates.get(code)
        if known is not None:
            return known
        english = CATALOGUE.get(code)
        if english is None:
            log.warning("no sentence has the code %r", code)
            return code
        chosen = english
        if self._translate is not None:
            translated = self._translate(CONTEXT, english)
            if translated and placeholders(translated) == placeholders(english):
                chosen = translated
            else:
                log.warning("the translation of %r is missing or broken", code)
        self._templates[code] = chosen
        return chosen

    def __call__(self, code: str, /, **params: object) -> str:
        """The sentence ``code`` with ``params`` filled in."""
        shown = _Shown({name: str(value) for name, value in params.items()})
        return self.template(code).format_map(shown)

    def sentence(self, sentence: Sentence) -> str:
        """A :class:`Sentence` in this language."""
        return self(sentence.code, **sentence.params)


#: English, the language of the templates themselves.
ENGLISH = Texts()


@cache
def texts_for(language: str) -> Texts:
    """The sentences in ``language`` for Tk and the terminal (the ``.ts`` read without Qt)."""
    from app.i18n import Catalogue

    if language == "en":
        return ENGLISH
    return Texts(Catalogue.load(language).translate)
