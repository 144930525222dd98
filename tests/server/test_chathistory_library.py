"""IRCv3 history through a client library nobody here wrote: irc-framework (Node, Kiwi IRC's).

The library connects over TLS to a real Gofto host (its self-signed certificate pinned by
fingerprint), creates its account with ``REGISTER`` and logs in with SASL ``PLAIN`` through
its own ``account`` option, asks for ``draft/chathistory`` with every subcommand and both
reference types, and reads the answers through its own batch handling (``batch end``, the
message events it emits for batched lines, ``server-time`` as it parses it). Raw clients seed
a room and private conversations first, so every msgid and time is known before the library
asks. The peer script is tests/interop_js/chathistory_peer.js.
"""

from __future__ import annotations

import hashlib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.irc.history import parse_time
from app.server.server import ChatServer
from app.server.tls import ServerTls
from tests.fixtures.interop_js import NodePeers, PeerFailed
from tests.server.accounts_helpers import plain_response, sasl_register
from tests.server.helpers import IrcTestClient

# Room for the first test's one-time `npm ci` (tests/fixtures/interop_js.py) and a few runs
# of the peer, each bounded by its own timeouts.
pytestmark = [pytest.mark.interop, pytest.mark.timeout(180)]

PEER = "chathistory_peer.js"
PASSWORD = "correct horse battery"
ROOM = "#hearth"
EARLY = "timestamp=2000-01-01T00:00:00.000Z"
LATE = "timestamp=2999-01-01T00:00:00.000Z"
RAW_CAPS = ["batch", "server-time", "message-tags", "draft/chathistory", "draft/read-marker"]
#: Asked for with the library's requestCap(), besides what it asks for itself (batch,
#: server-time, message-tags, account-tag, extended-join, sasl when given an account…).
LIBRARY_CAPS = [
    "draft/chathistory",
    "batch",
    "server-time",
    "message-tags",
    "labeled-response",
    "draft/read-marker",
    "draft/account-registration",
]


@dataclass(frozen=True, slots=True)
class Line:
    """One seeded message as its recipient received it live (msgid and time as sent)."""

    speaker: str
    kind: str  # the library's event: privmsg, notice or action
    target: str
    text: str  # as the library shows it (an ACTION without its CTCP wrapping)
    msgid: str
    time: str
    client_tags: tuple[tuple[str, str], ...] = ()

    @property
    def millis(self) -> int:
        """The time as the library's getServerTime() gives it: ms since the epoch."""
        return round(parse_time(self.time) * 1000)


@dataclass(frozen=True, slots=True)
class Host:
    server: ChatServer
    fingerprint: str
    room: list[Line]  # #hearth, said by alice and bob
    ours: list[Line]  # alice <-> carol (the library's account)
    theirs: list[Line]  # alice <-> bob: never the library's as carol
    alice: IrcTestClient
    bob: IrcTestClient


def _fingerprint(cert: Path) -> str:
    """SHA-256 of the certificate, as Node's ``getPeerCertificate().fingerprint256`` writes it."""
    der = ssl.PEM_cert_to_DER_cert(cert.read_text())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _next_millisecond() -> None:
    """Spin (under a millisecond) until the clock's millisecond changes: the next line the host
    stamps is then strictly later than the last, so timestamp references select exactly."""
    start = time.time_ns() // 1_000_000
    while time.time_ns() // 1_000_000 == start:
        pass


def _account(server: ChatServer, irc_client: Callable[..., IrcTestClient], nick: str):
    client = irc_client(server, nick, caps=RAW_CAPS)
    client.send(f"REGISTER * * :{PASSWORD}")
    client.expect(lambda m: m.command == "REGISTER" and m.params[0] == "SUCCESS")
    client.sync()
    return client


def _say(
    speaker: IrcTestClient,
    target: str,
    text: str,
    listener: IrcTestClient,
    kind: str = "privmsg",
    *,
    reply_to: Line | None = None,
) -> Line:
    command = "NOTICE" if kind == "notice" else "PRIVMSG"
    wire = f"\x01ACTION {text}\x01" if kind == "action" else text
    tags = (("+draft/reply", reply_to.msgid),) if reply_to else ()
    prefix = f"@{tags[0][0]}={tags[0][1]} " if tags else ""
    speaker.send(f"{prefix}{command} {target} :{wire}")
    got = listener.expect(lambda m: m.command == command and m.params[-1] == wire)
    _next_millisecond()
    assert speaker.nick is not None
    return Line(speaker.nick, kind, target, text, got.tags["msgid"], got.tags["time"], tags)


