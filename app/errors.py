"""Things that go wrong which a user can act on, each with a sentence that says what to do.

Front ends show ``str(error)``; nothing else needs to be translated into prose.
"""

from __future__ import annotations


class GoftoError(Exception):
    """Base of the errors a person can do something about."""


class AddressInUse(GoftoError):
    """Hosting failed because another program already listens on the port."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__(
            f"Port {port} is already in use on this computer; "
            "choose another port or close the program that uses it."
        )


class CannotListen(GoftoError):
    """Hosting failed for another reason than a taken port (a privileged port, a certificate
    that could not be made…). ``denied`` is for a port this computer does not let us use."""

    def __init__(self, port: int, detail: str, *, denied: bool = False) -> None:
        self.port, self.detail, self.denied = port, detail, denied
        if denied:
            sentence = (
                f"This computer does not let Gofto use port {port}; choose a port above 1024."
            )
        else:
            sentence = (
                f"Could not host on port {port} ({detail}); choose a port between 1024 and 65535."
            )
        super().__init__(sentence)


class HostUnreachable(GoftoError):
    """Nothing answered at the address the user gave."""

    def __init__(self, host: str, port: int, detail: str = "") -> None:
        self.host, self.port = host, port
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Could not reach a chat at {host}:{port}{extra}; "
            "check the address and that the host is running Gofto."
        )


class WrongPassword(GoftoError):
    """The room has a password and ours was missing or wrong."""

    def __init__(self) -> None:
        super().__init__("The room password is wrong; ask the host for it and try again.")


class TooManyTries(GoftoError):
    """The server refused a password without checking it: too many wrong ones from our address.

    Gofto's server slows guessing down per address (``app.server.throttle``); trying again at
    once only prolongs the wait, so the sentence says to wait rather than to retype.
    """

    def __init__(self) -> None:
        super().__init__(
            "Too many wrong passwords were tried from your address; "
            "wait a minute, then try again with the right one."
        )


class NickInUse(GoftoError):
    """Somebody in the room already has this nickname."""

    def __init__(self, nick: str) -> None:
        self.nick = nick
        super().__init__(f"The nickname “{nick}” is taken in this room; choose another one.")


class NickOwned(GoftoError):
    """The nickname belongs to someone else's key or account on this host."""

    def __init__(self, nick: str) -> None:
        self.nick = nick
        super().__init__(
            f"The nickname “{nick}” belongs to someone else on this host; choose another one."
        )


class InvalidNick(GoftoError):
    """The server (or our own check) refused the nickname's form."""

    def __init__(self, nick: str, why: str = "") -> None:
        self.nick = nick
        super().__init__(why or f"“{nick}” cannot be used as a nickname; try letters and digits.")


class CertificateChanged(GoftoError):
    """The host shows another certificate than the one we pinned on first use."""

    def __init__(self, host: str, port: int, old: str, new: str) -> None:
        self.host, self.port, self.old, self.new = host, port, old, new
        super().__init__(
            f"The chat at {_address(host, port)} shows a different certificate than before; "
            "someone may be listening in. Ask the host to read out their fingerprint and "
            "accept the new one only if it matches."
        )


class EncryptionFailed(GoftoError):
    """A host that spoke TLS before could not be reached over TLS now (no plain fallback)."""

    def __init__(self, host: str, port: int, detail: str = "") -> None:
        self.host, self.port = host, port
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Could not make an encrypted connection to {_address(host, port)}{extra}, which "
            "was encrypted before; Gofto will not join it unencrypted. Ask the host what changed."
        )


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
