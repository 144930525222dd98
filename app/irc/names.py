r"""Nicknames and channel names: validation and the case mapping used to compare them.

Gofto accepts nicknames in any script (Persian users are first-class), so names are compared
after Unicode normalisation and case folding, the way RFC 8265/8266 (PRECIS) prepares
nicknames: NFKC, case fold, NFKC again. The server advertises this as ``CASEMAPPING=rfc8265``
alongside ``UTF8ONLY``.

Within ASCII a nickname follows RFC 2812's grammar (section 2.3.1): letters, digits, the
specials ``[]\`_^{|}`` and ``-``, not first a digit or ``-``; so no ``.`` (a nick with a dot
could pass for a server's name, ``gofto.local``), no ``/``, quotes or ``#``. Beyond ASCII
it may use the letters, marks and digits of any script, and the zero-width non-joiner Persian
spelling needs inside words.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

CASEMAPPING = "rfc8265"
NICKLEN = 30
CHANNELLEN = 50
CHANTYPES = "#&"

_NICK_FORBIDDEN = frozenset(" ,*?!@")
_NICK_BAD_START = frozenset("#&:$+~%")
#: The ASCII characters RFC 2812 allows in a nickname besides letters and digits.
_NICK_ASCII_SPECIALS = frozenset("[]\\`_^{|}-")
#: Unicode general categories allowed beyond ASCII: letters, marks, digits.
_NICK_UNICODE_CATEGORIES = ("L", "M", "N")
#: A nickname ending so (after case folding) looks like a network service (NickServ, ChanServ).
SERVICE_SUFFIX = "serv"
_ZWNJ = "\u200c"  # Persian writes many words with a zero-width non-joiner; it must stay legal.
_CHANNEL_FORBIDDEN = frozenset(" ,\x07:")


def fold(name: str) -> str:
    """The comparison key of a nick or channel name (PRECIS-style NFKC + case fold).

    ASCII text is its own NFKC form and case-folds as ``lower()`` does: that shortcut (the
    common case, several times a received message) gives the same key for a fraction of the CPU.
    """
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def same_name(a: str, b: str) -> bool:
    """Whether two names denote the same nick or channel under Gofto's case mapping."""
    return fold(a) == fold(b)


def _bad_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    if ch == _ZWNJ:
        return False
    return category in {"Cc", "Cs", "Cn", "Co", "Cf", "Zs", "Zl", "Zp"}


class NickProblem(NamedTuple):
    """Why a nickname cannot be used: a sentence code and its values, no prose.

    The protocol layer says no sentences (it imports nothing of the app); the client's
    catalogue words ``code`` (``"nick.too_long"`` with ``{"n": 30}``…) in the user's language.
    """

    code: str
    params: dict[str, object]


def nick_problem(nick: str, max_length: int = NICKLEN) -> NickProblem | None:
    """Why ``nick`` is not a valid nickname, or ``None`` if it is valid."""
    if not nick:
        return NickProblem("nick.empty", {})
    if len(nick) > max_length:
        return NickProblem("nick.too_long", {"n": max_length})
    if nick[0] in _NICK_BAD_START:
        return NickProblem("nick.bad_start", {"char": nick[0]})
    if nick[0] in "0123456789-":
        return NickProblem("nick.digit_start", {})
    for ch in nick:
        if ch == " ":
            return NickProblem("nick.space", {})
        if ch in _NICK_FORBIDDEN:
            return NickProblem("nick.bad_char", {"char": ch})
        if _bad_char(ch):
            return NickProblem("nick.invisible", {})
        if not _grammar_allows(ch):
            return NickProblem("nick.bad_char", {"char": ch})
    if nick[-1] == _ZWNJ or nick[0] == _ZWNJ:
        return NickProblem("nick.invisible_edge", {})
    return None


def _grammar_allows(ch: str) -> bool:
    """Whether ``ch`` may appear in a nickname (RFC 2812 in ASCII, letters/marks/digits else)."""
    if ch.isascii():
        return ch.isalnum() or ch in _NICK_ASCII_SPECIALS
    return ch == _ZWNJ or unicodedata.category(ch)[0] in _NICK_UNICODE_CATEGORIES


def reserved_nick(nick: str, server_name: str) -> bool:
    """Whether ``nick`` is kept from users: the server's own name, or one that looks like a
    network service (``NickServ``, ``ChanServ``: anything ending in ``serv``), so nobody can
    pose as the server or as a service people are used to trust."""
    folded = fold(nick)
    return folded == fold(server_name) or folded.endswith(SERVICE_SUFFIX)


def valid_nick(nick: str, max_length: int = NICKLEN) -> bool:
    """Whether ``nick`` may be used as a nickname."""
    return nick_problem(nick, max_length) is None


def valid_channel(name: str, chantypes: str = CHANTYPES, max_length: int = CHANNELLEN) -> bool:
    """Whether ``name`` is a channel name: a channel-type prefix, then no space, comma or BEL."""
    if len(name) < 2 or len(name) > max_length or name[0] not in chantypes:
        return False
    return not any(ch in _CHANNEL_FORBIDDEN or (_bad_char(ch) and ch != _ZWNJ) for ch in name)


def is_channel(target: str, chantypes: str = CHANTYPES) -> bool:
    """Whether a message target names a channel rather than a nick."""
    return bool(target) and target[0] in chantypes
