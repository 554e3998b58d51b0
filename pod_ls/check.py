"""`pod-ls check`: the server's rules over files on disk, for CI and pre-commit.

All files are read first so that a Pod in one file finds its headless Service in another,
exactly as in the editor.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .analysis import Analyzer
from .findings import Finding, Severity
from .parse import split_lines
from .scan import read_text, yaml_files
from .services import ServiceLookup, find_services
from .settings import Settings

SEVERITY_NAMES = {Severity.ERROR: "error", Severity.WARNING: "warning",
                  Severity.INFO: "info", Severity.HINT: "hint"}


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding]


class InputError(Exception):
    """A path that does not exist or cannot be read."""


def collect(paths: list[str], settings: Settings, stdin: TextIO = sys.stdin) -> dict[str, str]:
    """Path → text of every file named or found under a named folder (`-` is stdin)."""
    texts: dict[str, str] = {}
    for name in paths:
        if name == "-":
            texts["<stdin>"] = stdin.read()
            continue
        path = Path(name)
        if path.is_dir():
            for file in yaml_files(path, settings.workspace.exclude, include=settings.workspace.include):
                if (text := read_text(file)) is not None:
                    texts[str(file)] = text
        elif path.is_file():
            text = read_text(path)
            if text is None:
                raise InputError(f"{name}: cannot be read")
            texts[str(path)] = text
        else:
            raise InputError(f"{name}: no such file or directory")
    return texts


def check_texts(texts: dict[str, str], settings: Settings) -> list[FileResult]:
    services = ServiceLookup()
    analyzers = {path: Analyzer(path) for path in texts}
    parsed = {path: analyzers[path].parse(text) for path, text in texts.items()}
    for path, documents in parsed.items():
        services.set(path, find_services(documents, path))
    return [FileResult(path, analyzers[path].analyse(text, services, settings, parsed[path]).findings)
            for path, text in texts.items()]


def format_text(results: list[FileResult], texts: dict[str, str]) -> str:
    lines = []
    for result in results:
        source = split_lines(texts[result.path])
        for f in result.findings:
            column = f.start[1] + 1 if f.start[0] < len(source) else 1
            lines.append(f"{result.path}:{f.start[0] + 1}:{column}: "
                         f"{SEVERITY_NAMES[f.severity]} [{f.rule}] {f.message}")
    return "\n".join(lines)


def format_json(results: list[FileResult]) -> str:
    return json.dumps([
        {"path": r.path, "rule": f.rule, "severity": SEVERITY_NAMES[f.severity],
         "message": f.message,
         "start": {"line": f.start[0] + 1, "column": f.start[1] + 1},
         "end": {"line": f.end[0] + 1, "column": f.end[1] + 1}}
        for r in results for f in r.findings], indent=2)


def summary(results: list[FileResult]) -> str:
    counts = {name: 0 for name in SEVERITY_NAMES.values()}
    for result in results:
        for finding in result.findings:
            counts[SEVERITY_NAMES[finding.severity]] += 1
    found = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
    return f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {found or 'no problems'}"
