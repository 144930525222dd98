"""The Qt window's previews on a host that limits 127.0.0.1 as it limits a guest on its LAN
(``AdmissionPolicy(exempt_loopback=False)``: 30 new connections a minute): a room showing 40
shared pictures and files gets every thumbnail and card, over a few kept connections."""

from __future__ import annotations

import pytest

from app.client.http_pool import PER_ORIGIN
from app.qt.attachments import Attachment, State
from app.qt.controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.qt import QBuffer, QByteArray, QImage
from app.server.admission import AdmissionPolicy
from app.server.filehost import FileHostSettings

pytestmark = pytest.mark.gui

WAIT = 20_000
COUNT = 40


def _png_bytes(number: int) -> bytes:
    image = QImage(40 + number, 30, QImage.Format.Format_RGB32)
    image.fill("#2a7ae2")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.fixture
def host(make_chat_server, server_tls):
    return make_chat_server(
        tls=server_tls,
        files=FileHostSettings(linger=0.5),
        limits=AdmissionPolicy(exempt_loopback=False),
    )


def test_forty_previews_all_arrive_over_a_few_connections(qtbot, host, fast_backoff) -> None:
    admitted: list[str] = []
    admit = host.admission.admit

    def counting(address: str, unregistered: int, local: str | None = None):
        ticket = admit(address, unregistered, local)
        admitted.append(type(ticket).__name__)
        return ticket

    host.admission.admit = counting
    controller = ChatController("Sara", *host.address, backoff=fast_backoff)
    window = MainWindow(controller, ask_before_closing=False)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(controller.registered, timeout=WAIT):
            controller.start()
        qtbot.waitUntil(lambda: window.sharing.transfers.filehost() is not None, timeout=WAIT)
        assert host.files is not None
        port = host.address[1]
        attachments = []
        for number in range(COUNT):
            picture = number % 2 == 0
            name = f"photo {number}.png" if picture else f"notes {number}.txt"
            data = _png_bytes(number) if picture else b"notes " * (number + 1)
            upload = host.files.store.begin(
                name, "image/png" if picture else "text/plain", "R", None
            )
            upload.write(data)
            entry = upload.finish()
            url = f"https://127.0.0.1:{port}{entry.path}"
            attachments.append(Attachment(url, picture=picture))
        previews = window.sharing.previews
        before = len(admitted)
        for attachment in attachments:  # what painting the room's history asks for
            previews.preview(attachment)

        def states() -> list[State]:
            return [previews.preview(a).state for a in attachments]

        qtbot.waitUntil(lambda: State.LOADING not in states(), timeout=WAIT)
        assert states() == [State.PICTURE, State.CARD] * (COUNT // 2)
        made = admitted[before:]
        assert "Refusal" not in made
        assert 1 <= len(made) <= PER_ORIGIN
    finally:
        window.sharing.close()
        controller.shutdown()
