"""Screenshots of the start dialog in English and Persian, rendered under Xvfb.

The test always renders both (so a broken layout or a Persian text that fails to load is
caught); it writes ``resources/screenshots/*.png`` only with ``GOFTO_SCREENSHOTS=1``, so the
normal suite never modifies the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.qt import i18n
from app.qt.icons import app_icon
from app.qt.qt import QLineEdit, Qt
from app.qt.settings import Mode
from app.qt.start_dialog import StartDialog
from app.resources import resource_path

pytestmark = pytest.mark.gui


def _save(widget, name: str, tmp_path: Path) -> Path:
    folder = resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    widget.layout().activate()  # apply a pending relayout (e.g. after switching modes)
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def persian(qapp):
    translation = i18n.install("fa")
    yield translation
    translation.remove()


def _dialog(qtbot, settings, nick: str, mode: Mode) -> StartDialog:
    settings.nick = nick
    settings.mode = mode
    settings.address = "192.168.1.20:5000"
    qapp_icon = app_icon()
    dialog = StartDialog(settings)
    dialog.setWindowIcon(qapp_icon)
    qtbot.addWidget(dialog)
    dialog.resize(480, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_start_dialog_english(qtbot, settings, tmp_path):
    dialog = _dialog(qtbot, settings, "Sara", Mode.JOIN)
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert _save(dialog, "start-dialog.png", tmp_path).stat().st_size > 0
    dialog.set_mode(Mode.HOST)
    dialog.findChild(QLineEdit, "nickEdit").setText("1bad")
    assert _save(dialog, "start-dialog-problem.png", tmp_path).stat().st_size > 0


def test_start_dialog_persian(qtbot, settings, tmp_path, persian):
    assert persian.translators, "gofto_fa.qm did not load"
    dialog = _dialog(qtbot, settings, "سارا", Mode.JOIN)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "Gofto" in dialog.windowTitle()
    assert dialog.windowTitle() != "Start a chat — Gofto"  # translated
    assert _save(dialog, "start-dialog-fa.png", tmp_path).stat().st_size > 0
    dialog.set_mode(Mode.HOST)
    assert _save(dialog, "start-dialog-host-fa.png", tmp_path).stat().st_size > 0
