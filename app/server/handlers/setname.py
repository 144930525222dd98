"""SETNAME: change one's realname on a live connection (IRCv3 ``setname``).

Why a command of its own: the realname used to be fixed by USER at registration, but clients
now show it next to nicks (or build avatars from it), so people want to change it without
reconnecting. The spec (https://ircv3.net/specs/extensions/setname) asks that:

- a valid change is confirmed with ``:nick!user@host SETNAME :<realname>`` to the sender and
  to everyone in a shared channel, but only to clients that negotiated ``setname``; a client
  that did not is still served, silently, as historic implementations did;
- an invalid realname is refused with ``FAIL SETNAME INVALID_REALNAME`` (standard replies).
  That answer is sent whether or not the capability was negotiated: silence would leave a
  client believing a change happened that did not.

Valid means non-empty and at most ``NAMELEN`` (:data:`~app.server.limits.REALNAMELEN`)
characters, the same limit USER applies (USER cuts, SETNAME refuses: the spec asks that the
change be checked, and cutting would change the name behind the user's back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.server.handlers.monitor import extended_watchers
from app.server.limits import REALNAMELEN
from app.server.outgoing import Outgoing

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: The capability that asks for SETNAME confirmations and peers' changes.
SETNAME_CAP = "setname"


def setname(hub: Hub, client: Client, msg: Message) -> None:
    """SETNAME :<realname> (at least one parameter: the dispatcher answers 461 otherwise)."""
    realname = msg.params[0]
    if not realname or len(realname) > REALNAMELEN:
        fail = ("SETNAME", "INVALID_REALNAME", "Realname is not valid")
        hub.send(client, Message("FAIL", fail, hub.config.name))
        return
    client.realname = realname
    told = [peer for peer in client.peers() | {client} if SETNAME_CAP in peer.caps]
    told.extend(extended_watchers(hub, client, SETNAME_CAP) - client.peers())
    if told:
        hub.relay(
            told,
            Outgoing(
                client.source, "SETNAME", (realname,), bot=client.is_bot, account=client.account
            ),
        )
    hub.log(f"{client.nick} set their realname to {realname}")
