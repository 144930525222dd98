"""``CHATHISTORY`` (IRCv3 ``draft/chathistory``) and ``MARKREAD`` (``draft/read-marker``).

Who may read what (the spec's security section): a room's history only to its members; a
private conversation only to the two accounts in it (:meth:`History.may_read`); everything
else is ``FAIL CHATHISTORY INVALID_TARGET``, worded exactly like a conversation that does not
exist, so nobody learns whose conversations there are. Errors use the spec's standard replies
verbatim. Lines go out in one ``chathistory`` batch (for a client with ``batch``), each with
its original ``time``, ``msgid`` and client-only tags when the client negotiated those tags.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc.history import BadReference, Reference, format_time, parse_reference, parse_time
from app.irc.names import fold, is_channel
from app.server.history import MAX_REQUEST, account_identity, nick_identity, private_key
from app.server.outgoing import ACCOUNT_TAG, BOT_TAGS, MESSAGE_TAGS, SERVER_TIME, Outgoing
from app.server.readmarkers import MAX_MARKERS_PER_ACCOUNT

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

CAP = "draft/chathistory"
READ_MARKER_CAP = "draft/read-marker"
SUBCOMMANDS = ("LATEST", "BEFORE", "AFTER", "AROUND", "BETWEEN", "TARGETS")
_batch_ids = itertools.count(1)


def new_batch_ref() -> str:
    """A batch reference no other open batch on this server uses."""
    return f"h{next(_batch_ids)}"


def identity(hub: Hub, client: Client) -> str:
    """``client``'s identity for private history: its account, else its nick."""
    if client.account is not None:
        return account_identity(fold(client.account))
    return nick_identity(fold(client.nick or "*"))


def nick_owner_identity(hub: Hub, nick: str) -> str:
    """The identity behind a nickname: the online user's account, the account that owns the
    name (its owner may be offline), else the nick itself."""
    online = hub.find_nick(nick)
    if online is not None and online.account is not None:
        return account_identity(fold(online.account))
    owner = hub.accounts.owner(nick)
    if owner is not None:
        return account_identity(owner.key)
    return nick_identity(fold(nick))


def _fail(hub: Hub, client: Client, code: str, *params: str) -> None:
    hub.send(client, Message("FAIL", ("CHATHISTORY", code, *params), hub.config.name))


def chathistory(hub: Hub, client: Client, msg: Message) -> None:
    """CHATHISTORY <subcommand> <target> <reference> [<reference>] <limit>."""
    params = msg.params
    sub = params[0].upper() if params else ""
    given = params[0] if params else "*"
    if sub not in SUBCOMMANDS:
        _fail(hub, client, "INVALID_PARAMS", given, "Unknown command")
        return
    needed = 5 if sub == "BETWEEN" else 4
    if len(params) < needed:
        _fail(hub, client, "INVALID_PARAMS", given, "Insufficient parameters")
        return
    if len(params) > needed:
        _fail(hub, client, "INVALID_PARAMS", given, "Too many parameters")
        return
    limit_text = params[-1]
    if not limit_text.isdigit() or len(limit_text) > 9:
        _fail(hub, client, "INVALID_PARAMS", given, limit_text, "Invalid limit")
        return
    limit = min(int(limit_text), MAX_REQUEST)
    if sub == "TARGETS":
        _targets(hub, client, given, (params[1], params[2]), limit)
        return
    target = params[1]
    refs: list[Reference] = []
    for text in params[2:-1]:
        try:
            refs.append(parse_reference(text, star=sub == "LATEST"))
        except BadReference:
            kind = text.partition("=")[0]
            if kind in ("timestamp", "msgid") or text == "*":
                _fail(hub, client, "INVALID_PARAMS", given, text, "Invalid timestamp")
            else:
                _fail(
                    hub,
                    client,
                    "INVALID_MSGREFTYPE",
                    given,
                    target,
                    text,
                    "Only timestamp and msgid references are supported",
                )
            return
    key, name = _conversation(hub, client, target)
    if key is None:
        _fail(hub, client, "INVALID_TARGET", given, target, "Messages could not be retrieved")
        return
    outs = hub.history.select(key, sub, refs, limit)
    send_history(hub, client, name, outs)


def _conversation(hub: Hub, client: Client, target: str) -> tuple[str | None, str]:
    """The history key ``client`` may read for ``target`` and the target's canonical name;
    ``(None, target)`` when it may not (or there is no such conversation)."""
    if is_channel(target):
        channel = hub.find_channel(target)
        if channel is None or client not in channel.members:
            return None, target
        return fold(channel.name), channel.name
    mine = identity(hub, client)
    if not mine.startswith("a:") or not target or " " in target:
        return None, target
    # The batch names the conversation as the client wrote it (as irctest expects of a
    # nick given in another case).
    return private_key(mine, nick_owner_identity(hub, target)), target


def send_history(hub: Hub, client: Client, name: str, outs: list[Outgoing]) -> None:
    """``outs`` to ``client`` as history of conversation ``name``: one ``chathistory`` batch
    (empty too, so the client stops waiting) if it negotiated ``batch``, else the bare lines."""
    caps = client.caps
    server = hub.config.name
    ref = new_batch_ref() if "batch" in caps else None
    if ref is not None:
        hub.send(client, Message("BATCH", (f"+{ref}", "chathistory", name), server))
    with_time, with_tags, with_account = (
        SERVER_TIME in caps,
        MESSAGE_TAGS in caps,
        ACCOUNT_TAG in caps,
    )
    for out in outs:
        tags: dict[str, str] = {}
        if ref is not None:
            tags["batch"] = ref
        if with_time:
            tags["time"] = out.time
        if with_tags:
            if out.msgid:
                tags["msgid"] = out.msgid
            if out.bot:
                tags.update(BOT_TAGS)
            # The client-only tags it was relayed with (a reply's +draft/reply…): history
            # shows the line as it was sent (the chathistory spec's example keeps them).
            tags.update(out.client_tags)
        if with_account and out.account:
            tags["account"] = out.account
        message = out.message
        hub.send(client, Message(message.command, message.params, message.source, tags))
    if ref is not None:
        hub.send(client, Message("BATCH", (f"-{ref}",), server))


