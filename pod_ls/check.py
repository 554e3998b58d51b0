"""`pod-ls check`: the server's rules over files on disk, for CI and pre-commit.

All files are read first so that a Pod in one file finds its headless Service in another,
exactly as in the editor. `reports` turns the results into text, JSON, SARIF or GitHub
annotations.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .analysis import Analyzer
from .findings import Finding
from .scan import decode_text, read_text, services_in_text, yaml_files
from .services import ServiceLookup
from .settings import Settings


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding]


class InputError(Exception):
    """A path that does not exist or cannot be read."""


def collect(paths: list[str], settings: Settings, stdin: BinaryIO | None = None) -> dict[str, str]:
    """Path → text of every file named or found under a named folder (`-` is stdin, read as
    bytes and decoded as a file is)."""
    texts: dict[str, str] = {}
    for name in paths:
        if name == "-":
            texts["<stdin>"] = decode_text((stdin or sys.stdin.buffer).read())
            continue
        path = Path(name)
        if not path.exists() and any(c in name for c in "*?["):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise InputError(f"{name}: no file matches")
            for match in matches:
                if Path(match).is_file() and (text := read_text(Path(match))) is not None:
                    texts[match] = text
            continue
        if path.is_dir():
            for file in yaml_files(path, settings.workspace.exclude, include=settings.workspace.include):
                if (text := read_text(file)) is not None:
                    texts[str(file)] = text
        elif path.exists():
            # Not only a regular file: a named pipe, /dev/stdin, or <(helm template ...)'s /dev/fd/N.
            text = read_text(path)
            if text is None:
                raise InputError(f"{name}: cannot be read")
            texts[str(path)] = text
        else:
            raise InputError(f"{name}: no such file or directory")
    return texts


def check_texts(texts: dict[str, str], settings: Settings,
                progress: Callable[[int, int], None] | None = None) -> list[FileResult]:
    """Findings of every file; `progress(done, total)` is called as files are read and checked.

    Every file's Services are known before any file is analysed; then each file is analysed
    on its own and only its findings are kept, so memory grows with the files, not with their
    trees (the few documents that may declare a Service are parsed twice for that).
    """
    services = ServiceLookup()
    total = 2 * len(texts)
    for done, (path, text) in enumerate(texts.items(), 1):
        services.set(path, services_in_text(text, path))
        if progress:
            progress(done, total)
    results = []
    for done, (path, text) in enumerate(texts.items(), len(texts) + 1):
        results.append(FileResult(path, Analyzer(path).analyse(text, services, settings).findings))
        if progress:
            progress(done, total)
    return results
