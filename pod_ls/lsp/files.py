"""The workspace's files that are not open, as navigation reads them: read when a request
first needs one and kept while the file's state (inode, size, modification time) is the same
(see `ide.workspace_names`). Imported by the first request that reads another file."""

from __future__ import annotations

import os
from pathlib import Path

from ..analysis.scan import read_text
from ..ide.navigation.named_files import NamedFile
from ..kube.files.kustomize import KUSTOMIZATION_FILES
from .paths import uri_to_path

MAX_KEPT_CHARACTERS = 32_000_000
"""Text of files on disk kept at most; beyond it the files read longest ago are let go."""

State = tuple[int, int, int]


class DiskFiles:
    """Files on disk that navigation read, with their state when read."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[State, NamedFile]] = {}
        """By URI, the file read last at the end."""
        self._paths: dict[str, str | None] = {}
        self._kept = 0

    def read(self, uri: str) -> NamedFile | None:
        """The file as it is on disk now; None when it is gone or unreadable."""
        path = self._path(uri)
        state = _state(path)
        kept = self._files.pop(uri, None)
        if kept is not None:
            self._kept -= len(kept[1].text or "")
            if kept[0] == state:
                return self._keep(uri, state, kept[1])
        if state is None or (text := read_text(Path(path))) is None:
            return None
        return self._keep(uri, state, NamedFile.on_disk(uri, text, os.path.basename(path) in KUSTOMIZATION_FILES))

    def _keep(self, uri: str, state: State, file: NamedFile) -> NamedFile:
        self._files[uri] = state, file
        self._kept += len(file.text or "")
        while self._kept > MAX_KEPT_CHARACTERS and len(self._files) > 1:
            oldest = next(iter(self._files))
            self._kept -= len(self._files.pop(oldest)[1].text or "")
        return file

    def _path(self, uri: str) -> str | None:
        if uri not in self._paths:
            path = uri_to_path(uri)
            self._paths[uri] = str(path) if path is not None else None
        return self._paths[uri]


def _state(path: str | None) -> State | None:
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat is not None else None
