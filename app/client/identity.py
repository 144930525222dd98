"""This installation's own key pair and client certificate: who you are to every host.

Why: a host recognises a person by the fingerprint of the certificate their client presents
over TLS (IRCv3 CertFP; the host logs them in as with SASL ``EXTERNAL``), so a nickname can be
theirs on that host across disconnects and restarts without any password. The pair is made on
first use (self-signed EC P-256, like the host certificate), kept in the data folder with the
key readable only by its owner, and reused afterwards: a new key is a new person.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from app.datadir import data_dir
from app.errors import KeyFileError
from app.secure import fingerprint, make_self_signed

log = logging.getLogger(__name__)

CERT_FILE = "client-cert.pem"
KEY_FILE = "client-key.pem"
#: Long: the fingerprint is the person; renewing it would make them someone else.
VALIDITY_DAYS = 36500
#: Two connections starting at once in one process must not make two different keys.
_lock = threading.Lock()


def client_certificate(directory: Path | None = None) -> tuple[Path, Path] | None:
    """``(cert, key)`` of this installation, made on first use; ``None`` if the data folder
    cannot be written (the client then connects without one, as a guest)."""
    folder = directory or data_dir()
    cert, key = folder / CERT_FILE, folder / KEY_FILE
    with _lock:
        if cert.is_file() and key.is_file():
            return cert, key
        try:
            log.info("making this installation's client certificate in %s", folder)
            make_self_signed(cert, key, "gofto-client", VALIDITY_DAYS)
        except OSError as error:
            log.warning("no client certificate (%s): connecting without one", error)
            return None
    return cert, key


# -- moving to another computer ---------------------------------------------------------------
#: A key file bigger than this is not one of ours (ours is about 1 KiB).
MAX_KEY_FILE = 64 * 1024


def export_identity(target: Path, password: str = "", directory: Path | None = None) -> str:
    """Write this installation's key and certificate to ``target`` as one PEM file (the key
    encrypted with ``password`` when one is given: cryptography's ``BestAvailableEncryption``),
    readable only by its owner. Returns the certificate's fingerprint (to show the person).

    Why one file: moving to a new computer is one thing to carry; importing it there makes
    that computer the same person to every host (the nickname it owns stays theirs).
    """
    from cryptography.hazmat.primitives import serialization

    pair = client_certificate(directory)
    if pair is None:
        raise KeyFileError("error.key_file_unreadable", detail=str(directory or data_dir()))
    cert_path, key_path = pair
    try:
        cert_pem, key_pem = cert_path.read_bytes(), key_path.read_bytes()
        key = serialization.load_pem_private_key(key_pem, password=None)
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password.encode("utf-8"))
            if password
            else serialization.NoEncryption()
        )
        out = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
        _write_private(target, out + cert_pem)
    except OSError as error:
        raise KeyFileError(
            "error.key_file_unreadable", detail=error.strerror or str(error)
        ) from error
    except ValueError as error:
        raise KeyFileError("error.key_file_invalid") from error
    return _fingerprint_of(cert_pem)


def read_key_file(source: Path, password: str = "") -> tuple[bytes, bytes, str]:
    """Check a key file: ``(certificate PEM, unencrypted key PEM, fingerprint)``, or a
    :class:`~app.errors.KeyFileError` saying what is wrong (unreadable, not ours, wrong
    password, a key that does not match the certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE + 1)
    except OSError as error:
        raise KeyFileError(
            "error.key_file_unreadable", detail=error.strerror or str(error)
        ) from error
    if len(data) > MAX_KEY_FILE:
        raise KeyFileError("error.key_file_invalid")
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError as error:
        raise KeyFileError("error.key_file_invalid") from error
    encrypted = b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in data
    key_block = _key_block(data)
    if len(certs) != 1 or key_block is None:
        raise KeyFileError("error.key_file_invalid")
    try:
        key = serialization.load_pem_private_key(
            key_block, password=password.encode("utf-8") if encrypted else None
        )
    except TypeError as error:  # a password was needed
        raise KeyFileError("error.key_file_password") from error
    except ValueError as error:
        if encrypted:
            raise KeyFileError("error.key_file_password") from error
        raise KeyFileError("error.key_file_invalid") from error
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != certs[0].public_key().public_bytes(*spki):
        raise KeyFileError("error.key_file_mismatch")
    cert_pem = certs[0].public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert_pem, key_pem, _fingerprint_of(cert_pem)


def import_identity(cert_pem: bytes, key_pem: bytes, directory: Path | None = None) -> None:
    """Replace this installation's key and certificate (checked by :func:`read_key_file`):
    from the next connection on, hosts see the imported person."""
    folder = directory or data_dir()
    with _lock:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_private(folder / KEY_FILE, key_pem)
            _write_private(folder / CERT_FILE, cert_pem)
        except OSError as error:
            raise KeyFileError(
                "error.key_file_unreadable", detail=error.strerror or str(error)
            ) from error


def current_fingerprint(directory: Path | None = None) -> str | None:
    """The fingerprint of this installation's certificate (made on first use), if any."""
    pair = client_certificate(directory)
    if pair is None:
        return None
    try:
        return _fingerprint_of(pair[0].read_bytes())
    except (OSError, ValueError):
        return None


def _key_block(data: bytes) -> bytes | None:
    for kind in (b"ENCRYPTED PRIVATE KEY", b"PRIVATE KEY", b"EC PRIVATE KEY"):
        begin = data.find(b"-----BEGIN " + kind + b"-----")
        if begin >= 0:
            end_marker = b"-----END " + kind + b"-----"
            end = data.find(end_marker, begin)
            if end < 0:
                return None
            return data[begin : end + len(end_marker)] + b"\n"
    return None


def _fingerprint_of(cert_pem: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return fingerprint(der)


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file made 0600 (never readable by
    others, never half-written)."""
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
