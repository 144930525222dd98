"""Trust in the Tk app, on par with Qt: the host is the room's operator, a changed certificate
is a warning with a way to trust the new one, and the host can turn plain-text guests away.

Real servers and real sockets on 127.0.0.1; the toolkit-free half is tests/security/test_tls.py.
"""

from __future__ import annotations

import socket

import pytest

from app.client.trust import TrustStore, normalise_fingerprint
from app.server.server import ChatServer
from app.server.tls import TLS_REQUIRED

from .conftest import free_port, start_from_dialog, window_after_dialog
from .helpers import find, pump_until
from .peer import Peer

pytestmark = pytest.mark.gui

OLD = normalise_fingerprint("0000" * 16)  # a fingerprint pinned earlier, not the server's


def test_the_tk_host_is_the_rooms_operator_even_after_a_guest(app, root, peers):
    port = free_port()
    start_from_dialog(app, root, mode="host", nick="ali", port=port)
    window = window_after_dialog(app, root)
    assert window.hosted is not None and window.hosted.chat_server.hub.trust.has_host
    session = window.connection.session

    def prefixes() -> dict[str, str]:
        return {m.nick: m.prefixes for m in session.members("#lobby")}

    pump_until(root, lambda: prefixes().get("ali") == "@", message="the host's +o")
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in prefixes(), message="bob in the list")
    assert prefixes()["bob"] == ""  # a guest is not an operator of the host's room
    # The secret is this launch's own: a guess at it from a guest is refused.
    bob.send("OPER host not-the-secret")
    bob.wait(lambda m: m.command == "464")


def test_changed_certificate_warns_and_can_be_trusted(app, root, make_chat_server, make_server_tls):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    TrustStore().remember(host, port, OLD)
    dialog = start_from_dialog(app, root, mode="join", nick="ali", address=f"{host}:{port}")
    box = find(dialog, "certificateChangedBox")
    pump_until(root, box.winfo_ismapped, message="the certificate warning")
    assert "different certificate" in dialog.error_label["text"]
    details = find(box, "certificateDetails")["text"]
    assert server.fingerprint in details and OLD in details
    assert app.window is None
    assert TrustStore().fingerprint(host, port) == OLD  # nothing trusted by itself

    find(box, "trustNewCertificateButton").invoke()
    window = window_after_dialog(app, root)
    assert TrustStore().fingerprint(host, port) == server.fingerprint
    assert window.connection is not None


def test_not_trusting_a_changed_certificate_hides_the_warning(
    app, root, make_chat_server, make_server_tls
):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    TrustStore().remember(host, port, OLD)
    dialog = start_from_dialog(app, root, mode="join", nick="ali", address=f"{host}:{port}")
    box = find(dialog, "certificateChangedBox")
    pump_until(root, box.winfo_ismapped, message="the certificate warning")
    find(box, "keepAwayButton").invoke()
    root.update()
    assert not box.winfo_ismapped()
    assert TrustStore().fingerprint(host, port) == OLD


def test_tls_only_checkbox_hosts_an_encrypted_only_chat(app, root):
    dialog = app.show_start_dialog("ali")
    root.update()
    check = find(dialog, "tlsOnlyCheck")
    find(dialog, "joinModeButton").invoke()
    root.update()
    assert not check.winfo_ismapped()
    find(dialog, "hostModeButton").invoke()
    root.update()
    assert check.winfo_ismapped()
    check.invoke()
    assert dialog.tls_only.get() is True

    port = free_port()
    dialog.port.set(str(port))
    root.update()
    find(dialog, "startButton").invoke()
    window = window_after_dialog(app, root)
    server = window.hosted.chat_server if window.hosted is not None else None
    assert server is not None and server.tls is not None
    assert server.tls.tls_only
    with socket.create_connection(("127.0.0.1", port), timeout=5) as plain:
        plain.sendall(b"NICK plain\r\n")
        assert plain.recv(4096).startswith(f"ERROR :{TLS_REQUIRED}".encode())


def test_a_reconnection_that_meets_another_certificate_asks_in_the_window(
    app, root, make_chat_server, make_server_tls, other_tls_cert
):
    server = make_chat_server(tls=make_server_tls())
    host, port = server.address
    start_from_dialog(app, root, mode="join", nick="ali", address=f"{host}:{port}")
    window = window_after_dialog(app, root)
    session = window.connection.session
    pump_until(root, lambda: session.registered, message="registered")
    assert TrustStore().fingerprint(host, port) == server.fingerprint  # pinned on first use
    old = server.fingerprint

    server.stop("restarting")
    again = ChatServer(host, port, tls=make_server_tls(cert=other_tls_cert))
    again.start()
    try:
        box = find(window, "certificateChangedBox")
        pump_until(root, box.winfo_ismapped, timeout=15, message="the warning in the window")
        details = find(box, "certificateDetails")["text"]
        assert old in details and again.fingerprint in details
        assert not session.registered  # nothing was sent to the other certificate
        assert TrustStore().fingerprint(host, port) == old

        find(box, "trustNewCertificateButton").invoke()
        pump_until(root, lambda: session.registered, message="registered again")
        assert not box.winfo_ismapped()
        assert TrustStore().fingerprint(host, port) == again.fingerprint
    finally:
        window.close()
        again.stop()
