"""HostedServer, what both desktop front ends host with: toolkit-free, real sockets."""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl

import pytest

from app.errors import AddressInUse, CannotListen
from app.server import hosting
from app.server.hosting import HostedServer, lan_addresses, listen_problem
from tests.server.helpers import IrcTestClient


def test_lan_addresses_are_private_ipv4_and_not_loopback():
    for address in lan_addresses():
        ip = ipaddress.IPv4Address(address)
        assert not ip.is_loopback and not ip.is_unspecified


def test_hosted_server_listens_on_all_interfaces_and_says_goodbye():
    hosted = HostedServer(0, room="#lobby")
    hosted.start()
    try:
        assert hosted.running and hosted.port > 0
        assert hosted.fingerprint
        assert hosted.invitations() == [f"{a}:{hosted.port}" for a in hosted.lan_addresses()]
        peer = IrcTestClient.connect(("127.0.0.1", hosted.port))
        peer.register("bob")
    finally:
        hosted.stop()
    assert not hosted.running
    # A closing notice, not a reset: the peer reads ERROR before the connection ends.
    rest = peer.read_until_closed()
    peer.close()
    assert rest and rest[-1].command == "ERROR"
    assert hosting.CLOSING_REASON in rest[-1].params[-1]
    hosted.stop()  # twice is fine


def test_the_host_secret_makes_the_hosts_connection_operator():
    hosted = HostedServer(0, host="127.0.0.1")
    hosted.start()
    try:
        with IrcTestClient.connect(("127.0.0.1", hosted.port)) as client:
            client.register("host")
            client.send(f"OPER host {hosted.host_secret}")
            client.expect(lambda m: m.command == "381")  # RPL_YOUREOPER
    finally:
        hosted.stop()


def test_a_taken_port_is_address_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        hosted = HostedServer(port, host="127.0.0.1")
        with pytest.raises(AddressInUse) as raised:
            hosted.start()
    assert raised.value.port == port
    assert not hosted.running


def test_a_certificate_that_cannot_be_made_is_cannot_listen(monkeypatch):
    from app.server.tls import ServerTls

    def broken(*_args, **_kwargs):
        raise ssl.SSLError("bad key")

    monkeypatch.setattr(ServerTls, "for_host", broken)
    hosted = HostedServer(0, host="127.0.0.1")
    with pytest.raises(CannotListen) as raised:
        hosted.start()
    assert "TLS certificate" in str(raised.value)
    assert not hosted.running


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (OSError(errno.EADDRINUSE, "Address in use"), AddressInUse, "already in use"),
        (OSError(errno.EACCES, "Permission denied"), CannotListen, "choose a port above 1024"),
        (
            OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"),
            CannotListen,
            "(Cannot assign requested address); choose a port between 1024 and 65535",
        ),
        (ssl.SSLError("no key"), CannotListen, "(TLS certificate:"),
    ],
)
def test_listen_problems_become_sentences_that_say_what_to_do(error, kind, words):
    problem = listen_problem(80, error)
    assert type(problem) is kind
    assert problem.port == 80
    assert words in str(problem)
