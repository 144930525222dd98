"""``python -m app serve`` as a real subprocess."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.server.affinity import chosen_cpu
from tests.server.helpers import IrcTestClient, connect_registered

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^Listening on (\S+) : (\d+)$")


@pytest.fixture
def serve():
    """``serve(*args)`` → (process, port); every process is ended on teardown."""
    procs: list[subprocess.Popen] = []

    def start(*args: str) -> tuple[subprocess.Popen, int]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        procs.append(proc)
        line = proc.stdout.readline().strip()  # blocks until the line or EOF (exit)
        match = LISTENING.match(line)
        assert match, f"unexpected first line {line!r}; stderr: {proc.stderr.read()}"
        assert match.group(1) == "127.0.0.1"
        return proc, int(match.group(2))

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_serve_prints_address_chats_and_exits_zero_on_sigint(serve):
    proc, port = serve("--port", "0", "--room", "#den")
    with connect_registered(("127.0.0.1", port), "alice") as alice:
        motd = " ".join(m.params[-1] for m in alice.received if m.command == "372")
        assert "#den" in motd
        with connect_registered(("127.0.0.1", port), "bob") as bob:
            alice.join("#den")
            bob.join("#den")
            alice.sync()
            alice.send("PRIVMSG #den :hello bob")
            assert bob.expect("PRIVMSG").params == ("#den", "hello bob")
            alice.send("PRIVMSG #den :\x1b[2J\rListening on 6.6.6.6 : 1")
            bob.expect("PRIVMSG")
            proc.send_signal(signal.SIGINT)
            closing = bob.read_until_closed(timeout=10)
            assert closing[-1].command == "ERROR"
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "alice joined #den" in out
    assert "<#den> alice: hello bob" in out
    assert "Traceback" not in err
    assert "\x1b" not in out
    # The only "Listening on" line was the first one (read by the fixture).
    assert not [line for line in out.splitlines() if line.startswith("Listening on")]


def test_serve_exits_zero_on_sigterm(serve):
    proc, _port = serve("--port", "0", "--flood-limit", "off")
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_serve_port_in_use_exits_two_with_one_sentence(serve):
    first, port = serve("--port", "0")
    second = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert second.returncode == 2
    assert second.stderr.strip() == (
        f"Port {port} is already in use on this computer; "
        "choose another port or close the program that uses it."
    )
    assert second.stdout == ""
    assert first.poll() is None  # the first server is unharmed


def test_serve_with_password(serve):
    _proc, port = serve("--port", "0", "--password", "sesame")
    with connect_registered(("127.0.0.1", port), "alice", password="sesame") as alice:
        assert alice.received[0].command == "001"


def test_serve_with_an_operator_password_lets_a_headless_host_moderate(serve):
    _proc, port = serve("--port", "0", "--operator-password", "host secret")
    with (
        connect_registered(("127.0.0.1", port), "guest") as guest,
        connect_registered(("127.0.0.1", port), "boss") as boss,
    ):
        guest.join("#lobby")  # first in the room, and still no operator of it
        boss.send("OPER host :host secret")
        boss.expect("381")
        boss.join("#lobby")
        guest.expect("JOIN")
        guest.send("NAMES #lobby")
        names = guest.expect("353").params[-1].split()
        assert "@boss" in names and "guest" in names  # the guest who came first is no op
        boss.send("KICK #lobby guest :be nice")
        kick = guest.expect("KICK")
        assert kick.params == ("#lobby", "guest", "be nice")


def test_serve_help_explains_the_operator_password():
    result = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "--operator-password" in result.stdout
    assert "OPER host SECRET" in " ".join(result.stdout.split())


def _thread_cpus(pid: int) -> list[set[int]]:
    """The CPUs each of ``pid``'s threads may run on."""
    return [os.sched_getaffinity(int(tid)) for tid in os.listdir(f"/proc/{pid}/task")]


@pytest.mark.skipif(chosen_cpu() is None, reason="needs Linux and more than one CPU")
@pytest.mark.parametrize(("args", "one_cpu"), [((), True), (("--all-cpus",), False)])
def test_serve_keeps_its_server_threads_on_one_cpu_unless_told(serve, args, one_cpu):
    proc, port = serve("--port", "0", *args)
    with connect_registered(("127.0.0.1", port), "alice") as alice:
        alice.sync()  # its reader thread runs
        cpus = _thread_cpus(proc.pid)
    pinned = [c for c in cpus if c == {chosen_cpu()}]
    # The accept, housekeeping and reader threads; the main and console threads stay free.
    assert len(pinned) >= (3 if one_cpu else 0), cpus
    if not one_cpu:
        assert all(c == os.sched_getaffinity(proc.pid) for c in cpus), cpus


