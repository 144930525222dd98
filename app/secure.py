"""TLS over memory buffers, and certificate fingerprints people can read aloud.

Both the server and the clients run TLS through :class:`TlsSession`, an :class:`ssl.SSLObject`
on two :class:`ssl.MemoryBIO` s, instead of an :class:`ssl.SSLSocket`. The socket stays a plain
socket, so the code around it keeps its own threading: the server's connection sends with
``MSG_DONTWAIT`` from several threads and wakes its reader with ``shutdown(SHUT_RD)`` (which an
``SSLSocket`` would turn into a silent switch to plain text), and the Qt client feeds bytes from
``QTcpSocket.readyRead``. OpenSSL's ``SSL`` object must not be used from two threads at once,
so every call into it here holds one lock; callers only move opaque bytes.

This module does no network I/O (only :func:`make_self_signed` writes files) and imports
nothing from the rest of ``app``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import ssl
import threading
from pathlib import Path

#: The first byte of every TLS record that opens a connection (a handshake record); no IRC
#: line starts with it, so a server can tell the two apart from the first byte it receives.
TLS_HANDSHAKE_BYTE = 0x16
#: Largest plaintext handed to ``SSLObject.write`` at once (one TLS record holds 16 KiB).
_WRITE_CHUNK = 16384
_READ_CHUNK = 65536
#: Largest plaintext of one TLS record: what one read of a record can give.
_RECORD = 16384
#: What :class:`AnyClientCertSession` reads of its outgoing buffer at once: a 16 KiB record
#: and its overhead fit (one read is the rule).
_OUT_READ = 17408
#: OpenSSL's ``SSL_MODE_ENABLE_PARTIAL_WRITE`` (ssl.h), which pyOpenSSL does not export.
_MODE_ENABLE_PARTIAL_WRITE = 0x00000001
#: Most bytes a TLS record adds to its plaintext (header, content type, AEAD tag; TLS 1.2's
#: explicit nonce), rounded up.
_RECORD_OVERHEAD = 64


def fingerprint(der: bytes) -> str:
    """The SHA-256 of a DER certificate in groups of four hex digits, e.g. ``3F2A 91C0 …``.

    Sixteen short groups are what two people can compare over the phone, group by group.
    """
    digest = hashlib.sha256(der).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def normalise_fingerprint(text: str) -> str:
    """``text`` in :func:`fingerprint`'s form, whatever separators a person typed."""
    digits = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


class TlsSession:
    """One TLS connection's state: feed it received bytes, take the bytes to send.

    ``handshake(received)`` is called until it returns ``True``; ``encrypt`` and ``decrypt``
    work after that. Every method returns the bytes that must go out on the wire next (in that
    order, all of them), because reading can produce output too (alerts, TLS 1.3 key updates).
    Thread-safe: each call holds the session's lock.
    """

    def __init__(self, context: ssl.SSLContext, *, server_side: bool) -> None:
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = context.wrap_bio(self._in, self._out, server_side=server_side)
        self._lock = threading.Lock()
        self.done = False

    def handshake(self, received: bytes = b"") -> tuple[bool, bytes]:
        """Advance the handshake with ``received``; ``(finished, bytes_to_send)``.

        Raises :class:`ssl.SSLError` when the peer does not speak TLS or refuses ours.
        """
        with self._lock:
            if received:
                self._in.write(received)
            try:
                self._obj.do_handshake()
            except ssl.SSLWantReadError:
                return False, self._out.read()
            self.done = True
            return True, self._out.read()

    def encrypt(self, data: bytes | bytearray | memoryview) -> bytes:
        """The TLS records that carry ``data`` (after anything else pending).

        One ``write`` of all of it (OpenSSL cuts the records, with the GIL released) and one
        read of the outgoing buffer: a file download's megabyte costs two calls, not sixty-four
        and two extra copies."""
        with self._lock:
            view = memoryview(data)
            while view:
                view = view[self._obj.write(view) :]
            return self._out.read()

    def encrypt_into(self, out: bytearray, data: bytes) -> None:
        """Append the records that carry ``data`` to ``out``, atomically with respect to every
        other ``*_into`` call: records reach the buffer in the order they were made, which TLS
        requires (each is numbered) even when several threads queue output."""
        with self._lock:
            view = memoryview(data)
            for start in range(0, len(view), _WRITE_CHUNK):
                self._obj.write(view[start : start + _WRITE_CHUNK])
            out += self._out.read()

    def read_into(
        self, received: bytes | bytearray | memoryview, buffer: memoryview
    ) -> tuple[int, bytes, bool]:
        """Feed ``received``, then decrypt as much plaintext as is ready into ``buffer``:
        ``(count, bytes_to_send, closed)``. What does not fit stays for the next call (with
        ``received`` empty). Raises :class:`ssl.SSLError` on a broken stream.

        For bulk data (a file upload): records are decrypted straight into the caller's
        buffer, with no bytes object per record and no join."""
        with self._lock:
            if received:
                self._in.write(received)
            filled, size, closed = 0, len(buffer), False
            while filled < size:
                try:
                    count = self._obj.read(size - filled, buffer[filled:])
                except ssl.SSLWantReadError:
                    break
                except ssl.SSLZeroReturnError:
                    closed = True
                    break
                if not count:
                    closed = True
                    break
                filled += count
            return filled, self._out.read(), closed

    def decrypt(self, received: bytes) -> tuple[bytes, bytes, bool]:
        """``(plaintext, bytes_to_send, closed)`` for ``received``; ``closed`` after the
        peer's close_notify. Raises :class:`ssl.SSLError` on a broken stream."""
        out = bytearray()
        plain, closed = self.decrypt_into(out, received)
        return plain, bytes(out), closed

    def decrypt_into(self, out: bytearray, received: bytes) -> tuple[bytes, bool]:
        """Like :meth:`decrypt`, appending the bytes to send to ``out`` (see
        :meth:`encrypt_into`); returns ``(plaintext, closed)``."""
        with self._lock:
            if received:
                self._in.write(received)
            chunks: list[bytes] = []
            closed = False
            while True:
                try:
                    chunk = self._obj.read(_READ_CHUNK)
                except ssl.SSLWantReadError:
                    break
                except ssl.SSLZeroReturnError:
                    closed = True
                    break
                if not chunk:
                    closed = True
                    break
                chunks.append(chunk)
            pending = self._out.read()
            if pending:
                out += pending
            return b"".join(chunks), closed

    def close_notify(self) -> bytes:
        """The close_notify alert to send before closing (empty if it cannot be made)."""
        out = bytearray()
        self.close_notify_into(out)
        return bytes(out)

    def close_notify_into(self, out: bytearray) -> None:
        """Append the close_notify alert to ``out`` (see :meth:`encrypt_into`)."""
        with self._lock:
            with contextlib.suppress(ssl.SSLError):  # SSLWantReadError: no reply awaited
                self._obj.unwrap()
            out += self._out.read()

    def peer_certificate(self) -> bytes | None:
        """The peer's certificate in DER form (clients read the server's), if any."""
        with self._lock:
            return self._obj.getpeercert(binary_form=True)

    @property
    def version(self) -> str | None:
        """The negotiated protocol, e.g. ``TLSv1.3``."""
        with self._lock:
            return self._obj.version()


