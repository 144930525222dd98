"""A Gofto host's own closing words reach the person in their language, not the host's
English: the session turns the ERROR line into a catalogue sentence."""

from __future__ import annotations

import pytest

from app.client.catalogue import ENGLISH, texts_for
from app.client.events import ErrorMessage, Registered
from app.client.inbound import closing_sentence
from app.server.hosting import CLOSING_REASON
from app.server.server import ChatServer
from tests.client.live import LiveClient


@pytest.mark.parametrize("reason", [None, CLOSING_REASON])
def test_a_host_that_stops_is_said_as_a_sentence(reason: str | None) -> None:
    server = ChatServer("127.0.0.1", 0)
    server.start()
    client = LiveClient(*server.address, "sara")
    try:
        client.connect()
        client.wait_event(Registered)
        if reason is None:
            server.stop()  # the plain server's own words: "Server shutting down"
        else:
            server.stop(reason)
        said = client.wait_event(ErrorMessage, lambda e: e.code == "ERROR")
        assert said.sentence is not None and said.sentence.code == "error.host_stopped"
        assert texts_for("fa").say(said.sentence) == "میزبان گفتگو را بست."
        assert "Closing link" not in said.text
    finally:
        client.transport.close()
        server.stop()


@pytest.mark.parametrize(
    ("line", "code", "params"),
    [
        (
            "Closing link: 127.0.0.1 (Ping timeout: 240 seconds)",
            "error.ping_timeout",
            {"seconds": "240"},
        ),
        (
            "Closing link: h (Killed (reza (spam, twice)))",
            "error.killed",
            {"nick": "reza", "comment": "spam, twice"},
        ),
        ("Closing link: h (Bad password)", "error.wrong_password", {}),
        ("Excess Flood", "error.excess_flood", {}),
        ("SendQ exceeded", "error.fell_behind", {}),
        ("Closing link: h (Quit: bye)", "info.disconnected_plain", {}),
    ],
)
def test_the_hosts_words_map_to_sentences(line: str, code: str, params: dict[str, str]) -> None:
    assert closing_sentence(line) == (code, params)
    persian = texts_for("fa")(code, **params)
    assert persian != ENGLISH(code, **params)  # translated
    assert "Closing" not in persian


def test_words_we_do_not_know_stay_as_they_came() -> None:
    """Another server's words, or a reason someone typed: shown as sent, never guessed at."""
    assert closing_sentence("Closing Link: irc.example.net (Connection reset)") is None
    assert closing_sentence("You are banned from this server") is None
    assert closing_sentence("Closing link: h (Ping timeout: soon seconds)") is None
