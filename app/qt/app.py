"""Start the Qt front end: one QApplication, one translator, then the start dialog or a chat.

``run(args)`` is what :mod:`app.launch` calls. Everything that builds windows happens in
:class:`Launcher`, which the tests drive without entering ``exec()``: ``launch(args)`` returns
it with the start dialog shown (or the connection under way for ``host``/``join``), and
``launcher.main_window`` appears once the controller has registered.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

from app import APP_NAME, DEFAULT_ROOM, __version__, collector
from app.client.address import AddressError, parse_address
from app.client.catalogue import refusal
from app.client.events import Joined
from app.client.trust import ClientTls
from app.errors import GoftoError
from app.irc import nick_problem
from app.qt.controller import ChatController
from app.qt.fonts import prefer_colour_emoji
from app.qt.guard import guarded
from app.qt.hosting import start_hosting
from app.qt.i18n import sentences
from app.qt.icons import app_icon
from app.qt.preferences import apply_at_start
from app.qt.qt import QApplication, QObject, Qt, QTimer, QWidget, Signal
from app.qt.settings import Mode, Settings
from app.qt.start_dialog import StartDialog

log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once with Gofto's names and icon."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("gofto")
    app.setWindowIcon(app_icon())
    prefer_colour_emoji()  # emoji in colour, not boxes (app.qt.fonts)
    return app


class Launcher(QObject):
    """Takes the user from the command line to a main window, through the dialog if needed."""

    main_window_opened = Signal(object)
    #: The person quit from the start dialog without opening a chat: time to leave.
    quit_requested = Signal()

    def __init__(self, args: argparse.Namespace, settings: Settings | None = None) -> None:
        super().__init__()
        self.args = args
        self.settings = settings if settings is not None else Settings()
        self.dialog: StartDialog | None = None
        self.controller: ChatController | None = None
        self.main_window: QWidget | None = None
        self.finished = False  # the user quit from the dialog

    # -- the two ways in --------------------------------------------------------------------
    def begin(self) -> None:
        """Show the dialog, or host/join straight away for ``gofto host``/``gofto join``."""
        command = getattr(self.args, "command", None)
        if command == "host":
            self._host_directly()
        elif command == "join":
            self._join_directly()
        else:
            self.show_dialog()

    def _nick(self) -> str:
        from app.client.nickname import default_nick

        fallback = sentences()("nick.default")
        return getattr(self.args, "nick", None) or self.settings.nick or default_nick(fallback)

    def _host_directly(self) -> None:
        args = self.args
        nick = self._nick()
        self.settings.mode = Mode.HOST
        self.settings.port = args.port if 1 <= args.port <= 65535 else self.settings.port
        problem = nick_problem(nick)
        if problem is not None:
            self.show_dialog(nick=nick, problem=refusal(problem.code, **problem.params))
            return
        try:
            controller = start_hosting(
                nick,
                args.port,
                password=args.password,
                room=args.room or DEFAULT_ROOM,
                tls_only=bool(getattr(args, "tls_only", False)),
            )
        except GoftoError as error:
            self.show_dialog(nick=nick, problem=error)
            return
        self._wait_for(controller)

    def _join_directly(self) -> None:
        args = self.args
        nick = self._nick()
        self.settings.mode = Mode.JOIN
        self.settings.address = args.address
        problem = nick_problem(nick)
        try:
            address = parse_address(args.address)
        except AddressError as error:
            self.show_dialog(nick=nick, problem=refusal(error.code, **error.params))
            return
        if problem is not None:
            self.show_dialog(nick=nick, problem=refusal(problem.code, **problem.params))
            return
        controller = ChatController(
            nick,
            address.host,
            address.port,
            password=args.password,
            room=address.room or DEFAULT_ROOM,
            # An invite link's fingerprint is pinned: only that certificate is accepted.
            tls=ClientTls(force=address.secure, pinned=address.fingerprint),
        )
        self._wait_for(controller)

    def _wait_for(self, controller: ChatController) -> None:
        controller.setParent(self)
        self.controller = controller
        controller.registered.connect(self._on_direct_registered)
        controller.failed.connect(self._on_direct_failed)
        controller.start()

    @guarded
    def _on_direct_registered(self) -> None:
        controller = self.controller
        if controller is None:
            return
        controller.registered.disconnect(self._on_direct_registered)
        controller.failed.disconnect(self._on_direct_failed)
        self.settings.nick = controller.session.nick
        self.open_main_window(controller)

    @guarded
    def _on_direct_failed(self, error: object) -> None:
        controller, self.controller = self.controller, None
        if controller is not None:
            nick = controller.session.nick
            controller.shutdown()
            controller.deleteLater()
        else:
            nick = self._nick()
        self.show_dialog(nick=nick, problem=error)

    # -- windows -----------------------------------------------------------------------------
    def show_dialog(self, *, nick: str | None = None, problem: object = None) -> StartDialog:
        """Open the start dialog, pre-filled, optionally saying why the last attempt failed."""
        if nick:
            self.settings.nick = nick
        dialog = StartDialog(self.settings)
        self.dialog = dialog
        dialog.started.connect(self.open_main_window)
        dialog.rejected.connect(self._on_dialog_rejected)
        if problem is not None:
            dialog.show_failure(problem)  # type: ignore[arg-type]
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    @guarded
    def _on_dialog_rejected(self) -> None:
        self.finished = True
        if self.main_window is None:
            self.quit_requested.emit()

    @guarded
    def open_main_window(self, controller: ChatController) -> None:
        """The chat is on: show the main window for ``controller``."""
        controller.setParent(self)
        self.controller = controller
        from app.qt.main_window import MainWindow

        window = MainWindow(controller)
        self.main_window = window
        controller.event.connect(self._on_event)
        window.show()
        window.raise_()
        window.activateWindow()
        self._focus_input()
        collector.settle()  # start-up's objects out of the collector's way (once)
        self.main_window_opened.emit(window)

    @guarded
    def _on_event(self, event: object) -> None:
        if isinstance(event, Joined) and event.is_self:
            # After the MainWindow has made the room's tab current (it reacts to the same event).
            QTimer.singleShot(0, self._focus_input)

    @guarded
    def _focus_input(self) -> None:
        """Put the cursor where people type: the visible ``messageInput`` of the current tab."""
        window = self.main_window
        if window is None:
            return
        for widget in window.findChildren(QWidget, "messageInput"):
            if widget.isVisibleTo(window) and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def shutdown(self) -> None:
        """Leave the chat and stop hosting (called when the application quits)."""
        if self.controller is not None:
            self.controller.shutdown()


def launch(args: argparse.Namespace, *, settings: Settings | None = None) -> Launcher:
    """Build the first window for ``args`` without entering the event loop (tests use this)."""
    launcher = Launcher(args, settings)
    launcher.begin()
    return launcher


def run(args: argparse.Namespace) -> int:
    """The Qt front end's main: returns the process exit status."""
    app = application()
    # The language and theme chosen in the settings (the environment's language by default).
    translation = apply_at_start(app)
    launcher = Launcher(args)
    launcher.quit_requested.connect(app.quit, Qt.ConnectionType.QueuedConnection)
    app.aboutToQuit.connect(launcher.shutdown)
    wakeup = _quit_on_signals(app)
    launcher.begin()
    if launcher.finished:
        return 0
    status = app.exec()
    launcher.shutdown()
    del translation, wakeup
    return int(status)


