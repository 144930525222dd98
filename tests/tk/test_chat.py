"""The Tk app in a real chat: our server on 127.0.0.1, other people as raw-socket peers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from app.errors import AddressInUse, NickInUse, TooManyTries, WrongPassword
from app.tk.conversation import ConversationView

from .conftest import free_port, start_from_dialog, window_after_dialog
from .helpers import (
    double_click,
    find,
    find_all,
    focused,
    press,
    pump_for,
    pump_until,
    type_into,
)
from .peer import Peer

pytestmark = pytest.mark.gui

PERSIAN = "سلام! امروز ساعت ۵ جلسه داریم، می‌آیی؟"
SCREENSHOT = Path(__file__).resolve().parents[2] / "resources/screenshots/tk-main-window.png"


def _port(server) -> int:
    return server.address[1]


def joined_window(app, root, port: int, nick: str = "ali"):
    start_from_dialog(app, root, mode="join", nick=nick, address=f"127.0.0.1:{port}")
    return window_after_dialog(app, root)


def room_view(window) -> ConversationView:
    view = window.view("#lobby")
    assert view is not None
    return view


def send(view: ConversationView, text: str) -> None:
    type_into(view.input, text)
    press(view.input, "<Return>")


def test_join_through_the_dialog_and_talk_both_ways(app, root, chat_server, peers):
    port = _port(chat_server)
    window = joined_window(app, root, port)
    assert window.winfo_name() == "mainWindow"
    assert window.title() == "#lobby — Gofto"
    assert app.dialog is None
    tabs = find(window, "conversationTabs")
    assert len(tabs.tabs()) == 1
    view = room_view(window)
    pump_until(root, lambda: root.focus_get() is view.input, message="focus in messageInput")
    assert find(view, "messageInput") is view.input
    assert "Connected" in find(window, "connectionStatus")["text"]

    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in window.users.nicks, message="bob in the user list")
    bob.say("#lobby", "hello ali")
    pump_until(root, lambda: "bob: hello ali" in view.transcript())
    send(view, "hi bob")
    pump_until(root, lambda: "hi bob" in bob.received_text("#lobby"))
    pump_until(root, lambda: "ali: hi bob" in view.transcript())


def test_persian_round_trips_unchanged_on_the_wire(app, root, chat_server, peers):
    port = _port(chat_server)
    window = joined_window(app, root, port, nick="علی")
    view = room_view(window)
    sara = Peer(port, "sara")
    peers.append(sara)
    pump_until(root, lambda: "sara" in window.users.nicks)
    send(view, PERSIAN)
    pump_until(root, lambda: PERSIAN in sara.received_text("#lobby"))
    assert sara.received_text("#lobby") == [PERSIAN]
    sara.say("#lobby", PERSIAN + " ok")
    pump_until(root, lambda: f"sara: {PERSIAN} ok" in view.transcript())
    # Shown shaped and right-aligned, kept (and copied) as written.
    line = view.lines[-1]
    assert "rtl" in view.view.tag_names(view.view.tag_ranges(line.tag)[0])
    assert PERSIAN not in view.view.get("1.0", "end")
    view.view.tag_add("sel", *view.view.tag_ranges(line.tag)[:1], "end")
    view._copy()
    assert PERSIAN in root.clipboard_get()


def test_user_list_follows_joins_nick_changes_and_leaves(app, root, chat_server, peers):
    port = _port(chat_server)
    window = joined_window(app, root, port)
    users = find(window, "userList")
    pump_until(root, lambda: window.users.nicks == ["ali"])
    assert "(you)" in users.get(0)
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: sorted(window.users.nicks) == ["ali", "bob"])
    bob.send("NICK robert")
    pump_until(root, lambda: "robert" in window.users.nicks and "bob" not in window.users.nicks)
    bob.send("AWAY :lunch")
    pump_until(root, lambda: any("(away)" in users.get(i) for i in range(users.size())))
    bob.send("PART #lobby :later")
    pump_until(root, lambda: window.users.nicks == ["ali"], message="robert gone")
    assert "robert left (later)" in room_view(window).transcript()


def test_private_conversation_from_the_user_list_reaches_only_its_target(
    app, root, chat_server, peers
):
    port = _port(chat_server)
    window = joined_window(app, root, port)
    bob, carol = Peer(port, "bob"), Peer(port, "carol")
    peers += [bob, carol]
    pump_until(root, lambda: {"bob", "carol"} <= set(window.users.nicks))
    users = window.users.listbox
    index = window.users.nicks.index("bob")
    users.see(index)
    root.update()
    x, y, _w, h = users.bbox(index)
    double_click(users, x + 2, y + h // 2)
    root.update()
    tabs = find(window, "conversationTabs")
    assert len(tabs.tabs()) == 2
    private = window.view("bob")
    assert private is not None
    assert window.current_view() is private
    assert root.focus_get() in (private.input, None)
    assert len(find_all(window, "messageInput")) == 2

    send(private, "just for you")
    pump_until(root, lambda: "just for you" in bob.received_text("bob"))
    window.select("#lobby")
    send(room_view(window), "for everyone")
    pump_until(root, lambda: "for everyone" in carol.received_text("#lobby"))
    assert "just for you" not in carol.received_text()

    # Not with yourself: double-clicking your own row opens nothing.
    own = window.users.nicks.index("ali")
    x, y, _w, h = users.bbox(own)
    double_click(users, x + 2, y + h // 2)
    root.update()
    assert len(tabs.tabs()) == 2

    # The context menu offers the same, and a reply shows an unread count on the tab.
    menu = window.users.build_menu(window.users.members[window.users.nicks.index("carol")])
    menu.invoke(0)
    root.update()
    assert window.view("carol") is window.current_view()
    bob.say("ali", "psst")
    pump_until(root, lambda: tabs.tab(private, "text") == "bob (1)", message="unread marker")
    tabs.select(private)
    root.update()
    assert tabs.tab(private, "text") == "bob"
    assert "bob: psst" in private.transcript()


def test_private_conversation_by_keyboard_alone(app, root, chat_server, peers):
    """Tab on an empty line reaches the people list; the arrows pick a name and Enter
    opens the private conversation with the cursor in it."""
    port = _port(chat_server)
    window = joined_window(app, root, port)
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in window.users.nicks)
    room = room_view(window)
    press(room.input, "<Tab>")
    users = window.users.listbox
    assert focused(root) is users
    assert users.curselection() == (0,)
    while window.users.selected_nick() != "bob":
        before = users.curselection()
        press(users, "<Down>")
        assert users.curselection() != before, "bob is not in the list"
    press(users, "<Return>")
    private = window.view("bob")
    assert private is not None and window.current_view() is private
    pump_until(root, lambda: focused(root) is private.input)
    send(private, "typed, not clicked")
    pump_until(root, lambda: "typed, not clicked" in bob.received_text("bob"))


def test_query_opens_the_private_conversation(app, root, chat_server, peers):
    port = _port(chat_server)
    window = joined_window(app, root, port)
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in window.users.nicks)
    send(room_view(window), "/query BOB first words")
    private = window.view("bob")
    assert private is not None and window.current_view() is private
    pump_until(root, lambda: "first words" in bob.received_text("bob"))
    pump_until(root, lambda: "first words" in private.transcript())
    assert "first words" not in room_view(window).transcript()


def test_port_taken_keeps_the_dialog_open_with_the_sentence(app, root):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        dialog = start_from_dialog(app, root, mode="host", nick="ali", port=port)
        pump_until(root, lambda: dialog.error_label["text"], message="the error")
    assert dialog.error_label["text"] == str(AddressInUse(port))
    assert app.window is None and dialog.winfo_exists()


def test_wrong_password_keeps_the_dialog_open(app, root, make_chat_server):
    server = make_chat_server(password="sesame")
    dialog = start_from_dialog(
        app, root, mode="join", nick="ali", address=f"127.0.0.1:{_port(server)}", password="nope"
    )
    pump_until(root, lambda: dialog.error_label["text"], message="the error")
    assert dialog.error_label["text"] == str(WrongPassword())
    assert app.window is None
    # The right password then works from the same dialog.
    type_into(find(dialog, "passwordEdit"), "sesame")
    root.update()
    find(dialog, "startButton").invoke()
    window_after_dialog(app, root)


def test_throttled_password_says_to_wait(app, root, make_chat_server):
    from app.server.throttle import PasswordThrottle

    server = make_chat_server(password="sesame")
    throttle = PasswordThrottle(free_failures=0, base_delay=60.0)
    throttle.failed("127.0.0.1")  # a guess a moment ago: this address must wait
    server.hub.trust.throttle = throttle
    server.hub.trust.waiting.max_waiting = 0  # and no try may wait its turn: refused at once
    dialog = start_from_dialog(
        app, root, mode="join", nick="ali", address=f"127.0.0.1:{_port(server)}", password="sesame"
    )
    pump_until(root, lambda: dialog.error_label["text"], message="the error")
    assert dialog.error_label["text"] == str(TooManyTries())
    assert app.window is None


def test_nick_in_use_keeps_the_dialog_open(app, root, chat_server, peers):
    port = _port(chat_server)
    peers.append(Peer(port, "ali"))
    dialog = start_from_dialog(app, root, mode="join", nick="ali", address=f"127.0.0.1:{port}")
    pump_until(root, lambda: dialog.error_label["text"], message="the error")
    assert dialog.error_label["text"] == str(NickInUse("ali"))
    assert app.window is None


def test_hosting_through_the_dialog_and_closing_asks_then_stops_the_server(
    app, root, confirmations, peers
):
    port = free_port()
    start_from_dialog(app, root, mode="host", nick="ali", port=port)
    window = window_after_dialog(app, root)
    assert window.hosted is not None
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "bob" in window.users.nicks)
    send(room_view(window), "welcome")
    pump_until(root, lambda: "welcome" in bob.received_text("#lobby"))

    confirmations.answer = False
    window.request_close()
    root.update()
    assert confirmations.asked == 1 and window.winfo_exists()
    confirmations.answer = True
    window.request_close()
    pump_until(root, lambda: app.finished, message="the app to finish")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
        pass


def test_lost_host_reconnects_rejoins_and_sends_what_was_queued(app, root, make_chat_server, peers):
    from app.tk.launch_flow import StartRequest

    first = make_chat_server()
    port = _port(first)
    window = app.open_direct(StartRequest("join", "ali", port))
    view = room_view(window)
    pump_until(root, lambda: "You joined #lobby" in view.transcript())
    status = find(window, "connectionStatus")

    first.stop("going away")
    pump_until(root, lambda: "Reconnecting in" in status["text"], message="a retry scheduled")
    send(view, "typed while away")
    pump_until(root, lambda: "not sent yet" in view.view.get("1.0", "end"))

    make_chat_server(port=port)
    bob = Peer(port, "bob")
    peers.append(bob)
    pump_until(root, lambda: "typed while away" in bob.received_text("#lobby"), timeout=15)
    pump_until(root, lambda: "not sent yet" not in view.view.get("1.0", "end"))
    assert "ali" in [m.nick for m in window.connection.session.members("#lobby")]
    # Reconnecting is quiet: one message of the day, one "You joined", one copy of the line.
    transcript = view.transcript()
    assert transcript.count("Message of the day") == 1
    assert transcript.count("You joined #lobby") == 1
    assert transcript.count("typed while away") == 1
    assert "Connected again as ali" in transcript


def test_a_window_opened_from_the_dialog_reconnects_too(app, root, make_chat_server, peers):
    first = make_chat_server()
    port = _port(first)
    window = joined_window(app, root, port)
    view = room_view(window)
    status = find(window, "connectionStatus")

    first.stop("going away")
    pump_until(root, lambda: "Reconnecting in" in status["text"], message="a retry scheduled")
    make_chat_server(port=port)
    pump_until(
        root,
        lambda: "Connected again as ali" in view.transcript(),
        timeout=15,
        message="ali back in the room",
    )
    bob = Peer(port, "bob")
    peers.append(bob)
    send(view, "back again")
    pump_until(root, lambda: "back again" in bob.received_text("#lobby"))


def test_window_stays_responsive_while_nobody_answers(app, root):
    from app.tk.launch_flow import StartRequest

    port = free_port()
    window = app.open_direct(StartRequest("join", "ali", port))
    status = find(window, "connectionStatus")
    pump_until(root, lambda: "Reconnecting in" in status["text"])
    # The loop keeps turning: a timer set now fires on time.
    fired = []
    root.after(50, lambda: fired.append(True))
    pump_until(root, lambda: fired, timeout=1)


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
def test_screenshot_of_the_main_window(app, root, chat_server, peers, tmp_path):
    """The window in use, captured; into resources/ only with ``GOFTO_SCREENSHOTS=1``."""
    shot = SCREENSHOT if os.environ.get("GOFTO_SCREENSHOTS") == "1" else tmp_path / SCREENSHOT.name
    port = _port(chat_server)
    window = joined_window(app, root, port, nick="علی")
    view = room_view(window)
    sara, bob = Peer(port, "سارا"), Peer(port, "bob")
    peers += [sara, bob]
    pump_until(root, lambda: len(window.users.nicks) == 3)
    sara.say("#lobby", "سلام به همه! جلسهٔ امروز ساعت ۵ است.")
    bob.say("#lobby", "Hi all, I'll be there at 5.")
    pump_until(root, lambda: "bob:" in view.transcript())
    send(view, "عالی، من هم می‌آیم. Gofto خیلی خوب کار می‌کند!")
    pump_until(root, lambda: "Gofto خیلی" in view.transcript())
    sara.say("علی", "یک سؤال خصوصی دارم")
    pump_until(root, lambda: window.view("سارا") is not None)
    type_into(view.input, "سارا: تا یک ساعت دیگر می‌آیم")
    view.input.event_generate("<KeyRelease>")
    root.update()
    shot.parent.mkdir(parents=True, exist_ok=True)
    pump_for(root, 0.3)
    subprocess.run(["import", "-window", window.wm_frame(), str(shot)], check=True, timeout=20)
    assert shot.stat().st_size > 0
