"""Which hosts we trust: certificate fingerprints pinned on first use, like SSH's known_hosts.

Gofto hosts use self-signed certificates, so there is no authority to ask. A chat found on the
network or named by an invite link comes with its fingerprint: that one is *pinned* (the
connection is accepted only with that certificate, and a different one is refused with
:class:`~app.errors.SomeoneElseAnswering`, no question asked). Otherwise the first
fingerprint seen for a ``host:port`` is remembered, and a *different* one later stops the
connection (:class:`~app.errors.CertificateChanged`) until the person accepts it explicitly,
ideally after the host has read theirs out. A host once reached over TLS is remembered as
speaking TLS, so a failed handshake later is an error (:class:`~app.errors.EncryptionFailed`)
and never a silent fall back to plain text. Only a host never seen may fall back, which is how
Gofto joins ordinary IRC servers that speak only plain text.

:class:`ClientTls` is the policy both transports (threaded and Qt) follow; they only move
bytes. Toolkit-free: a small JSON file in the data directory, written atomically.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from app.client.identity import client_certificate
from app.datadir import data_dir
from app.errors import CertificateChanged, EncryptionFailed, SomeoneElseAnswering
from app.i18n import QT_TRANSLATE_NOOP
from app.secure import TlsSession, fingerprint, normalise_fingerprint

log = logging.getLogger(__name__)

KNOWN_HOSTS_FILE = "known-hosts.json"
#: How long a TLS handshake with a host never seen may take before we try plain text. A server
#: that speaks only plain text usually answers a ClientHello with text (most greet with a
#: NOTICE at once; a Gofto server without TLS says ERROR) or closes, and both fail at once; but
#: some (ngIRCd) wait silently for a line that never comes. A TLS server answers within a
#: round trip or two, so two seconds is the price of joining such a server, paid per connect.
FIRST_HANDSHAKE_TIMEOUT = 2.0
#: A host known to speak TLS gets longer: giving up means an error, not a fallback.
KNOWN_HANDSHAKE_TIMEOUT = 15.0

#: How a fingerprint came to be trusted (kept with it, shown in the "Connection" dialog).
FIRST_USE = "first-use"
INVITE = "invite"
DISCOVERY = "discovery"
#: Trusted because the person accepted a changed certificate.
ACCEPTED = "accepted"
#: Our own server: the hosting window knows its certificate.
OWN = "own"
#: How each kind of trust is said in the "Connection" dialog (Qt and Tk), English source of
#: the ``ConnectionDialog`` context that each toolkit translates.
TRUST_SENTENCES = {
    INVITE: QT_TRANSLATE_NOOP("ConnectionDialog", "Pinned by the invite link"),
    DISCOVERY: QT_TRANSLATE_NOOP("ConnectionDialog", "Pinned from the chat's network announcement"),
    FIRST_USE: QT_TRANSLATE_NOOP("ConnectionDialog", "Trusted on first use"),
    ACCEPTED: QT_TRANSLATE_NOOP("ConnectionDialog", "Accepted by you after it changed"),
    OWN: QT_TRANSLATE_NOOP("ConnectionDialog", "Your own chat's certificate"),
}


def trust_sentence(how: str) -> str:
    """The English sentence (context ``ConnectionDialog``) for ``how``; unknown: first use."""
    return TRUST_SENTENCES.get(how, TRUST_SENTENCES[FIRST_USE])


def host_key(host: str, port: int) -> str:
    """The store's key for a server: ``host:port`` with the host in lower case."""
    host = host.strip().lower().rstrip(".")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True, slots=True)
class Security:
    """How a connection is protected, for the status bar and the terminal.

    ``fingerprint`` is the host's (``None`` in plain text); ``first_use`` says it was pinned
    just now, so the person may want to compare it with the host.
    """

    encrypted: bool
    fingerprint: str | None = None
    first_use: bool = False
    #: How the fingerprint is trusted: FIRST_USE, INVITE, DISCOVERY, ACCEPTED or OWN.
    how: str = FIRST_USE
    #: Since when (seconds since the epoch), when known.
    since: float | None = None


PLAIN = Security(encrypted=False)


