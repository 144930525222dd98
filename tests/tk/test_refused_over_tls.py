"""The Tk app turned away by a host at its limits: the reason, heard inside TLS, is said as
its status in the interface's language (not the English, not a TLS failure)."""

from __future__ import annotations

import pytest

from app.client.events import RegistrationFailed
from app.client.trust import ClientTls
from app.errors import HostRefused
from app.server.admission import AdmissionPolicy
from app.tk.connection import Connection
from tests.server.helpers import IrcTestClient

from .helpers import pump_until

pytestmark = pytest.mark.gui


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def test_a_full_host_is_said_in_persian(root, persian, make_chat_server, server_tls):
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

    def refused(event: object) -> None:
        if isinstance(event, RegistrationFailed):
            failures.append(event.error)
            security = connection.transport.security
            encrypted.append(security is not None and security.encrypted)

    connection.add_listener(refused)
    statuses: list[str] = []
    connection.on_status = statuses.append
    try:
        held.register("holder")
        connection.start()
        pump_until(root, lambda: failures, message="the refusal")
        assert isinstance(failures[0], HostRefused)
        assert encrypted == [True]  # heard inside TLS, not over a plain-text fallback
        assert any(status.startswith("میزبان پر است") for status in statuses), statuses
    finally:
        connection.stop()
        held.close()
