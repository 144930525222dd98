"""The Qt widgets of finding and inviting, without a network: the list of chats found (driven
through its model with announcements as the browser reports them), the host's banner (invite
links, the QR code's content, the comparison code) and the guest's Connection dialog.
The same widgets against real announcements run in tests/discovery/test_gui.py."""

from __future__ import annotations

import pytest
import segno

from app.client.invite import format_invite
from app.client.trust import INVITE, ClientTls
from app.discovery.comparison import comparison_code
from app.discovery.record import ChatRecord, FoundChat, clean_text
from app.qt.connection_dialog import ConnectionDialog
from app.qt.controller import ChatController
from app.qt.discovered_list import DiscoveredChats, DiscoveredList
from app.qt.invite_banner import QR_SCALE, InviteBanner
from app.qt.main_window import MainWindow
from app.qt.qt import QAction, QGuiApplication, QLabel, QPushButton, Qt
from app.qt.settings import Mode
from app.qt.start_dialog import StartDialog
from app.server.hosting import HostedServer

pytestmark = pytest.mark.gui
WAIT = 5000
FP = "ab12" * 16


def _chat(name: str, *, password: bool = False, nick: str = "", people: int = 2) -> FoundChat:
    record = ChatRecord(FP, "#lobby", password, people, "0.1.0", nick)
    return FoundChat(f"{name}._gofto._tcp.local.", clean_text(name), "198.18.0.1", 5000, record)


class _FakeBrowser:
    """What DiscoveredChats reads from a Browser: a snapshot and stop()."""

    def __init__(self) -> None:
        self.found: list[FoundChat] = []
        self.stopped = False

    def chats(self) -> list[FoundChat]:
        return sorted(self.found, key=lambda chat: chat.sort_key)

    def stop(self, wait: bool = True) -> None:
        self.stopped = True


def test_the_list_shows_chats_in_order_with_locks_and_isolated_names(qtbot):
    browser = _FakeBrowser()
    model = DiscoveredChats(browser=browser)  # type: ignore[arg-type]
    widget = DiscoveredList()
    qtbot.addWidget(widget)
    model.changed.connect(lambda: widget.show_chats(model.chats()))
    browser.found = [
        _chat("Zed", people=1),
        _chat("گفتگوی سارا", password=True, nick="سارا"),
        _chat("alpha"),
    ]
    with qtbot.waitSignal(model.changed, timeout=WAIT):
        model._browser_changed.emit()  # what the browser's thread does
    texts = [widget.item(i).text() for i in range(widget.count())]
    assert [chat.name for chat in widget.chats()] == ["alpha", "Zed", "گفتگوی سارا"]
    assert "\u2068گفتگوی سارا\u2069" in texts[2] and "\u2068سارا\u2069" in texts[2]
    assert [widget.item(i).icon().isNull() for i in range(3)] == [True, True, False]
    widget.setCurrentRow(1)
    browser.found = browser.found[:1] + browser.found[2:]  # a host left
    widget.show_chats(model.chats())
    assert widget.current_chat() is not None and widget.current_chat().name == "Zed"
    model.stop()
    assert browser.stopped


def test_enter_in_the_list_joins_that_chat_not_the_typed_address(qtbot, settings):
    settings.mode = Mode.JOIN
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    chosen: list[FoundChat] = []
    dialog.discovered_list.chosen.disconnect()
    dialog.discovered_list.chosen.connect(chosen.append)
    dialog.discovered_list.show_chats([_chat("Sara's chat")])
    dialog.discovered_list.setCurrentRow(0)
    dialog.discovered_list.setFocus()
    qtbot.keyClick(dialog.discovered_list, Qt.Key.Key_Return)
    assert [chat.name for chat in chosen] == ["Sara's chat"]
    assert not dialog.busy  # the default button was not pressed as well


def test_a_chat_with_a_password_asks_for_it_first(qtbot, settings):
    settings.mode = Mode.JOIN
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    chat = _chat("Sara's chat", password=True)
    dialog.join_discovered(chat)
    assert not dialog.busy
    assert "password" in dialog.error_text()
    assert dialog.address_edit.text() == format_invite("198.18.0.1", 5000, "#lobby", FP)


