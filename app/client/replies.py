"""Numeric replies turned into sentences a person can read.

One table for errors and functions for the informational replies of /whois, /who and /list;
each gives a :class:`~app.client.catalogue.Sentence` (a catalogue code and its values), so the
wording lives in the catalogue, in every language, and the session only decides *where* a
sentence is shown.
``params`` below are the numeric's parameters *after* our own nick.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.client.catalogue import Sentence
from app.irc import numerics as n

# What Gofto's server says of its host in 313 (app.server.handlers.queries.OPERATOR_TEXT; the
# client does not import the server): recognised so the line is said in the user's language.
_GOFTO_OPERATOR_TEXT = "is an IRC operator (the host of this chat)"
# And in 381 when the host's client becomes its operator (app.server.handlers.moderation).
_GOFTO_HOST_TEXT = "You are now the host of this chat"
# The heading every server sends before its MOTD (375), and the lines of Gofto's default one
# (app.server.config.ServerConfig.motd_lines, sent as 372 "- LINE").
_MOTD_HEADING = re.compile(r"- (?P<server>\S+) Message of the day -\s*\Z")
_GOFTO_WELCOME = re.compile(r"- Welcome to (?P<network>.+), a chat hosted with Gofto\.\Z")
_GOFTO_MEET = re.compile(
    r"- Everybody meets in (?P<room>\S+): type /join (?P=room) to join the room\.\Z"
)
# What Gofto's server says when a private message waits for an account that is offline
# (app.server.handlers.accounts): recognised so the notice is said in the user's language.
_GOFTO_WAITING = re.compile(
    r"(?P<nick>\S+) is offline: your message will be delivered when (?P=nick) returns\Z"
)
_GOFTO_WAITING_DROPPED = re.compile(
    r"Too many messages are waiting for (?P<nick>\S+): the oldest (?P<count>\d+) will not be"
    r" delivered\Z"
)

#: Error numerics with a sentence of their own (code ``numeric.NNN`` in the catalogue), and
#: the names of the parameters it fills in from the numeric's parameters, in order; ``text``
#: is always the server's own explanation (the last parameter).
ERROR_PARAMS: dict[str, tuple[str, ...]] = {
    n.ERR_NOSUCHNICK: ("nick",),
    n.ERR_NOSUCHSERVER: ("server",),
    n.ERR_NOSUCHCHANNEL: ("room",),
    n.ERR_CANNOTSENDTOCHAN: ("room",),
    n.ERR_TOOMANYCHANNELS: ("room",),
    n.ERR_WASNOSUCHNICK: ("nick",),
    n.ERR_NORECIPIENT: (),
    n.ERR_NOTEXTTOSEND: (),
    n.ERR_INPUTTOOLONG: (),
    n.ERR_UNKNOWNCOMMAND: ("command",),
    n.ERR_NONICKNAMEGIVEN: (),
    n.ERR_USERNOTINCHANNEL: ("nick", "room"),
    n.ERR_NOTONCHANNEL: ("room",),
    n.ERR_USERONCHANNEL: ("nick", "room"),
    n.ERR_NOTREGISTERED: (),
    n.ERR_NEEDMOREPARAMS: ("command",),
    n.ERR_ALREADYREGISTERED: (),
    n.ERR_CHANNELISFULL: ("room",),
    n.ERR_UNKNOWNMODE: ("mode",),
    n.ERR_INVITEONLYCHAN: ("room",),
    n.ERR_BANNEDFROMCHAN: ("room",),
    n.ERR_BADCHANNELKEY: ("room",),
    n.ERR_BADCHANMASK: ("room",),
    n.ERR_NOPRIVILEGES: (),
    n.ERR_CHANOPRIVSNEEDED: ("room",),
    n.ERR_UMODEUNKNOWNFLAG: (),
    n.ERR_USERSDONTMATCH: (),
}

#: Numerics whose first parameter names the channel the error is about (shown there).
CHANNEL_ERRORS = frozenset(
    {
        n.ERR_NOSUCHCHANNEL,
        n.ERR_CANNOTSENDTOCHAN,
        n.ERR_NOTONCHANNEL,
        n.ERR_CHANOPRIVSNEEDED,
        n.ERR_CHANNELISFULL,
        n.ERR_INVITEONLYCHAN,
        n.ERR_BANNEDFROMCHAN,
        n.ERR_BADCHANNELKEY,
        n.ERR_TOOMANYCHANNELS,
    }
)

#: Errors that answer a JOIN: the join we were waiting for will not happen.
JOIN_ERRORS = frozenset(
    {
        n.ERR_NOSUCHCHANNEL,
        n.ERR_TOOMANYCHANNELS,
        n.ERR_CHANNELISFULL,
        n.ERR_INVITEONLYCHAN,
        n.ERR_BANNEDFROMCHAN,
        n.ERR_BADCHANNELKEY,
        n.ERR_BADCHANMASK,
    }
)


def error_sentence(code: str, params: Sequence[str]) -> Sentence:
    """A human sentence for an error numeric (``params`` exclude our nick)."""
    text = params[-1] if params else ""
    names = ERROR_PARAMS.get(code)
    if names is None:
        if text:
            return Sentence("numeric.said", {"text": text})
        return Sentence("numeric.refused", {"number": code})
    values = [*params[:-1], "", "", ""] if len(params) > 1 else ["", "", ""]
    filled: dict[str, object] = dict(zip(names, values, strict=False))
    filled["text"] = text.rstrip(".")
    return Sentence(f"numeric.{code}", filled)


def whois_line(code: str, params: Sequence[str]) -> Sentence | None:
    """A sentence for one /whois reply line, or ``None`` when it is not a whois reply."""
    p = [*params, "", "", "", "", ""]
    nick, last = p[0], params[-1] if params else ""
    if code == n.RPL_WHOISUSER:
        return Sentence("whois.user", {"nick": nick, "user": p[1], "host": p[2], "realname": last})
    if code == n.RPL_WHOISSERVER:
        return Sentence("whois.server", {"nick": nick, "server": p[1], "info": last})
    if code == n.RPL_WHOISOPERATOR:
        # Servers say which kind of operator (Gofto: "the host of this chat"): show their words,
        # in the user's language when they are Gofto's.
        said = last.strip() if len(params) > 1 else ""
        if not said:
            return Sentence("whois.operator", {"nick": nick})
        if said == _GOFTO_OPERATOR_TEXT:
            return Sentence("whois.host_operator", {"nick": nick})
        return Sentence("whois.operator_said", {"nick": nick, "text": said})
    if code == n.RPL_WHOISIDLE:
        idle = int(p[1]) if p[1].isdigit() else 0
        return Sentence("whois.idle", {"nick": nick, "minutes": idle // 60, "seconds": idle % 60})
    if code == n.RPL_WHOISCHANNELS:
        return Sentence("whois.channels", {"nick": nick, "rooms": last})
    if code == n.RPL_WHOISACCOUNT:
        return Sentence("whois.account", {"nick": nick, "account": p[1]})
    if code == n.RPL_WHOISSECURE:
        return Sentence("whois.secure", {"nick": nick})
    if code == n.RPL_WHOISBOT:
        return Sentence("whois.bot", {"nick": nick})
    if code in (n.RPL_WHOISHOST, n.RPL_WHOISMODES, n.RPL_WHOISACTUALLY):
        return Sentence("whois.detail", {"nick": nick, "text": last})
    if code == n.RPL_ENDOFWHOIS:
        return Sentence("whois.end", {"nick": nick})
    return None


def who_line(params: Sequence[str]) -> Sentence:
    """A sentence for one ``352 RPL_WHOREPLY`` (channel user host server nick flags :hops real)."""
    p = [*params, "", "", "", "", "", "", ""]
    channel, user, host, _server, nick, flags = p[:6]
    realname = params[-1].partition(" ")[2] if len(params) >= 7 else ""
    state = "away" if "G" in flags else "here"
    where = "_in" if channel and channel != "*" else ""
    plain = "" if realname.strip() else "_plain"
    values = {"nick": nick, "user": user, "host": host, "room": channel, "realname": realname}
    if not where:
        del values["room"]
    if plain:
        del values["realname"]
    return Sentence(f"who.{state}{where}{plain}", values)


def status_line(code: str, params: Sequence[str]) -> Sentence | None:
    """A sentence for a reply about our own or a room's state (modes, bans, an invitation,
    becoming an operator), else ``None``."""
    p = [*params, "", "", ""]
    if code == n.RPL_YOUREOPER:
        said = params[-1] if params else ""
        return Sentence("info.now_host" if said == _GOFTO_HOST_TEXT else "info.now_operator")
    if code == n.RPL_UMODEIS:
        return Sentence("info.own_modes", {"modes": " ".join(params)})
    if code == n.RPL_CHANNELMODEIS and params:
        return Sentence("info.room_modes", {"room": p[0], "modes": " ".join(params[1:])})
    if code == n.RPL_INVITING and len(params) >= 2:
        return Sentence("info.inviting", {"nick": p[0], "room": p[1]})
    if code == n.RPL_BANLIST and len(params) >= 2:
        return Sentence("info.ban", {"room": p[0], "mask": p[1]})
    if code == n.RPL_ENDOFBANLIST and params:
        return Sentence("info.ban_end", {"room": p[0]})
    if code == n.RPL_LOGGEDIN and len(params) >= 2:  # <mask> <account> :text
        return Sentence("info.logged_in", {"account": p[1]})
    if code == n.RPL_LOGGEDOUT:
        return Sentence("info.logged_out")
    return None


def motd_line(code: str, params: Sequence[str]) -> Sentence | None:
    """A sentence for the message of the day's heading, and for the lines of Gofto's own
    default message (``app.server.config``: the server writes it in English and cannot know
    our language); ``None`` for a message the host wrote, shown as it is."""
    if code == n.RPL_MOTDSTART and params:
        heading = _MOTD_HEADING.match(params[-1])
        return Sentence("motd.start", {"server": heading["server"]}) if heading else None
    if code != n.RPL_MOTD or not params:
        return None
    if welcome := _GOFTO_WELCOME.match(params[-1]):
        return Sentence("motd.welcome", {"network": welcome["network"]})
    if meet := _GOFTO_MEET.match(params[-1]):
        return Sentence("motd.meet", {"room": meet["room"]})
    return None


def server_notice_line(text: str) -> Sentence | None:
    """A sentence for the notices Gofto's server writes in English about messages that wait
    for someone offline; ``None`` for anything else a server says, shown as it is."""
    if waiting := _GOFTO_WAITING.match(text):
        return Sentence("info.will_deliver", {"nick": waiting["nick"]})
    if dropped := _GOFTO_WAITING_DROPPED.match(text):
        return Sentence(
            "info.waiting_dropped", {"nick": dropped["nick"], "count": dropped["count"]}
        )
    return None


def list_line(code: str, params: Sequence[str]) -> Sentence | None:
    """A sentence for a /list reply (321 start, 322 one room, 323 end), else ``None``."""
    if code == n.RPL_LISTSTART:
        return Sentence("list.start")
    if code == n.RPL_LISTEND:
        return Sentence("list.end")
    if code != n.RPL_LIST or len(params) < 2:
        return None
    room, count = params[0], params[1]
    topic = params[2] if len(params) > 2 else ""
    if topic.strip():
        return Sentence("list.room", {"room": room, "count": count, "topic": topic})
    return Sentence("list.room_plain", {"room": room, "count": count})
