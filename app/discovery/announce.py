"""Announcing a hosted chat: one DNS-SD service, kept current, withdrawn with goodbyes.

:class:`Announcer` runs python-zeroconf on a thread of its own, so registering (which probes
the name for about a second) never holds up the caller. Every :data:`REFRESH_SECONDS` it asks
its ``status`` callable for the current :class:`~app.discovery.record.ChatRecord` and sends an
update when something changed (the people count ``n``, ``pw`` after a password change), so
the record is at most a few seconds stale and never sent more often. :meth:`Announcer.stop`
unregisters, which sends goodbye records (TTL 0): browsers drop the chat at once.

Records live :data:`DEFAULT_TTL` seconds (``GOFTO_DISCOVERY_TTL`` may change it): a host that
vanishes without a goodbye (a crash, a pulled cable) leaves every list within that time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable

from app.discovery import SERVICE_TYPE
from app.discovery.record import MAX_NAME_CHARS, BadRecord, ChatRecord, clean_text

log = logging.getLogger(__name__)

#: Seconds every announced record lives without a refresh.
DEFAULT_TTL = 60
#: How often the record is compared with the chat's state (and at most how often it is sent).
REFRESH_SECONDS = 2.0
_TTL_ENVIRONMENT = "GOFTO_DISCOVERY_TTL"
#: How long to wait for another host to answer for the name we want, and how many to try.
NAME_CHECK_MS = 2000
MAX_NAME_TRIES = 20


def default_ttl() -> int:
    """:data:`DEFAULT_TTL`, or ``GOFTO_DISCOVERY_TTL`` when set to a number in 1–4500."""
    text = os.environ.get(_TTL_ENVIRONMENT, "")
    if text.isdigit() and 1 <= int(text) <= 4500:
        return int(text)
    return DEFAULT_TTL


def instance_name(text: str) -> str:
    """``text`` as a DNS-SD instance name: cleaned, no dots, at most 63 UTF-8 bytes."""
    name = clean_text(text, MAX_NAME_CHARS).replace(".", "·") or "Gofto"
    while len(name.encode("utf-8")) > 63:
        name = name[:-1]
    return name


def _is_ipv4(address: str) -> bool:
    try:
        socket.inet_aton(address)
    except OSError:
        return False
    return address.count(".") == 3


def _host_label(port: int) -> str:
    label = re.sub(r"[^a-z0-9-]+", "-", socket.gethostname().lower()).strip("-")[:40]
    return f"gofto-{label or 'host'}-{port}.local."


class Announcer:
    """Announce one chat as ``<name>._gofto._tcp.local.`` until :meth:`stop`.

    ``addresses`` are the IPv4 addresses the server listens on (one A record each).
    ``status()`` is called on the announcer's thread and must be cheap and thread-safe. When
    the name is taken on the network, python-zeroconf picks ``name-2``; :attr:`name` says
    which one was used once :attr:`ready` is set.
    """

    def __init__(
        self,
        name: str,
        port: int,
        addresses: list[str],
        status: Callable[[], ChatRecord],
        *,
        ttl: int | None = None,
        refresh: float = REFRESH_SECONDS,
    ) -> None:
        self.name = instance_name(name)
        self.port = port
        #: The IPv4 addresses announced (mDNS here is IPv4 only; others are left out).
        self.addresses = [a for a in addresses if _is_ipv4(a)]
        self._status = status
        self._ttl = ttl if ttl is not None else default_ttl()
        self._refresh = refresh
        self._wake = threading.Event()
        self._stopping = threading.Event()
        #: Set once the service is registered (or registering failed); tests wait on it.
        self.ready = threading.Event()
        #: Why announcing failed, as a short text for the log (``None`` while fine).
        self.problem: str | None = None
        self._thread: threading.Thread | None = None
        self._serial = 0

    def start(self) -> None:
        """Register in the background; returns at once."""
        if self._thread is not None:
            raise RuntimeError("an Announcer starts once")
        self._thread = threading.Thread(target=self._run, name="gofto-announce", daemon=True)
        self._thread.start()

    def refresh_now(self) -> None:
        """Compare the record with the chat's state soon (still at most once per refresh)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Withdraw the announcement (goodbye records) and end the thread; safe to repeat."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # -- the announcer's thread ---------------------------------------------------------------
    def _info(self, record: ChatRecord, name: str) -> object:
        from zeroconf import ServiceInfo

        # Every TXT record sent differs from all sent before (``s`` counts updates): a record
        # equal to an earlier one that browsers still hold, flushed and about to expire
        # (RFC 6762 §10.2), is not taken as new by python-zeroconf, so ``n`` going 0 → 1 → 0
        # would leave guests with no TXT record at all for a while.
        self._serial += 1
        return ServiceInfo(
            SERVICE_TYPE,
            f"{name}.{SERVICE_TYPE}",
            port=self.port,
            properties={**record.to_txt(), "s": str(self._serial)},
            addresses=[socket.inet_aton(address) for address in self.addresses],
            server=_host_label(self.port),
            host_ttl=self._ttl,
            other_ttl=self._ttl,
        )

    def _free_name(self, zc: object) -> str:
        """``self.name``, or ``name-2``, ``name-3``… when another host answers for it.

        python-zeroconf's own probing (RFC 6762 §8.1) only sees a conflict when the other
        host's records happen to be in its fresh cache, which they often are not; asking for
        the name first is what makes two hosts both called "Sara's chat" both appear."""
        from zeroconf import ServiceInfo

        ours = _host_label(self.port)
        base = self.name
        name = base
        for attempt in range(2, MAX_NAME_TRIES + 2):
            other = ServiceInfo(SERVICE_TYPE, f"{name}.{SERVICE_TYPE}")
            # Its SRV record is enough to know the name is taken (the addresses may lag).
            # python-zeroconf asks first for a unicast answer (QU), which can be delivered to
            # another program on port 5353 of this machine, then multicast (QM), which a host
            # that has just announced holds back for a second (RFC 6762 §6): hence two seconds.
            other.request(zc, NAME_CHECK_MS)  # type: ignore[arg-type]
            if other.port is None or other.server == ours or self._stopping.is_set():
                return name
            suffix = f"-{attempt}"
            name = instance_name(base)
            while len((name + suffix).encode("utf-8")) > 63:
                name = name[:-1]
            name += suffix
        return name

    def _run(self) -> None:
        from zeroconf import InterfaceChoice, IPVersion, Zeroconf

        if not self.addresses:
            self.problem = "the server listens on no IPv4 address"
            log.warning("not announcing the chat: %s", self.problem)
            self.ready.set()
            return
        # Every interface, even for a server bound to one address (its A record still names
        # only that one): python-zeroconf then hears the other hosts' answers while probing,
        # so a taken name becomes "name-2" instead of two chats fighting over one.
        try:
            zc = Zeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)
        except (OSError, ValueError) as error:
            self.problem = f"cannot open mDNS sockets: {error}"
            log.warning("not announcing the chat: %s", self.problem)
            self.ready.set()
            return
        info = None
        try:
            record = self._status()
            self.name = self._free_name(zc)
            info = self._info(record, self.name)
            zc.register_service(info, allow_name_change=True)  # type: ignore[arg-type]
            self.name = info.name[: -len(SERVICE_TYPE) - 1]  # type: ignore[attr-defined]
            log.info("announcing %r on %s", self.name, ", ".join(self.addresses))
            self.ready.set()
            last_sent = time.monotonic()
            while not self._stopping.is_set():
                self._wake.wait(self._refresh)
                self._wake.clear()
                if self._stopping.is_set():
                    break
                wait = self._refresh - (time.monotonic() - last_sent)
                if wait > 0 and self._stopping.wait(wait):
                    break
                current = self._status()
                if current != record:
                    record = current
                    info = self._info(record, self.name)
                    zc.update_service(info)  # type: ignore[arg-type]
                    last_sent = time.monotonic()
        except (OSError, BadRecord, RuntimeError) as error:
            self.problem = str(error)
            log.warning("announcing the chat failed: %s", error)
        except Exception as error:  # zeroconf's own errors (name conflicts, a busy loop)
            self.problem = f"{type(error).__name__}: {error}"
            log.warning("announcing the chat failed: %s", self.problem)
        finally:
            self.ready.set()
            if info is not None:
                with contextlib.suppress(Exception):
                    zc.unregister_all_services()  # goodbye records: TTL 0
            with contextlib.suppress(Exception):
                zc.close()
