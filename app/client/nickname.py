"""The nickname a front end suggests before the person chose one."""

from __future__ import annotations

import os

from app.irc import valid_nick

#: The suggestion when the login name is not a valid nickname.
FALLBACK_NICK = "guest"


def default_nick() -> str:
    """A starting nickname: the login name when it is a valid nick, else ``guest``."""
    for name in (os.environ.get("USER"), os.environ.get("USERNAME")):
        if name and valid_nick(name):
            return name
    return FALLBACK_NICK
