"""The one command line of Gofto, shared by ``python -m app`` and the packaged executable.

``gofto`` opens the start dialog; ``serve`` is the headless server, ``chat`` the terminal
client; ``host``/``join`` open the main window directly. ``--tk`` picks the tkinter front end.
Each sub-command's work lives in its own package; this module only parses and dispatches, and
imports a front end only when it is needed (a headless server never loads Qt).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import APP_NAME, DEFAULT_PORT, DEFAULT_ROOM, __version__


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is not between 0 and 65535")
    return value


def _size(text: str) -> int:
    from app.server.filehost.sizes import parse_size  # only for serve: it loads the server

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the tests and the packaged executable)."""
    parser = argparse.ArgumentParser(
        prog="gofto",
        description=f"{APP_NAME}: host or join a chat on your network.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--tk", action="store_true", help="use the tkinter front end")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the chat server without a window")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help="0 picks a free port")
    serve.add_argument("--password", default=None, help="room password (PASS)")
    serve.add_argument(
        "--operator-password",
        default=None,
        metavar="SECRET",
        help=(
            "the host's secret: an IRC client that sends 'OPER host SECRET' becomes operator "
            "of every room (kick, ban, topic, and PASSWORD to change the room password), and "
            "guests are not operators of the main room; without it nobody is the host"
        ),
    )
    serve.add_argument("--name", default="gofto.local", help="the server's name")
    serve.add_argument("--room", default=DEFAULT_ROOM, help="the default channel")
    serve.add_argument(
        "--flood-limit", choices=("on", "off"), default="on", help="flood protection"
    )
    serve.add_argument(
        "--tls-only", action="store_true", help="refuse unencrypted (plain-text) clients"
    )
    serve.add_argument(
        "--cert", default=None, metavar="FILE", help="your own TLS certificate (PEM; with --key)"
    )
    serve.add_argument("--key", default=None, metavar="FILE", help="its private key (PEM)")
    serve.add_argument(
        "--history",
        default=None,
        metavar="FILE",
        help="keep history, accounts (owned nicknames), read markers and waiting messages in "
        "this SQLite file across restarts (off by default: without it, they live in memory "
        "only and end with the server)",
    )
    serve.add_argument(
        "--upload-limit",
        type=_size,
        default="100MB",
        metavar="SIZE",
        help="largest file one upload may carry (default 100MB; KB/MB/GB or KiB/MiB/GiB)",
    )
    serve.add_argument(
        "--upload-quota",
        type=_size,
        default="1GB",
        metavar="SIZE",
        help="room all shared files may take together; the oldest go first (default 1GB)",
    )

    serve.add_argument(
        "--announce",
        action="store_true",
        help="announce the chat on the local network (DNS-SD over mDNS) so Gofto finds it; "
        "GOFTO_DISCOVERY=off turns this off",
    )
    serve.add_argument(
        "--announce-name",
        default=None,
        metavar="NAME",
        help="the name the chat is announced under (default: '#ROOM on HOSTNAME')",
    )
    serve.add_argument(
        "--all-cpus",
        action="store_true",
        help="let the server's threads run on every CPU (by default they share one, where "
        "Python's GIL lets them work instead of handing it over across CPUs)",
    )
    from app.server.limit_options import add_limit_options  # light: no server loaded

    add_limit_options(serve)

    chat = sub.add_parser("chat", help="the terminal client")
    chat.add_argument("--host", default="127.0.0.1")
    chat.add_argument("--port", type=_port, default=DEFAULT_PORT)
    chat.add_argument("--nick", default=None, help="your nickname (default: your login name)")
    chat.add_argument("--password", default=None)
    chat.add_argument("--room", default=DEFAULT_ROOM)
    chat.add_argument(
        "--accept-new-cert",
        default=None,
        metavar="FINGERPRINT",
        help="trust this new certificate fingerprint of a host whose certificate changed",
    )
    chat.add_argument("--tls", action="store_true", help="encrypted or not at all")

    host = sub.add_parser("host", help="host a chat and open the main window")
    host.add_argument("--port", type=_port, default=DEFAULT_PORT)
    host.add_argument("--nick", default=None)
    host.add_argument("--password", default=None)
    host.add_argument("--room", default=DEFAULT_ROOM)
    host.add_argument(
        "--tls-only", action="store_true", help="refuse unencrypted (plain-text) clients"
    )

    join = sub.add_parser("join", help="join a chat and open the main window")
    join.add_argument(
        "address",
        help="HOST, HOST:PORT, [IPv6]:PORT, irc://HOST:PORT/room or an invite link "
        "ircs://HOST:PORT/room?fp=FINGERPRINT (the host's certificate is then required)",
    )
    join.add_argument("--nick", default=None)
    join.add_argument("--password", default=None)
    discover = sub.add_parser("discover", help="list the chats announced on the local network")
    discover.add_argument(
        "--seconds", type=float, default=3.0, help="how long to listen (default 3)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run what it asks for; the return value is the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # A desktop opening an irc:// or ircs:// link runs `gofto URL` (resources/gofto.desktop).
    if argv and argv[0].lower().startswith(("irc://", "ircs://")):
        argv = ["join", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from app.server.cli import run_serve

        return run_serve(args)
    if args.command == "discover":
        from app.discovery.terminal import run_discover

        return run_discover(args)
    if args.command == "chat":
        from app.client.terminal import run_chat

        return run_chat(args)
    from app.launch import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