def _pixel_is_dark(image, x: int, y: int) -> bool:
    return image.pixelColor(x, y).lightness() < 128


def test_the_banner_lists_invites_with_a_qr_code_and_a_comparison_code(qtbot, tls_cert):
    hosted = HostedServer(0, tls_dir=tls_cert[0].parent)
    hosted.start()
    try:
        banner = InviteBanner(hosted)
        qtbot.addWidget(banner)
        links = banner.invite_links
        assert links and all(
            link.endswith("?fp=" + hosted.fingerprint.replace(" ", "").lower()) for link in links
        )
        assert len(links) == len(hosted.lan_addresses() or ["127.0.0.1"])
        banner.findChild(QPushButton, "copyAddressButton").click()
        assert QGuiApplication.clipboard().text() == links[0]
        # The QR code holds exactly the first invite link: compare it module by module.
        image = banner.findChild(QLabel, "inviteQrCode").pixmap().toImage()
        matrix = segno.make(links[0], error="m", micro=False).matrix
        for row, modules in enumerate(matrix):
            for column, dark in enumerate(modules):
                x = (column + 2) * QR_SCALE + QR_SCALE // 2
                y = (row + 2) * QR_SCALE + QR_SCALE // 2
                assert _pixel_is_dark(image, x, y) == bool(dark), (row, column)
        code = banner.findChild(QLabel, "hostingFingerprint").text()
        assert comparison_code(hosted.fingerprint) in code
        full = banner.findChild(QLabel, "hostingFullFingerprint")
        assert full.isHidden() and full.text() == hosted.fingerprint
        banner.findChild(QPushButton, "showFingerprintButton").click()
        assert not full.isHidden()
    finally:
        hosted.stop()


def test_a_guest_sees_how_the_host_is_trusted(qtbot, tls_cert, tmp_path):
    hosted = HostedServer(0, tls_dir=tls_cert[0].parent)
    hosted.start()
    controller = ChatController(
        "guest", "127.0.0.1", hosted.port, tls=ClientTls(pinned=hosted.fingerprint, how=INVITE)
    )
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        window = MainWindow(controller)
        qtbot.addWidget(window)
        window.findChild(QAction, "connectionAction").trigger()
        dialog = window.connection_dialog
        assert isinstance(dialog, ConnectionDialog)
        texts = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
        assert texts["connectionCode"] == comparison_code(hosted.fingerprint)
        assert texts["connectionTrust"] == "Pinned by the invite link"
        assert texts["connectionSince"]
        assert texts["connectionFingerprint"] == hosted.fingerprint
        assert dialog.full_fingerprint is not None and dialog.full_fingerprint.isHidden()
        dialog.findChild(QPushButton, "showFingerprintButton").click()
        assert not dialog.full_fingerprint.isHidden()
        assert dialog.grab().save(str(tmp_path / "connection-dialog.png"))
        dialog.close()
    finally:
        controller.shutdown()
        hosted.stop()


@pytest.fixture
def launched(qtbot, settings):
    from app.cli import build_parser
    from app.qt.app import launch

    launchers = []

    def start(*argv: str):
        launcher = launch(build_parser().parse_args(argv), settings=settings)
        launchers.append(launcher)
        return launcher

    yield start
    for launcher in launchers:
        if launcher.main_window is not None:
            launcher.main_window.close()
        if launcher.dialog is not None:
            launcher.dialog.close()
        launcher.shutdown()


def test_gofto_join_with_an_invite_link_pins_its_fingerprint(
    qtbot, launched, make_chat_server, server_tls
):
    server = make_chat_server(tls=server_tls)
    host, port = server.address
    launcher = launched("join", format_invite(host, port, "#tea", server.fingerprint))
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=WAIT)
    security = launcher.controller.security
    assert security is not None and security.how == INVITE
    assert security.fingerprint == server.fingerprint


def test_gofto_join_refuses_someone_else_answering(qtbot, launched, make_chat_server, server_tls):
    server = make_chat_server(tls=server_tls)
    host, port = server.address
    launcher = launched("join", format_invite(host, port, "#tea", "cd" * 32))
    qtbot.waitUntil(lambda: launcher.dialog is not None, timeout=WAIT)
    assert launcher.main_window is None
    assert launcher.dialog.error_text() == "Someone else is answering at that address."
