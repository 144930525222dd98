"""The QTcpSocket behind a Qt client, turned into line signals, encrypted when it can be.

One QObject owns the socket (practice 2): it reads on ``readyRead``, keeps the unfinished tail
of a line until its line feed arrives, decodes each line once with :func:`app.irc.decode`, and
reports connection changes as signals carrying a human reason. It never blocks and never opens
a dialog; the controller decides what a closed connection means.

TLS runs in Python over the plain ``QTcpSocket`` (an :class:`app.secure.TlsSession` on memory
buffers, fed from ``readyRead``) rather than through ``QSslSocket``: the same OpenSSL, the same
policy (:class:`app.client.trust.ClientTls`) and the same fingerprints as the terminal and Tk
clients, and no dependency on Qt's TLS plugin being present. With a policy the transport
shakes hands first, emits ``secured`` with a :class:`~app.client.trust.Security`, and only then
``connected``; a host that does not speak TLS is retried in plain text where the policy allows,
otherwise ``refused`` carries the :class:`~app.errors.GoftoError` (a changed certificate, a
failed encryption) just before ``disconnected``.

Lines are handed on in turns of the event loop, each at most :data:`LINES_PER_TURN` lines and
:data:`TURN_SECONDS` long; what is left continues in the next turn (a zero-time timer), so a
backlog (after the GUI thread stalled, or a burst) never becomes one long turn that freezes
painting and input. The socket is read only when the lines read so far are handed on, a chunk
at a time, and Qt buffers at most :data:`READ_BUFFER` bytes: a peer that sends faster than the
GUI handles is held back by TCP, not kept in our memory. A connection that ends delivers every
complete line it brought (over as many turns as it takes) before ``disconnected``.
"""

from __future__ import annotations

import logging
import time

from app.client.trust import PLAIN, ClientTls, Security
from app.errors import GoftoError
from app.irc import MAX_LINE_BYTES, decode
from app.qt.guard import guarded
from app.qt.qt import QAbstractSocket, QObject, QTcpSocket, QTimer, Signal
from app.secure import TlsSession

log = logging.getLogger(__name__)

#: A line longer than this (tags included) is a broken or hostile peer, not a chat message.
MAX_RECEIVED_LINE = 2 * MAX_LINE_BYTES
CONNECT_TIMEOUT_MS = 10_000
#: Lines handed on in one event-loop turn at most, and the time one turn may spend on them.
LINES_PER_TURN = 200
TURN_SECONDS = 0.008
#: Bytes taken from the socket at a time, and kept in Qt's buffer at most.
READ_CHUNK = 64 * 1024
READ_BUFFER = 256 * 1024

_Error = QAbstractSocket.SocketError


