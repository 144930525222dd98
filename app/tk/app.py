"""Entry point of the tkinter front end: ``run(args)`` from :mod:`app.launch`.

``gofto --tk`` opens the start dialog; ``gofto --tk host …`` and ``gofto --tk join HOST…``
open the main window straight away and connect (retrying, like a window opened from the
dialog that later loses its connection). One hidden Tk root owns every window, so closing
the last one ends the program.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from app import APP_NAME, DEFAULT_PORT, DEFAULT_ROOM
from app.client.address import AddressError, parse_address
from app.client.catalogue import texts_for
from app.i18n import language_from_env
from app.irc.names import nick_problem
from app.tk import i18n
from app.tk.launch_flow import Launch, StartRequest
from app.tk.main_window import MainWindow, ask_to_close_host
from app.tk.start_dialog import StartDialog

log = logging.getLogger(__name__)


class TkApp:
    """The windows of one Tk program and how they hand over to each other."""

    def __init__(
        self,
        root: tk.Tk,
        *,
        confirm_close: Callable[[tk.Misc], bool] = ask_to_close_host,
    ) -> None:
        self.root = root
        self.dialog: StartDialog | None = None
        self.window: MainWindow | None = None
        self.launch: Launch | None = None
        self._confirm_close = confirm_close
        self.finished = False

    def show_start_dialog(self, nick: str, port: int = DEFAULT_PORT) -> StartDialog:
        """Open the start dialog; the main window replaces it once the room is joined."""
        self.dialog = StartDialog(
            self.root, nick=nick, port=port, on_ready=self._dialog_ready, on_cancel=self.quit
        )
        return self.dialog

    def open_direct(self, request: StartRequest) -> MainWindow:
        """Open the main window now and host/join in it (the ``host``/``join`` commands)."""
        window = self._new_window(request.room)

        def connection_made(launch: Launch) -> None:
            assert launch.connection is not None
            window.attach(launch.connection, launch.hosted)

        self.launch = Launch(
            self.root,
            request,
            retry=True,
            on_progress=window.set_status,
            on_connection=connection_made,
            on_ready=lambda launch: launch.release(),
            on_failed=window.launch_failed,
        )
        self.launch.start()
        return window

    def _new_window(self, room: str) -> MainWindow:
        self.window = MainWindow(
            self.root, room=room, on_closed=self.quit, confirm_close=self._confirm_close
        )
        return self.window

    def _dialog_ready(self, launch: Launch) -> None:
        assert launch.connection is not None
        if self.dialog is not None:
            self.dialog.destroy()
            self.dialog = None
        window = self._new_window(launch.request.room)
        window.attach(launch.connection, launch.hosted)
        window.replay(launch.backlog)

    def quit(self) -> None:
        """Every window is closed: end the Tk main loop."""
        if self.finished:
            return
        self.finished = True
        self.root.after_idle(self.root.destroy)

    def shutdown(self) -> None:
        """Stop whatever still runs (tests and abnormal exits); safe to call twice.

        A server we host is stopped before this returns (the window stops it on a helper
        thread, which an exiting process would not wait for): guests get their closing notice
        and the LAN announcement its goodbye records, also after Ctrl-C or SIGTERM."""
        if self.launch is not None and self.window is None:
            self.launch.cancel()
        if self.window is not None and not self.finished:
            hosted = self.window.hosted
            self.window.close()
            if hosted is not None:
                hosted.stop()  # waits for the window's own stop if that began first


def request_from_args(args: argparse.Namespace, nick: str) -> StartRequest:
    """The :class:`StartRequest` for ``host``/``join``; raises AddressError for a bad address."""
    if args.command == "host":
        return StartRequest(
            "host",
            nick,
            args.port,
            password=args.password or None,
            room=getattr(args, "room", None) or DEFAULT_ROOM,
            tls_only=bool(getattr(args, "tls_only", False)),
        )
    address = parse_address(args.address)
    return StartRequest(
        "join",
        nick,
        address.port,
        host=address.host,
        password=args.password or None,
        room=address.room or DEFAULT_ROOM,
        fingerprint=address.fingerprint,
    )


def make_root() -> tk.Tk:
    """The hidden root window every Gofto window belongs to."""
    root = tk.Tk(className=APP_NAME)
    root.withdraw()
    root.title(APP_NAME)
    style = ttk.Style(root)
    if "clam" in style.theme_names():
        style.theme_use("clam")
    root.report_callback_exception = _report_callback_exception  # type: ignore[method-assign]
    return root


def _report_callback_exception(exc: type[BaseException], value: BaseException, tb: object) -> None:
    """Tk's last line of defence: log instead of printing and carrying on half-broken."""
    log.error("unhandled error in a Tk callback", exc_info=(exc, value, tb))  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    """Run the Tk front end until its last window closes; returns the exit status."""
    from app.client.nickname import default_nick

    language = language_from_env()
    texts = texts_for(language)
    nick = getattr(args, "nick", None) or default_nick(texts("nick.default"))
    command = getattr(args, "command", None)
    request = None
    if command in ("host", "join"):
        problem = nick_problem(nick)
        if problem is not None:
            print(texts.say(problem), file=sys.stderr)
            return 2
        try:
            request = request_from_args(args, nick)
        except AddressError as error:
            print(texts.error(error), file=sys.stderr)
            return 2
    try:
        root = make_root()
    except tk.TclError as error:
        print(f"{APP_NAME} cannot open a window here ({error}).", file=sys.stderr)
        return 2
    i18n.install(language)  # before any window: widgets read their texts once
    app = TkApp(root)
    if request is None:
        app.show_start_dialog(nick)
    else:
        app.open_direct(request)
    # SIGTERM ends the loop like closing the window (Ctrl-C raises KeyboardInterrupt out of
    # it); either way shutdown() stops a hosted chat cleanly.
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: root.quit())
    try:
        root.mainloop()
    except KeyboardInterrupt:
        pass
    finally:
        app.shutdown()
        signal.signal(signal.SIGTERM, previous)
    return 0
