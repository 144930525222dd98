"""``/more`` in the terminal client: real ``python -m app chat`` processes on a real server
holding more lines than the join's first page; each ``/more`` prints the page before the
oldest line shown (oldest first, with times, cleaned like live text) and says plainly, in
the terminal's language, when there is nothing older."""

from __future__ import annotations

from app.client.catalogue import ENGLISH
from app.client.commands import COMMANDS
from app.client.events import ErrorMessage, HistoryRequested
from tests.client.harness import Harness
from tests.client.test_terminal import PERSIAN, spawn  # noqa: F401 (the fixture)
from tests.hostile import clean
from tests.tk.peer import Peer

SAID = 120  # the join shows the newest 50; two /more pages bring the other 70
HOSTILE = 3  # this old line carries terminal escapes and an unclosed bidi override


def _text(index: int) -> str:
    if index == HOSTILE:
        return "evil \x1b[2J\x1b]0;owned\x07 \u202eline 3"
    return f"line {index}"


def _fill(server, count: int) -> Peer:
    """carol says ``count`` lines in #lobby; the host keeps them all before this returns."""
    carol = Peer(server.address[1], "carol")
    for index in range(count):
        carol.say("#lobby", _text(index))
    carol.send("PING :filled")  # answered after every line before it was handled
    carol.wait(lambda m: m.command == "PONG")
    assert len(server.hub.history.lines("#lobby")) == count
    return carol


def test_more_command_asks_the_front_end_for_this_or_a_named_conversation() -> None:
    h = Harness("alice")
    h.register()
    h.session.submit("#lobby", "/more")
    h.session.submit("#lobby", "/more  bob ")
    assert h.of(HistoryRequested) == [HistoryRequested("#lobby"), HistoryRequested("bob")]
    h.session.submit("#lobby", "/more a b")
    usage = h.of(ErrorMessage)[-1]
    assert usage.sentence is not None and "/more [#ROOM or NICK]" in ENGLISH.say(usage.sentence)
    assert "more" in COMMANDS


def test_more_pages_back_through_the_history_and_says_when_it_ends(
    spawn,  # noqa: F811
    make_chat_server,
) -> None:
    server = make_chat_server(flood_limit=False)
    carol = _fill(server, SAID)
    try:
        sara = spawn("chat", "--port", str(server.address[1]), "--nick", "sara")
        sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> line 119$")
        assert not any("line 69" in line for line in sara.lines)
        sara.type("/help")
        sara.expect(r"^-- /more \[#ROOM or NICK\] — show the previous page")
        sara.type("/more")
        sara.expect(r"^-- Earlier in #lobby, oldest first \(50 lines\):$")
        sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> line 20$")
        sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> line 69$")
        sara.type("/more")
        sara.expect(r"^-- Earlier in #lobby, oldest first \(20 lines\):$")
        sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> line 0$")
        evil = sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> evil +(.*)$")
        sara.expect(r"^\[#lobby \d\d:\d\d\] \(earlier\) <carol> line 19$")
        sara.expect(r"^-- Nothing older in #lobby: the host's history of it starts here\.$")
        sara.type("/more")  # asked again: said at once, nothing sent
        sara.expect(r"^-- Nothing older in #lobby: the host's history of it starts here\.$", 5)
        sara.type("/more #elsewhere")
        sara.expect(r"^-- #elsewhere is not open here: /more pages a room you are in")
        assert sara.end_input() == 0
        # cleaned like live text: no control reaches the terminal, an override is closed
        assert all(clean(line, allow="") for line in sara.lines), sara.lines
        assert evil.group(1) == "\u202eline 3\u202c"
        # oldest first, each page once, each line once
        pages = [line for line in sara.lines if "(earlier) <carol> line " in line]
        numbers = [int(line.rsplit(" ", 1)[1]) for line in pages]
        assert len(numbers) == len(set(numbers)) == SAID - 1  # all but the hostile one
        assert numbers[50:] == [*range(20, 70), *range(3), *range(4, 20)]  # oldest first
    finally:
        carol.close()


def test_more_says_there_is_nothing_older_in_persian(spawn, make_chat_server) -> None:  # noqa: F811
    server = make_chat_server(flood_limit=False)
    carol = _fill(server, 3)
    try:
        sara = spawn("chat", "--port", str(server.address[1]), "--nick", "sara", env=PERSIAN)
        sara.expect(r"^\[#lobby [۰-۹]{2}:[۰-۹]{2}\] \(پیشتر\) <carol> line 2$")
        sara.type("/more")
        sara.expect(r"^-- در #lobby چیز قدیمی‌تری نیست: تاریخچهٔ میزبان از همین‌جا شروع می‌شود\.$")
        assert sara.end_input() == 0
    finally:
        carol.close()
