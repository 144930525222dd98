"""The PRIVMSG/NOTICE fast path must be indistinguishable from the general path.

Each line is handled by two identical hubs, one with the fast path turned off; every client
must receive the same bytes (msgids aside: they count up) and the console the same lines.
"""

from __future__ import annotations

import re

import pytest

from app.irc.names import fold
from app.server import hub as hub_module
from app.server.config import ServerConfig
from app.server.hub import Hub
from app.server.state import Channel, Client


class FakeConn:
    closing = False

    def __init__(self) -> None:
        self.out = bytearray()

    def append(self, data: bytes) -> None:
        self.out += data

    def flush(self) -> None:
        pass


def _world(caps: dict[str, set[str]]) -> tuple[Hub, dict[str, Client], list[str]]:
    logs: list[str] = []
    hub = Hub(ServerConfig(log=logs.append, flood_limit=False))
    clients = {}
    channel = Channel("#Room")
    hub.channels[fold("#Room")] = channel
    for nick in ("alice", "Bob", "carol"):
        client = Client(FakeConn(), "127.0.0.1", None)  # type: ignore[arg-type]
        client.nick, client.username, client.registered = nick, nick, True
        client.caps = set(caps.get(nick, ()))
        hub.clients.add(client)
        hub.nicks[fold(nick)] = client
        if nick != "carol":
            channel.members[client] = ""
            client.channels[fold("#Room")] = channel
        clients[nick] = client
    clients["carol"].away = "lunch"
    return hub, clients, logs


def _outputs(raw: bytes, caps: dict[str, set[str]], *, fast: bool, monkeypatch) -> tuple:
    hub, clients, logs = _world(caps)
    if not fast:
        monkeypatch.setattr(hub_module, "fast_deliver", lambda *_args: False)
    hub.lines_received(clients["alice"], [raw])
    monkeypatch.undo()
    sent = {
        nick: re.sub(rb"msgid=[^; ]+", b"msgid=X", bytes(client.conn.out))
        for nick, client in clients.items()
    }
    return sent, logs


LINES = [
    b"PRIVMSG bob :hello there",
    b"NOTICE BOB :hi",
    b"PRIVMSG bob ::-) starts with a colon",
    b"PRIVMSG #room :to the room",
    b"NOTICE #ROOM :room notice",
    b"PRIVMSG carol :are you there?",
    b"PRIVMSG alice :to myself",
    b"PRIVMSG nobody :lost",
    b"NOTICE nobody :lost quietly",
    b"PRIVMSG #nowhere :lost",
    b"PRIVMSG bob,carol :two",
    b"PRIVMSG bob :",
    b"PRIVMSG bob word",
    b"PRIVMSG  bob :double space",
    b"PRIVMSG :bob :colon target",
    b"PRIVMSG bob :nul\0inside",
    b"PRIVMSG bob :bad \xff utf-8",
    b"PRIVMSG bob :\x1b[31mcolour",
    "PRIVMSG bob :سلام دنیا".encode(),
    b"PRIVMSG bob :" + b"x" * 600,
    b"privmsg bob :lower case",
]
CAPS = [
    {},
    {"alice": {"echo-message"}},
    {"Bob": {"message-tags"}, "alice": {"echo-message", "message-tags"}},
]


@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("raw", LINES)
def test_fast_path_matches_general_path(raw: bytes, caps: dict, monkeypatch) -> None:
    fast = _outputs(raw, caps, fast=True, monkeypatch=monkeypatch)
    general = _outputs(raw, caps, fast=False, monkeypatch=monkeypatch)
    assert fast == general
