"""A small blocking, line-based IRC test client for tests that talk to a real server.

Anyone may reuse it: ``IrcTestClient.connect(address)``, ``send(line)``, ``expect(predicate)``,
``register(nick)``. Every read has a deadline, so a broken server fails a test instead of
hanging it.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterable

from app.irc import Message, ParseError, decode, parse

DEFAULT_TIMEOUT = 5.0

Predicate = Callable[[Message], bool]


class ServerClosed(AssertionError):
    """The server closed the connection while a test still expected a line."""


def command_is(*commands: str) -> Predicate:
    """A predicate matching messages whose command is one of ``commands``."""
    wanted = {c.upper() for c in commands}
    return lambda msg: msg.command in wanted


class IrcTestClient:
    """A blocking client over one TCP socket; keeps the unfinished tail of what it read."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = b""
        self.received: list[Message] = []  # everything read so far, in order
        self.eof = False
        self.nick: str | None = None

    @classmethod
    def connect(cls, address: tuple[str, int], timeout: float = DEFAULT_TIMEOUT) -> IrcTestClient:
        """Open a TCP connection to ``address``."""
        return cls(socket.create_connection(address, timeout=timeout))

    def close(self) -> None:
        """Close the socket (idempotent)."""
        self.sock.close()

    def __enter__(self) -> IrcTestClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sending ---------------------------------------------------------------------------

    def send(self, line: str) -> None:
        """Send one line; CR LF is added."""
        self.send_raw(line.encode("utf-8") + b"\r\n")

    def send_raw(self, data: bytes) -> None:
        """Send bytes exactly as given."""
        self.sock.sendall(data)

    # -- receiving -------------------------------------------------------------------------

    def read_line(self, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
        """The next raw line (without CR LF), or ``None`` at end of stream.

        Raises ``TimeoutError`` when nothing complete arrives within ``timeout``.
        """
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            if self.eof:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no line within {timeout}s; unfinished: {self._buffer!r}")
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                self.eof = True
                if not self._buffer:
                    return None
                self._buffer += b"\n"
            self._buffer += data
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.rstrip(b"\r")

    def read(self, timeout: float = DEFAULT_TIMEOUT) -> Message | None:
        """The next parsed message; answers server PINGs itself. ``None`` at end of stream."""
        while True:
            raw = self.read_line(timeout)
            if raw is None:
                return None
            if not raw.strip():
                continue  # an empty line is no message; the protocol says to ignore it
            try:
                msg = parse(decode(raw))
            except ParseError as exc:
                raise AssertionError(f"server sent a malformed line {raw!r}: {exc}") from exc
            self.received.append(msg)
            if msg.command == "PING" and msg.params:
                self.send(f"PONG :{msg.params[-1]}")
            return msg

    def expect(self, predicate: Predicate | str, timeout: float = DEFAULT_TIMEOUT) -> Message:
        """Read until a message matches (a predicate, or a command/numeric string)."""
        if isinstance(predicate, str):
            predicate = command_is(predicate)
        deadline = time.monotonic() + timeout
        skipped: list[str] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching message within {timeout}s; saw {skipped[-20:]}")
            try:
                msg = self.read(remaining)
            except TimeoutError:
                raise TimeoutError(
                    f"no matching message within {timeout}s; saw {skipped[-20:]}"
                ) from None
            if msg is None:
                raise ServerClosed(f"connection closed; saw {skipped[-20:]}")
            if predicate(msg):
                return msg
            skipped.append(msg.format())

    def collect_until(
        self, predicate: Predicate | str, timeout: float = DEFAULT_TIMEOUT
    ) -> list[Message]:
        """Every message up to and including the first that matches."""
        start = len(self.received)
        self.expect(predicate, timeout)
        return self.received[start:]

    def raw_until_closed(self, timeout: float = DEFAULT_TIMEOUT) -> list[bytes]:
        """Every raw line until the server closes the connection (nothing parsed)."""
        lines = []
        deadline = time.monotonic() + timeout
        while (line := self.read_line(max(0.01, deadline - time.monotonic()))) is not None:
            lines.append(line)
        return lines

    def read_until_closed(self, timeout: float = DEFAULT_TIMEOUT) -> list[Message]:
        """Everything until the server closes the connection."""
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.read(max(0.01, deadline - time.monotonic()))
            if msg is None:
                return messages
            messages.append(msg)

    # -- conveniences ----------------------------------------------------------------------

    def register(
        self,
        nick: str,
        *,
        password: str | None = None,
        caps: Iterable[str] = (),
        user: str = "tester",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[Message]:
        """PASS/CAP/NICK/USER, then read through the end of the MOTD (376 or 422)."""
        wanted = list(caps)
        if password is not None:
            self.send(f"PASS :{password}")
        if wanted:
            self.send("CAP LS 302")
            self.send(f"CAP REQ :{' '.join(wanted)}")
        self.send(f"NICK {nick}")
        self.send(f"USER {user} 0 * :Test user {nick}")
        if wanted:
            self.expect(lambda m: m.command == "CAP" and m.params[1] == "ACK", timeout)
            self.send("CAP END")
        lines = self.collect_until(command_is("376", "422"), timeout)
        self.nick = nick
        return lines

    def join(self, channel: str, timeout: float = DEFAULT_TIMEOUT) -> list[Message]:
        """JOIN and read through the end of the names list (366)."""
        self.send(f"JOIN {channel}")
        return self.collect_until(
            lambda m: m.command == "366" and m.params[1].casefold() == channel.casefold(),
            timeout,
        )

    def sync(self, timeout: float = DEFAULT_TIMEOUT) -> list[Message]:
        """Round-trip a PING; returns what arrived before the PONG (all prior effects)."""
        token = f"sync{time.monotonic_ns()}"
        self.send(f"PING {token}")
        return self.collect_until(lambda m: m.command == "PONG" and m.params[-1] == token, timeout)[
            :-1
        ]


def connect_registered(address: tuple[str, int], nick: str, **kwargs: object) -> IrcTestClient:
    """A connected, registered client (closed if registration fails)."""
    client = IrcTestClient.connect(address)
    try:
        client.register(nick, **kwargs)  # type: ignore[arg-type]
    except BaseException:
        with contextlib.suppress(OSError):
            client.close()
        raise
    return client
