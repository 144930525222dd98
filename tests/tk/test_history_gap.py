"""A search jump older than what the Tk transcript shows leaves no hole: the lines between
come with it, or an explicit gap row that a click fills, in its place. A real host; the gap
row is screenshotted in English and Persian (into resources/ with ``GOFTO_SCREENSHOTS=1``)."""

from __future__ import annotations

import re
import shutil

import pytest

from app.client import spans
from app.tk.conversation import GAP_TAG

from .helpers import pump_until
from .peer import Peer
from .test_history_scroll import _join, _shoot

pytestmark = pytest.mark.gui

GAP = "Earlier messages not shown — load them"
SAID = 200  # the join shows the newest 50


def _numbers(view) -> list[int]:
    """The numbers of the "line N" messages shown, top to bottom."""
    return [int(n) for n in re.findall(r"carol: line (\d+)$", view.transcript(), re.M)]


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """``numbers`` as contiguous runs ``(first, last)``: one run means no hole."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(first, last) for first, last in runs]


def _jumped(app, root, make_chat_server, peers):
    """A room of :data:`SAID` lines; once the join's page is in (and the page a transcript
    that first fills may ask for), a jump 50 lines above the oldest shown. Returns the view
    and the target's number and the oldest's."""
    server = make_chat_server(flood_limit=False)
    port = server.address[1]
    carol = Peer(port, "carol")
    peers.append(carol)
    for index in range(SAID):
        carol.say("#lobby", f"line {index}")
    pump_until(root, lambda: len(server.hub.history.lines("#lobby")) == SAID, message="kept")
    _window, view = _join(app, root, port)
    pump_until(root, lambda: f"carol: line {SAID - 1}" in view.transcript(), message="joined")
    pump_until(root, lambda: view.view.yview()[0] > 0, message="a transcript that scrolls")
    pump_until(root, lambda: not view.paging.fetching, message="no page on its way")
    ((oldest, _last),) = _runs(_numbers(view))
    target = oldest - 50
    wanted = server.hub.history.lines("#lobby")[target]
    assert not view.reveal(f"line {target}", wanted.msgid)  # not loaded: asked for
    pump_until(
        root,
        lambda: view.found is not None and view.found.record_id == wanted.msgid,
        message="the jump's lines",
    )
    return view, target, oldest


def _gaps(view) -> list:
    return [line for line in view.lines if GAP_TAG in line.extra]


def _click(root, view, line) -> None:
    """A real click on ``line``'s text: the pointer moves there (Tk's "current" mark), then
    the button goes down and up."""
    text = view.view
    text.see(text.tag_ranges(line.tag)[0])
    root.update()
    x, y, _w, h = text.bbox(f"{text.tag_ranges(line.tag)[0]} + 8 chars")
    text.event_generate("<Motion>", x=x + 2, y=y + h // 2)
    text.event_generate("<ButtonPress-1>", x=x + 2, y=y + h // 2)
    text.event_generate("<ButtonRelease-1>", x=x + 2, y=y + h // 2)
    root.update()


def test_a_jump_older_than_what_is_shown_leaves_no_hole(app, root, make_chat_server, peers):
    view, target, _oldest = _jumped(app, root, make_chat_server, peers)
    # the context before the target (and older lines, if the view then reached its top)
    ((first, last),) = _runs(_numbers(view))
    assert first <= target - spans.CONTEXT_LINES + 1 and last == SAID - 1
    assert not _gaps(view) and GAP not in view.transcript()


def test_a_click_on_the_gap_row_loads_the_missing_lines_in_its_place(
    app, root, make_chat_server, peers, monkeypatch
):
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 10)
    view, target, oldest = _jumped(app, root, make_chat_server, peers)
    # around the target (and older lines, if the view then reached its top), a hole, and
    # the ten lines fetched up to what was shown
    (first, upper), stretch = _runs(_numbers(view))
    assert first <= target - 10 and upper == target + 10 and stretch == (oldest - 10, SAID - 1)
    shown = view.transcript()
    assert shown.index(f"line {upper}\n") < shown.index(GAP) < shown.index(f"line {oldest - 10}\n")
    for loaded in (oldest - 20, oldest - 30, upper + 1):
        (gap,) = _gaps(view)
        _click(root, view, gap)
        pump_until(root, lambda n=loaded: n in _numbers(view), message=f"line {loaded}")
        assert _runs(_numbers(view))[1:] == ([] if loaded == upper + 1 else [(loaded, SAID - 1)])
    assert not _gaps(view) and GAP not in view.transcript()
    # the lines kept their records: a search for one of the filled lines finds it
    assert view.reveal(f"line {oldest - 25}")


@pytest.fixture
def persian():
    from app.tk import i18n

    i18n.install("fa")
    yield
    i18n.uninstall()


def _shoot_gap(app, root, make_chat_server, peers, monkeypatch, tmp_path, name: str) -> str:  # noqa: PLR0917
    monkeypatch.setattr(spans, "MAX_SPAN_LINES", 10)
    view, _target, _oldest = _jumped(app, root, make_chat_server, peers)
    (gap,) = _gaps(view)
    text = view.view
    text.see(f"{text.tag_ranges(gap.tag)[0]} + 8 lines")
    text.see(f"{text.tag_ranges(gap.tag)[0]} - 8 lines")
    _shoot(root, view.winfo_toplevel(), name, tmp_path)
    return view.transcript()


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
def test_screenshot_gap_row(app, root, make_chat_server, peers, monkeypatch, tmp_path):  # noqa: PLR0917
    shown = _shoot_gap(app, root, make_chat_server, peers, monkeypatch, tmp_path, "tk-gap.png")
    assert GAP in shown


@pytest.mark.skipif(shutil.which("import") is None, reason="imagemagick is not installed")
@pytest.mark.usefixtures("persian")
def test_screenshot_gap_row_persian(app, root, make_chat_server, peers, monkeypatch, tmp_path):  # noqa: PLR0917
    shown = _shoot_gap(app, root, make_chat_server, peers, monkeypatch, tmp_path, "tk-gap-fa.png")
    assert "بارگذاری‌شان کنید" in shown


def test_a_rejoin_after_a_long_absence_shows_a_gap_row_that_a_click_fills(
    app, root, make_chat_server, peers
):
    """Lost for 80 lines: the rejoin's 50 latest come with a gap row above them, and a click
    loads what was missed into its place."""
    from app.client.reconnect import Backoff

    server = make_chat_server(flood_limit=False, operator_password="hostsecret")
    port = server.address[1]
    carol = Peer(port, "carol")
    peers.append(carol)
    carol.send("OPER carol hostsecret")
    for index in range(120):
        carol.say("#lobby", f"line {index}")
    pump_until(root, lambda: len(server.hub.history.lines("#lobby")) == 120, message="kept")
    window, view = _join(app, root, port)
    pump_until(root, lambda: "carol: line 119" in view.transcript(), message="joined")
    supervisor = window.connection.supervisor
    supervisor.backoff = Backoff(initial=60, maximum=60)  # back only when told, below
    carol.send("KILL ali :back soon")
    pump_until(root, lambda: not window.connection.session.registered, message="the drop")
    for index in range(120, 200):
        carol.say("#lobby", f"line {index}")
    pump_until(root, lambda: len(server.hub.history.lines("#lobby")) == 200, message="missed")
    supervisor.retry_now()
    pump_until(root, lambda: "carol: line 199" in view.transcript(), message="rejoined")
    pump_until(root, lambda: bool(_gaps(view)), message="the gap row")
    shown = view.transcript()
    assert shown.index("line 119\n") < shown.index(GAP) < shown.index("line 150\n")
    (gap,) = _gaps(view)
    _click(root, view, gap)
    pump_until(root, lambda: not _gaps(view), message="the missed lines")
    ((first, last),) = _runs(_numbers(view))  # one run: nothing is missing
    assert first <= 70 and last == 199