def _targets(hub: Hub, client: Client, given: str, refs: tuple[str, str], limit: int) -> None:
    """CHATHISTORY TARGETS <timestamp> <timestamp> <limit>: the conversations with a latest
    line between the two times, by that time."""
    bounds = []
    for text in refs:
        kind, _, value = text.partition("=")
        if kind == "msgid":
            _fail(
                hub,
                client,
                "INVALID_MSGREFTYPE",
                given,
                "*",
                text,
                "TARGETS takes timestamps only",
            )
            return
        try:
            if kind != "timestamp":
                raise BadReference(text)
            bounds.append(parse_time(value))
        except BadReference:
            _fail(hub, client, "INVALID_PARAMS", given, text, "Invalid timestamp")
            return
    low, high = sorted(bounds)
    history = hub.history
    found: list[tuple[float, str]] = []
    for channel in client.channels.values():
        when = history.latest_time(fold(channel.name))
        if when is not None:
            found.append((when, channel.name))
    mine = identity(hub, client)
    if mine.startswith("a:"):
        for key in history.private_keys(mine):
            when = history.latest_time(key)
            partner = history.partner(key, mine)
            if when is not None and partner:
                found.append((when, partner))
    low_ms, high_ms = int(low * 1000), int(high * 1000)
    found = [item for item in found if low_ms < int(item[0] * 1000) < high_ms]
    found.sort(reverse=bounds[0] > bounds[1])
    found = found[:limit]
    server = hub.config.name
    ref = new_batch_ref() if "batch" in client.caps else None
    if ref is not None:
        hub.send(client, Message("BATCH", (f"+{ref}", "draft/chathistory-targets"), server))
    tags = {"batch": ref} if ref is not None else {}
    for when, name in found:
        hub.send(client, Message("CHATHISTORY", ("TARGETS", name, format_time(when)), server, tags))
    if ref is not None:
        hub.send(client, Message("BATCH", (f"-{ref}",), server))


# -- MARKREAD -------------------------------------------------------------------------------


def _marker_key(hub: Hub, client: Client, target: str) -> str | None:
    if is_channel(target):
        return fold(target)
    if not target or " " in target:
        return None
    return private_key(identity(hub, client), nick_owner_identity(hub, target))


def _marker(hub: Hub, client: Client, key: str) -> float | None:
    """The read marker: the account's, or (no account) this connection's own."""
    if client.account is None:
        return client.session_markers.get(key)
    return hub.markers.get(fold(client.account), key)


def _advance(hub: Hub, client: Client, key: str, when: float) -> float:
    if client.account is not None:
        return hub.markers.advance(fold(client.account), key, when)
    current = client.session_markers.get(key)
    if current is not None and when <= current:
        return current
    if current is None and len(client.session_markers) >= MAX_MARKERS_PER_ACCOUNT:
        del client.session_markers[next(iter(client.session_markers))]
    client.session_markers[key] = when
    return when


def markread(hub: Hub, client: Client, msg: Message) -> None:
    """MARKREAD <target> [timestamp=…]: set (only forwards) or get the read marker."""
    server = hub.config.name

    def fail(code: str, *params: str) -> None:
        hub.send(client, Message("FAIL", ("MARKREAD", code, *params), server))

    if not msg.params or not msg.params[0]:
        fail("NEED_MORE_PARAMS", "Missing parameters")
        return
    target = msg.params[0]
    key = _marker_key(hub, client, target)
    if key is None or len(msg.params) > 2:
        fail("INVALID_PARAMS", target, "Invalid parameters")
        return
    if len(msg.params) == 2:
        kind, _, value = msg.params[1].partition("=")
        try:
            if kind != "timestamp":
                raise BadReference(msg.params[1])
            when = parse_time(value)
        except BadReference:
            fail("INVALID_PARAMS", msg.params[1], "Invalid parameters")
            return
        before = _marker(hub, client, key)
        after = _advance(hub, client, key, when)
        if before != after and client.account is not None:  # its other clients hear of it
            for other in hub.clients_of(client.account):
                if other is not client and READ_MARKER_CAP in other.caps:
                    send_marker(hub, other, target, after)
        send_marker(hub, client, target, after)
        return
    send_marker(hub, client, target, _marker(hub, client, key))


def send_marker(hub: Hub, client: Client, target: str, when: float | None) -> None:
    """``MARKREAD <target> timestamp=…`` (``*`` when none is known)."""
    value = f"timestamp={format_time(when)}" if when is not None else "*"
    hub.send(client, Message("MARKREAD", (target, value), hub.config.name))


def marker_on_join(hub: Hub, client: Client, channel_name: str) -> None:
    """After a JOIN, before its 366: the channel's read marker (read-marker spec)."""
    if READ_MARKER_CAP not in client.caps:
        return
    send_marker(hub, client, channel_name, _marker(hub, client, fold(channel_name)))
