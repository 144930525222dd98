"""One conversation tab: a read-only transcript (``messageView``) and an input (``messageInput``).

The transcript shows text through :func:`app.tk.bidi_text.display_text`, because Tk cannot
shape or reorder Persian itself. Each line keeps its original text in ``self.lines``, and
copying a selection puts the originals on the clipboard, so what leaves the window is what
was written, not presentation forms in visual order.
"""

from __future__ import annotations

import logging
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from tkinter import font as tkfont
from tkinter import ttk
from typing import Literal

from app.irc.names import fold
from app.tk.bidi_text import display_text, has_rtl, is_rtl
from app.tk.i18n import rtl as interface_rtl
from app.tk.i18n import shaped, translate

log = logging.getLogger(__name__)

HISTORY_LIMIT = 200


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
    conversation_text: str = ""  # the message part alone, to match a queued message's echo
    shown: str = field(default="")  # what was painted last, rows joined with newlines


class ConversationView(ttk.Frame):
    """The transcript and input of one conversation (a channel or a private chat).

    ``on_submit(conversation, text)`` is called when Enter is pressed with text; ``nicks()``
    supplies names for Tab completion.
    """

    def __init__(
        self,
        master: tk.Misc,
        conversation: str,
        *,
        name: str,
        on_submit: Callable[[str, str], None],
        nicks: Callable[[], list[str]],
    ) -> None:
        super().__init__(master, name=name)
        self.conversation = conversation
        self.unread = 0
        self.lines: list[Line] = []
        self._on_submit = on_submit
        self._nicks = nicks
        self._history: list[str] = []
        self._history_pos = 0
        self._draft = ""
        self._completion: tuple[str, int, int, list[str], int] | None = None
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
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.view.yview)
        self.view.configure(yscrollcommand=scroll.set)
        self.view.grid(row=0, column=0, sticky="nsew")
        scroll.grid(row=0, column=1, sticky="ns")
        self.preview = ttk.Label(self, name="inputPreview", anchor="e")
        self.input = ttk.Entry(self, name="messageInput")
        self.input.grid(row=2, column=0, columnspan=2, sticky="ew", pady=(4, 0))
        self._configure_tags()
        self.input.bind("<Return>", self._enter)
        self.input.bind("<KP_Enter>", self._enter)
        self.input.bind("<Up>", self._history_up)
        self.input.bind("<Down>", self._history_down)
        self.input.bind("<Tab>", self._complete)
        self.input.bind("<KeyRelease>", self._update_preview, add="+")
        self.view.bind("<Configure>", self._on_resize)
        self.view.bind("<<Copy>>", self._copy)
        self.view.bind("<Control-c>", self._copy)

    def _configure_tags(self) -> None:
        view = self.view
        view.tag_configure("rtl", justify="right")
        view.tag_configure("time", foreground="#777777")
        view.tag_configure("nick", foreground="#1f5fa8", font="TkDefaultFont 10 bold")
        view.tag_configure("selfnick", foreground="#2e7d32", font="TkDefaultFont 10 bold")
        view.tag_configure("info", foreground="#6b6b6b")
        view.tag_configure("error", foreground="#b00020")
        view.tag_configure("highlight", background="#fff3c4")
        view.tag_configure("pending", foreground="#8a8a8a")
        view.tag_configure("earlier", foreground="#8a8a8a")  # replayed history: quiet
        view.tag_configure("pendingmark", foreground="#b26a00", font="TkDefaultFont 9 italic")
        view.tag_raise("sel")

    # -- writing to the transcript ----------------------------------------------------------
    def add_message(
        self,
        sender: str,
        text: str,
        *,
        time: datetime | None = None,
        is_self: bool = False,
        action: bool = False,
        notice: bool = False,
        highlight: bool = False,
        pending: bool = False,
        earlier: bool = False,
    ) -> Line:
        """Append a chat message; nick and time are laid out apart so they never flip.

        ``earlier``: replayed history (said before we joined), drawn in a quiet grey.
        """
        stamp = (time or datetime.now()).astimezone().strftime("%H:%M")
        if action:
            who, body = f"* {sender}", text
        elif notice:
            who, body = f"-{sender}-", text
        else:
            who, body = f"{sender}:", text
        original = f"{stamp} {who} {body}"
        nick_tag = "earlier" if earlier else "selfnick" if is_self else "nick"
        extra = ("highlight",) if highlight else ()
        body_tag = "pending" if pending else "earlier" if earlier else "body"
        parts: list[Part] = [
            (stamp, ("time",)),
            (who, (nick_tag,)),
            (body, (body_tag,)),
        ]
        line = self._append(original, parts, rtl=is_rtl(body), extra=extra, pending=pending)
        line.conversation_text = text
        return line

    def add_info(
        self,
        text: str,
        *,
        error: bool = False,
        time: datetime | None = None,
        rtl: bool | Literal["interface"] | None = "interface",
    ) -> Line:
        """Append a line that is not a chat message (joins, topics, errors, server notes).

        The window's own sentences read in the interface's direction (``"interface"``: left
        to right in English even when they start with a Persian nick, right to left in
        Persian); text from the server (``rtl=None``) takes its direction from its first
        strong letter.
        """
        stamp = (time or datetime.now()).astimezone().strftime("%H:%M")
        kind = "error" if error else "info"
        parts: list[Part] = [(stamp, ("time",)), (text, (kind,))]
        if rtl == "interface":
            direction = interface_rtl()
        else:
            direction = is_rtl(text) if rtl is None else bool(rtl)
        return self._append(f"{stamp} {text}", parts, rtl=direction, extra=())

    def mark_sent(self, text: str) -> bool:
        """Remove the first "not sent yet" line with ``text`` (its echo has just arrived)."""
        for line in self.lines:
            if line.pending and line.conversation_text == text:
                ranges = self.view.tag_ranges(line.tag)
                if ranges:
                    self._edit(lambda r=ranges: self.view.delete(r[0], f"{r[-1]} +1c"))
                self.lines.remove(line)
                return True
        return False

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
        at_end = self.view.yview()[1] >= 0.999
        self._edit(lambda: self._render(line))
        self.lines.append(line)
        if at_end:
            self.view.see("end")
        return line

    def _render(self, line: Line) -> None:
        """Insert ``line`` at the end of the transcript (the Text must be editable)."""
        line_tags = (line.tag, *line.extra, *(("rtl",) if line.rtl else ()))
        mark = (shaped(translate("TkConversation", "(not sent yet)")), ("pendingmark",))
        if line.rtl:
            rows = self._rtl_rows(line.parts)
            if line.pending:
                rows[-1].insert(0, mark)
        else:
            rows = [[(display_text(text, rtl=False), tags) for text, tags in line.parts]]
            if line.pending:
                rows[0].append(mark)
        shown_rows = []
        for row in rows:
            for index, (piece, tags) in enumerate(row):
                if index:
                    self.view.insert("end-1c", " ", line_tags)
                self.view.insert("end-1c", piece, (*tags, *line_tags))
            self.view.insert("end-1c", "\n", line_tags)
            shown_rows.append(" ".join(piece for piece, _ in row))
        line.shown = "\n".join(shown_rows)

    def _rtl_rows(self, parts: list[Part]) -> list[list[Part]]:
        """Break a right-to-left line into rows that fit, then put each row in visual order.

        Tk would wrap the *visual* string, so the end of a long Persian message would land on
        the first row. Breaking the logical text first and reordering each row on its own
        keeps the reading order top to bottom.
        """
        width = self._wrap_width()
        rows: list[list[Part]] = [[]]
        for text, tags in parts:
            for word in text.split(" "):
                candidate = [*rows[-1], (word, tags)]
                if rows[-1] and self._measure(candidate) > width:
                    rows.append([(word, tags)])
                else:
                    rows[-1] = candidate
        return [self._visual_row(row) for row in rows]

    @staticmethod
    def _runs(row: list[Part]) -> list[Part]:
        """Merge neighbouring words with the same tags into one logical run."""
        runs: list[Part] = []
        for word, tags in row:
            if runs and runs[-1][1] == tags:
                runs[-1] = (f"{runs[-1][0]} {word}", tags)
            else:
                runs.append((word, tags))
        return runs

    def _visual_row(self, row: list[Part]) -> list[Part]:
        # In a right-to-left paragraph the first run (the time) is at the right edge; each run
        # is shaped and reordered on its own, so a nick never mixes with the message.
        return [(display_text(text, rtl=True), tags) for text, tags in reversed(self._runs(row))]

    def _measure(self, row: list[Part]) -> int:
        text = " ".join(display_text(t, rtl=True) for t, _ in self._runs(row))
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
        at_end = self.view.yview()[1] >= 0.999

        def repaint() -> None:
            self.view.delete("1.0", "end")
            for line in self.lines:
                self._render(line)

        self._edit(repaint)
        if at_end:
            self.view.see("end")

    def _edit(self, change: Callable[[], object]) -> None:
        self.view.configure(state="normal")
        try:
            change()
        finally:
            self.view.configure(state="disabled")

    def transcript(self) -> str:
        """The original text of every line, as a person wrote it (for tests and saving)."""
        return "\n".join(line.text for line in self.lines)

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
            self._history.append(text)
            del self._history[:-HISTORY_LIMIT]
            self._history_pos = len(self._history)
            self.input.delete(0, "end")
            self._update_preview()
            try:
                self._on_submit(self.conversation, text)
            except Exception:  # the session reports problems as events; never crash the loop
                log.exception("submitting %r", text)
        return "break"

    def _history_up(self, _event: tk.Event | None = None) -> str:
        if self._history_pos == len(self._history):
            self._draft = self.input.get()
        if self._history_pos > 0:
            self._history_pos -= 1
            self._set_input(self._history[self._history_pos])
        return "break"

    def _history_down(self, _event: tk.Event | None = None) -> str:
        if self._history_pos < len(self._history):
            self._history_pos += 1
            if self._history_pos == len(self._history):
                self._set_input(self._draft)
            else:
                self._set_input(self._history[self._history_pos])
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
        cursor = self.input.index("insert")
        state = self._completion
        if state is not None and state[0] == text and state[1] == cursor:
            _, _, word_start, matches, index = state
            index = (index + 1) % len(matches)
        else:
            word_start = text.rfind(" ", 0, cursor) + 1
            key = fold(text[word_start:cursor])
            if not key:
                return "break"
            matches = sorted(
                (nick for nick in self._nicks() if fold(nick).startswith(key)), key=fold
            )
            if not matches:
                return "break"
            index = 0
        suffix = ": " if word_start == 0 else " "
        new = text[:word_start] + matches[index] + suffix + text[cursor:]
        new_cursor = word_start + len(matches[index]) + len(suffix)
        self.input.delete(0, "end")
        self.input.insert(0, new)
        self.input.icursor(new_cursor)
        self._completion = (new, new_cursor, word_start, matches, index)
        return "break"

    def _update_preview(self, _event: tk.Event | None = None) -> None:
        """Show typed Persian shaped above the input: the Entry itself cannot shape it."""
        text = self.input.get()
        if has_rtl(text):
            self.preview.configure(text=display_text(text))
            self.preview.grid(row=1, column=0, columnspan=2, sticky="ew")
        else:
            self.preview.grid_remove()
