"""Small helpers shared by the conformance tests."""

from __future__ import annotations

from collections.abc import Iterable

from app.irc import Message
from tests.server.helpers import IrcTestClient


def commands(messages: Iterable[Message]) -> list[str]:
    """The command (or numeric) of each message, in order."""
    return [msg.command for msg in messages]


def join_all(channel: str, *clients: IrcTestClient) -> None:
    """Each client joins ``channel`` in turn; then everyone's backlog is drained."""
    for client in clients:
        client.join(channel)
    for client in clients:
        client.sync()


def registration_reply(client: IrcTestClient) -> Message:
    """The first message that is not a NOTICE (irctest's ``getRegistrationMessage``)."""
    return client.expect(lambda msg: msg.command != "NOTICE")
