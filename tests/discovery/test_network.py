"""Announcing and browsing for real, inside private network namespaces (tests/fixtures/netns).

The host is ``python -m app serve --announce`` (the real command); the guest side is the real
:class:`~app.discovery.browse.Browser`, ``python -m app discover`` and a pinned
:class:`~app.client.transport.ThreadedTransport` (``tests/discovery/agent.py``). Hostile
announcements are sent with python-zeroconf directly, as anyone on a network could.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import time

import pytest

from tests.discovery.lines import Lines
from tests.fixtures.lan_netns import Namespace

pytestmark = pytest.mark.slow
AGENT = ["-m", "tests.discovery.agent"]


def _serve(space: Namespace, *args: str, **env: str) -> tuple[Lines, dict[str, str]]:
    process = space.python(
        "-m", "app", "serve", "--host", "0.0.0.0", "--port", "0", "--announce", *args, **env
    )
    lines = Lines(process)
    lines.wait_for(lambda line: line.startswith("Announcing on the network"))
    text = "\n".join(lines.seen)
    port = re.search(r"Listening on \S+ : (\d+)", text)
    fp = re.search(r"fingerprint ([0-9A-F ]+)", text)
    assert port and fp, text
    return lines, {"port": port.group(1), "fp": fp.group(1).replace(" ", "").lower()}


def _browse(space: Namespace, seconds: float = 40) -> Lines:
    lines = Lines(space.python(*AGENT, "browse", str(seconds)))
    lines.wait_for(lambda line: line == "ready")
    return lines


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_announces_and_withdraws_with_goodbyes(netns: Namespace, stop: signal.Signals):
    browse = _browse(netns)
    serve, facts = _serve(netns, "--password", "secret", "--announce-name", "Sara's chat")
    lines = serve.seen
    encryption = next(i for i, line in enumerate(lines) if line.startswith("Encryption:"))
    assert lines[encryption + 1] == (
        f"Invite: ircs://198.18.0.1:{facts['port']}/lobby?fp={facts['fp']}"
    )
    [chat] = browse.wait_for_list(lambda chats: len(chats) == 1)
    assert chat["name"] == "Sara's chat"
    assert (chat["address"], str(chat["port"])) == ("198.18.0.1", facts["port"])
    assert (chat["fp"], chat["room"], chat["password"], chat["people"]) == (
        facts["fp"],
        "#lobby",
        True,
        0,
    )
    serve.process.send_signal(stop)
    assert serve.process.wait(15) == 0
    # Goodbye records: gone at once, long before the records' 60-second lifetime.
    browse.wait_for_list(lambda chats: chats == [], timeout=5)


def test_people_count_follows_the_room(netns: Namespace):
    browse = _browse(netns)
    serve, facts = _serve(netns)
    browse.wait_for_list(lambda chats: len(chats) == 1 and chats[0]["people"] == 0)
    guest = netns.python(
        "-c",
        "import socket, sys\n"
        f"s = socket.create_connection(('198.18.0.1', {facts['port']}))\n"
        "s.sendall(b'NICK guest\\r\\nUSER guest 0 * :guest\\r\\nJOIN #lobby\\r\\n')\n"
        "print('joined', flush=True)\n"
        "sys.stdin.read()\n",
    )
    Lines(guest).wait_for(lambda line: line == "joined")
    browse.wait_for_list(lambda chats: len(chats) == 1 and chats[0]["people"] == 1, timeout=10)
    assert guest.stdin is not None
    guest.stdin.close()  # the guest leaves: the count follows within a few seconds
    assert guest.wait(10) == 0
    serve.wait_for(lambda line: line.startswith("guest disconnected"), timeout=10)
    browse.wait_for_list(lambda chats: len(chats) == 1 and chats[0]["people"] == 0, timeout=10)


def test_every_address_the_server_listens_on_is_announced(netns: Namespace):
    netns.run(["ip", "addr", "add", "198.18.0.2/15", "dev", "lo"])
    browse = _browse(netns)
    _serve(netns)
    [chat] = browse.wait_for_list(lambda chats: len(chats) == 1)
    assert sorted(chat["addresses"]) == ["198.18.0.1", "198.18.0.2"]
    browse_one = _browse(netns)
    _serve(netns, "--host", "198.18.0.2", "--announce-name", "one")  # only that address
    chats = browse_one.wait_for_list(lambda chats: len(chats) == 2)
    assert ["198.18.0.2"] in [chat["addresses"] for chat in chats]


def test_serve_on_loopback_says_only_this_machine_can_join(netns: Namespace):
    lines, _facts = _serve(netns, "--host", "127.0.0.1")
    lines.wait_for(lambda line: line.startswith("Only this machine can join on 127.0.0.1"))


def test_two_chats_with_the_same_name_both_stay_listed(netns: Namespace):
    browse = _browse(netns)
    first = _serve(netns, "--announce-name", "Sara's chat")[1]
    second = _serve(netns, "--announce-name", "Sara's chat")[1]
    chats = browse.wait_for_list(lambda chats: len(chats) == 2)
    assert {str(chat["port"]) for chat in chats} == {first["port"], second["port"]}
    assert len({chat["name"] for chat in chats}) == 2


def test_a_password_set_later_updates_pw(netns: Namespace):
    browse = _browse(netns)
    serve, facts = _serve(netns, "--operator-password", "boss")
    browse.wait_for_list(lambda chats: len(chats) == 1 and chats[0]["password"] is False)
    host = netns.python(
        "-c",
        "import socket, sys\n"
        f"s = socket.create_connection(('198.18.0.1', {facts['port']}))\n"
        "s.sendall(b'NICK host\\r\\nUSER host 0 * :host\\r\\nOPER host boss\\r\\n'"
        " b'PASSWORD sesame\\r\\n')\n"
        "print('sent', flush=True)\n"
        "sys.stdin.read()\n",
    )
    Lines(host).wait_for(lambda line: line == "sent")
    serve.wait_for(lambda line: "changed the room password" in line, timeout=10)
    browse.wait_for_list(lambda chats: len(chats) == 1 and chats[0]["password"] is True, timeout=10)


def test_a_host_that_vanishes_without_goodbye_leaves_within_its_ttl(netns: Namespace):
    browse = _browse(netns)
    serve, _facts = _serve(netns, GOFTO_DISCOVERY_TTL="3")
    browse.wait_for_list(lambda chats: len(chats) == 1)
    serve.process.send_signal(signal.SIGKILL)  # no goodbye
    killed = time.monotonic()
    # Its records were refreshed at most just before: it leaves when they expire, within the
    # TTL (the browser reads its cache again at the first record's expiry), not seconds later.
    browse.wait_for_list(lambda chats: chats == [], timeout=3 + 0.75)
    assert time.monotonic() - killed < 3 + 0.75


def test_discover_prints_the_chats_found(netns: Namespace):
    _serve_lines, facts = _serve(netns, "--announce-name", "گفتگوی سارا")
    result = netns.run([sys.executable, "-m", "app", "discover", "--seconds", "2"])
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split("\t")[:7] == [
        "name",
        "host",
        "address",
        "room",
        "people",
        "password",
        "fingerprint",
    ]
    assert [row.split("\t") for row in rows] == [
        [
            "گفتگوی سارا",
            "-",
            f"198.18.0.1:{facts['port']}",
            "#lobby",
            "0",
            "no",
            facts["fp"],
            f"ircs://198.18.0.1:{facts['port']}/lobby?fp={facts['fp']}",
        ]
    ]


def test_discovery_off_announces_and_finds_nothing(netns: Namespace):
    serve = Lines(
        netns.python("-m", "app", "serve", "--port", "0", "--announce", GOFTO_DISCOVERY="off")
    )
    serve.wait_for(lambda line: line.startswith("Not announcing"))
    result = netns.run(
        [sys.executable, "-m", "app", "discover", "--seconds", "1"], GOFTO_DISCOVERY="off"
    )
    assert result.returncode == 2 and "GOFTO_DISCOVERY=off" in result.stderr


def test_two_machines_find_and_join_with_the_fingerprint_pinned(
    netns_pair: tuple[Namespace, Namespace],
):
    host, guest = netns_pair
    _serve_lines, facts = _serve(host)
    result = guest.run([sys.executable, "-m", "app", "discover", "--seconds", "3"])
    [row] = result.stdout.splitlines()[1:]
    fields = row.split("\t")
    assert fields[2] == f"198.18.1.1:{facts['port']}"
    joined = guest.run([sys.executable, *AGENT, "join", fields[7]])
    assert joined.stdout.split()[:2] == ["secured", "invite"], joined.stdout + joined.stderr


def test_a_forged_announcement_cannot_capture_a_guest(netns: Namespace):
    """Someone announces a real host's address with their own fingerprint (or the host's
    address with a made-up one): the pinned connection is refused in one sentence."""
    _serve_lines, facts = _serve(netns)
    forged = "ab" * 32
    spec = [
        {
            "name": "Sara's chat",
            "port": facts["port"],
            "addresses": ["198.18.0.1"],
            "txt": {"fp": forged, "room": "#lobby", "pw": "0", "v": "0.1.0", "n": "3"},
        }
    ]
    Lines(netns.python(*AGENT, "announce", json.dumps(spec))).wait_for(
        lambda line: line.startswith("announced")
    )
    result = netns.run([sys.executable, "-m", "app", "discover", "--seconds", "3"])
    row = next(r for r in result.stdout.splitlines() if r.startswith("Sara's chat"))
    joined = netns.run([sys.executable, *AGENT, "join", row.split("\t")[7]])
    assert joined.stdout.strip() == "refused Someone else is answering at that address."


def _txt_hex(*entries: bytes) -> str:
    return b"".join(bytes([len(e)]) + e for e in entries).hex()


def test_hostile_announcements_leave_a_capped_sorted_clean_list(netns: Namespace):
    good = {"fp": "cd" * 32, "room": "#lobby", "pw": "0", "v": "0.1.0", "n": "2"}
    specs = [
        {"name": f"chat {i:03d}", "port": 5000 + i, "addresses": ["198.18.0.1"], "txt": good}
        for i in range(150)
    ]
    specs += [
        # Persian, with direction overrides that must not survive.
        {
            "name": "گفتگوی\u202e سارا\u2067بد",
            "port": 6001,
            "addresses": ["198.18.0.1"],
            "txt": {**good, "nick": "سارا\x1b[31m"},
        },
        {"name": "bad fp", "port": 6002, "addresses": ["198.18.0.1"], "txt": {**good, "fp": "x"}},
        {"name": "no pw", "port": 6003, "addresses": ["198.18.0.1"], "txt": {"fp": good["fp"]}},
        {
            "name": "huge",
            "port": 6004,
            "addresses": ["198.18.0.1"],
            "txt_hex": _txt_hex(*[b"k%d=" % i + b"v" * 200 for i in range(10)]),
        },
        {
            "name": "garbage",
            "port": 6005,
            "addresses": ["198.18.0.1"],
            "txt_hex": "ff00ff" + "41" * 40,
        },
        {"name": "elsewhere", "port": 6006, "addresses": ["10.99.0.1"], "txt": good},
    ]
    browse = _browse(netns)
    announcer = Lines(netns.python(*AGENT, "announce", json.dumps(specs)))
    announcer.wait_for(lambda line: line.startswith("announced"), timeout=40)
    chats = browse.wait_for_list(lambda chats: len(chats) == 100, timeout=30)
    names = [chat["name"] for chat in chats]
    assert names == sorted(names, key=str.casefold)
    assert not {"bad fp", "no pw", "huge", "garbage"} & set(names)
    for chat in chats:
        assert not re.search(
            r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", chat["name"] + chat["nick"]
        )
    assert browse.process.poll() is None  # still browsing
