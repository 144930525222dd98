"""The Qt app turned away by a host at its limits: it opens with TLS, hears the reason inside
TLS, and the start dialog's failure is that sentence, not a TLS or "cannot reach" one."""

from __future__ import annotations

import pytest

from app.errors import HostRefused
from app.qt.controller import ChatController
from app.server.admission import AdmissionPolicy
from tests.server.helpers import IrcTestClient

pytestmark = pytest.mark.gui


def test_a_host_at_its_limit_fails_the_controller_with_the_reason(
    qtbot, make_chat_server, server_tls
):
    policy = AdmissionPolicy(max_per_address=1, exempt_loopback=False)
    server = make_chat_server(tls=server_tls, limits=policy)
    held = IrcTestClient.connect(server.address)
    controller = ChatController("Sara", *server.address)
    try:
        held.register("holder")
        with qtbot.waitSignal(controller.failed, timeout=10000) as blocker:
            controller.start()
        error = blocker.args[0]
        assert isinstance(error, HostRefused)
        assert error.code == "error.too_many_connections"
        assert controller.security is not None and controller.security.encrypted
        assert "too many connections from your address" in controller.status
    finally:
        controller.shutdown()
        held.close()
