"""Finding YAML files on disk: for the Services of the workspace and for `pod-ls check`.

The walk stays inside the folders it is given: it never follows a symlinked folder (so no
loops), skips excluded names (.git, node_modules, ...) and, when asked, files too big to be
hand-written manifests.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from .parse import parse_document, split_documents
from .services import ServiceRef, find_services, may_declare_services

DEFAULT_INCLUDE = ["*.yaml", "*.yml"]


def excluded(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def yaml_files(folder: Path, exclude: list[str], max_size: int | None = None,
               recursive: bool = True, include: list[str] | None = None) -> Iterator[Path]:
    """Files under `folder` (or only in it) that match `include` (default: *.yaml, *.yml).

    Patterns are globs; a file counts when its name or its path relative to `folder` matches.
    `exclude` patterns skip folders and files the same way.
    """
    include = include or DEFAULT_INCLUDE
    for directory, subdirs, files in os.walk(folder, followlinks=False):
        relative_dir = Path(directory).relative_to(folder)
        subdirs[:] = sorted(d for d in subdirs
                            if not excluded(d, exclude) and not excluded(str(relative_dir / d), exclude)
                            ) if recursive else []
        for name in sorted(files):
            relative = (relative_dir / name).as_posix()
            if not (excluded(name, include) or excluded(relative, include)):
                continue
            if excluded(name, exclude) or excluded(relative, exclude):
                continue
            path = Path(directory, name)
            try:
                if not path.is_file() or (max_size is not None and path.stat().st_size > max_size):
                    continue
            except OSError:
                continue
            yield path


def decode_text(data: bytes) -> str:
    """A manifest's bytes as text, the same for a file and for stdin: UTF-8 with a wrong byte
    read as U+FFFD (as an editor shows it), without a byte order mark."""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_text(path: Path) -> str | None:
    try:
        return decode_text(path.read_bytes())
    except OSError:
        return None


def services_in_text(text: str, uri: str) -> list[ServiceRef]:
    """Services declared in a file's text; only the documents that may hold one are parsed."""
    if not may_declare_services(text):
        return []
    return find_services([parse_document(chunk, offset) for offset, chunk in split_documents(text)
                          if may_declare_services(chunk)], uri)
