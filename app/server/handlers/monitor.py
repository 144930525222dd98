"""IRCv3 MONITOR: the command, and the 730/731 notices when a monitored nick comes or goes.

Spec: https://ircv3.net/specs/extensions/monitor (``MONITOR=<limit>`` in ISUPPORT). The lists
themselves live in :class:`app.server.monitor.MonitorRegistry` (``hub.monitors``); this
module answers the command and tells watchers about sign-ons, sign-offs and nick changes:

- ``MONITOR + a,b``: each valid nick is added once; its status follows as ``730`` (online,
  ``nick!user@host``) or ``731`` (offline). A target that is not a valid nick (a mask such as
  ``*!user@host``) is ignored, as the spec wants targets to be nicks, so nobody can watch a
  host across nick changes. Past the limit: ``734 <limit> <targets>`` and the rest is dropped.
- ``MONITOR - a,b`` and ``MONITOR C``: no reply, by the spec.
- ``MONITOR L``: ``732`` lists then ``733``; ``MONITOR S``: the status of every target.

Lists of targets are comma-separated and spread over as many lines as the 512-byte limit asks
(:func:`app.server.replies.packed` with commas).

IRCv3 ``extended-monitor`` (https://ircv3.net/specs/extensions/extended-monitor): a client that
negotiated it also gets, for the nicks it monitors, the notices it would get from someone in
a shared channel, as far as its other capabilities ask for them (``AWAY`` with
``away-notify``, ``SETNAME`` with ``setname``): see :func:`extended_watchers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.irc import Message
from app.irc import numerics as n
from app.irc.message import MAX_BODY_BYTES
from app.irc.names import fold, nick_problem
from app.server.limits import MONITOR_LIMIT
from app.server.replies import packed, token
from app.server.wire import encode

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: The capability that extends MONITOR to away and realname changes.
EXTENDED_MONITOR = "extended-monitor"
#: 734's trailing text, as the spec writes it.
_LIST_FULL_TEXT = "Monitor list is full."


def monitor(hub: Hub, client: Client, msg: Message) -> None:
    """MONITOR (+|-) targets, or MONITOR (C|L|S); see the module docstring."""
    modifier = msg.params[0].upper()
    if modifier in ("+", "-"):
        if len(msg.params) < 2 or not msg.params[1]:
            hub.reply(client, n.ERR_NEEDMOREPARAMS, "MONITOR")
        elif modifier == "+":
            _add(hub, client, msg.params[1])
        else:
            for target in msg.params[1].split(","):
                hub.monitors.remove(client, target)
    elif modifier == "C":
        hub.monitors.forget(client)
    elif modifier == "L":
        head = [client.name]
        for line in packed(head, hub.monitors.targets(client), hub.config.name, n.RPL_MONLIST, ","):
            hub.send(client, line)
        hub.reply(client, n.RPL_ENDOFMONLIST)
    elif modifier == "S":
        _status(hub, client, hub.monitors.targets(client))
    else:
        reason = "Unknown MONITOR modifier (use +, -, C, L or S)"
        params = (client.name, "MONITOR", token(msg.params[0]), reason)
        hub.send(client, Message(n.ERR_UNKNOWNERROR, params, hub.config.name))


def _add(hub: Hub, client: Client, text: str) -> None:
    """``MONITOR + text``: add each valid, new target until the list is full; report the
    status of every valid target named (already listed ones too: the client asked)."""
    registry = hub.monitors
    named: list[str] = []
    seen: set[str] = set()
    refused: list[str] = []
    for target in text.split(","):
        if not target or nick_problem(target) is not None:
            continue  # not a nick: never watched, never answered
        key = fold(target)
        if key in seen:
            continue
        seen.add(key)
        if not registry.has(client, target):
            if refused or registry.count(client) >= MONITOR_LIMIT:
                refused.append(target)  # full: this and every later new target are refused
                continue
            registry.add(client, target)
        named.append(target)
    _status(hub, client, named)
    if refused:
        _list_full(hub, client, refused)


def _status(hub: Hub, client: Client, targets: list[str]) -> None:
    """730 for the targets online (as ``nick!user@host``), 731 for the others, as written."""
    online: list[str] = []
    offline: list[str] = []
    for target in targets:
        user = hub.find_nick(target)
        if user is not None:
            online.append(user.source)
        else:
            offline.append(target)
    server = hub.config.name
    head = [client.name]
    for line in packed(head, online, server, n.RPL_MONONLINE, ","):
        hub.send(client, line)
    for line in packed(head, offline, server, n.RPL_MONOFFLINE, ","):
        hub.send(client, line)


def _list_full(hub: Hub, client: Client, refused: list[str]) -> None:
    """734 naming the targets that were not added, cut at a comma if the line would be too
    long (the client's line may have been nearly 512 bytes already)."""
    server = hub.config.name
    head = (client.name, str(MONITOR_LIMIT))
    # The line without its targets: the probe's one-letter "x" stands for them.
    base = len(encode(Message(n.ERR_MONLISTFULL, (*head, "x", _LIST_FULL_TEXT), server))) - 1
    kept: list[str] = []
    size = 0
    for target in refused:
        cost = len(target.encode("utf-8")) + (1 if kept else 0)
        if kept and base + size + cost > MAX_BODY_BYTES:
            break
        kept.append(target)
        size += cost
    params = (*head, ",".join(kept), _LIST_FULL_TEXT)
    hub.send(client, Message(n.ERR_MONLISTFULL, params, server))


def signed_on(hub: Hub, client: Client) -> None:
    """Tell everyone monitoring ``client``'s nick that it is online (it registered, or took
    this nick)."""
    if client.nick is None:
        return
    server = hub.config.name
    for watcher in hub.monitors.watchers(client.nick):
        hub.send(watcher, Message(n.RPL_MONONLINE, (watcher.name, client.source), server))


def signed_off(hub: Hub, nick: str) -> None:
    """Tell everyone monitoring ``nick`` that it went offline, written as its user had it."""
    server = hub.config.name
    for watcher in hub.monitors.watchers(nick):
        hub.send(watcher, Message(n.RPL_MONOFFLINE, (watcher.name, nick), server))


def nick_changed(hub: Hub, client: Client, old: str) -> None:
    """A registered user went from ``old`` to its current nick: the old one is offline, the
    new one online. A change of case only is no change to a watcher (same folded nick)."""
    if client.nick is None or fold(old) == fold(client.nick):
        return
    signed_off(hub, old)
    signed_on(hub, client)


def client_gone(hub: Hub, client: Client) -> None:
    """``client`` is leaving: its own list is dropped (nothing left in the indexes), and if it
    was online, its watchers hear it went offline."""
    hub.monitors.forget(client)
    if client.registered and client.nick is not None:
        signed_off(hub, client.nick)


def extended_watchers(hub: Hub, client: Client, cap: str) -> set[Client]:
    """Who monitors ``client`` with ``extended-monitor`` and ``cap``: they are told of its
    changes that ``cap`` brings to a shared channel's members (``client`` itself excluded)."""
    if client.nick is None:
        return set()
    return {
        watcher
        for watcher in hub.monitors.watchers(client.nick)
        if watcher is not client and EXTENDED_MONITOR in watcher.caps and cap in watcher.caps
    }
