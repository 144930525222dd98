"""Session registration: CAP negotiation, PASS/NICK/USER, nick collisions, fatal refusals."""

from __future__ import annotations

import pytest

from app.client.events import (
    Disconnected,
    ErrorMessage,
    Info,
    Registered,
    RegistrationFailed,
)
from app.errors import InvalidNick, NickInUse, TooManyTries, WrongPassword
from app.irc.numerics import NICK_OWNED_TEXT
from tests.client.harness import SERVER, Harness


def test_registration_opens_with_cap_ls_then_nick_and_user():
    h = Harness("alice")
    h.session.connection_made()
    assert h.sent == ["CAP LS 302", "NICK alice", "USER alice 0 * :Gofto user"]


def test_password_is_sent_before_nick():
    h = Harness("alice", password="s3cret word")
    h.session.connection_made()
    assert h.sent[:3] == ["CAP LS 302", "PASS :s3cret word", "NICK alice"]


def test_persian_nick_gets_an_ascii_user_name():
    h = Harness("علی")
    h.session.connection_made()
    assert h.sent[1:] == ["NICK علی", "USER gofto 0 * :Gofto user"]


@pytest.mark.parametrize(
    ("offered", "request_line"),
    [
        ("multi-prefix", "CAP REQ multi-prefix"),
        (
            "sasl=PLAIN,EXTERNAL server-time echo-message cap-notify",
            "CAP REQ :echo-message server-time",
        ),
        (
            "away-notify message-tags multi-prefix server-time echo-message",
            "CAP REQ :away-notify echo-message message-tags multi-prefix server-time",
        ),
        ("sasl account-tag", "CAP END"),
        ("", "CAP END"),
    ],
)
def test_cap_request_asks_only_for_wanted_caps_on_offer(offered, request_line):
    h = Harness("alice")
    h.session.connection_made()
    h.clear()
    h.feed(f":{SERVER} CAP * LS :{offered}")
    assert h.sent == [request_line]


def test_cap_ack_ends_negotiation_and_enables_echo():
    h = Harness("alice")
    h.register(caps="echo-message")
    assert "CAP END" in h.sent
    h.clear()
    h.session.submit("#lobby", "hi")
    assert h.sent == ["PRIVMSG #lobby hi"]
    assert h.events == []  # the server's echo will show it


def test_cap_nak_ends_negotiation():
    h = Harness("alice")
    h.session.connection_made()
    h.feed(f":{SERVER} CAP * LS :echo-message")
    h.clear()
    h.feed(f":{SERVER} CAP alice NAK :echo-message")
    assert h.sent == ["CAP END"]


def test_multiline_cap_ls_waits_for_the_last_line():
    h = Harness("alice")
    h.session.connection_made()
    h.clear()
    h.feed(f":{SERVER} CAP * LS * :sasl server-time")
    assert h.sent == []
    h.feed(f":{SERVER} CAP * LS :away-notify")
    assert h.sent == ["CAP REQ :away-notify server-time"]


def test_server_without_cap_registers_and_joins_the_room():
    h = Harness("alice")
    h.register(caps=None, join=False)
    assert "CAP END" not in h.sent
    assert h.of(Registered) == [Registered("alice", SERVER, "TestNet")]
    assert h.sent[-1] == "JOIN #lobby"
    assert h.session.registered


def test_registration_finishes_even_without_motd_numerics():
    h = Harness("bob")
    h.session.connection_made()
    h.feed(f":{SERVER} 001 bob :Welcome", ":bob!u@h JOIN #lobby")
    assert h.session.registered
    assert len(h.of(Registered)) == 1


def test_ping_is_answered_before_registration():
    h = Harness("alice")
    h.session.connection_made()
    h.clear()
    h.feed("PING :abc 123")
    assert h.sent == ["PONG :abc 123"]


def test_nick_in_use_at_registration_tries_alternatives():
    h = Harness("alice")
    h.session.connection_made()
    h.clear()
    h.feed(f":{SERVER} 433 * alice :Nickname is already in use")
    h.feed(f":{SERVER} 433 * alice_ :Nickname is already in use")
    assert h.sent == ["NICK alice_", "NICK alice2"]
    infos = [e.text for e in h.of(Info)]
    assert infos == [
        "The nickname “alice” is taken; trying “alice_” instead.",
        "The nickname “alice_” is taken; trying “alice2” instead.",
    ]
    h.feed(f":{SERVER} 001 alice2 :Welcome", f":{SERVER} 376 alice2 :End")
    assert h.session.nick == "alice2"
    assert h.of(Registered)[0].nick == "alice2"


def test_nick_alternatives_give_up_eventually():
    h = Harness("alice")
    h.session.connection_made()
    for _ in range(20):
        h.feed(f":{SERVER} 433 * {h.session.nick} :Nickname is already in use")
    failures = h.of(RegistrationFailed)
    assert len(failures) == 1
    assert isinstance(failures[0].error, NickInUse)


