"""Finding chats on the local network: DNS-SD over mDNS (RFC 6762/6763) with python-zeroconf.

A host announces ``_gofto._tcp.local.`` (:mod:`.announce`); guests browse for it
(:mod:`.browse`); the TXT record's keys are encoded and checked in :mod:`.record`;
:mod:`.comparison` turns a certificate fingerprint into a code two people can say aloud.
This package imports no GUI toolkit, nothing from :mod:`app.server` or :mod:`app.client`, so
the server's hosting and every front end may use it.

``GOFTO_DISCOVERY=off`` silences announcing and browsing everywhere (development machines and
CI must never send multicast onto their real network); :func:`enabled` is the one place that
reads it.
"""

from __future__ import annotations

import os

#: The DNS-SD service type every Gofto host announces.
SERVICE_TYPE = "_gofto._tcp.local."
#: The environment variable that turns discovery off (``off``, ``0``, ``no``, ``false``).
ENVIRONMENT = "GOFTO_DISCOVERY"
_OFF = frozenset({"off", "0", "no", "false", "disabled"})


def enabled() -> bool:
    """Whether announcing and browsing are allowed in this process."""
    return os.environ.get(ENVIRONMENT, "").strip().lower() not in _OFF
