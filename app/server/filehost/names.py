"""What the host believes about an uploaded file: its name for display, its type, and whether
a browser may show it inline.

Nothing here trusts the sender. The name comes from ``Content-Disposition`` (parsed by the
standard library's e-mail header parser, see :mod:`app.disposition`) and is only ever
*shown*: it is cut to a sensible length and cleared of controls, bidirectional overrides and
path separators, and never used as a path. The type comes from ``Content-Type`` when it is a
well-formed ``type/subtype`` and from the name's extension otherwise. A browser gets the file
inline only when the type cannot run anything (pictures, audio, video, plain text); HTML, SVG,
JavaScript, XML, PDF and everything unknown are attachments.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from urllib.parse import quote

from app.disposition import disposition_filename

#: Longest display name kept, in characters (the extension survives the cut).
MAX_NAME = 120
FALLBACK_NAME = "file"
GENERIC_TYPE = "application/octet-stream"
#: Types a browser shows without running anything: these may be served ``inline``.
INLINE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/avif",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/webm",
        "audio/flac",
        "video/mp4",
        "video/webm",
        "video/ogg",
        "text/plain",
    }
)
_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_EXTENSION = re.compile(r"\.([a-z0-9]{1,10})$")
#: Format characters a name needs: Persian writes ZWNJ inside words (صورت‌جلسه), ZWJ joins.
_JOINERS = frozenset("\u200c\u200d")
#: Characters that must not reach a display name: path separators, and what Windows refuses.
_UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|'})


def display_name(disposition: str | None) -> str:
    """The sender's file name from a ``Content-Disposition`` value, made safe to show."""
    return sanitise_name(disposition_filename(disposition))


def sanitise_name(name: str) -> str:
    """``name`` without controls, format characters (bidi overrides; the joiners Persian
    needs are kept), separators or leading dots, NFC-normalised, at most :data:`MAX_NAME`
    characters; ``file`` when nothing is left."""
    name = unicodedata.normalize("NFC", name)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or ch.isspace()
        or ch in _JOINERS
    )
    kept = " ".join(kept.translate(_UNSAFE).split()).lstrip(".").strip()
    if len(kept) > MAX_NAME:
        match = _EXTENSION.search(kept.lower())
        tail = kept[-len(match.group(0)) :] if match else ""
        kept = kept[: MAX_NAME - len(tail)].rstrip() + tail
    return kept or FALLBACK_NAME


def extension(name: str) -> str:
    """The name's extension for the file's URL (``.jpg``), or ``""``: lower-case letters and
    digits only, so the URL stays plain ASCII whatever the name."""
    match = _EXTENSION.search(name.lower())
    return match.group(0) if match else ""


def content_type(declared: str | None, name: str) -> str:
    """The file's type: the declared one when well-formed (parameters dropped), else the one
    its name suggests, else ``application/octet-stream``."""
    if declared:
        kind = declared.split(";", 1)[0].strip().lower()
        if _TYPE.fullmatch(kind) and kind != GENERIC_TYPE:
            return kind
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    if guessed and _TYPE.fullmatch(guessed.lower()):
        return guessed.lower()
    return GENERIC_TYPE


def disposition(kind: str, name: str) -> str:
    """The download's ``Content-Disposition``: ``inline`` only for :data:`INLINE_TYPES`, with
    the name as RFC 6266 ``filename*`` (UTF-8) and an ASCII ``filename`` fallback."""
    mode = "inline" if kind in INLINE_TYPES else "attachment"
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in name)
    return f"{mode}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
