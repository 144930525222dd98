"""Replies the session turns into sentences carry catalogue codes, so they read in Persian."""

from __future__ import annotations

import pytest

from app.client.catalogue import texts_for
from app.client.events import ErrorMessage, Info
from tests.client.harness import SERVER, Harness


@pytest.fixture
def h() -> Harness:
    harness = Harness("alice")
    harness.register()
    harness.clear()
    return harness


def test_list_replies_are_sentences(h):
    h.feed(
        f":{SERVER} 321 alice Channel :Users  Name",
        f":{SERVER} 322 alice #lobby 3 :Persian lessons",
        f":{SERVER} 322 alice #quiet 1 :",
        f":{SERVER} 323 alice :End of /LIST",
    )
    infos = h.of(Info)
    assert [e.text for e in infos] == [
        "Rooms on this server:",
        "#lobby: 3 people — Persian lessons",
        "#quiet: 1 people",
        "End of the room list",
    ]
    fa = texts_for("fa")
    assert [fa.say(e.sentence) for e in infos if e.sentence] == [
        "اتاق‌های این سرور:",
        "#lobby: ۳ نفر — Persian lessons",  # counts in Persian digits
        "#quiet: ۱ نفر",
        "پایان فهرست اتاق‌ها",
    ]


def test_own_state_replies_are_sentences(h):
    h.feed(
        f":{SERVER} 381 alice :You are now the host of this chat",
        f":{SERVER} 381 alice :You are now an IRC operator",
        f":{SERVER} 221 alice +io",
        f":{SERVER} 324 alice #lobby +nt",
        f":{SERVER} 341 alice bob #lobby",
        f":{SERVER} 367 alice #lobby *!*@bad.example ali 1700000000",
        f":{SERVER} 368 alice #lobby :End of channel ban list",
    )
    assert [e.sentence.code for e in h.of(Info) if e.sentence] == [
        "info.now_host",
        "info.now_operator",
        "info.own_modes",
        "info.room_modes",
        "info.inviting",
        "info.ban",
        "info.ban_end",
    ]
    assert texts_for("fa").say(h.of(Info)[0].sentence) == "اکنون شما میزبان این گفتگو هستید"


def test_whois_lines_in_persian(h):
    h.feed(
        f":{SERVER} 311 alice bob ~b example.org * :Bob Builder",
        f":{SERVER} 317 alice bob 125 1700000000 :seconds idle, signon time",
        f":{SERVER} 313 alice bob :is an IRC operator (the host of this chat)",
        f":{SERVER} 335 alice bob :is a bot",
        f":{SERVER} 318 alice bob :End of WHOIS list",
    )
    fa = texts_for("fa")
    said = [fa.say(e.sentence) for e in h.of(Info) if e.sentence]
    assert said == [
        "bob همان ~b@example.org است (Bob Builder)",
        "bob ۲ دقیقه و ۵ ثانیه است که کاری نکرده",
        "bob گردانندهٔ IRC است (میزبان این گفتگو)",
        "bob یک ربات است",
        "پایان /whois bob",
    ]


def test_server_words_stay_as_they_are(h):
    h.feed(f":{SERVER} 372 alice :- Welcome to the chat")
    (info,) = h.of(Info)
    assert info.sentence is None and info.text == "- Welcome to the chat"


def test_numeric_errors_are_sentences_in_persian(h):
    h.feed(":s 474 alice #lobby :Cannot join channel (+b)")
    (error,) = h.of(ErrorMessage)
    assert error.code == "474" and error.sentence is not None
    assert texts_for("fa").say(error.sentence) == (
        "نمی‌توانید به #lobby بپیوندید: ورودتان به آن ممنوع شده است."
    )


def test_goftos_default_motd_is_said_in_persian(h):
    h.feed(
        f":{SERVER} 375 alice :- gofto.local Message of the day - ",
        f":{SERVER} 372 alice :- Welcome to Gofto, a chat hosted with Gofto.",
        f":{SERVER} 372 alice :- Everybody meets in #lobby: type /join #lobby to join the room.",
        f":{SERVER} 372 alice :- Everybody meets in #lobby: type /join #other to join the room.",
        f":{SERVER} 372 alice :- The host's own words",
    )
    infos = h.of(Info)
    assert [e.text for e in infos] == [
        "- gofto.local Message of the day -",
        "- Welcome to Gofto, a chat hosted with Gofto.",
        "- Everybody meets in #lobby: type /join #lobby to join the room.",
        "- Everybody meets in #lobby: type /join #other to join the room.",
        "- The host's own words",
    ]
    fa = texts_for("fa")
    assert [fa.say(e.sentence) if e.sentence else e.text for e in infos] == [
        "- پیام روز gofto.local -",
        "- به Gofto خوش آمدید؛ گفتگویی که با گفتو میزبانی می‌شود.",
        "- همه در #lobby جمع می‌شوند؛ برای پیوستن بنویسید /join #lobby",
        "- Everybody meets in #lobby: type /join #other to join the room.",  # not Gofto's line
        "- The host's own words",
    ]


def test_logged_in_and_out_are_sentences_in_persian(h):
    # The host logs a client certificate in by itself: its 900 must not reach a Persian user
    # in the server's English.
    h.feed(
        f":{SERVER} 900 alice alice!a@host sara :You are now logged in as sara",
        f":{SERVER} 901 alice alice!a@host :You are now logged out",
    )
    infos = h.of(Info)
    assert [e.text for e in infos] == ["You are logged in as sara", "You are logged out"]
    fa = texts_for("fa")
    assert [fa.say(e.sentence) for e in infos if e.sentence] == [
        "با حساب sara وارد شده‌اید",
        "از حساب خود بیرون آمده‌اید",
    ]


def test_goftos_waiting_message_notices_are_said_in_persian(h):
    # The server's exact words (pinned by tests/server/test_private_history.py).
    h.feed(
        f":{SERVER} NOTICE alice :reza is offline: your message will be delivered when reza"
        " returns",
        f":{SERVER} NOTICE alice :Too many messages are waiting for reza: the oldest 2 will not"
        " be delivered",
        f":{SERVER} NOTICE alice :Something else the host wrote",
    )
    infos = h.of(Info)
    fa = texts_for("fa")
    assert [fa.say(e.sentence) if e.sentence else e.text for e in infos] == [
        "reza برخط نیست: پیام شما وقتی reza برگردد به دستش می\u200cرسد",
        "پیام\u200cهای زیادی در انتظار reza است: ۲ پیام قدیمی\u200cتر به دستش نمی\u200cرسد",
        "Something else the host wrote",
    ]
