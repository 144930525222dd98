"""The nickname a front end suggests before the person chose one."""

from __future__ import annotations

import os

from app.irc import valid_nick

#: The suggestion when neither the login name nor the given fallback is a valid nickname.
FALLBACK_NICK = "guest"


def default_nick(fallback: str = FALLBACK_NICK) -> str:
    """A starting nickname: the login name when it is a valid nick, else ``fallback``.

    Front ends pass the catalogue's ``nick.default`` in the user's language (Persian: مهمان).
    """
    for name in (os.environ.get("USER"), os.environ.get("USERNAME")):
        if name and valid_nick(name):
            return name
    return fallback if valid_nick(fallback) else FALLBACK_NICK
