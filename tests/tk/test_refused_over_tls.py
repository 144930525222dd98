"""The Tk app turned away by a host at its limits: the reason, heard inside TLS, is said as
its status in the interface's language (not the English, not a TLS failure), and it stays
the last word: the closing that follows, and stopping, do not write over it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.client.events import Disconnected, Registered, RegistrationFailed
from app.client.trust import ClientTls
from app.errors import HostRefused
from app.server.admission import AdmissionPolicy
from app.tk.connection import Connection
from app.tk.i18n import shown
from tests.server.helpers import IrcTestClient

from .helpers import pump_for, pump_until

pytestmark = pytest.mark.gui

SHOTS = Path(__file__).resolve().parents[2] / "resources/screenshots"
SAID = {
    "en": "The host is full and lets nobody else in right now",
    "fa": "میزبان پر است",
}


@pytest.fixture(params=["en", "fa"])
def language(request):
    from app.tk import i18n

    i18n.install(request.param)
    yield request.param
    i18n.uninstall()


def test_a_full_host_is_said_and_stays_said(root, language, make_chat_server, server_tls):
    server = make_chat_server(tls=server_tls, limits=AdmissionPolicy(max_clients=1))
    held = IrcTestClient.connect(server.address)
    connection = Connection(
        root,
        host="127.0.0.1",
        port=server.address[1],
        nick="ali",
        password=None,
        room="#lobby",
        retry=False,
        tls=ClientTls(),
    )
    failures: list[BaseException] = []
    encrypted: list[bool] = []
    closed: list[Disconnected] = []

    def refused(event: object) -> None:
        if isinstance(event, RegistrationFailed):
            failures.append(event.error)
            security = connection.transport.security
            encrypted.append(security is not None and security.encrypted)
        elif isinstance(event, Disconnected):
            closed.append(event)

    connection.add_listener(refused)
    statuses: list[str] = []
    connection.on_status = statuses.append
    try:
        held.register("holder")
        connection.start()
        pump_until(root, lambda: failures, message="the refusal")
        assert isinstance(failures[0], HostRefused)
        assert encrypted == [True]  # heard inside TLS, not over a plain-text fallback
        pump_until(root, lambda: closed, message="the connection closed after the refusal")
        root.update()
        assert statuses[-1].startswith(SAID[language]), statuses
        assert connection.status == statuses[-1]
        connection.stop()
        assert connection.status.startswith(SAID[language]), statuses
    finally:
        connection.stop()
        held.close()


def test_a_reconnection_refused_says_why_while_it_waits(
    root, language, make_chat_server, server_tls
):
    first = make_chat_server(tls=server_tls)
    port = first.address[1]
    connection = Connection(
        root,
        host="127.0.0.1",
        port=port,
        nick="ali",
        password=None,
        room="#lobby",
        retry=True,
        tls=ClientTls(),
    )
    registered: list[Registered] = []
    connection.add_listener(
        lambda event: registered.append(event) if isinstance(event, Registered) else None
    )
    statuses: list[str] = []
    connection.on_status = statuses.append
    held = None
    try:
        connection.start()
        pump_until(root, lambda: registered, message="ali signed in")
        first.stop("going away")
        # The host comes back full (someone else took the only place): ali is turned away.
        again = make_chat_server(tls=server_tls, port=port, limits=AdmissionPolicy(max_clients=1))
        held = IrcTestClient.connect(again.address)
        held.register("holder")
        pump_until(
            root,
            lambda: any(SAID[language] in status for status in statuses),
            timeout=20,
            message="the refusal said while reconnecting",
        )
        retrying = [status for status in statuses if SAID[language] in status]
        assert retrying[-1] != SAID[language]  # with the wait, as a reason to retry
    finally:
        connection.stop()
        if held is not None:
            held.close()


def test_a_window_turned_away_says_why_once_and_last(
    root, app, make_chat_server, server_tls, tmp_path, *, language
):
    """The window opened straight onto a full host: its status and the room's last line are
    the refusal, said once, with no "Disconnected" after it; the people count in the
    interface's digits."""
    from app.tk.launch_flow import StartRequest

    from .helpers import find

    server = make_chat_server(tls=server_tls, limits=AdmissionPolicy(max_clients=1))
    held = IrcTestClient.connect(server.address)
    try:
        held.register("holder")
        window = app.open_direct(StartRequest("join", "ali", server.address[1]))
        view = window.view("#lobby")
        status = find(window, "connectionStatus")
        pump_until(root, lambda: SAID[language] in view.transcript(), message="the refusal")
        pump_until(root, lambda: not window.connection.transport.connected, message="the closing")
        root.update()
        assert view.transcript().count(SAID[language]) == 1, view.transcript()
        assert SAID[language] in view.lines[-1].text, view.transcript()
        assert status["text"] == shown(window.connection.status)
        assert window.connection.status.startswith(SAID[language])
        heading = window.users.heading["text"]
        assert ("۰" if language == "fa" else "0") in heading, heading
        if shutil.which("import"):
            folder = SHOTS if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path
            target = folder / f"tk-refused{'-fa' if language == 'fa' else ''}.png"
            window.geometry("780x400+0+0")
            pump_for(root, 0.3)
            subprocess.run(
                ["import", "-window", window.wm_frame(), str(target)], check=True, timeout=20
            )
            assert target.stat().st_size > 0
    finally:
        held.close()