class TrustStore:
    """``host:port`` → pinned fingerprint, kept in ``known-hosts.json`` in the data directory.

    Safe to share between threads; a damaged file is logged and treated as empty (the worst
    outcome is a new first use, never a crash).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / KNOWN_HOSTS_FILE
        self._lock = threading.Lock()

    def fingerprint(self, host: str, port: int) -> str | None:
        """The pinned fingerprint of ``host:port``, or ``None`` for a host never seen."""
        pinned = self.entry(host, port)
        return pinned[0] if pinned is not None else None

    def entry(self, host: str, port: int) -> tuple[str, str, float | None] | None:
        """``(fingerprint, how, since)`` for ``host:port`` (see :class:`Security`), if known."""
        with self._lock:
            entry = self._load().get(host_key(host, port))
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            return None
        how = entry.get("how")
        since = entry.get("since")
        return (
            str(entry["fingerprint"]),
            how if isinstance(how, str) else FIRST_USE,
            float(since) if isinstance(since, int | float) else None,
        )

    def speaks_tls(self, host: str, port: int) -> bool:
        """Whether ``host:port`` was reached over TLS before (so plain text is not allowed)."""
        return self.fingerprint(host, port) is not None

    def remember(
        self, host: str, port: int, fingerprint_text: str, how: str = ACCEPTED
    ) -> tuple[str, float]:
        """Pin ``fingerprint_text`` for ``host:port`` (replacing an older one); ``how`` says
        why it is trusted. The same fingerprint again keeps its first date and, unless the
        new reason is a stronger one (an invite or an announcement), its reason.
        Returns ``(how, since)`` as stored."""
        fingerprint_text = normalise_fingerprint(fingerprint_text)
        with self._lock:
            hosts = self._load()
            key = host_key(host, port)
            old = hosts.get(key)
            since = time.time()
            if isinstance(old, dict) and old.get("fingerprint") == fingerprint_text:
                if isinstance(old.get("since"), int | float):
                    since = float(old["since"])
                if how not in (INVITE, DISCOVERY) and isinstance(old.get("how"), str):
                    how = str(old["how"])
            hosts[key] = {"fingerprint": fingerprint_text, "tls": True, "how": how, "since": since}
            self._save(hosts)
        return how, since

    def _load(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable %s: %s", self.path, error)
            return {}
        hosts = data.get("hosts") if isinstance(data, dict) else None
        return dict(hosts) if isinstance(hosts, dict) else {}

    def _save(self, hosts: dict[str, object]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "hosts": hosts}, indent=1, sort_keys=True)
        fd, temp = tempfile.mkstemp(prefix=".known-hosts-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, self.path)  # atomic: a crash never leaves half a file
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


class ClientTls:
    """The TLS policy of one connection attempt: try TLS, check the certificate, decide.

    - ``store``: where fingerprints are pinned (``None``: a fresh :class:`TrustStore`).
    - ``force``: TLS or nothing (an ``ircs://`` link), never plain text.
    - ``expected``: the fingerprint to insist on, bypassing the store (the host's own window
      joining its own server knows it).
    - ``accept``: a new fingerprint the person accepted after a change; it is pinned when seen.
    - ``pinned``: the fingerprint an invite link or an announcement vouched for (``how`` says
      which: :data:`INVITE` or :data:`DISCOVERY`); only that certificate is accepted, anything
      else is :class:`~app.errors.SomeoneElseAnswering`, and once seen it is remembered.
    """

    def __init__(
        self,
        store: TrustStore | None = None,
        *,
        force: bool = False,
        expected: str | None = None,
        accept: str | None = None,
        pinned: str | None = None,
        how: str = INVITE,
    ) -> None:
        self.store = store if store is not None else TrustStore()
        self.force = force
        self.expected = normalise_fingerprint(expected) if expected else None
        self.accept = normalise_fingerprint(accept) if accept else None
        self.pinned = normalise_fingerprint(pinned) if pinned else None
        self.how = how

    def session(self) -> TlsSession:
        """A client-side TLS session. The certificate is not checked against an authority
        (a host's is self-signed); :meth:`check` pins it instead."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        identity = client_certificate()
        if identity is not None:  # who we are to the host (CertFP): see app.client.identity
            try:
                context.load_cert_chain(*identity)
            except (OSError, ValueError) as error:  # ssl.SSLError: a damaged pair
                log.warning("cannot present the client certificate: %s", error)
        return TlsSession(context, server_side=False)

    def handshake_timeout(self, host: str, port: int) -> float:
        """Seconds a handshake may take: short for a host that may turn out to be plain."""
        if self.may_fall_back(host, port):
            return FIRST_HANDSHAKE_TIMEOUT
        return KNOWN_HANDSHAKE_TIMEOUT

    def may_fall_back(self, host: str, port: int) -> bool:
        """Whether a failed handshake may be followed by plain text: only for a host never
        reached over TLS, and not for ``ircs://`` links or our own server."""
        if self.force or self.expected is not None or self.pinned is not None:
            return False
        return not self.store.speaks_tls(host, port)

    def failed(self, host: str, port: int, detail: str) -> EncryptionFailed:
        """The error for a handshake that failed where plain text is not allowed."""
        return EncryptionFailed(host, port, detail)

    def check(self, host: str, port: int, der: bytes | None) -> Security:
        """Judge the server's certificate; raises :class:`~app.errors.CertificateChanged`."""
        if not der:
            raise EncryptionFailed(host, port, "the host sent no certificate")
        seen = fingerprint(der)
        if self.expected is not None:
            if seen != self.expected:
                raise CertificateChanged(host, port, self.expected, seen)
            return Security(True, seen, how=OWN)
        if self.pinned is not None:
            if seen != self.pinned:
                raise SomeoneElseAnswering(host, port, self.pinned, seen)
            how, since = self.store.remember(host, port, seen, self.how)
            return Security(True, seen, how=how, since=since)
        entry = self.store.entry(host, port)
        if entry is not None and entry[0] == seen:
            return Security(True, seen, how=entry[1], since=entry[2])
        if entry is None or seen == self.accept:
            how, since = self.store.remember(
                host, port, seen, FIRST_USE if entry is None else ACCEPTED
            )
            return Security(True, seen, first_use=entry is None, how=how, since=since)
        raise CertificateChanged(host, port, entry[0], seen)
