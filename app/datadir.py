"""Where Gofto keeps its own files (the host certificate, the fingerprints it trusts).

``$GOFTO_DATA_DIR`` wins, so tests (and portable installs) keep everything in one folder;
otherwise the platform's user data directory (``~/.local/share/Gofto`` on Linux). Nothing is
written next to the executable.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "GOFTO_DATA_DIR"


def data_dir() -> Path:
    """The data directory (not created here: writers create what they need)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("Gofto", appauthor=False))


#: The embedded host's channel history (``app.server.history``), in :func:`data_dir`.
HISTORY_FILE = "history.sqlite3"


def history_path() -> Path:
    """Where a hosted chat keeps its rooms' recent messages between runs."""
    return data_dir() / HISTORY_FILE
