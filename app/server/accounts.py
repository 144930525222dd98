"""Accounts on this host: who owns which nickname, by key or by password.

Why: a name is only worth something if nobody else can take it while you are away. A person
is identified by their TLS client certificate's fingerprint (every Gofto client makes one on
first use; SASL ``EXTERNAL``), or by an account name and password (IRCv3
``draft/account-registration`` and SASL ``PLAIN``) for other IRC clients. An account owns its
own name and, up to :data:`MAX_NICKS_PER_ACCOUNT`, the nicknames it is the first to use; the
host's operator can release a nickname (``RELEASE``).

Passwords are kept as salted scrypt hashes (``hashlib.scrypt``, memory-hard), never as
text. Everything lives in memory under the hub's lock and is persisted through the
:class:`~app.server.store.Store`, if there is one. Names are compared folded
(:func:`app.irc.names.fold`), like nicknames.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.irc.names import fold

if TYPE_CHECKING:
    from app.server.store import Snapshot, Store

#: Nicknames one account may own besides its own name (the first ones it used).
MAX_NICKS_PER_ACCOUNT = 5
#: Accounts a host keeps at most (anyone who connects with a key may make one).
MAX_ACCOUNTS = 10_000
#: Shortest password ``REGISTER`` accepts: any but an empty one (a LAN host has no business
#: refusing a password other IRC software accepts; it is stored hashed whatever its length).
MIN_PASSWORD = 1
#: Longest password checked (hashing a megabyte would be a cheap way to burn the host's CPU).
MAX_PASSWORD = 300
#: scrypt parameters (RFC 7914): 16 MiB of memory per hash, a few tens of milliseconds.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """``scrypt$<salt hex>$<hash hex>`` for ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches a :func:`hash_password` result (constant-time compare)."""
    if stored is None or len(password) > MAX_PASSWORD:
        return False
    try:
        kind, salt_hex, digest_hex = stored.split("$")
        salt, digest = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=len(digest), **_SCRYPT)
    return hmac.compare_digest(candidate, digest)


@dataclass
class Account:
    """One account: its name as first written, and its password hash if it has one."""

    name: str
    password: str | None = None
    nicks: set[str] = field(default_factory=set)  # folded nicknames it owns

    @property
    def key(self) -> str:
        """The folded name (how the account is looked up and stored)."""
        return fold(self.name)


class Accounts:
    """Accounts, certificate fingerprints and nickname owners; guarded by the hub's lock."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        self._accounts: dict[str, Account] = {}
        self._certificates: dict[str, str] = {}  # fingerprint → account key
        self._owners: dict[str, str] = {}  # folded nick → account key

    def restore(self, snapshot: Snapshot) -> None:
        """Take what the store read at start."""
        for key, name, password in snapshot.accounts:
            self._accounts[key] = Account(name, password)
        for fingerprint, key in snapshot.certificates:
            if key in self._accounts:
                self._certificates[fingerprint] = key
        for nick_key, _nick, key in snapshot.nicks:
            account = self._accounts.get(key)
            if account is not None:
                self._owners[nick_key] = key
                account.nicks.add(nick_key)

    # -- lookups -----------------------------------------------------------------------------

    def get(self, name: str) -> Account | None:
        """The account called ``name``, if any."""
        return self._accounts.get(fold(name))

    def by_certificate(self, fingerprint: str) -> Account | None:
        """The account a certificate fingerprint belongs to, if any."""
        key = self._certificates.get(fingerprint)
        return self._accounts.get(key) if key is not None else None

    def owner(self, nick: str) -> Account | None:
        """The account that owns ``nick`` on this host, if one does."""
        key = self._owners.get(fold(nick))
        return self._accounts.get(key) if key is not None else None

    def may_use(self, nick: str, account: str | None) -> bool:
        """Whether someone logged in as ``account`` (``None``: nobody) may use ``nick``."""
        owner = self._owners.get(fold(nick))
        return owner is None or (account is not None and owner == fold(account))

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is its password (SASL PLAIN)."""
        account = self.get(name)
        if account is None or not check_password(password, account.password):
            return None
        return account

    # -- changes -----------------------------------------------------------------------------

    def create(
        self, name: str, *, password: str | None = None, fingerprint: str | None = None
    ) -> Account | None:
        """A new account called ``name`` owning that nickname; ``None`` if the name is taken
        (as an account or as someone's nickname) or the host is full."""
        key = fold(name)
        if key in self._accounts or key in self._owners or len(self._accounts) >= MAX_ACCOUNTS:
            return None
        hashed = hash_password(password) if password is not None else None
        account = self._accounts[key] = Account(name, hashed)
        self._save(
            "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?)", (key, name, hashed, time.time())
        )
        self.claim(name, account)
        if fingerprint is not None:
            self._certificates[fingerprint] = key
            self._save("INSERT OR REPLACE INTO certificates VALUES (?, ?)", (fingerprint, key))
        return account

    def claim(self, nick: str, account: Account) -> bool:
        """Make ``nick`` ``account``'s if nobody owns it and the account may own one more."""
        key = fold(nick)
        if key in self._owners:
            return self._owners[key] == account.key
        if account.nicks and len(account.nicks) > MAX_NICKS_PER_ACCOUNT:
            return False
        self._owners[key] = account.key
        account.nicks.add(key)
        self._save("INSERT OR REPLACE INTO nicks VALUES (?, ?, ?)", (key, nick, account.key))
        return True

    def release(self, nick: str) -> Account | None:
        """Free ``nick`` from its owner (its account keeps everything else); the former owner,
        or ``None`` if nobody owned it. An account's own name can be released too."""
        key = fold(nick)
        owner_key = self._owners.pop(key, None)
        if owner_key is None:
            return None
        account = self._accounts.get(owner_key)
        if account is not None:
            account.nicks.discard(key)
        self._save("DELETE FROM nicks WHERE key = ?", (key,))
        return account

    def _save(self, sql: str, params: tuple[object, ...]) -> None:
        if self.store is not None:
            self.store.execute(sql, params)
