"""The tkinter start dialog's discovery side, run inside a network namespace by
tests/discovery/test_gui.py (``python -m tests.discovery.tk_agent LANG``): waits for a chat in
``discoveredList``, prints the rows as JSON, presses Enter in the list (when asked for the
room password, prints ``asked SENTENCE``, types PASSWORD and presses Enter again) and prints
``joined HOW`` (how the trust store now trusts the host) or ``failed SENTENCE``."""

from __future__ import annotations

import json
import sys


def main(language: str, password: str = "") -> int:
    from app.client.address import parse_address
    from app.client.trust import TrustStore
    from app.tk import i18n
    from app.tk.app import make_root
    from app.tk.start_dialog import StartDialog

    i18n.install(language)
    root = make_root()
    listed: list[bool] = []

    def ready(launch: object) -> None:
        address = parse_address(dialog.address.get())
        entry = TrustStore().entry(address.host, address.port)
        print(f"joined {entry[1] if entry else None}", flush=True)
        launch.cancel()  # type: ignore[attr-defined]
        root.quit()

    dialog = StartDialog(root, nick="Ali", on_ready=ready, on_cancel=root.quit)
    dialog.mode.set("join")

    def answer() -> None:
        if dialog.launch is None and dialog.focus_get() is dialog.password_edit:
            print(f"asked {dialog.problem_label.cget('text')}", flush=True)
            dialog.password.set(password)
            dialog.password_edit.event_generate("<Return>", when="tail")

    def poll() -> None:
        box = dialog.discovered_list
        if not listed and box.size():
            listed.append(True)
            print(json.dumps(list(box.get(0, "end")), ensure_ascii=False), flush=True)
            box.selection_set(0)
            box.focus_force()
            box.update()
            box.event_generate("<Return>", when="tail")
            root.after(300, answer)
        error = dialog.error_label.cget("text")
        if error:
            print(f"failed {error}", flush=True)
            root.quit()
            return
        root.after(200, poll)

    root.after(200, poll)
    root.after(25000, root.quit)
    root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
