"""Numeric replies turned into sentences a person can read.

One table for errors and one for the informational replies of /whois and friends, so the
wording lives in one place and the session only decides *where* a sentence is shown.
``params`` below are the numeric's parameters *after* our own nick.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.irc import numerics as n

#: Error numerics: a sentence template over the parameters ({0}, {1}, …) and {text}, the
#: server's own explanation (the last parameter).
ERROR_SENTENCES: dict[str, str] = {
    n.ERR_NOSUCHNICK: "There is nobody called {0} here.",
    n.ERR_NOSUCHSERVER: "There is no server called {0}.",
    n.ERR_NOSUCHCHANNEL: "There is no channel called {0}.",
    n.ERR_CANNOTSENDTOCHAN: "Your message could not be sent to {0}: {text}.",
    n.ERR_TOOMANYCHANNELS: "You cannot join {0}: you are in too many channels already.",
    n.ERR_WASNOSUCHNICK: "Nobody called {0} was here recently.",
    n.ERR_NORECIPIENT: "That message had nobody to go to.",
    n.ERR_NOTEXTTOSEND: "There was no text to send.",
    n.ERR_INPUTTOOLONG: "That line was too long for the server.",
    n.ERR_UNKNOWNCOMMAND: "The server does not know the command {0}.",
    n.ERR_NONICKNAMEGIVEN: "A nickname is needed.",
    n.ERR_USERNOTINCHANNEL: "{0} is not in {1}.",
    n.ERR_NOTONCHANNEL: "You are not in {0}; join it first.",
    n.ERR_USERONCHANNEL: "{0} is already in {1}.",
    n.ERR_NOTREGISTERED: "The server has not finished letting us in yet; try again in a moment.",
    n.ERR_NEEDMOREPARAMS: "The server needs more details for {0}.",
    n.ERR_ALREADYREGISTERED: "We are already registered with the server.",
    n.ERR_CHANNELISFULL: "You cannot join {0}: it is full.",
    n.ERR_UNKNOWNMODE: "The server does not know the mode {0}.",
    n.ERR_INVITEONLYCHAN: "You cannot join {0}: it is invitation only.",
    n.ERR_BANNEDFROMCHAN: "You cannot join {0}: you are banned from it.",
    n.ERR_BADCHANNELKEY: "You cannot join {0}: it needs the right key (/join {0} KEY).",
    n.ERR_BADCHANMASK: "“{0}” is not a valid channel name.",
    n.ERR_NOPRIVILEGES: "Only server operators can do that.",
    n.ERR_CHANOPRIVSNEEDED: "You need to be an operator of {0} to do that.",
    n.ERR_UMODEUNKNOWNFLAG: "The server does not know that user mode.",
    n.ERR_USERSDONTMATCH: "You can only change your own modes.",
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


def error_sentence(code: str, params: Sequence[str]) -> str:
    """A human sentence for an error numeric (``params`` exclude our nick)."""
    text = params[-1] if params else ""
    template = ERROR_SENTENCES.get(code)
    if template is None:
        return f"The server said: {text}" if text else f"The server refused that ({code})."
    padded = [*params[:-1], "", "", ""] if len(params) > 1 else ["", "", ""]
    return template.format(*padded, text=text.rstrip("."))


def whois_line(code: str, params: Sequence[str]) -> str | None:
    """A sentence for one /whois reply line, or ``None`` when it is not a whois reply."""
    p = [*params, "", "", "", "", ""]
    if code == n.RPL_WHOISUSER:
        return f"{p[0]} is {p[1]}@{p[2]} ({params[-1]})"
    if code == n.RPL_WHOISSERVER:
        return f"{p[0]} is connected to {p[1]} ({params[-1]})"
    if code == n.RPL_WHOISOPERATOR:
        # Servers say which kind of operator (Gofto: "the host of this chat"): show their words.
        said = params[-1].strip() if len(params) > 1 else ""
        return f"{p[0]} {said}" if said else f"{p[0]} is a server operator"
    if code == n.RPL_WHOISIDLE:
        idle = int(p[1]) if p[1].isdigit() else 0
        return f"{p[0]} has been idle for {idle // 60} min {idle % 60} s"
    if code == n.RPL_WHOISCHANNELS:
        return f"{p[0]} is in {params[-1]}"
    if code == n.RPL_WHOISACCOUNT:
        return f"{p[0]} is logged in as {p[1]}"
    if code in (n.RPL_WHOISHOST, n.RPL_WHOISMODES, n.RPL_WHOISSECURE, n.RPL_WHOISACTUALLY):
        return f"{p[0]}: {params[-1]}"
    if code == n.RPL_ENDOFWHOIS:
        return f"End of /whois {p[0]}"
    return None


def who_line(params: Sequence[str]) -> str:
    """A sentence for one ``352 RPL_WHOREPLY`` (channel user host server nick flags :hops real)."""
    p = [*params, "", "", "", "", "", "", ""]
    channel, user, host, _server, nick, flags = p[:6]
    realname = params[-1].partition(" ")[2] if len(params) >= 7 else ""
    state = "away" if "G" in flags else "here"
    where = f" in {channel}" if channel and channel != "*" else ""
    return f"{nick} ({user}@{host}){where} is {state} — {realname}".rstrip(" —")
