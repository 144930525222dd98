"""Capability names that both ends of Gofto must spell the same way.

History is IRCv3 ``draft/chathistory`` (the work-in-progress name its specification asks
implementations to use): a client that negotiated it asks for a room's latest lines with
``CHATHISTORY LATEST <room> * <n>`` when it joins, and the server answers in a ``chathistory``
batch (``app.server.handlers.chathistory``; the client side is ``app.client.inbound``).
"""

from __future__ import annotations

#: IRCv3 draft/chathistory (needs ``batch`` and ``server-time`` to be useful to Gofto).
CHATHISTORY_CAP = "draft/chathistory"
#: IRCv3 draft/read-marker: how far each conversation was read, kept by the host.
READ_MARKER_CAP = "draft/read-marker"
#: How many lines a Gofto client asks for when it joins a room.
LATEST_ON_JOIN = 50
