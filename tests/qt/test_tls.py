"""Encryption in the Qt app: the controller pins, notices a changed certificate and accepts a
new one; the start dialog's TLS-only checkbox and warning box; the host's banner fingerprint.

Real widgets, real servers on 127.0.0.1:0 with the session's certificates (tests/fixtures/tls).
The toolkit-free half of these checks is tests/security/test_tls.py.
"""

from __future__ import annotations

import socket

import pytest

from app.client.trust import ClientTls, TrustStore
from app.discovery.comparison import comparison_code
from app.errors import CertificateChanged
from app.qt.controller import ChatController
from app.qt.hosting import start_hosting
from app.qt.main_window import MainWindow
from app.qt.qt import QCheckBox, QLabel, QLineEdit, QPushButton, Qt
from app.qt.start_dialog import StartDialog
from app.server.server import ChatServer
from app.server.tls import TLS_REQUIRED

pytestmark = pytest.mark.gui

WAIT = 5000


@pytest.fixture
def make_controller(qtbot, fast_backoff):
    made: list[ChatController] = []

    def factory(host: str, port: int, **kw) -> ChatController:
        kw.setdefault("backoff", fast_backoff)
        controller = ChatController("Sara", host, port, **kw)
        made.append(controller)
        return controller

    yield factory
    for controller in made:
        controller.shutdown()


@pytest.fixture
def dialog(qtbot, settings):
    widget = StartDialog(settings)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    if widget.controller is not None:
        widget.controller.shutdown()


def _restart(server: ChatServer, tls) -> ChatServer:
    host, port = server.address
    server.stop()
    again = ChatServer(host, port, tls=tls)
    again.start()
    return again


def test_controller_encrypts_and_pins_on_first_use(
    qtbot, make_chat_server, server_tls, make_controller
):
    server = make_chat_server(tls=server_tls)
    controller = make_controller(*server.address)
    with (
        qtbot.waitSignal(controller.security_changed, timeout=WAIT) as secured,
        qtbot.waitSignal(controller.registered, timeout=WAIT),
    ):
        controller.start()
    security = secured.args[0]
    assert security.encrypted and security.first_use
    assert security.fingerprint == server.fingerprint
    assert controller.status.endswith("(encrypted)")
    assert TrustStore().fingerprint(*server.address) == server.fingerprint


def test_controller_reports_a_changed_certificate_and_accepts_it(
    qtbot, make_chat_server, make_server_tls, other_tls_cert, make_controller
):
    server = make_chat_server(tls=make_server_tls())
    first = make_controller(*server.address)
    with qtbot.waitSignal(first.registered, timeout=WAIT):
        first.start()
    first.shutdown()
    old = server.fingerprint
    server = _restart(server, make_server_tls(cert=other_tls_cert))
    try:
        controller = make_controller(*server.address)
        with (
            qtbot.waitSignal(controller.certificate_changed, timeout=WAIT) as changed,
            qtbot.waitSignal(controller.failed, timeout=WAIT) as failed,
        ):
            controller.start()
        assert changed.args == [old, server.fingerprint]
        assert isinstance(failed.args[0], CertificateChanged)
        assert not controller.is_registered

        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.accept_certificate(server.fingerprint)
        assert controller.security is not None and controller.security.encrypted
        assert TrustStore().fingerprint(*server.address) == server.fingerprint
    finally:
        server.stop()


def test_ircs_refuses_a_plain_host(qtbot, make_chat_server, make_controller):
    server = make_chat_server()  # plain text only
    controller = make_controller(*server.address, tls=ClientTls(force=True))
    with qtbot.waitSignal(controller.failed, timeout=WAIT) as failed:
        controller.start()
    assert "will not join it unencrypted" in str(failed.args[0])


def test_tls_only_checkbox_hosts_an_encrypted_only_chat(qtbot, dialog):
    check = dialog.findChild(QCheckBox, "tlsOnlyCheck")
    assert check is not None
    dialog.findChild(QPushButton, "joinModeButton").click()
    assert not check.isVisibleTo(dialog)
    dialog.findChild(QPushButton, "hostModeButton").click()
    assert check.isVisibleTo(dialog)
    check.setChecked(True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog.port_spin.setValue(port)
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as started:
        dialog.start_button.click()
    controller = started.args[0]
    try:
        hosted = controller.hosted
        assert hosted is not None and hosted.tls_only and hosted.fingerprint
        assert controller.security is not None and controller.security.encrypted
        with socket.create_connection(("127.0.0.1", port), timeout=5) as plain:
            plain.sendall(b"NICK plain\r\n")
            assert plain.recv(4096).startswith(f"ERROR :{TLS_REQUIRED}".encode())

        window = MainWindow(controller)
        qtbot.addWidget(window)
        label = window.hosting_banner.findChild(QLabel, "hostingFingerprint")
        assert label is not None and comparison_code(hosted.fingerprint) in label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText
        full = window.hosting_banner.findChild(QLabel, "hostingFullFingerprint")
        assert full is not None and full.text() == hosted.fingerprint
        assert "(encrypted)" in window.status_label.text()
        window.ask_before_closing = False
    finally:
        controller.shutdown()


def test_start_dialog_warns_of_a_changed_certificate(
    qtbot, dialog, make_chat_server, make_server_tls, other_tls_cert
):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    TrustStore().remember(host, port, "0000" * 16)  # pinned earlier: a different certificate
    dialog.findChild(QPushButton, "joinModeButton").click()
    dialog.findChild(QLineEdit, "nickEdit").setText("Sara")
    dialog.findChild(QLineEdit, "addressEdit").setText(f"{host}:{port}")
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.certificate_box is not None, timeout=WAIT)
    box = dialog.certificate_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    assert "different certificate" in dialog.error_text()
    assert server.fingerprint in box.informativeText()
    with qtbot.waitSignal(dialog.started, timeout=WAIT) as started:
        box.findChild(QPushButton, "trustNewCertificateButton").click()
    controller = started.args[0]
    try:
        assert TrustStore().fingerprint(host, port) == server.fingerprint
    finally:
        controller.shutdown()


def test_hosting_controller_insists_on_its_own_certificate(qtbot, fast_backoff):
    controller = start_hosting("Host", 0, backoff=fast_backoff)
    try:
        assert controller.transport.tls is not None
        assert controller.transport.tls.expected == controller.hosted.fingerprint
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        assert controller.security is not None and controller.security.encrypted
    finally:
        controller.shutdown()
