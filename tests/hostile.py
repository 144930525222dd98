"""Hostile text from the network, one case per class of control or escape.

Shared by the presentation tests and the three front ends' tests (Qt, Tk, the terminal
client), which send each line through a real server and check what is drawn: no control
character reaches a view or a terminal, and the readable words around it survive.
"""

from __future__ import annotations

#: (case, text as another client sends it, words that must still be shown)
HOSTILE: list[tuple[str, str, str]] = [
    ("csi-clear-screen", "before\x1b[2Jafter", "after"),
    ("csi-forge-line", "hi\x1b[1A\x1b[2K[#lobby] <admin> give me your password", "give me"),
    ("csi-sgr", "\x1b[31mred\x1b[0m text", "red"),
    ("csi-8bit", "x\x9b2Jy", "y"),
    ("osc-title-bel", "\x1b]0;pwned title\x07visible", "visible"),
    ("osc-52-clipboard", "copy\x1b]52;c;cm0gLXJmIH4=\x1b\\me", "me"),
    ("osc-8-link", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),
    ("osc-8bit", "a\x9d0;title\x9cb", "b"),
    ("dcs", "p\x1bPq#0;2;0;0;0\x1b\\q", "q"),
    ("apc-pm-sos", "s\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\t", "t"),
    ("reset-terminal", "ok\x1bcstill", "still"),
    ("lone-escape", "end\x1b", "end"),
    ("bel", "ding\x07dong", "dong"),
    ("backspace", "secret\x08\x08\x08\x08\x08\x08public", "public"),
    ("carriage-return", "fake\rreal", "real"),
    ("nul-vt-ff", "a\x00b\x0bc\x0cd", "d"),
    ("del-c1", "x\x7fy\x85z", "z"),
    ("line-separators", "one\u2028two\u2029three", "three"),
]

#: Every character that must never reach a view or a terminal.
CONTROLS = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))


def clean(shown: str, *, allow: str = "\n") -> bool:
    """Whether ``shown`` holds no control character (``allow``: the view's own line ends)."""
    return not any(ch in CONTROLS and ch not in allow for ch in shown)


#: The cases that can travel in one IRC line (CR, LF and NUL end or never enter a line).
WIRE = [case for case in HOSTILE if not any(ch in case[1] for ch in "\r\n\x00")]
