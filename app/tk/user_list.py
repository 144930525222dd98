"""The sidebar list of people in the shown channel (``userList``).

It shows what :meth:`Session.members` returns: status prefixes, the nick (shaped for display
when it is Persian), and markers for yourself and for people who are away. The nicks behind
the rows are kept in :attr:`UserList.nicks`, so actions use the real names, never the shaped
display strings.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk
from typing import TYPE_CHECKING

from app.client.presentation.text import name
from app.tk.bidi_text import display_text
from app.tk.i18n import embedded, rtl, shaped, start_side, texts, translate

if TYPE_CHECKING:
    from app.client.session import Member


def member_label(member: Member) -> str:
    """How one member is written in the list, e.g. ``@ali (you)`` or ``sara (away)``."""
    notes = ""
    if member.is_self:
        notes += " " + translate("UserList", "(you)")
    if member.away:
        notes += " " + translate("TkUserList", "(away)")
    nick = name(member.nick)  # a nickname from the network: cleaned, bounded, no bidi controls
    if rtl():  # a right-to-left interface: the whole line is one right-to-left paragraph
        return display_text(embedded(member.prefixes + nick) + notes, rtl=True)
    return member.prefixes + display_text(nick) + notes


class UserList(ttk.Frame):
    """A heading, the ``userList`` Listbox and its context menu.

    ``on_open_private(nick)`` opens a private conversation; ``on_mention(nick)`` puts the
    name into the message being typed.
    """

    def __init__(
        self,
        master: tk.Misc,
        *,
        on_open_private: Callable[[str], None],
        on_mention: Callable[[str], None],
    ) -> None:
        super().__init__(master, name="sidebar")
        self.nicks: list[str] = []
        self.members: list[Member] = []
        self._on_open_private = on_open_private
        self._on_mention = on_mention
        people = shaped(translate("TkUserList", "People"))
        self.heading = ttk.Label(self, name="userHeading", text=people)
        self.heading.grid(row=0, column=0, columnspan=2, sticky=start_side())
        self.listbox = tk.Listbox(
            self,
            name="userList",
            width=22,
            activestyle="none",
            exportselection=False,
            justify="right" if rtl() else "left",
        )
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.listbox.yview)
        self.listbox.configure(yscrollcommand=scroll.set)
        self._normal_foreground: str | None = None
        self.listbox.grid(row=1, column=0, sticky="nsew")
        scroll.grid(row=1, column=1, sticky="ns")
        self.rowconfigure(1, weight=1)
        self.columnconfigure(0, weight=1)
        self.menu = tk.Menu(self, name="userMenu", tearoff=False)
        self.listbox.bind("<Double-Button-1>", self._double_click)
        self.listbox.bind("<Return>", self._activate)
        self.listbox.bind("<FocusIn>", self._focused)
        self.listbox.bind("<Button-3>", self._context_menu)

    def show(self, channel: str, members: Sequence[Member]) -> None:
        """Replace the rows with ``members`` of ``channel``, keeping the selected nick."""
        selected = self.selected_nick()
        self.members = list(members)
        self.nicks = [member.nick for member in members]
        count = texts().number(len(members))  # Persian digits in Persian
        people = shaped(translate("TkUserList", "People ({count})"), count=count)
        self.heading.configure(text=people)
        self.listbox.delete(0, "end")
        for index, member in enumerate(members):
            self.listbox.insert("end", member_label(member))
            if member.is_self:
                self.listbox.itemconfigure(index, foreground="#2e7d32")
            elif member.away:
                self.listbox.itemconfigure(index, foreground="#8a8a8a")
        if selected in self.nicks:
            self.listbox.selection_set(self.nicks.index(selected))

    def set_offline(self, offline: bool) -> None:
        """Grey the list while the connection is down (it shows who was there)."""
        if self._normal_foreground is None:
            self._normal_foreground = str(self.listbox.cget("foreground"))
        self.listbox.configure(foreground="#9a9a9a" if offline else self._normal_foreground)

    def selected_nick(self) -> str | None:
        """The nick of the selected row, or ``None``."""
        selection = self.listbox.curselection()
        if not selection or selection[0] >= len(self.nicks):
            return None
        return self.nicks[selection[0]]

    def _member_at(self, index: int) -> Member | None:
        return self.members[index] if 0 <= index < len(self.members) else None

    def _double_click(self, event: tk.Event) -> str:
        member = self._member_at(self.listbox.nearest(event.y))
        if member is not None and not member.is_self:
            self._on_open_private(member.nick)
        return "break"

    def _focused(self, _event: tk.Event | None = None) -> None:
        """Reached by Tab with nothing selected: select the first row (the rows have no
        other cursor to show), so the arrows start there and Enter opens what is shown."""
        if self.nicks and not self.listbox.curselection():
            self.listbox.selection_set(0)
            self.listbox.activate(0)

    def _activate(self, _event: tk.Event | None = None) -> str:
        selection = self.listbox.curselection()
        member = self._member_at(selection[0]) if selection else None
        if member is not None and not member.is_self:
            self._on_open_private(member.nick)
        return "break"

    def build_menu(self, member: Member) -> tk.Menu:
        """Fill the context menu for ``member`` (also used by tests, which cannot grab)."""
        self.menu.delete(0, "end")
        self.menu.add_command(
            label=shaped(
                translate("TkUserList", "Private conversation with {nick}"), nick=member.nick
            ),
            command=lambda: self._on_open_private(member.nick),
            state="disabled" if member.is_self else "normal",
        )
        self.menu.add_command(
            label=shaped(translate("TkUserList", "Mention {nick} in my message"), nick=member.nick),
            command=lambda: self._on_mention(member.nick),
        )
        return self.menu

    def _context_menu(self, event: tk.Event) -> str:
        index = self.listbox.nearest(event.y)
        member = self._member_at(index)
        if member is None:
            return "break"
        self.listbox.selection_clear(0, "end")
        self.listbox.selection_set(index)
        menu = self.build_menu(member)
        try:
            menu.tk_popup(event.x_root, event.y_root)
        finally:
            menu.grab_release()
        return "break"
