"""Sharing files in the Tk window: ``Send file…`` and ``Save…`` on received file links.

Dialogs run on the Tk thread; transfers run on worker threads (:mod:`app.client.files`) and
report back through the window's :class:`~app.tk.inbox.Inbox`, so the Tk loop never waits on
the network. A link in a message is a *file link* only when it points into the store of the
host this window is connected to (the ``draft/FILEHOST`` address); it is then underlined, and
right-click (or the menu's ``Save file…``, which takes the conversation's latest one) saves
it. Pictures are shown as links too: Tk gets no thumbnails. Other links stay plain text and
are never fetched.
"""

from __future__ import annotations

import logging
import re
import threading
import tkinter as tk
from collections.abc import Callable
from pathlib import Path
from tkinter import filedialog
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.client import events as ev
from app.client.catalogue import Sentence
from app.client.files import FileSharing, FileTransferError, download, is_host_file
from app.client.http_pool import ConnectionPool
from app.errors import CertificateChanged
from app.tk.i18n import error_text, said, translate

if TYPE_CHECKING:
    from app.client.session import Session
    from app.tk.conversation import ConversationView, Line
    from app.tk.inbox import Inbox

log = logging.getLogger(__name__)

_LINK = re.compile(r"https://\S+")
FILE_LINK_TAG = "filelink"
#: The tags a message's text runs are drawn with (app.tk.conversation).
_BODY_TAGS = frozenset({"body", "earlier", "pending"})

AskOpen = Callable[[tk.Misc], str]
AskSave = Callable[[tk.Misc, str], str]


def ask_open(parent: tk.Misc) -> str:
    """The real ``Send file…`` dialog (tests pass their own)."""
    title = translate("TkFiles", "Send file")
    return filedialog.askopenfilename(parent=parent, title=f"{title} — Gofto") or ""


def ask_save(parent: tk.Misc, name: str) -> str:
    """The real ``Save…`` dialog, offering ``name`` (tests pass their own)."""
    title = translate("TkFiles", "Save file")
    return (
        filedialog.asksaveasfilename(parent=parent, title=f"{title} — Gofto", initialfile=name)
        or ""
    )


