"""Names that look alike: Unicode confusable skeletons (UTS #39, section 4).

Two nicknames are *confusable* when they have the same skeleton: ``Аli`` with a Cyrillic А and
``Ali``, ``علي`` with an Arabic yeh and ``علی`` with a Persian one, ``Ali`` with a zero-width
joiner in the middle. The server refuses a nick whose skeleton matches one already online, so
nobody can pose as someone else with a name that only differs in invisible ways.

The skeleton follows UTS #39: ``NFD``, drop Default_Ignorable_Code_Point characters, replace
each character by its prototype from Unicode's published ``confusables.txt`` (shipped verbatim
in ``data/``, version in its header), ``NFD`` again. A skeleton is a comparison key only, never
something to show: it is a hodgepodge of scripts by design.

Nicknames are compared the way ergo compares them (``irc/i18n/strings.go``, ``Skeleton``):
width folding first (``Ａ`` → ``A``: the table maps only some fullwidth letters), then the
skeleton of the name *as typed*, then case folding of the skeleton. Folding case first would
lose what makes names look alike: ``B0B`` folds to ``b0b`` and ``I`` to ``i``, whose skeletons
differ from ``bob``'s and ``l``'s, while the skeletons of ``B0B`` and ``BOB``, ``I`` and ``l``,
``m`` and ``rn`` are the same and then fold together. (Unlike ergo, which drops the table's
``m`` → ``rn``, Gofto keeps Unicode's table whole: ``rn`` and ``m`` do look alike.)

Pure: the only I/O is reading the bundled data file, once, on first use.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from importlib import resources

from app.irc.names import SERVICE_SUFFIX, fold, reserved_nick

#: Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), which Python's
#: ``unicodedata`` does not expose. Mostly format characters (Cf), plus fillers and variation
#: selectors that are not Cf but are just as invisible.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_default_ignorable(char: str) -> bool:
    """Whether ``char`` is a Default_Ignorable_Code_Point (invisible when rendered)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


@cache
def _prototypes() -> dict[str, str]:
    """``{character: prototype}`` from the bundled ``confusables.txt`` (read once)."""
    text = resources.files(__package__).joinpath("data/confusables.txt").read_text("utf-8-sig")
    table: dict[str, str] = {}
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        fields = [field.strip() for field in data.split(";")]
        if len(fields) < 2:
            continue
        source = "".join(chr(int(code, 16)) for code in fields[0].split())
        target = "".join(chr(int(code, 16)) for code in fields[1].split())
        if len(source) == 1:
            table[source] = target
    return table


def data_version() -> str:
    """The Unicode version of the bundled ``confusables.txt`` (from its header)."""
    header = resources.files(__package__).joinpath("data/confusables.txt").read_text("utf-8-sig")
    for line in header.splitlines()[:20]:
        if line.startswith("# Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: equal skeletons mean the strings look alike."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(ch, ch) for ch in decomposed if not is_default_ignorable(ch))
    return unicodedata.normalize("NFD", mapped)


def width_fold(text: str) -> str:
    """``text`` with fullwidth and halfwidth forms replaced by their ordinary counterparts
    (what Go's ``width.Fold`` and PRECIS do), from Unicode's ``<wide>``/``<narrow>``
    decompositions."""
    return "".join(_width_folded(ch) for ch in text)


@lru_cache(maxsize=1024)
def _width_folded(ch: str) -> str:
    decomposition = unicodedata.decomposition(ch)
    if decomposition.startswith(("<wide> ", "<narrow> ")):
        return "".join(chr(int(code, 16)) for code in decomposition.split()[1:])
    return ch


def nick_skeleton(nick: str) -> str:
    """The key nicknames are compared by for look-alikes, as ergo computes it: width folding,
    the UTS #39 skeleton of the name as typed, then case folding (see the module docstring)."""
    return fold(skeleton(width_fold(nick)))


def confusable(a: str, b: str) -> bool:
    """Whether nicknames ``a`` and ``b`` would look alike to a reader (or are one name)."""
    return fold(a) == fold(b) or nick_skeleton(a) == nick_skeleton(b)


def looks_reserved(nick: str, server_name: str) -> bool:
    """Whether ``nick`` is, or looks like, the server's name or a service's (``*Serv``)."""
    if reserved_nick(nick, server_name):
        return True
    shape = nick_skeleton(nick)
    return shape == nick_skeleton(server_name) or shape.endswith(nick_skeleton(SERVICE_SUFFIX))
