"""Things that go wrong which a user can act on, each with a sentence that says what to do.

Each error names its sentence by a code of the client's catalogue (:attr:`GoftoError.code`,
:attr:`GoftoError.params`): a front end says it in its user's language with
``texts(error.code, **error.params)`` (:meth:`app.client.catalogue.Texts.error`), and
``str(error)`` is the English, for logs and the headless server's console. The English
templates live here, not in :mod:`app.client.catalogue`, because the server raises some of
these errors and imports nothing of the client; the catalogue includes :data:`ERROR_SENTENCES`
so every sentence is still looked up in one table.
"""

from __future__ import annotations

from app.i18n import QT_TRANSLATE_NOOP

# code -> English template (part of :data:`app.client.catalogue.CATALOGUE`).
ERROR_SENTENCES: dict[str, str] = {
    "error.address_in_use": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Port {port} is already in use on this computer; "
        "choose another port or close the program that uses it.",
    ),
    "error.cannot_listen": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Could not host on port {port} ({detail}); choose a port between 1024 and 65535.",
    ),
    "error.port_denied": QT_TRANSLATE_NOOP(
        "Catalogue", "This computer does not let Gofto use port {port}; choose a port above 1024."
    ),
    "error.unreachable": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Could not reach a chat at {address}; "
        "check the address and that the host is running Gofto.",
    ),
    "error.unreachable_detail": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Could not reach a chat at {address} ({detail}); "
        "check the address and that the host is running Gofto.",
    ),
    "error.wrong_password": QT_TRANSLATE_NOOP(
        "Catalogue", "The room password is wrong; ask the host for it and try again."
    ),
    "error.too_many_tries": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Too many wrong passwords were tried from your address; "
        "wait a minute, then try again with the right one.",
    ),
    "error.nick_in_use": QT_TRANSLATE_NOOP(
        "Catalogue", "The nickname “{nick}” is taken in this room; choose another one."
    ),
    "error.nick_owned": QT_TRANSLATE_NOOP(
        "Catalogue",
        "The nickname “{nick}” belongs to someone else on this host; choose another one.",
    ),
    "error.invalid_nick": QT_TRANSLATE_NOOP(
        "Catalogue", "“{nick}” cannot be used as a nickname; try letters and digits."
    ),
    "error.certificate_changed": QT_TRANSLATE_NOOP(
        "Catalogue",
        "The chat at {address} shows a different certificate than before; someone may be "
        "listening in. Ask the host to read out their fingerprint and accept the new one only "
        "if it matches.",
    ),
    "error.someone_else_answering": QT_TRANSLATE_NOOP(
        "Catalogue", "Someone else is answering at that address."
    ),
    "error.encryption_failed": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Could not make an encrypted connection to {address}, which was encrypted before; "
        "Gofto will not join it unencrypted. Ask the host what changed.",
    ),
    "error.encryption_failed_detail": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Could not make an encrypted connection to {address} ({detail}), which was encrypted "
        "before; Gofto will not join it unencrypted. Ask the host what changed.",
    ),
    "error.key_file_unreadable": QT_TRANSLATE_NOOP(
        "Catalogue", "Could not read or write the key file: {detail}"
    ),
    "error.key_file_invalid": QT_TRANSLATE_NOOP(
        "Catalogue",
        "This is not a Gofto key file: it must hold one private key and its certificate.",
    ),
    "error.key_file_password": QT_TRANSLATE_NOOP(
        "Catalogue", "The key file is protected by a password, and this one does not open it."
    ),
    "error.key_file_mismatch": QT_TRANSLATE_NOOP(
        "Catalogue", "The key and the certificate in this file do not belong together."
    ),
    "error.too_many_connections": QT_TRANSLATE_NOOP(
        "Catalogue",
        "The host refused the connection: there are too many connections from your address. "
        "Wait a minute, or close other connections to this host, then try again.",
    ),
    "error.host_full": QT_TRANSLATE_NOOP(
        "Catalogue", "The host is full and lets nobody else in right now; try again later."
    ),
    "error.host_busy": QT_TRANSLATE_NOOP(
        "Catalogue", "The host is busy letting others in; try again in a minute."
    ),
    "error.plain": QT_TRANSLATE_NOOP("Catalogue", "{text}"),
}


