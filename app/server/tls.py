"""The host's certificate, its TLS context, and telling TLS from plain text per connection.

A Gofto host speaks TLS and plain IRC on the same port. A TLS client opens with a handshake
record whose first byte is ``0x16``; an IRC client opens with a command in ASCII. So each
connection's own reader thread (never the accept thread: a slow handshaker must not hold up
anyone else) peeks at the first byte and either runs the TLS handshake or carries on in plain
text — unless the host turned plain text off (``tls_only``), in which case a plain client gets
``ERROR :…`` explaining why, and the connection closes.

The certificate is made on first use: a self-signed EC P-256 certificate whose common name is
the server's name, valid for years, kept in the data directory (the key readable only by its
owner) and reused afterwards so that the fingerprint people compared stays the same. There is
no certificate authority: clients pin the fingerprint on first use (see
:mod:`app.client.trust`), and people compare it by voice.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from app.datadir import data_dir
from app.secure import (
    TLS_HANDSHAKE_BYTE,
    AnyClientCertSession,
    TlsSession,
    any_client_cert_context,
    fingerprint,
    make_self_signed,
)

log = logging.getLogger(__name__)

CERT_FILE = "host-cert.pem"
KEY_FILE = "host-key.pem"
#: Ten years: the fingerprint is what people remember; renewing it would look like an attack.
VALIDITY_DAYS = 3650
#: How long a connection may stay silent before we decide it is plain text. A TLS client sends
#: its ClientHello right after connecting; an IRC client usually sends NICK at once too, but
#: some wait for the server to speak first. Until we decide nothing is sent to the peer, so a
#: short wait keeps such a client from waiting on us, while being long enough for a ClientHello
#: to cross a slow link. The registration timeout keeps running meanwhile.
PEEK_TIMEOUT = 2.0
#: A TLS handshake that takes longer than this is abandoned (a stalled or hostile peer).
HANDSHAKE_TIMEOUT = 10.0
TLS_REQUIRED = "This chat only accepts encrypted (TLS) connections; connect with TLS."
NO_TLS = "This server does not speak TLS; connect in plain text."


def generate_certificate(cert_path: Path, key_path: Path, common_name: str) -> None:
    """Write a new self-signed EC P-256 certificate and its key (the key with mode 0600)."""
    make_self_signed(cert_path, key_path, common_name, VALIDITY_DAYS)


def ensure_certificate(directory: Path, common_name: str) -> tuple[Path, Path]:
    """``(cert, key)`` in ``directory``, generated on first use and reused afterwards."""
    cert_path, key_path = directory / CERT_FILE, directory / KEY_FILE
    if not (cert_path.is_file() and key_path.is_file()):
        log.info("generating the host certificate in %s", directory)
        generate_certificate(cert_path, key_path, common_name)
    return cert_path, key_path


def _cert_der(cert_path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(cert_path.read_text(encoding="ascii"))


@dataclass
class ServerTls:
    """What a server needs to speak TLS: a context, and the fingerprint people compare.

    ``tls_only`` refuses plain-text clients (with an ``ERROR`` line saying why).
    """

    context: ssl.SSLContext
    fingerprint: str
    tls_only: bool = False
    cert_path: Path | None = field(default=None, compare=False)
    #: The pyOpenSSL context connections use: it accepts clients' self-signed certificates
    #: (see app.secure.AnyClientCertSession); ``None``: :attr:`context`, no client certificates.
    client_cert_context: object | None = field(default=None, compare=False)

    @classmethod
    def load(cls, cert_path: Path, key_path: Path, *, tls_only: bool = False) -> ServerTls:
        """From a PEM certificate and key; raises :class:`OSError`/:class:`ssl.SSLError`."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert_path, key_path)
        try:
            any_cert = any_client_cert_context(str(cert_path), str(key_path))
        except Exception as error:  # OpenSSL.SSL.Error: the ssl module already accepted them
            log.warning("client certificates are not available: %s", error)
            any_cert = None
        return cls(context, fingerprint(_cert_der(cert_path)), tls_only, Path(cert_path), any_cert)

    @classmethod
    def for_host(
        cls,
        name: str,
        *,
        tls_only: bool = False,
        cert_path: Path | None = None,
        key_path: Path | None = None,
        directory: Path | None = None,
    ) -> ServerTls:
        """The given certificate, or this computer's own (made on first use in ``directory``,
        by default :func:`data_dir`)."""
        if cert_path is None or key_path is None:
            cert_path, key_path = ensure_certificate(directory or data_dir(), name)
        return cls.load(cert_path, key_path, tls_only=tls_only)


class PlainRefused(Exception):
    """A plain-text client reached a TLS-only server; ``str()`` is the ERROR line's text."""


def peek_first_byte(sock: socket.socket, timeout: float) -> int | None:
    """The first byte the peer sent (left in the socket), ``-1`` at EOF, ``None`` if silent.

    Uses a socket timeout rather than ``select``, which cannot watch descriptors above 1023.
    """
    sock.settimeout(timeout)
    try:
        first = sock.recv(1, socket.MSG_PEEK)
    except TimeoutError:
        return None
    except OSError:
        return -1
    finally:
        with contextlib.suppress(OSError):
            sock.settimeout(None)
    return first[0] if first else -1


def accept(sock: socket.socket, tls: ServerTls) -> TlsSession | AnyClientCertSession | None:
    """On a new connection's own thread: a finished :class:`TlsSession`, or ``None`` for a
    plain-text client.

    Raises :class:`PlainRefused` for a plain client of a TLS-only server, :class:`ssl.SSLError`
    or :class:`OSError` when the handshake fails, and :class:`EOFError` when the peer left.
    """
    wait = None if tls.tls_only else PEEK_TIMEOUT
    first = peek_first_byte(sock, wait if wait is not None else HANDSHAKE_TIMEOUT * 6)
    if first == -1:
        raise EOFError("the peer left before saying anything")
    if first != TLS_HANDSHAKE_BYTE:
        if tls.tls_only:
            raise PlainRefused(TLS_REQUIRED)
        return None
    session: TlsSession | AnyClientCertSession
    if tls.client_cert_context is not None:
        session = AnyClientCertSession(tls.client_cert_context)
    else:
        session = TlsSession(tls.context, server_side=True)
    sock.settimeout(HANDSHAKE_TIMEOUT)
    try:
        done, out = session.handshake()
        while True:
            if out:
                sock.sendall(out)
            if done:
                return session
            data = sock.recv(_HANDSHAKE_READ)
            if not data:
                raise EOFError("the peer left during the TLS handshake")
            done, out = session.handshake(data)
    finally:
        with contextlib.suppress(OSError):
            sock.settimeout(None)


_HANDSHAKE_READ = 16384