def test_reconnect_tries_the_wanted_nick_again():
    h = Harness("alice")
    h.session.connection_made()
    h.feed(f":{SERVER} 433 * alice :in use", f":{SERVER} 001 alice_ :Welcome")
    h.session.connection_lost("reset")
    h.clear()
    h.session.connection_made()
    assert "NICK alice" in h.sent


def test_nick_in_use_after_registration_is_an_error_not_a_rename():
    h = Harness("alice")
    h.register()
    h.clear()
    h.session.submit("#lobby", "/nick bob")
    h.feed(f":{SERVER} 433 alice bob :Nickname is already in use")
    assert h.sent == ["NICK bob"]
    errors = h.of(ErrorMessage)
    assert [(e.code, e.text) for e in errors] == [("433", str(NickInUse("bob")))]
    assert h.session.nick == "alice"


def test_erroneous_nick_at_registration_is_fatal():
    h = Harness("alice")
    h.session.connection_made()
    h.feed(f":{SERVER} 432 * alice :Erroneous Nickname")
    (failure,) = h.of(RegistrationFailed)
    assert isinstance(failure.error, InvalidNick)
    h.session.connection_lost("closed")
    assert h.of(Disconnected) == [Disconnected("closed", will_reconnect=False)]


def test_wrong_password_is_fatal_and_the_error_line_is_shown():
    h = Harness("alice", password="nope")
    h.session.connection_made()
    h.feed(
        f":{SERVER} 464 * :Password incorrect",
        "ERROR :Closing connection: Password incorrect",
    )
    (failure,) = h.of(RegistrationFailed)
    assert isinstance(failure.error, WrongPassword)
    assert "Password incorrect" in h.of(ErrorMessage)[0].text
    h.session.connection_lost("closed by server")
    assert h.of(Disconnected)[-1].will_reconnect is False


def test_lost_connection_will_reconnect_but_not_after_quit():
    h = Harness("alice")
    h.register()
    h.session.connection_lost("reset by peer")
    assert h.of(Disconnected)[-1] == Disconnected("reset by peer", will_reconnect=True)
    h.session.connection_made()
    h.clear()
    h.session.quit("bye")
    assert h.sent == ["QUIT bye"]
    h.session.connection_lost("closed")
    assert h.of(Disconnected)[-1].will_reconnect is False


def test_isupport_is_read():
    h = Harness("alice")
    h.register(isupport="CASEMAPPING=ascii PREFIX=(qaohv)~&@%+ CHANTYPES=#+ NICKLEN=15")
    info = h.session.server_info
    assert (info.casemapping, info.prefix_symbols, info.chantypes, info.nicklen) == (
        "ascii",
        "~&@%+",
        "#+",
        15,
    )
    assert info.is_channel("+chat")
    assert not info.is_channel("&local")


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f":{SERVER} 265 alice 1 4 :Current local users 1, max 4", "Current local users 1, max 4"),
        (f":{SERVER} 266 alice :Current global users 1, max 4", "Current global users 1, max 4"),
        (f":{SERVER} 252 alice 0 :operator(s) online", "0 operator(s) online"),
    ],
)
def test_informational_numerics_show_readable_text(line: str, shown: str):
    h = Harness("alice")
    h.register()
    h.clear()
    h.feed(line)
    assert [event.text for event in h.of(Info)] == [shown]


def test_without_nick_fallback_a_taken_nick_fails_registration():
    h = Harness("alice", nick_fallback=False)
    h.session.connection_made()
    h.clear()
    h.feed(f":{SERVER} 433 * alice :Nickname is already in use")
    (failure,) = h.of(RegistrationFailed)
    assert isinstance(failure.error, NickInUse)
    assert str(failure.error) == str(NickInUse("alice"))
    assert h.sent == []  # no "NICK alice_"
    assert h.of(Info) == []
    h.session.connection_lost("closed")
    assert h.of(Disconnected) == [Disconnected("closed", will_reconnect=False)]


def test_without_nick_fallback_a_free_nick_registers_as_usual():
    h = Harness("alice", nick_fallback=False)
    h.register()
    assert h.of(Registered)[0].nick == "alice"
    assert h.of(RegistrationFailed) == []


def test_nick_fallback_is_allowed_after_the_first_registration():
    # After a drop our old connection may still hold the nick: a reconnect takes "alice_".
    h = Harness("alice", nick_fallback=False)
    h.register()
    assert h.session.nick_fallback
    h.session.connection_lost("reset by peer")
    h.session.connection_made()
    h.clear()
    h.feed(f":{SERVER} 433 * alice :Nickname is already in use")
    assert h.sent == ["NICK alice_"]
    assert h.of(RegistrationFailed) == []


