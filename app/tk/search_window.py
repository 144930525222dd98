"""Ctrl+F in the Tk app: a small window (``searchWindow``) to search the conversation log.

The same search as the Qt dialog (:mod:`app.client.log`, folded for Persian), in a simpler
list: a ``searchEntry``, a status line and a ``searchResults`` Listbox with one row per
result (conversation, time, sender and the matching line; no context rows). Typing searches
after a short pause; the answer comes from the log's thread through the main window's
:class:`~app.tk.inbox.Inbox`, so Tk is never called from another thread. Enter (in the entry
or the list) or a double-click calls ``on_choose(conversation, msgid, text)`` (``msgid`` is
the server's id of the line, ``""`` when it had none): the main window jumps to it.

Rows are network text: cleaned (:func:`app.client.search.clean_snippet`), each name and the
text embedded in its own direction, then shaped for Tk (:func:`app.tk.bidi_text.display_text`),
which neither joins nor reorders Persian itself.
"""

from __future__ import annotations

import contextlib
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from app.client.search import LoggedLine, SearchResults, clean_snippet
from app.tk.bidi_text import display_text, has_rtl, is_rtl
from app.tk.i18n import justify, rtl, shown, start_side, texts, translate
from app.tk.inbox import Inbox

Search = Callable[..., None]

#: Wait this long after the last key before searching (ms).
SEARCH_DELAY_MS = 250
#: Results asked for.
RESULTS = 100


def _embedded(value: str) -> str:
    """``value`` in an explicit embedding of its own direction (python-bidi knows no isolates)."""
    if not value:
        return value
    return ("\u202b" if is_rtl(value) else "\u202a") + value + "\u202c"


def row_text(line: LoggedLine) -> str:
    """One result as a Listbox row: ``[#lobby 2026-03-21 14:02] <bob> text``, cleaned, each
    name and the text in its own direction, the row in the interface's, shaped for Tk; the
    date in the interface's calendar and digits (Jalali in Persian)."""
    when = texts().stamp(line.time)
    where = _embedded(clean_snippet(line.conversation, 60))
    sender = _embedded(clean_snippet(line.sender, 40))
    text = _embedded(clean_snippet(line.text))
    if line.kind == "action":
        said = f"* {sender} {text}"
    elif line.kind == "notice":
        said = f"-{sender}- {text}"
    else:
        said = f"<{sender}> {text}"
    return display_text(f"[{where} {when}] {said}", rtl=rtl())


