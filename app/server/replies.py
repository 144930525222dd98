"""Numeric replies, built in one place: their wording and their wire-safe parameters.

Handlers say *which* reply and with *what* parameters (``reply(server, client, ERR_NOSUCHNICK,
target)``); this module adds the client's nick in front and the standard human-readable text at
the end, and makes echoed user input safe to put in a middle parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.irc import MAX_BODY_BYTES, Message
from app.irc import numerics as n
from app.server.state import Client

# Numerics the shared table lacks (names from modern.ircdocs.horse).
ERR_TOOMANYTARGETS = "407"
ERR_INVALIDCAPCMD = "410"
ERR_USERSDONTMATCH = n.ERR_USERSDONTMATCH

#: The trailing text of replies whose wording never varies.
TEXTS: dict[str, str] = {
    n.RPL_UNAWAY: "You are no longer marked as being away",
    n.RPL_NOWAWAY: "You have been marked as being away",
    n.RPL_ENDOFWHO: "End of /WHO list",
    n.RPL_ENDOFWHOIS: "End of /WHOIS list",
    n.RPL_LISTEND: "End of /LIST",
    n.RPL_NOTOPIC: "No topic is set",
    n.RPL_ENDOFNAMES: "End of /NAMES list",
    n.RPL_ENDOFBANLIST: "End of channel ban list",
    n.RPL_ENDOFEXCEPTLIST: "End of channel exception list",
    n.RPL_ENDOFINVITELIST: "End of channel invite exception list",
    n.RPL_ENDOFMOTD: "End of /MOTD command.",
    n.RPL_ENDOFWHOWAS: "End of WHOWAS",
    n.RPL_ENDOFINFO: "End of INFO list",
    n.RPL_ENDOFLINKS: "End of /LINKS list",
    n.RPL_ENDOFHELP: "End of /HELP",
    n.RPL_ENDOFMONLIST: "End of MONITOR list",
    n.ERR_UNKNOWNERROR: "Malformed message",
    n.ERR_NOSUCHNICK: "No such nick/channel",
    n.ERR_NOSUCHSERVER: "No such server",
    n.ERR_NOSUCHCHANNEL: "No such channel",
    n.ERR_CANNOTSENDTOCHAN: "Cannot send to channel",
    n.ERR_TOOMANYCHANNELS: "You have joined too many channels",
    n.ERR_WASNOSUCHNICK: "There was no such nickname",
    ERR_TOOMANYTARGETS: "Too many recipients",
    ERR_INVALIDCAPCMD: "Invalid CAP command",
    n.ERR_NOTEXTTOSEND: "No text to send",
    n.ERR_INPUTTOOLONG: "Input line was too long",
    n.ERR_UNKNOWNCOMMAND: "Unknown command",
    n.ERR_NOMOTD: "MOTD File is missing",
    n.ERR_NONICKNAMEGIVEN: "No nickname given",
    n.ERR_ERRONEUSNICKNAME: "Erroneous nickname",
    n.ERR_NICKNAMEINUSE: "Nickname is already in use",
    n.ERR_USERNOTINCHANNEL: "They aren't on that channel",
    n.ERR_NOTONCHANNEL: "You're not on that channel",
    n.ERR_USERONCHANNEL: "is already on channel",
    n.ERR_NOTREGISTERED: "You have not registered",
    n.ERR_NEEDMOREPARAMS: "Not enough parameters",
    n.ERR_ALREADYREGISTERED: "You may not reregister",
    n.ERR_PASSWDMISMATCH: "Password incorrect",
    n.ERR_CHANNELISFULL: "Cannot join channel (+l)",
    n.ERR_UNKNOWNMODE: "is unknown mode char to me",
    n.ERR_INVITEONLYCHAN: "Cannot join channel (+i)",
    n.ERR_BANNEDFROMCHAN: "Cannot join channel (+b)",
    n.ERR_BADCHANNELKEY: "Cannot join channel (+k)",
    n.ERR_BADCHANMASK: "Bad Channel Mask",
    n.ERR_CHANOPRIVSNEEDED: "You're not channel operator",
    n.ERR_CANTKILLSERVER: "You cant kill a server!",
    n.ERR_UMODEUNKNOWNFLAG: "Unknown MODE flag",
    n.ERR_USERSDONTMATCH: "Cant change mode for other users",
    n.ERR_HELPNOTFOUND: "No help available on this topic",
}

#: Longest echo of user input in a reply (a nick, a channel, a command name).
_ECHO_MAX = 64


def token(text: str) -> str:
    """User input made safe as a middle parameter: first word, no leading colon, bounded."""
    word = text.split(" ", 1)[0][:_ECHO_MAX]
    return word if word and not word.startswith(":") else "*"


def reply(server: str, client: Client, code: str, *params: str) -> Message:
    """``:server CODE nick params… [:standard text]``.

    Every parameter but a final free-text one passes through :func:`token`; the standard text
    from :data:`TEXTS` is appended when the code has one.
    """
    safe = [token(p) for p in params]
    if code in TEXTS:
        safe.append(TEXTS[code])
    elif params:
        safe[-1] = params[-1]  # the caller's own trailing text
    return Message(code, (client.name, *safe), server)


def packed(
    head: list[str], items: Iterable[str], server: str, code: str, separator: str = " "
) -> Iterator[Message]:
    """Replies ``:server CODE head… :item item…`` with as many items per line as fit.

    Each line stays within 512 bytes, counting the colon :func:`app.server.wire.encode` puts
    before a list with a space in it. ``separator=","`` gives the comma lists of IRCv3
    MONITOR (730/731/732), which the spec limits only by that line length.
    """
    # ":server CODE head… :" and CR LF: a one-space list is written with its colon, minus it.
    overhead = len(Message(code, (*head, " "), server).encode()) - 1
    line: list[str] = []
    size = overhead
    for item in items:
        cost = len(item.encode("utf-8")) + (1 if line else 0)
        if line and size + cost > MAX_BODY_BYTES:
            yield Message(code, (*head, separator.join(line)), server)
            line, size = [], overhead
            cost -= 1
        line.append(item)
        size += cost
    if line:
        yield Message(code, (*head, separator.join(line)), server)
