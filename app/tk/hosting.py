"""Start and stop the embedded chat server without freezing the window.

The server is the toolkit-free :class:`~app.server.hosting.HostedServer` that the Qt app hosts
with too. The Tk app only talks to it over the socket, like any other client; these helpers run
its ``start()``/``stop()`` on a background thread (through
:func:`app.tk.inbox.run_in_background`) and report back on the Tk thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.errors import GoftoError
from app.tk.i18n import error_text, translate
from app.tk.inbox import Inbox, run_in_background

if TYPE_CHECKING:
    from app.server.hosting import HostedServer

log = logging.getLogger(__name__)


def start_server(
    inbox: Inbox,
    hosted: HostedServer,
    done: Callable[[str | None], None],
) -> None:
    """Start ``hosted`` in the background; ``done(problem)`` runs on the Tk thread after.

    ``problem`` is ``None`` when the server listens, else the sentence to show (the
    :class:`~app.errors.GoftoError` that ``HostedServer.start`` raises says what to do).
    """

    def finished(_result: object, error: BaseException | None) -> None:
        if error is None:
            done(None)
        elif isinstance(error, GoftoError):
            done(error_text(error))
        else:  # a bug, not something the person can act on: still say that hosting failed
            log.error("hosting failed", exc_info=error)
            failed = translate(
                "TkLaunch", "The chat could not start on port {port} ({error}); try another port."
            )
            done(failed.format(port=hosted.port, error=error))

    run_in_background(inbox, hosted.start, finished, name="gofto-host-start")


def stop_server(
    inbox: Inbox,
    hosted: HostedServer,
    done: Callable[[object, BaseException | None], None] | None = None,
) -> None:
    """Stop ``hosted`` in the background (it says goodbye to everyone); ``done`` runs after."""
    run_in_background(
        inbox,
        hosted.stop,
        done or (lambda _result, _error: None),
        name="gofto-host-stop",
    )
