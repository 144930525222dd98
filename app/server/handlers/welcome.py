"""The welcome burst: what a client is sent right after registering (001–005, LUSERS, MOTD).

Its parts are also answers of their own (``LUSERS``, ``MOTD``, the 005 lines after
``VERSION``): :mod:`~app.server.handlers.registration` and
:mod:`~app.server.handlers.queries` both use them, so they live here, below both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import __version__
from app.irc import Message
from app.irc import numerics as n
from app.server.limits import CHANMODES, PREFIX_MODES, USER_MODES, isupport_lines

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: The server's version, as 002, 004 and VERSION give it.
VERSION = f"gofto-{__version__}"


def welcome(hub: Hub, client: Client) -> None:
    """001–005, LUSERS and the MOTD: what a client expects right after registering."""
    cfg = hub.config
    hub.reply(
        client,
        n.RPL_WELCOME,
        f"Welcome to the {cfg.network} IRC Network, {client.source}",
    )
    hub.reply(client, n.RPL_YOURHOST, f"Your host is {cfg.name}, running version {VERSION}")
    hub.reply(client, n.RPL_CREATED, f"This server was created {hub.started}")
    chanmodes = "".join(sorted("".join(CHANMODES) + PREFIX_MODES))
    with_param = "".join(sorted(CHANMODES[0] + CHANMODES[1] + CHANMODES[2] + PREFIX_MODES))
    hub.send(
        client,
        Message(
            n.RPL_MYINFO,
            (client.name, cfg.name, VERSION, USER_MODES, chanmodes, with_param),
            cfg.name,
        ),
    )
    send_isupport(hub, client)
    send_lusers(hub, client)
    send_motd(hub, client)


def send_isupport(hub: Hub, client: Client) -> None:
    """The 005 lines (also sent after VERSION); a TLS connection also hears where the host
    takes shared files (``draft/FILEHOST``, see app.server.filehost)."""
    extra = []
    if hub.filehost is not None and client.conn.secure:
        extra.append(hub.filehost.isupport(client.conn.sock.getsockname()))
    for tokens in isupport_lines(hub.config.network, extra):
        hub.send(
            client,
            Message(
                n.RPL_ISUPPORT,
                (client.name, *tokens, "are supported by this server"),
                hub.config.name,
            ),
        )


def send_lusers(hub: Hub, client: Client) -> None:
    """251–255, 265, 266, as servers send them after the welcome."""
    total = hub.users
    invisible, operators = hub.user_modes["i"], hub.user_modes["o"]
    unknown = len(hub.clients) - total
    top = max(hub.max_users, total)
    server = hub.config.name

    def say(code: str, *params: str) -> None:
        hub.send(client, Message(code, (client.name, *params), server))

    say(
        n.RPL_LUSERCLIENT,
        f"There are {total - invisible} users and {invisible} invisible on 1 servers",
    )
    say(n.RPL_LUSEROP, str(operators), "operator(s) online")
    if unknown:
        say(n.RPL_LUSERUNKNOWN, str(unknown), "unknown connection(s)")
    say(n.RPL_LUSERCHANNELS, str(len(hub.channels)), "channels formed")
    say(n.RPL_LUSERME, f"I have {total} clients and 0 servers")
    say(n.RPL_LOCALUSERS, str(total), str(top), f"Current local users {total}, max {top}")
    say(n.RPL_GLOBALUSERS, str(total), str(top), f"Current global users {total}, max {top}")


def send_motd(hub: Hub, client: Client) -> None:
    """375, 372 per line, 376; or 422 when there is no MOTD."""
    lines = hub.config.motd_lines()
    server = hub.config.name
    if not lines:
        hub.reply(client, n.ERR_NOMOTD)
        return
    hub.send(
        client, Message(n.RPL_MOTDSTART, (client.name, f"- {server} Message of the day - "), server)
    )
    for line in lines:
        hub.send(client, Message(n.RPL_MOTD, (client.name, f"- {line}"), server))
    hub.reply(client, n.RPL_ENDOFMOTD)
