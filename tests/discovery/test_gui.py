"""The Qt app finds and joins a chat by itself, inside a network namespace.

Both sides are the real app, run as subprocesses in the namespace (``gui_agent.py``) with the
test's Xvfb reachable through its socket file: the host announces as the start dialog's Host
does, the guest's ``discoveredList`` shows the chat, Enter joins it with the fingerprint
pinned. With ``GOFTO_SCREENSHOTS=1`` the windows are saved to resources/screenshots/ (the
README's pictures of finding and inviting); otherwise to a temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.resources import resource_path
from tests.discovery.lines import Lines
from tests.fixtures.lan_netns import Namespace

pytestmark = [pytest.mark.gui, pytest.mark.slow]
AGENT = ["-m", "tests.discovery.gui_agent"]


def _folder(tmp_path: Path) -> Path:
    return resource_path("screenshots") if os.environ.get("GOFTO_SCREENSHOTS") else tmp_path


@pytest.mark.parametrize(
    "case", [("en", "Sara", "", "secret"), ("fa", "سارا", "-fa", "")], ids=["en", "fa"]
)
def test_the_start_dialog_lists_and_joins_a_chat_found_on_the_network_screenshots(
    netns: Namespace, qapp, tmp_path: Path, case: tuple[str, str, str, str]
):
    """The English host has a room password: the guest sees a lock, presses Enter, is asked
    for the password (and only then), types it and presses Enter again."""
    language, nick, suffix, password = case
    folder = _folder(tmp_path)
    display = {"DISPLAY": os.environ["DISPLAY"], "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "xcb"}
    banner = folder / f"host-banner{suffix}.png"
    dialog = folder / f"start-dialog-discovered{suffix}.png"
    host = Lines(netns.python(*AGENT, "host", language, str(banner), nick, password, **display))
    host.wait_for(lambda line: line.startswith("hosting"), timeout=30)
    guest = Lines(netns.python(*AGENT, "guest", language, str(dialog), password, **display))
    rows = json.loads(guest.wait_for(lambda line: line.startswith("["), timeout=30))
    assert len(rows) == 1 and nick in rows[0]["text"]
    assert rows[0]["locked"] == bool(password)
    if password:
        asked = guest.wait_for(lambda line: line.startswith("asked"), timeout=30)
        assert "needs the room password" in asked
    assert guest.wait_for(lambda line: line.startswith(("joined", "failed")), timeout=30) == (
        "joined discovery"
    )
    assert banner.stat().st_size > 0 and dialog.stat().st_size > 0


@pytest.mark.parametrize("password", ["", "secret"], ids=["open", "password"])
def test_the_tk_start_dialog_lists_and_joins_a_chat_found_on_the_network(
    netns: Namespace, qapp, password: str
):
    extra = ["--password", password] if password else []
    serve = Lines(
        netns.python(
            "-m",
            "app",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--announce",
            "--announce-name",
            "گفتگوی سارا",
            *extra,
        )
    )
    serve.wait_for(lambda line: line.startswith("Announcing"))
    display = {"DISPLAY": os.environ["DISPLAY"], "LANG": "C.UTF-8"}
    guest = Lines(netns.python("-m", "tests.discovery.tk_agent", "fa", password, **display))
    rows = json.loads(guest.wait_for(lambda line: line.startswith("["), timeout=30))
    assert len(rows) == 1 and "#lobby" not in rows[0]
    if password:  # asked for only when the announcement says the room has one
        guest.wait_for(lambda line: line.startswith("asked"), timeout=30)
    assert guest.wait_for(lambda line: line.startswith(("joined", "failed")), timeout=30) == (
        "joined discovery"
    )


@pytest.mark.parametrize("front_end", [[], ["--tk"]], ids=["qt", "tk"])
def test_the_app_withdraws_its_announcement_when_terminated(
    netns: Namespace, qapp, front_end: list[str]
):
    """`python -m app host` (the real app, hosting from its window, Qt or Tk) announces by
    default and sends goodbyes on SIGTERM."""
    browse = Lines(netns.python("-m", "tests.discovery.agent", "browse", "40"))
    browse.wait_for(lambda line: line == "ready")
    display = {"DISPLAY": os.environ["DISPLAY"], "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "xcb"}
    app = netns.python("-m", "app", *front_end, "host", "--nick", "Sara", "--port", "0", **display)
    [chat] = browse.wait_for_list(lambda chats: len(chats) == 1, timeout=30)
    assert (chat["name"], chat["nick"]) == ("Sara's chat", "Sara")
    app.terminate()
    assert app.wait(15) is not None
    browse.wait_for_list(lambda chats: chats == [], timeout=5)
