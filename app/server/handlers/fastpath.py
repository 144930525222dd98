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
(:mod:`app.server.handlers.messaging`), which defines the behaviour, handles that line. Both
paths deliver through one function, :func:`app.server.handlers.delivery.deliver`;
``tests/server/test_fastpath.py`` holds the two to the same bytes. A bot's lines are taken
too: their ``bot`` tags are added where the general path adds them, in the
:class:`~app.server.outgoing.Outgoing` variants for message-tags recipients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.irc import MAX_BODY_BYTES
from app.irc.names import CHANTYPES, fold
from app.server.handlers.delivery import ECHO_MESSAGE, Said, deliver, may_speak
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


class _Run(Said):
    """Consecutive lines with one head, as received: what the sender said, delivered by
    :func:`~app.server.handlers.delivery.deliver` once :attr:`target` is known.

    Checked as a whole, in a few C calls (one join, one NUL search, one decode) rather than
    line by line: per-line Python work is what a busy relay pays for. The messages are built
    only for recipients that need them: a private run to a client without capabilities
    needs none, its lines are relayed as they came with the sender's prefix.
    """

    __slots__ = ("_joined", "_outs", "_words", "as_written", "head", "received")

    def __init__(
        self, client: Client, command: str, head: bytes, received: list[bytes], joined: bytes
    ) -> None:
        # Said's fields set here rather than through super().__init__(): a run is made for
        # every batch, and the extra call cost a tenth of a lone message's relay. The target
        # (the name recipients see) is set when the recipient is found.
        self.client = client
        self.command = command
        self.target = ""
        self.count = len(received)
        self.head = head
        self.received = received
        #: Whether :attr:`target` is spelled as in the lines: then they are relayed as they are.
        self.as_written = False
        self._joined = joined  # the lines joined with LF: valid UTF-8, decoded when needed
        self._words: list[str] | None = None
        self._outs: list[Outgoing] | None = None

    def first(self) -> _Run:
        """The run cut to its first line."""
        first = self.received[0]
        return _Run(self.client, self.command, self.head, [first], first)

    def texts(self) -> list[bytes]:
        """Each line's text (what follows the head), as received."""
        size = len(self.head)
        return [line[size:] for line in self.received]

    def words(self) -> list[str]:
        """Each line's text, decoded."""
        if self._words is None:
            size = len(self.head.decode())
            self._words = [line[size:] for line in self._joined.decode().split("\n")]
        return self._words

    def outs(self) -> list[Outgoing]:
        if self._outs is None:
            source, command, target = self.client.source, self.command, self.target
            prefix = b":%s %s %s :" % (source.encode(), command.encode(), target.encode())
            bot, account = self.client.is_bot, self.client.account
            self._outs = [
                Outgoing(
                    source,
                    command,
                    (target, word),
                    msgid=new_msgid(),
                    plain=prefix + text + b"\r\n",
                    bot=bot,
                    account=account,
                )
                for text, word in zip(self.texts(), self.words(), strict=True)
            ]
        return self._outs

    def plain(self) -> bytes:
        if self._outs is not None:
            return super().plain()
        source = self.client.source.encode()
        if self.as_written:
            prefix = b":%s " % source
            lines = self.received
        else:
            prefix = b":%s %s %s :" % (source, self.command.encode(), self.target.encode())
            lines = self.texts()
        return prefix + (b"\r\n" + prefix).join(lines) + b"\r\n"


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
    run = _run(client, command, lines, start, head)
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


def _run(
    client: Client, command: str, lines: Sequence[bytes | None], start: int, head: bytes
) -> _Run | None:
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
    return _Run(client, command, head, received, joined) if received else None


def _to_channel(hub: Hub, client: Client, folded: str, run: _Run) -> int:
    channel = hub.channels.get(folded)
    if channel is None or not may_speak(channel, client):
        return 0
    run.target = channel.name
    deliver(hub, run, channel)
    return len(run.received)


def _to_nick(hub: Hub, client: Client, folded: str, target: str, run: _Run) -> int:
    peer = hub.nicks.get(folded)
    if peer is None or not peer.registered:
        return 0
    if (run.command == "PRIVMSG" and peer.away is not None) or (
        peer is client and ECHO_MESSAGE in client.caps
    ):
        # Each message earns its own 301, in turn with its echo; one to oneself arrives
        # twice (delivered, echoed) before the next: one at a time.
        run = run.first()
    nick = peer.nick or target
    run.target = nick
    run.as_written = nick == target
    deliver(hub, run, peer)
    return len(run.received)
