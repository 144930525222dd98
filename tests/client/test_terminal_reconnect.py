"""``python -m app chat`` when the connection drops: it waits, tries again and rejoins, like
the windows (the same Supervisor), and leaves at once when asked; a host that refuses is not
retried. Real ``python -m app serve`` processes are stopped and started again on the same
port; every wait has a deadline."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

import pytest

from app.server.admission import AdmissionPolicy
from tests.client.test_terminal import PERSIAN, TIMEOUT, ChatProcess, spawn  # noqa: F401
from tests.security.conditions import wait_until
from tests.server.helpers import IrcTestClient

#: What the client says, per language: connected first, the drop, back again, a refusal.
SAID = {
    "en": {
        "connected": r"^Connected to 127\.0\.0\.1:{port} as {nick}$",
        "dropped": r"^!! Reconnecting in \d+ s… \(The server closed the connection\)$",
        "no_answer": r"^!! Reconnecting in \d+ s… \(No answer from 127\.0\.0\.1:{port}\)$",
        "back": r"^-- Connected again as {nick}$",
        "wrong_password": r"^!! The room password is wrong",
        "too_many": r"^!! The host refused the connection: there are too many connections "
        r"from your address\.",
        "encrypted": r"^-- Encrypted\.",
    },
    "fa": {
        "connected": r"^به 127\.0\.0\.1:{port} با نام {nick} وصل شدید$",
        "dropped": r"^!! اتصال دوباره تا \d+ ثانیهٔ دیگر… \(",
        "no_answer": r"^!! اتصال دوباره تا \d+ ثانیهٔ دیگر… \(پاسخی از 127\.0\.0\.1:{port} نیامد\)$",
        "back": r"^-- دوباره با نام {nick} وصل هستید$",
        "wrong_password": r"^!! گذرواژهٔ اتاق نادرست است",
        "too_many": r"^!! میزبان اتصال را نپذیرفت: از نشانی شما اتصال‌های زیادی باز است\.",
        "encrypted": r"^-- رمزگذاری‌شده\.",
    },
}
ENV = {"en": None, "fa": PERSIAN}


def _serve(
    start: Callable[..., ChatProcess], port: int = 0, *extra: str
) -> tuple[ChatProcess, int]:
    server = start("serve", "--port", str(port), *extra)
    return server, int(server.expect(r"Listening on 127\.0\.0\.1 : (\d+)").group(1))


def _stop(server: ChatProcess) -> None:
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=TIMEOUT) == 0


def _no_traceback(client: ChatProcess) -> None:
    assert client.proc.stderr is not None
    said = client.proc.stderr.read().decode("utf-8", "replace")
    assert "Traceback" not in said, said


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_terminal_reconnects_rejoins_and_sends_what_was_typed_offline(spawn, language):  # noqa: F811
    said = SAID[language]
    server, port = _serve(spawn)
    alice = spawn("chat", "--port", str(port), "--nick", "alice", env=ENV[language])
    alice.expect(said["connected"].format(port=port, nick="alice"))
    alice.expect(r"^\[#lobby\] -- ")  # in the room

    _stop(server)
    alice.expect(said["dropped"])
    alice.type("written while offline")
    alice.expect(r"^\[#lobby\] .*written while offline$")  # kept, marked as not sent yet
    alice.expect(said["no_answer"].format(port=port))  # the next try found nobody: one line

    server, _ = _serve(spawn, port)  # the same host, back on the same port
    alice.expect(said["back"].format(nick="alice"), timeout=30)
    alice.expect(r"^\[#lobby\] <alice> written while offline$")  # sent once back in the room

    # Back in the room for real: someone who joins now hears alice and is heard.
    bob = IrcTestClient.connect(("127.0.0.1", port))
    try:
        bob.register("bob")
        bob.join("#lobby")
        alice.expect(r"^\[#lobby\] -- bob")
        bob.send("PRIVMSG #lobby :welcome back")
        alice.expect(r"^\[#lobby\] <bob> welcome back$")
    finally:
        bob.close()
    retries = [line for line in alice.lines if line.startswith("!! ")]
    assert len(retries) <= 6, retries  # one line per try, not one per second
    alice.type("/quit")
    assert alice.proc.wait(timeout=TIMEOUT) == 0
    _no_traceback(alice)


@pytest.mark.parametrize(
    ("how", "status"),
    [("/quit", 0), ("eof", 0), ("interrupt", 130)],
)
def test_the_person_can_leave_while_the_terminal_waits_to_reconnect(spawn, how, status):  # noqa: F811
    server, port = _serve(spawn)
    alice = spawn("chat", "--port", str(port), "--nick", "alice")
    alice.expect(SAID["en"]["connected"].format(port=port, nick="alice"))
    _stop(server)
    alice.expect(SAID["en"]["dropped"])
    if how == "/quit":
        alice.type("/quit")
    elif how == "eof":
        assert alice.proc.stdin is not None
        alice.proc.stdin.close()
    else:
        alice.proc.send_signal(signal.SIGINT)
    assert alice.proc.wait(timeout=5) == status  # at once, not after the backoff
    _no_traceback(alice)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_host_that_refuses_after_a_restart_is_not_retried(spawn, language):  # noqa: F811
    said = SAID[language]
    server, port = _serve(spawn, 0, "--password", "first")
    alice = spawn(
        "chat", "--port", str(port), "--nick", "alice", "--password", "first", env=ENV[language]
    )
    alice.expect(said["connected"].format(port=port, nick="alice"))
    _stop(server)
    alice.expect(said["dropped"])
    server, _ = _serve(spawn, port, "--password", "changed")
    alice.expect(said["wrong_password"], timeout=30)
    assert alice.proc.wait(timeout=TIMEOUT) == 1  # said why, and left: no retry loop
    _no_traceback(alice)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_host_at_its_limit_is_said_as_such_over_tls(
    spawn,  # noqa: F811
    make_chat_server,
    server_tls,
    language,
):
    """Past the per-address limit a Gofto client, which opens with TLS, hears the reason
    inside TLS and says it in the person's language, not as a TLS failure."""
    said = SAID[language]
    policy = AdmissionPolicy(max_per_address=1, exempt_loopback=False)
    server = make_chat_server(tls=server_tls, limits=policy)
    held = IrcTestClient(socket.create_connection(server.address, timeout=5))
    try:
        held.register("holder")
        port = server.address[1]
        alice = spawn("chat", "--port", str(port), "--nick", "alice", env=ENV[language])
        alice.expect(said["encrypted"])  # the handshake worked
        alice.expect(said["too_many"])
        assert alice.proc.wait(timeout=TIMEOUT) == 1
        assert not any("TLS" in line for line in alice.lines), alice.lines
        _no_traceback(alice)
    finally:
        held.close()


