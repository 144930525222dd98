"""draft/multiline batches (IRCv3) against a real server over real sockets."""

from __future__ import annotations

from app.server.caps import SUPPORTED
from app.server.handlers.multiline import MAX_BYTES, MAX_LINES

ML = ["batch", "message-tags", "echo-message", "server-time", "draft/multiline"]


def _room(server, irc_client, *people):
    clients = [irc_client(server, nick, caps=caps) for nick, caps in people]
    for client in clients:
        client.join("#r")
    for client in clients:
        client.sync()
    return clients


def _send_batch(client, lines, *, target="#r", ref="b1", command="PRIVMSG", tags=""):
    client.send(f"{tags}BATCH +{ref} draft/multiline {target}")
    for text, concat in lines:
        extra = ";draft/multiline-concat" if concat else ""
        client.send(f"@batch={ref}{extra} {command} {target} :{text}")
    client.send(f"BATCH -{ref}")


def test_the_capability_value_states_the_limits(chat_server, irc_client):
    value = SUPPORTED["draft/multiline"]
    assert value == f"max-bytes={MAX_BYTES},max-lines={MAX_LINES}"
    client = irc_client(chat_server)
    client.send("CAP LS 302")
    assert f"draft/multiline={value}" in client.expect("CAP").params[-1].split()


def test_batch_delivered_as_batch_and_as_lines(chat_server, irc_client):
    alice, bob, carol, dave = _room(
        chat_server,
        irc_client,
        ("alice", ML),
        ("bob", ML),
        ("carol", ["message-tags", "server-time"]),
        ("dave", []),
    )
    lines = [("hello", False), ("", False), ("how is ", False), ("everyone?", True)]
    _send_batch(alice, lines, tags="@+draft/reply=abc ")
    opening = bob.expect("BATCH")
    ref = opening.params[0][1:]
    assert opening.params[1:] == ("draft/multiline", "#r")
    assert opening.tags["+draft/reply"] == "abc" and opening.tags["msgid"]
    got = [bob.expect("PRIVMSG") for _ in lines]
    assert [(m.params[1], "draft/multiline-concat" in m.tags) for m in got] == lines
    assert all(m.tags["batch"] == ref for m in got)
    assert bob.expect("BATCH").params == (f"-{ref}",)
    # The sender's echo is the same batch, with the same msgid.
    assert alice.expect("BATCH").tags["msgid"] == opening.tags["msgid"]
    # Without the cap: the non-blank lines one by one, msgid and client tags on the first.
    plain = [carol.expect("PRIVMSG") for _ in range(3)]
    assert [m.params[1] for m in plain] == ["hello", "how is ", "everyone?"]
    assert plain[0].tags["msgid"] == opening.tags["msgid"]
    assert plain[0].tags["+draft/reply"] == "abc"
    assert "msgid" not in plain[1].tags and plain[1].tags["+draft/reply"] == "abc"
    assert all(m.tags["time"] == opening.tags["time"] for m in plain)
    assert not [m for m in carol.sync() if m.command in ("BATCH", "PRIVMSG")]
    texts = [m.params[1] for m in dave.sync() if m.command == "PRIVMSG"]
    assert texts == ["hello", "how is ", "everyone?"]
    assert [m for m in dave.received if m.command == "PRIVMSG" and m.tags] == []


def test_private_multiline_and_history_keeps_every_line(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=ML)
    bob = irc_client(chat_server, "bob", caps=ML)
    _send_batch(alice, [("one", False), ("two", False)], target="bob")
    assert bob.expect("BATCH").params[1:] == ("draft/multiline", "bob")
    assert [bob.expect("PRIVMSG").params[1] for _ in range(2)] == ["one", "two"]
    alice.join("#h")
    _send_batch(alice, [("x", False), ("y", False)], target="#h", tags="@+draft/reply=q ")
    alice.sync()
    assert [out.message.params[1] for out in chat_server.hub.history.lines("#h")] == ["x", "y"]
    # A multiline reply stays a reply in history: each kept line has the client tags.
    assert [out.client_tags for out in chat_server.hub.history.lines("#h")] == [
        {"+draft/reply": "q"}
    ] * 2
    msgid = chat_server.hub.history.lines("#h")[0].msgid
    alice.send("CAP REQ :draft/message-redaction")
    alice.expect("CAP")
    alice.send(f"REDACT #h {msgid}")
    alice.expect("REDACT")
    assert chat_server.hub.history.lines("#h") == []  # every line of it left the history


