"""A short code two people can say aloud to check they see the same host certificate.

Reading out 64 hex digits takes a minute and nobody does it; twelve digits in three groups
(``4821 0937 5562``) take a few seconds. They are derived from the SHA-256 fingerprint (its
first 80 bits, reduced to 12 decimal digits: about 40 bits), so an attacker would need about
a trillion certificates to find one with the same code: enough for a check done by voice
while the connection is being made. The full fingerprint stays one click away.

Digits are shown in the interface's language: Persian digits (U+06F0–U+06F9) in Persian, so a
Persian speaker reads them as they would any number, and both sides say the same values.
"""

from __future__ import annotations

from app.discovery.record import normalise_hex

GROUPS = 3
GROUP_DIGITS = 4
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def comparison_code(fingerprint: str, *, persian: bool = False) -> str:
    """The code for ``fingerprint`` (any form: ``AB12 CD34 …``, ``ab12cd34…``, with colons).

    Raises :class:`ValueError` when ``fingerprint`` is not a SHA-256 fingerprint.
    """
    digits = normalise_hex(fingerprint)
    if digits is None:
        raise ValueError("not a SHA-256 fingerprint")
    number = int(digits[:20], 16) % 10 ** (GROUPS * GROUP_DIGITS)
    text = f"{number:0{GROUPS * GROUP_DIGITS}d}"
    code = " ".join(text[i : i + GROUP_DIGITS] for i in range(0, len(text), GROUP_DIGITS))
    return code.translate(_PERSIAN) if persian else code


def language_digits(text: str, language: str) -> str:
    """``text`` with its ASCII digits in ``language``'s own (Persian: ``fa``), else as is."""
    return text.translate(_PERSIAN) if language.lower().startswith("fa") else text
