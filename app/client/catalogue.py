"""Every sentence Gofto's client side says to a person, looked up by code.

The client layer (commands, numeric replies, errors, address hints, status texts) never writes
prose into its events: it names a sentence by a dotted code (``"error.unknown_command"``) and
gives its parameters. A front end turns that into words in the user's language with a
:class:`Texts`:

- Qt builds ``Texts(QCoreApplication.translate)``: the compiled ``gofto_<lang>.qm``;
- Tk and the terminal build :func:`texts_for` ``(language)``: the same
  ``resources/translations/gofto_<lang>.ts`` read without Qt (:class:`app.i18n.Catalogue`).

The English template is also the translation's ``<source>`` in the ``Catalogue`` context of
the ``.ts`` file. Each template is wrapped in :func:`app.i18n.QT_TRANSLATE_NOOP`, a no-op that
``pyside6-lupdate`` recognises by name, so ``scripts/translations.sh`` keeps this context when
it refreshes the ``.ts``. The errors of :mod:`app.errors` keep their templates there (the
server raises some of them and must not import the client), and :data:`CATALOGUE` includes
them: one table, one lookup, whoever wrote the English. A translation must use exactly the
placeholders of its template; one that does not (or a code nobody knows) falls back to
English instead of failing.

Adding a sentence: add a code and its English template to :data:`CATALOGUE` in its owner's
section, add the Persian translation to the ``Catalogue`` context of ``gofto_fa.ts`` (or run
``scripts/translations.sh update`` and fill it in), recompile the ``.qm``; the completeness
test in ``tests/client/test_catalogue.py`` fails until the translation is there.
"""

from __future__ import annotations

import logging
import string
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Protocol

from app.client.jalali import to_jalali
from app.errors import ERROR_SENTENCES, GoftoError
from app.i18n import QT_TRANSLATE_NOOP, Catalogue, native_digits, zero_digit

log = logging.getLogger(__name__)

# The context of these sentences in ``gofto_<lang>.ts``.
CONTEXT = "Catalogue"

Translate = Callable[[str, str], str]


