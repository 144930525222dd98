"""The relay fast path: runs of ``PRIVMSG``/``NOTICE <target> :<text>`` without a parse.

Why: relaying is what a chat server does most, and the general path (decode, parse, dispatch,
build and format an :class:`~app.server.outgoing.Outgoing`) costs tens of microseconds per
line. A busy client also sends many lines to the same target in one ``recv`` (a paste, a bot,
a benchmark). So the fast path takes a whole *run*: the consecutive lines of a batch that
share one ``COMMAND target :`` head. The head is checked and the target looked up once, each
line only for what differs (its text), and each recipient gets the run with a single append.

It takes only the common shape: upper-case command, no tags or source, one target that
exists and may be spoken to (never a STATUSMSG target such as ``@#room``), non-empty valid
UTF-8 text without NUL, within the body limit, a registered sender. Anything else, every
error reply included, is declined *before* anything changed, and the general path
(:mod:`app.server.handlers.messaging`), which defines the behaviour, handles that line;
``tests/server/test_fastpath.py`` holds the two to the same bytes. A bot's lines are taken
too: their ``bot`` tags are added where the general path adds them, in the
:class:`~app.server.outgoing.Outgoing` variants for message-tags recipients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.irc import MAX_BODY_BYTES
from app.irc import numerics as n
from app.irc.names import CHANTYPES, fold
from app.server.handlers.messaging import channel_log_line, may_speak, private_log_line
from app.server.history import is_replayable
from app.server.limits import STATUSMSG
from app.server.outgoing import Outgoing, new_msgid

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

#: Commands the fast path takes, by their received bytes.
_FAST_COMMANDS = {b"PRIVMSG": "PRIVMSG", b"NOTICE": "NOTICE"}
_CHANNEL_STARTS = frozenset(CHANTYPES.encode())
#: First bytes of a STATUSMSG target (``@#room``): the general path delivers those.
_STATUS_STARTS = frozenset(STATUSMSG.encode())
#: Recent targets as received, decoded and folded: folding (NFKC twice and a case fold) is
#: the dearest step of finding a nick, and people keep writing to the same few. Cleared when
#: full.
_folded: dict[bytes, tuple[str, str]] = {}
_FOLDED_MAX = 4096
#: Longest line (without CR LF) the fast path relays; longer ones get the general path's 417.
_LONGEST = MAX_BODY_BYTES - 2


class _Run:
    """Consecutive lines with one head: as received, and their texts when needed.

    Checked as a whole, in a few C calls (one join, one NUL search, one decode) rather than
    line by line: per-line Python work is what a busy relay pays for.
    """

    def __init__(self, command: str, head: bytes, received: list[bytes], joined: bytes) -> None:
        self.command = command
        self.head = head
        self.received = received
        self._joined = joined  # the lines joined with LF: valid UTF-8, decoded when needed

    def first(self) -> _Run:
        """The run cut to its first line."""
        first = self.received[0]
        return _Run(self.command, self.head, [first], first)

    def texts(self) -> list[bytes]:
        """Each line's text (what follows the head), as received."""
        size = len(self.head)
        return [line[size:] for line in self.received]

    def words(self) -> list[str]:
        """Each line's text, decoded."""
        size = len(self.head.decode())
        return [line[size:] for line in self._joined.decode().split("\n")]


def fast_deliver(hub: Hub, client: Client, lines: Sequence[bytes | None], start: int) -> int:
    """Relay the run of lines from ``lines[start]`` that share its head; how many it took.

    ``0`` means ``lines[start]`` was declined (the general path must handle it); nothing was
    changed then. Call under the state lock.
    """
    raw = lines[start]
    if raw is None or not client.registered:
        return 0
    command_bytes, _, rest = raw.partition(b" ")
    command = _FAST_COMMANDS.get(command_bytes)
    if command is None:
        return 0
    target_bytes, colon, _ = rest.partition(b" :")
    if (
        not colon
        or not target_bytes
        or target_bytes[0] == 0x3A  # ":": the general parser reads it as the trailing param
        or target_bytes[0] in _STATUS_STARTS
        # Byte values, not one-byte strings: ``0x20 in data`` is a memchr, while
        # ``b" " in data`` goes through the buffer protocol and costs ten times as much.
        or 0x20 in target_bytes  # " "
        or 0x2C in target_bytes  # ","
    ):
        return 0
    head = raw[: len(command_bytes) + len(target_bytes) + 3]  # b"PRIVMSG bob :"
    run = _run(command, lines, start, head)
    if run is None:
        return 0
    names = _folded.get(target_bytes)
    if names is None:
        try:
            target = target_bytes.decode()
        except UnicodeDecodeError:
            return 0  # the general path replaces the bad bytes and warns the sender
        if len(_folded) >= _FOLDED_MAX:
            _folded.clear()
        names = _folded[target_bytes] = (target, fold(target))
    target, folded = names
    if target_bytes[0] in _CHANNEL_STARTS:
        taken = _to_channel(hub, client, folded, run)
    else:
        taken = _to_nick(hub, client, folded, target, run)
    if taken and command == "PRIVMSG":
        client.last_message = client.last_seen  # stamped when the batch arrived
    return taken


