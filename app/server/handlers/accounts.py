"""Logging in and owning names: SASL (``AUTHENTICATE``), ``REGISTER``, ``RELEASE``, and what
being logged in changes (``account-notify``, ``extended-join``, 330 in WHOIS, messages that
waited).

SASL follows IRCv3 sasl-3.1/3.2 with two mechanisms: ``EXTERNAL`` (the TLS client
certificate's fingerprint: every Gofto client has one) and ``PLAIN`` (an account made with
``REGISTER``, draft/account-registration). A client that presents a certificate is logged in
by it even without SASL, which is how Gofto clients are: the first key that uses a nickname
owns it on this host (:mod:`app.server.accounts`).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.names import fold
from app.server.accounts import MIN_PASSWORD, Account
from app.server.handlers import chathistory
from app.server.handlers.moderation import NOT_OPERATOR_TEXT, is_host
from app.server.history import account_identity, private_key
from app.server.outgoing import Outgoing, new_msgid

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

SASL_CAP = "sasl"
MECHANISMS = "EXTERNAL,PLAIN"
REGISTRATION_CAP = "draft/account-registration"
#: Advertised value: REGISTER works before connection registration completes.
REGISTRATION_VALUE = "before-connect"
RPL_WHOISACCOUNT = "330"
RPL_LOGGEDIN = "900"
RPL_SASLSUCCESS = "903"
ERR_SASLFAIL = "904"
ERR_SASLTOOLONG = "905"
ERR_SASLABORTED = "906"
ERR_SASLALREADY = "907"
RPL_SASLMECHS = "908"
#: The longest SASL response accepted (base64, all chunks together).
MAX_SASL_BYTES = 4096
_CHUNK = 400
#: The sentence a 433 carries when a nickname is someone else's on this host.
NICK_OWNED = n.NICK_OWNED_TEXT


def _numeric(hub: Hub, client: Client, code: str, *params: str) -> None:
    hub.send(client, Message(code, (client.name, *params), hub.config.name))


def _standard(hub: Hub, client: Client, kind: str, *params: str) -> None:
    hub.send(client, Message(kind, params, hub.config.name))


# -- SASL ------------------------------------------------------------------------------------


def authenticate(hub: Hub, client: Client, msg: Message) -> None:
    """AUTHENTICATE <mechanism> | <base64 chunk> | + | *."""
    if SASL_CAP not in client.caps:
        hub.reply(client, n.ERR_UNKNOWNCOMMAND, "AUTHENTICATE")
        return
    data = msg.params[0]
    if client.account is not None and client.sasl_mechanism is None:
        _numeric(hub, client, ERR_SASLALREADY, "You have already authenticated using SASL")
        return
    if data == "*":
        if client.sasl_mechanism is not None:
            client.sasl_mechanism, client.sasl_buffer = None, ""
            _numeric(hub, client, ERR_SASLABORTED, "SASL authentication aborted")
        else:
            _numeric(hub, client, ERR_SASLFAIL, "SASL authentication failed")
        return
    if client.sasl_mechanism is None:
        mechanism = data.upper()
        if mechanism not in MECHANISMS.split(","):
            _numeric(hub, client, RPL_SASLMECHS, MECHANISMS, "are available SASL mechanisms")
            _numeric(hub, client, ERR_SASLFAIL, "SASL authentication failed")
            return
        client.sasl_mechanism, client.sasl_buffer = mechanism, ""
        hub.send(client, Message("AUTHENTICATE", ("+",), hub.config.name))
        return
    if len(data) > _CHUNK:  # one line longer than a chunk may be (sasl-3.1: 905)
        client.sasl_mechanism, client.sasl_buffer = None, ""
        _numeric(hub, client, ERR_SASLTOOLONG, "SASL message too long")
        return
    if len(client.sasl_buffer) + len(data) > MAX_SASL_BYTES:  # chunks without end: a failure
        client.sasl_mechanism, client.sasl_buffer = None, ""
        _numeric(hub, client, ERR_SASLFAIL, "SASL authentication failed")
        return
    if data != "+":
        client.sasl_buffer += data
    if len(data) == _CHUNK:
        return  # more chunks follow (or "+" after an exact multiple of 400)
    mechanism, encoded = client.sasl_mechanism, client.sasl_buffer
    client.sasl_mechanism, client.sasl_buffer = None, ""
    try:
        payload = base64.b64decode(encoded, validate=True) if encoded else b""
    except (binascii.Error, ValueError):
        _numeric(hub, client, ERR_SASLFAIL, "SASL authentication failed")
        return
    account = _external(hub, client, payload) if mechanism == "EXTERNAL" else _plain(hub, payload)
    if account is None:
        _numeric(hub, client, ERR_SASLFAIL, "SASL authentication failed")
        return
    log_in(hub, client, account)
    _numeric(hub, client, RPL_SASLSUCCESS, "SASL authentication successful")


def abort_sasl(hub: Hub, client: Client) -> None:
    """Registration completed mid-exchange: the exchange is aborted (sasl-3.1)."""
    if client.sasl_mechanism is not None:
        client.sasl_mechanism, client.sasl_buffer = None, ""
        _numeric(hub, client, ERR_SASLABORTED, "SASL authentication aborted")


def _plain(hub: Hub, payload: bytes) -> Account | None:
    try:
        authzid, authcid, password = payload.decode("utf-8").split("\0")
    except (UnicodeDecodeError, ValueError):
        return None
    if authzid and fold(authzid) != fold(authcid):
        return None  # nobody may act as someone else
    return hub.accounts.authenticate(authcid, password)


def _external(hub: Hub, client: Client, payload: bytes) -> Account | None:
    """The certificate's account; a key seen for the first time gets an account named after
    the nickname it uses, if nobody owns that name."""
    fingerprint = client.certfp
    if fingerprint is None:
        return None
    account = hub.accounts.by_certificate(fingerprint)
    if account is None and client.nick is not None:
        account = hub.accounts.create(client.nick, fingerprint=fingerprint)
    if account is None:
        return None
    try:
        wanted = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if wanted and fold(wanted) != account.key:
        return None
    return account


# -- logging in ------------------------------------------------------------------------------


def log_in(hub: Hub, client: Client, account: Account) -> None:
    """``client`` is now ``account``: 900, the nick claimed, others told, waiting messages."""
    client.account = account.name
    mask = f"{client.name}!{client.username or '*'}@{client.host}"
    _numeric(
        hub, client, RPL_LOGGEDIN, mask, account.name, f"You are now logged in as {account.name}"
    )
    if client.nick is not None and hub.accounts.may_use(client.nick, account.name):
        hub.accounts.claim(client.nick, account)
    if client.registered:
        _announce(hub, client)
        deliver_waiting(hub, client)


def _announce(hub: Hub, client: Client) -> None:
    """``ACCOUNT <name>`` to everyone sharing a room who asked for account-notify."""
    watchers = [peer for peer in client.peers() | {client} if "account-notify" in peer.caps]
    if watchers:
        out = Outgoing(client.source, "ACCOUNT", (client.account or "*",), account=client.account)
        hub.relay(watchers, out)


def on_registration(hub: Hub, client: Client) -> bool:
    """Before welcoming ``client``: log a certificate in, and refuse a nickname that belongs to
    someone else (433 with a sentence; the client must pick another). ``False``: not yet."""
    abort_sasl(hub, client)
    if client.account is None and client.certfp is not None:
        account = hub.accounts.by_certificate(client.certfp)
        if account is None and client.nick is not None:
            account = hub.accounts.create(client.nick, fingerprint=client.certfp)
        if account is not None:
            log_in(hub, client, account)
    nick = client.nick or ""
    if not hub.accounts.may_use(nick, client.account):
        _numeric(hub, client, n.ERR_NICKNAMEINUSE, nick, NICK_OWNED)
        hub.release_nick(client)
        client.nick = None
        return False
    return True


def after_welcome(hub: Hub, client: Client) -> None:
    """Right after the welcome: messages that waited for this account."""
    if client.account is not None:
        deliver_waiting(hub, client)


def nick_allowed(hub: Hub, client: Client, nick: str) -> bool:
    """For a registered client's NICK: 433 with a sentence if the name is someone else's."""
    if hub.accounts.may_use(nick, client.account):
        account = hub.accounts.get(client.account) if client.account else None
        if account is not None:
            hub.accounts.claim(nick, account)  # the first key to use a name owns it
        return True
    _numeric(hub, client, n.ERR_NICKNAMEINUSE, nick, NICK_OWNED)
    return False


# -- REGISTER and RELEASE ----------------------------------------------------------------------


def register(hub: Hub, client: Client, msg: Message) -> None:
    """REGISTER <account> {<email> | *} <password> (draft/account-registration)."""
    if len(msg.params) < 3:
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "REGISTER")
        return
    name, password = msg.params[0], msg.params[2]
    nick = client.nick or client.requested_nick
    if nick is None:
        _standard(hub, client, "FAIL", "REGISTER", "NEED_NICK", "*", "Choose a nickname first")
        return
    name = nick if name == "*" else name
    if client.account is not None:
        _standard(
            hub,
            client,
            "FAIL",
            "REGISTER",
            "ALREADY_AUTHENTICATED",
            client.account,
            "You are already logged in",
        )
        return
    if fold(name) != fold(nick):
        _standard(
            hub,
            client,
            "FAIL",
            "REGISTER",
            "ACCOUNT_NAME_MUST_BE_NICK",
            name,
            "The account name must be your current nickname",
        )
        return
    if len(password) < MIN_PASSWORD:
        _standard(
            hub,
            client,
            "FAIL",
            "REGISTER",
            "WEAK_PASSWORD",
            name,
            "Choose a password that is not empty",
        )
        return
    if len(password) > 300:
        _standard(
            hub, client, "FAIL", "REGISTER", "UNACCEPTABLE_PASSWORD", name, "Password too long"
        )
        return
    holder = hub.nicks.get(fold(name))
    taken = holder is not None and holder is not client  # no land grab from under someone
    account = None if taken else hub.accounts.create(name, password=password)
    if account is None:
        _standard(
            hub,
            client,
            "FAIL",
            "REGISTER",
            "ACCOUNT_EXISTS",
            name,
            "This name already belongs to someone on this host",
        )
        return
    _standard(hub, client, "REGISTER", "SUCCESS", account.name, "Account successfully registered")
    log_in(hub, client, account)


def release(hub: Hub, client: Client, msg: Message) -> None:
    """RELEASE <nick>: the host (an operator) frees a nickname from its owner; an account may
    also release its own names."""
    nick = msg.params[0]
    owner = hub.accounts.owner(nick)
    own = owner is not None and client.account is not None and owner.key == fold(client.account)
    if not (is_host(client) or own):
        hub.reply(client, n.ERR_NOPRIVILEGES, NOT_OPERATOR_TEXT)
        return
    if hub.accounts.release(nick) is None:
        hub.send(
            client,
            Message("NOTICE", (client.name, f"{nick} is not owned by anyone"), hub.config.name),
        )
        return
    hub.send(
        client,
        Message("NOTICE", (client.name, f"{nick} is free now: anyone may use it"), hub.config.name),
    )
    hub.log(f"{client.nick} released the nickname {nick}")


# -- what others see -------------------------------------------------------------------------


def relay_join(hub: Hub, client: Client, channel: Channel) -> None:
    """The JOIN to every member: with account and realname for extended-join clients."""
    plain = Outgoing(
        client.source, "JOIN", (channel.name,), bot=client.is_bot, account=client.account
    )
    extended = Outgoing(
        client.source,
        "JOIN",
        (channel.name, client.account or "*", client.realname or "*"),
        bot=client.is_bot,
        account=client.account,
    )
    members = list(channel.members)
    hub.relay([m for m in members if "extended-join" not in m.caps], plain)
    hub.relay([m for m in members if "extended-join" in m.caps], extended)


def whois_account(hub: Hub, client: Client, user: Client) -> None:
    """330 in WHOIS for someone logged in."""
    if user.account is not None:
        _numeric(hub, client, RPL_WHOISACCOUNT, user.nick or "", user.account, "is logged in as")


# -- messages that wait ----------------------------------------------------------------------


def to_offline(hub: Hub, client: Client, target: str, text: str, tags: dict[str, str]) -> bool:
    """A PRIVMSG to a nickname nobody uses now: kept for its owner if an account owns it and
    that account is offline. ``False``: nobody to keep it for (the caller answers 401)."""
    owner = hub.accounts.owner(target)
    if owner is None or hub.clients_of(owner.name):
        return False
    out = Outgoing(
        client.source,
        "PRIVMSG",
        (owner.name, text),
        tags,
        msgid=new_msgid(),
        bot=client.is_bot,
        account=client.account,
    )
    sender = chathistory.identity(hub, client)
    hub.history.record_private(
        (sender, client.nick or ""), (account_identity(owner.key), owner.name), out
    )
    dropped = hub.waiting.add(owner.key, sender, out.msgid or "")
    if "echo-message" in client.caps:
        hub.relay([client], out)
    server = hub.config.name
    # Gofto clients recognise these two notices' words (app.client.replies) to say them in
    # their user's language: change both sides together.
    hub.send(
        client,
        Message(
            "NOTICE",
            (
                client.name,
                f"{owner.name} is offline: your message will be delivered when"
                f" {owner.name} returns",
            ),
            server,
        ),
    )
    if dropped:
        hub.send(
            client,
            Message(
                "NOTICE",
                (
                    client.name,
                    f"Too many messages are waiting for {owner.name}: the oldest"
                    f" {dropped} will not be delivered",
                ),
                server,
            ),
        )
    hub.log(f"{client.nick} -> {owner.name}: (private privmsg, waiting)")
    return True


def deliver_waiting(hub: Hub, client: Client) -> None:
    """Messages that waited for ``client``'s account, as history with their original times,
    one batch per sender."""
    if client.account is None:
        return
    me = account_identity(fold(client.account))
    owed: dict[str, set[str]] = {}  # conversation → the ids owed in it
    for msgid, sender in hub.waiting.take(fold(client.account)):
        owed.setdefault(private_key(sender, me), set()).add(msgid)
    by_sender: dict[str, list[Outgoing]] = {}
    for key, msgids in owed.items():  # each looked for in its own conversation only
        for out in hub.history.lines(key):
            if out.msgid in msgids:
                nick = (out.message.source or "*").split("!")[0]
                by_sender.setdefault(nick, []).append(out)
    for sender, outs in by_sender.items():
        chathistory.send_history(hub, client, sender, outs)