@pytest.fixture
def host(
    make_chat_server: Callable[..., ChatServer],
    server_tls: ServerTls,
    tls_cert: tuple[Path, Path],
    irc_client: Callable[..., IrcTestClient],
) -> Host:
    """A TLS host with a room of eight lines and two private conversations, said by raw
    clients with accounts; carol (whose account the library uses) has left."""
    server = make_chat_server(flood_limit=False, tls=server_tls)
    alice = _account(server, irc_client, "alice")
    bob = _account(server, irc_client, "bob")
    carol = _account(server, irc_client, "carol")
    for client in (alice, bob, carol):
        client.join(ROOM)
    carol.sync()
    room = [
        _say(alice, ROOM, "r0 good morning", carol),
        _say(bob, ROOM, "r1 morning", carol),
        _say(alice, ROOM, "r2 the host restarts at noon", carol, "notice"),
        _say(bob, ROOM, "waves at everyone", carol, "action"),
        _say(alice, ROOM, "r4 سلام، صبح بخیر", carol),
        _say(bob, ROOM, "r5 ünïcödé ✓", carol),
        _say(alice, ROOM, "r6 tea?", carol),
    ]
    room.append(_say(bob, ROOM, "r7 yes please", carol, reply_to=room[-1]))
    ours = [
        _say(alice, "carol", "p0 are you coming tonight?", carol),
        _say(carol, "alice", "p1 yes, at eight", alice),
        _say(alice, "carol", "p2 see you", carol),
    ]
    theirs = [
        _say(alice, "bob", "s0 a secret for bob", bob),
        _say(bob, "alice", "s1 bob's secret answer", alice),
    ]
    carol.send("QUIT")
    carol.read_until_closed()
    alice.sync()
    return Host(server, _fingerprint(tls_cert[0]), room, ours, theirs, alice, bob)


def _run(
    peers: NodePeers,
    host: Host,
    steps: list[dict],
    *,
    nick: str = "carol",
    account: str | None = "carol",
    password: str = PASSWORD,
) -> list[dict]:
    """The library's run: everything it reported, checked to end with a clean QUIT."""
    request = {
        "host": "127.0.0.1",
        "port": host.server.address[1],
        "fingerprint256": host.fingerprint,
        "nick": nick,
        "account": account,
        "password": password,
        "caps": LIBRARY_CAPS,
        "steps": steps,
        "step_timeout_ms": 5000,
        "total_timeout_ms": 20000,
    }
    events = peers.run(PEER, request)
    assert events[-1] == {"event": "done"}, events[-3:]
    return events


def _registered(events: list[dict]) -> dict:
    """The library's report of its welcome: nick, account (900) and enabled capabilities."""
    (registered,) = [e for e in events if e["event"] == "registered"]
    return registered


def _ask(line: str, label: str) -> dict:
    return {"op": "send", "line": line, "label": label}


def _replies(events: list[dict]) -> dict[int, dict]:
    return {e["step"]: e for e in events if e["event"] in ("reply", "joined")}


def _history(reply: dict, label: str, target: str) -> list[dict]:
    """The message events of a ``chathistory`` batch, checked to carry ``label``."""
    assert reply["kind"] == "batch", reply
    assert (reply["label"], reply["type"], reply["params"]) == (label, "chathistory", [target])
    assert len(reply["events"]) == len(reply["commands"])
    for command, event in zip(reply["commands"], reply["events"], strict=True):
        # The library's parsed line and the event it emitted from it agree on the tags.
        assert command["tags"]["msgid"] == event["msgid"]
        assert command["time"] == event["time"]
    return reply["events"]