def _quit_on_signals(app: QApplication) -> QTimer:
    """Quit cleanly on Ctrl+C or SIGTERM, so a hosted chat tells its guests it is closing.

    ``exit()``, not ``quit()``: since Qt 6 ``quit()`` asks the windows first, and the main window
    of a host asks the person before closing, which nobody at a terminal can answer.

    Python only runs signal handlers between bytecodes, never while Qt's C++ loop waits, so a
    cheap timer wakes the interpreter twice a second to let them run.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda signum, _frame: app.exit(128 + signum))
    timer = QTimer(app)
    timer.start(500)
    timer.timeout.connect(lambda: None)
    return timer


def platform_problem() -> str | None:
    """Why Qt cannot open a window here, or ``None``; found without risking this process.

    When the platform plugin cannot start (no X server behind ``DISPLAY``, a missing
    ``libxcb-cursor0``), Qt calls ``qFatal`` and the process aborts with a core dump; nothing
    in Python can catch that. So on Linux we try in a forked child first (cheap: PySide6 is
    already imported and no QApplication exists yet) and fall back to tkinter if it dies.
    """
    if sys.platform != "linux" or QApplication.instance() is not None:
        return None
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return None
    pid = os.fork()
    if pid == 0:  # the child: try, and report with the exit status only
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # Qt's own diagnostics would confuse the user here
            from PySide6.QtGui import QGuiApplication

            QGuiApplication(sys.argv[:1])
            code = 0
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        return None
    return "Qt could not open a window on this display (its platform plugin failed to start)"
