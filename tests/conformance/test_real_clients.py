"""A real IRC client (WeeChat, headless) against a real ChatServer.

WeeChat negotiates capabilities, joins, talks and quits the way people's clients do; a raw
test client in the same room checks what the others see. Skipped where ``weechat-headless``
is not installed (Debian: ``apt-get install weechat-headless``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from app.server.server import ChatServer
from tests.server.helpers import IrcTestClient

pytestmark = pytest.mark.interop

WEECHAT = shutil.which("weechat-headless")


@pytest.mark.skipif(WEECHAT is None, reason="weechat-headless is not installed")
def test_weechat_joins_talks_renames_and_quits(
    chat_server: ChatServer, irc_client: Callable[..., IrcTestClient], tmp_path: Path
) -> None:
    assert WEECHAT is not None
    watcher = irc_client(chat_server, "watcher")
    watcher.join("#lobby")
    host, port = chat_server.address
    on_server = "/command -buffer irc.server.gofto irc"
    commands = ";".join(
        [
            f"/server add gofto {host}/{port} -notls -nicks=wee -autojoin=#lobby",
            '/set irc.server_default.capabilities "*"',
            # No client-side send delay (WeeChat < 4: anti_flood_prio_high, 4+: anti_flood).
            "/set irc.server_default.anti_flood_prio_high 0",
            "/set irc.server_default.anti_flood 0",
            "/connect gofto",
            f"/wait 1 {on_server} /msg #lobby hello from weechat",
            f"/wait 2 {on_server} /nick wee2",  # each /wait counts from start-up
            "/wait 3 /quit",
        ]
    )
    weechat = subprocess.Popen(
        [WEECHAT, "--dir", str(tmp_path), "--run-command", commands],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        joined = watcher.expect("JOIN", timeout=10)
        assert joined.source is not None and joined.source.startswith("wee!")
        said = watcher.expect("PRIVMSG", timeout=10)
        assert said.params == ("#lobby", "hello from weechat")
        renamed = watcher.expect("NICK", timeout=10)
        assert renamed.params == ("wee2",)
        quit_ = watcher.expect("QUIT", timeout=10)
        assert quit_.source is not None and quit_.source.startswith("wee2!")
        assert weechat.wait(timeout=10) == 0
    finally:
        if weechat.poll() is None:
            weechat.kill()
            weechat.wait(timeout=5)
    log = (tmp_path / "logs" / "irc.server.gofto.weechatlog").read_text(encoding="utf-8")
    assert "client capability, enabled:" in log
    assert "Welcome to the Gofto IRC Network" in log
    assert "Unknown" not in log and "unknown" not in log, log
