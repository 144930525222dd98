"""What ``HELP <command>`` says about each command the server understands.

Data only, kept apart from the handler (:mod:`app.server.handlers.help`) so the texts can be
read and edited in one place. Each entry is the command's usage line, then a few lines of
explanation; every line must fit a ``705`` reply, so none is longer than :data:`MAX_LINE`
characters. A test holds this table to the command table: a command without help text, or help
for a command that does not exist, fails it.
"""

from __future__ import annotations

#: Longest line of help text (a 705 line also carries the server name, nick and subject).
MAX_LINE = 100

HELP_TEXTS: dict[str, tuple[str, ...]] = {
    "AUTHENTICATE": (
        "AUTHENTICATE <mechanism> | <base64> | + | *",
        "Logs you in to an account before registration (IRCv3 SASL; CAP REQ sasl first).",
        "EXTERNAL uses your TLS client certificate, PLAIN an account name and password.",
    ),
    "AWAY": (
        "AWAY [:<message>]",
        "Marks you as away with a message that others see when they write to you or WHOIS",
        "you; AWAY without a message marks you as back.",
    ),
    "BATCH": (
        "BATCH +<ref> draft/multiline <target> | BATCH -<ref>",
        "Sends one message of several lines (IRCv3 draft/multiline): open the batch, send its",
        "PRIVMSG or NOTICE lines tagged batch=<ref>, then close it. Limits: 8192 bytes, 50 lines.",
    ),
    "CAP": (
        "CAP LS [302] | CAP LIST | CAP REQ :<capabilities> | CAP END",
        "Negotiates IRCv3 capabilities (server-time, message-tags, echo-message, multi-prefix,",
        "away-notify, sasl, draft/chathistory, labeled-response...). Registration waits for",
        "CAP END once LS or REQ was sent.",
    ),
    "CHATHISTORY": (
        "CHATHISTORY LATEST|BEFORE|AFTER|AROUND <target> <ref> <limit> | BETWEEN ... | TARGETS",
        "Fetches history (IRCv3 draft/chathistory) of a room you are in or of your private",
        "conversations (an account is needed for those). <ref> is timestamp=<time> or",
        "msgid=<id> (LATEST also takes *); BETWEEN takes two; TARGETS two timestamps.",
        "005 CHATHISTORY= is the most lines one request returns.",
    ),
    "REDACT": (
        "REDACT <target> <msgid> [:<reason>]",
        "Deletes a message by its msgid (IRCv3 draft/message-redaction, which you must",
        "negotiate): your own messages, or any message when you are the host.",
    ),
    "HELP": (
        "HELP [<command>]",
        "Without a command, lists the commands this server understands; with one, says how",
        "to use it. HELPOP is the same command.",
    ),
    "HELPOP": (
        "HELPOP [<command>]",
        "The same as HELP, under the name some servers use.",
    ),
    "INFO": (
        "INFO [<server>]",
        "Says which software runs this server and what it is. A target other than this",
        "server (or someone on it) is answered with 402.",
    ),
    "INVITE": (
        "INVITE <nick> <channel>",
        "Invites someone into a channel you are in: it lets them past +i, +l and bans once.",
        "In an invite-only (+i) channel only channel operators may invite.",
    ),
    "ISON": (
        "ISON <nick>{ <nick>}",
        "Says which of the given nicks are online.",
    ),
    "JOIN": (
        "JOIN <channel>{,<channel>} [<key>{,<key>}]",
        "Joins channels (created if they do not exist; channel names begin with # or &).",
        "JOIN 0 leaves every channel you are in.",
    ),
    "KICK": (
        "KICK <channel> <nick>{,<nick>} [:<reason>]",
        "Removes someone from a channel; channel operators only. Nobody but the host can",
        "kick the host.",
    ),
    "KILL": (
        "KILL <nick> [:<comment>]",
        "Disconnects someone from the server; the host (operator) only. The channels they",
        "were in see them quit with 'Killed (<host> (<comment>))'.",
    ),
    "LINKS": (
        "LINKS [[<server>] <mask>]",
        "Lists the servers linked to this one. A Gofto server is never linked to another,",
        "so the list is empty.",
    ),
    "LIST": (
        "LIST [<channel|filter>{,<channel|filter>}]",
        "Lists channels with their number of users and their topic (secret ones only to",
        "their members). Filters: a mask (#ch*), !mask to leave out, >N / <N users, and",
        "C>N / C<N or T>N / T<N minutes since the channel was made or its topic set.",
    ),
    "LUSERS": (
        "LUSERS",
        "Counts the users, operators and channels on this server.",
    ),
    "MODE": (
        "MODE <nick> [+|-<modes>] | MODE <channel> [+|-<modes> [<arguments>]]",
        "Shows or changes modes. Your own user modes: i (invisible to WHO masks), w (receive",
        "WALLOPS), B (a bot: WHOIS, WHO and a bot tag say so), o (operator; only OPER gives",
        "it). Channel modes: b (ban mask), e (ban exception mask), I (invite exception mask:",
        "joins while +i), k (key), l (user limit), i (invite only),",
        "m (moderated), n (no messages from outside), s (secret), t (only operators set the",
        "topic), and o/v (operator/voice) for a member.",
    ),
    "MARKREAD": (
        "MARKREAD <target> [timestamp=<time>]",
        "Sets (only forwards) or asks for your read marker in a conversation (IRCv3",
        "draft/read-marker); kept per account, never shown to anyone else.",
    ),
    "MONITOR": (
        "MONITOR + <nick>[,<nick>...] | MONITOR - <nick>[,<nick>...] | MONITOR C | L | S",
        "Watches nicks (IRCv3 MONITOR): + adds them and says who is online (730) or not (731),",
        "and from then on you hear when they come or go; - removes them, C clears the list,",
        "L lists it (732, 733), S says who is online now. 005 MONITOR= is the limit (734).",
    ),
    "MOTD": (
        "MOTD",
        "Shows the message of the day.",
    ),
    "NAMES": (
        "NAMES [<channel>{,<channel>}]",
        "Lists who is in channels (@ marks an operator, + a voiced member).",
    ),
    "NICK": (
        "NICK <nick>",
        "Chooses your nickname, or changes it. Nicknames may be written in any script; one",
        "that is taken, or that looks like someone's who is online, is refused.",
    ),
    "NOTICE": (
        "NOTICE <target>{,<target>} :<text>",
        "Sends text to a channel or a nick like PRIVMSG, but never causes an automatic reply",
        "or an error (what bots use).",
    ),
    "OPER": (
        "OPER <name> <secret>",
        "Identifies you as the host of this chat (server operator, user mode o) with the",
        "server's operator secret: you become operator of every channel you are in or join,",
        "and may use KILL, WALLOPS and PASSWORD. Wrong guesses are slowed down per address.",
    ),
    "PART": (
        "PART <channel>{,<channel>} [:<reason>]",
        "Leaves channels.",
    ),
    "PASS": (
        "PASS <password>",
        "Gives the room password before registering (NICK and USER), when the host set one.",
    ),
    "PASSWORD": (
        "PASSWORD <new password> | PASSWORD :",
        "The host changes the room password that newcomers must give with PASS; an empty",
        "one removes it. People already connected stay.",
    ),
    "PING": (
        "PING <token>",
        "Asks the server to answer PONG with the same token (a way to measure the lag).",
    ),
    "PONG": (
        "PONG <token>",
        "Answers the server's PING; a client that stays silent too long is disconnected.",
    ),
    "PRIVMSG": (
        "PRIVMSG <target>{,<target>} :<text>",
        "Sends a message to a channel or to someone (a private conversation). @#channel",
        "reaches only the channel's operators, +#channel its voiced members and operators.",
    ),
    "QUIT": (
        "QUIT [:<reason>]",
        "Leaves the server; the channels you were in see the reason.",
    ),
    "REGISTER": (
        "REGISTER <account> <email|*> <password>",
        "Makes an account named after your nickname (IRCv3 draft/account-registration;",
        "<account> is * or your nick) and logs you in: the name is yours on this host from",
        "then on. Log in again later with SASL PLAIN. Passwords are kept as salted hashes.",
    ),
    "RELEASE": (
        "RELEASE <nick>",
        "Frees a nickname from the account that owns it, so anyone may use it again. The",
        "host (after OPER) may release any name; an account may release its own names.",
    ),
    "FILEHOST": (
        "FILEHOST TOKEN",
        "Gives a short-lived token for sharing one file through this host (IRCv3 filehost):",
        "send it as 'Authorization: Bearer <token>' when POSTing the file to the https address",
        "in the draft/FILEHOST token of 005. Only on encrypted (TLS) connections.",
    ),
    "SETNAME": (
        "SETNAME :<realname>",
        "Changes your realname (what WHOIS and WHO show), at most NAMELEN characters. Those",
        "who share a channel with you and enabled the setname capability are told.",
    ),
    "TAGMSG": (
        "@<tags> TAGMSG <target>",
        "Sends only message tags (like a typing notice) to a channel or a nick; reaches",
        "only clients that enabled the message-tags capability.",
    ),
    "TIME": (
        "TIME",
        "Shows the server's date and time.",
    ),
    "TOPIC": (
        "TOPIC <channel> [:<topic>]",
        "Shows a channel's topic, or sets it (with an empty text, clears it). In a +t channel",
        "only channel operators set it.",
    ),
    "USER": (
        "USER <username> 0 * :<real name>",
        "Gives your username and real name when you connect (once, with NICK).",
    ),
    "USERHOST": (
        "USERHOST <nick>{ <nick>}",
        "Shows user@host of up to 5 nicks (* marks the operator, - someone away).",
    ),
    "VERSION": (
        "VERSION",
        "Shows the server's software and version, and what it supports (the 005 lines).",
    ),
    "WALLOPS": (
        "WALLOPS :<text>",
        "The host (operator) writes to every user who set user mode w (MODE <nick> +w).",
    ),
    "WHO": (
        "WHO <channel> | WHO <mask> [%<fields>[,<token>]]",
        "Lists the members of a channel, or the users whose nick, username, host, real name",
        "or server matches a mask (* and ? as wildcards; invisible users only if you share",
        "a channel). With WHOX fields (of tcuihsnfdlaor) each answer is a 354 with just those.",
    ),
    "WHOIS": (
        "WHOIS <nick>",
        "Shows who someone is: user@host, real name, channels, whether they are away or the",
        "host, the account they are logged in to (330), and how long they have been idle.",
    ),
    "WHOWAS": (
        "WHOWAS <nick> [<count>]",
        "Shows who last used a nick that is no longer online or was changed, most recent",
        "first (at most <count> of them when it is positive).",
    ),
}
