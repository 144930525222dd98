"""The tkinter host's banner: invite links for every address, Copy invite, the QR code of
the first link and the comparison code (discovery itself is off in the suite)."""

from __future__ import annotations

import segno

from app.discovery.comparison import comparison_code
from app.tk.invite_banner import QR_SCALE

from .conftest import free_port, start_from_dialog, window_after_dialog
from .helpers import find


def test_the_hosting_window_shows_invites_a_qr_code_and_the_comparison_code(
    app, root, confirmations
):
    port = free_port()
    start_from_dialog(app, root, mode="host", nick="ali", port=port)
    window = window_after_dialog(app, root)
    hosted = window.hosted
    banner = window.banner
    assert hosted is not None and banner is not None
    links = banner.invite_links
    assert links and all(f":{port}/lobby?fp=" in link for link in links)
    find(banner, "copyAddressButton").invoke()
    assert root.clipboard_get() == links[0]
    code = find(banner, "hostingFingerprint").cget("text")
    assert comparison_code(hosted.fingerprint) in code
    # The QR code holds the first link: compare it with segno's modules, pixel by pixel.
    image = banner.qr
    matrix = segno.make(links[0], error="m", micro=False).matrix
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            x = (column + 2) * QR_SCALE + 1
            y = (row + 2) * QR_SCALE + 1
            assert (sum(image.get(x, y)) < 384) == bool(dark), (row, column)
    full = find(banner, "hostingFullFingerprint")
    assert not full.winfo_manager()
    find(banner, "showFingerprintButton").invoke()
    assert full.winfo_manager() and full.cget("text") == hosted.fingerprint
    confirmations.answer = True
    window.request_close()