class TkFiles:
    """The window's file sharing. ``say(conversation, text, error)`` shows a line;
    ``current()`` is the conversation in front; ``pinned()`` the connection's fingerprint."""

    def __init__(
        self,
        window: tk.Misc,
        inbox: Inbox,
        session: Callable[[], Session | None],
        *,
        current: Callable[[], str],
        pinned: Callable[[], str | None],
        say: Callable[[str | None, str, bool], None],
        ask_open: AskOpen = ask_open,
        ask_save: AskSave = ask_save,
    ) -> None:
        self._window = window
        self._inbox = inbox
        self._session = session
        self._current = current
        self._pinned = pinned
        self._say = say
        self.ask_open = ask_open
        self.ask_save = ask_save
        self._sharing: FileSharing | None = None
        self._latest: dict[int, str] = {}  # id(view) → its newest file link
        self._run_here = inbox.sender(lambda call: call())

    def attach(self, session: Session) -> FileSharing:
        """Share through ``session`` from now on; returns the listener to add to it."""
        self.close()
        self._sharing = FileSharing(
            session,
            post=self._run_here,
            pinned=self._pinned,
            report=lambda sentence, is_error: self._say(None, said(sentence), is_error),
        )
        return self._sharing

    def close(self) -> None:
        """Close the session's kept connections to the host (the session ended)."""
        if self._sharing is not None:
            self._sharing.close()

    def on_event(self, event: ev.Event) -> None:
        """``/send PATH`` and the token replies (on the Tk thread)."""
        if isinstance(event, ev.SendFileRequested):
            self.send(event.conversation, Path(event.path).expanduser())
        elif self._sharing is not None:
            self._sharing.on_event(event)

    # -- sending ------------------------------------------------------------------------------
    def choose_and_send(self) -> None:
        """The menu's ``Send file…``: pick a file, share it in the conversation in front."""
        session = self._session()
        if session is None or self._sharing is None or not session.filehost:
            self._say(None, said(Sentence("file.no_filehost")), True)
            return
        conversation = self._current()
        path = self.ask_open(self._window)
        if path:
            self.send(conversation, Path(path))

    def send(self, conversation: str, path: Path) -> None:
        """Share ``path`` in ``conversation``."""
        if self._sharing is not None:
            self._sharing.send(conversation, path)  # it says "Sending …" or why not

    # -- received links -----------------------------------------------------------------------
    def links(self, text: str) -> list[str]:
        """The host's file links in a message's text."""
        session = self._session()
        filehost = session.filehost if session is not None else None
        return [url for url in _LINK.findall(text) if is_host_file(url, filehost)]

    def message_shown(self, view: ConversationView, line: Line, text: str) -> None:
        """Underline the host's file links in a message just shown and offer ``Save…``."""
        found = self.links(text)
        if not found:
            return
        self._latest[id(view)] = found[-1]
        widget = view.view
        ranges = widget.tag_ranges(line.tag)
        if not ranges:
            return
        # The link's own run carries the link tags: in the line's parts, so a repaint (a
        # right-to-left window re-wraps on resize) keeps them, and on screen now. When the
        # link is not a run of its own, the message's text runs stand for its last link.
        tag = f"{FILE_LINK_TAG}-{line.tag}"
        runs = [i for i, (piece, _tags) in enumerate(line.parts) if piece in found]
        if not runs:
            runs = [i for i, (_piece, tags) in enumerate(line.parts) if _BODY_TAGS & set(tags)]
        missed = False
        for index in runs:
            piece, tags = line.parts[index]
            line.parts[index] = (piece, (*tags, FILE_LINK_TAG, tag))
            start = widget.search(piece, ranges[0], stopindex=ranges[-1]) if piece else ""
            if start:
                widget.tag_add(FILE_LINK_TAG, start, f"{start} + {len(piece)}c")
                widget.tag_add(tag, start, f"{start} + {len(piece)}c")
            else:
                missed = True  # laid out in other pieces (a wrapped right-to-left row)
        if missed:
            view.relayout()  # paints the line again from its parts, link tags included
        url = found[-1]
        widget.tag_bind(tag, "<Button-3>", lambda e: self._menu(e, url))
        widget.tag_bind(tag, "<Double-Button-1>", lambda _e: self.save(url))
        widget.tag_configure(FILE_LINK_TAG, underline=True, foreground="#1f5fa8")

    def latest(self, view: ConversationView) -> str | None:
        """The newest file link shown in ``view``."""
        return self._latest.get(id(view))

    def _menu(self, event: tk.Event, url: str) -> None:
        menu = tk.Menu(self._window, tearoff=False, name="fileLinkMenu")
        menu.add_command(label=translate("TkFiles", "Save…"), command=lambda: self.save(url))
        try:
            menu.tk_popup(event.x_root, event.y_root)
        finally:
            menu.grab_release()

    def save(self, url: str, conversation: str | None = None) -> None:
        """Ask where, then download ``url`` there on a worker thread."""
        name = urlsplit(url).path.rsplit("/", 1)[-1] or "file"
        chosen = self.ask_save(self._window, name)
        if not chosen:
            return
        target = Path(chosen)
        self._say(conversation, said(Sentence("file.saving", {"name": target.name})), False)
        done = self._inbox.sender(lambda saved, error: self._saved(conversation, saved, error))
        pool = self._sharing.pool if self._sharing is not None else None
        worker = threading.Thread(
            target=_download, args=(url, target, self._pinned(), pool, done), daemon=True
        )
        worker.start()

    def _saved(self, conversation: str | None, saved: str, error: BaseException | None) -> None:
        if error is not None:
            self._say(conversation, error_text(error), True)
            return
        self._say(conversation, said(Sentence("file.saved", {"name": saved})), False)


def _download(
    url: str,
    target: Path,
    pinned: str | None,
    pool: ConnectionPool | None,
    done: Callable[[str, BaseException | None], None],
) -> None:
    """On a worker thread: the download (on a kept connection of ``pool``; it lets at most
    a few run at once to one host, the others wait), then ``done(saved_path, error)`` (plain
    data: the error is a GoftoError, which names its sentence)."""
    try:
        saved = download(url, target.parent, pinned, name=target.name, pool=pool)
    except (FileTransferError, CertificateChanged) as exc:
        done("", exc)
        return
    except Exception as exc:
        log.exception("downloading %s", url)
        done("", FileTransferError("file.save_failed", reason=str(exc)))
        return
    done(str(saved), None)
