"""Raise the open-file limit at start-up, so the server can hold thousands of connections.

Each client costs one file descriptor. A desktop session's soft ``RLIMIT_NOFILE`` is often
1,024, far below the hard limit, and a process may raise its own soft limit up to the hard one
without privileges; so the server does, once, when it starts. Where the ``resource`` module
does not exist (Windows) there is nothing to raise.
"""

from __future__ import annotations

import logging

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: Enough for any LAN chat; used when the hard limit is "unlimited".
WANTED = 65536


def raise_nofile(wanted: int = WANTED) -> int | None:
    """Raise the soft limit towards ``wanted`` (at most the hard limit); the new soft limit.

    Never lowers a limit and never raises: a refusal is logged and the old limit kept.
    ``None`` where the platform has no such limit.
    """
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-file limit from %s: %s", soft, exc)
            return soft
        return target
    return soft