def _expect(events: list[dict], lines: list[Line]) -> None:
    """Exactly ``lines``, in order: who, what kind, where, what, msgid, time, account and
    client-only tags (a reply's ``+draft/reply``)."""
    seen = [
        (
            *(e["nick"], e["type"], e["target"], e["message"], e["msgid"], e["time"]),
            e["account"],
            *sorted(e["client_tags"].items()),
        )
        for e in events
    ]
    wanted = [
        (x.speaker, x.kind, x.target, x.text, x.msgid, x.millis, x.speaker, *x.client_tags)
        for x in lines
    ]
    assert seen == wanted


def test_library_reads_a_rooms_history(interop_js: NodePeers, host: Host) -> None:
    room, ours = host.room, host.ours
    steps = [
        {"op": "join", "channel": ROOM},
        _ask(f"CHATHISTORY LATEST {ROOM} * 100", "q1"),
        _ask(f"CHATHISTORY LATEST {ROOM} * 3", "q2"),
        _ask(f"CHATHISTORY BEFORE {ROOM} msgid={room[5].msgid} 2", "q3"),
        _ask(f"CHATHISTORY AFTER {ROOM} msgid={room[5].msgid} 10", "q4"),
        _ask(f"CHATHISTORY AROUND {ROOM} msgid={room[4].msgid} 3", "q5"),
        _ask(f"CHATHISTORY BETWEEN {ROOM} msgid={room[1].msgid} msgid={room[6].msgid} 10", "q6"),
        _ask(
            f"CHATHISTORY BETWEEN {ROOM} timestamp={room[6].time} timestamp={room[1].time} 2",
            "q7",
        ),
        _ask(f"CHATHISTORY LATEST {ROOM} timestamp={room[5].time} 10", "q8"),
        _ask(f"CHATHISTORY AFTER {ROOM} timestamp={room[2].time} 2", "q9"),
        _ask(f"CHATHISTORY BEFORE {ROOM} timestamp={room[0].time} 10", "q10"),
        _ask(f"CHATHISTORY AROUND {ROOM} timestamp={room[3].time} 1", "q11"),
        _ask(f"CHATHISTORY TARGETS {EARLY} {LATE} 10", "q12"),
        _ask(f"MARKREAD {ROOM} timestamp={room[6].time}", "q13"),
        _ask(f"MARKREAD {ROOM} timestamp={room[2].time}", "q14"),
        _ask(f"MARKREAD {ROOM}", "q15"),
    ]
    events = _run(interop_js, host, steps)
    registered = _registered(events)
    assert (registered["nick"], registered["account"]) == ("carol", "carol")
    for cap in (*LIBRARY_CAPS[:-1], "sasl", "account-tag", "extended-join"):
        assert cap in registered["caps"]

    # Joining: extended-join names carol's account; the read marker (none yet) comes before
    # the names list ends, as draft/read-marker requires, and is not labelled.
    joined = events.index(_replies(events)[0])
    assert {"event": "join", "nick": "carol", "channel": ROOM, "account": "carol"} in events[
        :joined
    ]
    (marker,) = [e for e in events[:joined] if e.get("command") == "MARKREAD"]
    assert (marker["event"], marker["params"], marker["label"]) == (
        "unsolicited",
        [ROOM, "*"],
        None,
    )

    # draft/chathistory: nothing is played back unasked.
    assert [e for e in events if e.get("kind") == "message"] == []

    replies = _replies(events)
    wanted = {
        1: room,
        2: room[5:],
        3: room[3:5],
        4: room[6:],
        5: room[3:6],
        6: room[2:6],
        7: room[4:6],  # backwards from r6: the two closest to it, oldest first
        8: room[6:],
        9: room[3:5],
        10: [],
        11: room[3:4],
    }
    for step, lines in wanted.items():
        _expect(_history(replies[step], f"q{step}", ROOM), lines)
    # Every line of one batch carries that batch's reference, and the library grouped them.
    assert len({c["tags"]["batch"] for c in replies[1]["commands"]}) == 1

    targets = replies[12]
    assert (targets["kind"], targets["label"], targets["type"]) == (
        "batch",
        "q12",
        "draft/chathistory-targets",
    )
    # The room and carol's own conversation with alice, by their latest line; alice and bob's
    # conversation is not carol's to know of.
    assert [c["params"] for c in targets["commands"]] == [
        ["TARGETS", ROOM, room[-1].time],
        ["TARGETS", "alice", ours[-1].time],
    ]

    for step, stored in ((13, room[6]), (14, room[6]), (15, room[6])):
        reply = replies[step]
        assert (reply["kind"], reply["label"], reply["command"]) == ("line", f"q{step}", "MARKREAD")
        assert reply["params"] == [ROOM, f"timestamp={stored.time}"]


