"""Connection registration (PASS, NICK, USER, CAP), liveness (PING, PONG) and QUIT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.confusables import looks_reserved
from app.irc.names import fold, nick_problem
from app.server import caps
from app.server.handlers import accounts, moderation, monitor
from app.server.handlers.welcome import welcome
from app.server.limits import (
    REALNAMELEN,
    USERLEN,
)
from app.server.outgoing import Outgoing
from app.server.replies import ERR_INVALIDCAPCMD
from app.server.trust import Verdict

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client


def cap(hub: Hub, client: Client, msg: Message) -> None:
    """CAP LS / LIST / REQ / END; LS and REQ before registration hold it until END."""
    sub = msg.params[0].upper()
    server = hub.config.name
    if sub == "LS":
        version = int(msg.params[1]) if len(msg.params) > 1 and msg.params[1].isdigit() else 0
        if not client.registered:
            client.cap_negotiating = True
        hub.send(client, Message("CAP", (client.name, "LS", caps.ls_string(version)), server))
    elif sub == "LIST":
        enabled = " ".join(sorted(client.caps))
        hub.send(client, Message("CAP", (client.name, "LIST", enabled), server))
    elif sub == "REQ":
        if not client.registered:
            client.cap_negotiating = True
        text = msg.params[1].strip() if len(msg.params) > 1 else ""
        request = caps.parse_request(text)
        if request is None or not text:
            hub.send(client, Message("CAP", (client.name, "NAK", text), server))
            return
        enable, disable = request
        client.caps = (client.caps | enable) - disable
        hub.send(client, Message("CAP", (client.name, "ACK", text), server))
    elif sub == "END":
        if not client.registered and client.cap_negotiating:
            client.cap_negotiating = False
            try_register(hub, client)
    else:
        hub.reply(client, ERR_INVALIDCAPCMD, msg.params[0])


def pass_(hub: Hub, client: Client, msg: Message) -> None:
    """PASS <password>: remembered until registration completes, then checked."""
    if client.registered:
        hub.reply(client, n.ERR_ALREADYREGISTERED)
        return
    client.password = msg.params[0]


def nick(hub: Hub, client: Client, msg: Message) -> None:
    """NICK <nick>: choose a nick, or change it (broadcast once to everyone who shares a room)."""
    if not msg.params or not msg.params[0]:
        hub.reply(client, n.ERR_NONICKNAMEGIVEN)
        return
    new = msg.params[0]
    client.requested_nick = new
    if nick_problem(new) is not None or looks_reserved(new, hub.config.name):
        hub.reply(client, n.ERR_ERRONEUSNICKNAME, new)  # not a nick, or the server's/a service's
        return
    key = fold(new)
    holder = hub.nicks.get(key)
    if holder is not None and holder is not client:
        hub.reply(client, n.ERR_NICKNAMEINUSE, new)
        return
    if moderation.look_alike(hub, client, new) is not None:
        hub.reply(client, n.ERR_NICKNAMEINUSE, new)  # looks like someone online (UTS #39)
        return
    if client.nick == new:
        return
    if client.registered and not accounts.nick_allowed(hub, client, new):
        return
    old_source = client.source
    hub.remember_nick(client)  # a registered user's old nick goes to WHOWAS
    hub.claim_nick(client, new)
    if not client.registered:
        client.nick = new
        try_register(hub, client)
        return
    old = client.nick
    client.nick = new
    monitor.nick_changed(hub, client, old or "")
    hub.relay(
        {client} | client.peers(),
        Outgoing(old_source, "NICK", (new,), bot=client.is_bot, account=client.account),
    )
    hub.log(f"{old} is now known as {new}")


def user(hub: Hub, client: Client, msg: Message) -> None:
    """USER <username> <mode> <unused> :<realname>."""
    if client.registered:
        hub.reply(client, n.ERR_ALREADYREGISTERED)
        return
    username = "".join(ch for ch in msg.params[0] if ch.isprintable() and ch not in " @!:")
    if not username or not msg.params[3]:
        # Modern IRC: an empty username or realname is rejected with 461, like a missing one.
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "USER")
        return
    client.username = username[:USERLEN]
    client.realname = msg.params[3][:REALNAMELEN]
    try_register(hub, client)


def try_register(hub: Hub, client: Client) -> None:
    """Complete registration once NICK, USER and (if started) CAP negotiation are done."""
    if client.registered or client.nick is None or client.username is None:
        return
    if client.cap_negotiating or client.password_pending:
        return
    if hub.trust.room_password is None:
        _complete(hub, client)
        return
    # The password is checked when it is this address's turn (at once unless it guessed
    # wrong lately; see app.server.throttle); meanwhile registration does not time out.
    client.password_pending = True
    if not hub.trust.in_turn(client.address_key, lambda: _check_password(hub, client)):
        client.password_pending = False
        _refuse(hub, client, Verdict.THROTTLED)


def _check_password(hub: Hub, client: Client) -> None:
    """The registering client's turn: compare its ``PASS``, then welcome or refuse it."""
    client.password_pending = False
    if client.conn.closing or client.registered:
        return  # it left while waiting: nothing to compare, the next try goes on
    verdict = hub.trust.check_room_password(client.address_key, client.password)
    if verdict is not Verdict.ACCEPTED:
        _refuse(hub, client, verdict)
        return
    _complete(hub, client)


def _refuse(hub: Hub, client: Client, verdict: Verdict) -> None:
    moderation.refuse_password(hub, client, verdict)
    client.conn.close("Bad password", f"Closing link: {client.host} (Bad password)")


def _complete(hub: Hub, client: Client) -> None:
    """Registration is complete: count the client and welcome it."""
    if not accounts.on_registration(hub, client):
        return  # the nickname is someone else's: the client was told to pick another
    hub.registered(client)
    welcome(hub, client)
    monitor.signed_on(hub, client)
    accounts.after_welcome(hub, client)
    hub.log(f"{client.nick} connected from {client.host}")


def ping(hub: Hub, client: Client, msg: Message) -> None:
    """PING <token> → PONG <server> :<token>."""
    cfg = hub.config
    hub.send(client, Message("PONG", (cfg.name, msg.params[0]), cfg.name))


def pong(hub: Hub, client: Client, msg: Message) -> None:
    """PONG: proof of life; the dispatcher already cleared the outstanding ping."""


def quit_(hub: Hub, client: Client, msg: Message) -> None:
    """QUIT [:reason]: others see ``Quit: reason``; the client gets ``ERROR`` and is closed."""
    text = msg.params[0] if msg.params and msg.params[0] else ""
    reason = f"Quit: {text}" if text else "Client Quit"
    client.conn.close(reason, f"Closing link: {client.host} ({reason})")
