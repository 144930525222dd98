"""The limits this server enforces, and the honest ``RPL_ISUPPORT`` (005) tokens built from them.

Every number advertised here is enforced somewhere in the handlers; nothing is advertised that
the server does not do, because clients (and conformance suites) act on what 005 promises.
"""

from __future__ import annotations

from app.irc.names import CASEMAPPING, CHANNELLEN, CHANTYPES, NICKLEN

USERLEN = 16
TOPICLEN = 390
AWAYLEN = 200
KICKLEN = 300
#: Longest realname, in characters (``NAMELEN``): USER cuts a longer one, SETNAME refuses it.
REALNAMELEN = 100
#: Channels one client may be in at once (``CHANLIMIT``).
CHANLIMIT = 50
#: Modes with a parameter accepted in one MODE command (``MODES``).
MODES = 4
#: Entries in each of a channel's lists: bans, ban exceptions, invite exceptions (``MAXLIST``).
MAXLIST = 50
#: Targets in one PRIVMSG/NOTICE/TAGMSG/KICK (``TARGMAX``).
MAX_TARGETS = 4
#: Largest tag section a client may send, counting its ``@`` and the space after it (IRCv3
#: message-tags: 4094 bytes of tag data); longer lines get 417 and are not relayed.
CLIENT_TAGS_BYTES = 4096
#: USERHOST answers at most this many nicks, as RFC 2812 says.
USERHOST_MAX = 5
#: Nicks one client may have on its IRCv3 MONITOR list (``MONITOR``); more gets 734.
MONITOR_LIMIT = 100

PREFIX_MODES = "ov"
PREFIX_SYMBOLS = "@+"
#: Status prefixes a PRIVMSG/NOTICE/TAGMSG target may carry (``@#room``: only its operators;
#: ``+#room``: voiced members and operators). Every membership prefix works this way.
STATUSMSG = PREFIX_SYMBOLS
#: Channel modes by ``CHANMODES`` type: A (list), B (always a parameter), C (parameter when
#: set), D (flags).
CHANMODES = ("beI", "k", "l", "imnst")
#: The user mode that marks a bot (IRCv3 bot-mode; advertised as ``BOT``): shown by WHOIS
#: (335), in WHO flags, and as the ``bot`` tag on what the bot says.
BOT_MODE = "B"
#: User modes (listed in 004): ``B`` bot, ``i`` invisible, ``o`` operator (the host, given by
#: OPER only; ``MODE nick +o`` is ignored, ``-o`` gives it up, as RFC 2812 §3.1.5 says),
#: ``w`` receives WALLOPS.
USER_MODES = "Biow"
#: User modes a client may set on itself with MODE (``o`` only comes from OPER).
SELF_SET_USER_MODES = "Biw"
#: Modes a new channel starts with.
DEFAULT_CHANNEL_MODES = frozenset("nt")

TARGMAX = {
    "JOIN": "",
    "KICK": str(MAX_TARGETS),
    "LIST": "",
    "NAMES": "",
    "NOTICE": str(MAX_TARGETS),
    "PART": "",
    "PRIVMSG": str(MAX_TARGETS),
    "TAGMSG": str(MAX_TARGETS),
    "WHOIS": "1",
    "WHOWAS": "1",
}

#: The most lines one ``CHATHISTORY`` request returns (IRCv3 draft/chathistory).
CHATHISTORY_MAX = 100

#: The 005 spec asks for at most 13 tokens per line.
_TOKENS_PER_LINE = 13


def isupport_tokens(network: str) -> list[str]:
    """All ISUPPORT tokens, in a stable order."""
    targmax = ",".join(f"{command}:{limit}" for command, limit in TARGMAX.items())
    return [
        f"AWAYLEN={AWAYLEN}",
        f"BOT={BOT_MODE}",
        f"CASEMAPPING={CASEMAPPING}",
        f"CHANLIMIT={CHANTYPES}:{CHANLIMIT}",
        f"CHATHISTORY={CHATHISTORY_MAX}",
        f"CHANMODES={','.join(CHANMODES)}",
        f"CHANNELLEN={CHANNELLEN}",
        f"CHANTYPES={CHANTYPES}",
        "EXCEPTS=e",
        "ELIST=CMNTU",
        "INVEX=I",
        f"KICKLEN={KICKLEN}",
        f"MAXLIST=b:{MAXLIST},e:{MAXLIST},I:{MAXLIST}",
        f"MAXTARGETS={MAX_TARGETS}",
        f"MODES={MODES}",
        f"MONITOR={MONITOR_LIMIT}",
        "MSGREFTYPES=timestamp,msgid",
        f"NAMELEN={REALNAMELEN}",
        f"NETWORK={network}",
        f"NICKLEN={NICKLEN}",
        f"PREFIX=({PREFIX_MODES}){PREFIX_SYMBOLS}",
        f"STATUSMSG={STATUSMSG}",
        f"TARGMAX={targmax}",
        f"TOPICLEN={TOPICLEN}",
        f"USERLEN={USERLEN}",
        "UTF8ONLY",
        "WHOX",
    ]


def isupport_lines(network: str, extra: list[str] | None = None) -> list[list[str]]:
    """The tokens (and a connection's ``extra`` ones) in 005 lines of at most 13 tokens each."""
    tokens = isupport_tokens(network) + (extra or [])
    return [
        tokens[start : start + _TOKENS_PER_LINE]
        for start in range(0, len(tokens), _TOKENS_PER_LINE)
    ]


def truncate_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes without splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")