class GoftoError(Exception):
    """Base of the errors a person can do something about.

    ``code`` names a sentence of the catalogue and ``params`` its values. For the codes of
    :data:`ERROR_SENTENCES` the English is made here; an error carrying another code of the
    catalogue (a nickname's problem, an address hint) gets its ``english`` from the caller
    (:func:`app.client.catalogue.refusal`). A bare ``GoftoError("text")`` is that text as it is.
    """

    def __init__(
        self, code: str = "error.plain", /, *, english: str | None = None, **params: object
    ) -> None:
        template = ERROR_SENTENCES.get(code)
        if template is None and english is None:  # plain words, not a code
            code, params, template = "error.plain", {"text": code}, "{text}"
        self.code: str = code
        self.params: dict[str, object] = params
        super().__init__(english if english is not None else str(template).format(**params))


class AddressInUse(GoftoError):
    """Hosting failed because another program already listens on the port."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__("error.address_in_use", port=port)


class CannotListen(GoftoError):
    """Hosting failed for another reason than a taken port (a privileged port, a certificate
    that could not be made…). ``denied`` is for a port this computer does not let us use."""

    def __init__(self, port: int, detail: str, *, denied: bool = False) -> None:
        self.port, self.detail, self.denied = port, detail, denied
        if denied:
            super().__init__("error.port_denied", port=port)
        else:
            super().__init__("error.cannot_listen", port=port, detail=detail)


class HostUnreachable(GoftoError):
    """Nothing answered at the address the user gave."""

    def __init__(self, host: str, port: int, detail: str = "") -> None:
        self.host, self.port = host, port
        if detail:
            super().__init__("error.unreachable_detail", address=f"{host}:{port}", detail=detail)
        else:
            super().__init__("error.unreachable", address=f"{host}:{port}")


class WrongPassword(GoftoError):
    """The room has a password and ours was missing or wrong."""

    def __init__(self) -> None:
        super().__init__("error.wrong_password")


class TooManyTries(GoftoError):
    """The server refused a password without checking it: too many wrong ones from our address.

    Gofto's server slows guessing down per address (``app.server.throttle``); trying again at
    once only prolongs the wait, so the sentence says to wait rather than to retype.
    """

    def __init__(self) -> None:
        super().__init__("error.too_many_tries")


class NickInUse(GoftoError):
    """Somebody in the room already has this nickname."""

    def __init__(self, nick: str) -> None:
        self.nick = nick
        super().__init__("error.nick_in_use", nick=nick)


class NickOwned(GoftoError):
    """The nickname belongs to someone else's key or account on this host."""

    def __init__(self, nick: str) -> None:
        self.nick = nick
        super().__init__("error.nick_owned", nick=nick)


class InvalidNick(GoftoError):
    """The server refused the nickname's form."""

    def __init__(self, nick: str) -> None:
        self.nick = nick
        super().__init__("error.invalid_nick", nick=nick)


class CertificateChanged(GoftoError):
    """The host shows another certificate than the one we pinned on first use."""

    def __init__(self, host: str, port: int, old: str, new: str) -> None:
        self.host, self.port, self.old, self.new = host, port, old, new
        super().__init__("error.certificate_changed", address=_address(host, port))


class SomeoneElseAnswering(GoftoError):
    """A chat found on the network or named by an invite link vouched for one certificate and
    the address answered with another: not the host, so we do not join (no question asked:
    the announcement or the link was the only reason to trust that address)."""

    def __init__(self, host: str, port: int, expected: str, seen: str) -> None:
        self.host, self.port, self.expected, self.seen = host, port, expected, seen
        super().__init__("error.someone_else_answering")


class EncryptionFailed(GoftoError):
    """A host that spoke TLS before could not be reached over TLS now (no plain fallback)."""

    def __init__(self, host: str, port: int, detail: str = "") -> None:
        self.host, self.port = host, port
        if detail:
            super().__init__(
                "error.encryption_failed_detail", address=_address(host, port), detail=detail
            )
        else:
            super().__init__("error.encryption_failed", address=_address(host, port))


class HostRefused(GoftoError):
    """The host refused the connection at the door (its connection limits): too many from
    our address, or it is full or busy. Worth saying as such, not as a broken connection."""


class KeyFileError(GoftoError):
    """A key file to import or export could not be used (see app.client.identity)."""


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
