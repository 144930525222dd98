"""The GUI benches' flood carries real replies and reactions: what the sender reads back and
what bench/gui_cpu.py feeds are well-formed IRC naming messages that exist."""

from __future__ import annotations

import socket

from app.client.convo import REACT_TAG, reply_of
from app.irc.message import parse
from bench.gui_cpu import flood_lines
from bench.gui_flood import MARK, _Heard


def test_the_sender_hears_the_msgids_of_flood_messages_only():
    ours, theirs = socket.socketpair()
    with ours, theirs:  # blocking, as the sender's are: drain reads with MSG_DONTWAIT
        theirs.sendall(
            b":gofto.local 366 flooder1 #lobby :End of /NAMES list\r\n"
            b"@msgid=a-1;time=2026-12-05T01:39:29.066Z :flooder0!f@127.0.0.1 PRIVMSG #lobby :"
            + MARK.encode()
            + b"0 1 lorem\r\n"
            b"@msgid=a-2 :someone!s@127.0.0.1 PRIVMSG #lobby :not the flood\r\n"
            b"@msgid=a-3;+draft/reply=a-1 :flooder2!f@127.0.0.1 PRIVMSG #lobby :"
            + MARK.encode()
            + b"1 1 lor"
        )
        heard = _Heard()
        for _ in range(100):  # the bytes may arrive in pieces: read until the first is in
            heard.drain(1, ours)
            if heard.newest:
                break
        assert list(heard.newest) == ["a-1"]  # the third line is not finished yet
        theirs.sendall(b"em\r\n")
        for _ in range(100):
            heard.drain(1, ours)
            if len(heard.newest) == 2:
                break
        assert list(heard.newest) == ["a-1", "a-3"]


def test_the_cpu_bench_feeds_replies_and_reactions_to_messages_it_sent():
    lines = [parse(line) for line in flood_lines(40)]
    messages = [m for m in lines if m.command == "PRIVMSG"]
    reactions = [m for m in lines if m.command == "TAGMSG"]
    assert len(messages) == 40
    assert len(reactions) == 8  # two for every ten messages
    sent: set[str] = set()
    replies = 0
    for message in lines:
        target = reply_of(message.tags)
        if target is not None:
            assert target in sent  # a reply or a reaction names a message already sent
            replies += message.command == "PRIVMSG"
        if message.command == "TAGMSG":
            assert message.tags[REACT_TAG]
        else:
            sent.add(message.tags["msgid"])
    assert replies == 3  # the first of every ten, once there is a message to answer
    speakers = [m.source.split("!")[0] for m in messages]
    assert speakers[:10] == ["flooder0"] * 10 and speakers[10:20] == ["flooder1"] * 10