def _run(command: str, lines: Sequence[bytes | None], start: int, head: bytes) -> _Run | None:
    """The lines from ``start`` that begin with ``head`` and are each fit for the fast
    path; ``None`` when ``lines[start]`` is not."""
    size = len(head)
    received: list[bytes] = []
    # The common case, a whole batch to one target, is checked without a Python loop: every
    # line begins with the head when "LF head" occurs once per line break (the head holds
    # no LF, so it can only match at the start of a line). Only from the batch's first line,
    # so a batch that keeps changing targets costs no more than one such check.
    if start == 0 and all(lines):  # no None (a too-long line); the framer yields no b""
        whole: list[bytes] = list(lines)  # type: ignore[arg-type]
        joined = b"\n".join(whole)
        lengths = sorted(map(len, whole))
        if (
            joined.startswith(head)
            and joined.count(b"\n" + head) == len(whole) - 1
            # No text is a 412 and too long a 417, both the general path's.
            and lengths[0] > size
            and lengths[-1] <= _LONGEST
        ):
            received = whole
    if not received:
        for index in range(start, len(lines)):
            line = lines[index]
            if line is None or not line.startswith(head) or not size < len(line) <= _LONGEST:
                break
            received.append(line)
        joined = b"\n".join(received)
    if 0 in joined:  # NUL is never relayed: stop before the first line that holds one
        received = received[: next(i for i, line in enumerate(received) if 0 in line)]
        joined = b"\n".join(received)
    if not joined.isascii():  # ASCII is valid UTF-8, and needs no decoding to know it
        try:
            joined.decode()
        except UnicodeDecodeError as exc:  # stop before the line with the first bad byte
            received = received[: joined.count(b"\n", 0, exc.start)]
            joined = b"\n".join(received)
    return _Run(command, head, received, joined) if received else None


def _to_channel(hub: Hub, client: Client, folded: str, run: _Run) -> int:
    channel = hub.channels.get(folded)
    if channel is None or not may_speak(channel, client):
        return 0
    command, texts, words = run.command, run.texts(), run.words()
    name = channel.name
    source = client.source
    prefix = b":%s %s %s :" % (source.encode(), command.encode(), name.encode())
    bot, account = client.is_bot, client.account
    outs = [
        Outgoing(
            source,
            command,
            (name, word),
            msgid=new_msgid(),
            plain=prefix + text + b"\r\n",
            bot=bot,
            account=account,
        )
        for text, word in zip(texts, words, strict=True)
    ]
    echo = "echo-message" in client.caps
    recipients = [member for member in channel.members if member is not client or echo]
    hub.relay_all(recipients, outs)
    nick = client.nick or ""
    record = hub.history.record
    for text, word, out in zip(texts, words, outs, strict=True):
        if text[0] != 1:  # the common case, without a call: plain text (no CTCP)
            record(channel, out)
            hub.log(f"<{name}> {nick}: {word}")
        else:
            if is_replayable(word):
                record(channel, out)
            hub.log(channel_log_line(name, nick, word))
    return len(outs)


def _to_nick(hub: Hub, client: Client, folded: str, target: str, run: _Run) -> int:
    command = run.command
    peer = hub.nicks.get(folded)
    if peer is None or not peer.registered:
        return 0
    if client.account is not None or peer.account is not None:
        return 0  # kept in private history (and account-tagged): the general path does that
    away = command == "PRIVMSG" and peer.away is not None
    echo = "echo-message" in client.caps
    if away or (echo and peer is client):
        # Each message earns its own 301, in turn with its echo; one to oneself arrives
        # twice (delivered, echoed) before the next: one at a time.
        run = run.first()
    nick = peer.nick or target
    source = client.source.encode()
    if peer.caps or echo:
        sender, crlf, bot = client.source, b"\r\n", client.is_bot
        prefix = b":%s %s %s :" % (source, command.encode(), nick.encode())
        outs = [
            Outgoing(
                sender,
                command,
                (nick, word),
                msgid=new_msgid(),
                plain=prefix + text + crlf,
                bot=bot,
            )
            for text, word in zip(run.texts(), run.words(), strict=True)
        ]
        hub.relay_all([peer, client] if echo else [peer], outs)  # to oneself: both copies
    elif nick == target:  # as usual, written as the peer spells it: relay the lines as they are
        prefix = b":%s " % source
        hub.send_bytes(peer, prefix + (b"\r\n" + prefix).join(run.received) + b"\r\n")
    else:
        prefix = b":%s %s %s :" % (source, command.encode(), nick.encode())
        hub.send_bytes(peer, prefix + (b"\r\n" + prefix).join(run.texts()) + b"\r\n")
    hub.log(private_log_line(client.nick or "", nick, command, len(run.received)))
    if away:
        hub.reply(client, n.RPL_AWAY, nick, peer.away or "")
    return len(run.received)
