"""URIs ↔ paths."""

from __future__ import annotations

from pathlib import Path

from pygls.uris import from_fs_path, to_fs_path


def uri_to_path(uri: str) -> Path | None:
    """The local path of a file: URI, or None for other schemes (untitled:, ...)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def path_to_uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()
