"""The frozen ``gofto`` executable does what ``python -m app`` does.

Every test runs the real one-file executable that ``make package`` builds (see conftest.py):
the headless server spoken to over raw sockets, the start dialog found on the Xvfb display by
its title, ``--version`` and the one-sentence answer on a machine without a display. These
catch what only freezing breaks: a module imported lazily and left out of the bundle, a Qt
plugin or library the spec dropped, Tcl/Tk data that did not come along.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import APP_NAME, DEFAULT_ROOM, __version__
from app.launch import NO_DISPLAY
from tests.package.conftest import BUILD_TIMEOUT

pytestmark = [
    pytest.mark.package,
    # The first test also waits for the session's build (bounded by BUILD_TIMEOUT itself);
    # each test's own waits are bounded by the deadlines below.
    pytest.mark.timeout(BUILD_TIMEOUT + 120),
]

RUN_TIMEOUT = 30.0  # a command that should answer at once (unpacking included)
WINDOW_TIMEOUT = 30.0  # the start dialog; about 1 s here, but CI shares two cores
LISTENING = re.compile(r"Listening on (?P<host>\S+) : (?P<port>\d+)")


def run(gofto: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the executable to completion (bounded) and capture its output."""
    return subprocess.run(
        [str(gofto), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def descendants(pid: int) -> set[int]:
    """``pid`` and every process below it (the one-file bootloader runs the app as a child)."""
    found = {pid}
    pending = [pid]
    while pending:
        current = pending.pop()
        children = Path(f"/proc/{current}/task/{current}/children")
        try:
            kids = {int(text) for text in children.read_text().split()}
        except OSError:
            continue
        pending.extend(kids - found)
        found |= kids
    return found


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a started executable and its children; SIGKILL whatever outlives 10 s."""
    family = descendants(process.pid)
    if process.poll() is None:
        process.terminate()  # the bootloader forwards SIGTERM to the app
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for pid in family - {process.pid}:  # orphans, if the bootloader died before its child
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# -- what is inside --------------------------------------------------------------------------

SIZE_BUDGET = 55 * 1000 * 1000  # bytes, for the one file (issue 5)


def bundle_names(gofto: Path) -> set[str]:
    """The paths stored in the one-file executable's archive (as they are unpacked)."""
    from PyInstaller.archive.readers import CArchiveReader

    return set(CArchiveReader(str(gofto)).toc)


def test_the_one_file_stays_within_its_size_budget(gofto: Path):
    assert gofto.stat().st_size <= SIZE_BUDGET, "see build.spec for what is left out and why"


def test_the_bundle_holds_resources_and_both_front_ends(gofto: Path):
    names = bundle_names(gofto)
    resources = Path(__file__).resolve().parents[2] / "resources"
    for wanted in ("gofto.desktop", "icons/gofto.svg", *(
        str(path.relative_to(resources)) for path in resources.glob("translations/*.qm")
    )):  # fmt: skip
        assert f"resources/{wanted}" in names
    assert not any(name.startswith("resources/screenshots/") for name in names)
    # Package data read through importlib.resources (e.g. app/irc/data/confusables.txt).
    root = resources.parent
    for path in (root / "app").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in str(path):
            assert str(path.relative_to(root)) in names
    # Qt's X11 platform and the SVG icon engine; Tcl/Tk and their scripts for the fallback.
    for wanted in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "_tcl_data/init.tcl",
        "_tk_data/tk.tcl",
    ):
        assert wanted in names


def test_the_bundle_leaves_out_what_gofto_does_not_use(gofto: Path):
    names = bundle_names(gofto)
    unwanted = ("Quick", "Qml", "WebEngine", "Pdf", "Multimedia", "Wayland", "libqgtk3", "3D")
    assert not [name for name in names if any(word in name for word in unwanted)]
    assert "PySide6/Qt/translations/qtbase_de.qm" not in names
    assert not [name for name in names if "/plugins/imageformats/libqjpeg" in name]


# -- version, help, no display ---------------------------------------------------------------


def test_version_matches_the_package(gofto: Path, frozen_env: dict[str, str]):
    result = run(gofto, "--version", env=frozen_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_help_lists_the_same_commands_as_python_m_app(gofto: Path, frozen_env: dict[str, str]):
    result = run(gofto, "--help", env=frozen_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: gofto")
    for word in ("serve", "chat", "host", "join", "--tk", "--version"):
        assert word in result.stdout


@pytest.mark.parametrize("args", [(), ("--tk",), ("host",)], ids=["qt", "tk", "host"])
def test_without_a_display_it_says_so_in_one_sentence(
    gofto: Path, frozen_env: dict[str, str], args: tuple[str, ...]
):
    env = {k: v for k, v in frozen_env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run(gofto, *args, env=env)
    # A positive status is an orderly exit; a Qt abort would be a signal (negative here, or
    # 128 + signal from the bootloader) and leave "core dumped"/"Aborted" behind.
    assert 0 < result.returncode < 128, (result.returncode, result.stderr)
    assert result.stderr.strip() == NO_DISPLAY
    assert result.stdout == ""


# -- the headless server ---------------------------------------------------------------------


class RawClient:
    """An IRC client on a bare socket, so the server is judged by the protocol alone."""

    def __init__(self, port: int, nick: str, *, tls: bool = False) -> None:
        self.nick = nick
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if tls:  # the host's certificate is self-signed and pinned by fingerprint, not by a CA
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self.sock = context.wrap_socket(self.sock)
        self.buffer = b""
        self.seen: list[str] = []

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\r\n")

    def expect(self, wanted: Callable[[str], bool], timeout: float = 10.0) -> str:
        """The first line from now on for which ``wanted`` is true; answers PINGs meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\n", 1)
                line = raw.rstrip(b"\r").decode("utf-8", "replace")
                self.seen.append(line)
                if line.startswith("PING"):
                    self.send("PONG" + line[4:])
                if wanted(line):
                    return line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"{self.nick} never saw the line it waited for; saw {self.seen}")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(4096)
            except TimeoutError:
                continue
            if not chunk:
                pytest.fail(f"the server closed {self.nick}'s connection; saw {self.seen}")
            self.buffer += chunk

    def register(self) -> None:
        self.send(f"NICK {self.nick}")
        self.send(f"USER {self.nick} 0 * :{self.nick} the tester")
        self.expect(lambda line: line.split()[1:3] == ["001", self.nick])

    def join(self, room: str) -> None:
        self.send(f"JOIN {room}")

        def joined(line: str) -> bool:
            words = line.split()
            return (
                line.startswith(f":{self.nick}!")
                and words[1] == "JOIN"
                and words[2].lstrip(":") == room
            )

        self.expect(joined)

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the server may have closed the socket first
            self.send("QUIT :bye")
        self.sock.close()


@pytest.fixture
def frozen_server(gofto: Path, frozen_env: dict[str, str]) -> Iterator[int]:
    """``gofto serve --port 0`` running; yields the port it printed."""
    process = subprocess.Popen(
        [str(gofto), "serve", "--port", "0"],
        env=frozen_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines: queue.Queue[bytes] = queue.Queue()

    def pump() -> None:  # a blocking readline would hang the test if nothing were printed
        assert process.stdout is not None
        for raw in process.stdout:
            lines.put(raw)

    reader = threading.Thread(target=pump, name="gofto-serve-stdout", daemon=True)
    reader.start()
    output: list[str] = []
    port = None
    deadline = time.monotonic() + RUN_TIMEOUT
    try:
        while port is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (not reader.is_alive() and lines.empty()):
                pytest.fail(f"`gofto serve` never said where it listens; it printed {output}")
            try:
                text = lines.get(timeout=min(remaining, 1.0)).decode(errors="replace")
            except queue.Empty:
                continue
            output.append(text.rstrip())
            found = LISTENING.search(text)
            if found:
                assert found["host"] == "127.0.0.1"
                port = int(found["port"])
        assert port > 0
        yield port
    finally:
        stop(process)
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def test_serve_relays_room_and_private_messages(frozen_server: int):
    alice, bob = RawClient(frozen_server, "alice"), RawClient(frozen_server, "bob")
    try:
        alice.register()
        bob.register()
        alice.join(DEFAULT_ROOM)
        bob.join(DEFAULT_ROOM)

        alice.send(f"PRIVMSG {DEFAULT_ROOM} :salaam, سلام")
        line = bob.expect(lambda text: " PRIVMSG " in text)
        assert line.startswith(":alice!")
        assert line.endswith(f"PRIVMSG {DEFAULT_ROOM} :salaam, سلام")

        bob.send("PRIVMSG alice :just for you")
        line = alice.expect(lambda text: " PRIVMSG alice " in text)
        assert line.startswith(":bob!")
        assert line.endswith("PRIVMSG alice :just for you")
    finally:
        alice.close()
        bob.close()


def test_serve_speaks_tls_on_the_same_port(frozen_server: int):
    # The certificate is made on first start with `cryptography`, whose compiled bindings and
    # OpenSSL libraries only a frozen build can lose.
    alice, bob = RawClient(frozen_server, "alice", tls=True), RawClient(frozen_server, "bob")
    try:
        alice.register()
        bob.register()
        bob.send("PRIVMSG alice :over plain text")
        line = alice.expect(lambda text: " PRIVMSG alice " in text)
        assert line.startswith(":bob!") and line.endswith(":over plain text")
    finally:
        alice.close()
        bob.close()


def test_chat_sends_typed_lines_to_the_room(
    gofto: Path, frozen_env: dict[str, str], frozen_server: int
):
    alice = RawClient(frozen_server, "alice")
    try:
        alice.register()
        alice.join(DEFAULT_ROOM)
        # Piped input: the terminal client sends it, says QUIT at the end of input, exits 0.
        result = subprocess.run(
            [str(gofto), "chat", "--port", str(frozen_server), "--nick", "carol"],
            env=frozen_env,
            input="hello from carol\n",
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, (result.stdout, result.stderr)
        line = alice.expect(lambda text: " PRIVMSG " in text)
        assert line.startswith(":carol!")
        assert line.endswith(f"PRIVMSG {DEFAULT_ROOM} :hello from carol")
    finally:
        alice.close()


def test_chat_logs_what_it_sees_with_the_bundled_sqlite_fts5(
    gofto: Path, frozen_env: dict[str, str], frozen_server: int, tmp_path: Path
):
    """The conversation log needs FTS5 in the SQLite the executable carries: the frozen
    terminal client logs its own (echoed) line, and the index it wrote answers a MATCH."""
    import sqlite3

    from app.client.search import match_expression

    data = tmp_path / "gofto-data"
    env = {**frozen_env, "GOFTO_DATA_DIR": str(data)}
    result = subprocess.run(
        [str(gofto), "chat", "--port", str(frozen_server), "--nick", "dara"],
        env=env,
        input="سلام، كتاب را آوردي؟\n",
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "fts5" not in result.stderr.lower(), result.stderr
    (path,) = (data / "logs").glob("*.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as db:
        texts = [row[0] for row in db.execute("SELECT text FROM lines")]
        assert "سلام، كتاب را آوردي؟" in texts
        query = match_expression("کتاب آوردی")  # Persian kaf and yeh, as folded for the index
        found = db.execute(
            "SELECT count(*) FROM lines_fts WHERE lines_fts MATCH ?", (query,)
        ).fetchone()[0]
        assert found == 1  # the frozen app indexed the folded text


# -- the windows -----------------------------------------------------------------------------


def _xdotool(*args: str) -> list[str]:
    result = subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=10, check=False
    )
    return result.stdout.split()


def _visible_gofto_windows() -> set[str]:
    return set(_xdotool("search", "--onlyvisible", "--name", APP_NAME))


def wait_for_window(process: subprocess.Popen[bytes], before: set[str], log: Path) -> str:
    """The id of a visible window titled ``…Gofto…`` that ``process`` (or its child) opened.

    Other tests in this session may have left Gofto windows on the same display, so a window
    counts only if it belongs to the started process (``_NET_WM_PID``) or, for toolkits that do
    not set that property, if it was not there before the start.
    """
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gofto exited with {process.returncode}: {log.read_text()[-2000:]}")
        family = descendants(process.pid)
        for window in _visible_gofto_windows():
            owner = _xdotool("getwindowpid", window)
            if (owner and int(owner[0]) in family) or (not owner and window not in before):
                return window
    pytest.fail(f"no Gofto window within {WINDOW_TIMEOUT:.0f} s; log: {log.read_text()[-2000:]}")


@pytest.mark.gui
@pytest.mark.parametrize("args", [(), ("--tk",)], ids=["qt", "tk"])
def test_the_start_dialog_opens(
    gofto: Path, frozen_env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
):
    if shutil.which("xdotool") is None:
        pytest.fail("xdotool is missing: scripts/system-deps.sh test installs it")
    assert frozen_env.get("DISPLAY"), "pytest-xvfb should provide a display"
    log = tmp_path / "gofto.log"
    before = _visible_gofto_windows()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(gofto), *args],
            env=frozen_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        window = wait_for_window(process, before, log)
        title = " ".join(_xdotool("getwindowname", window))
        assert APP_NAME in title
    finally:
        stop(process)
    # Neither toolkit may complain on the way up: a missing plugin, font or Tcl script shows
    # up here first.
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert "Could not load the Qt platform plugin" not in text, text
    if not args:  # the Qt front end itself, not the fallback
        assert "Using the tkinter front end" not in text, text
