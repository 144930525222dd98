"""The host's powers and names nobody can imitate: OPER, PASSWORD, KILL, WALLOPS, look-alike
nicks.

The *host* is the client that proved it knows the server's operator secret with
``OPER <name> <secret>`` (the Gofto app that hosts the chat sends it for its own window). The
host is operator of every channel it is in — given ``+o`` on OPER and on every JOIN, even when
a guest created the room first — cannot be kicked or de-opped by anyone else, is never kept out
by bans, keys or limits, and alone may change the room password with ``PASSWORD <new>``
(``PASSWORD :`` with an empty text removes it). Only the host may disconnect someone with
``KILL`` or write to everyone who set user mode ``w`` with ``WALLOPS``. Guests are never ops
of the main room when the server has a host; in a room a guest creates, that guest is its op
as usual.

Secrets are compared in constant time and wrong guesses are throttled per address
(:mod:`app.server.trust`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.confusables import nick_skeleton
from app.irc.names import fold
from app.server.limits import KICKLEN, truncate_utf8
from app.server.outgoing import Outgoing
from app.server.trust import Verdict

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Channel, Client

#: Longest room password accepted by PASSWORD (a PASS line must still fit comfortably).
MAX_PASSWORD_CHARS = 100

#: What a throttled try is told instead of the usual "Password incorrect".
THROTTLED_TEXT = "Too many wrong passwords from your address; wait a little and try again"

#: 481's text for the operator-only commands (KILL, WALLOPS), worded as Modern IRC has it.
NOT_OPERATOR_TEXT = "Permission Denied- You're not an IRC operator"

#: The comment of a KILL sent without one (Modern IRC requires it; many servers don't).
NO_KILL_COMMENT = "No reason given"


def is_host(client: Client) -> bool:
    """Whether ``client`` identified as the host (server operator, user mode ``o``)."""
    return "o" in client.modes


def creator_status(hub: Hub, client: Client, name: str) -> str:
    """The status a client gets in a channel it creates: op, except a guest in the main room
    of a server that has a host (so a guest who arrives first cannot rule the host's room)."""
    if is_host(client):
        return "o"
    if hub.trust.has_host and fold(name) == fold(hub.config.room):
        return ""
    return "o"


def joiner_status(client: Client) -> str:
    """The status a client gets joining an existing channel: op for the host, else none."""
    return "o" if is_host(client) else ""


def protected_from(client: Client, target: Client) -> bool:
    """Whether ``client`` may not kick or de-op ``target`` (only the host touches the host)."""
    return is_host(target) and not is_host(client)


def look_alike(hub: Hub, client: Client, nick: str) -> Client | None:
    """Someone else online whose nick has the same UTS #39 skeleton as ``nick``, if any."""
    holder = hub.skeletons.get(nick_skeleton(nick))
    return holder if holder is not client else None


def refuse_password(hub: Hub, client: Client, verdict: Verdict) -> None:
    """464, with a sentence that says to wait when the address is being throttled."""
    if verdict is Verdict.THROTTLED:
        hub.send(
            client,
            Message(n.ERR_PASSWDMISMATCH, (client.name, THROTTLED_TEXT), hub.config.name),
        )
    else:
        hub.reply(client, n.ERR_PASSWDMISMATCH)


def oper(hub: Hub, client: Client, msg: Message) -> None:
    """OPER <name> <secret>: become the host (381), or 464 (throttled per address)."""
    if not hub.trust.has_host:
        hub.reply(client, n.ERR_NOOPERHOST, "No O-lines for your host")
        return
    secret = msg.params[1]
    # Answered when it is this address's turn (at once unless it guessed wrong lately).
    if not hub.trust.in_turn(client.address_key, lambda: _check_operator(hub, client, secret)):
        refuse_password(hub, client, Verdict.THROTTLED)


def _check_operator(hub: Hub, client: Client, secret: str) -> None:
    """An OPER's turn: compare the secret, then make ``client`` the host or say 464."""
    if client.conn.closing:
        return
    verdict = hub.trust.check_operator(client.address_key, secret)
    if verdict is not Verdict.ACCEPTED:
        refuse_password(hub, client, verdict)
        hub.log(f"{client.nick} from {client.host} failed to identify as the host")
        return
    hub.reply(client, n.RPL_YOUREOPER, "You are now the host of this chat")
    if hub.set_user_mode(client, "o", True):
        hub.send(client, Message("MODE", (client.nick or "", "+o"), client.nick))
    for channel in list(client.channels.values()):
        make_op(hub, channel, client)
    hub.log(f"{client.nick} identified as the host")


def make_op(hub: Hub, channel: Channel, client: Client) -> None:
    """Give ``client`` ``+o`` in ``channel`` (announced by the server) if it lacks it."""
    if client in channel.members and channel.set_status(client, "o", True):
        out = Outgoing(hub.config.name, "MODE", (channel.name, "+o", client.nick or ""))
        hub.relay(channel.members, out)


def password(hub: Hub, client: Client, msg: Message) -> None:
    """PASSWORD <new>: the host changes the room password; an empty one removes it."""
    if not is_host(client):
        hub.reply(client, n.ERR_NOPRIVILEGES, "Permission Denied- Only the host can do that")
        return
    new = msg.params[0]
    if len(new) > MAX_PASSWORD_CHARS or any(not ch.isprintable() for ch in new):
        text = f"A room password is at most {MAX_PASSWORD_CHARS} printable characters"
        hub.send(client, Message("NOTICE", (client.name, text), hub.config.name))
        return
    hub.trust.room_password = new or None
    if new:
        text = "The room password is changed: newcomers must type the new one"
    else:
        text = "The room has no password now: anyone who can reach it may join"
    hub.send(client, Message("NOTICE", (client.name, text), hub.config.name))
    hub.log(f"{client.nick} {'changed' if new else 'removed'} the room password")


def kill(hub: Hub, client: Client, msg: Message) -> None:
    """KILL <nick> [<comment>]: the host disconnects someone.

    As Modern IRC describes it: the victim gets ``KILL`` from the host, then ``ERROR``, and
    everyone sharing a channel with it sees ``QUIT :Killed (<host> (<comment>))``. The close
    goes through :meth:`app.server.connection.Connection.close` like any other, so the QUIT
    broadcast and the WHOWAS entry happen where every disconnection's do. The host may kill
    itself (RFC 2812 does not forbid it) or another client that identified as the host.
    """
    if not is_host(client):
        hub.reply(client, n.ERR_NOPRIVILEGES, NOT_OPERATOR_TEXT)
        return
    name = msg.params[0]
    target = hub.find_nick(name)
    if target is None:
        if fold(name) == fold(hub.config.name):
            hub.reply(client, n.ERR_CANTKILLSERVER)
        else:
            hub.reply(client, n.ERR_NOSUCHNICK, name)
        return
    given = msg.params[1] if len(msg.params) > 1 and msg.params[1] else NO_KILL_COMMENT
    comment = truncate_utf8(given, KICKLEN)
    reason = f"Killed ({client.nick} ({comment}))"
    hub.send(target, Message("KILL", (target.nick or "", comment), client.source))
    target.conn.close(reason, f"Closing link: {target.host} ({reason})")
    hub.log(f"{client.nick} killed {target.nick} ({comment})")


def wallops(hub: Hub, client: Client, msg: Message) -> None:
    """WALLOPS :<text>: the host writes to every user with mode ``w`` (itself too, if set).

    Users choose to read these with ``MODE <nick> +w``; nobody gets them unasked.
    """
    if not is_host(client):
        hub.reply(client, n.ERR_NOPRIVILEGES, NOT_OPERATOR_TEXT)
        return
    text = msg.params[0]
    if not text:
        hub.reply(client, n.ERR_NEEDMOREPARAMS, "WALLOPS")
        return
    readers = [user for user in hub.clients if user.registered and "w" in user.modes]
    if readers:
        hub.relay(
            readers,
            Outgoing(client.source, "WALLOPS", (text,), bot=client.is_bot, account=client.account),
        )
    hub.log(f"{client.nick} sent WALLOPS to {len(readers)} user(s): {text}")
