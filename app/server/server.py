"""The embedded chat server: a listener, an accept thread, and one reader thread per client.

``ChatServer`` is what the desktop app (when it hosts), the headless ``serve`` command and the
tests start. Its threads never touch a GUI; front ends talk to it only over the socket.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from app.irc import MAX_LINE_BYTES
from app.secure import TlsSession
from app.server import history as history_module
from app.server.admission import (
    Admission,
    AdmissionPolicy,
    Refusal,
    Ticket,
    address_key,
    default_max_clients,
    refusal_text,
    refuse,
)
from app.server.affinity import chosen_cpu, confine_this_thread, set_threads_cpus
from app.server.config import SENDQ_BYTES, ServerConfig
from app.server.connection import CLOSE_GRACE, Connection
from app.server.filehost import FileHost, FileHostSettings
from app.server.flood import FloodGate, FloodPolicy
from app.server.history import DEFAULT_SIZE as DEFAULT_HISTORY_SIZE
from app.server.history import History
from app.server.hub import Hub
from app.server.intake import Intake
from app.server.listener import bind, peer_host
from app.server.quietlog import LogLimiter, describe, quiet
from app.server.refusals import RefusalDesk
from app.server.rlimit import raise_nofile
from app.server.state import Client
from app.server.store import Snapshot, Store
from app.server.threads import start_thread
from app.server.tls import ServerTls

log = logging.getLogger(__name__)

_serials = itertools.count(1)  # next() on a count is atomic under the GIL


class ChatServer:
    """A threaded IRC server. ``start()`` binds and returns once accepting; ``stop()`` sends
    every client ``ERROR :Closing link: …``, closes every socket and joins every thread.

    ``flood_limit`` is ``True`` (the default :class:`~app.server.flood.FloodPolicy`), ``False``
    (no flood control) or a ``FloodPolicy`` of its own. ``motd=""`` means no MOTD (``422``);
    ``None`` a default one that points people at ``room``. ``operator_password`` is the host's
    secret: a client that sends ``OPER host <secret>`` is operator of every channel and may
    change the room password (see :mod:`app.server.trust`).

    Every room and private conversation remembers its last ``history_size`` messages for
    IRCv3 ``CHATHISTORY`` (see :mod:`app.server.history`); with ``history_path`` they, the
    accounts, read markers and waiting messages are also kept in that SQLite file
    (:mod:`app.server.store`), read back on ``start()`` (on a background thread: connections
    are accepted once it was read) and written in batches until ``stop()``.

    With TLS, the same port also serves shared files over HTTPS (IRCv3 ``draft/FILEHOST``,
    see :mod:`app.server.filehost`), as ``files`` says (default :class:`FileHostSettings`);
    with ``history_path`` they are kept next to it and survive a restart.

    ``one_cpu`` keeps the server's threads on one CPU (see :mod:`app.server.affinity`).

    ``limits`` are the connection limits (per address, unregistered, in all; see
    :mod:`app.server.admission`); the default policy unless given.

    Usable as a context manager. ``stop()`` is idempotent and safe from any thread.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        password: str | None = None,
        operator_password: str | None = None,
        name: str = "gofto.local",
        network: str = "Gofto",
        room: str = "#lobby",
        flood_limit: bool | FloodPolicy = True,
        registration_timeout: float = 30.0,
        ping_interval: float = 90.0,
        ping_timeout: float = 60.0,
        sendq_bytes: int = SENDQ_BYTES,
        log: Callable[[list[str]], None] | None = None,
        motd: str | None = None,
        tls: ServerTls | None = None,
        history_path: Path | None = None,
        history_size: int = DEFAULT_HISTORY_SIZE,
        one_cpu: bool = True,
        files: FileHostSettings | None = None,
        limits: AdmissionPolicy | None = None,
    ) -> None:
        self._host, self._port = host, port
        #: TLS and plain text on the same port (``None``: plain text only; see app.server.tls).
        self.tls = tls
        self.config = ServerConfig(
            name=name,
            network=network,
            room=room,
            password=password,
            operator_password=operator_password,
            motd=motd,
            flood_limit=flood_limit,
            registration_timeout=registration_timeout,
            ping_interval=ping_interval,
            ping_timeout=ping_timeout,
            sendq_bytes=sendq_bytes,
            log=log,
        )
        #: Where channel history is kept between runs (``None``: in memory only).
        self.history_path = history_path
        store = (
            Store(history_path, history_size, history_module.MAX_CONVERSATIONS)
            if history_path is not None
            else None
        )
        self.hub = Hub(self.config, History(history_size, store))
        #: Shared files over HTTPS on the same port (TLS only; see app.server.filehost).
        self.files: FileHost | None = None
        if tls is not None:
            settings = files or FileHostSettings()
            if settings.directory is None and history_path is not None:
                settings = replace(settings, directory=uploads_dir(history_path))
            self.files = FileHost(settings, self._log_line)
        self.hub.filehost = self.files
        #: Where received lines go: flood check, fast or general path, dispatch.
        self.intake = Intake(self.hub)
        #: The CPU all of this server's threads share (see app.server.affinity), if any.
        self.cpu = chosen_cpu() if one_cpu else None
        #: Every thread this server starts has a name beginning with this.
        self.thread_prefix = f"gofto-server-{next(_serials)}"
        if self.files is not None:
            self.files.keep_off(self.cpu, self._let_threads_use)
        self._listener: socket.socket | None = None
        self._address: tuple[str, int] | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._tick_thread: threading.Thread | None = None
        self._stopping = threading.Event()
        #: Wakes the housekeeping thread early: stopping, or a password try that must wait.
        self._tick_wake = threading.Event()
        self._stopped = threading.Event()
        self._lifecycle = threading.Lock()
        self._started = False
        self._connections: set[Connection] = set()
        self._conn_lock = threading.Lock()
        self._serial = 0
        policy = limits if limits is not None else AdmissionPolicy()
        #: Who may connect (see app.server.admission); the client cap is set on ``start()``.
        self.admission = Admission(policy, max_clients=0, flood=flood_limit is not False)
        self._refusals = LogLimiter()
        #: Says a refusal inside TLS to a client that opened with a handshake (TLS hosts only).
        self._desk = (
            RefusalDesk(tls.context, f"{self.thread_prefix}-refusals") if tls is not None else None
        )

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Bind, listen and start accepting; raises :class:`app.errors.AddressInUse`."""
        with self._lifecycle:
            if self._started:
                raise RuntimeError("a ChatServer can only be started once")
            # One descriptor per client; the session's default is often 1,024.
            nofile = raise_nofile()
            cap = self.admission.policy.max_clients
            self.admission.max_clients = default_max_clients(nofile) if cap is None else cap
            self._listener = bind(self._host, self._port)
            self._started = True
            self._address = self._listener.getsockname()[:2]
            self._wake_r, self._wake_w = socket.socketpair()
            self._wake_r.setblocking(False)
            store = self.hub.history.store
            if store is not None:
                store.start(self._restore_history, f"{self.thread_prefix}-history")
            self._accept_thread = start_thread(self._accept_main, f"{self.thread_prefix}-accept")
            self._tick_thread = start_thread(self._tick_main, f"{self.thread_prefix}-tick")
            if self._desk is not None:
                self._desk.start()

    @property
    def fingerprint(self) -> str | None:
        """The certificate fingerprint people compare by voice (``None`` without TLS)."""
        return self.tls.fingerprint if self.tls is not None else None

    def room_summary(self) -> tuple[int, bool]:
        """``(people in the main room, whether a room password is set)``, for the chat's LAN
        announcement; cheap and lock-free (two reads the GIL keeps whole), from any thread."""
        channel = self.hub.find_channel(self.config.room)
        people = len(channel.members) if channel is not None else 0
        return people, self.hub.trust.room_password is not None

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` actually bound (port 0 becomes the port the OS chose)."""
        if self._address is None:
            raise RuntimeError("the server is not started")
        return self._address

    def stop(self, reason: str = "Server shutting down") -> None:
        """Tell every client ``ERROR :Closing link: … (reason)``, close all, join all threads."""
        with self._lifecycle:
            if self._stopping.is_set():
                first = False
            else:
                first = True
                self._stopping.set()
                self._tick_wake.set()
        if not first:
            self._stopped.wait()
            return
        try:
            self._shutdown(reason)
        finally:
            self._stopped.set()

    def _shutdown(self, reason: str) -> None:
        if not self._started:
            return
        me = threading.current_thread()
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")
        for thread in (self._accept_thread, self._tick_thread):
            if thread is not None and thread is not me:
                thread.join()
        if self._listener is not None:
            self._listener.close()
        if self._desk is not None:
            self._desk.stop()
        for sock in (self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        if self.files is not None:
            self.files.stop()  # transfers end at once rather than after the grace period
        self.hub.close_all(reason)
        with self._conn_lock:
            connections = list(self._connections)
        deadline = time.monotonic() + CLOSE_GRACE + 1.0
        for conn in connections:
            reader = conn.reader
            if reader is None or reader is me:
                continue
            reader.join(max(0.0, deadline - time.monotonic()))
            if reader.is_alive():
                conn.abort()
                reader.join()
        store = self.hub.history.store
        if store is not None:
            store.close()  # after the readers: the last messages are written too
        # A reader that already left the set may still be returning; writers end with it.
        for thread in self.threads_alive():
            if thread is not me:
                thread.join(max(0.1, deadline - time.monotonic()))

    def threads_alive(self) -> list[threading.Thread]:
        """This server's threads that are still running (empty after ``stop()`` returns)."""
        prefix = self.thread_prefix + "-"
        return [t for t in threading.enumerate() if t.name.startswith(prefix) and t.is_alive()]

    def __enter__(self) -> ChatServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- threads ---------------------------------------------------------------------------

    def _let_threads_use(self, cpus: set[int]) -> None:
        """Let every thread of this server (readers and writers included) use ``cpus``; the
        ones it starts later inherit it from their creators (see app.server.affinity)."""
        prefix = self.thread_prefix
        set_threads_cpus((t for t in threading.enumerate() if t.name.startswith(prefix)), cpus)

    def _restore_history(self, snapshot: Snapshot) -> None:
        self.hub.restore(snapshot)

    def _accept_main(self) -> None:
        assert self._listener is not None and self._wake_r is not None
        confine_this_thread(self.cpu)  # the reader threads it starts inherit the CPU
        store = self.hub.history.store
        if store is not None:
            # Nobody is served before the stored history is back (the read takes a moment,
            # and connecting clients wait in the listen backlog meanwhile).
            while not store.loaded.wait(0.05):
                if self._stopping.is_set():
                    return
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping.is_set():
                events = selector.select()
                if self._stopping.is_set():
                    return
                if any(key.fileobj is self._wake_r for key, _ in events):
                    return
                try:
                    sock, address = self._listener.accept()
                except BlockingIOError:
                    continue
                except OSError as exc:  # e.g. out of file descriptors: back off, keep serving
                    quiet(log, logging.WARNING, "accept", f"accept failed: {exc}")
                    self._stopping.wait(0.1)
                    continue
                try:
                    self._serve(sock, address)
                except Exception as exc:
                    log.error("could not start serving %s: %s", address, describe(exc))
                    sock.close()

    def _serve(self, sock: socket.socket, address: tuple) -> None:
        host = peer_host(address)
        try:
            local = str(sock.getsockname()[0])  # the address the client reached us at
        except OSError:
            local = None
        unregistered = len(self._connections) - self.hub.users
        ticket = self.admission.admit(host, unregistered, local)
        if isinstance(ticket, Refusal):
            key = address_key(host, local)[0]
            if self._desk is not None:
                self._desk.offer(sock, refusal_text(ticket), key)  # inside TLS for TLS clients
            else:
                refuse(sock, refusal_text(ticket))  # no thread: written and closed right here
            line = self._refusals.line(key, f"Refused a connection from {host}: {ticket.value}")
            if line is not None:
                with self.hub.transaction():
                    self.hub.log(line)
            return
        try:
            self._start_connection(sock, host, ticket)
        except BaseException:
            self.admission.release(ticket)  # idempotent: closed() may have released it too
            raise

    def _start_connection(self, sock: socket.socket, host: str, ticket: Ticket) -> None:
        sock.setblocking(True)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._serial += 1
        name = f"{self.thread_prefix}-conn{self._serial}"
        http = None
        if self.files is not None:
            http = functools.partial(self._serve_http, lambda: client)
        conn = Connection(
            sock, self.config.sendq_bytes, MAX_LINE_BYTES, name, tls=self.tls, http=http
        )
        policy = self.config.flood_limit
        if policy is False:
            flood = None
        else:
            own = policy if isinstance(policy, FloodPolicy) else None
            flood = FloodGate(own, shared=ticket.gate)  # the address's share too
        client = Client(conn, host, flood)
        client.address_key = ticket.key  # what the password throttle counts by, too
        with self._conn_lock:
            self._connections.add(conn)
        self.hub.attach(client)

        def closed() -> None:
            with self._conn_lock:
                self._connections.discard(conn)
            self.admission.release(ticket)

        conn.start(
            functools.partial(self.intake.lines_received, client),  # no Python frame of its own
            lambda: self.hub.connection_lost(client),
            closed,
        )

    def _serve_http(
        self, client: Callable[[], Client], sock: socket.socket, tls: TlsSession, first: bytes
    ) -> None:
        """A connection turned out to carry HTTP: it leaves the chat (no registration timeout
        for a long transfer) and the file host answers it on its reader thread."""
        assert self.files is not None
        peer = client()
        self.hub.detach(peer)
        self.files.serve(sock, tls, first, peer.host)

    def _log_line(self, line: str) -> None:
        """One console line from the file host (a file was shared), controls made visible."""
        with self.hub.transaction():
            self.hub.log(line)

    def _tick_main(self) -> None:
        confine_this_thread(self.cpu)  # like the readers: it may start writer threads
        cfg = self.config
        interval = min(
            1.0, cfg.registration_timeout / 4, cfg.ping_interval / 4, cfg.ping_timeout / 4
        )
        interval = max(0.02, interval)
        self.hub.trust.waiting.on_queued = self._tick_wake.set  # its wait starts now
        next_tick = time.monotonic() + interval
        wait = interval
        while True:
            self._tick_wake.wait(wait)
            self._tick_wake.clear()
            if self._stopping.is_set():
                return
            now = time.monotonic()
            try:
                if now >= next_tick:  # not on every early wake-up: a tick looks at everyone
                    self.hub.tick(now)
                    if self.files is not None:
                        self.files.settle(now)
                    next_tick = now + interval
                wait = self._answer_passwords(max(0.0, next_tick - time.monotonic()))
            except Exception as exc:
                log.error("housekeeping failed: %s", describe(exc))
                wait = interval

    def _answer_passwords(self, interval: float) -> float:
        """Answer the password tries whose turn came (app.server.throttle); how long the tick
        thread may sleep before the next one is due."""
        hub = self.hub
        with hub.transaction():
            hub.trust.answer_due()
            due = hub.trust.waiting.next_due()
        return max(0.005, interval if due is None else min(interval, due))


def uploads_dir(history_path: Path) -> Path:
    """Where a server that keeps history in ``history_path`` keeps shared files."""
    return history_path.with_name(f"{history_path.stem}-uploads")