def test_private_history_is_given_only_to_its_own_accounts(
    interop_js: NodePeers, host: Host, irc_client: Callable[..., IrcTestClient]
) -> None:
    ours, theirs = host.ours, host.theirs
    phone = irc_client(host.server)  # carol's other device
    sasl_register(phone, "carolphone", "PLAIN", plain_response("carol", PASSWORD), RAW_CAPS)
    mine = "p3 written with irc-framework"
    steps = [
        {"op": "say", "target": "alice", "text": mine, "label": "p0"},
        _ask("CHATHISTORY LATEST alice * 10", "p1"),
        _ask(f"CHATHISTORY BEFORE alice msgid={ours[2].msgid} 10", "p2"),
        _ask(f"CHATHISTORY AFTER alice timestamp={ours[0].time} 10", "p3"),
        _ask(f"CHATHISTORY BETWEEN alice {EARLY} {LATE} 10", "p4"),
        # alice and bob's msgid: not a line of carol's conversation with alice.
        _ask(f"CHATHISTORY AROUND alice msgid={theirs[0].msgid} 10", "p5"),
        _ask("CHATHISTORY LATEST bob * 10", "p6"),
        _ask(f"MARKREAD alice timestamp={ours[2].time}", "p7"),
    ]
    events = _run(interop_js, host, steps)
    replies = _replies(events)
    # labeled-response: a labelled PRIVMSG with no echo-message is acknowledged.
    assert (replies[0]["label"], replies[0]["command"]) == ("p0", "ACK")
    # The library's own line, as alice received it, is part of the conversation's history.
    got = host.alice.expect(lambda m: m.command == "PRIVMSG" and m.params[-1] == mine)
    ours = [*ours, Line("carol", "privmsg", "alice", mine, got.tags["msgid"], got.tags["time"])]
    wanted = {1: ours, 2: ours[:2], 3: ours[1:], 4: ours, 5: [], 6: []}
    for step, lines in wanted.items():
        target = "bob" if step == 6 else "alice"
        _expect(_history(replies[step], f"p{step}", target), lines)
    said = repr(events)
    for secret in theirs:
        assert secret.text not in said and secret.msgid not in said

    marker = replies[7]
    assert (marker["label"], marker["command"], marker["params"]) == (
        "p7",
        "MARKREAD",
        ["alice", f"timestamp={ours[2].time}"],
    )
    # Carol's other device hears of it; alice, the other party, never does.
    heard = phone.expect("MARKREAD")
    assert heard.params == ("alice", f"timestamp={ours[2].time}")
    assert [m for m in host.alice.sync() if m.command == "MARKREAD"] == []

    # The same request from bob's account (through the library, under another nick) gives
    # bob's conversation with alice and nothing of carol's.
    events = _run(
        interop_js,
        host,
        [_ask("CHATHISTORY LATEST alice * 10", "b1")],
        nick="bob_laptop",
        account="bob",
    )
    assert _registered(events)["account"] == "bob"
    _expect(_history(_replies(events)[0], "b1", "alice"), theirs)
    said = repr(events)
    for line in ours:
        assert line.text not in said and line.msgid not in said


