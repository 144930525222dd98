"""Delivery: the one place a PRIVMSG, NOTICE or TAGMSG reaches its recipients.

Both ways a message arrives end here: the general path (:mod:`app.server.handlers.messaging`,
one parsed message, maybe with tags) and the relay fast path
(:mod:`app.server.handlers.fastpath`, a run of unparsed lines to one target). They differ only
in how they build what was said (a :class:`Said`); who receives it, in which variant, what is
kept for history, what the console shows and the ``301`` for an away nick are decided once,
by :func:`deliver`. ``tests/server/test_fastpath.py`` holds the two paths to the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from app.irc import numerics as n
from app.irc.names import fold
from app.server.handlers.chathistory import identity
from app.server.history import is_replayable
from app.server.limits import PREFIX_MODES, PREFIX_SYMBOLS
from app.server.outgoing import MESSAGE_TAGS, Outgoing, new_msgid
from app.server.sent import SentMessage
from app.server.state import Channel

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

ECHO_MESSAGE = "echo-message"


def channel_log_line(channel: str, nick: str, text: str) -> str:
    """The console line for a channel message: ``<#lobby> bob: hi``, ``<#lobby> * bob waves``.

    A ``/me`` action is shown as people read it, not as its CTCP wrapping.
    """
    if text.startswith("\x01ACTION ") or text == "\x01ACTION\x01":
        return f"<{channel}> * {nick} {text[8:].rstrip(chr(1))}".rstrip()
    return f"<{channel}> {nick}: {text}"


def private_log_line(sender: str, recipient: str, command: str, count: int = 1) -> str:
    """The console line for private messages: who wrote to whom, never what.

    A run of them in one read (a paste, a bot) is one line with a count, ``alice -> bob:
    (private privmsg ×25)``: a console scrolling thousands of identical lines shows nothing
    (and writing them took the console thread 2–4 % of a busy server's CPU time).
    """
    times = f" ×{count}" if count > 1 else ""
    return f"{sender} -> {recipient}: (private {command.lower()}{times})"


def may_speak(channel: Channel, client: Client) -> bool:
    """Whether ``client`` may send to ``channel`` (``+n``, ``+m``, bans; voice overrides)."""
    member = client in channel.members
    if "n" in channel.modes and not member:
        return False
    if channel.is_voiced(client):
        return True
    return "m" not in channel.modes and not channel.is_banned(client)


class Said:
    """What ``client`` said with ``command`` to ``target``: one message or a run of them.

    ``target`` is the name recipients see (a nick as its owner spells it, a channel's name
    with any status prefix). Subclasses say how the messages are built: :class:`OneMessage`
    for the general path, a run of checked lines for the fast path.
    """

    __slots__ = ("client", "command", "count", "target")

    def __init__(self, client: Client, command: str, target: str, count: int) -> None:
        self.client = client
        self.command = command
        self.target = target
        #: How many messages this is (an attribute, not a method: read for every message).
        self.count = count

    def words(self) -> Sequence[str]:
        """Each message's text, in order (empty for a TAGMSG: nothing to log or keep)."""
        raise NotImplementedError

    def outs(self) -> list[Outgoing]:
        """Each message, ready to relay in every capability variant."""
        raise NotImplementedError

    def plain(self) -> bytes:
        """All the messages as a recipient without capabilities gets them."""
        return b"".join([out.encoded(False, False) for out in self.outs()])

    def kept(self) -> list[tuple[str, Outgoing]]:
        """Each message as a history keeps it: (text, line) (a multiline message: its lines)."""
        return list(zip(self.words(), self.outs(), strict=False))

    def keep(self, hub: Hub, channel: Channel, status: str, outs: list[Outgoing]) -> None:
        """Record the messages in the channel's history and log them (a multiline message
        keeps its lines its own way: :mod:`app.server.handlers.multiline`)."""
        _keep_and_log(hub, self, channel, status, outs)


class OneMessage(Said):
    """One parsed message; ``text`` is ``()`` for a TAGMSG. Built at once, so a message that
    cannot be put on the wire raises :class:`app.irc.FormatError` before anything is queued.
    """

    __slots__ = ("_outs", "_text")

    def __init__(
        self,
        client: Client,
        command: str,
        target: str,
        text: tuple[str, ...],
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(client, command, target, 1)
        self._text = text
        self._outs = [
            Outgoing(
                client.source,
                command,
                (target, *text),
                tags,
                msgid=new_msgid(),
                bot=client.is_bot,
                account=client.account,
            )
        ]

    def words(self) -> Sequence[str]:
        return self._text

    def outs(self) -> list[Outgoing]:
        return self._outs


def deliver(hub: Hub, said: Said, to: Channel | Client, status: str = "") -> None:
    """Deliver ``said`` to the members of channel ``to`` or to the client ``to``; call under
    the state lock, after checking that ``said.client`` may send there (:func:`may_speak`).

    In a channel, ``status`` (``"@"``) limits it to members with that status or a higher
    one, and keeps it out of the history everyone is replayed. ``echo-message`` senders get
    their own copy; a TAGMSG reaches only message-tags clients.
    """
    client = said.client
    echo = ECHO_MESSAGE in client.caps
    command = said.command
    if isinstance(to, Channel):
        recipients = [member for member in to.members if member is not client or echo]
        if status:
            mode = PREFIX_MODES[PREFIX_SYMBOLS.index(status)]
            recipients = [
                member
                for member in recipients
                if member is client or to.ranks_at_least(member, mode)
            ]
        if command == "TAGMSG":
            recipients = [member for member in recipients if MESSAGE_TAGS in member.caps]
        outs = said.outs()
        hub.relay_all(recipients, outs)
        said.keep(hub, to, status, outs)
        _remember(hub, said, outs, fold(to.name))
        return
    peer = to
    # To oneself with echo-message: delivered, then echoed (two copies, as servers do;
    # labeled-response labels only the echo).
    told = [peer, client] if echo else [peer]
    if command == "TAGMSG":
        outs = said.outs()
        hub.relay_all([one for one in told if MESSAGE_TAGS in one.caps], outs)
        _remember(hub, said, outs, (fold(client.nick or ""), fold(peer.nick or "")))
        return
    if peer.caps or echo:
        outs = said.outs()
        hub.relay_all(told, outs)
        # Only ids someone saw can be named in a REDACT (a plain run has none built).
        _remember(hub, said, outs, (fold(client.nick or ""), fold(peer.nick or "")))
    else:  # the common case, with no variants: no Outgoing needs building for a run
        hub.send_bytes(peer, said.plain())
    if client.account is not None or peer.account is not None:  # kept for the accounts
        _keep_private(hub, said, peer)
    hub.log(private_log_line(client.nick or "", said.target, command, said.count))
    if command == "PRIVMSG" and peer.away is not None:
        hub.reply(client, n.RPL_AWAY, said.target, peer.away)


def _remember(hub: Hub, said: Said, outs: list[Outgoing], where: str | tuple[str, str]) -> None:
    """Index the messages' ids, so their sender (or the host) may delete them later."""
    sent = SentMessage(said.client.source, said.command, where)
    remember = hub.sent.remember
    for out in outs:
        if out.msgid:
            remember(out.msgid, sent)


def _keep_private(hub: Hub, said: Said, peer: Client) -> None:
    """Record private messages in the conversation's history (only when an account is in
    it: see :mod:`app.server.history`), CTCP requests excepted."""
    client = said.client
    sender = (identity(hub, client), client.nick or "")
    recipient = (identity(hub, peer), peer.nick or said.target)
    for word, out in said.kept():
        if is_replayable(word):
            hub.history.record_private(sender, recipient, out)


def _keep_and_log(
    hub: Hub, said: Said, channel: Channel, status: str, outs: list[Outgoing]
) -> None:
    """Record a channel's messages in its history (but CTCP requests and STATUSMSG) and log
    them. Texts are never empty (``412`` is the general path's)."""
    nick = said.client.nick or ""
    target = said.target
    record = hub.history.record
    log = hub.log
    for word, out in zip(said.words(), outs, strict=False):
        if word[0] != "\x01":  # the common case, without a call: plain text (no CTCP)
            if not status:
                record(channel, out)
            log(f"<{target}> {nick}: {word}")
        else:
            if not status and is_replayable(word):
                record(channel, out)
            log(channel_log_line(target, nick, word))