class SearchWindow(tk.Toplevel):
    """The search window of one main window; hidden, not destroyed, when closed."""

    def __init__(
        self,
        master: tk.Misc,
        *,
        search: Search,
        inbox: Inbox,
        on_choose: Callable[[str, str, str], None],
    ) -> None:
        super().__init__(master, name="searchWindow")
        self._search = search
        self._on_choose = on_choose
        self._reply = inbox.sender(self._show)
        self._timer: str | None = None
        self._asked = ""
        self._shown = ""
        self._chosen: list[tuple[str, str, str]] = []  # (conversation, msgid, text) per row
        self.title(translate("SearchDialog", "Search"))
        self.geometry("640x420")
        self.columnconfigure(0, weight=1)
        self.rowconfigure(3, weight=1)
        self.query = tk.StringVar(self)
        self.query.trace_add("write", self._update_preview)
        self.entry = ttk.Entry(self, name="searchEntry", textvariable=self.query, justify=justify())
        self.entry.grid(row=0, column=0, sticky="ew", padx=6, pady=(6, 2))
        # Tk's Entry cannot shape Persian: what is typed is shown shaped here too.
        self.preview = ttk.Label(self, name="searchPreview", anchor="e")
        self.preview.grid(row=1, column=0, sticky="ew", padx=6)
        self.preview.grid_remove()
        self.status = ttk.Label(self, name="searchStatus", anchor=start_side())
        self.status.grid(row=2, column=0, sticky="ew", padx=6)
        self.results = tk.Listbox(
            self,
            name="searchResults",
            activestyle="dotbox",
            justify=justify(),
            exportselection=False,
        )
        self.results.grid(row=3, column=0, sticky="nsew", padx=6, pady=6)
        self.entry.bind("<KeyRelease>", self._typed)
        self.entry.bind("<Return>", self._enter_in_entry)
        self.entry.bind("<Down>", self._to_results)
        self.results.bind("<Return>", self._choose_selected)
        self.results.bind("<Double-Button-1>", self._choose_selected)
        self.bind("<Escape>", lambda _event: self.withdraw())
        self.protocol("WM_DELETE_WINDOW", self.withdraw)

    # -- what the main window calls ------------------------------------------------------------
    def start(self, query: str = "") -> None:
        """Show the window with the cursor in the entry (``query`` typed in, and searched)."""
        self.deiconify()
        self.lift()
        if query:
            self.query.set(query)
            self.search_now()
        self.entry.focus_set()
        self.entry.select_range(0, "end")

    @property
    def shown_query(self) -> str:
        """The query whose results are listed."""
        return self._shown

    def search_now(self) -> None:
        """Search for what the entry holds (the answer arrives through the inbox)."""
        self._cancel_timer()
        query = self.query.get().strip()
        self._asked = query
        if not query:
            self._fill([], "")
            self._shown = ""
            return
        self._search(query, self._reply, limit=RESULTS, context=0)

    # -- internals -----------------------------------------------------------------------------
    def _cancel_timer(self) -> None:
        if self._timer is not None:
            with contextlib.suppress(tk.TclError):
                self.after_cancel(self._timer)
            self._timer = None

    def _update_preview(self, *_args: object) -> None:
        text = self.query.get()
        if has_rtl(text):
            self.preview.configure(text=display_text(text))
            self.preview.grid()
        else:
            self.preview.grid_remove()

    def _typed(self, event: tk.Event) -> None:
        if event.keysym in ("Return", "KP_Enter", "Down", "Escape"):
            return
        self._cancel_timer()
        self._timer = self.after(SEARCH_DELAY_MS, self.search_now)

    def _show(self, results: SearchResults) -> None:
        if results.query != self._asked or not self.winfo_exists():
            return  # an older search's answer
        self._shown = results.query
        say = texts()
        query = clean_snippet(results.query, 80)
        if results.failed:
            self._fill([], say("search.failed"))
        elif not results.hits:
            self._fill([], say("search.none", query=query))
        else:
            status = say("search.heading", query=query, count=len(results.hits))
            if len(results.hits) >= RESULTS:
                status += " " + say("search.more", count=len(results.hits))
            chosen = [(h.line.conversation, h.line.msgid or "", h.line.text) for h in results.hits]
            self._fill(chosen, status)
            for hit in results.hits:
                self.results.insert("end", row_text(hit.line))
            self.results.selection_set(0)
            self.results.activate(0)

    def _fill(self, chosen: list[tuple[str, str, str]], status: str) -> None:
        self._chosen = chosen
        self.results.delete(0, "end")
        self.status.configure(text=shown(status) if rtl() else status)

    def _to_results(self, _event: tk.Event) -> str:
        if self._chosen:
            self.results.focus_set()
            if not self.results.curselection():
                self.results.selection_set(0)
                self.results.activate(0)
        return "break"

    def _enter_in_entry(self, _event: tk.Event) -> str:
        if self._timer is not None or self._asked != self.query.get().strip():
            self.search_now()
        elif self._shown == self._asked and self._chosen:
            self._choose(self._selected_row())
        return "break"

    def _selected_row(self) -> int:
        selection = self.results.curselection()
        return int(selection[0]) if selection else 0

    def _choose_selected(self, _event: tk.Event) -> str:
        if self._chosen:
            self._choose(self._selected_row())
        return "break"

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self._chosen):
            conversation, msgid, text = self._chosen[row]
            self.withdraw()
            self._on_choose(conversation, msgid, text)
