"""ConversationView on its own: transcript, originals on the clipboard, history, completion."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.tk.bidi_text import display_text
from app.tk.conversation import FOUND, ConversationView

from .helpers import press, type_into

pytestmark = pytest.mark.gui

PERSIAN = "سلام، حال‌تان چطور است؟"


@pytest.fixture
def view(root):
    submitted: list[tuple[str, str]] = []
    conversation = ConversationView(
        root,
        "#lobby",
        name="conversation1",
        on_submit=lambda conv, text: submitted.append((conv, text)),
        nicks=lambda: ["ali", "Alireza", "bob", "سارا"],
    )
    conversation.submitted = submitted
    conversation.pack()
    root.deiconify()
    root.update()
    return conversation


def test_widget_names_are_the_documented_ones(view):
    assert view.view.winfo_name() == "messageView"
    assert view.input.winfo_name() == "messageInput"
    assert str(view.view["state"]) == "disabled"


def test_enter_submits_and_clears_the_input(view):
    type_into(view.input, "hello")
    press(view.input, "<Return>")
    assert view.submitted == [("#lobby", "hello")]
    assert view.input.get() == ""
    press(view.input, "<Return>")  # empty input sends nothing
    assert view.submitted == [("#lobby", "hello")]


def test_persian_line_is_shown_shaped_right_aligned_and_kept_original(view):
    line = view.add_message("bob", PERSIAN)
    assert PERSIAN in line.text
    assert display_text(PERSIAN, rtl=True) in line.shown
    shown = view.view.get("1.0", "end-1c")
    assert display_text(PERSIAN, rtl=True) in shown
    assert PERSIAN not in shown
    assert "rtl" in view.view.tag_names("1.0")
    assert PERSIAN in view.transcript()


def test_latin_line_is_left_aligned_and_shown_as_is(view):
    view.add_message("bob", "hi there")
    assert "rtl" not in view.view.tag_names("1.0")
    assert "bob: hi there" in view.view.get("1.0", "end-1c")


def test_copy_puts_the_original_persian_on_the_clipboard(view, root):
    view.add_message("bob", "plain line")
    view.add_message("ali", PERSIAN)
    view.view.tag_add("sel", "1.0", "end")
    press(view.view, "<<Copy>>")
    copied = root.clipboard_get()
    assert PERSIAN in copied
    assert "ali:" in copied
    assert "bob: plain line" in copied


def test_copy_of_part_of_a_latin_line_is_exact(view, root):
    view.add_message("bob", "plain line")
    start = view.view.search("plain", "1.0")
    view.view.tag_add("sel", start, f"{start} +5c")
    press(view.view, "<<Copy>>")
    assert root.clipboard_get() == "plain"


def test_pending_line_is_marked_and_becomes_the_sent_line(view):
    from app.client.presentation import records as rec

    pending = view.add_message("me", "later", pending=True)
    assert "not sent yet" in view.view.get("1.0", "end")
    sent = rec.message("later", "me", datetime.now().astimezone(), own=True)
    view.replace_record(pending.record_id, sent)
    assert "not sent yet" not in view.view.get("1.0", "end")
    assert view.transcript().count("later") == 1


def test_up_and_down_walk_the_history(view):
    for text in ("one", "two"):
        type_into(view.input, text)
        press(view.input, "<Return>")
    type_into(view.input, "draft")
    press(view.input, "<Up>")
    assert view.input.get() == "two"
    press(view.input, "<Up>")
    assert view.input.get() == "one"
    press(view.input, "<Up>")
    assert view.input.get() == "one"
    press(view.input, "<Down>")
    assert view.input.get() == "two"
    press(view.input, "<Down>")
    assert view.input.get() == "draft"


def test_tab_completes_a_nick_and_cycles(view):
    type_into(view.input, "al")
    view.input.icursor("end")
    press(view.input, "<Tab>")
    assert view.input.get() == "ali: "
    press(view.input, "<Tab>")
    assert view.input.get() == "Alireza: "
    press(view.input, "<Tab>")
    assert view.input.get() == "ali: "


def test_tab_completes_in_the_middle_of_a_sentence_and_persian_names(view):
    type_into(view.input, "hello سا")
    view.input.icursor("end")
    press(view.input, "<Tab>")
    assert view.input.get() == "hello سارا "
    type_into(view.input, "zz")
    view.input.icursor("end")
    press(view.input, "<Tab>")
    assert view.input.get() == "zz"


def test_typed_persian_gets_a_shaped_preview(view, root):
    type_into(view.input, PERSIAN)
    view._update_preview()
    root.update()
    assert view.preview.winfo_ismapped()
    assert view.preview["text"] == display_text(PERSIAN)


def test_long_persian_message_wraps_in_reading_order(view, root):
    words = ["آغاز", *(["کلمه‌ای", "دیگر", "برای", "آزمایش"] * 12), "پایان"]
    line = view.add_message("sara", " ".join(words))
    rows = line.shown.split("\n")
    assert len(rows) > 1
    assert display_text("آغاز", rtl=True) in rows[0]
    assert display_text("sara:", rtl=True) in rows[0]
    assert display_text("پایان", rtl=True) in rows[-1]
    # Wider window: fewer rows; the original is untouched either way.
    view.view.configure(width=200)
    root.update()
    view.relayout()
    assert len(view.lines[-1].shown.split("\n")) < len(rows)
    assert view.transcript().endswith(" ".join(words))


def _texts_in_view(view) -> list[str]:
    """Each line's original, in the order the Text shows them (not the list's order)."""
    placed = sorted(
        (view.view.index(view.view.tag_ranges(line.tag)[0]), line.text) for line in view.lines
    )
    return [text for _index, text in sorted(placed, key=lambda p: tuple(map(int, p[0].split("."))))]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("typed while away", "typed while away"),  # not sent yet -> sent
        ("first row\nsecond row\nthird row", "one row now"),  # multiline -> fewer rows
        ("one row", "now\ntwo rows"),  # -> more rows
        (PERSIAN, f"{PERSIAN} ویرایش"),  # right to left
        ("left to right", PERSIAN),  # changes direction
    ],
)
def test_a_replaced_record_keeps_its_place(view, before, after):
    from app.client.presentation import records as rec

    now = datetime.now().astimezone()
    view.add_message("bob", "above")
    old = rec.message(before, "me", now, own=True, pending=True)
    view.add_record(old)
    for number in range(3):
        view.add_message("bob", f"below {number}")
    new = rec.message(after, "me", now, own=True)
    view.replace_record(old.id, new)
    order = _texts_in_view(view)
    assert [line.text for line in view.lines] == order  # the list and the Text agree
    firsts = [text for text in order if "above" in text or "below" in text or "me:" in text]
    assert "above" in firsts[0] and "me:" in firsts[1], order
    assert all("below" in text for text in firsts[2:]), order
    assert after.split("\n")[0] in firsts[1]
    assert "not sent yet" not in view.view.get("1.0", "end")
    assert not view.has_record(old.id) and view.has_record(new.id)


def test_replacing_a_line_moves_neither_the_view_nor_the_selection(view, root):
    from app.client.presentation import records as rec

    now = datetime.now().astimezone()
    records = [rec.message(f"message {n}", "bob", now) for n in range(80)]
    for record in records:
        view.add_record(record)
    root.update()
    view.view.tag_add("sel", "45.0", "46.0")
    selected = view.view.get("sel.first", "sel.last")
    target = records[41]  # on screen, near the top, under the selection's lines
    view.reveal(target.spans[0].text, target.id)
    view.view.yview("40.0")  # the person scrolled up to read
    root.update()
    top = view.view.index("@0,0")
    view.replace_record(target.id, rec.message("edited\nover two rows", "bob", now, msgid="x"))
    root.update()
    assert view.view.index("@0,0") == top
    assert view.view.get("sel.first", "sel.last") == selected
    assert view.found is not None and view.found.record_id == "x"  # still marked found
    assert FOUND in view.view.tag_names(view.view.tag_ranges(view.found.tag)[0])


def test_a_replaced_record_keeps_its_place_in_a_persian_window(root):
    """The same with the interface right to left (lines aligned right, times last)."""
    from app.client.presentation import records as rec
    from app.tk import i18n

    i18n.install("fa")
    try:
        conversation = ConversationView(
            root, "#lobby", name="conversation2", on_submit=lambda *_a: None, nicks=list
        )
        conversation.pack()
        root.deiconify()
        root.update()
        now = datetime.now().astimezone()
        conversation.add_message("bob", "بالا")
        old = rec.message(PERSIAN, "سارا", now, own=True, pending=True)
        conversation.add_record(old)
        conversation.add_message("bob", "پایین")
        assert conversation.view.tag_ranges("pendingmark")
        conversation.replace_record(old.id, rec.message(f"{PERSIAN}\nدوم", "سارا", now))
        texts = _texts_in_view(conversation)
        assert "بالا" in texts[0] and PERSIAN in texts[1] and texts[2] == "دوم", texts
        assert "پایین" in texts[3], texts
        assert "right" in conversation.view.tag_names(
            conversation.view.tag_ranges(conversation.lines[1].tag)[0]
        )
        assert not conversation.view.tag_ranges("pendingmark")
    finally:
        i18n.uninstall()