# code -> English template with ``{name}`` placeholders. Sections are grouped by owner; the
# conversation-record block at the end belongs to the presentation layer.
CATALOGUE: dict[str, str] = {
    # --- slash commands: errors and confirmations (app.client.commands) ---
    "error.unknown_command": QT_TRANSLATE_NOOP(
        "Catalogue", "Unknown command {command}; type /help for the list."
    ),
    "error.usage": QT_TRANSLATE_NOOP("Catalogue", "Usage: {usage} — {description}."),
    "error.not_connected": QT_TRANSLATE_NOOP(
        "Catalogue", "You are not connected right now; try again once reconnected."
    ),
    "error.query_room": QT_TRANSLATE_NOOP(
        "Catalogue", "{room} is a room, not a person: /join {room} to talk there."
    ),
    "error.query_self": QT_TRANSLATE_NOOP(
        "Catalogue", "That is you: a private conversation needs someone else."
    ),
    "error.me_nowhere": QT_TRANSLATE_NOOP(
        "Catalogue", "Open a room or a private conversation to use /me in."
    ),
    "error.write_nowhere": QT_TRANSLATE_NOOP(
        "Catalogue", "Open a room or a private conversation to write in."
    ),
    "error.invalid_channel": QT_TRANSLATE_NOOP(
        "Catalogue", "“{room}” is not a valid channel name."
    ),
    "info.nick_later": QT_TRANSLATE_NOOP("Catalogue", "You will be “{nick}” once connected."),
    "info.join_later": QT_TRANSLATE_NOOP("Catalogue", "You will join {room} once connected."),
    "info.topic_is": QT_TRANSLATE_NOOP("Catalogue", "The topic of {room} is: {topic}"),
    "info.no_topic": QT_TRANSLATE_NOOP("Catalogue", "{room} has no topic."),
    # --- /help: the heading, then one usage and description per command ---
    "help.heading": QT_TRANSLATE_NOOP(
        "Catalogue", "Commands (start a message with // to send a literal /):"
    ),
    "help.row": QT_TRANSLATE_NOOP("Catalogue", "{usage} — {description}"),
    "usage.msg": QT_TRANSLATE_NOOP("Catalogue", "/msg NICK TEXT"),
    "help.msg": QT_TRANSLATE_NOOP("Catalogue", "send a private message"),
    "usage.query": QT_TRANSLATE_NOOP("Catalogue", "/query NICK [TEXT]"),
    "help.query": QT_TRANSLATE_NOOP(
        "Catalogue", "open a private conversation with someone (and say TEXT)"
    ),
    "usage.me": QT_TRANSLATE_NOOP("Catalogue", "/me TEXT"),
    "help.me": QT_TRANSLATE_NOOP("Catalogue", "describe what you do, like “* Ali waves”"),
    "usage.nick": QT_TRANSLATE_NOOP("Catalogue", "/nick NEWNICK"),
    "help.nick": QT_TRANSLATE_NOOP("Catalogue", "change your nickname"),
    "usage.join": QT_TRANSLATE_NOOP("Catalogue", "/join #ROOM [KEY]"),
    "help.join": QT_TRANSLATE_NOOP("Catalogue", "join or create a room"),
    "usage.part": QT_TRANSLATE_NOOP("Catalogue", "/part [#ROOM] [REASON]"),
    "help.part": QT_TRANSLATE_NOOP("Catalogue", "leave a room (this one by default)"),
    "usage.topic": QT_TRANSLATE_NOOP("Catalogue", "/topic [TEXT]"),
    "help.topic": QT_TRANSLATE_NOOP("Catalogue", "show or set the room's topic"),
    "usage.away": QT_TRANSLATE_NOOP("Catalogue", "/away [MESSAGE]"),
    "help.away": QT_TRANSLATE_NOOP("Catalogue", "mark yourself away; without a message, back"),
    "usage.who": QT_TRANSLATE_NOOP("Catalogue", "/who [MASK]"),
    "help.who": QT_TRANSLATE_NOOP("Catalogue", "list who is in a room or matches a mask"),
    "usage.whois": QT_TRANSLATE_NOOP("Catalogue", "/whois NICK"),
    "help.whois": QT_TRANSLATE_NOOP("Catalogue", "show what the server knows about someone"),
    "usage.kick": QT_TRANSLATE_NOOP("Catalogue", "/kick NICK [REASON]"),
    "help.kick": QT_TRANSLATE_NOOP(
        "Catalogue", "put someone out of this room (room operators only)"
    ),
    "usage.ban": QT_TRANSLATE_NOOP("Catalogue", "/ban NICK|MASK"),
    "help.ban": QT_TRANSLATE_NOOP(
        "Catalogue",
        "keep someone's address out of this room; /kick them too (room operators only)",
    ),
    "usage.unban": QT_TRANSLATE_NOOP("Catalogue", "/unban NICK|MASK"),
    "help.unban": QT_TRANSLATE_NOOP("Catalogue", "let a banned address into this room again"),
    "usage.password": QT_TRANSLATE_NOOP("Catalogue", "/password NEW"),
    "help.password": QT_TRANSLATE_NOOP(
        "Catalogue", "change the room password newcomers must type (the host only)"
    ),
    "usage.release": QT_TRANSLATE_NOOP("Catalogue", "/release NICK"),
    "help.release": QT_TRANSLATE_NOOP(
        "Catalogue", "free a nickname from the person who owns it on this host (the host only)"
    ),
    "usage.quit": QT_TRANSLATE_NOOP("Catalogue", "/quit [MESSAGE]"),
    "help.quit": QT_TRANSLATE_NOOP("Catalogue", "leave the chat"),
    "usage.help": QT_TRANSLATE_NOOP("Catalogue", "/help"),
    "help.help": QT_TRANSLATE_NOOP("Catalogue", "list these commands"),
    "usage.search": QT_TRANSLATE_NOOP("Catalogue", "/search TEXT"),
    "help.search": QT_TRANSLATE_NOOP(
        "Catalogue", "search every conversation this app has seen (Ctrl+F in the windows)"
    ),
    "usage.more": QT_TRANSLATE_NOOP("Catalogue", "/more [#ROOM or NICK]"),
    "help.more": QT_TRANSLATE_NOOP(
        "Catalogue", "show the previous page of this conversation's history, oldest first"
    ),
    "usage.raw": QT_TRANSLATE_NOOP("Catalogue", "/raw LINE"),
    "help.raw": QT_TRANSLATE_NOOP("Catalogue", "send a raw IRC line (for experts)"),
    # --- what the session says while it talks to the server (app.client.session, .inbound) ---
    "error.cannot_send": QT_TRANSLATE_NOOP("Catalogue", "That cannot be sent: {detail}."),
    "error.invalid_line": QT_TRANSLATE_NOOP("Catalogue", "That is not a valid IRC line: {detail}."),
    "error.queue_full": QT_TRANSLATE_NOOP(
        "Catalogue", "Too many messages are waiting; this one was dropped."
    ),
    "info.nick_taken_trying": QT_TRANSLATE_NOOP(
        "Catalogue", "The nickname “{nick}” is taken; trying “{other}” instead."
    ),
    "info.disconnected": QT_TRANSLATE_NOOP("Catalogue", "Disconnected: {reason}"),
    "info.disconnected_plain": QT_TRANSLATE_NOOP("Catalogue", "Disconnected."),
    "error.server_closed": QT_TRANSLATE_NOOP(
        "Catalogue", "The server closed the connection: {reason}"
    ),
    "error.server_closed_plain": QT_TRANSLATE_NOOP(
        "Catalogue", "The server closed the connection."
    ),
    # The reasons a Gofto host gives in its closing ERROR line, said in the person's language.
    "error.host_stopped": QT_TRANSLATE_NOOP("Catalogue", "The host stopped the chat."),
    "error.ping_timeout": QT_TRANSLATE_NOOP(
        "Catalogue",
        "The host heard nothing from here for {seconds} seconds and closed the connection.",
    ),
    "error.killed": QT_TRANSLATE_NOOP("Catalogue", "{nick} put you out of the chat: {comment}"),
    "error.excess_flood": QT_TRANSLATE_NOOP(
        "Catalogue", "The host closed the connection: too many messages too fast."
    ),
    "error.fell_behind": QT_TRANSLATE_NOOP(
        "Catalogue", "The host closed the connection: this computer fell too far behind."
    ),
    "error.wrong_password": QT_TRANSLATE_NOOP(
        "Catalogue", "The host closed the connection: wrong password."
    ),
    "info.ctcp_reply": QT_TRANSLATE_NOOP("Catalogue", "{nick} answered {command}: {answer}"),
    "info.ctcp_reply_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} answered {command}"),
    "info.topic_of": QT_TRANSLATE_NOOP("Catalogue", "Topic of {room}: {topic}"),
    "info.invited": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} invites you to {room}; type /join {room} to go there."
    ),
    "info.names": QT_TRANSLATE_NOOP("Catalogue", "In {room}: {names}"),
    "info.away_reply": QT_TRANSLATE_NOOP("Catalogue", "{nick} is away: {message}"),
    "info.now_away": QT_TRANSLATE_NOOP("Catalogue", "You are marked as away."),
    "info.back": QT_TRANSLATE_NOOP("Catalogue", "You are back."),
    "info.now_host": QT_TRANSLATE_NOOP("Catalogue", "You are now the host of this chat"),
    "info.now_operator": QT_TRANSLATE_NOOP("Catalogue", "You are now a server operator"),
    "info.own_modes": QT_TRANSLATE_NOOP("Catalogue", "Your modes: {modes}"),
    "info.logged_in": QT_TRANSLATE_NOOP("Catalogue", "You are logged in as {account}"),
    "info.logged_out": QT_TRANSLATE_NOOP("Catalogue", "You are logged out"),
    "info.will_deliver": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} is offline: your message will be delivered when {nick} returns"
    ),
    "info.waiting_dropped": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Too many messages are waiting for {nick}: the oldest {count} will not be delivered",
    ),
    "info.room_modes": QT_TRANSLATE_NOOP("Catalogue", "Modes of {room}: {modes}"),
    "info.inviting": QT_TRANSLATE_NOOP("Catalogue", "You invited {nick} to {room}."),
    "info.ban": QT_TRANSLATE_NOOP("Catalogue", "Banned from {room}: {mask}"),
    "info.ban_end": QT_TRANSLATE_NOOP("Catalogue", "End of the ban list of {room}"),
    # --- the message of the day: its heading, and Gofto's default lines (app.client.replies) ---
    "motd.start": QT_TRANSLATE_NOOP("Catalogue", "- {server} Message of the day -"),
    "motd.welcome": QT_TRANSLATE_NOOP(
        "Catalogue", "- Welcome to {network}, a chat hosted with Gofto."
    ),
    "motd.meet": QT_TRANSLATE_NOOP(
        "Catalogue", "- Everybody meets in {room}: type /join {room} to join the room."
    ),
    # --- /whois, /who and /list results (app.client.replies) ---
    "whois.user": QT_TRANSLATE_NOOP("Catalogue", "{nick} is {user}@{host} ({realname})"),
    "whois.server": QT_TRANSLATE_NOOP("Catalogue", "{nick} is connected to {server} ({info})"),
    "whois.operator": QT_TRANSLATE_NOOP("Catalogue", "{nick} is a server operator"),
    "whois.host_operator": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} is an IRC operator (the host of this chat)"
    ),
    "whois.operator_said": QT_TRANSLATE_NOOP("Catalogue", "{nick} {text}"),
    "whois.idle": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} has been idle for {minutes} min {seconds} s"
    ),
    "whois.channels": QT_TRANSLATE_NOOP("Catalogue", "{nick} is in {rooms}"),
    "whois.account": QT_TRANSLATE_NOOP("Catalogue", "{nick} is logged in as {account}"),
    "whois.secure": QT_TRANSLATE_NOOP("Catalogue", "{nick} is using an encrypted connection"),
    "whois.bot": QT_TRANSLATE_NOOP("Catalogue", "{nick} is a bot"),
    "whois.detail": QT_TRANSLATE_NOOP("Catalogue", "{nick}: {text}"),
    "whois.end": QT_TRANSLATE_NOOP("Catalogue", "End of /whois {nick}"),
    "who.here_in": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} ({user}@{host}) in {room} is here — {realname}"
    ),
    "who.away_in": QT_TRANSLATE_NOOP(
        "Catalogue", "{nick} ({user}@{host}) in {room} is away — {realname}"
    ),
    "who.here": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) is here — {realname}"),
    "who.away": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) is away — {realname}"),
    "who.here_in_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) in {room} is here"),
    "who.away_in_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) in {room} is away"),
    "who.here_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) is here"),
    "who.away_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} ({user}@{host}) is away"),
    "who.end": QT_TRANSLATE_NOOP("Catalogue", "End of /who {mask}"),
    "who.end_plain": QT_TRANSLATE_NOOP("Catalogue", "End of /who"),
    "list.start": QT_TRANSLATE_NOOP("Catalogue", "Rooms on this server:"),
    "list.room": QT_TRANSLATE_NOOP("Catalogue", "{room}: {count} people — {topic}"),
    "list.room_plain": QT_TRANSLATE_NOOP("Catalogue", "{room}: {count} people"),
    "list.end": QT_TRANSLATE_NOOP("Catalogue", "End of the room list"),
    # --- error numerics from the server, as sentences (app.client.replies) ---
    "numeric.401": QT_TRANSLATE_NOOP("Catalogue", "There is nobody called {nick} here."),
    "numeric.402": QT_TRANSLATE_NOOP("Catalogue", "There is no server called {server}."),
    "numeric.403": QT_TRANSLATE_NOOP("Catalogue", "There is no channel called {room}."),
    "numeric.404": QT_TRANSLATE_NOOP(
        "Catalogue", "Your message could not be sent to {room}: {text}."
    ),
    "numeric.405": QT_TRANSLATE_NOOP(
        "Catalogue", "You cannot join {room}: you are in too many channels already."
    ),
    "numeric.406": QT_TRANSLATE_NOOP("Catalogue", "Nobody called {nick} was here recently."),
    "numeric.411": QT_TRANSLATE_NOOP("Catalogue", "That message had nobody to go to."),
    "numeric.412": QT_TRANSLATE_NOOP("Catalogue", "There was no text to send."),
    "numeric.417": QT_TRANSLATE_NOOP("Catalogue", "That line was too long for the server."),
    "numeric.421": QT_TRANSLATE_NOOP(
        "Catalogue", "The server does not know the command {command}."
    ),
    "numeric.431": QT_TRANSLATE_NOOP("Catalogue", "A nickname is needed."),
    "numeric.441": QT_TRANSLATE_NOOP("Catalogue", "{nick} is not in {room}."),
    "numeric.442": QT_TRANSLATE_NOOP("Catalogue", "You are not in {room}; join it first."),
    "numeric.443": QT_TRANSLATE_NOOP("Catalogue", "{nick} is already in {room}."),
    "numeric.451": QT_TRANSLATE_NOOP(
        "Catalogue", "The server has not finished letting us in yet; try again in a moment."
    ),
    "numeric.461": QT_TRANSLATE_NOOP("Catalogue", "The server needs more details for {command}."),
    "numeric.462": QT_TRANSLATE_NOOP("Catalogue", "We are already registered with the server."),
    "numeric.471": QT_TRANSLATE_NOOP("Catalogue", "You cannot join {room}: it is full."),
    "numeric.472": QT_TRANSLATE_NOOP("Catalogue", "The server does not know the mode {mode}."),
    "numeric.473": QT_TRANSLATE_NOOP("Catalogue", "You cannot join {room}: it is invitation only."),
    "numeric.474": QT_TRANSLATE_NOOP(
        "Catalogue", "You cannot join {room}: you are banned from it."
    ),
    "numeric.475": QT_TRANSLATE_NOOP(
        "Catalogue", "You cannot join {room}: it needs the right key (/join {room} KEY)."
    ),
    "numeric.476": QT_TRANSLATE_NOOP("Catalogue", "“{room}” is not a valid channel name."),
    "numeric.481": QT_TRANSLATE_NOOP("Catalogue", "Only server operators can do that."),
    "numeric.482": QT_TRANSLATE_NOOP(
        "Catalogue", "You need to be an operator of {room} to do that."
    ),
    "numeric.501": QT_TRANSLATE_NOOP("Catalogue", "The server does not know that user mode."),
    "numeric.502": QT_TRANSLATE_NOOP("Catalogue", "You can only change your own modes."),
    "numeric.said": QT_TRANSLATE_NOOP("Catalogue", "The server said: {text}"),
    "numeric.refused": QT_TRANSLATE_NOOP("Catalogue", "The server refused that ({number})."),
    # --- what a person typed as the host's address (app.client.address) ---
    "address.empty": QT_TRANSLATE_NOOP(
        "Catalogue", "Enter the host's address, for example 192.168.1.20:5000."
    ),
    "address.unclosed_bracket": QT_TRANSLATE_NOOP(
        "Catalogue", "An IPv6 address in brackets needs its closing “]”."
    ),
    "address.after_bracket": QT_TRANSLATE_NOOP(
        "Catalogue", "After “]” write a colon and the port, like [::1]:5000."
    ),
    "address.no_host": QT_TRANSLATE_NOOP(
        "Catalogue", "The address needs a host name or IP before the port."
    ),
    "address.port_range": QT_TRANSLATE_NOOP("Catalogue", "Port {port} is out of range (1–65535)."),
    "address.not_port": QT_TRANSLATE_NOOP("Catalogue", "“{text}” is not a port number."),
    "address.not_ipv6": QT_TRANSLATE_NOOP("Catalogue", "“{text}” is not an IPv6 address."),
    "address.invalid": QT_TRANSLATE_NOOP("Catalogue", "“{text}” is not a valid address."),
    "address.bad_host_or_ip": QT_TRANSLATE_NOOP(
        "Catalogue", "“{text}” is not a valid host name or IP address."
    ),
    "address.bad_host": QT_TRANSLATE_NOOP("Catalogue", "“{text}” is not a valid host name."),
    "address.scheme": QT_TRANSLATE_NOOP(
        "Catalogue", "Only irc:// links can be joined, not {scheme}://."
    ),
    "address.link_no_host": QT_TRANSLATE_NOOP("Catalogue", "The irc:// link has no host."),
    "address.link_port": QT_TRANSLATE_NOOP(
        "Catalogue", "The port in the irc:// link is not a number in 1–65535."
    ),
    "address.link_fingerprint": QT_TRANSLATE_NOOP(
        "Catalogue", "The fingerprint in the link is not 64 hex digits; copy the whole link."
    ),
    "address.link_too_long": QT_TRANSLATE_NOOP("Catalogue", "The link is too long."),
    # --- nicknames: why one cannot be used (codes from app.irc.names.nick_problem) ---
    "nick.empty": QT_TRANSLATE_NOOP("Catalogue", "A nickname cannot be empty."),
    "nick.too_long": QT_TRANSLATE_NOOP(
        "Catalogue", "A nickname can be at most {n} characters long."
    ),
    "nick.digit_start": QT_TRANSLATE_NOOP(
        "Catalogue", "A nickname cannot start with a digit or a dash."
    ),
    "nick.bad_start": QT_TRANSLATE_NOOP("Catalogue", "A nickname cannot start with “{char}”."),
    "nick.space": QT_TRANSLATE_NOOP("Catalogue", "A nickname cannot contain a space."),
    "nick.bad_char": QT_TRANSLATE_NOOP("Catalogue", "A nickname cannot contain “{char}”."),
    "nick.invisible": QT_TRANSLATE_NOOP(
        "Catalogue", "A nickname cannot contain control or invisible characters."
    ),
    "nick.invisible_edge": QT_TRANSLATE_NOOP(
        "Catalogue", "A nickname cannot start or end with an invisible character."
    ),
    # the default nickname when the login name will not do
    "nick.default": QT_TRANSLATE_NOOP("Catalogue", "guest"),
    # --- errors a person can act on: their English is in app.errors (the server raises some) ---
    **ERROR_SENTENCES,
    # --- the terminal client's status lines (app.client.terminal) ---
    "terminal.connected": QT_TRANSLATE_NOOP("Catalogue", "Connected to {address} as {nick}"),
    "terminal.disconnected": QT_TRANSLATE_NOOP("Catalogue", "Disconnected: {reason}"),
    # why a reconnection attempt failed, inside "Reconnecting in N s… (reason)"
    "terminal.no_answer": QT_TRANSLATE_NOOP("Catalogue", "No answer from {address}"),
    "terminal.not_encrypted": QT_TRANSLATE_NOOP(
        "Catalogue", "Not encrypted: this host speaks plain text only."
    ),
    "terminal.encrypted": QT_TRANSLATE_NOOP(
        "Catalogue", "Encrypted. The host's certificate fingerprint is {fingerprint}"
    ),
    "terminal.first_visit": QT_TRANSLATE_NOOP(
        "Catalogue", "First visit: ask the host to read theirs out, to be sure it matches."
    ),
    "terminal.fingerprint_before": QT_TRANSLATE_NOOP(
        "Catalogue", "Fingerprint before: {fingerprint}"
    ),
    "terminal.fingerprint_now": QT_TRANSLATE_NOOP("Catalogue", "Fingerprint now:    {fingerprint}"),
    "terminal.trust_hint": QT_TRANSLATE_NOOP(
        "Catalogue", "To trust the new one, run again with {option}"
    ),
    "terminal.private": QT_TRANSLATE_NOOP(
        "Catalogue", "Private conversation with {nick}: /msg {nick} TEXT writes to them only"
    ),
    # The place tag in front of each line the terminal prints.
    "terminal.where_private": QT_TRANSLATE_NOOP("Catalogue", "private"),
    "terminal.where_private_to": QT_TRANSLATE_NOOP("Catalogue", "private → {nick}"),
    "terminal.earlier": QT_TRANSLATE_NOOP("Catalogue", "(earlier)"),
    # --- search of this app's own log (app.client.search; /search and the search windows) ---
    "search.heading": QT_TRANSLATE_NOOP(
        "Catalogue", "Search for “{query}”: {count} found, newest first"
    ),
    "search.none": QT_TRANSLATE_NOOP("Catalogue", "Nothing found for “{query}”."),
    "search.more": QT_TRANSLATE_NOOP(
        "Catalogue", "Only the newest {count} are shown; add words to narrow the search."
    ),
    "search.failed": QT_TRANSLATE_NOOP(
        "Catalogue", "Search is not available: this app's log could not be opened."
    ),
    # --- older history asked for with /more (app.client.presentation) ---
    "history.page": QT_TRANSLATE_NOOP(
        "Catalogue", "Earlier in {where}, oldest first ({count} lines):"
    ),
    "history.start": QT_TRANSLATE_NOOP(
        "Catalogue", "Nothing older in {where}: the host's history of it starts here."
    ),
    "history.busy": QT_TRANSLATE_NOOP("Catalogue", "The previous page of {where} is on its way."),
    "history.unavailable": QT_TRANSLATE_NOOP(
        "Catalogue", "This host keeps no history: there are no earlier pages to show."
    ),
    "history.gap": QT_TRANSLATE_NOOP("Catalogue", "Earlier messages not shown — load them"),
    "history.not_open": QT_TRANSLATE_NOOP(
        "Catalogue",
        "{where} is not open here: /more pages a room you are in or a private "
        "conversation you have.",
    ),
    # --- why a connection ended (app.client.transport, for Tk and the terminal) ---
    "transport.closed": QT_TRANSLATE_NOOP("Catalogue", "Connection closed"),
    "transport.server_closed": QT_TRANSLATE_NOOP("Catalogue", "The server closed the connection"),
    "transport.tls_error": QT_TRANSLATE_NOOP("Catalogue", "TLS error: {detail}"),
    "transport.internal_error": QT_TRANSLATE_NOOP("Catalogue", "Internal error: {detail}"),
    # --- sharing files through the host (app.client.files, /send, Tk's Send file… / Save…) ---
    "usage.send": QT_TRANSLATE_NOOP("Catalogue", "/send PATH"),
    "help.send": QT_TRANSLATE_NOOP("Catalogue", "share a file through the host (posts its link)"),
    "file.no_filehost": QT_TRANSLATE_NOOP("Catalogue", "This host does not take files."),
    "file.no_such_file": QT_TRANSLATE_NOOP("Catalogue", "There is no file at {path}."),
    "file.host_refused": QT_TRANSLATE_NOOP(
        "Catalogue", "The host refused to take a file: {reason}"
    ),
    "file.sending": QT_TRANSLATE_NOOP("Catalogue", "Sending {name}…"),
    "file.saving": QT_TRANSLATE_NOOP("Catalogue", "Saving {name}…"),
    "file.saved": QT_TRANSLATE_NOOP("Catalogue", "Saved {name}."),
    "file.none_shared": QT_TRANSLATE_NOOP(
        "Catalogue", "No file was shared in this conversation yet."
    ),
    "file.cannot_read": QT_TRANSLATE_NOOP("Catalogue", "Cannot read {name}: {reason}."),
    "file.send_failed": QT_TRANSLATE_NOOP("Catalogue", "Sending {name} failed: {reason}."),
    "file.save_failed": QT_TRANSLATE_NOOP("Catalogue", "Saving the file failed: {reason}."),
    "file.cut_short": QT_TRANSLATE_NOOP("Catalogue", "The download was cut short; try again."),
    "file.send_cut_short": QT_TRANSLATE_NOOP(
        "Catalogue", "Sending {name} was cut short; try again."
    ),
    "file.bad_address": QT_TRANSLATE_NOOP(
        "Catalogue", "The host offers files over an address Gofto does not use."
    ),
    "file.needs_tls": QT_TRANSLATE_NOOP(
        "Catalogue", "Files are shared only over an encrypted connection."
    ),
    "file.token_rejected": QT_TRANSLATE_NOOP(
        "Catalogue", "The host did not accept the upload token; try again."
    ),
    "file.too_large": QT_TRANSLATE_NOOP("Catalogue", "{name} is larger than this host accepts."),
    "file.gone": QT_TRANSLATE_NOOP("Catalogue", "That file is no longer on the host."),
    "file.busy": QT_TRANSLATE_NOOP(
        "Catalogue", "The host is busy with your other transfers; try again in a moment."
    ),
    "file.send_busy": QT_TRANSLATE_NOOP(
        "Catalogue", "The host is busy, so {name} was not sent; try again in {seconds} seconds."
    ),
    "file.refused": QT_TRANSLATE_NOOP(
        "Catalogue", "The host answered {status}; {name} was not transferred."
    ),
    "file.save_refused": QT_TRANSLATE_NOOP(
        "Catalogue", "The host answered {status}; the file was not saved."
    ),
    "file.cancelled": QT_TRANSLATE_NOOP("Catalogue", "The transfer was cancelled."),
    # --- someone else's words, shown as they are (a server's MOTD line, a wrapped error) ---
    "text.plain": QT_TRANSLATE_NOOP("Catalogue", "{text}"),
    # --- presentation: conversation records (owned by app.client.presentation) ---
    "line.earlier": QT_TRANSLATE_NOOP("Catalogue", "— earlier messages —"),
    "line.new_since": QT_TRANSLATE_NOOP("Catalogue", "— new since you left —"),
    "line.joined": QT_TRANSLATE_NOOP("Catalogue", "{nick} joined"),
    "line.joined_self": QT_TRANSLATE_NOOP("Catalogue", "You joined {room}"),
    "line.left": QT_TRANSLATE_NOOP("Catalogue", "{nick} left"),
    "line.left_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} left ({reason})"),
    "line.left_self": QT_TRANSLATE_NOOP("Catalogue", "You left {room}"),
    "line.kicked": QT_TRANSLATE_NOOP("Catalogue", "{nick} was removed by {by}"),
    "line.kicked_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} was removed by {by} ({reason})"),
    "line.kicked_self": QT_TRANSLATE_NOOP("Catalogue", "You were removed by {by}"),
    "line.kicked_self_reason": QT_TRANSLATE_NOOP(
        "Catalogue", "You were removed by {by} ({reason})"
    ),
    "line.quit": QT_TRANSLATE_NOOP("Catalogue", "{nick} left the chat"),
    "line.quit_reason": QT_TRANSLATE_NOOP("Catalogue", "{nick} left the chat ({reason})"),
    "line.nick": QT_TRANSLATE_NOOP("Catalogue", "{old} is now known as {new}"),
    "line.nick_self": QT_TRANSLATE_NOOP("Catalogue", "You are now known as {new}"),
    "line.topic": QT_TRANSLATE_NOOP("Catalogue", "Topic: {topic}"),
    "line.topic_set": QT_TRANSLATE_NOOP("Catalogue", "{nick} changed the topic to: {topic}"),
    "line.away": QT_TRANSLATE_NOOP("Catalogue", "{nick} is away ({reason})"),
    "line.away_plain": QT_TRANSLATE_NOOP("Catalogue", "{nick} is away"),
    "line.back": QT_TRANSLATE_NOOP("Catalogue", "{nick} is back"),
    "line.mention_in": QT_TRANSLATE_NOOP("Catalogue", "{nick} in {room}"),
    "state.connected": QT_TRANSLATE_NOOP("Catalogue", "Connected as {nick}"),
    "state.reconnected": QT_TRANSLATE_NOOP("Catalogue", "Connected again as {nick}"),
    "state.disconnected": QT_TRANSLATE_NOOP("Catalogue", "Disconnected ({reason}); reconnecting…"),
    "state.disconnected_final": QT_TRANSLATE_NOOP("Catalogue", "Disconnected ({reason})"),
    "state.retrying": QT_TRANSLATE_NOOP("Catalogue", "Reconnecting in {seconds} s… ({reason})"),
    "state.not_sent": QT_TRANSLATE_NOOP(
        "Catalogue", "(not sent yet — will be sent when reconnected)"
    ),
    "state.offline": QT_TRANSLATE_NOOP(
        "Catalogue",
        "Offline: reconnecting… What you write now is sent once the connection is back.",
    ),
    "line.mode": QT_TRANSLATE_NOOP("Catalogue", "{nick} set mode {modes}"),
    # --- end of presentation ---
    # --- convo: replies, reactions, typing, deletion (owned by app.client.convo) ---
    "error.no_redaction": QT_TRANSLATE_NOOP(
        "Catalogue", "This server does not let messages be deleted."
    ),
    "error.redact_forbidden": QT_TRANSLATE_NOOP(
        "Catalogue", "You may delete only your own messages."
    ),
    "error.redact_failed": QT_TRANSLATE_NOOP(
        "Catalogue", "That message could not be deleted (it is unknown or too old)."
    ),
    "error.multiline_failed": QT_TRANSLATE_NOOP(
        "Catalogue", "The server refused that message of several lines; nothing was sent."
    ),
    "usage.react": QT_TRANSLATE_NOOP("Catalogue", "/react EMOJI"),
    "help.react": QT_TRANSLATE_NOOP(
        "Catalogue", "react to the last message someone else wrote here, like /react 👍"
    ),
    "usage.delete": QT_TRANSLATE_NOOP("Catalogue", "/delete [REASON]"),
    "help.delete": QT_TRANSLATE_NOOP("Catalogue", "delete your last message here"),
    "error.react_nothing": QT_TRANSLATE_NOOP(
        "Catalogue", "There is no message from someone else here to react to yet."
    ),
    "error.no_reactions": QT_TRANSLATE_NOOP(
        "Catalogue", "Reactions cannot be sent here (the server does not carry them)."
    ),
    "error.delete_nothing": QT_TRANSLATE_NOOP(
        "Catalogue", "You have no message here that can be deleted."
    ),
    "convo.typing_one": QT_TRANSLATE_NOOP("Catalogue", "{nick} is typing…"),
    "convo.typing_two": QT_TRANSLATE_NOOP("Catalogue", "{nick} and {other} are typing…"),
    "convo.typing_many": QT_TRANSLATE_NOOP("Catalogue", "{count} people are typing…"),
    "convo.deleted": QT_TRANSLATE_NOOP("Catalogue", "message deleted"),
    "convo.reply_to": QT_TRANSLATE_NOOP("Catalogue", "↪ {nick}: {text}"),
    "convo.reply_unknown": QT_TRANSLATE_NOOP("Catalogue", "↪ in reply to an earlier message"),
    "convo.reactions": QT_TRANSLATE_NOOP("Catalogue", "Reactions: {reactions}"),
}


