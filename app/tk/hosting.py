"""Start and stop the embedded chat server without freezing the window.

The Tk app only talks to its own server over the socket, like any other client; these helpers
run ``ChatServer.start()``/``stop()`` on a background thread (through
:func:`app.tk.inbox.run_in_background`) and turn failures into sentences a person can act on.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.errors import AddressInUse, GoftoError
from app.tk.inbox import Inbox, run_in_background

if TYPE_CHECKING:
    from app.server.server import ChatServer

LISTEN_ON = "0.0.0.0"  # hosting means others on the network can join
STOP_REASON = "The host closed the chat"


def problem_sentence(error: BaseException, port: int) -> str:
    """What to tell the user when hosting on ``port`` failed with ``error``."""
    if isinstance(error, GoftoError):
        return str(error)
    if isinstance(error, OSError):
        if error.errno == errno.EADDRINUSE:
            return str(AddressInUse(port))
        if error.errno == errno.EACCES:
            return f"This computer does not let Gofto use port {port}; choose a port above 1024."
        detail = error.strerror or error
        return f"The chat could not start on port {port} ({detail}); try another port."
    return f"The chat could not start on port {port} ({error}); try another port."


def start_server(
    inbox: Inbox,
    *,
    port: int,
    password: str | None,
    room: str | None,
    done: Callable[[ChatServer | None, BaseException | None], None],
    operator_password: str | None = None,
    tls_only: bool = False,
) -> None:
    """Start a ChatServer on ``0.0.0.0:port`` in the background; ``done(server, error)`` after.

    ``operator_password`` is the host's secret (like Qt's ``HostedServer.host_secret``): the
    host's own window presents it with ``OPER`` and so is operator of the room even when a
    guest arrives first. ``tls_only`` turns plain-text IRC programs away.
    """

    def job() -> ChatServer:
        from app import DEFAULT_ROOM
        from app.datadir import history_path
        from app.server.server import ChatServer
        from app.server.tls import ServerTls

        server = ChatServer(
            LISTEN_ON,
            port,
            password=password or None,
            operator_password=operator_password or None,
            room=room or DEFAULT_ROOM,
            # Encrypted when the guest can (same port as plain text, unless tls_only).
            tls=ServerTls.for_host("gofto.local", tls_only=tls_only),
            history_path=history_path(),  # recent messages, kept between runs
        )
        server.start()
        return server

    run_in_background(inbox, job, done, name="gofto-host-start")


def stop_server(
    inbox: Inbox,
    server: ChatServer,
    done: Callable[[object, BaseException | None], None] | None = None,
) -> None:
    """Stop ``server`` in the background (it says goodbye to everyone); ``done`` runs after."""
    run_in_background(
        inbox,
        lambda: server.stop(STOP_REASON),
        done or (lambda _result, _error: None),
        name="gofto-host-stop",
    )
