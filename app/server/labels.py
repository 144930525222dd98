"""IRCv3 ``labeled-response``: the answer to a labelled command carries its label.

How: while the command runs (under the hub's lock), everything queued for the sender's
connection is captured instead of appended; afterwards the captured lines go out labelled —
nothing becomes an ``ACK``, one line gets the ``label`` tag, several are wrapped in a
``labeled-response`` batch whose opening line carries it (or, when the answer already is one
batch, as a ``CHATHISTORY`` answer is, that batch's opening line carries it). Capturing at the
connection catches every reply, whichever handler or helper queued it, without a parameter
threaded through them all. Nothing else can reach that connection meanwhile: every writer
holds the same lock.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.irc import Message
from app.irc.message import format_tags, parse_tags
from app.server.wire import encode

if TYPE_CHECKING:
    from app.server.hub import Hub
    from app.server.state import Client

CAP = "labeled-response"
#: The spec's limit on a label's length.
MAX_LABEL_BYTES = 64
_refs = itertools.count(1)


def wanted(client: Client, msg: Message) -> str | None:
    """The label to answer ``msg`` with, or ``None`` (no label, no capability, too long).

    Opening a ``draft/multiline`` batch is answered later: the label goes on the echo of the
    whole batch when it closes (:mod:`app.server.handlers.multiline` keeps it, :func:`of`).
    """
    params = msg.params
    if (
        msg.command == "BATCH"
        and params[:1]
        and params[0][:1] == "+"
        and params[1:2] == ("draft/multiline",)
    ):
        return None
    return _checked(client, msg.tags.get("label"))


def of(client: Client, msg: Message) -> str | None:
    """``msg``'s label if the client may have it answered (whatever the command)."""
    return _checked(client, msg.tags.get("label"))


def wanted_raw(client: Client, text: str) -> str | None:
    """:func:`wanted` for a line that did not parse: its label, if its tags can be read."""
    if not text.startswith("@") or " " not in text:
        return None
    try:
        tags = parse_tags(text[1 : text.index(" ")])
    except ValueError:
        return None
    return _checked(client, tags.get("label"))


def _checked(client: Client, label: str | None) -> str | None:
    if not label or CAP not in client.caps or "batch" not in client.caps:
        return None
    return label if len(label.encode()) <= MAX_LABEL_BYTES else None


def run_labelled(hub: Hub, client: Client, label: str, handle: Callable[[], None]) -> None:
    """Run ``handle`` and send what it queued for ``client`` labelled with ``label``."""
    conn = client.conn
    captured: list[bytes] = []
    conn.append = captured.append  # type: ignore[method-assign]  # shadows the method
    try:
        handle()
    finally:
        del conn.append  # the class's method again
    lines = [line for line in b"".join(captured).split(b"\r\n") if line]
    server = hub.config.name
    tag = format_tags({"label": label}).encode()
    if not lines:
        hub.send_bytes(client, encode(Message("ACK", (), server, {"label": label})))
        return
    if len(lines) == 2 and lines[0] == lines[1]:
        # A message to oneself, delivered and echoed: only the echo (the second) is labelled,
        # and the two are no batch (labeled-response: "When a client sends a message to
        # itself…").
        hub.send_bytes(client, lines[0] + b"\r\n" + _tagged(lines[1], tag) + b"\r\n")
        return
    if len(lines) == 1 or _one_batch(lines):
        lines[0] = _tagged(lines[0], tag)
        hub.send_bytes(client, b"\r\n".join(lines) + b"\r\n")
        return
    ref = f"L{next(_refs)}"
    opening = encode(Message("BATCH", (f"+{ref}", "labeled-response"), server, {"label": label}))
    inner = [
        line if _has_batch(line) else _tagged(line, b"batch=" + ref.encode()) for line in lines
    ]
    closing = encode(Message("BATCH", (f"-{ref}",), server))
    hub.send_bytes(client, opening + b"\r\n".join(inner) + b"\r\n" + closing)


def _tagged(line: bytes, tag: bytes) -> bytes:
    """``line`` with one more tag in front of its others."""
    if line.startswith(b"@"):
        return b"@" + tag + b";" + line[1:]
    return b"@" + tag + b" " + line


def _has_batch(line: bytes) -> bool:
    if not line.startswith(b"@"):
        return False
    tags = line[1 : line.find(b" ")]
    return any(item.startswith(b"batch=") for item in tags.split(b";"))


def _one_batch(lines: list[bytes]) -> bool:
    """Whether the answer is exactly one batch: its opening, its lines, its closing."""
    first = lines[0].split(b" ")
    first = first[1:] if first[0].startswith(b"@") else first
    # The encoder may write any last parameter with its colon (":-ref").
    if len(first) < 3 or first[1] != b"BATCH" or not first[2].lstrip(b":").startswith(b"+"):
        return False
    ref = first[2].lstrip(b":")[1:]
    last = lines[-1].split(b" ")
    last = last[1:] if last[0].startswith(b"@") else last
    if len(last) < 3 or last[1] != b"BATCH" or last[2].lstrip(b":") != b"-" + ref:
        return False
    return all(_has_batch(line) for line in lines[1:-1])
