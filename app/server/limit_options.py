"""The ``serve`` options that set the connection limits, and the policy they ask for.

A module of its own, importing only :mod:`app.server.admission`, so the command-line parser
(:mod:`app.cli`) can add these options without loading the server.
"""

from __future__ import annotations

import argparse

from app.server.admission import AdmissionPolicy


def _count(text: str) -> int:
    """A non-negative whole number (``0`` turns a limit off)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (off) or more")
    return value


def _per_minute(text: str) -> int:
    """``N/min`` (or just ``N``): connections per address per minute; ``0`` is off."""
    number, _, unit = text.strip().partition("/")
    if unit and unit.strip().lower() not in ("min", "m", "minute"):
        raise argparse.ArgumentTypeError(f"give a rate per minute, like 30/min: {text!r}")
    return _count(number)


def add_limit_options(serve: argparse.ArgumentParser) -> None:
    """The connection-limit options of ``serve`` (defaults from :class:`AdmissionPolicy`)."""
    default = AdmissionPolicy()
    serve.add_argument(
        "--max-per-address",
        type=_count,
        default=default.max_per_address,
        metavar="N",
        help="connections one address may hold at once (IPv6: per /64; 0 = no limit; "
        f"default {default.max_per_address})",
    )
    serve.add_argument(
        "--connect-rate",
        type=_per_minute,
        default=default.connect_rate,
        metavar="N/min",
        help="new connections one address may open per minute (0 = no limit; "
        f"default {default.connect_rate}/min)",
    )
    serve.add_argument(
        "--max-unregistered",
        type=_count,
        default=default.max_unregistered,
        metavar="N",
        help="connections that have not registered yet, from everyone together (0 = no "
        f"limit; default {default.max_unregistered})",
    )
    serve.add_argument(
        "--max-clients",
        type=_count,
        default=None,
        metavar="N",
        help="connections in all (0 = no limit; default: the open-file limit less a few)",
    )
    serve.add_argument(
        "--exempt-loopback",
        choices=("on", "off"),
        default="on",
        help="whether connections from this machine (127.0.0.0/8, ::1) are exempt from the "
        "per-address limits (default on)",
    )


def limits_from(args: argparse.Namespace) -> AdmissionPolicy:
    """The :class:`AdmissionPolicy` the parsed ``serve`` options ask for."""
    default = AdmissionPolicy()
    return AdmissionPolicy(
        max_per_address=getattr(args, "max_per_address", default.max_per_address),
        connect_rate=getattr(args, "connect_rate", default.connect_rate),
        max_unregistered=getattr(args, "max_unregistered", default.max_unregistered),
        max_clients=getattr(args, "max_clients", None),
        exempt_loopback=getattr(args, "exempt_loopback", "on") != "off",
    )