def test_a_host_back_with_another_certificate_is_not_retried(spawn, other_tls_cert):  # noqa: F811
    """The pinned fingerprint no longer matches after the restart: someone else may be
    answering. The terminal says so with the option that trusts the new one, and stops."""
    server, port = _serve(spawn)
    alice = spawn("chat", "--port", str(port), "--nick", "alice")
    alice.expect(SAID["en"]["connected"].format(port=port, nick="alice"))
    _stop(server)
    alice.expect(SAID["en"]["dropped"])
    cert, key = (str(path) for path in other_tls_cert)
    server, _ = _serve(spawn, port, "--cert", cert, "--key", key)
    changed = r"^!! Disconnected: The chat at 127\.0\.0\.1:\d+ shows a different certificate"
    alice.expect(changed, timeout=30)
    alice.expect(r"^!! .*--accept-new-cert \"[0-9A-F ]+\"$")
    assert alice.proc.wait(timeout=TIMEOUT) == 1
    assert not any("Connected again" in line for line in alice.lines)
    _no_traceback(alice)


# -- in process: the loop's timers, and a fast backoff against an in-process server ----------


def test_loop_timers_run_what_is_due_in_order_and_skip_what_was_cancelled():
    from app.client.terminal import LoopTimers

    now = [0.0]
    timers = LoopTimers(clock=lambda: now[0])
    ran: list[str] = []
    timers.call_later(2.0, lambda: ran.append("two"))
    cancel = timers.call_later(1.0, lambda: ran.append("cancelled"))
    timers.call_later(1.5, lambda: ran.append("one and a half"))
    assert timers.due_in(0.25) == 0.25
    cancel()
    cancel()  # safe twice
    now[0] = 1.2
    assert timers.due_in(5.0) == pytest.approx(0.3)
    timers.run_due()
    assert ran == []
    now[0] = 2.0
    timers.run_due()
    assert ran == ["one and a half", "two"]
    assert timers.due_in(0.25) == 0.25


def test_terminal_client_rejoins_after_an_in_process_server_restarts(make_chat_server):
    import io
    import os
    import threading

    from app.client.reconnect import Backoff
    from app.client.terminal import TerminalClient

    server = make_chat_server()
    host, port = server.address
    read_end, write_end = os.pipe()
    out = io.StringIO()
    client = TerminalClient(
        host,
        port,
        "alice",
        room="#lobby",
        out=out,
        stdin_fd=read_end,
        backoff=Backoff(initial=0.1, factor=2.0, maximum=0.4),
    )
    status: list[int] = []
    runner = threading.Thread(target=lambda: status.append(client.run()), daemon=True)
    runner.start()

    def wait_for(text: str) -> None:
        wait_until(lambda: text in out.getvalue(), 10.0, f"{text!r} in {out.getvalue()!r}")

    try:
        wait_for("-- You joined #lobby")
        server.stop()
        wait_for("!! Reconnecting in 1 s… (The server closed the connection)")
        again = make_chat_server(port=port)
        wait_for("-- Connected again as alice")

        def rejoined() -> bool:
            lobby = again.hub.find_channel("#lobby")
            return lobby is not None and bool(lobby.members)

        wait_until(rejoined, 10.0, "alice back in #lobby")
    finally:
        os.write(write_end, b"/quit\n")
        runner.join(10)
        os.close(write_end)
        os.close(read_end)
    assert status == [0]
