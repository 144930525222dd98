"""Large transfers yield to the chat on a machine with two CPUs (FileHost.background).

There the IRC threads share one CPU and transfers float over both. A large transfer becomes
``SCHED_IDLE`` work while people talk (not in a quiet room), and while any such transfer
lives the IRC threads may use both CPUs; a while after the last one ends they go back to
theirs. The
server is made on two CPUs of this machine (the test thread's affinity while it is built),
so the test means the same on a machine with more. Real sockets, a real host: the scheduling
policy and CPU sets are read back from the kernel for the server's own threads.
"""

from __future__ import annotations

import http.client
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from app.server.filehost import service
from app.server.filehost.exchange import BACKGROUND_BYTES
from app.server.server import ChatServer
from tests.filehost.conftest import token_for
from tests.server.helpers import IrcTestClient

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="thread policies and CPU sets as Linux has them, on at least two CPUs",
)

SIZE = 3 * BACKGROUND_BYTES  # more than the socket buffers hold: the download waits for us
WAIT = 10.0


@pytest.fixture
def two_cpu_host(make_host: Callable[..., ChatServer]) -> Iterator[ChatServer]:
    """A host built while this thread may use two CPUs only: it keeps its IRC threads on one
    and lets transfers float over both, as on a two-CPU machine."""
    saved = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(sorted(saved)[:2]))
    try:
        server = make_host(upload_limit=4 * SIZE, quota=8 * SIZE)
    finally:
        os.sched_setaffinity(0, saved)
    assert server.cpu is not None and server.files is not None
    yield server


def _threads(server: ChatServer) -> list[threading.Thread]:
    return [
        thread
        for thread in threading.enumerate()
        if thread.name.startswith(server.thread_prefix) and thread.native_id is not None
    ]


def _idle_threads(server: ChatServer) -> list[threading.Thread]:
    idle = []
    for thread in _threads(server):
        try:
            if os.sched_getscheduler(thread.native_id) == os.SCHED_IDLE:  # type: ignore[arg-type]
                idle.append(thread)
        except OSError:  # ended meanwhile
            pass
    return idle


def _accept_cpus(server: ChatServer) -> set[int]:
    (accept,) = [t for t in _threads(server) if t.name.endswith("-accept")]
    return os.sched_getaffinity(accept.native_id)  # type: ignore[arg-type]


def _until(predicate: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def _upload(server: ChatServer, client: IrcTestClient, conn: http.client.HTTPSConnection) -> str:
    body = os.urandom(1024 * 1024) * (SIZE // (1024 * 1024))
    conn.request(
        "POST",
        "/upload",
        body=body,
        headers={
            "Authorization": f"Bearer {token_for(client)}",
            "Content-Type": "application/octet-stream",
        },
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 201
    location = response.getheader("Location") or ""
    return location.split(f":{server.address[1]}", 1)[1]


def _talk(alice: IrcTestClient, bob: IrcTestClient, text: str) -> None:
    alice.send(f"PRIVMSG #room :{text}")
    bob.expect(lambda m: m.command == "PRIVMSG")


def _room(server: ChatServer, irc_tls: Callable[..., IrcTestClient]) -> list[IrcTestClient]:
    people = [irc_tls(server, "alice"), irc_tls(server, "bob")]
    for person in people:
        person.send("JOIN #room")
        person.expect(lambda m: m.command == "366")
    return people


def test_a_large_upload_while_people_talk_yields_and_frees_the_chat_until_it_ends(
    two_cpu_host: ChatServer,
    irc_tls: Callable[..., IrcTestClient],
    https: Callable[[ChatServer], http.client.HTTPSConnection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "SETTLE", 0.3)  # back to their CPU 0.3 s after, not 10
    server = two_cpu_host
    files = server.files
    assert files is not None
    chat_cpu = {server.cpu}
    both = set(sorted(os.sched_getaffinity(0))[:2])
    assert _accept_cpus(server) == chat_cpu
    alice, bob = _room(server, irc_tls)

    conn = https(server)
    _talk(alice, bob, "here comes a video")  # within the second before the upload starts
    _upload(server, alice, conn)  # HTTP/1.1: the connection is kept

    assert files.background_transfers() == 1
    (idle,) = _idle_threads(server)  # the connection's thread, and only it
    assert os.sched_getaffinity(idle.native_id) == both  # type: ignore[arg-type]
    assert _accept_cpus(server) == both  # the IRC threads may use both CPUs meanwhile

    conn.close()
    assert _until(lambda: files.background_transfers() == 0)
    assert _until(lambda: _accept_cpus(server) == chat_cpu)


def test_a_large_transfer_in_a_quiet_room_keeps_its_priority_until_people_talk(
    two_cpu_host: ChatServer,
    irc_tls: Callable[..., IrcTestClient],
    https: Callable[[ChatServer], http.client.HTTPSConnection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only what is said during the download counts (other tests' servers in this process
    # may have relayed something within the usual second before it).
    monkeypatch.setattr(service, "CHAT_RECENT", 0.0)
    server = two_cpu_host
    files = server.files
    assert files is not None
    alice, bob = _room(server, irc_tls)
    uploading = https(server)
    path = _upload(server, alice, uploading)
    assert files.background_transfers() == 0 and not _idle_threads(server)
    uploading.close()

    # In a quiet room, the whole download keeps its ordinary priority.
    quiet = https(server)
    quiet.request("GET", path)
    response = quiet.getresponse()
    assert len(response.read()) == SIZE
    assert files.background_transfers() == 0 and not _idle_threads(server)

    # While people talk, it yields from its next piece on.
    talking = https(server)
    talking.request("GET", path)
    response = talking.getresponse()
    got = len(response.read(64 * 1024))  # the host now waits for us to read
    assert files.background_transfers() == 0
    _talk(alice, bob, "a file is on its way")
    got += len(response.read())
    assert got == SIZE
    assert files.background_transfers() == 1
    assert len(_idle_threads(server)) == 1


def test_a_chunked_upload_yields_once_it_has_grown_large_while_people_talk(
    two_cpu_host: ChatServer,
    irc_tls: Callable[..., IrcTestClient],
    https: Callable[[ChatServer], http.client.HTTPSConnection],
) -> None:
    server = two_cpu_host
    files = server.files
    assert files is not None
    alice, bob = _room(server, irc_tls)
    piece = os.urandom(1024 * 1024)
    seen_small: list[int] = []

    def body() -> Iterator[bytes]:
        for index in range(SIZE // len(piece)):
            if index == 2:  # 2 MB in: not large yet, whatever the room says
                _talk(alice, bob, "sending something big")
                seen_small.append(files.background_transfers())
            yield piece

    conn = https(server)
    conn.request(
        "POST",
        "/upload",
        body=body(),
        headers={"Authorization": f"Bearer {token_for(alice)}"},
        encode_chunked=True,
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 201
    assert seen_small == [0]
    assert files.background_transfers() == 1
    assert len(_idle_threads(server)) == 1
