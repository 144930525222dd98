"""A second person in the chat for the Tk tests: a raw-socket IRC client on its own thread.

It speaks just enough IRC to register, join and talk, and records every line it receives, so
a test can check exactly what arrived on the wire (for Persian text: the very same string).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable

from app.irc import Message, parse

TIMEOUT = 10.0


class Peer:
    """``Peer(port, "bob")``: registered and in ``room`` when the constructor returns."""

    def __init__(self, port: int, nick: str, room: str | None = "#lobby", password: str = ""):
        self.nick = nick
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self._sock.settimeout(None)
        self._reader = threading.Thread(target=self._read, name=f"peer-{nick}", daemon=True)
        self._reader.start()
        if password:
            self.send(f"PASS {password}")
        self.send(f"NICK {nick}")
        self.send(f"USER {nick[:8] or 'peer'} 0 * :Test peer")
        self.wait(lambda m: m.command == "001")
        if room:
            self.join(room)

    def join(self, room: str) -> None:
        """Join ``room`` and wait until the server confirms with the names list."""
        self.send(f"JOIN {room}")
        self.wait(lambda m: m.command == "366")

    def send(self, line: str) -> None:
        """Send one raw line."""
        self._sock.sendall(line.encode("utf-8") + b"\r\n")

    def say(self, target: str, text: str) -> None:
        """PRIVMSG ``text`` to ``target``."""
        self.send(f"PRIVMSG {target} :{text}")

    def messages(self, command: str = "PRIVMSG") -> list[Message]:
        """Every received message with this command, parsed."""
        with self._cond:
            lines = list(self.lines)
        out = []
        for line in lines:
            with contextlib.suppress(Exception):
                message = parse(line)
                if message.command == command:
                    out.append(message)
        return out

    def received_text(self, target: str | None = None) -> list[str]:
        """The texts of PRIVMSGs received (to ``target`` when given)."""
        return [
            m.params[-1]
            for m in self.messages()
            if target is None or m.params[0].casefold() == target.casefold()
        ]

    def wait(self, predicate: Callable[[Message], bool], timeout: float = TIMEOUT) -> Message:
        """Block until a received message satisfies ``predicate`` (only for setup: no Tk)."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    with contextlib.suppress(Exception):
                        message = parse(line)
                        if predicate(message):
                            return message
                seen = len(self.lines)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{self.nick} waited in vain; got {self.lines[-5:]}")
                self._cond.wait(remaining)

    def close(self) -> None:
        """Quit and close the socket."""
        with contextlib.suppress(OSError):
            self.send("QUIT :bye")
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._reader.join(TIMEOUT)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                data = self._sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self._cond:
                    self._cond.notify_all()
                return
            buffer += data
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.rstrip(b"\r").decode("utf-8", "replace")
                if line.startswith("PING"):
                    with contextlib.suppress(OSError):
                        self.send("PONG" + line[4:])
                with self._cond:
                    self.lines.append(line)
                    self._cond.notify_all()
