"""`pod-ls check`: the server's rules over files on disk, for CI and pre-commit.

All files are read first so that a Pod in one file finds its headless Service, ConfigMaps
and the rest of the workspace model in another, exactly as in the editor; `workers` checks
them, on every core for a big tree. `reports` turns the results into text, JSON, SARIF or
GitHub annotations.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..analysis.scan import decode_text, read_text, yaml_file_names
from ..findings import Finding
from .check_settings import CheckSettings
from .workers import Source, check_sources

if TYPE_CHECKING:
    from ..settings import Settings

STDIN = "<stdin>"
"""The name standard input is reported under."""


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding]


class InputError(Exception):
    """A path that does not exist or cannot be read."""


def collect(paths: list[str], settings: CheckSettings, stdin: BinaryIO | None = None) -> dict[str, str]:
    """Path → text of every file named or found under a named folder (`-` is stdin, read as
    bytes and decoded as a file is)."""
    texts: dict[str, str] = {}
    for name in paths:
        if name == "-":
            texts[STDIN] = decode_text((stdin or sys.stdin.buffer).read())
            continue
        path = Path(name)
        if not path.exists() and glob.has_magic(name):
            matches = glob_files(name)
            if not matches:
                raise InputError(f"{name}: no file matches")
            for match in matches:
                if (text := read_text(match)) is not None:
                    texts[match] = text
            continue
        if path.is_dir():
            for file in yaml_file_names(path, settings.exclude, include=settings.include):
                if (text := read_text(file)) is not None:
                    texts[file] = text
        elif path.exists():
            # Not only a regular file: a named pipe, /dev/stdin, or <(helm template ...)'s /dev/fd/N.
            text = read_text(path)
            if text is None:
                raise InputError(f"{name}: cannot be read")
            texts[str(path)] = text
        else:
            raise InputError(f"{name}: no such file or directory")
    return texts


def glob_files(pattern: str) -> list[str]:
    """The regular files a glob pattern matches, named as `glob.glob(pattern, recursive=True)`
    names them, but glob.glob follows symlinked folders round a loop for ever. Here a folder is
    walked once per part of the pattern, and a file reached twice counts once, under the name
    that goes through no symlink (symlinks are walked after everything else)."""
    root, parts = _pattern_parts(pattern)
    walked: set[tuple[int, int, int]] = set()
    found: dict[tuple[int, int], str] = {}
    behind_symlinks: deque[tuple[str, int]] = deque()

    def visit(path: str, index: int) -> None:
        try:
            info = os.stat(path or os.curdir)
        except OSError:
            return
        if index == len(parts):
            if stat.S_ISREG(info.st_mode):
                found.setdefault((info.st_dev, info.st_ino), path)
            return
        if not stat.S_ISDIR(info.st_mode) or (info.st_dev, info.st_ino, index) in walked:
            return
        walked.add((info.st_dev, info.st_ino, index))
        part = parts[index]
        if part == "**":
            visit(path, index + 1)
            entries, index_after = [e for e in _entries(path, "*") if _is_folder(e)], index
        elif glob.has_magic(part):
            entries, index_after = _entries(path, part), index + 1
        else:
            visit(os.path.join(path, part), index + 1)
            return
        for entry in entries:
            child = os.path.join(path, entry.name)
            if entry.is_symlink():
                behind_symlinks.append((child, index_after))
            else:
                visit(child, index_after)

    visit(root, 0)
    while behind_symlinks:
        visit(*behind_symlinks.popleft())
    return sorted(found.values())


def _pattern_parts(pattern: str) -> tuple[str, list[str]]:
    """Where a glob pattern starts (a drive, `/` or nothing) and its parts between separators;
    a `**` at the end also matches the files, so it is read as `**/*`."""
    separators = os.sep + (os.altsep or "")
    drive, rest = os.path.splitdrive(pattern)
    stripped = rest.lstrip(separators)
    parts = re.split(f"[{re.escape(separators)}]", stripped)
    if parts[-1] == "**":
        parts.append("*")
    return drive + rest[:len(rest) - len(stripped)], parts


def _entries(folder: str, pattern: str) -> list[os.DirEntry]:
    """The names in a folder that match one part of a glob pattern, in order."""
    try:
        with os.scandir(folder or os.curdir) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return []
    hidden_too = pattern.startswith(".")
    return [entry for entry in entries
            if (hidden_too or not entry.name.startswith(".")) and fnmatch.fnmatch(entry.name, pattern)]


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def check_texts(texts: dict[str, str], settings: CheckSettings | Settings,
                progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> list[FileResult]:
    """Findings of every file, in order, on `jobs` processes at most (see `workers`: a small
    tree stays in this one); `progress(done, total)` is called as files are read and checked.
    Every document of every file is checked, whatever `max_checked_characters` says."""
    sources = [Source(path, text, path != STDIN) for path, text in texts.items()]
    plain = settings if isinstance(settings, CheckSettings) else CheckSettings.of(settings)
    findings = check_sources(sources, plain, jobs, progress)
    return [FileResult(source.path, found) for source, found in zip(sources, findings, strict=True)]
