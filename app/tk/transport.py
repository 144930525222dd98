"""TkTransport: the socket on a worker thread, its news delivered on the Tk thread.

:class:`app.client.transport.ThreadedTransport` does the blocking socket work on its own
threads and calls ``on_connected``/``on_line``/``on_closed`` there. Those callbacks only queue
the call (an :class:`~app.tk.inbox.Inbox` sender); the Tk loop drains the queue with
``after()``, so the window never waits for the network and the Session is only ever touched
on the Tk thread.

Every :meth:`TkTransport.connect` makes a fresh worker and tags its callbacks with a
generation number: a slow worker from an abandoned attempt cannot talk over the current one.
"""

from __future__ import annotations

import functools
import logging
import threading
import tkinter as tk
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from app.errors import GoftoError
from app.tk.inbox import Inbox, Sender

if TYPE_CHECKING:
    from app.client.trust import ClientTls, Security

log = logging.getLogger(__name__)


class Worker(Protocol):
    """What TkTransport needs of a threaded transport (ThreadedTransport fits)."""

    def connect(self, host: str, port: int) -> None: ...
    def send_line(self, line: str) -> None: ...
    def close(self) -> None: ...


class WorkerFactory(Protocol):
    """Makes the worker for one connection attempt (``threaded_worker``, or a test's fake)."""

    def __call__(
        self,
        on_connected: Callable[[], None],
        on_line: Callable[[str], None],
        on_closed: Callable[[str], None],
        /,
        *,
        tls: ClientTls | None = None,
    ) -> Worker: ...


def threaded_worker(
    on_connected: Callable[[], None],
    on_line: Callable[[str], None],
    on_closed: Callable[[str], None],
    /,
    *,
    tls: ClientTls | None = None,
) -> Worker:
    """The real worker: :class:`app.client.transport.ThreadedTransport`, TLS first.

    Without a ``tls`` policy the host's certificate is pinned on first use like in the Qt app;
    a changed one ends the connection attempt with :class:`~app.errors.CertificateChanged` in
    :attr:`TkTransport.failure`, and the start dialog offers to trust the new one. The host's
    own window passes ``ClientTls(expected=…)`` instead: its own server's fingerprint.
    """
    from app.client.transport import ThreadedTransport
    from app.client.trust import ClientTls
    from app.tk.i18n import texts

    policy = tls if tls is not None else ClientTls()
    return ThreadedTransport(on_connected, on_line, on_closed, tls=policy, texts=texts())


def _close_quietly(worker: Worker) -> None:
    try:
        worker.close()
    except Exception:  # a worker thread must not die with a traceback on stderr
        log.exception("closing the transport")


class TkTransport:
    """One connection at a time to an IRC server, reported on the Tk thread.

    ``on_connected()``, ``on_line(line)`` and ``on_closed(reason, was_connected)`` are called
    on the Tk thread, in the order the worker saw them. ``was_connected`` tells a failed
    connection attempt (nobody answered) from a connection that ended. ``tls`` is the policy
    handed to every worker (``None``: the worker's default, TLS first and pinned on first use).
    """

    def __init__(
        self,
        widget: tk.Misc,
        *,
        on_connected: Callable[[], None],
        on_line: Callable[[str], None],
        on_closed: Callable[[str, bool], None],
        worker_factory: WorkerFactory = threaded_worker,
        interval_ms: int = 30,
        tls: ClientTls | None = None,
    ) -> None:
        self.tls = tls
        self._on_connected = on_connected
        self._on_line = on_line
        self._on_closed = on_closed
        self._factory = worker_factory
        self._inbox = Inbox(widget, interval_ms)
        self._worker: Worker | None = None
        self._senders: list[Sender] = []
        self._generation = 0
        self._connected = False
        #: Why the last attempt failed, as the worker's GoftoError when it has one (nobody
        #: answered, a changed certificate, a failed encryption); set before ``on_closed``.
        self.failure: GoftoError | None = None

    @property
    def security(self) -> Security | None:
        """How the current connection is protected (``None`` while not connected)."""
        return getattr(self._worker, "security", None) if self._connected else None

    @property
    def connected(self) -> bool:
        """Whether the current worker reported a connection that has not closed yet."""
        return self._connected

    def connect(self, host: str, port: int) -> None:
        """Start connecting to ``host:port``; returns at once (the worker connects)."""
        self._drop_worker()
        self._generation += 1
        self.failure = None
        generation = self._generation
        self._inbox.start()
        # The worker gets Senders (a queue and a number), never a Tk object: see app.tk.inbox.
        self._senders = [
            self._inbox.sender(functools.partial(self._handle_connected, generation)),
            self._inbox.sender(functools.partial(self._handle_line, generation)),
            self._inbox.sender(functools.partial(self._handle_closed, generation)),
        ]
        self._worker = self._factory(*self._senders, tls=self.tls)
        self._worker.connect(host, port)

    def send_line(self, line: str) -> None:
        """Queue one line (without CR LF) for sending; dropped when not connected."""
        if self._worker is not None and self._connected:
            self._worker.send_line(line)
        else:
            log.debug("not connected; dropped %r", line)

    def close(self) -> None:
        """Close the connection; no callbacks arrive for it afterwards."""
        self._drop_worker()
        self._generation += 1

    def shutdown(self) -> None:
        """Close and stop polling for good (the window is going away)."""
        self.close()
        self._inbox.close()

    def _drop_worker(self) -> None:
        worker, self._worker = self._worker, None
        self._connected = False
        for sender in self._senders:
            self._inbox.forget(sender)
        self._senders = []
        if worker is not None:
            # ThreadedTransport.close() flushes queued lines (our QUIT) and joins its threads,
            # which can take up to its flush timeout: never on the Tk thread.
            threading.Thread(
                target=_close_quietly, args=(worker,), name="gofto-close", daemon=True
            ).start()

    def _handle_connected(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._connected = True
        self._on_connected()

    def _handle_line(self, generation: int, line: str) -> None:
        if generation == self._generation:
            self._on_line(line)

    def _handle_closed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        was_connected = self._connected
        self._connected = False
        # The worker sets its ``failure`` before it reports the close, on its own thread.
        failure = getattr(self._worker, "failure", None)
        self.failure = failure if isinstance(failure, GoftoError) else None
        self._worker = None
        for sender in self._senders:
            self._inbox.forget(sender)
        self._senders = []
        self._generation += 1
        self._on_closed(reason, was_connected)
