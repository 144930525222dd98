"""Settings → Your key: export to a file, import on a fresh data folder, and a real TLS host
keeps the nickname for the imported key (and refuses it to any other key)."""

from __future__ import annotations

import stat

from app.client.events import Registered, RegistrationFailed
from app.client.trust import ClientTls
from app.errors import NickOwned
from app.qt.preferences import Preferences
from app.qt.qt import QMessageBox
from app.qt.settings_dialog import SettingsDialog
from tests.client.live import LiveClient


def _connect(address: tuple[str, int], nick: str) -> LiveClient:
    return LiveClient(*address, nick, tls=ClientTls(), nick_fallback=False).connect()


def _registered_as(client: LiveClient, nick: str) -> None:
    client.wait_event(Registered)
    assert client.session.nick == nick


def test_key_export_then_import_keeps_the_name(  # noqa: PLR0917 (fixtures)
    qtbot, make_chat_server, server_tls, tmp_path, monkeypatch, isolated_settings
):
    server = make_chat_server(tls=server_tls)
    old, new = tmp_path / "old-computer", tmp_path / "new-computer"
    monkeypatch.setenv("GOFTO_DATA_DIR", str(old))
    first = _connect(server.address, "reza")
    _registered_as(first, "reza")  # the key of the old computer now owns "reza"
    first.close()

    dialog = SettingsDialog(Preferences(isolated_settings))
    qtbot.addWidget(dialog)
    bundle = tmp_path / "moving" / "gofto-key.pem"
    bundle.parent.mkdir()
    assert dialog.export_to(bundle, "sesame")
    assert str(bundle) in dialog.key_status.text()
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    data = bundle.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in data and b"BEGIN CERTIFICATE" in data

    monkeypatch.setenv("GOFTO_DATA_DIR", str(new))  # a new computer: its own new key
    stranger = _connect(server.address, "reza")
    refused = stranger.wait_event(RegistrationFailed)
    assert isinstance(refused.error, NickOwned)
    stranger.transport.close()

    assert not dialog.import_from(bundle, "wrong")
    assert "password" in dialog.key_status.text()
    junk = tmp_path / "junk.pem"
    junk.write_text("not a key")
    assert not dialog.import_from(junk)
    assert "not a Gofto key file" in dialog.key_status.text()

    before = (new / "client-cert.pem").read_bytes()
    assert dialog.import_from(bundle, "sesame")
    box = dialog.import_confirmation
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()  # said no: nothing replaced
    assert (new / "client-cert.pem").read_bytes() == before
    assert dialog.import_from(bundle, "sesame")
    box = dialog.import_confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "imported" in dialog.key_status.text(), timeout=5000)
    assert (new / "client-cert.pem").read_bytes() != before
    assert stat.S_IMODE((new / "client-key.pem").stat().st_mode) == 0o600

    moved = _connect(server.address, "reza")
    try:
        _registered_as(moved, "reza")  # the host sees the same person
    finally:
        moved.close()
