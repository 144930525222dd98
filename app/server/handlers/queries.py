"""Who is (and was) here and what the server is: AWAY, WHO, WHOIS, WHOWAS, USERHOST, ISON,
LUSERS, MOTD, VERSION, TIME, INFO, LINKS."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.irc import Message
from app.irc import numerics as n
from app.irc.names import is_channel
from app.server.handlers import accounts
from app.server.handlers.monitor import extended_watchers
from app.server.handlers.welcome import VERSION, send_isupport, send_lusers, send_motd
from app.server.limits import AWAYLEN, BOT_MODE, USERHOST_MAX, truncate_utf8
from app.server.outgoing import Outgoing
from app.server.replies import packed
from app.server.state import mask_matches

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

#: 313's text: modern.ircdocs.horse lets a server say what kind of operator someone is.
OPERATOR_TEXT = "is an IRC operator (the host of this chat)"
#: 335's text (IRCv3 bot-mode: arbitrary, human-readable).
BOT_TEXT = "is a bot"

#: What INFO says about the software, after its name and version (see :func:`info`).
INFO_TEXT = (
    "A desktop chat you host or join on your network.",
    "It speaks the IRC client protocol (RFC 1459/2812 as modern.ircdocs.horse describes it,",
    "with IRCv3 capabilities), so any IRC client can join a Gofto host.",
)


def away(hub: Hub, client: Client, msg: Message) -> None:
    """AWAY [:message]: 306 when set, 305 when cleared; away-notify peers are told."""
    text = truncate_utf8(msg.params[0], AWAYLEN) if msg.params else ""
    client.away = text or None
    hub.reply(client, n.RPL_NOWAWAY if text else n.RPL_UNAWAY)
    peers = client.peers()
    watchers = [peer for peer in peers if "away-notify" in peer.caps]
    watchers.extend(extended_watchers(hub, client, "away-notify") - peers)
    if watchers:
        hub.relay(
            watchers,
            Outgoing(
                client.source,
                "AWAY",
                (text,) if text else (),
                bot=client.is_bot,
                account=client.account,
            ),
        )


#: WHOX fields (IRCv3 ``WHOX``), in the order a 354 reply always lists them, whatever the
#: order asked: token, channel, user, IP, host, server, nick, flags, hop count, idle
#: seconds, account, op level, realname.
WHOX_FIELDS = "tcuihsnfdlaor"
_TOKEN = re.compile(r"[0-9]{1,3}")


def who(hub: Hub, client: Client, msg: Message) -> None:
    """WHO <mask> [%<fields>[,<token>]]: 352 per matching user (a channel's members, or users
    matching a mask), or with WHOX fields, 354 with just those."""
    mask = msg.params[0] if msg.params and msg.params[0] else "*"
    whox = _whox_request(msg.params[1]) if len(msg.params) > 1 else None
    multi = "multi-prefix" in client.caps

    def reply(user: Client, channel: Channel | None) -> None:
        if whox is None:
            _who_reply(hub, client, user, channel, multi)
        else:
            _whox_reply(hub, client, user, channel, multi=multi, request=whox)

    if is_channel(mask):
        channel = hub.find_channel(mask)
        if channel is not None and (client in channel.members or "s" not in channel.modes):
            for member in channel.members:
                reply(member, channel)
    elif exact := hub.find_nick(mask) if "*" not in mask and "?" not in mask else None:
        # A plain nickname is answered even for a +i user: only masks respect invisibility.
        reply(exact, None)
    else:
        pattern = "*" if mask == "0" else mask
        shared = client.peers() | {client}
        for user in sorted(hub.nicks.values(), key=lambda c: c.nick or ""):
            if not user.registered:
                continue
            if "i" in user.modes and user not in shared:
                continue
            fields = (user.nick or "", user.username or "", user.host, user.realname)
            if any(mask_matches(pattern, value) for value in (*fields, hub.config.name)):
                reply(user, None)
    hub.reply(client, n.RPL_ENDOFWHO, mask)


def _whox_request(options: str) -> tuple[str, str | None] | None:
    """The fields and token of WHO's second parameter (``[flags]%fields[,token]``), or
    ``None`` when it asks for the classic 352 (no ``%``). A token that is not 1–3 digits is
    left out, as if none was given."""
    _flags, percent, spec = options.partition("%")
    if not percent:
        return None
    fields, _, token = spec.partition(",")
    wanted = "".join(field for field in WHOX_FIELDS if field in fields)
    return wanted, token if _TOKEN.fullmatch(token) else None


def _who_flags(user: Client, channel: Channel | None, multi: bool) -> str:
    return (
        ("G" if user.away is not None else "H")
        + ("*" if "o" in user.modes else "")  # a server operator (OPER), as Modern IRC writes it
        + (channel.prefix(user, multi) if channel is not None else "")
        + (BOT_MODE if user.is_bot else "")  # IRCv3 bot-mode: the BOT token's letter
    )


def _who_reply(hub: Hub, asker: Client, user: Client, channel: Channel | None, multi: bool) -> None:
    params = (
        asker.name,
        channel.name if channel is not None else "*",
        user.username or "",
        user.host,
        hub.config.name,
        user.nick or "",
        _who_flags(user, channel, multi),
        f"0 {user.realname}",
    )
    hub.send(asker, Message(n.RPL_WHOREPLY, params, hub.config.name))


def _whox_reply(
    hub: Hub,
    asker: Client,
    user: Client,
    channel: Channel | None,
    *,
    multi: bool,
    request: tuple[str, str | None],
) -> None:
    """354 with the asked fields. The account is ``0`` (WHOX's "not logged in") for someone
    logged in to none; there are no op levels (``n/a``); a user's address is its host, which
    is an IP address here anyway (no reverse DNS)."""
    fields, token = request
    values = {
        "t": token,
        "c": channel.name if channel is not None else "*",
        "u": user.username or "",
        "i": user.host,
        "h": user.host,
        "s": hub.config.name,
        "n": user.nick or "",
        "f": _who_flags(user, channel, multi),
        "d": "0",
        "l": str(int(time.monotonic() - user.last_message)),
        "a": user.account or "0",
        "o": "n/a",
        "r": user.realname,
    }
    params = [asker.name, *(value for f in fields if (value := values[f]) is not None)]
    hub.send(asker, Message(n.RPL_WHOSPCRPL, tuple(params), hub.config.name))


def whois(hub: Hub, client: Client, msg: Message) -> None:
    """WHOIS [<server>] <nick>: 311, 319, 312, 313, 335, 301, 317, 318 (or 401 and 318)."""
    if not msg.params or not msg.params[-1]:
        hub.reply(client, n.ERR_NONICKNAMEGIVEN)
        return
    name = msg.params[-1].split(",")[0]
    user = hub.find_nick(name)
    server = hub.config.name
    if user is None:
        hub.reply(client, n.ERR_NOSUCHNICK, name)
        hub.reply(client, n.RPL_ENDOFWHOIS, name)
        return
    nick = user.nick or ""
    hub.send(
        client,
        Message(
            n.RPL_WHOISUSER,
            (client.name, nick, user.username or "", user.host, "*", user.realname),
            server,
        ),
    )
    multi = "multi-prefix" in client.caps
    hidden = "i" in user.modes and user is not client  # +i: show only shared channels
    rooms = [
        channel.prefix(user, multi) + channel.name
        for channel in user.channels.values()
        if client in channel.members or ("s" not in channel.modes and not hidden)
    ]
    if rooms:
        for line in packed([client.name, nick], rooms, server, n.RPL_WHOISCHANNELS):
            hub.send(client, line)
    hub.send(
        client, Message(n.RPL_WHOISSERVER, (client.name, nick, server, hub.config.network), server)
    )
    if "o" in user.modes:  # the host: operator through OPER (see handlers.moderation)
        hub.send(client, Message(n.RPL_WHOISOPERATOR, (client.name, nick, OPERATOR_TEXT), server))
    if user.is_bot:
        hub.send(client, Message(n.RPL_WHOISBOT, (client.name, nick, BOT_TEXT), server))
    accounts.whois_account(hub, client, user)
    if user.away is not None:
        hub.send(client, Message(n.RPL_AWAY, (client.name, nick, user.away), server))
    idle = int(time.monotonic() - user.last_message)
    hub.send(
        client,
        Message(
            n.RPL_WHOISIDLE,
            (client.name, nick, str(idle), str(user.signon), "seconds idle, signon time"),
            server,
        ),
    )
    hub.reply(client, n.RPL_ENDOFWHOIS, nick)


def whowas(hub: Hub, client: Client, msg: Message) -> None:
    """WHOWAS <nick> [<count>]: 314 and 312 for each remembered use of the nick, newest first
    (all of them unless ``count`` is positive), or 406; always 369 last.

    Only the first of several comma-separated nicks is answered (``TARGMAX=WHOWAS:1``), as
    with WHOIS, and wildcards are not searched (RFC 2812 allows them; they would list the
    addresses of everyone who left). No nick is 431, as most servers answer, followed by
    ``369 *`` since RFC 1459/2812 end every WHOWAS reply, even an error, with 369.
    """
    name = msg.params[0].split(",")[0] if msg.params else ""
    if not name:
        hub.reply(client, n.ERR_NONICKNAMEGIVEN)
        hub.reply(client, n.RPL_ENDOFWHOWAS, "*")
        return
    count = _count(msg.params[1]) if len(msg.params) > 1 else 0
    entries = hub.whowas.lookup(name, count)
    if not entries:
        hub.reply(client, n.ERR_WASNOSUCHNICK, name)
    server = hub.config.name
    for entry in entries:
        user = (client.name, entry.nick, entry.username, entry.host, "*", entry.realname)
        hub.send(client, Message(n.RPL_WHOWASUSER, user, server))
        left = datetime.fromtimestamp(entry.when, UTC).strftime("%a %b %d %H:%M:%S %Y UTC")
        hub.send(
            client,
            Message(n.RPL_WHOISSERVER, (client.name, entry.nick, entry.server, left), server),
        )
    hub.reply(client, n.RPL_ENDOFWHOWAS, name)


def _count(text: str) -> int:
    """WHOWAS's ``count``: an integer, where anything else (like a non-positive one) means
    "every entry", which is what RFC 2812 asks for a non-positive count."""
    digits = text[1:] if text[:1] in "+-" else text
    return int(text) if digits.isascii() and digits.isdigit() else 0


def userhost(hub: Hub, client: Client, msg: Message) -> None:
    """USERHOST <nick>{ <nick>}: 302 with ``nick[*]=+user@host`` (``*`` for the operator,
    ``-`` instead of ``+`` when away)."""
    found = []
    for name in msg.params[:USERHOST_MAX]:
        user = hub.find_nick(name)
        if user is not None:
            mark = "-" if user.away is not None else "+"
            oper = "*" if "o" in user.modes else ""
            found.append(f"{user.nick}{oper}={mark}{user.username}@{user.host}")
    hub.send(client, Message(n.RPL_USERHOST, (client.name, " ".join(found)), hub.config.name))


def ison(hub: Hub, client: Client, msg: Message) -> None:
    """ISON <nick>{ <nick>}: 303 with those that are online."""
    present = []
    for param in msg.params:
        for name in param.split():
            user = hub.find_nick(name)
            if user is not None and user.nick not in present:
                present.append(user.nick or "")
    hub.send(client, Message(n.RPL_ISON, (client.name, " ".join(present)), hub.config.name))


def lusers(hub: Hub, client: Client, msg: Message) -> None:
    """LUSERS: the user and channel counts."""
    send_lusers(hub, client)


def motd(hub: Hub, client: Client, msg: Message) -> None:
    """MOTD: the message of the day (or 422)."""
    send_motd(hub, client)


def version(hub: Hub, client: Client, msg: Message) -> None:
    """VERSION: 351, then the 005 lines again (as modern servers do)."""
    server = hub.config.name
    params = (client.name, VERSION, server, "Gofto chat server")
    hub.send(client, Message(n.RPL_VERSION, params, server))
    send_isupport(hub, client)


def time_(hub: Hub, client: Client, msg: Message) -> None:
    """TIME: 391 with the server's time."""
    now = datetime.now(UTC)
    server = hub.config.name
    text = now.strftime("%A %B %d %Y -- %H:%M:%S +00:00")
    params = (client.name, server, str(int(now.timestamp())), "0", text)
    hub.send(client, Message(n.RPL_TIME, params, server))


def info(hub: Hub, client: Client, msg: Message) -> None:
    """INFO [<target>]: 371 lines about the software, then 374.

    A target must name this server (a mask, compared under the case mapping) or someone on it,
    since there is no other server to ask; anything else is 402.
    """
    server = hub.config.name
    target = msg.params[0] if msg.params else ""
    if target and not mask_matches(target, server) and hub.find_nick(target) is None:
        hub.reply(client, n.ERR_NOSUCHSERVER, target)
        return
    lines = (
        f"{APP_NAME} {__version__} (gofto-{__version__})",
        *INFO_TEXT,
        f"This server, {server}, has been running since {hub.started}.",
    )
    for line in lines:
        hub.send(client, Message(n.RPL_INFO, (client.name, line), server))
    hub.reply(client, n.RPL_ENDOFINFO)


def links(hub: Hub, client: Client, msg: Message) -> None:
    """LINKS [[<server>] <mask>]: only 365, since a Gofto server is never linked to another.

    Listing this server itself (364) would add nothing a client lacks: its name is the source
    of every reply and in 002 and 004. Servers that hide their links answer the same way,
    and irctest accepts it.
    """
    mask = msg.params[-1] if msg.params and msg.params[-1] else "*"
    hub.reply(client, n.RPL_ENDOFLINKS, mask)