def test_serve_limit_options_make_the_policy():
    from app.cli import build_parser
    from app.server.admission import AdmissionPolicy
    from app.server.limit_options import limits_from

    default = limits_from(build_parser().parse_args(["serve"]))
    assert default == AdmissionPolicy()
    assert (default.max_per_address, default.connect_rate, default.max_clients) == (10, 30, None)
    args = build_parser().parse_args(
        ["serve", "--max-per-address", "0", "--connect-rate", "12/min", "--max-clients", "500",
         "--max-unregistered", "0", "--exempt-loopback", "off"]
    )  # fmt: skip
    policy = limits_from(args)
    assert policy.max_per_address == 0 and policy.connect_rate == 12
    assert policy.max_clients == 500 and policy.max_unregistered == 0
    assert not policy.exempt_loopback
    bare = build_parser().parse_args(["serve", "--connect-rate", "7"])
    assert limits_from(bare).connect_rate == 7


@pytest.mark.parametrize(
    "args", [["--connect-rate", "5/hour"], ["--max-per-address", "-1"], ["--max-clients", "x"]]
)
def test_serve_refuses_bad_limit_values(args):
    done = subprocess.run(
        [sys.executable, "-m", "app", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2 and args[0] in done.stderr


def test_serve_refuses_the_connection_past_the_limit_with_an_error_line(serve):
    proc, port = serve("--port", "0", "--max-per-address", "2", "--exempt-loopback", "off")
    held = [connect_registered(("127.0.0.1", port), nick) for nick in ("alice", "bob")]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as third:
            data = b""
            while chunk := third.recv(4096):
                data += chunk
        assert data == b"ERROR :Too many connections from your address\r\n"
    finally:
        for client in held:
            client.close()
    proc.send_signal(signal.SIGINT)
    out, _err = proc.communicate(timeout=15)
    assert "Refused a connection from 127.0.0.1: too many connections open from that" in out


def test_history_and_accounts_survive_kill_9(serve, tmp_path):
    """The host's file is SQLite in WAL mode, written in the background: after a SIGKILL it is
    intact, and what was written before it (a room's lines, an owned name) is back."""
    path = tmp_path / "host.sqlite3"
    proc, port = serve("--port", "0", "--history", str(path))
    with IrcTestClient.connect(("127.0.0.1", port)) as alice:
        alice.register("alice", caps=["batch", "server-time", "message-tags", "draft/chathistory"])
        alice.send("REGISTER * * :a fine password")
        assert alice.expect("REGISTER").params[0] == "SUCCESS"
        alice.join("#lobby")
        for number in range(5):
            alice.send(f"PRIVMSG #lobby :line {number}")
        alice.sync()
        deadline = time.monotonic() + 10
        while True:  # the writer stores what accumulated every half second
            with closing(sqlite3.connect(path)) as db:
                (lines,) = db.execute("SELECT COUNT(*) FROM lines").fetchone()
                (owners,) = db.execute("SELECT COUNT(*) FROM nicks").fetchone()
            if lines == 5 and owners == 1:
                break
            assert time.monotonic() < deadline, "nothing was written"
            threading.Event().wait(0.05)
        proc.kill()  # SIGKILL: no goodbye, no final write
        proc.wait(timeout=10)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    _proc, port = serve("--port", "0", "--history", str(path))
    with IrcTestClient.connect(("127.0.0.1", port)) as thief:
        thief.send("NICK alice")
        thief.send("USER x 0 * :x")
        assert (
            thief.expect("433").params[-1] == "This nickname belongs to someone else on this host"
        )
        thief.send("NICK bob")
        thief.send("CAP REQ :batch draft/chathistory")
        thief.expect("001")
        thief.join("#lobby")
        thief.send("CHATHISTORY LATEST #lobby * 10")
        lines = thief.sync()
    texts = [m.params[-1] for m in lines if m.command == "PRIVMSG"]
    assert texts == [f"line {number}" for number in range(5)]
