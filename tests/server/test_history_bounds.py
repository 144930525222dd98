"""The ``--history`` file stays bounded while the server runs: the same caps as memory (lines
per room, rooms), applied on write, the rooms written to longest ago dropped first."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from app.server import history
from app.server.server import ChatServer
from tests.security.conditions import wait_until


def _rooms_in(path) -> dict[str, int]:
    """``{channel key: lines}`` in the file right now (read while the server writes)."""
    with closing(sqlite3.connect(path, timeout=5)) as db:
        rows = db.execute("SELECT channel_key, COUNT(*) FROM lines GROUP BY channel_key")
        return dict(rows.fetchall())


def test_file_keeps_the_newest_rooms_while_running(tmp_path, irc_client, monkeypatch):
    monkeypatch.setattr(history, "MAX_CONVERSATIONS", 5)
    path = tmp_path / "history.sqlite3"
    with ChatServer(history_path=path, history_size=3) as server:
        alice = irc_client(server, "alice")
        for index in range(12):  # JOIN, talk, PART: new rooms one after another
            room = f"#room{index}"
            alice.join(room)
            for line in range(4):
                alice.send(f"PRIVMSG {room} :line {line}")
            alice.send(f"PART {room}")
            alice.sync()
        newest = {f"#room{index}" for index in range(7, 12)}
        wait_until(lambda: "#room11" in _rooms_in(path), 5, "the last room written")
        rooms = _rooms_in(path)
        assert set(rooms) == newest, rooms  # at most 5 rooms: the oldest went first
        assert all(count == 3 for count in rooms.values()), rooms  # 3 lines each
        # A room spoken in again counts as new: the least recently written one goes.
        alice.join("#room7")
        alice.send("PRIVMSG #room7 :again")
        alice.join("#late")
        alice.send("PRIVMSG #late :hello")
        alice.sync()
        wait_until(lambda: "#late" in _rooms_in(path), 5, "the late room written")
        assert set(_rooms_in(path)) == {"#room7", "#room9", "#room10", "#room11", "#late"}
