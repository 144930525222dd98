"""Names you can trust: a nick that looks like one online is refused with 433 (UTS #39)."""

from __future__ import annotations

import pytest

from app.irc.confusables import confusable, data_version, is_default_ignorable, skeleton

LOOK_ALIKES = [
    ("Ali", "\u0410li"),  # Cyrillic capital A
    ("sara", "s\u0430ra"),  # Cyrillic small a
    ("paypal", "p\u0430yp\u0430l"),
    ("Ali", "Al\u200di"),  # zero-width joiner in the middle
    ("Ali", "A\u200cli"),  # zero-width non-joiner (legal in Persian nicks, invisible here)
    ("Ali", "ALI"),  # case alone never makes another person
    ("Ali", "\uff21li"),  # fullwidth A
    ("علی", "علي"),  # Persian yeh (U+06CC) vs Arabic yeh (U+064A)
    ("کاوه", "كاوه"),  # Persian keheh (U+06A9) vs Arabic kaf (U+0643)
    ("یاسمین", "ياسمين"),
    ("مریم", "مري\u200cم"),  # Arabic yeh plus an invisible ZWNJ
    ("neo", "ne\u03bf"),  # Greek omicron
    ("nima۱", "nima١"),  # Persian vs Arabic-Indic digit one
    # Skeleton of the name as typed, then case folding (as ergo does): digits and capitals
    # that pass for letters.
    ("bob", "B0B"),
    ("bob", "b0b"),
    ("Bob", "BOB"),
    ("m", "rn"),
    ("emma", "ernrna"),
    ("Ilya", "lLya"),
    ("Il", "lI"),
    ("paul", "PAUI"),
    ("ali", "ａｌｉ"),  # fullwidth, width-folded first
]

DIFFERENT = [
    ("علی", "عالی"),
    ("مریم", "مهری"),
    ("رضا", "زهرا"),
    ("حسن", "حسین"),
    ("نیما", "نیکا"),
    ("امید", "آمید"),
    ("سارا", "ساره"),
    ("پری", "بری"),  # pe and be differ by their dots
    ("ژاله", "زاله"),
    ("Ali", "Alex"),
    ("bob", "bobby"),
    ("bob", "rob"),
    ("m", "n"),
    ("il", "ii"),
    ("شیرین", "شرین"),
    ("فرهاد", "فرزاد"),
    ("بهار", "بهرام"),
    ("مینا", "مونا"),
]


@pytest.mark.parametrize(("a", "b"), LOOK_ALIKES)
def test_look_alikes_share_a_skeleton(a, b):
    assert a != b
    assert confusable(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_do_not_collide(a, b):
    assert not confusable(a, b)


def test_skeleton_is_idempotent_and_data_is_unicodes():
    assert data_version().split(".")[0].isdigit()
    for a, b in LOOK_ALIKES + DIFFERENT:
        for name in (a, b):
            assert skeleton(skeleton(name)) == skeleton(name)


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_are_ignorable(char):
    assert is_default_ignorable(char)


@pytest.mark.parametrize(("online", "newcomer"), LOOK_ALIKES)
def test_server_refuses_a_look_alike_nick_with_433(chat_server, irc_client, online, newcomer):
    irc_client(chat_server, online)
    impostor = irc_client(chat_server)
    impostor.send(f"NICK {newcomer}")
    impostor.send("USER impostor 0 * :Impostor")
    assert impostor.expect(lambda m: m.command in {"001", "433", "432"}).command in {"433", "432"}


@pytest.mark.parametrize(("online", "newcomer"), DIFFERENT)
def test_server_accepts_a_different_name(chat_server, irc_client, online, newcomer):
    irc_client(chat_server, online)
    irc_client(chat_server, newcomer)  # registers (reads through the MOTD) or fails


def test_nick_change_to_a_look_alike_is_refused_but_own_variant_is_fine(chat_server, irc_client):
    irc_client(chat_server, "علی")
    other = irc_client(chat_server, "رضا")
    other.send("NICK علي")
    assert other.expect(lambda m: m.command in {"NICK", "433"}).command == "433"
    other.send("NICK زهرا")  # unrelated: accepted
    assert other.expect(lambda m: m.command in {"NICK", "433"}).command == "NICK"
    me = irc_client(chat_server, "Kaveh")
    me.send("NICK KAVEH")  # my own name, another spelling: fine
    assert me.expect(lambda m: m.command in {"NICK", "433"}).command == "NICK"


@pytest.mark.parametrize(
    "nick", ["gofto.local", "GOFTO.LOCAL", "gofto", "NickServ", "chanserv", "HostSERV", "N1ckServ"]
)
def test_the_servers_name_and_service_names_are_not_nicks(make_chat_server, irc_client, nick):
    server = make_chat_server(name="gofto" if nick == "gofto" else "gofto.local")
    client = irc_client(server)
    client.send(f"NICK {nick}")
    client.send("USER someone 0 * :Someone")
    reply = client.expect(lambda m: m.command in {"001", "432", "433"})
    assert reply.command == "432", reply


def test_a_dotted_nick_is_refused_and_a_plain_one_then_accepted(chat_server, irc_client):
    client = irc_client(chat_server)
    client.send("NICK mr.smith")
    assert client.expect(lambda m: m.command in {"001", "432"}).command == "432"
    client.send("NICK mrsmith")
    client.send("USER smith 0 * :Smith")
    assert client.expect(lambda m: m.command in {"001", "432"}).command == "001"
