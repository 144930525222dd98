"""Sharing files through the host (IRCv3 ``draft/FILEHOST``) on the chat's own port.

- :mod:`~app.server.filehost.sniff`: HTTP or IRC, from the first bytes inside TLS;
- :mod:`~app.server.filehost.tokens`: ``FILEHOST TOKEN``'s short-lived single-use tokens;
- :mod:`~app.server.filehost.store`: the files on disk and the quota;
- :mod:`~app.server.filehost.names`: display names, types, inline or attachment;
- :mod:`~app.server.filehost.stream` and :mod:`~app.server.filehost.exchange`: HTTP/1.1
  (parsed by h11) over the connection's TLS, with deadlines;
- :mod:`~app.server.filehost.service`: the service a server holds, tying these together;
- :mod:`~app.server.filehost.sizes`: ``100MB``-style sizes for the command line.
"""

from app.server.filehost.service import FileHost, FileHostSettings

__all__ = ["FileHost", "FileHostSettings"]