class QtTransport(QObject):
    """A line-oriented TCP connection that lives on the GUI thread.

    ``disconnected`` is emitted exactly once per :meth:`connect_to` that did not end with
    :meth:`close` — whether the connection failed, timed out or was closed by the peer — so a
    caller can count on one ``connected``/``disconnected`` pair (or a lone ``disconnected``).
    ``tls`` (settable between connections) is the encryption policy; ``None`` is plain text.
    """

    connected = Signal()
    line_received = Signal(str)
    disconnected = Signal(str)
    # How the connection is protected (a Security), just before ``connected``.
    secured = Signal(object)
    # A GoftoError the person must act on (e.g. CertificateChanged), before ``disconnected``.
    refused = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        connect_timeout_ms: int = CONNECT_TIMEOUT_MS,
        tls: ClientTls | None = None,
    ) -> None:
        super().__init__(parent)
        self.tls = tls
        self.security: Security | None = None
        self._socket: QTcpSocket | None = None
        self._active = False  # between connect_to() and the one disconnected/close()
        self._ready = False  # connected was emitted: lines may be sent
        self._session: TlsSession | None = None
        self._handshaking = False
        self._plain = True  # this attempt speaks plain text (no policy, or after a fallback)
        self._buffer = bytearray()
        self._where = ("", 0)
        self._connect_timeout_ms = connect_timeout_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._turn = QTimer(self)  # the next turn of a backlog
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._on_turn)
        self._ending: str | None = None  # the connection ended; its last lines are on the way

    # -- public ---------------------------------------------------------------------------
    @property
    def is_connected(self) -> bool:
        """Whether a connection is established right now (lines can be sent)."""
        return (
            self._ready
            and self._socket is not None
            and self._socket.state() == QAbstractSocket.SocketState.ConnectedState
        )

    def peer_address(self) -> str | None:
        """The IP address the socket is connected to now (``None`` when it is not)."""
        sock = self._socket
        if sock is None or sock.state() != QAbstractSocket.SocketState.ConnectedState:
            return None
        return sock.peerAddress().toString() or None

    def connect_to(self, host: str, port: int) -> None:
        """Start connecting (asynchronously); any previous connection is dropped silently."""
        self._drop_socket()
        self._where = (host, port)
        self._plain = self.tls is None
        self.security = None
        self._active = True
        self._open()

    def send_line(self, line: str) -> None:
        """Queue one line (CR LF is added here); silently dropped when not connected."""
        if not self.is_connected or self._socket is None:
            log.debug("not connected, dropping %r", line)
            return
        data = line.encode("utf-8") + b"\r\n"
        if self._session is not None:
            data = self._session.encrypt(data)
        self._socket.write(data)

    def close(self) -> None:
        """Flush what was written (e.g. QUIT) and close; no ``disconnected`` signal follows."""
        self._active = False
        self._ready = False
        self._timer.stop()
        self._turn.stop()
        sock = self._socket
        if sock is None:
            return
        if sock.state() == QAbstractSocket.SocketState.ConnectedState:
            if self._session is not None and not self._handshaking:
                sock.write(self._session.close_notify())
            sock.flush()  # writes what the kernel accepts now, without blocking
            sock.disconnectFromHost()  # graceful: the rest goes out before the FIN
        else:
            sock.abort()

    # -- slots ----------------------------------------------------------------------------
    @guarded
    def _on_connected(self) -> None:
        sock = self._socket
        if not self._active or sock is None or self.sender() is not sock:
            return
        if self._plain:
            self._timer.stop()
            self._become_ready(PLAIN)
            return
        assert self.tls is not None
        self._session = self.tls.session()
        self._handshaking = True
        self._timer.start(int(self.tls.handshake_timeout(*self._where) * 1000))
        _done, out = self._session.handshake()
        sock.write(out)

    @guarded
    def _on_ready_read(self) -> None:
        sock = self._socket
        if sock is None or self.sender() is not sock or not self._active:
            return
        if not self._turn.isActive():  # else the next turn reads it
            self._pump()

    @guarded
    def _on_turn(self) -> None:
        if self._active:
            self._pump()

    @guarded
    def _on_error(self, error: QAbstractSocket.SocketError) -> None:
        if self.sender() is not self._socket:
            return
        if self._handshaking:
            self._tls_failed(self._reason(error))
            return
        self._finish(self._reason(error))

    @guarded
    def _on_socket_disconnected(self) -> None:
        if self.sender() is not self._socket:
            return
        if self._handshaking:
            self._tls_failed(self.tr("the host closed the connection"))
            return
        self._finish(self.tr("the host closed the connection"))

    @guarded
    def _on_timeout(self) -> None:
        if self._handshaking:
            self._tls_failed(self.tr("timed out"))
            return
        self._finish(self.tr("timed out"))

    # -- helpers --------------------------------------------------------------------------
    def _open(self) -> None:
        sock = QTcpSocket(self)
        sock.connected.connect(self._on_connected)
        sock.readyRead.connect(self._on_ready_read)
        sock.errorOccurred.connect(self._on_error)
        sock.disconnected.connect(self._on_socket_disconnected)
        sock.setReadBufferSize(READ_BUFFER)  # past it Qt stops reading: TCP holds the peer back
        self._socket = sock
        self._buffer.clear()
        self._ending = None
        self._timer.start(self._connect_timeout_ms)
        sock.connectToHost(*self._where)

    def _pump(self) -> None:
        """Hand on lines for one turn, reading the socket as they run out; the rest waits for
        the next turn. Ends the connection once an ended one has delivered its last line."""
        began = time.monotonic()
        handed = 0
        buffer = self._buffer
        while self._active:
            end = buffer.find(b"\n")
            if end < 0:
                if len(buffer) > MAX_RECEIVED_LINE:
                    self._end(self.tr("the host sent a line that is far too long"))
                    return
                if self._read():
                    continue
                break
            if handed >= LINES_PER_TURN or time.monotonic() - began >= TURN_SECONDS:
                self._turn.start()
                return
            raw = bytes(buffer[:end])
            del buffer[: end + 1]
            line = decode(raw.rstrip(b"\r"))
            if line:
                handed += 1
                self.line_received.emit(line)
        if self._active and self._ending is not None:
            self._end(self._ending)

    def _read(self) -> bool:
        """One chunk from the socket into the line buffer; whether there was one to use."""
        sock = self._socket
        if sock is None or not sock.bytesAvailable():
            return False
        return self._take(bytes(sock.read(READ_CHUNK).data()))

    def _take(self, data: bytes) -> bool:
        """Bytes from the socket: through the handshake or TLS into the line buffer; whether
        lines may follow (not while shaking hands, nor after the connection ended)."""
        session, sock = self._session, self._socket
        if session is None or sock is None:
            self._buffer += data
            return True
        if self._handshaking:
            self._handshake(session, sock, data)
            if not self._active or self._handshaking:
                return False
            return self._take(b"")  # lines that came with the end of the handshake
        try:
            data, out, closed = session.decrypt(data)
        except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
            self._end(self.tr("encryption error ({detail})").format(detail=error))
            return False
        if out:
            sock.write(out)
        self._buffer += data
        if closed and self._ending is None:
            self._ending = self.tr("the host closed the connection")
        return True

    def _handshake(self, session: TlsSession, sock: QTcpSocket, data: bytes) -> None:
        try:
            done, out = session.handshake(data)
        except (OSError, ValueError) as error:
            self._tls_failed(str(getattr(error, "reason", None) or error))
            return
        if out:
            sock.write(out)
        if not done:
            return
        self._handshaking = False
        self._timer.stop()
        host, port = self._where
        assert self.tls is not None
        try:
            security = self.tls.check(host, port, session.peer_certificate())
        except GoftoError as error:
            self._refuse(error)
            return
        self._become_ready(security)

    def _become_ready(self, security: Security) -> None:
        self.security = security
        self._ready = True
        self.secured.emit(security)
        if self._active:
            self.connected.emit()

    def _tls_failed(self, detail: str) -> None:
        """The handshake failed: plain text for a host never seen, an error otherwise."""
        if not self._active:
            return
        assert self.tls is not None
        host, port = self._where
        if self.tls.may_fall_back(host, port):
            log.info("no TLS at %s:%d (%s); trying plain text", host, port, detail)
            self._drop_socket()
            self._active = True
            self._plain = True
            self._open()
            return
        self._refuse(self.tls.failed(host, port, detail))

    def _refuse(self, error: GoftoError) -> None:
        if not self._active:
            return
        self.refused.emit(error)
        self._end(str(error))

    def _finish(self, reason: str) -> None:
        """End the current connection once, after delivering every complete line received
        (over as many turns as that takes; the first reason given is the one reported)."""
        if not self._active:
            return
        if self._ending is None:
            self._ending = reason
        if not self._turn.isActive():
            self._pump()

    def _end(self, reason: str) -> None:
        """End the current connection now: ``disconnected``, once."""
        if not self._active:
            return
        self._active = False
        self._ready = False
        self._handshaking = False
        self._timer.stop()
        self._turn.stop()
        if self._socket is not None:
            self._socket.abort()
        self.disconnected.emit(reason)

    def _drop_socket(self) -> None:
        self._active = False
        self._ready = False
        self._handshaking = False
        self._session = None
        self._timer.stop()
        self._turn.stop()
        sock, self._socket = self._socket, None
        if sock is not None:
            for signal in (sock.connected, sock.readyRead, sock.errorOccurred, sock.disconnected):
                signal.disconnect()
            sock.abort()
            sock.deleteLater()

    def _reason(self, error: QAbstractSocket.SocketError) -> str:
        """A short human reason for a socket error (shown after "Disconnected: ")."""
        reasons = {
            _Error.ConnectionRefusedError: self.tr("connection refused"),
            _Error.RemoteHostClosedError: self.tr("the host closed the connection"),
            _Error.HostNotFoundError: self.tr("host not found"),
            _Error.SocketTimeoutError: self.tr("timed out"),
            _Error.NetworkError: self.tr("network error"),
            _Error.SocketAccessError: self.tr("not allowed to connect"),
        }
        if error in reasons:
            return reasons[error]
        text = self._socket.errorString() if self._socket is not None else ""
        return text or self.tr("connection error")