def test_nick_fallback_can_be_switched_on_the_session():
    h = Harness("alice")
    h.session.nick_fallback = False
    h.session.connection_made()
    h.feed(f":{SERVER} 433 * alice :Nickname is already in use")
    assert isinstance(h.of(RegistrationFailed)[0].error, NickInUse)


def test_a_throttled_password_try_says_to_wait():
    h = Harness("alice", password="sesame")
    h.session.connection_made()
    h.feed(
        f":{SERVER} 464 * :Too many wrong passwords from your address; wait a little and try again"
    )
    (failure,) = h.of(RegistrationFailed)
    assert isinstance(failure.error, TooManyTries)
    assert "wait" in str(failure.error)
    assert str(failure.error) != str(WrongPassword())


def test_a_refused_oper_after_the_welcome_is_a_sentence_not_the_end():
    # The host's own OPER (or a /raw OPER) can be refused; the session carries on.
    h = Harness("alice", host_secret="s3cret")
    h.register()
    h.clear()
    h.feed(f":{SERVER} 464 alice :Password incorrect")
    h.feed(f":{SERVER} 464 alice :Too many wrong passwords from your address; wait a little")
    assert h.of(RegistrationFailed) == []
    texts = [e.text for e in h.of(ErrorMessage)]
    assert texts == ["The server said: Password incorrect", str(TooManyTries())]
    h.session.connection_lost("reset")
    assert h.of(Disconnected)[-1].will_reconnect is True


def test_server_statistics_during_registration_stay_out_of_the_chat():
    h = Harness("alice")
    h.session.connection_made()
    h.feed(
        f":{SERVER} 001 alice :Welcome",
        f":{SERVER} 002 alice :Your host is {SERVER}",
        f":{SERVER} 003 alice :This server was created today",
        f":{SERVER} 251 alice :There are 1 users and 0 invisible on 1 servers",
        f":{SERVER} 265 alice 1 1 :Current local users 1, max 1",
        f":{SERVER} 375 alice :- {SERVER} Message of the day -",
        f":{SERVER} 372 alice :- Everybody meets in #lobby",
        f":{SERVER} 376 alice :End of /MOTD command.",
    )
    shown = [event.text for event in h.of(Info)]
    assert not any("Your host" in text or "users" in text or "created" in text for text in shown)
    assert any("Everybody meets in #lobby" in text for text in shown)


def test_a_name_owned_by_someone_else_is_said_so():
    """433 with the host's "belongs to someone else" text: a sentence that says so."""
    h = Harness("alice")
    h.register()
    h.session.submit("#lobby", "/nick reza")
    h.feed(f":{SERVER} 433 alice reza :{NICK_OWNED_TEXT}")
    (error,) = h.of(ErrorMessage)
    assert "belongs to someone else on this host" in error.text and "reza" in error.text


# -- a host that turns us away at the door (app.server.admission's ERROR texts) -----------


@pytest.mark.parametrize(
    ("text", "code", "persian"),
    [
        ("Too many connections from your address", "error.too_many_connections", "از نشانی شما"),
        ("Too many connections: the server is full", "error.host_full", "میزبان پر است"),
        ("Too many connections: the server is busy letting others in", "error.host_busy", "سرگرم"),
    ],
)
def test_a_refusal_at_the_door_is_a_sentence_and_final_before_ever_getting_in(text, code, persian):
    from app.client.catalogue import texts_for

    h = Harness("alice")
    h.session.connection_made()
    h.feed(f"ERROR :{text}")
    [failed] = h.of(RegistrationFailed)
    assert failed.error.code == code  # type: ignore[attr-defined]
    assert persian in texts_for("fa").error(failed.error)
    h.session.connection_lost("The server closed the connection")
    assert h.of(Disconnected)[-1].will_reconnect is False  # said, not retried blindly


def test_a_refusal_at_the_door_after_having_been_in_is_said_and_retried():
    h = Harness("alice")
    h.register()
    h.session.connection_lost("The server closed the connection")
    h.clear()
    h.session.connection_made()  # the host restarted and is full for now
    h.feed("ERROR :Too many connections: the server is full")
    assert not h.of(RegistrationFailed)
    [said] = h.of(ErrorMessage)
    assert said.sentence is not None and said.sentence.code == "error.host_full"
    h.session.connection_lost("The server closed the connection")
    assert h.of(Disconnected)[-1].will_reconnect is True


def test_other_error_lines_stay_the_servers_words():
    h = Harness("alice")
    h.session.connection_made()
    h.feed("ERROR :Closing link: (bye)")
    assert not h.of(RegistrationFailed)
    [said] = h.of(ErrorMessage)
    assert "Closing link: (bye)" in said.text
