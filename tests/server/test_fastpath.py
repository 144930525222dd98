"""The PRIVMSG/NOTICE fast path must be indistinguishable from the general path.

Each line is handled by two identical hubs, one with the fast path turned off; every client
must receive the same bytes (msgids and times aside) and the console the same lines. Both
with flood control off (a whole ``recv`` in one transaction, runs of lines) and on, as
servers run by default (each line by itself), and under the channel modes that decide who
may speak (``+n``, ``+m``, bans and ban exceptions).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.irc.names import fold
from app.server.config import ServerConfig
from app.server.flood import FloodGate, FloodPolicy
from app.server.handlers.fastpath import fast_deliver
from app.server.hub import Hub
from app.server.intake import Intake
from app.server.state import Ban, Channel, Client


class FakeConn:
    closing = False

    def __init__(self) -> None:
        self.out = bytearray()

    def append(self, data: bytes) -> None:
        self.out += data

    def flush(self) -> None:
        pass

    def wait_closed(self, _timeout: float) -> bool:
        return False  # a held-back line is handled at once: the test does not wait

    def close(self, reason: str, error: str | None = None) -> None:
        self.closing = True
        self.out += f"ERROR :{error or reason}\r\n".encode()


def _flood_gate() -> FloodGate:
    """Flood control as servers run it by default, on a clock that stands still: past the
    burst each line is held back (without waiting here), and nobody is ever disconnected."""
    return FloodGate(FloodPolicy(), clock=lambda: 1000.0)


#: How the room is set up before alice speaks in it: who may speak is decided by the modes.
def _no_modes(channel: Channel, alice: Client) -> None:
    pass


def _outside_no_external(channel: Channel, alice: Client) -> None:
    channel.modes.add("n")
    _leave(channel, alice)


def _outside_external_allowed(channel: Channel, alice: Client) -> None:
    _leave(channel, alice)


def _moderated(channel: Channel, alice: Client) -> None:
    channel.modes.add("m")


def _moderated_voiced(channel: Channel, alice: Client) -> None:
    channel.modes.add("m")
    channel.members[alice] = "v"


def _banned(channel: Channel, alice: Client) -> None:
    channel.bans.append(Ban("alice!*@*", "Bob", 0))


def _banned_excepted(channel: Channel, alice: Client) -> None:
    channel.bans.append(Ban("*!*@127.0.0.1", "Bob", 0))
    channel.exceptions.append(Ban("alice!*@*", "Bob", 0))


def _banned_voiced(channel: Channel, alice: Client) -> None:
    channel.bans.append(Ban("alice!*@*", "Bob", 0))
    channel.members[alice] = "v"


def _banned_outside(channel: Channel, alice: Client) -> None:
    channel.bans.append(Ban("alice!*@*", "Bob", 0))
    _leave(channel, alice)


def _leave(channel: Channel, alice: Client) -> None:
    del channel.members[alice]
    del alice.channels[fold(channel.name)]


SETUPS = {
    "no modes": _no_modes,
    "+n, outside": _outside_no_external,
    "-n, outside": _outside_external_allowed,
    "+m": _moderated,
    "+m, voiced": _moderated_voiced,
    "+b": _banned,
    "+b, +e": _banned_excepted,
    "+b, voiced": _banned_voiced,
    "+b, outside": _banned_outside,
}


def _world(
    caps: dict[str, set[str]],
    *,
    bot: bool = False,
    flood: bool = False,
    setup: str = "no modes",
) -> tuple[Hub, dict[str, Client], list[str]]:
    logs: list[str] = []
    hub = Hub(ServerConfig(log=logs.extend, flood_limit=flood))
    clients = {}
    channel = Channel("#Room")
    hub.channels[fold("#Room")] = channel
    for nick in ("alice", "Bob", "carol"):
        gate = _flood_gate() if flood else None
        client = Client(FakeConn(), "127.0.0.1", gate)  # type: ignore[arg-type]
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
    SETUPS[setup](channel, clients["alice"])
    return hub, clients, logs


def _outputs(
    batch: list[bytes | None],
    caps: dict[str, set[str]],
    *,
    fast: bool,
    bot: bool = False,
    flood: bool = False,
    setup: str = "no modes",
) -> tuple:
    hub, clients, logs = _world(caps, bot=bot, flood=flood, setup=setup)
    Intake(hub, fast_path=fast).lines_received(clients["alice"], batch)
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


@pytest.mark.parametrize("flood", [False, True])
@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("raw", LINES)
def test_fast_path_matches_general_path(raw: bytes, caps: dict, flood: bool) -> None:
    fast = _outputs([raw], caps, fast=True, flood=flood)
    general = _outputs([raw], caps, fast=False, flood=flood)
    assert fast == general


@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("raw", LINES)
def test_fast_path_matches_general_path_for_a_bot(raw: bytes, caps: dict) -> None:
    fast = _outputs([raw], caps, fast=True, bot=True)
    general = _outputs([raw], caps, fast=False, bot=True)
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


@pytest.mark.parametrize("flood", [False, True])
@pytest.mark.parametrize("bot", [False, True])
@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("name", list(BATCHES))
def test_fast_path_runs_match_general_path(name: str, caps: dict, bot: bool, flood: bool) -> None:
    batch = BATCHES[name]
    fast = _outputs(batch, caps, fast=True, bot=bot, flood=flood)
    general = _outputs(batch, caps, fast=False, bot=bot, flood=flood)
    assert fast == general
    assert any(fast[0].values())  # something was delivered or answered


#: What alice sends to the room while its modes decide whether she may.
TO_THE_ROOM = [
    b"PRIVMSG #room :hello",
    b"PRIVMSG #room :\x01ACTION waves\x01",
    b"NOTICE #Room :notice",
    b"PRIVMSG @#room :to the operators",
    b"PRIVMSG #ROOM :again",
    b"PRIVMSG #room :again",
]


@pytest.mark.parametrize("flood", [False, True])
@pytest.mark.parametrize("caps", CAPS[:3])
@pytest.mark.parametrize("setup", list(SETUPS))
def test_fast_path_matches_general_path_under_channel_modes(
    setup: str, caps: dict, flood: bool
) -> None:
    for batch in [[line] for line in TO_THE_ROOM] + [TO_THE_ROOM, TO_THE_ROOM[-2:] * 3]:
        fast = _outputs(batch, caps, fast=True, flood=flood, setup=setup)
        general = _outputs(batch, caps, fast=False, flood=flood, setup=setup)
        assert fast == general, batch


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize(
    ("setup", "heard"),
    [
        ("no modes", True),
        ("+n, outside", False),
        ("-n, outside", True),
        ("+m", False),
        ("+m, voiced", True),
        ("+b", False),
        ("+b, +e", True),
        ("+b, voiced", True),
        ("+b, outside", False),
    ],
)
def test_channel_modes_decide_who_is_heard(setup: str, heard: bool, fast: bool) -> None:
    """The differential test above compares like with like: here, what each setup means."""
    sent, _logs = _outputs([b"PRIVMSG #room :hello"], {}, fast=fast, flood=True, setup=setup)
    assert (b"PRIVMSG #Room :hello" in sent["Bob"]) is heard
    assert (b" 404 alice #Room :" in sent["alice"]) is not heard


def test_flood_control_holds_back_lines_past_the_burst_on_both_paths() -> None:
    """Past the burst, lines are held back (flushed first) and still all delivered."""
    batch = [b"PRIVMSG bob :%d" % i for i in range(100)]
    for fast in (False, True):
        sent, _logs = _outputs(batch, {}, fast=fast, flood=True)
        assert sent["Bob"].count(b"PRIVMSG Bob :") == 100


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
    Intake(hub).lines_received(clients["alice"], BATCHES["run"] + [b"NOTICE bob :once"])
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


@settings(max_examples=200, deadline=None)
@given(
    batch=st.lists(_lines, min_size=1, max_size=12),
    caps=st.sampled_from(CAPS),
    bot=st.booleans(),
    flood=st.booleans(),
    setup=st.sampled_from(list(SETUPS)),
)
def test_fast_path_matches_general_path_on_any_batch(batch, caps, bot, flood, setup) -> None:
    fast = _outputs(batch, caps, fast=True, bot=bot, flood=flood, setup=setup)
    general = _outputs(batch, caps, fast=False, bot=bot, flood=flood, setup=setup)
    assert fast == general
