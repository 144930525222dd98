"""The host's stores stay bounded while it runs: conversations, private ones per person,
names per account, read markers, and what the file keeps after a conversation is dropped."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from app.server import accounts as accounts_module
from app.server import history as history_module
from app.server import readmarkers as markers_module
from app.server.accounts import Accounts, check_password, hash_password
from app.server.history import History, account_identity, nick_identity, private_key
from app.server.outgoing import Outgoing, new_msgid
from app.server.readmarkers import ReadMarkers
from app.server.server import ChatServer
from app.server.state import Channel
from tests.server.helpers import IrcTestClient


def _line(text: str, target: str = "#room") -> Outgoing:
    return Outgoing("a!u@h", "PRIVMSG", (target, text), msgid=new_msgid())


def test_conversations_beyond_the_limit_are_forgotten_oldest_first(monkeypatch):
    monkeypatch.setattr(history_module, "MAX_CONVERSATIONS", 3)
    history = History(size=5)
    for name in ("#a", "#b", "#c", "#d"):
        channel = Channel(name=name)
        channel.backlog = history.backlog(name)
        history.record(channel, _line("hi", name))
    assert history.lines("#a") == []  # the one spoken in longest ago
    assert [out.message.params[1] for out in history.lines("#d")] == ["hi"]


def test_private_conversations_per_person_are_bounded(monkeypatch):
    monkeypatch.setattr(history_module, "MAX_PRIVATE_PER_ACCOUNT", 2)
    history = History(size=5)
    me = (account_identity("alice"), "alice")
    for other in ("b", "c", "d"):
        history.record_private(me, (nick_identity(other), other), _line("hi", other))
    assert history.private_keys(me[0]) == [
        private_key(me[0], nick_identity("c")),
        private_key(me[0], nick_identity("d")),
    ]


def test_two_unowned_nicks_are_never_kept():
    history = History(size=5)
    history.record_private(
        (nick_identity("x"), "x"), (nick_identity("y"), "y"), _line("secret", "y")
    )
    assert history.lines(private_key(nick_identity("x"), nick_identity("y"))) == []


def test_names_per_account_are_bounded(monkeypatch):
    monkeypatch.setattr(accounts_module, "MAX_NICKS_PER_ACCOUNT", 2)
    accounts = Accounts()
    account = accounts.create("alice", password="pw")
    assert account is not None
    claimed = [accounts.claim(nick, account) for nick in ("a2", "a3", "a4", "a5")]
    assert claimed == [True, True, False, False]
    assert accounts.may_use("a5", None)  # an unclaimed name stays anyone's


def test_read_markers_per_account_are_bounded(monkeypatch):
    monkeypatch.setattr(markers_module, "MAX_MARKERS_PER_ACCOUNT", 2)
    markers = ReadMarkers()
    for index, target in enumerate(("#a", "#b", "#c")):
        markers.advance("alice", target, 100.0 + index)
    assert markers.get("alice", "#a") is None
    assert markers.get("alice", "#c") == 102.0


def test_passwords_are_salted_hashes():
    first, second = hash_password("sesame"), hash_password("sesame")
    assert first != second and "sesame" not in first
    assert check_password("sesame", first) and not check_password("sesame!", first)
    assert not check_password("sesame", "plain:sesame")  # anything else never matches


def test_a_forgotten_conversation_leaves_the_file_too(tmp_path, monkeypatch, irc_client):
    monkeypatch.setattr(history_module, "MAX_CONVERSATIONS", 2)
    path = tmp_path / "host.sqlite3"
    with ChatServer(history_path=path, flood_limit=False) as server:
        alice: IrcTestClient = irc_client(server, "alice")
        for room in ("#one", "#two", "#three"):
            alice.join(room)
            alice.send(f"PRIVMSG {room} :hello {room}")
        alice.sync()
    with closing(sqlite3.connect(path)) as db:
        keys = {key for (key,) in db.execute("SELECT DISTINCT channel_key FROM lines")}
    assert keys == {"#two", "#three"}
