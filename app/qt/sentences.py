"""Translate the English sentences that toolkit-free code produces.

:mod:`app.errors`, :func:`app.irc.nick_problem` and :mod:`app.client.address` explain problems
in English because they import no toolkit. The Qt front end shows them in the user's language
by recognising each sentence's shape and translating a template with the same placeholders;
an unknown sentence is shown as it is, so a new message is never lost, only untranslated.
"""

from __future__ import annotations

from app.i18n import template_pattern
from app.qt.qt import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "Sentences"

# Each English template, with {name} placeholders, is both the pattern and the msgid.
_TEMPLATES = (
    # app.irc.names.nick_problem
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot be empty."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname can be at most {n} characters long."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot start with a digit or a dash."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot start with “{char}”."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot contain a space."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot contain “{char}”."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot contain control or invisible characters."),
    QT_TRANSLATE_NOOP("Sentences", "A nickname cannot start or end with an invisible character."),
    # app.client.address
    QT_TRANSLATE_NOOP("Sentences", "Enter the host's address, for example 192.168.1.20:5000."),
    QT_TRANSLATE_NOOP("Sentences", "An IPv6 address in brackets needs its closing “]”."),
    QT_TRANSLATE_NOOP("Sentences", "After “]” write a colon and the port, like [::1]:5000."),
    QT_TRANSLATE_NOOP("Sentences", "The address needs a host name or IP before the port."),
    QT_TRANSLATE_NOOP("Sentences", "Port {port} is out of range (1–65535)."),
    QT_TRANSLATE_NOOP("Sentences", "“{text}” is not a port number."),
    QT_TRANSLATE_NOOP("Sentences", "“{text}” is not an IPv6 address."),
    QT_TRANSLATE_NOOP("Sentences", "“{text}” is not a valid address."),
    QT_TRANSLATE_NOOP("Sentences", "“{text}” is not a valid host name or IP address."),
    QT_TRANSLATE_NOOP("Sentences", "“{text}” is not a valid host name."),
    QT_TRANSLATE_NOOP("Sentences", "Only irc:// links can be joined, not {scheme}://."),
    QT_TRANSLATE_NOOP("Sentences", "The irc:// link has no host."),
    QT_TRANSLATE_NOOP("Sentences", "The port in the irc:// link is not a number in 1–65535."),
    # app.errors
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Port {port} is already in use on this computer; "
        "choose another port or close the program that uses it.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Could not reach a chat at {address}{detail}; "
        "check the address and that the host is running Gofto.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The room password is wrong; ask the host for it and try again."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Too many wrong passwords were tried from your address; "
        "wait a minute, then try again with the right one.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The nickname “{nick}” is taken in this room; choose another one."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "“{nick}” cannot be used as a nickname; try letters and digits."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The nickname “{nick}” belongs to someone else on this host; choose another one.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The chat at {address} shows a different certificate than before; someone may be "
        "listening in. Ask the host to read out their fingerprint and accept the new one only "
        "if it matches.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Could not make an encrypted connection to {address}{detail}, which was encrypted "
        "before; Gofto will not join it unencrypted. Ask the host what changed.",
    ),
    # app.errors.CannotListen (raised by app.server.hosting.HostedServer)
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Could not host on port {port} ({detail}); choose a port between 1024 and 65535.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "This computer does not let Gofto use port {port}; choose a port above 1024."
    ),
)


def translated(sentence: str) -> str:
    """``sentence`` in the user's language when we know its template, else unchanged."""
    for template in _TEMPLATES:
        match = template_pattern(template).match(sentence)
        if match:
            return QCoreApplication.translate(_CONTEXT, template).format(**match.groupdict())
    return sentence
