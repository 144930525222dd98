"""The QTcpSocket behind a Qt client, turned into line signals.

One QObject owns the socket (practice 2): it reads with ``readyRead`` and a
``while canReadLine()`` loop (the unfinished tail stays in the socket's buffer until its line
feed arrives), decodes each line once with :func:`app.irc.decode`, and reports connection
changes as signals carrying a human reason. It never blocks and never opens a dialog; the
controller decides what a closed connection means.
"""

from __future__ import annotations

import logging

from app.irc import MAX_LINE_BYTES, decode
from app.qt.guard import guarded
from app.qt.qt import QAbstractSocket, QObject, QTcpSocket, QTimer, Signal

log = logging.getLogger(__name__)

#: A line longer than this (tags included) is a broken or hostile peer, not a chat message.
MAX_RECEIVED_LINE = 2 * MAX_LINE_BYTES
CONNECT_TIMEOUT_MS = 10_000

_Error = QAbstractSocket.SocketError


class QtTransport(QObject):
    """A line-oriented TCP connection that lives on the GUI thread.

    ``disconnected`` is emitted exactly once per :meth:`connect_to` that did not end with
    :meth:`close` — whether the connection failed, timed out or was closed by the peer — so a
    caller can count on one ``connected``/``disconnected`` pair (or a lone ``disconnected``).
    """

    connected = Signal()
    line_received = Signal(str)
    disconnected = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, connect_timeout_ms: int = CONNECT_TIMEOUT_MS
    ) -> None:
        super().__init__(parent)
        self._socket: QTcpSocket | None = None
        self._active = False  # between connect_to() and the one disconnected/close()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(connect_timeout_ms)
        self._timer.timeout.connect(self._on_connect_timeout)

    # -- public ---------------------------------------------------------------------------
    @property
    def is_connected(self) -> bool:
        """Whether a connection is established right now (lines can be sent)."""
        return (
            self._socket is not None
            and self._socket.state() == QAbstractSocket.SocketState.ConnectedState
        )

    def connect_to(self, host: str, port: int) -> None:
        """Start connecting (asynchronously); any previous connection is dropped silently."""
        self._drop_socket()
        sock = QTcpSocket(self)
        sock.connected.connect(self._on_connected)
        sock.readyRead.connect(self._on_ready_read)
        sock.errorOccurred.connect(self._on_error)
        sock.disconnected.connect(self._on_socket_disconnected)
        self._socket = sock
        self._active = True
        self._timer.start()
        sock.connectToHost(host, port)

    def send_line(self, line: str) -> None:
        """Queue one line (CR LF is added here); silently dropped when not connected."""
        if not self.is_connected or self._socket is None:
            log.debug("not connected, dropping %r", line)
            return
        self._socket.write(line.encode("utf-8") + b"\r\n")

    def close(self) -> None:
        """Flush what was written (e.g. QUIT) and close; no ``disconnected`` signal follows."""
        self._active = False
        self._timer.stop()
        sock = self._socket
        if sock is None:
            return
        if sock.state() == QAbstractSocket.SocketState.ConnectedState:
            sock.flush()  # writes what the kernel accepts now, without blocking
            sock.disconnectFromHost()  # graceful: the rest goes out before the FIN
        else:
            sock.abort()

    # -- slots ----------------------------------------------------------------------------
    @guarded
    def _on_connected(self) -> None:
        self._timer.stop()
        if self._active:
            self.connected.emit()

    @guarded
    def _on_ready_read(self) -> None:
        sock = self._socket
        if sock is None or self.sender() is not sock:
            return
        while self._active and sock.canReadLine():
            raw = bytes(sock.readLine().data())
            line = decode(raw.rstrip(b"\r\n"))
            if line:
                self.line_received.emit(line)
        if self._active and sock.bytesAvailable() > MAX_RECEIVED_LINE:
            self._finish(self.tr("the host sent a line that is far too long"))

    @guarded
    def _on_error(self, error: QAbstractSocket.SocketError) -> None:
        if self.sender() is not self._socket:
            return
        self._finish(self._reason(error))

    @guarded
    def _on_socket_disconnected(self) -> None:
        if self.sender() is not self._socket:
            return
        self._finish(self.tr("the host closed the connection"))

    @guarded
    def _on_connect_timeout(self) -> None:
        self._finish(self.tr("timed out"))

    # -- helpers --------------------------------------------------------------------------
    def _finish(self, reason: str) -> None:
        """End the current connection once, after delivering every complete line received."""
        if not self._active:
            return
        sock = self._socket
        if sock is not None:
            while self._active and sock.canReadLine():
                raw = bytes(sock.readLine().data())
                line = decode(raw.rstrip(b"\r\n"))
                if line:
                    self.line_received.emit(line)
        if not self._active:  # a listener closed us while we delivered the last lines
            return
        self._active = False
        self._timer.stop()
        if sock is not None:
            sock.abort()
        self.disconnected.emit(reason)

    def _drop_socket(self) -> None:
        self._active = False
        self._timer.stop()
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