def test_a_bad_request_is_the_specs_fail_and_the_connection_lives_on(
    interop_js: NodePeers, host: Host
) -> None:
    steps = [
        {"op": "join", "channel": ROOM},
        _ask(f"CHATHISTORY BEFORE {ROOM} timestamp=yesterday 10", "e1"),
        _ask(f"CHATHISTORY AFTER {ROOM} id=3 10", "e2"),
        _ask("CHATHISTORY LATEST #nowhere * 10", "e3"),
        _ask("CHATHISTORY TARGETS msgid=a msgid=b 10", "e4"),
        _ask(f"CHATHISTORY LATEST {ROOM} * 2", "e5"),
    ]
    events = _run(interop_js, host, steps)
    replies = _replies(events)
    fails = {
        1: ["CHATHISTORY", "INVALID_PARAMS", "BEFORE", "timestamp=yesterday", "Invalid timestamp"],
        2: [
            "CHATHISTORY",
            "INVALID_MSGREFTYPE",
            "AFTER",
            ROOM,
            "id=3",
            "Only timestamp and msgid references are supported",
        ],
        3: [
            "CHATHISTORY",
            "INVALID_TARGET",
            "LATEST",
            "#nowhere",
            "Messages could not be retrieved",
        ],
        4: [
            "CHATHISTORY",
            "INVALID_MSGREFTYPE",
            "TARGETS",
            "*",
            "msgid=a",
            "TARGETS takes timestamps only",
        ],
    }
    for step, params in fails.items():
        reply = replies[step]
        assert (reply["kind"], reply["label"], reply["command"]) == ("line", f"e{step}", "FAIL")
        assert reply["params"] == params
    # Still connected and answered: the library read the next history and quit cleanly.
    _expect(_history(replies[5], "e5", ROOM), host.room[6:])


def test_library_registers_an_account_then_logs_in_with_sasl(
    interop_js: NodePeers, host: Host
) -> None:
    events = _run(
        interop_js,
        host,
        [_ask(f"REGISTER * * :{PASSWORD} too", "reg")],
        nick="dana",
        account=None,
    )
    assert _registered(events)["account"] is None
    reply = _replies(events)[0]
    assert reply["label"] == "reg"
    lines = reply["commands"] if reply["kind"] == "batch" else [reply]
    success = [c["params"][:2] for c in lines if c["command"] == "REGISTER"]
    assert success == [["SUCCESS", "dana"]]

    events = _run(
        interop_js,
        host,
        [_ask(f"CHATHISTORY TARGETS {EARLY} {LATE} 10", "t1")],
        nick="dana",
        account="dana",
        password=f"{PASSWORD} too",
    )
    registered = _registered(events)
    assert (registered["nick"], registered["account"]) == ("dana", "dana")
    empty = _replies(events)[0]
    assert (empty["type"], empty["label"], empty["commands"]) == (
        "draft/chathistory-targets",
        "t1",
        [],
    )

    with pytest.raises(PeerFailed, match="SASL failed: fail"):
        _run(interop_js, host, [], nick="dana", account="dana", password="not the password")


def test_a_host_with_another_certificate_is_refused(interop_js: NodePeers, host: Host) -> None:
    """The pin is checked: with the wrong fingerprint the peer hangs up before logging in."""
    wrong = Host(host.server, "00" + host.fingerprint[2:], [], [], [], host.alice, host.bob)
    with pytest.raises(PeerFailed, match="is not the pinned"):
        _run(interop_js, wrong, [])


def test_messages_that_waited_reach_the_library_as_a_history_batch(
    interop_js: NodePeers, host: Host
) -> None:
    """A message to carol while she was away comes, when the library logs in as carol, in a
    ``chathistory`` batch of its own (unasked, so unlabelled) with its original time."""
    text = "w0 said while carol was away"
    host.alice.send(f"PRIVMSG carol :{text}")
    host.alice.expect(lambda m: m.command == "NOTICE" and "carol" in m.params[-1])
    events = _run(interop_js, host, [_ask("CHATHISTORY LATEST alice * 10", "w1")])
    (waited,) = [e for e in events if e["event"] == "unsolicited" and e["kind"] == "batch"]
    assert (waited["type"], waited["params"], waited["label"]) == ("chathistory", ["alice"], None)
    (line,) = waited["events"]
    assert (line["nick"], line["target"], line["message"], line["account"]) == (
        "alice",
        "carol",
        text,
        "alice",
    )
    assert line["time"] <= time.time() * 1000
    # It is part of the conversation's history, last, with the same msgid.
    latest = _history(_replies(events)[0], "w1", "alice")
    assert [e["message"] for e in latest] == [*(x.text for x in host.ours), text]
    assert latest[-1]["msgid"] == line["msgid"] and latest[-1]["time"] == line["time"]
    # It came before the answer to the first request.
    assert events.index(waited) < events.index(_replies(events)[0])