def placeholders(template: str) -> frozenset[str] | None:
    """The ``{name}`` fields of ``template``; ``None`` when it is not a plain template.

    Only bare names count as plain: an attribute, index, conversion or format spec in a
    translation (``{nick.__class__}``, ``{n!r}``) could reach into an object or fail, so such
    a translation is refused rather than formatted.
    """
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return None
        names.add(name)
    return frozenset(names)


#: Parameters that are counts: written with the language's digits (an int or digits as text).
NUMBER_PARAMS = frozenset({"count", "n", "seconds", "minutes"})


class _Shown(dict[str, str]):
    """Parameters for :meth:`str.format_map`; a missing one shows as its ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Said(Protocol):
    """Anything that names a sentence: a :class:`Sentence`, an :class:`app.errors.GoftoError`,
    an :class:`app.client.address.AddressError`, an :class:`app.irc.NickProblem`."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, object]: ...


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence named by its catalogue code and parameters, put into words by a :class:`Texts`.

    Events carry these instead of prose, so each front end says them in its user's language.
    A parameter may itself be a :class:`Sentence` (a usage line inside "Usage: …"); it is
    said in the same language.
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        """The sentence in English (logs, tests, and the ``text`` of an event)."""
        return ENGLISH.say(self)


class Texts:
    """Turns a code and its parameters into a sentence in one language.

    ``translate(context, english_template)`` gives the translated template (Qt's
    ``QCoreApplication.translate`` or :meth:`app.i18n.Catalogue.translate`); ``None`` means
    English. A code nobody knows, or a translation whose placeholders differ from the
    English template's, falls back to English: a sentence is never lost, at worst untranslated.

    ``wrap``, when given, is applied to every value put into a placeholder (a nickname, a room,
    a command, a nested usage line): the presentation layer passes its bidi isolation, so a
    value never reorders the sentence around it.

    ``zero`` is the language's digit zero (``"۰"`` in Persian): counts put into a sentence
    (the parameters of :data:`NUMBER_PARAMS`, such as ``{count}``) and what :meth:`digits`
    is given are written with the language's digits, below every toolkit. Ports, addresses
    and command numbers stay as typed (Latin): they are copied into fields that want them so.
    """

    def __init__(
        self,
        translate: Translate | None = None,
        *,
        wrap: Callable[[str], str] | None = None,
        zero: str = "0",
        jalali: bool = False,
    ) -> None:
        self._translate = translate
        self._wrap = wrap
        self.zero = zero
        self.jalali = jalali
        self._templates: dict[str, str] = {}

    def template(self, code: str) -> str:
        """The template for ``code`` in this language (English when there is none usable)."""
        known = self._templates.get(code)
        if known is not None:
            return known
        english = CATALOGUE.get(code)
        if english is None:
            log.warning("no sentence has the code %r", code)
            return code
        chosen = english
        if self._translate is not None:
            translated = self._translate(CONTEXT, english)
            if translated and placeholders(translated) == placeholders(english):
                chosen = translated
            else:
                log.warning("the translation of %r is missing or broken", code)
        self._templates[code] = chosen
        return chosen

    def __call__(self, code: str, /, **params: object) -> str:
        """The sentence ``code`` with ``params`` filled in."""
        values = {name: self._value(name, value) for name, value in params.items()}
        if self._wrap is not None:
            values = {name: self._wrap(value) for name, value in values.items()}
        said = self.template(code).format_map(_Shown(values))
        if code.startswith("usage."):
            return _command_first(said)
        return said

    def _value(self, name: str, value: object) -> str:
        if isinstance(value, Sentence):
            return self.say(value)
        shown = str(value)
        if name in NUMBER_PARAMS and shown.isascii() and shown.isdigit():
            return self.digits(shown)
        return shown

    def digits(self, text: str) -> str:
        """``text`` (a time, a count) with its ASCII digits in this language's digits."""
        return native_digits(text, self.zero)

    def number(self, value: int) -> str:
        """``value`` written with this language's digits (no grouping: a count, a port)."""
        return native_digits(str(value), self.zero)

    def stamp(self, when: datetime) -> str:
        """``when`` as a local date and time, ``2026-03-21 14:02``, in this language's calendar
        and digits (``۱۴۰۵-۰۱-۰۱ ۱۴:۰۲`` in Persian): for lists without Qt's calendars."""
        local = when.astimezone()
        if self.jalali:
            year, month, day = to_jalali(local.date())
            date_part = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            date_part = local.strftime("%Y-%m-%d")
        return self.digits(f"{date_part} {local.strftime('%H:%M')}")

    def say(self, said: Said) -> str:
        """A :class:`Sentence` (or an error, a nickname problem…) in this language."""
        return self(said.code, **said.params)

    def error(self, error: BaseException) -> str:
        """What went wrong, in this language when the error names a sentence of the catalogue;
        otherwise its own text (a library's message is all there is)."""
        code, params = getattr(error, "code", None), getattr(error, "params", None)
        if isinstance(code, str) and code in CATALOGUE and isinstance(params, Mapping):
            return self(code, **params)
        return str(error)


def _command_first(usage: str) -> str:
    """A usage line (``/msg کاربر متن``) with its command isolated left to right when the
    rest is right-to-left, so that a Persian reader meets ``/msg`` first, slash in front, and
    the translated placeholders after it from the right (in every front end)."""
    command, space, rest = usage.partition(" ")
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in rest):
        return usage
    return f"\u2066{command}\u2069{space}{rest}"


#: English, the language of the templates themselves.
ENGLISH = Texts()


@cache
def texts_for(language: str) -> Texts:
    """The sentences in ``language`` for Tk and the terminal (the ``.ts`` read without Qt)."""
    if language == "en":
        return ENGLISH
    return Texts(
        Catalogue.load(language).translate, zero=zero_digit(language), jalali=language == "fa"
    )


def refusal(code: str, /, **params: object) -> GoftoError:
    """A :class:`~app.errors.GoftoError` for any sentence of the catalogue (a nickname's problem
    on the way to a start dialog, say), English for ``str()`` and the code for the front end."""
    return GoftoError(code, english=ENGLISH(code, **params), **params)
