"""Capability names that both ends of Gofto must spell the same way.

:data:`REPLAY_CAP` asks a Gofto server to replay a channel's recent messages when the client
joins it (see ``app.server.history``; the client side is ``app.client.inbound``).

Why this name: IRCv3 capability negotiation ("Rules for naming capabilities") keeps names
without a slash for its registry, whose working group may reuse any unregistered one, and says
that a vendor-specific name is prefixed by a valid DNS domain name (``znc.in/server-time``).
Gofto owns no domain, so the prefix is ``gofto.invalid``: a valid domain name under the
``.invalid`` top-level domain that RFC 2606 and RFC 6761 reserve for ever, so nobody else can
own it and the name can never clash with another vendor's capability. It is not
``draft/chathistory`` either: that is a request/response protocol (``CHATHISTORY LATEST …``)
this server does not implement, and advertising it would mislead real clients. If the project
ever has a domain of its own, rename it here; server and client both import this constant.
"""

from __future__ import annotations

#: Replay of a channel's recent messages on JOIN, in a ``chathistory`` BATCH (needs ``batch``
#: and ``server-time`` as well).
REPLAY_CAP = "gofto.invalid/replay"
