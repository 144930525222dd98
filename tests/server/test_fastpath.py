"""The PRIVMSG/NOTICE fast path must be indistinguishable from the general path.

Each line is handled by two identical hubs, one with the fast path turned off; every client
must receive the same bytes (msgids and times aside) and the console the same lines.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.irc.names import fold
from app.server import hub as hub_module
from app.server.config import ServerConfig
from app.server.handlers.fastpath import fast_deliver
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


def _world(
    caps: dict[str, set[str]], *, bot: bool = False
) -> tuple[Hub, dict[str, Client], list[str]]:
    logs: list[str] = []
    hub = Hub(ServerConfig(log=logs.extend, flood_limit=False))
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
            channel.members[client] = "o" if nick == "Bob" else ""  # for STATUSMSG targets
            client.channels[fold("#Room")] = channel
        clients[nick] = client
    clients["carol"].away = "lunch"
    if bot:
        clients["alice"].modes.add("B")  # the sender is a bot (IRCv3 bot-mode)
    return hub, clients, logs


def _outputs(
    batch: list[bytes | None],
    caps: dict[str, set[str]],
    *,
    fast: bool,
    monkeypatch,
    bot: bool = False,
) -> tuple:
    hub, clients, logs = _world(caps, bot=bot)
    if not fast:
        monkeypatch.setattr(hub_module, "fast_deliver", lambda *_args: 0)
    hub.lines_received(clients["alice"], batch)
    monkeypatch.undo()
    sent = {
        nick: re.sub(rb"(msgid|time)=[^; ]+", rb"\1=X", bytes(client.conn.out))
        for nick, client in clients.items()
    }
    return sent, _counted_out(logs)


def _counted_out(logs: list[str]) -> list[str]:
    """The console lines with a run's one line (``… (private privmsg ×3)``) written out once
    per message, as the general path, which takes one line at a time, writes them."""
    lines: list[str] = []
    for line in logs:
        run = re.fullmatch(r"(.* \(private \w+) ×(\d+)\)", line)
        lines.extend([run[1] + ")"] * int(run[2]) if run else [line])
    return lines


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
    b"PRIVMSG @#room :to the operators",
    b"NOTICE +#Room :to voiced members and operators",
    b"PRIVMSG @+#room :the lowest of the two",
    b"PRIVMSG @#nowhere :lost",
    b"PRIVMSG @bob :not a channel",
]
CAPS = [
    {},
    {"alice": {"echo-message"}},
    {"Bob": {"message-tags"}, "alice": {"echo-message", "message-tags"}},
    {"Bob": {"server-time"}, "alice": {"echo-message", "server-time", "message-tags"}},
]


@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("raw", LINES)
def test_fast_path_matches_general_path(raw: bytes, caps: dict, monkeypatch) -> None:
    fast = _outputs([raw], caps, fast=True, monkeypatch=monkeypatch)
    general = _outputs([raw], caps, fast=False, monkeypatch=monkeypatch)
    assert fast == general


@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("raw", LINES)
def test_fast_path_matches_general_path_for_a_bot(raw: bytes, caps: dict, monkeypatch) -> None:
    fast = _outputs([raw], caps, fast=True, monkeypatch=monkeypatch, bot=True)
    general = _outputs([raw], caps, fast=False, monkeypatch=monkeypatch, bot=True)
    assert fast == general


def test_fast_path_adds_the_bot_tags_and_declines_statusmsg_targets() -> None:
    hub, clients, _logs = _world({"Bob": {"message-tags"}}, bot=True)
    alice, bob = clients["alice"], clients["Bob"]
    assert fast_deliver(hub, alice, [b"PRIVMSG #room :beep", b"PRIVMSG #room :boop"], 0) == 2
    assert bytes(bob.conn.out).count(b";bot;draft/bot :alice!") == 2
    for target in (b"@#room", b"+#room", b"@+#room"):
        assert fast_deliver(hub, alice, [b"PRIVMSG " + target + b" :ops only"], 0) == 0


#: Batches of one ``recv``: the fast path takes runs of lines with one head at once, and
#: must stop a run exactly where a line needs the general path.
BATCHES = {
    "run": [b"PRIVMSG bob :one", b"PRIVMSG bob :two", b"PRIVMSG bob :three"],
    "nul inside": [b"PRIVMSG bob :one", b"PRIVMSG bob :n\0l", b"PRIVMSG bob :three"],
    "bad utf-8 inside": [b"PRIVMSG bob :one", b"PRIVMSG bob :\xff", b"PRIVMSG bob :three"],
    "bad utf-8 first": [b"PRIVMSG bob :\xfe", b"PRIVMSG bob :two"],
    "empty inside": [b"PRIVMSG bob :one", b"PRIVMSG bob :", b"PRIVMSG bob :three"],
    "too long inside": [b"PRIVMSG bob :one", None, b"PRIVMSG bob :three"],
    "over the limit": [b"PRIVMSG bob :one", b"PRIVMSG bob :" + b"y" * 600, b"PRIVMSG bob :z"],
    "nick spelled otherwise": [b"PRIVMSG BOB :one", b"PRIVMSG BOB :two", b"NOTICE BOB :3"],
    "away peer": [b"PRIVMSG carol :one", b"PRIVMSG carol :two", b"NOTICE carol :three"],
    "channel": [
        b"PRIVMSG #room :a",
        b"PRIVMSG #room :\x01ACTION waves\x01",
        b"PRIVMSG #room :\x01VERSION\x01",
        b"PRIVMSG #room :b",
        b"NOTICE #room :c",
        b"PRIVMSG #ROOM :d",
    ],
    "persian": ["PRIVMSG #room :سلام".encode(), "PRIVMSG #room :دنیا".encode()] * 2,
    "persian nick": ["PRIVMSG بابک :سلام".encode()] * 2,
    "changing targets": [b"PRIVMSG bob :1", b"PRIVMSG #room :2", b"PRIVMSG bob :3"],
    "alternating": [b"PRIVMSG bob :1", b"NOTICE #room :2"] * 50 + [b"PRIVMSG bob :end"] * 3,
    "to myself": [b"PRIVMSG alice :1", b"PRIVMSG alice :2"],
    "commands between": [b"PRIVMSG bob :1", b"AWAY :gone", b"PRIVMSG bob :2", b"PRIVMSG bob :3"],
    "statusmsg between": [b"PRIVMSG #room :1", b"PRIVMSG @#room :2", b"PRIVMSG #room :3"],
    "every line": list(LINES),
}


@pytest.mark.parametrize("bot", [False, True])
@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("name", list(BATCHES))
def test_fast_path_runs_match_general_path(name: str, caps: dict, bot: bool, monkeypatch) -> None:
    batch = BATCHES[name]
    fast = _outputs(batch, caps, fast=True, monkeypatch=monkeypatch, bot=bot)
    general = _outputs(batch, caps, fast=False, monkeypatch=monkeypatch, bot=bot)
    assert fast == general
    assert any(fast[0].values())  # something was delivered or answered


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("run", 3),
        ("nul inside", 1),
        ("bad utf-8 inside", 1),
        ("bad utf-8 first", 0),
        ("empty inside", 1),
        ("too long inside", 1),
        ("over the limit", 1),
        ("nick spelled otherwise", 2),
        ("away peer", 1),  # each PRIVMSG to an away nick earns its own 301
        ("channel", 4),  # the NOTICE has a head of its own
        ("changing targets", 1),
    ],
)
def test_fast_path_takes_the_whole_run_and_stops_where_it_must(name: str, taken: int) -> None:
    hub, clients, _logs = _world({})
    assert fast_deliver(hub, clients["alice"], BATCHES[name], 0) == taken


def test_a_run_of_private_messages_is_one_console_line() -> None:
    hub, clients, logs = _world({})
    hub.lines_received(clients["alice"], BATCHES["run"] + [b"NOTICE bob :once"])
    assert logs == ["alice -> Bob: (private privmsg ×3)", "alice -> Bob: (private notice)"]


_heads = st.sampled_from(
    [
        b"PRIVMSG bob :",
        b"PRIVMSG BOB :",
        b"NOTICE bob :",
        b"PRIVMSG #room :",
        b"NOTICE #Room :",
        b"PRIVMSG carol :",
        b"PRIVMSG alice :",
        b"PRIVMSG nobody :",
        b"PRIVMSG #nowhere :",
        b"PRIVMSG @#room :",
        b"NOTICE +#Room :",
    ]
)
_texts = st.lists(
    st.sampled_from([b"hi", b"", b"\x00", b"\xff", b":", b" :x", b"\x01ACTION w\x01", b"y" * 300]),
    max_size=3,
).map(b"".join)
_lines = st.one_of(
    st.builds(bytes.__add__, _heads, _texts),
    st.sampled_from([None, b"AWAY :gone", b"AWAY", b"PRIVMSG bob", b"JOIN #room"]),
)


@settings(max_examples=150, deadline=None)
@given(
    batch=st.lists(_lines, min_size=1, max_size=12), caps=st.sampled_from(CAPS), bot=st.booleans()
)
def test_fast_path_matches_general_path_on_any_batch(batch, caps, bot) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _outputs(batch, caps, fast=True, monkeypatch=monkeypatch, bot=bot)
        general = _outputs(batch, caps, fast=False, monkeypatch=monkeypatch, bot=bot)
    assert fast == general
