"""URIs ↔ paths."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlparse

from pygls.uris import from_fs_path, to_fs_path


def uri_to_path(uri: str) -> Path | None:
    """The local path of a file: URI, or None for other schemes (untitled:, ...)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    parts = urlparse(uri)
    if path and "\ufffd" in path and os.name != "nt" and not parts.netloc:
        # Escaped bytes that are not UTF-8: the name on disk is those bytes (see path_to_uri).
        path = os.fsdecode(unquote_to_bytes(parts.path))
    return Path(path) if path else None


def path_to_uri(path: Path) -> str:
    """The file: URI of a path. A name that is not valid UTF-8 (possible on Linux) gets its bytes
    percent-encoded as on disk (RFC 8089), rather than stop a whole scan."""
    try:
        return from_fs_path(str(path)) or path.as_uri()
    except UnicodeEncodeError:
        return path.as_uri()
