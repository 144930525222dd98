"""Keep exceptions from escaping Qt slots.

An exception that escapes a slot is printed by PySide6 and then lost, while the widget is left
half-updated; worse, in a test it surfaces far from its cause. Slots that call into code we do
not control (the Session, a listener, the server) are wrapped with :func:`guarded`, which logs
the traceback once and carries on, so the rest of the application stays usable.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def guarded(function: Callable[P, R]) -> Callable[P, R | None]:
    """Wrap a slot so an exception is logged instead of escaping into Qt."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return function(*args, **kwargs)
        except Exception:
            log.exception("unexpected error in %s", function.__qualname__)
            return None

    return wrapper
