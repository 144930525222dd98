"""Hand work from other threads to the Tk thread: a queue that the Tk loop drains with after().

Tk is not thread-safe: only the thread that created the interpreter may touch widgets (and
calling ``after`` from another thread is not safe either). Worker threads therefore only
``put`` on a :class:`queue.SimpleQueue`; an ``after`` timer on the Tk thread takes the items
off and runs them. This is the one path from the socket worker and from background jobs back
to the GUI, like Anki's ``taskman.run_on_main``.

Worker threads never even *hold* a Tk object: they get a :class:`Sender`, which knows only the
queue and a number, while the callable it stands for stays in a table on the Tk side. If a
worker thread dropped the last reference to a widget, Python would free the Tcl interpreter on
that thread, and Tcl aborts the process ("Tcl_AsyncDelete: async handler deleted by the
wrong thread", CPython gh-83274).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import threading
import tkinter as tk
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# Most items per tick, so a flood of lines cannot starve redrawing and input handling.
_BATCH = 200

_Item = tuple[int, tuple[Any, ...]]


class Sender:
    """A thread-safe stand-in for a Tk-side callable: calling it queues the call."""

    __slots__ = ("_queue", "_token")

    def __init__(self, items: queue.SimpleQueue[_Item], token: int) -> None:
        self._queue = items
        self._token = token

    def __call__(self, *args: Any) -> None:
        """Queue a call with ``args`` (plain data only: lines, reasons, results)."""
        self._queue.put((self._token, args))

    @property
    def token(self) -> int:
        """Which of the inbox's handlers the calls run."""
        return self._token


class Inbox:
    """Calls made from any thread through :meth:`sender`, run in order on the Tk thread."""

    def __init__(self, widget: tk.Misc, interval_ms: int = 30) -> None:
        self._widget = widget
        self._interval = interval_ms
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._handlers: dict[int, Callable[..., Any]] = {}
        self._tokens = itertools.count(1)
        self._timer: str | None = None
        self._closed = False

    def sender(self, function: Callable[..., Any], *, once: bool = False) -> Sender:
        """A callable for other threads; each call runs ``function(*args)`` on the Tk thread.

        With ``once`` the table entry is dropped after the first call (background jobs).
        Call this on the Tk thread.
        """
        token = next(self._tokens)
        self._handlers[token] = _once(self._handlers, token, function) if once else function
        return Sender(self._queue, token)

    def forget(self, sender: Sender) -> None:
        """Stop running calls made through ``sender`` (its connection was abandoned)."""
        self._handlers.pop(sender.token, None)

    def start(self) -> None:
        """Begin draining (call on the Tk thread)."""
        if self._timer is None and not self._closed:
            self._timer = self._widget.after(self._interval, self._drain)

    def close(self) -> None:
        """Stop draining; calls arriving afterwards are dropped."""
        self._closed = True
        self._handlers.clear()
        if self._timer is not None:
            with contextlib.suppress(tk.TclError):  # the widget may already be gone
                self._widget.after_cancel(self._timer)
            self._timer = None

    def _drain(self) -> None:
        self._timer = None
        if self._closed:
            return
        more = self._run_batch(limit=_BATCH)
        if self._closed:
            return
        try:
            self._timer = self._widget.after(1 if more else self._interval, self._drain)
        except tk.TclError:  # the application is being destroyed
            self._closed = True

    def _run_batch(self, limit: int) -> bool:
        """Run up to ``limit`` queued calls; returns whether more are waiting."""
        for _ in range(limit):
            try:
                token, args = self._queue.get_nowait()
            except queue.Empty:
                return False
            function = self._handlers.get(token)
            if function is None:
                continue
            try:
                function(*args)
            except Exception:  # an error in one call must not stop the GUI's inbox
                log.exception("error while handling %r on the Tk thread", function)
        return not self._queue.empty()


def _once(
    handlers: dict[int, Callable[..., Any]], token: int, function: Callable[..., Any]
) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        handlers.pop(token, None)
        return function(*args)

    return call


def run_in_background(
    inbox: Inbox,
    job: Callable[[], Any],
    done: Callable[[Any, BaseException | None], None],
    name: str = "gofto-background",
) -> threading.Thread:
    """Run ``job()`` on a daemon thread; ``done(result, error)`` is then called on the Tk thread.

    For work that may take a moment (starting or stopping the embedded server) and must not
    freeze the window. ``job`` must not hold Tk objects (see the module's docstring).
    """
    report = inbox.sender(done, once=True)

    def work() -> None:
        try:
            result = job()
        except Exception as error:  # handed to the Tk thread, which decides what to show
            report(None, error)
        else:
            report(result, None)

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread
