"""The terminal client: how events print, and real ``python -m app chat`` processes talking
through the headless server and through ngIRCd."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.client.events import (
    AwayChanged,
    Disconnected,
    ErrorMessage,
    Info,
    Joined,
    Kicked,
    MembersChanged,
    MessageKind,
    MessageQueued,
    MessageReceived,
    NickChanged,
    Parted,
    PrivateRequested,
    TopicChanged,
    UserQuit,
)
from app.client.terminal import format_event

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 15.0


def msg(conversation, sender, text, *, kind=MessageKind.TEXT, private=False, me=False):
    return MessageReceived(conversation, sender, text, kind, private, me, False)


@pytest.mark.parametrize(
    ("event", "lines"),
    [
        (msg("#lobby", "alice", "hi"), ["[#lobby] <alice> hi"]),
        (msg("#lobby", "alice", "waves", kind=MessageKind.ACTION), ["[#lobby] * alice waves"]),
        (msg("#lobby", "alice", "note", kind=MessageKind.NOTICE), ["[#lobby] -alice- note"]),
        (msg("bob", "bob", "psst", private=True), ["[private] <bob> psst"]),
        (msg("bob", "me", "text", private=True, me=True), ["[private → bob] <me> text"]),
        (Joined("#lobby", "alice", False), ["[#lobby] -- alice joined"]),
        (Parted("#lobby", "alice", "bye", False), ["[#lobby] -- alice left (bye)"]),
        (Parted("#lobby", "alice", "", False), ["[#lobby] -- alice left"]),
        (Kicked("#a", "bob", "op", "spam", False), ["[#a] -- bob was removed by op (spam)"]),
        (
            UserQuit("bob", "gone", ("#a", "#b")),
            ["[#a] -- bob left the chat (gone)", "[#b] -- bob left the chat (gone)"],
        ),
        (NickChanged("bob", "rob", False, ("#a",)), ["[#a] -- bob is now known as rob"]),
        (TopicChanged("#a", "tea", "bob"), ["[#a] -- bob changed the topic to: tea"]),
        (AwayChanged("bob", "lunch"), ["[private] -- bob is away (lunch)"]),
        (AwayChanged("bob", ""), ["[private] -- bob is away"]),
        (AwayChanged("bob", None), ["[private] -- bob is back"]),
        (
            MessageQueued("#a", "later"),
            ["[#a] (not sent yet — will be sent when reconnected) later"],
        ),
        (
            PrivateRequested("bob"),
            ["-- Private conversation with bob: /msg bob TEXT writes to them only"],
        ),
        (Info("Welcome"), ["-- Welcome"]),
        (ErrorMessage("Nope."), ["!! Nope."]),
        (Disconnected("reset", True), []),  # said with the countdown (test_terminal_reconnect)
        (Disconnected("quit", False), []),
        (MembersChanged("#a"), []),
    ],
)
def test_format_event(event, lines):
    assert format_event(event) == lines


class ChatProcess:
    """A ``python -m app …`` child whose stdout lines the test can wait for."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        # English unless the test asks for a language: the client follows the locale.
        quiet = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
        inherited = {k: v for k, v in os.environ.items() if k not in quiet}
        env = {**inherited, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self._queue.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self._queue.put(None)

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Wait for an output line matching ``pattern`` (a regular expression)."""
        deadline = time.monotonic() + timeout
        for line in self.lines:
            if match := re.search(pattern, line):
                return match
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r}; output so far: {self.lines}")

    def type(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(f"{line}\n" for line in lines).encode())
        self.proc.stdin.flush()

    def end_input(self) -> int:
        """Close stdin (EOF) and return the exit status."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        self._reader.join(timeout=5)


@pytest.fixture
def spawn() -> Iterator[Callable[..., ChatProcess]]:
    """Start ``python -m app`` children; all are stopped and their pipes closed afterwards."""
    children: list[ChatProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> ChatProcess:
        child = ChatProcess(*args, env=env)
        children.append(child)
        return child

    yield start
    for child in children:
        child.stop()


def converse(spawn: Callable[..., ChatProcess], port: int) -> None:
    """bob listens; alice types three lines through a pipe and ends her input."""
    bob = spawn("chat", "--port", str(port), "--nick", "bob")
    bob.expect(rf"^Connected to 127\.0\.0\.1:{port} as bob$")
    bob.expect(r"^\[#lobby\] -- You joined #lobby$")
    alice = spawn("chat", "--port", str(port), "--nick", "alice")
    alice.type("hello from alice", "/me waves", "/msg bob psst")
    assert alice.end_input() == 0
    alice.expect(rf"^Connected to 127\.0\.0\.1:{port} as alice$")
    alice.expect(r"^\[#lobby\] <alice> hello from alice$")
    alice.expect(r"^\[private → bob\] <alice> psst$")
    bob.expect(r"^\[#lobby\] -- alice joined$")
    bob.expect(r"^\[#lobby\] <alice> hello from alice$")
    bob.expect(r"^\[#lobby\] \* alice waves$")
    bob.expect(r"^\[private\] <alice> psst$")
    bob.expect(r"^\[#lobby\] -- alice left the chat")
    assert bob.end_input() == 0


@pytest.fixture
def headless_port(spawn) -> int:
    """Gofto's headless server as a child process; its port from its ``Listening`` line."""
    pytest.importorskip("app.server.cli")
    server = spawn("serve", "--port", "0")
    match = server.expect(r"Listening on 127\.0\.0\.1 : (\d+)")
    return int(match.group(1))


def test_two_terminal_clients_talk_through_the_headless_server(spawn, headless_port):
    converse(spawn, headless_port)


@pytest.mark.interop
def test_two_terminal_clients_talk_through_ngircd(spawn, ngircd):
    converse(spawn, ngircd.port)


def test_unreachable_server_exits_with_1(spawn):
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
        client = spawn("chat", "--port", str(port), "--nick", "alice")
        client.expect(r"^!! Disconnected: Could not reach a chat at 127\.0\.0\.1:\d+")
        assert client.proc.wait(timeout=TIMEOUT) == 1


def test_invalid_nick_is_refused_before_connecting(spawn):
    client = spawn("chat", "--port", "1", "--nick", "9lives")
    assert client.proc.wait(timeout=TIMEOUT) == 2


def test_hostile_text_never_reaches_the_terminal(spawn, headless_port):
    """Every class of control and escape, sent by a peer through the real server: the
    terminal client's output holds none of them (only its own line ends), and the readable
    words around them survive."""
    from tests.hostile import WIRE, clean
    from tests.tk.peer import Peer

    viewer = spawn("chat", "--port", str(headless_port), "--nick", "vic")
    viewer.expect(r"^\[#lobby\] -- You joined #lobby$")
    peer = Peer(headless_port, "mallory")
    try:
        viewer.expect(r"^\[#lobby\] -- mallory joined$")
        for _case, text, _words in WIRE:
            peer.say("#lobby", text)
        peer.send("NOTICE #lobby :notice\x1b]0;title\x07end")
        peer.send("PRIVMSG vic :private\x1b[2Jend")
        peer.send("PART #lobby :bye\x1b[2J\x07now")
        viewer.expect(r"^\[#lobby\] -- mallory left \(bye")
        for case, _text, words in WIRE:
            assert any(words in line for line in viewer.lines), case
        assert all(clean(line, allow="") for line in viewer.lines), viewer.lines
        assert any(line.startswith("[private] <mallory> private") for line in viewer.lines)
    finally:
        peer.close()
    assert viewer.end_input() == 0


PERSIAN = {"LANG": "fa_IR.UTF-8"}


def test_terminal_client_follows_lang_persian(spawn, headless_port):
    """LANG=fa_IR.UTF-8: Gofto's own sentences (status, errors, usage, /help) are Persian;
    with no usable login name the default nickname is Persian too."""
    port = headless_port
    env = {**PERSIAN, "USER": "9-not-a-nick", "USERNAME": ""}
    client = spawn("chat", "--port", str(port), env=env)
    client.expect(rf"^به 127\.0\.0\.1:{port} با نام مهمان وصل شدید$")
    client.expect(r"^\[#lobby\] -- به #lobby پیوستید$")
    client.type("/frobnicate", "/msg", "/help")
    client.expect(r"^!! فرمان /frobnicate را نمی‌شناسم؛ برای دیدن فهرست فرمان‌ها /help را بنویسید\.$")
    client.expect(r"^!! طرز استفاده: /msg کاربر متن — فرستادن پیام خصوصی\.$")
    client.expect(r"^-- فرمان‌ها \(")
    client.expect(r"^-- /join #اتاق \[کلید\] — پیوستن به یک اتاق یا ساختن آن$")
    client.expect(r"^-- /raw خط — فرستادن یک خط خام IRC \(برای کاربران حرفه‌ای\)$")  # the last
    help_lines = [line for line in client.lines if line.startswith("-- /")]
    assert len(help_lines) >= 17  # every command, each in Persian
    assert not any(word in line for line in client.lines for word in ("Usage", "Unknown"))
    assert client.end_input() == 0


def test_terminal_client_in_english_by_default(spawn, headless_port):
    client = spawn("chat", "--port", str(headless_port), "--nick", "sara")
    client.type("/frobnicate")
    client.expect(r"^!! Unknown command /frobnicate; type /help for the list\.$")
    assert client.end_input() == 0


def test_unreachable_server_is_said_in_persian(spawn):
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
        client = spawn("chat", "--port", str(port), "--nick", "sara", env=PERSIAN)
        client.expect(rf"^!! اتصال قطع شد: به گفتگویی در 127\.0\.0\.1:{port} دسترسی پیدا نشد")
        assert client.proc.wait(timeout=TIMEOUT) == 1


def test_invalid_nick_is_refused_in_persian(spawn):
    client = spawn("chat", "--port", "1", "--nick", "9lives", env=PERSIAN)
    assert client.proc.wait(timeout=TIMEOUT) == 2
    assert client.proc.stderr is not None
    said = client.proc.stderr.read().decode("utf-8")
    assert "نام مستعار نمی‌تواند با رقم یا خط تیره شروع شود." in said
