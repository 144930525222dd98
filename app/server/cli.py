"""``python -m app serve``: the chat server without a window.

Prints ``Listening on HOST : PORT`` once it accepts connections, then one console line per
connection, join, message and disconnect. Ctrl-C (SIGINT) and SIGTERM stop it cleanly (exit 0:
every client gets a closing notice first); a port already in use is one sentence on stderr and
exit status 2.

Connections are encrypted when the client speaks TLS (on the same port as plain text, unless
``--tls-only``); the certificate is ``--cert``/``--key`` or this computer's own, made on first
use in the data directory. Its fingerprint is printed at start so people can compare it.

``--history FILE`` keeps history (rooms and private conversations), accounts, read markers and
waiting messages in that SQLite file across restarts (see :mod:`app.server.store`); without it
they live in memory only (nothing is written).

After the ``Encryption:`` line comes one ``Invite: ircs://ADDRESS:PORT/ROOM?fp=…`` line per
address the server can be reached at: a link that pins the certificate (see
:mod:`app.client.invite`). ``--announce`` also announces the chat on the LAN (DNS-SD, see
:mod:`app.discovery`) until the server stops, withdrawing it with goodbye records; nothing is
announced when ``GOFTO_DISCOVERY=off``.

``--max-per-address N``, ``--connect-rate N/min``, ``--max-unregistered N``, ``--max-clients N``
and ``--exempt-loopback on/off`` set the connection limits (``0`` turns one off; see
:mod:`app.server.admission`).

Shared files (IRCv3 ``draft/FILEHOST``) go over HTTPS on the same port: ``--upload-limit
SIZE`` bounds one file (default 100MB), ``--upload-quota SIZE`` all of them (default 1GB; the
oldest go first). With ``--history`` they are kept next to the history file and survive a
restart; without it they live in a temporary folder removed at exit.

``--operator-password SECRET`` lets a headless host moderate: any IRC client that sends
``OPER host SECRET`` becomes operator of every room (see :mod:`app.server.handlers.moderation`).
"""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from app import collector
from app.discovery.announce import Announcer
from app.errors import AddressInUse
from app.server.announcing import announcer_for, default_name, invite_links
from app.server.console import ConsoleLog
from app.server.filehost import FileHostSettings
from app.server.filehost.service import DEFAULT_UPLOAD_LIMIT, DEFAULT_UPLOAD_QUOTA
from app.server.filehost.sizes import format_size
from app.server.limit_options import limits_from
from app.server.server import ChatServer
from app.server.tls import ServerTls

EXIT_OK = 0
EXIT_ADDRESS_IN_USE = 2
EXIT_BAD_CERTIFICATE = 2


def run_serve(args: argparse.Namespace) -> int:
    """Run the server until SIGINT/SIGTERM; the return value is the exit status."""
    cert, key = getattr(args, "cert", None), getattr(args, "key", None)
    if (cert is None) != (key is None):
        print("Give both --cert and --key, or neither.", file=sys.stderr, flush=True)
        return EXIT_BAD_CERTIFICATE
    try:
        tls = ServerTls.for_host(
            args.name,
            tls_only=bool(getattr(args, "tls_only", False)),
            cert_path=Path(cert) if cert else None,
            key_path=Path(key) if key else None,
        )
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        print(f"Cannot use the TLS certificate: {exc}", file=sys.stderr, flush=True)
        return EXIT_BAD_CERTIFICATE
    console = ConsoleLog(sys.stdout)
    server = ChatServer(
        host=args.host,
        port=args.port,
        password=args.password,
        # The host's secret: "OPER host <secret>" from any IRC client makes it the operator.
        operator_password=getattr(args, "operator_password", None) or None,
        name=args.name,
        room=args.room,
        flood_limit=args.flood_limit != "off",
        log=console.write_lines,  # batched: a write per line would cost more than the relay
        tls=tls,
        # Off unless asked for: a headless server writes nothing to disk on its own.
        history_path=Path(history) if (history := getattr(args, "history", None)) else None,
        one_cpu=not getattr(args, "all_cpus", False),
        limits=limits_from(args),
        files=FileHostSettings(
            upload_limit=getattr(args, "upload_limit", DEFAULT_UPLOAD_LIMIT),
            quota=getattr(args, "upload_quota", DEFAULT_UPLOAD_QUOTA),
        ),
    )
    try:
        server.start()
    except AddressInUse as exc:
        console.close()
        print(str(exc), file=sys.stderr, flush=True)
        return EXIT_ADDRESS_IN_USE
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    announcer: Announcer | None = None
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        host, port = server.address
        console.say(f"Listening on {host} : {port}")
        mode = "TLS only" if tls.tls_only else "TLS and plain text"
        console.say(f"Encryption: {mode}; certificate fingerprint {tls.fingerprint}")
        for link in invite_links(server):
            console.say(f"Invite: {link}")
        if getattr(args, "announce", False):
            name = getattr(args, "announce_name", None) or default_name(args.room)
            announcer = announcer_for(server, name)
            if announcer is None:
                console.say("Not announcing on the network: GOFTO_DISCOVERY is off")
            else:
                announcer.ready.wait(10)  # checking and probing the name take a few seconds
                if announcer.problem:
                    console.say(f"Not announcing on the network: {announcer.problem}")
                else:
                    console.say(f"Announcing on the network as {announcer.name!r}")
                    if ipaddress.ip_address(host).is_loopback:
                        # Listening on loopback, the announcement can only reach this machine.
                        console.say(
                            f"Only this machine can join on {host}: use --host 0.0.0.0 to let"
                            " the network in"
                        )
        if server.files is not None:
            limit = format_size(server.files.settings.upload_limit)
            quota = format_size(server.files.settings.quota)
            kept = "kept with the history" if server.history_path else "removed at exit"
            console.say(f"Sharing files: up to {limit} each, {quota} in all ({kept})")
        collector.settle()  # the start-up objects out of the collector's way (app.collector)
        while not stop.wait(0.5):  # a timed wait lets the main thread run signal handlers
            pass
        console.say("Shutting down")
    finally:
        if announcer is not None:
            announcer.stop()  # goodbye records before the port closes
        server.stop()
        console.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_OK
