"""Taking the keyboard focus when a window first appears.

Why: without a window manager (a kiosk, Xvfb) or with one that does not focus new windows, a
Tk window that only calls ``focus_set`` never receives a keystroke: X delivers them to the
window under the pointer or to the one focused before. Qt's first window takes the X focus
when shown; ours do the same, once, when they first appear: the person who just started Gofto
(or pressed Join) types into it at once.
"""

from __future__ import annotations

import contextlib
import tkinter as tk


def focus_when_shown(window: tk.Misc, widget: tk.Misc) -> None:
    """Give ``widget`` the keyboard focus now if ``window`` is on screen, else when it is.

    ``focus_force`` on a window that is not yet mapped does nothing, so until then this waits
    for ``window``'s ``<Map>``.
    """
    with contextlib.suppress(tk.TclError):  # the window was closed in the meantime
        widget.focus_set()
        if widget.winfo_viewable():
            widget.focus_force()
            return

        def mapped(_event: tk.Event) -> None:
            window.unbind("<Map>", binding)
            window.after_idle(focus_when_shown, window, widget)

        binding = window.bind("<Map>", mapped, add="+")
