"""``python -m app discover [--seconds N]``: the chats on the network, for scripts and for
people without a display.

Listens for ``--seconds`` (3 by default), then prints one tab-separated line per chat under a
header: name, host nickname, address:port, room, people, password (yes/no), fingerprint and
the invite link to join it with (``python -m app join 'ircs://…'`` pins that fingerprint).
Every field was cleaned of control characters by :mod:`app.discovery.record`, so nothing
announced can reach the terminal raw.
"""

from __future__ import annotations

import argparse
import sys

from app import discovery
from app.discovery.browse import browse_for
from app.discovery.record import FoundChat
from app.irc.url import format_irc_url

HEADER = ("name", "host", "address", "room", "people", "password", "fingerprint", "invite")
MAX_SECONDS = 3600.0


def row(chat: FoundChat) -> tuple[str, ...]:
    """One chat's fields, in :data:`HEADER`'s order."""
    record = chat.record
    invite = format_irc_url(
        "ircs", chat.address, chat.port, record.room, {"fp": record.fingerprint}
    )
    return (
        chat.name,
        record.nick or "-",
        f"{chat.address}:{chat.port}",
        record.room,
        "?" if record.people is None else str(record.people),
        "yes" if record.password else "no",
        record.fingerprint,
        invite,
    )


def run_discover(args: argparse.Namespace) -> int:
    """Browse, print, return the exit status (2 when discovery is off or cannot run)."""
    seconds = float(getattr(args, "seconds", 3.0))
    if not 0 < seconds <= MAX_SECONDS:
        print(f"--seconds must be between 0 and {MAX_SECONDS:.0f}.", file=sys.stderr)
        return 2
    if not discovery.enabled():
        print(
            f"Discovery is off ({discovery.ENVIRONMENT}=off); nothing was looked for.",
            file=sys.stderr,
        )
        return 2
    chats = browse_for(seconds)
    print("\t".join(HEADER))
    for chat in chats:
        print("\t".join(row(chat)))
    if not chats:
        print(f"No chats found on the network in {seconds:g} s.", file=sys.stderr)
    sys.stdout.flush()
    return 0