class AnyClientCertSession:
    """The server side of a TLS connection that accepts *any* client certificate.

    Why not :class:`TlsSession`: Python's :mod:`ssl` can only ask for a client certificate it
    can verify against a certificate authority (no verify callback: CPython issue 75423,
    "Add SSLContext.set_verify_callback"), so a self-signed one — what Gofto clients and
    IRC clients using CertFP present — fails the handshake. pyOpenSSL lets a callback accept
    it; the certificate then identifies its holder by fingerprint (the handshake proved they
    hold its key), and nothing is trusted because of who signed it. Same interface as
    :class:`TlsSession`, over memory buffers, every call under one lock.
    """

    def __init__(self, context: object) -> None:
        from OpenSSL import SSL

        self._ssl = SSL
        self._obj = SSL.Connection(context, None)  # type: ignore[arg-type]
        self._obj.set_accept_state()
        self._lock = threading.Lock()
        self.done = False

    def _pending_out(self, expected: int = _OUT_READ) -> bytes:
        """Everything the TLS object wrote for the peer; ``expected``: about how much (one
        read takes it all in the common case: asking again when nothing is left raises, and
        an exception per message is what made this path four times dearer than
        :class:`TlsSession`'s)."""
        size = max(expected, _OUT_READ)
        try:
            data = self._obj.bio_read(size)
        except self._ssl.WantReadError:
            return b""
        if len(data) < size:
            return data
        chunks = [data]
        while True:
            try:
                chunk = self._obj.bio_read(size)
            except self._ssl.WantReadError:
                break
            chunks.append(chunk)
            if len(chunk) < size:
                break
        return b"".join(chunks)

    def handshake(self, received: bytes = b"") -> tuple[bool, bytes]:
        """As :meth:`TlsSession.handshake`; raises :class:`ssl.SSLError` on failure."""
        with self._lock:
            if received:
                self._obj.bio_write(bytes(received))
            try:
                self._obj.do_handshake()
            except self._ssl.WantReadError:
                return False, self._pending_out()
            except self._ssl.Error as error:
                raise ssl.SSLError(str(error)) from error
            self.done = True
            return True, self._pending_out()

    def encrypt(self, data: bytes | bytearray | memoryview) -> bytes:
        """As :meth:`TlsSession.encrypt`: one write (see :func:`any_client_cert_context`) and
        one read of the outgoing buffer."""
        with self._lock:
            view = memoryview(data)
            size = len(view)
            while view:
                view = view[self._obj.send(view) :]
            return self._pending_out(size + (size // _RECORD + 1) * _RECORD_OVERHEAD)

    def encrypt_into(self, out: bytearray, data: bytes) -> None:
        """As :meth:`TlsSession.encrypt_into`."""
        with self._lock:
            view = memoryview(data)
            for start in range(0, len(view), _WRITE_CHUNK):
                self._obj.send(view[start : start + _WRITE_CHUNK])  # a memory BIO takes it all
            out += self._pending_out()

    def decrypt(self, received: bytes) -> tuple[bytes, bytes, bool]:
        """As :meth:`TlsSession.decrypt`."""
        out = bytearray()
        plain, closed = self.decrypt_into(out, received)
        return plain, bytes(out), closed

    def decrypt_into(self, out: bytearray, received: bytes) -> tuple[bytes, bool]:
        """As :meth:`TlsSession.decrypt_into`; raises :class:`ssl.SSLError` on a broken
        stream."""
        with self._lock:
            if received:
                self._obj.bio_write(received)  # any buffer: bytes or a memoryview
            chunks: list[bytes] = []
            closed = False
            while True:
                try:
                    chunk = self._obj.recv(_READ_CHUNK)
                except self._ssl.WantReadError:
                    break
                except self._ssl.ZeroReturnError:
                    closed = True
                    break
                except self._ssl.SysCallError:
                    closed = True
                    break
                except self._ssl.Error as error:
                    raise ssl.SSLError(str(error)) from error
                if not chunk:
                    closed = True
                    break
                chunks.append(chunk)
            out += self._pending_out()
            return b"".join(chunks), closed

    def read_into(
        self, received: bytes | bytearray | memoryview, buffer: memoryview
    ) -> tuple[int, bytes, bool]:
        """As :meth:`TlsSession.read_into` (pyOpenSSL copies each record once more, from
        its own buffer)."""
        with self._lock:
            if received:
                self._obj.bio_write(received)
            filled, size, closed = 0, len(buffer), False
            while filled < size:
                try:
                    count = self._obj.recv_into(buffer[filled:], min(size - filled, _RECORD))
                except self._ssl.WantReadError:
                    break
                except (self._ssl.ZeroReturnError, self._ssl.SysCallError):
                    closed = True
                    break
                except self._ssl.Error as error:
                    raise ssl.SSLError(str(error)) from error
                if not count:
                    closed = True
                    break
                filled += count
            return filled, self._pending_out(), closed

    def close_notify(self) -> bytes:
        """As :meth:`TlsSession.close_notify`."""
        out = bytearray()
        self.close_notify_into(out)
        return bytes(out)

    def close_notify_into(self, out: bytearray) -> None:
        """As :meth:`TlsSession.close_notify_into`."""
        with self._lock:
            with contextlib.suppress(self._ssl.Error):
                self._obj.shutdown()
            out += self._pending_out()

    def peer_certificate(self) -> bytes | None:
        """The client's certificate in DER form, if it presented one."""
        from cryptography.hazmat.primitives.serialization import Encoding

        with self._lock:
            cert = self._obj.get_peer_certificate(as_cryptography=True)
            return cert.public_bytes(Encoding.DER) if cert is not None else None

    @property
    def version(self) -> str | None:
        """The negotiated protocol, e.g. ``TLSv1.3``."""
        with self._lock:
            return self._obj.get_protocol_version_name()


def any_client_cert_context(cert_path: str, key_path: str) -> object:
    """A pyOpenSSL server context for :class:`AnyClientCertSession`: TLS 1.2 or later, our
    certificate, and a client certificate asked for (not required) and accepted as it is."""
    from OpenSSL import SSL

    context = SSL.Context(SSL.TLS_SERVER_METHOD)
    context.set_min_proto_version(SSL.TLS1_2_VERSION)
    context.use_certificate_chain_file(cert_path)
    context.use_privatekey_file(key_path)
    context.check_privatekey()
    # The certificate is an identity, not a credential vouched for by anyone: accept it and
    # let the fingerprint speak (see AnyClientCertSession).
    context.set_verify(SSL.VERIFY_PEER, lambda *_args: True)
    context.set_session_id(b"gofto")
    # Whole writes (pyOpenSSL turns partial ones on): a large chunk, like a file download's
    # megabyte, is then encrypted in one call with the GIL released throughout, instead of
    # one call per 16 KiB record. Memory buffers take any amount, so a write never stops
    # half-way. (A pyOpenSSL without ``clear_mode``: encrypt() loops.)
    clear_mode = getattr(context, "clear_mode", None)
    if clear_mode is not None:
        clear_mode(_MODE_ENABLE_PARTIAL_WRITE)
    return context


def certificate_id(der: bytes) -> str:
    """A client certificate's identity on a host: its SHA-256, lowercase hex (CertFP)."""
    return hashlib.sha256(der).hexdigest()


def make_self_signed(cert_path: Path, key_path: Path, common_name: str, days: int) -> None:
    """Write a new self-signed EC P-256 certificate and its key (the key with mode 0600)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64] or "gofto")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    # The key is created 0600 from the start: never readable by others, not even briefly.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_bytes)
    with contextlib.suppress(OSError):
        os.chmod(key_path, 0o600)  # an existing file keeps its old mode through O_CREAT
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
