"""The Qt app's discovery side, run *inside* a network namespace by tests/discovery/test_gui.py
(``python -m tests.discovery.gui_agent``): Xvfb is reached through its socket file.

- ``host LANG OUT.png NICK [PASSWORD]``: hosts as the start dialog does (announcing), opens the
  main window, saves it (the banner with its QR code) to OUT.png, prints ``hosting PORT``, stays
  until stdin closes.
- ``guest LANG OUT.png [PASSWORD]``: opens the start dialog on its Join page, waits for a chat
  in ``discoveredList``, prints its rows as JSON, saves the dialog to OUT.png, presses Enter in
  the list; when the dialog asks for the room password (``asked`` is printed), types PASSWORD
  and presses Enter again; prints ``joined HOW`` (the Security's ``how``) or ``failed SENTENCE``.
"""

from __future__ import annotations

import json
import sys
import tempfile

from app.qt import i18n
from app.qt.qt import QApplication, QEvent, QKeyEvent, QSettings, Qt, QTimer


def _app(language: str) -> tuple[QApplication, object]:
    app = QApplication.instance() or QApplication(["gofto-test"])
    translation = i18n.install(language)
    return app, translation


def _settings() -> object:
    from app.qt.settings import Settings

    folder = tempfile.mkdtemp(prefix="gofto-settings-")
    return Settings(QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat))


def host(language: str, out: str, nick: str, password: str = "") -> int:
    app, _translation = _app(language)
    from app.qt.hosting import start_hosting
    from app.qt.main_window import MainWindow

    controller = start_hosting(nick, 0, password=password or None)
    window = MainWindow(controller, ask_before_closing=False)
    window.resize(900, 560)

    def registered() -> None:
        window.show()
        QTimer.singleShot(400, shot)

    def shot() -> None:
        window.grab().save(out)
        print(f"hosting {controller.hosted.port}", flush=True)

    controller.registered.connect(registered)
    controller.start()
    QApplication.instance().processEvents()
    stdin = QTimer()
    stdin.setInterval(200)

    def check_stdin() -> None:
        import select

        ready, _, _ = select.select([sys.stdin], [], [], 0)
        if ready and not sys.stdin.readline():
            window.close()
            app.quit()

    stdin.timeout.connect(check_stdin)
    stdin.start()
    app.exec()
    controller.shutdown()
    return 0


def guest(language: str, out: str, password: str = "") -> int:
    app, _translation = _app(language)
    from app.qt.settings import Mode
    from app.qt.start_dialog import StartDialog

    settings = _settings()
    settings.nick = "Ali" if language == "en" else "علی"
    settings.mode = Mode.JOIN
    dialog = StartDialog(settings)
    dialog.resize(520, dialog.sizeHint().height())
    dialog.show()
    outcome: list[str] = []

    def listed() -> None:
        chats = dialog.discovered_list.chats()
        # Wait for the host itself to be counted (n is refreshed every few seconds).
        if not chats or not chats[0].record.people or outcome:
            return
        items = [dialog.discovered_list.item(i) for i in range(dialog.discovered_list.count())]
        rows = [{"text": item.text(), "locked": not item.icon().isNull()} for item in items]
        print(json.dumps(rows, ensure_ascii=False), flush=True)
        outcome.append("listed")
        dialog.discovered_list.setCurrentRow(0)
        dialog.discovered_list.setFocus()
        QTimer.singleShot(300, press_enter)

    def enter(widget: object) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(widget, event)

    def press_enter() -> None:
        dialog.layout().activate()
        dialog.grab().save(out)
        enter(dialog.discovered_list)
        if not dialog.busy and dialog.focusWidget() is dialog.password_edit:
            print(f"asked {dialog.error_text()}", flush=True)
            outcome.append("asked")
            dialog.password_edit.setText(password)
            enter(dialog.password_edit)

    def started(controller: object) -> None:
        print(f"joined {controller.security.how}", flush=True)
        controller.shutdown()
        app.quit()

    def failed_text() -> None:
        failure = dialog.problem_label.property("failure")
        if failure and outcome[-1] == "listed" and not dialog.busy:
            print(f"failed {dialog.error_text()}", flush=True)
            app.quit()

    dialog.discovered.changed.connect(lambda: QTimer.singleShot(0, listed))
    dialog.started.connect(started)
    poll = QTimer()
    poll.setInterval(200)
    poll.timeout.connect(failed_text)
    poll.start()
    QTimer.singleShot(25000, app.quit)
    app.exec()
    dialog.discovered.stop()
    return 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    sys.exit(host(*rest) if command == "host" else guest(*rest))
