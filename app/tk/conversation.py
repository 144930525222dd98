"""One conversation tab: a read-only transcript (``messageView``) and an input (``messageInput``).

The transcript draws the presentation layer's records
(:mod:`app.client.presentation.records`): a message's styled spans become Text tags (bold,
italic, underline, overstrike, a fixed font, colours made readable on the transcript's
background), a conversation line is the catalogue's sentence. Text is shown through
:func:`app.tk.bidi_text.display_text`, because Tk cannot shape or reorder Persian itself.
Each line keeps its original text in ``self.lines``, and copying a selection puts the
originals on the clipboard, so what leaves the window is what was written, not presentation
forms in visual order. Every line is aligned to the interface's side, with the time there.

History from the host: scrolled to the very top, the view asks for older lines
(``on_older``; when to ask is :class:`~app.client.presentation.paging.Paging`'s rule, shared
with Qt) and draws them above what it shows without moving what the person looks at. A
search result is found by its server ``msgid`` (else its text), scrolled into view and
marked ``found``; one the view does not hold is asked for (``on_around``) and revealed when
its lines arrive.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tkinter as tk
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from tkinter import font as tkfont
from tkinter import ttk
from typing import Literal

from app.client.catalogue import ENGLISH, Texts
from app.client.presentation import convo_lines
from app.client.presentation import records as rec
from app.client.presentation.convo import reactions_text
from app.client.presentation.direction import first_strong, strip_isolates
from app.client.presentation.input import Completer, InputHistory
from app.client.presentation.paging import Paging
from app.client.presentation.records import LINE_BREAK, Record
from app.client.presentation.text import PLAIN, Span, Style, readable, text_of
from app.tk.bidi_text import display_text, has_rtl, is_rtl
from app.tk.i18n import rtl as interface_rtl

log = logging.getLogger(__name__)

#: A part with this tag follows the previous one without a space (spans of one message).
GLUE = "glue"
#: The tag of the line a search result jumped to.
FOUND = "found"
#: Where older lines are inserted while they are drawn (a mark that moves past each one).
_PREPEND = "prepend"
#: Where the line at the top of the view began, while lines are drawn around it.
_TOP = "keeptop"
#: The tag of a gap row ("Earlier messages not shown — load them"): a click loads its lines.
GAP_TAG = "gap"
#: The tag every line carries (``line7``): what a position in the Text belongs to.
_LINE_TAG = re.compile(r"line\d+")


Part = tuple[str, tuple[str, ...]]  # a piece of logical text and its Text tags


@dataclass(slots=True)
class Line:
    """One transcript line as it was written (``text``) and how to paint it (``parts``)."""

    tag: str
    text: str
    parts: list[Part]
    rtl: bool
    extra: tuple[str, ...] = ()
    pending: bool = False
    conversation_text: str = ""  # the message part alone, as written
    record_id: str = ""  # the record drawn, so a sent message can take its pending line's place
    shown: str = field(default="")  # what was painted last, rows joined with newlines


class ConversationView(ttk.Frame):
    """The transcript and input of one conversation (a channel or a private chat).

    ``on_submit(conversation, text)`` is called when Enter is pressed with text; ``nicks()``
    supplies names for Tab completion; ``on_typing(conversation, text)`` (optional) whenever
    the input's text changed (the session decides whether to send IRCv3 ``+typing``).
    ``on_older(conversation)`` and ``on_around(conversation, msgid)`` (optional) ask the host
    for history and say whether they did; ``on_gap(conversation, gap_id)`` (optional) asks
    for the lines a gap row stands for when it is clicked.
    """

    def __init__(
        self,
        master: tk.Misc,
        conversation: str,
        *,
        name: str,
        on_submit: Callable[[str, str], None],
        nicks: Callable[[], list[str]],
        texts: Texts = ENGLISH,
        on_typing: Callable[[str, str], None] | None = None,
        on_older: Callable[[str], bool] | None = None,
        on_around: Callable[[str, str], bool] | None = None,
        on_gap: Callable[[str, str], bool] | None = None,
    ) -> None:
        super().__init__(master, name=name)
        self.conversation = conversation
        self._on_older = on_older
        self._on_around = on_around
        self._on_gap = on_gap
        #: When to ask the host for older lines or a search result's (the shared rule).
        self.paging = Paging()
        #: The line a search result jumped to, if any.
        self.found: Line | None = None
        self._prepend_at: int | None = None  # drawing older lines: their place in self.lines
        #: New lines scroll into view until the person scrolls up (wheel, scroll bar, keys),
        #: and again once they are back at the end. Kept here rather than read off the Text:
        #: Tk measures line heights lazily, so its fractions are stale while lines pour in.
        self._follow = True
        self.unread = 0
        self.lines: list[Line] = []
        self.texts = texts
        self._on_submit = on_submit
        self._on_typing = on_typing
        self._typed = ""  # the input's text when on_typing was last told
        # Up/Down and Tab work as in every Gofto front end (app.client.presentation.input).
        self._history = InputHistory()
        self._completer = Completer(nicks)
        self._styles: dict[tuple[Style, bool], str] = {}
        self._serial = 0
        self._laid_out_width = 0
        self._relayout_timer: str | None = None
        self._font = tkfont.nametofont("TkTextFont", root=master)
        self._build()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        self.view = tk.Text(
            self,
            name="messageView",
            wrap="word",
            state="disabled",
            height=20,
            width=60,
            padx=6,
            pady=4,
            cursor="arrow",
            font="TkTextFont",
            takefocus=False,
            exportselection=False,
        )
        self.scrollbar = ttk.Scrollbar(self, orient="vertical", command=self._scrollbar_moved)
        self.view.configure(yscrollcommand=self._scrolled)
        self.view.grid(row=0, column=0, sticky="nsew")
        self.scrollbar.grid(row=0, column=1, sticky="ns")
        self.preview = ttk.Label(self, name="inputPreview", anchor="e")
        self.input = ttk.Entry(self, name="messageInput")
        self.input.grid(row=2, column=0, columnspan=2, sticky="ew", pady=(4, 0))
        self._configure_tags()
        self.input.bind("<Return>", self._enter)
        self.input.bind("<KP_Enter>", self._enter)
        self.input.bind("<Up>", self._history_up)
        self.input.bind("<Down>", self._history_down)
        # Ctrl+Up/Down recall too, as in the Qt window (where Up on an empty line selects a
        # message).
        self.input.bind("<Control-Up>", self._history_up)
        self.input.bind("<Control-Down>", self._history_down)
        self.input.bind("<Tab>", self._complete)
        self.input.bind("<KeyRelease>", self._update_preview, add="+")
        self.input.bind("<KeyRelease>", self._typing, add="+")
        self.view.bind("<Configure>", self._on_resize)
        # Already at the top, the wheel moves nothing and the Text reports no scroll: ask then.
        self.view.bind("<Button-4>", self._wheel_up, add="+")
        self.view.bind("<MouseWheel>", self._wheel_up, add="+")
        for key in ("<Prior>", "<Up>", "<Home>", "<Control-Home>"):
            self.view.bind(key, self._leave_end, add="+")
        for down in ("<Button-5>", "<Next>", "<Down>", "<End>", "<Control-End>"):
            self.view.bind(down, self._moved_down, add="+")
        self.view.bind("<<Copy>>", self._copy)
        self.view.bind("<Control-c>", self._copy)

    def _configure_tags(self) -> None:
        view = self.view
        view.tag_configure("right", justify="right")  # the interface's side, right to left
        view.tag_configure("time", foreground="#777777")
        view.tag_configure("nick", foreground="#1f5fa8", font="TkDefaultFont 10 bold")
        view.tag_configure("selfnick", foreground="#2e7d32", font="TkDefaultFont 10 bold")
        view.tag_configure("info", foreground="#6b6b6b")
        view.tag_configure("error", foreground="#b00020")
        view.tag_configure("highlight", background="#fff3c4")
        view.tag_configure("pending", foreground="#8a8a8a")
        view.tag_configure("earlier", foreground="#8a8a8a")  # replayed history: quiet
        view.tag_configure("pendingmark", foreground="#b26a00", font="TkDefaultFont 9")
        view.tag_configure(FOUND, background="#ffd97a")  # a search result: the eye finds it
        view.tag_configure("gaptext", foreground="#1f5fa8", underline=True)  # drawn as a link
        view.tag_bind(GAP_TAG, "<Button-1>", self._gap_clicked)
        view.tag_bind(GAP_TAG, "<Enter>", lambda _e: view.configure(cursor="hand2"))
        view.tag_bind(GAP_TAG, "<Leave>", lambda _e: view.configure(cursor="arrow"))
        view.tag_raise("sel")

    # -- writing to the transcript ----------------------------------------------------------
    def add_record(self, record: Record) -> Line:
        """Append ``record`` (a message, a conversation line, or free text)."""
        stamp = self.texts.digits(record.time.astimezone().strftime("%H:%M"))
        if record.is_message:
            return self._add_message(record, stamp)
        if record.kind == rec.GAP:
            said = self.texts(record.kind)
            parts: list[Part] = [(stamp, ("time",)), (said, ("gaptext",))]
            line = self._append(f"{stamp} {said}", parts, rtl=interface_rtl(), extra=(GAP_TAG,))
            line.record_id = record.id
            return line
        if record.kind in (rec.INFO, rec.ERROR) and record.sentence is not None:
            said = self.texts.say(record.sentence)  # Gofto's own words: the interface's way
            return self.add_info(said, error=record.kind == rec.ERROR, time=record.time)
        if record.kind in (rec.INFO, rec.ERROR):
            text = strip_isolates(text_of(record.spans))
            parts = [(stamp, ("time",)), *self._span_parts(record.spans, record.kind)]
            return self._append(f"{stamp} {text}", parts, rtl=is_rtl(text), extra=())
        line = self.add_info(self.texts(record.kind, **record.values()), time=record.time)
        line.record_id = record.id  # a conversation line: a gap row may take its place
        return line

    def _add_message(self, record: Record, stamp: str) -> Line:
        sender = record.sender
        if record.kind == rec.ACTION:
            who = f"* {sender}"
        elif record.kind == rec.NOTICE:
            who = f"-{sender}-"
        else:
            who = f"{sender}:"
        nick_tag = "earlier" if record.history else "selfnick" if record.own else "nick"
        body_tag = "pending" if record.pending else "earlier" if record.history else "body"
        extra = ("highlight",) if record.highlight else ()
        # A multiline message (IRCv3 draft/multiline): its first line here, the others below
        # it as lines of their own under the same record id (so deleting it takes them all).
        chunks = _lines_of(record.spans)
        rtl = record.direction == "rtl"
        if record.redacted:  # deleted: the line stays where it was and says so, quietly
            chunks, body_tag = [(Span(self.texts("convo.deleted")),)], "info"
            rtl = interface_rtl()
        text = strip_isolates(text_of(chunks[0]))  # as written: what a copy gives back
        parts: list[Part] = [
            (stamp, ("time",)),
            (who, (nick_tag,)),
            *self._span_parts(chunks[0], body_tag),
        ]
        line = self._append(
            f"{stamp} {who} {text}",
            parts,
            rtl=rtl,
            extra=extra,
            pending=record.pending,
        )
        line.record_id = record.id
        line.conversation_text = text
        indent = " " * (len(stamp) + 1)
        for chunk in chunks[1:]:
            more = strip_isolates(text_of(chunk))
            shown = self._span_parts(chunk, body_tag) or [("", (body_tag,))]
            follow = self._append(
                more,
                [(indent, ("time",)), *shown],
                rtl=(first_strong(more) or record.direction) == "rtl",
                extra=extra,
            )
            follow.record_id = record.id
            follow.conversation_text = more
        if record.reactions and not record.redacted:
            # Reactions: one quiet row under the message, part of it (redrawn with it).
            said = self.texts(
                "convo.reactions", reactions=reactions_text(record, self.texts.digits)
            )
            # Without its isolates: Tk's bidi library emulates them with embeddings, and the
            # brackets around the names would come out turned round in a Persian window.
            said = strip_isolates(said)
            row = self._append(
                said,
                [(indent, ("time",)), (said, ("info",))],
                rtl=interface_rtl(),
                extra=extra,
            )
            row.record_id = record.id
        return line

    def _span_parts(self, parts: tuple[Span, ...], base: str) -> list[Part]:
        """Spans as (text, tags) runs; a styled span gets a tag made for its style."""
        out: list[Part] = []
        for part in parts:
            tags: tuple[str, ...] = (base,)
            if part.style is not PLAIN or part.href:
                tags = (base, self._style_tag(part))
            if out:
                tags = (*tags, GLUE)  # spans abut: no space between them
            out.append((part.text, tags))
        return out or [("", (base,))]

    def _style_tag(self, part: Span) -> str:
        style = part.style
        italic = style.italic and not has_rtl(part.text)  # no oblique Arabic script
        key = (style, italic)
        tag = self._styles.get(key)
        if tag is not None:
            return tag
        tag = self._styles[key] = f"style{len(self._styles)}"
        weight = "bold" if style.bold else "normal"
        slant = "italic" if italic else "roman"
        family = "TkFixedFont" if style.monospace else "TkTextFont"
        base = tkfont.nametofont(family, root=self)
        font = (base.actual("family"), base.actual("size"), weight, slant)
        options: dict[str, object] = {"font": font}
        if style.underline or part.href:
            options["underline"] = True
        if style.strike:
            options["overstrike"] = True
        background = self._background()
        if style.bg is not None:
            options["background"] = "#{:02x}{:02x}{:02x}".format(*style.bg)
            background = style.bg
        if style.fg is not None:
            options["foreground"] = "#{:02x}{:02x}{:02x}".format(*readable(style.fg, background))
        self.view.tag_configure(tag, **options)  # type: ignore[arg-type]
        self.view.tag_raise("sel")
        return tag

    def _background(self) -> tuple[int, int, int]:
        red, green, blue = self.view.winfo_rgb(self.view.cget("background"))
        return (red // 257, green // 257, blue // 257)

    def add_message(
        self,
        sender: str,
        text: str,
        *,
        time: datetime | None = None,
        is_self: bool = False,
        pending: bool = False,
    ) -> Line:
        """Append a chat message from untrusted ``sender`` and ``text`` (tests, previews)."""
        when = time or datetime.now().astimezone()
        return self.add_record(rec.message(text, sender, when, own=is_self, pending=pending))

    def add_info(
        self,
        text: str,
        *,
        error: bool = False,
        time: datetime | None = None,
        rtl: bool | Literal["interface"] | None = "interface",
    ) -> Line:
        """Append a line that is not a chat message (our own sentences, failures).

        The window's own sentences read in the interface's direction (``"interface"``);
        free text (``rtl=None``) takes its direction from its first strong letter.
        """
        stamp = self.texts.digits((time or datetime.now()).astimezone().strftime("%H:%M"))
        kind = "error" if error else "info"
        parts: list[Part] = [(stamp, ("time",)), (text, (kind,))]
        if rtl == "interface":
            direction = interface_rtl()
        else:
            direction = is_rtl(text) if rtl is None else bool(rtl)
        return self._append(f"{stamp} {strip_isolates(text)}", parts, rtl=direction, extra=())

    def remove_record(self, record_id: str) -> bool:
        """Take the lines of message ``record_id`` away (a deleted message); ``False`` if it
        is not shown here."""
        found = [line for line in self.lines if line.record_id == record_id]
        for line in found:
            ranges = self.view.tag_ranges(line.tag)
            if ranges:
                self._edit(lambda r=ranges: self.view.delete(r[0], r[-1]))
            self.lines.remove(line)
        return bool(found)

    def has_record(self, record_id: str) -> bool:
        """Whether a line of record ``record_id`` is shown here."""
        return any(line.record_id == record_id for line in self.lines)

    def replace_record(self, old_id: str, record: Record) -> Line:
        """Draw ``record`` where the lines of record ``old_id`` were: a message typed offline
        and now sent, a deleted message, new reactions. Same place, the view not moving, the
        search mark kept; appended when ``old_id`` is not shown here."""
        old = [line for line in self.lines if line.record_id == old_id]
        ranges = [self.view.tag_ranges(line.tag) for line in old]
        if not old or not all(ranges):
            self.remove_record(old_id)
            return self.add_record(record)
        start, end = str(ranges[0][0]), str(ranges[-1][-1])
        position = self.lines.index(old[0])
        was_found = self.found is not None and self.found in old
        drawn: list[Line] = []

        def replace() -> None:
            self._edit(lambda: self.view.delete(start, end))
            for line in old:
                self.lines.remove(line)
            with self._drawing_at(start, position):
                drawn.append(self.add_record(record))

        self._keeping_place(replace)
        if was_found:
            self._mark_found(drawn[0], scroll=False)
        return drawn[0]

    def _append(
        self,
        original: str,
        parts: list[Part],
        *,
        rtl: bool,
        extra: tuple[str, ...],
        pending: bool = False,
    ) -> Line:
        self._serial += 1
        line = Line(f"line{self._serial}", original, parts, rtl, extra, pending)
        if self._prepend_at is not None:  # older lines: above, in order (see prepend_records)
            self._edit(lambda: self._render(line, at=_PREPEND))
            self.lines.insert(self._prepend_at, line)
            self._prepend_at += 1
            return line
        self._edit(lambda: self._render(line))
        self.lines.append(line)
        if self._follow:
            self.view.see("end")
        return line

    def _render(self, line: Line, at: str = "end-1c") -> None:
        """Insert ``line`` at the end of the transcript, or at mark ``at`` (the Text must be
        editable)."""
        side = ("right",) if interface_rtl() else ()
        line_tags = (line.tag, *line.extra, *(("rtl",) if line.rtl else ()), *side)
        mark: Part = (self.texts("state.not_sent"), ("pendingmark",))
        parts = line.parts
        time_last = line.rtl != interface_rtl() and len(parts) > 1
        if line.rtl and time_last:
            # A right-to-left line in a left-to-right interface: the time sits at the left
            # edge of its first row, so the times stay in one column.
            stamp, rest = parts[0], [*parts[1:], *([mark] if line.pending else [])]
            reserve = self._font.measure(f"{stamp[0]} ")
            rows = self._rtl_rows(rest, reserve=reserve)
            rows[0].insert(0, stamp)
        elif line.rtl:
            rows = self._rtl_rows([*parts, *([mark] if line.pending else [])])
        else:
            if time_last:
                # A left-to-right line in a right-to-left interface: the time goes last, at
                # the right edge where the other lines have theirs.
                parts = [*parts[1:], parts[0]]
            if line.pending:  # after the message, before a time that comes last
                parts = [*parts[:-1], mark, parts[-1]] if time_last else [*parts, mark]
            rows = [[(display_text(text, rtl=False), tags) for text, tags in parts]]
        shown_rows = []
        for row in rows:
            shown = ""
            for index, (piece, tags) in enumerate(row):
                if index and GLUE not in tags:
                    self.view.insert(at, " ", line_tags)
                    shown += " "
                self.view.insert(at, piece, (*tags, *line_tags))
                shown += piece
            self.view.insert(at, "\n", line_tags)
            shown_rows.append(shown)
        line.shown = "\n".join(shown_rows)

    def _rtl_rows(self, parts: list[Part], *, reserve: int = 0) -> list[list[Part]]:
        """Break a right-to-left line into rows that fit, then put each row in visual order.

        Tk would wrap the *visual* string, so the end of a long Persian message would land on
        the first row. Breaking the logical text first and reordering each row on its own
        keeps the reading order top to bottom. ``reserve`` pixels of the first row are kept
        free (for a time put there afterwards).
        """
        full = self._wrap_width()
        width = full - reserve
        rows: list[list[Part]] = [[]]
        for text, tags in parts:
            glued = GLUE in tags
            plain_tags = tuple(tag for tag in tags if tag != GLUE)
            for index, word in enumerate(text.split(" ")):
                token = (word, (*plain_tags, GLUE) if glued and index == 0 else plain_tags)
                candidate = [*rows[-1], token]
                if rows[-1] and self._measure(candidate) > width:
                    rows.append([(word, plain_tags)])
                    width = full  # only the first row gives room to the time
                else:
                    rows[-1] = candidate
        return [self._visual_row(row) for row in rows]

    @staticmethod
    def _runs(row: list[Part]) -> list[tuple[str, tuple[str, ...], bool]]:
        """Merge neighbouring words with the same tags into logical runs: (text, tags,
        whether the run follows the previous one without a space)."""
        runs: list[tuple[str, tuple[str, ...], bool]] = []
        for word, tags in row:
            glued = GLUE in tags
            plain_tags = tuple(tag for tag in tags if tag != GLUE)
            if runs and runs[-1][1] == plain_tags:
                text, _, attached = runs[-1]
                runs[-1] = (f"{text}{'' if glued else ' '}{word}", plain_tags, attached)
            else:
                runs.append((word, plain_tags, glued))
        return runs

    def _visual_row(self, row: list[Part]) -> list[Part]:
        # In a right-to-left paragraph the first run (the time) is at the right edge; each run
        # is shaped and reordered on its own, so a nick never mixes with the message. A run
        # that followed its neighbour without a space (styled spans) stays joined to it.
        runs = self._runs(row)
        visual: list[Part] = []
        for position in range(len(runs) - 1, -1, -1):
            text, tags, _ = runs[position]
            joined = position + 1 < len(runs) and runs[position + 1][2]
            visual.append((display_text(text, rtl=True), (*tags, GLUE) if joined else tags))
        return visual

    def _measure(self, row: list[Part]) -> int:
        text = " ".join(display_text(t, rtl=True) for t, _, _ in self._runs(row))
        return int(self._font.measure(text) * 1.08)  # bold nicks are a little wider

    def _wrap_width(self) -> int:
        width = self.view.winfo_width()
        if width <= 1:  # not laid out yet: the requested size in characters
            return self._font.measure("0") * int(self.view.cget("width"))
        return max(80, width - 2 * int(self.view.cget("padx")) - 12)

    def _on_resize(self, _event: tk.Event | None = None) -> None:
        width = self.view.winfo_width()
        if abs(width - self._laid_out_width) < 8 or not any(line.rtl for line in self.lines):
            self._laid_out_width = width
            return
        self._laid_out_width = width
        if self._relayout_timer is not None:
            self.after_cancel(self._relayout_timer)
        self._relayout_timer = self.after(120, self.relayout)

    def relayout(self) -> None:
        """Paint every line again (right-to-left rows depend on the width)."""
        self._relayout_timer = None

        def repaint() -> None:
            self.view.delete("1.0", "end")
            for line in self.lines:
                self._render(line)

        self._keeping_place(lambda: self._edit(repaint))

    def _edit(self, change: Callable[[], object]) -> None:
        self.view.configure(state="normal")
        try:
            change()
        finally:
            self.view.configure(state="disabled")

    def transcript(self) -> str:
        """The original text of every line, as a person wrote it (for tests and saving)."""
        return "\n".join(line.text for line in self.lines)

    # -- history from the host, and search results -------------------------------------------
    def _scrolled(self, first: str, last: str) -> None:
        """The Text moved (``yscrollcommand``): move the scroll bar, and at the very top ask
        for older lines when :class:`Paging` says so."""
        self.scrollbar.set(first, last)
        on_older = self._on_older
        if on_older is None or self._prepend_at is not None or self._follow:
            # Following the end, a view "at the top" is one whose lines are still arriving.
            return
        if not self.view.winfo_ismapped():
            return  # not laid out (a hidden tab, a new window): its fractions mean nothing
        at_top, scrollable = float(first) <= 0.0, float(last) < 1.0
        if self.paging.wants_older(at_top=at_top, scrollable=scrollable):
            self._ask(lambda: on_older(self.conversation))

    def _scrollbar_moved(self, *args: str) -> None:
        """The person moved the scroll bar: follow new lines only from the very end."""
        self.view.yview(*args)
        self._follow = self.view.yview()[1] >= 0.999

    def _leave_end(self, _event: tk.Event) -> None:
        self._follow = False

    def _moved_down(self, _event: tk.Event) -> None:
        # The class binding scrolls after this one: look once it has.
        self.after_idle(self._at_end_now)

    def _at_end_now(self) -> None:
        if self.view.winfo_exists():
            self._follow = self.view.yview()[1] >= 0.999

    def _wheel_up(self, event: tk.Event) -> None:
        if getattr(event, "delta", 0) < 0:  # a wheel turned down (Windows, macOS)
            self._moved_down(event)
            return
        if event.num == 4 or getattr(event, "delta", 0) > 0:
            self._follow = False
            first, last = self.view.yview()
            self._scrolled(str(first), str(last))

    def _ask(self, request: Callable[[], bool]) -> None:
        try:
            sent = request()
        except Exception:  # never into Tk's callback machinery
            log.exception("asking for history of %r", self.conversation)
            sent = False
        self.paging.requested(sent)

    def prepend_records(
        self, records: tuple[Record, ...], *, complete: bool, around: str | None = None
    ) -> int:
        """Older ``records`` (oldest first) arrived: drawn above every line, what the person
        looks at left where it is; a search result waiting for them is revealed. Messages
        already shown (an ``AROUND`` answer overlaps) are skipped. Returns the records drawn."""
        waiting = self.paging.arrived(complete=complete, around=around)
        shown = {line.record_id for line in self.lines if line.record_id}
        new = [record for record in records if not (record.is_message and record.id in shown)]
        if new:
            self._keeping_place(lambda: self._draw_above(new))
        if waiting is not None:  # not asked again if the host did not have it after all
            self._reveal_shown(waiting.text, waiting.msgid)
        return len(new)

    def show_top(self) -> None:
        """Scroll to the first line (a page asked for with ``/more``, just drawn there)."""
        self._follow = False
        self.view.yview_moveto(0.0)

    def _gap_clicked(self, event: tk.Event) -> str:
        """A click on a gap row: ask for the lines it stands for (the presenter decides)."""
        index = self.view.index(f"@{event.x},{event.y}")
        tag = next((t for t in self.view.tag_names(index) if _LINE_TAG.fullmatch(t)), None)
        line = next((line for line in self.lines if line.tag == tag), None)
        on_gap = self._on_gap
        if line is not None and on_gap is not None:
            try:
                on_gap(self.conversation, line.record_id)
            except Exception:  # never into Tk's callback machinery
                log.exception("asking for the lines of a gap in %r", self.conversation)
        return "break"

    def fill_gap(self, gap_id: str, records: tuple[Record, ...]) -> bool:
        """The lines of the gap row ``gap_id`` arrived: drawn in its place, in order, what the
        person looks at left where it is. Whether the row was here."""
        gap = next((line for line in self.lines if line.record_id == gap_id), None)
        ranges = self.view.tag_ranges(gap.tag) if gap is not None else ()
        if gap is None or not ranges:
            return False
        start, position = str(ranges[0]), self.lines.index(gap)

        def replace() -> None:
            self._edit(lambda: self.view.delete(ranges[0], ranges[-1]))
            self.lines.remove(gap)
            self._draw_above(list(records), at=start, position=position)

        self._keeping_place(replace)
        return True

    def _draw_above(self, records: list[Record], at: str = "1.0", position: int = 0) -> None:
        """Draw ``records`` above everything (or at index ``at``, ``self.lines[position]``)."""
        with self._drawing_at(at, position):
            for record in records:
                quote = convo_lines.quote(self.texts, record)
                if quote:
                    self.add_info(quote, time=record.time)
                self.add_record(record)

    @contextlib.contextmanager
    def _drawing_at(self, at: str, position: int) -> Iterator[None]:
        """Lines added meanwhile go at index ``at`` (``self.lines[position]``), in order."""
        self.view.mark_set(_PREPEND, at)
        self.view.mark_gravity(_PREPEND, "right")  # it moves past each line drawn there
        self._prepend_at = position
        try:
            yield
        finally:
            self._prepend_at = None
            self.view.mark_unset(_PREPEND)

    def _keeping_place(self, change: Callable[[], object]) -> None:
        """Run ``change`` (lines drawn above, or everything drawn again) and scroll back to
        what was at the top of the view, to the pixel; at the end, stay at the end."""
        view = self.view
        if view.yview()[1] >= 0.999:
            change()
            view.see("end")
            return
        top = view.index("@0,0")
        tag = next((t for t in view.tag_names(top) if _LINE_TAG.fullmatch(t)), None)
        info = view.dlineinfo(top)
        ranges = view.tag_ranges(tag) if tag else ()
        into = view.count(ranges[0], top, "chars") if ranges else None
        # Should that line itself be redrawn (a replaced record), what took its place: a
        # deleted range's marks fall to where it began, and left gravity keeps this one
        # before the lines drawn there.
        view.mark_set(_TOP, ranges[0] if ranges else top)
        view.mark_gravity(_TOP, "left")
        try:
            change()
            ranges = view.tag_ranges(tag) if tag else ()
            if info is None:
                return
            again = f"{ranges[0]} + {(into or (0,))[0]} chars" if ranges else view.index(_TOP)
        finally:
            view.mark_unset(_TOP)
        view.yview(again)
        now = view.dlineinfo(again)
        if now is not None and now[1] != info[1]:
            view.yview_scroll(now[1] - info[1], "pixels")

    def reveal(self, text: str, msgid: str | None = None) -> bool:
        """Scroll to the (newest) message ``text`` and mark it ``found``; whether it is here.

        A search result (Ctrl+F) calls this after switching to the conversation. The line is
        found by the server's ``msgid``, else by its text. One the view does not hold is
        asked for (``on_around``) and revealed when its lines arrive (:meth:`prepend_records`).
        """
        if self._reveal_shown(text, msgid):
            return True
        on_around = self._on_around
        if on_around is not None and msgid and self.paging.wants_around(text, msgid):
            self._ask(lambda: on_around(self.conversation, msgid))
        return False

    def _reveal_shown(self, text: str, msgid: str | None) -> bool:
        line = self._find(text, msgid)
        if line is None:
            return False
        self._mark_found(line)
        return True

    def _find(self, text: str, msgid: str | None) -> Line | None:
        if msgid:
            found = next((line for line in self.lines if line.record_id == msgid), None)
            if found is not None:
                return found
        # What the view drew of the text (safe spans); of a long line, its start.
        needle = strip_isolates(text_of(rec.body(text)[0]))[:120].strip()
        if not needle:
            return None
        return next(
            (
                line
                for line in reversed(self.lines)
                if line.record_id and line.conversation_text and needle in line.text
            ),
            None,
        )

    def _mark_found(self, line: Line, *, scroll: bool = True) -> None:
        """Mark ``line``'s message (all its lines) ``found`` and scroll it into view."""
        view = self.view
        view.tag_remove(FOUND, "1.0", "end")
        for other in self.lines:
            mine = other is line or (bool(line.record_id) and other.record_id == line.record_id)
            if FOUND in other.extra and not mine:
                other.extra = tuple(tag for tag in other.extra if tag != FOUND)
            elif mine:
                if FOUND not in other.extra:
                    other.extra = (*other.extra, FOUND)
                ranges = view.tag_ranges(other.tag)
                if ranges:
                    view.tag_add(FOUND, ranges[0], ranges[-1])
        self.found = line
        ranges = view.tag_ranges(line.tag)
        if ranges and scroll:
            self._follow = False  # the person looks at the result until they scroll down
            view.see(ranges[-1])
            view.see(ranges[0])

    # -- copying originals ------------------------------------------------------------------
    def selected_original(self) -> str:
        """The selection as original text: whole originals for reshaped lines, else exact."""
        try:
            first, last = self.view.index("sel.first"), self.view.index("sel.last")
        except tk.TclError:
            return ""
        out = []
        for line in self.lines:
            ranges = self.view.tag_ranges(line.tag)
            if not ranges:
                continue
            start, end = str(ranges[0]), str(ranges[-1])
            if self.view.compare(end, "<=", first) or self.view.compare(start, ">=", last):
                continue
            if line.shown == line.text:
                lo = first if self.view.compare(first, ">", start) else start
                hi = last if self.view.compare(last, "<", end) else end
                out.append(self.view.get(lo, hi).rstrip("\n"))
            else:
                out.append(line.text)
        return "\n".join(out)

    def _copy(self, _event: tk.Event | None = None) -> str:
        text = self.selected_original()
        if text:
            self.clipboard_clear()
            self.clipboard_append(text)
        return "break"

    # -- input ------------------------------------------------------------------------------
    def focus_input(self) -> None:
        """Put the keyboard focus in this conversation's input."""
        self.input.focus_set()

    def _enter(self, _event: tk.Event | None = None) -> str:
        text = self.input.get()
        if text.strip():
            self._history.remember(text)
            self.input.delete(0, "end")
            self._update_preview()
            try:
                self._on_submit(self.conversation, text)
            except Exception:  # the session reports problems as events; never crash the loop
                log.exception("submitting %r", text)
        return "break"

    def _history_up(self, _event: tk.Event | None = None) -> str:
        line = self._history.previous(self.input.get())
        if line is not None:
            self._set_input(line)
        return "break"

    def _history_down(self, _event: tk.Event | None = None) -> str:
        line = self._history.next()
        if line is not None:
            self._set_input(line)
        return "break"

    def _set_input(self, text: str) -> None:
        self.input.delete(0, "end")
        self.input.insert(0, text)
        self.input.icursor("end")
        self._update_preview()

    def _complete(self, _event: tk.Event | None = None) -> str | None:
        """Complete the nickname before the cursor; pressing Tab again cycles the matches.
        On an empty line Tab moves the focus as usual (to the people list)."""
        text = self.input.get()
        if not text:
            return None
        done = self._completer.complete(text, self.input.index("insert"))
        if done is not None:
            new, cursor = done
            self.input.delete(0, "end")
            self.input.insert(0, new)
            self.input.icursor(cursor)
        return "break"

    def _typing(self, _event: tk.Event | None = None) -> None:
        """Tell ``on_typing`` when the text changed (not for cursor keys or a resend)."""
        text = self.input.get()
        if self._on_typing is None or text == self._typed:
            return
        self._typed = text
        try:
            self._on_typing(self.conversation, text)
        except Exception:
            log.exception("typing in %r", self.conversation)

    def _update_preview(self, _event: tk.Event | None = None) -> None:
        """Show typed Persian shaped above the input: the Entry itself cannot shape it."""
        text = self.input.get()
        if has_rtl(text):
            self.preview.configure(text=display_text(text))
            self.preview.grid(row=1, column=0, columnspan=2, sticky="ew")
        else:
            self.preview.grid_remove()


def _lines_of(parts: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """A message's spans cut at its line breaks (only a multiline message has any)."""
    if LINE_BREAK not in parts:
        return [parts]
    chunks: list[list[Span]] = [[]]
    for part in parts:
        if part == LINE_BREAK:
            chunks.append([])
        else:
            chunks[-1].append(part)
    return [tuple(chunk) for chunk in chunks]