def test_limits_and_errors(chat_server, irc_client):
    (alice,) = _room(chat_server, irc_client, ("alice", ML))
    _send_batch(alice, [("x", False)] * (MAX_LINES + 1))
    fail = alice.expect("FAIL")
    assert fail.params[:3] == ("BATCH", "MULTILINE_MAX_LINES", str(MAX_LINES))
    big = "y" * 400
    _send_batch(alice, [(big, False)] * (MAX_BYTES // 400 + 1), ref="b2")
    assert alice.expect("FAIL").params[:3] == ("BATCH", "MULTILINE_MAX_BYTES", str(MAX_BYTES))
    alice.send("BATCH +b3 draft/multiline #r")
    alice.send("@batch=b3 PRIVMSG #other :hi")
    alice.send("BATCH -b3")
    assert alice.expect("FAIL").params[:4] == ("BATCH", "MULTILINE_INVALID_TARGET", "#r", "#other")
    _send_batch(alice, [("hello ", False), ("", True), ("there", False)], ref="b4")
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")
    _send_batch(alice, [("", False), ("", False)], ref="b5")
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")
    alice.send("BATCH +b6 draft/multiline #r")
    alice.send("@batch=b6 PRIVMSG #r :a")
    alice.send("@batch=b6 NOTICE #r :b")
    alice.send("BATCH -b6")
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")
    alice.send("BATCH +b7 other/type #r")
    assert alice.expect("FAIL").params[:4] == ("BATCH", "UNKNOWN_TYPE", "b7", "other/type")
    alice.send("BATCH +b_8! draft/multiline #r")
    assert alice.expect("FAIL").params[:2] == ("BATCH", "INVALID_REFTAG")
    # Nothing of those failed batches reached the room.
    assert not [m for m in alice.sync() if m.command in ("PRIVMSG", "NOTICE", "BATCH")]


def test_errors_are_reported_at_once_and_drop_the_batch(chat_server, irc_client):
    (alice,) = _room(chat_server, irc_client, ("alice", ML))
    alice.send("BATCH +123 draft/multiline #r")
    alice.send("@batch=231 PRIVMSG #r :hi")  # a reference that is not open
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")
    alice.send("BATCH +123 draft/multiline #r")
    alice.send("@batch=123 PRIVMSG #r :hi")
    alice.send("@batch=123;draft/multiline-concat PRIVMSG #r :")  # before the batch closes
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")
    alice.send("BATCH -123")
    _send_batch(alice, [("fine", False), ("again", False)], ref="ok")
    assert alice.expect("BATCH").params[1:] == ("draft/multiline", "#r")


def test_without_the_capability_a_batch_is_refused(chat_server, irc_client):
    (alice,) = _room(chat_server, irc_client, ("alice", ["batch", "echo-message"]))
    alice.send("BATCH +z draft/multiline #r")
    assert alice.expect("FAIL").params[:2] == ("BATCH", "MULTILINE_INVALID")


def test_notice_batch_and_cannot_send_errors(chat_server, irc_client):
    alice, bob = _room(chat_server, irc_client, ("alice", ML), ("bob", []))
    _send_batch(alice, [("n1", False), ("n2", False)], command="NOTICE")
    assert [bob.expect("NOTICE").params[1] for _ in range(2)] == ["n1", "n2"]
    _send_batch(alice, [("a", False), ("b", False)], target="#nowhere", ref="q")
    assert alice.expect("403").params[1] == "#nowhere"


def test_private_multiline_to_a_plain_client_is_plain_lines(chat_server, irc_client):
    alice = irc_client(chat_server, "alice", caps=["batch", "draft/multiline"])
    bob = irc_client(chat_server, "bob")
    _send_batch(alice, [("one", False), ("", False), ("two", False)], target="bob")
    got = [bob.expect("PRIVMSG"), bob.expect("PRIVMSG")]
    assert [(m.params, m.tags) for m in got] == [(("bob", "one"), {}), (("bob", "two"), {})]
    alice.sync()  # the batch was handled whole: nothing more reaches bob
    assert not [m for m in bob.sync() if m.command == "PRIVMSG"]


def test_a_labelled_batch_has_its_label_on_the_echo(chat_server, irc_client):
    caps = [*ML, "labeled-response"]
    (alice,) = _room(chat_server, irc_client, ("alice", caps))
    alice.send("@label=xyz BATCH +123 draft/multiline #r")
    alice.send("@batch=123 PRIVMSG #r hello")
    alice.send("@batch=123 PRIVMSG #r :#how is ")
    alice.send("@batch=123;draft/multiline-concat PRIVMSG #r :everyone?")
    alice.send("BATCH -123")
    echo = [m for m in alice.sync() if m.command in ("BATCH", "PRIVMSG", "ACK")]
    assert echo[0].command == "BATCH" and echo[0].tags["label"] == "xyz"  # no ACK first
    assert echo[0].tags["msgid"] and echo[0].tags["time"]
    assert [m.command for m in echo[1:-1]] == ["PRIVMSG"] * 3
    assert all("msgid" not in m.tags and "time" not in m.tags for m in echo[1:-1])
    assert "draft/multiline-concat" in echo[3].tags
    assert echo[-1].params == (f"-{echo[0].params[0][1:]}",)
