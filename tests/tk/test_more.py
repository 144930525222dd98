"""``/more`` typed in the Tk window against a real host: the page that comes is drawn above
and scrolled to (the person typing at the bottom would not see it otherwise), and when the
host has nothing older, a line says so where they are looking — in English and Persian."""

from __future__ import annotations

import pytest

from .conftest import start_from_dialog, window_after_dialog
from .helpers import press, pump_until, type_into
from .peer import Peer

pytestmark = pytest.mark.gui

SAID = 60  # the join shows the newest 50: one /more brings the other 10

NOTHING_OLDER = {
    "en": "Nothing older in #lobby",
    "fa": "در #lobby چیز قدیمی‌تری نیست",
}


@pytest.fixture(params=["en", "fa"])
def language(request):
    from app.tk import i18n

    i18n.install(request.param)
    yield request.param
    i18n.uninstall()


def _text_at_top(view) -> str:
    tags = view.view.tag_names("@0,0")
    return next(line.text for line in view.lines if line.tag in tags)


def _more(view) -> None:
    type_into(view.input, "/more")
    press(view.input, "<Return>")


def test_more_shows_the_older_page_then_says_nothing_is_older(
    language, app, root, make_chat_server, peers
):
    server = make_chat_server(flood_limit=False)
    port = server.address[1]
    carol = Peer(port, "carol")
    peers.append(carol)
    for index in range(SAID):
        carol.say("#lobby", f"line {index}")
    pump_until(root, lambda: len(server.hub.history.lines("#lobby")) == SAID)
    start_from_dialog(app, root, mode="join", nick="ali", address=f"127.0.0.1:{port}")
    window = window_after_dialog(app, root)
    window.geometry("780x540+0+0")
    view = window.view("#lobby")
    pump_until(root, lambda: "carol: line 59" in view.transcript(), message="the join's page")
    pump_until(root, lambda: view.view.yview()[0] > 0, message="at the end of a long transcript")
    assert "carol: line 9\n" not in view.transcript()

    _more(view)
    pump_until(root, lambda: "carol: line 0\n" in view.transcript(), message="the older page")
    pump_until(root, lambda: view.view.yview()[0] == 0.0, message="scrolled to the page")
    assert "line 0" in _text_at_top(view)

    _more(view)  # nothing older: said at the end, where the person types
    pump_until(
        root,
        lambda: NOTHING_OLDER[language] in view.lines[-1].text,
        message="nothing older said",
    )
