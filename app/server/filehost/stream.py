"""Plaintext in and out of a TLS connection whose handshake the IRC side already made.

The host's connections run TLS over memory buffers (:class:`app.secure.TlsSession`) on a
plain socket, so once a connection turned out to carry HTTP, this class carries on with the
same socket and session. Every read and write has a deadline: the socket timeout of each call
is the time left, never more than the stall limit, so a peer that stops (or trickles) cannot
hold the thread past the deadline the caller set for the whole request or transfer.
"""

from __future__ import annotations

import contextlib
import socket
import time

from app.secure import TlsSession

#: Largest single ``recv``: big enough that a fast upload costs few calls.
RECV_BYTES = 256 * 1024


class Stalled(Exception):
    """The peer sent or read nothing for too long, or missed the deadline."""


class TlsStream:
    """A TLS connection's plaintext, with deadlines. ``pending`` is plaintext already read."""

    def __init__(self, sock: socket.socket, tls: TlsSession, pending: bytes, stall: float) -> None:
        self._sock = sock
        self._tls = tls
        self._pending = pending
        self._stall = stall
        self._buffer = bytearray(RECV_BYTES)
        self.closed = False  # the peer closed its side (EOF or close_notify)

    def _timeout(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Stalled("deadline passed")
        return min(left, self._stall)

    def recv(self, deadline: float) -> bytes:
        """Some plaintext; ``b""`` once the peer closed. Raises :class:`Stalled` or
        :class:`OSError` (``ssl.SSLError`` included)."""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        while not self.closed:
            self._sock.settimeout(self._timeout(deadline))
            try:
                size = self._sock.recv_into(self._buffer)
            except TimeoutError as exc:
                raise Stalled("no data") from exc
            if not size:
                self.closed = True
                return b""
            plain, out, closed = self._tls.decrypt(memoryview(self._buffer)[:size])
            if out:
                self._send_raw(out, deadline)
            if closed:
                self.closed = True
            if plain:
                return plain
        return b""

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
