"""Browsing for Gofto chats: python-zeroconf's threads, a capped and sorted list, a callback.

:class:`Browser` never runs on the caller's thread: python-zeroconf answers on its own
threads, an announcement whose records are not all in the cache yet is resolved on one more
(:meth:`Browser._resolve_pending`), and opening and closing the sockets happen on a helper
thread too. The front end gets ``on_change()`` (called on one of those threads; it must only
hand over to its own loop) and reads :meth:`Browser.chats`.

Everything announced is untrusted (see :mod:`app.discovery.record`): a malformed record is
dropped, the list holds at most :data:`MAX_CHATS` chats (new ones beyond that are ignored
until others leave), an address on a subnet we are on is preferred over one that is not, and
a chat leaves the list on its goodbye or, without one, when its records expire.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from app.discovery import SERVICE_TYPE
from app.discovery.interfaces import on_our_subnet
from app.discovery.record import BadRecord, FoundChat, clean_text, decode_txt

log = logging.getLogger(__name__)

#: The most chats a list holds.
MAX_CHATS = 100
#: The most announcements waiting for their records at once.
MAX_PENDING = 2 * MAX_CHATS
#: How long one announcement's missing records are asked for.
RESOLVE_MS = 1500
#: How often the chats listed are read again from python-zeroconf's cache. A TXT record that
#: goes back to a value sent before (``n`` 0 → 1 → 0) can arrive while the older copy is still
#: in the cache (RFC 6762 §10.2 keeps flushed records for a second), and then python-zeroconf
#: sees nothing new and says nothing; reading the cache again catches it.
RESCAN_SECONDS = 2.0
#: A chat is also read again just after the first of its records (SRV, TXT, address) expires,
#: so a host gone without a goodbye leaves the list within its TTL, where python-zeroconf's own
#: cache clean-up runs only every ten seconds; this much after, so the record is past its TTL.
EXPIRY_GRACE = 0.05
#: DNS record types and class (RFC 1035 §3.2.2, RFC 2782) of the records a chat is made of.
_TYPE_A, _TYPE_TXT, _TYPE_SRV, _CLASS_IN = 1, 16, 33, 1


class Browser:
    """Watch the network for ``_gofto._tcp.local.`` until :meth:`stop`; see the module."""

    def __init__(self, on_change: Callable[[], None] | None = None, *, limit: int = MAX_CHATS):
        self._on_change = on_change
        self._limit = limit
        self._lock = threading.Lock()
        self._found: dict[str, FoundChat] = {}
        #: When each chat's first record expires (``time.monotonic()``), when known.
        self._expires: dict[str, float] = {}
        self._pending: dict[str, None] = {}  # ordered set of names to resolve
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._zc: Any = None
        self._browser: Any = None
        self._threads: list[threading.Thread] = []
        #: Set once browsing started (or could not); tests and the terminal wait on it.
        self.ready = threading.Event()
        #: Why browsing could not start, as a short text (``None`` while fine).
        self.problem: str | None = None

    # -- what the front end calls ---------------------------------------------------------------
    def start(self) -> None:
        """Open the mDNS sockets and start browsing, in the background; returns at once."""
        if self._threads:
            raise RuntimeError("a Browser starts once")
        for target, name in (
            (self._open, "gofto-browse"),
            (self._resolve_pending, "gofto-resolve"),
        ):
            thread = threading.Thread(target=target, name=name, daemon=True)
            self._threads.append(thread)
            thread.start()

    def chats(self) -> list[FoundChat]:
        """The chats found so far, sorted by name (a snapshot; safe from any thread)."""
        with self._lock:
            found = list(self._found.values())
        return sorted(found, key=lambda chat: chat.sort_key)

    def stop(self, wait: bool = True) -> None:
        """Stop browsing and close the sockets; with ``wait=False`` the closing happens on a
        helper thread, so a GUI thread never waits for it. Safe to call twice."""
        self._stopping.set()
        self._wake.set()
        if wait:
            self._close()
        else:
            threading.Thread(target=self._close, name="gofto-browse-close", daemon=True).start()

    # -- python-zeroconf's side ----------------------------------------------------------------
    def _open(self) -> None:
        from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, Zeroconf

        try:
            zc = Zeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)
        except (OSError, ValueError) as error:
            self.problem = f"cannot open mDNS sockets: {error}"
            log.warning("not looking for chats: %s", self.problem)
            self.ready.set()
            return
        with self._lock:
            self._zc = zc
            if self._stopping.is_set():
                self._zc = None
        if self._zc is None:
            zc.close()
            self.ready.set()
            return
        try:
            self._browser = ServiceBrowser(zc, SERVICE_TYPE, handlers=[self._on_state_change])
        except Exception as error:  # zeroconf refuses to start: browsing is off, not a crash
            self.problem = str(error)
            log.warning("not looking for chats: %s", error)
        self.ready.set()

    def _close(self) -> None:
        self.ready.wait(10)
        with self._lock:
            zc, self._zc = self._zc, None
        if zc is not None:
            with contextlib.suppress(Exception):
                zc.close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(5)

    def _on_state_change(
        self, zeroconf: Any, service_type: str, name: str, state_change: Any
    ) -> None:
        """python-zeroconf's callback (its browser thread): never blocks, never raises."""
        from zeroconf import ServiceInfo, ServiceStateChange

        try:
            if state_change is ServiceStateChange.Removed:
                self._forget(name)
                return
            info = ServiceInfo(service_type, name)
            if info.load_from_cache(zeroconf):
                self._take(name, info)
                return
            with self._lock:
                if len(self._pending) < MAX_PENDING:
                    self._pending[name] = None
            self._wake.set()
        except Exception as error:  # a record python-zeroconf chokes on: drop it
            log.debug("ignoring announcement %r: %s", name, error)

    def _resolve_pending(self) -> None:
        from zeroconf import ServiceInfo

        rescanned = time.monotonic()
        while not self._stopping.is_set():
            with self._lock:
                expiry = min(self._expires.values(), default=float("inf")) + EXPIRY_GRACE
            self._wake.wait(min(1.0, max(0.01, expiry - time.monotonic())))
            self._wake.clear()
            now = time.monotonic()
            if now - rescanned >= RESCAN_SECONDS or now >= expiry:
                rescanned = now
                self._rescan()
            while not self._stopping.is_set():
                with self._lock:
                    zc = self._zc
                    name = next(iter(self._pending), None)
                    if name is not None:
                        del self._pending[name]
                if name is None or zc is None:
                    break
                try:
                    info = ServiceInfo(SERVICE_TYPE, name)
                    if info.request(zc, RESOLVE_MS):
                        self._take(name, info)
                except Exception as error:
                    log.debug("could not resolve %r: %s", name, error)

    def _rescan(self) -> None:
        from zeroconf import ServiceInfo

        with self._lock:
            zc = self._zc
            names = list(self._found)
        if zc is None:
            return
        for name in names:
            try:
                info = ServiceInfo(SERVICE_TYPE, name)
                if info.load_from_cache(zc):
                    self._take(name, info)
                else:  # its records expired: the host left without a goodbye
                    self._forget(name)
            except Exception as error:
                log.debug("could not read %r again: %s", name, error)

    # -- the list ------------------------------------------------------------------------------
    def _take(self, name: str, info: Any) -> None:
        chat = self._chat(name, info)
        if chat is None:
            self._forget(name)
            return
        expires = self._expiry(name, info)
        with self._lock:
            if name not in self._found and len(self._found) >= self._limit:
                return
            changed = self._found.get(name) != chat
            self._found[name] = chat
            if expires is None:
                self._expires.pop(name, None)  # the periodic reading catches it
            else:
                self._expires[name] = expires
        if changed:
            self._changed()

    def _forget(self, name: str) -> None:
        with self._lock:
            gone = self._found.pop(name, None)
            self._pending.pop(name, None)
            self._expires.pop(name, None)
        if gone is not None:
            self._changed()

    def _expiry(self, name: str, info: Any) -> float | None:
        """When the first record ``name``'s chat needs expires (``time.monotonic()``): its SRV,
        its TXT, or the last of its addresses; the copies :meth:`ServiceInfo.load_from_cache`
        reads. ``None`` when the cache does not say (then the periodic reading decides)."""
        from zeroconf import current_time_millis

        with self._lock:
            zc = self._zc
        if zc is None:
            return None
        try:
            cache = zc.cache
            srv = cache.get_by_details(name, _TYPE_SRV, _CLASS_IN)
            txt = cache.get_by_details(name, _TYPE_TXT, _CLASS_IN)
            addresses = cache.get_all_by_details(info.server or "", _TYPE_A, _CLASS_IN)
            if srv is None or txt is None or not addresses:
                return None
            last_address = max(record.get_expiration_time(100) for record in addresses)
            first_ms = min(srv.get_expiration_time(100), txt.get_expiration_time(100), last_address)
        except Exception as error:  # the cache changed under us: read it again periodically
            log.debug("no expiry for %r: %s", name, error)
            return None
        return time.monotonic() + (first_ms - current_time_millis()) / 1000

    def _changed(self) -> None:
        if self._on_change is not None:
            try:
                self._on_change()
            except Exception:
                log.exception("the discovery callback failed")

    @staticmethod
    def _chat(name: str, info: Any) -> FoundChat | None:
        from zeroconf import IPVersion

        try:
            record = decode_txt(info.properties or {})
        except BadRecord as error:
            log.debug("ignoring %r: %s", name, error)
            return None
        port = info.port
        if not isinstance(port, int) or not 1 <= port <= 65535:
            return None
        addresses = info.parsed_addresses(IPVersion.V4Only)[:16]
        if not addresses:
            return None
        address = next((a for a in addresses if on_our_subnet(a)), addresses[0])
        suffix = "." + SERVICE_TYPE
        instance = name[: -len(suffix)] if name.endswith(suffix) else name
        return FoundChat(name, clean_text(instance) or "?", address, port, record, tuple(addresses))


def browse_for(seconds: float) -> list[FoundChat]:
    """Browse for ``seconds`` and return what was found (for ``gofto discover``)."""
    browser = Browser()
    browser.start()
    try:
        deadline = time.monotonic() + seconds
        browser.ready.wait(seconds)
        time.sleep(max(0.0, deadline - time.monotonic()))
        return browser.chats()
    finally:
        browser.stop()
