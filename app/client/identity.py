"""This installation's own key pair and client certificate: who you are to every host.

Why: a host recognises a person by the fingerprint of the certificate their client presents
over TLS (IRCv3 CertFP; the host logs them in as with SASL ``EXTERNAL``), so a nickname can be
theirs on that host across disconnects and restarts without any password. The pair is made on
first use (self-signed EC P-256, like the host certificate), kept in the data folder with the
key readable only by its owner, and reused afterwards: a new key is a new person.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from app.datadir import data_dir
from app.secure import make_self_signed

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
