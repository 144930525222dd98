"""Plaintext in and out of a TLS connection whose handshake the IRC side already made.

The host's connections run TLS over memory buffers (:class:`app.secure.TlsSession`) on a
plain socket, so once a connection turned out to carry HTTP, this class carries on with the
same socket and session. Every read and write has a deadline: the socket timeout of each call
is the time left, never more than the stall limit, so a peer that stops (or trickles) cannot
hold the thread past the deadline the caller set for the whole request or transfer.

Bulk data takes the short way: :meth:`TlsStream.recv_into` decrypts into the caller's buffer
(no bytes object per TLS record, no join), and :meth:`TlsStream.send` encrypts a whole chunk
in one call; the socket reads are large, so a megabyte costs a handful of Python calls, and
the GIL is released for the long parts (the socket calls and OpenSSL's work).
"""

from __future__ import annotations

import contextlib
import mmap
import socket
import time

from app.secure import AnyClientCertSession, TlsSession

#: Largest single socket read, for a large body: a fast upload then costs few calls (measured
#: on loopback: about a tenth less CPU per MB than with 256 KiB reads).
RECV_BYTES = 1024 * 1024
#: Plaintext buffer of :meth:`TlsStream.recv` (request heads, chunked bodies), and the socket
#: reads for it: an exchange that moves no large body never holds a megabyte.
_SMALL_BYTES = 64 * 1024


def scratch(size: int) -> memoryview:
    """A buffer for one transfer: an anonymous memory map, whose pages go back to the system
    when the transfer ends. (A bytearray of a megabyte would stay with malloc for the next one
    on that thread's arena: measured, the host then kept about 5 MB more after a few
    transfers.)"""
    return memoryview(mmap.mmap(-1, max(size, 1)))


class Stalled(Exception):
    """The peer sent or read nothing for too long, or missed the deadline."""


class TlsStream:
    """A TLS connection's plaintext, with deadlines. ``pending`` is plaintext already read."""

    def __init__(
        self,
        sock: socket.socket,
        tls: TlsSession | AnyClientCertSession,
        pending: bytes,
        stall: float,
    ) -> None:
        self._sock = sock
        self._tls = tls
        self._pending = memoryview(pending)
        self._stall = stall
        self._buffer = memoryview(bytearray(_SMALL_BYTES))  # ciphertext from the socket
        self._plain: bytearray | None = None
        self.closed = False  # the peer closed its side (EOF or close_notify)

    def _timeout(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Stalled("deadline passed")
        return min(left, self._stall)

    def recv(self, deadline: float) -> bytes:
        """Some plaintext; ``b""`` once the peer closed. Raises :class:`Stalled` or
        :class:`OSError` (``ssl.SSLError`` included)."""
        if self._plain is None:
            self._plain = bytearray(_SMALL_BYTES)
        view = memoryview(self._plain)
        return bytes(view[: self.recv_into(view, deadline)])

    def recv_into(self, buffer: memoryview, deadline: float) -> int:
        """Plaintext into ``buffer``: as much as one socket read brought (at least one byte;
        what does not fit waits for the next call); ``0`` once the peer closed. Raises like
        :meth:`recv`."""
        if self._pending:
            count = min(len(buffer), len(self._pending))
            buffer[:count] = self._pending[:count]
            self._pending = self._pending[count:]
            return count
        wanted = min(len(buffer), RECV_BYTES)
        if wanted > len(self._buffer):  # a large body: large socket reads
            self._buffer = scratch(wanted)
        received: memoryview | bytes = b""
        while not self.closed:
            count, out, closed = self._tls.read_into(received, buffer)
            if out:
                self._send_raw(out, deadline)
            if closed:
                self.closed = True
            if count:
                return count
            if self.closed:
                break
            self._sock.settimeout(self._timeout(deadline))
            try:
                size = self._sock.recv_into(self._buffer)
            except TimeoutError as exc:
                raise Stalled("no data") from exc
            if not size:
                self.closed = True
                break
            received = self._buffer[:size]
        return 0

    def send(self, data: bytes | bytearray | memoryview, deadline: float) -> None:
        """Encrypt and send all of ``data`` before ``deadline``."""
        if data:
            self._send_raw(self._tls.encrypt(data), deadline)

    def _send_raw(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            self._sock.settimeout(self._timeout(deadline))
            try:
                sent = self._sock.send(view)
            except TimeoutError as exc:
                raise Stalled("peer not reading") from exc
            view = view[sent:]

    def finish(self, linger: float) -> None:
        """Say goodbye: close_notify, stop sending, then read and drop what the peer still
        sends for up to ``linger`` seconds, so that it reads our answer before the socket
        closes (closing with unread data would reset the connection and lose the answer)."""
        with contextlib.suppress(OSError, Stalled):
            self._send_raw(self._tls.close_notify(), time.monotonic() + min(linger, 2.0))
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + linger
        with contextlib.suppress(OSError, Stalled):
            while True:
                self._sock.settimeout(self._timeout(deadline))
                if not self._sock.recv_into(self._buffer):
                    break
