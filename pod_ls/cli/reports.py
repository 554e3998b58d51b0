"""`pod-ls check` output: text (coloured on a terminal), JSON, SARIF 2.1.0 and GitHub workflow
annotations. Lines and columns are 1-based here, as every one of these formats wants."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote_from_bytes

from .. import __version__
from ..findings import Finding, Severity
from ..rules import RULES
from ..settings_files import DEFAULT_DOCS_URL
from .check import STDIN, FileResult

RuleUrl = Callable[[str], "str | None"]
"""Where a rule is explained (`Settings.rule_url`), or None for no link."""


def _default_url(rule_id: str) -> str:
    return f"{DEFAULT_DOCS_URL}#{rule_id}"

SEVERITY_NAMES = {severity: severity.name.lower() for severity in Severity}
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m",
            Severity.HINT: "\033[2m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note",
                 Severity.HINT: "note"}
_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice",
                    Severity.HINT: "notice"}


def _findings(results: list[FileResult]):
    for result in results:
        for finding in result.findings:
            yield result.path, finding


def text(results: list[FileResult], colour: bool = False) -> str:
    lines = []
    for path, f in _findings(results):
        severity = SEVERITY_NAMES[f.severity]
        where = f"{path}:{f.start[0] + 1}:{f.start[1] + 1}:"
        if colour:
            where = f"{_BOLD}{where}{_RESET}"
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
        lines.append(f"{where} {severity} [{f.rule}] {f.message}")
    return "\n".join(lines)


def to_json(results: list[FileResult], rule_url: RuleUrl = _default_url) -> str:
    """A list of findings; `url` where the rule is explained, `related` the other places involved."""
    found = []
    for path, f in _findings(results):
        entry = {"path": path, "rule": f.rule, "severity": SEVERITY_NAMES[f.severity], "message": f.message,
                 "start": _place(f.start), "end": _place(f.end)}
        if url := rule_url(f.rule):
            entry["url"] = url
        if f.related:
            entry["related"] = [{"path": r.uri or path, "message": r.message, "start": _place(r.start),
                                 "end": _place(r.end)} for r in f.related]
        found.append(entry)
    return json.dumps(found, indent=2)


def _place(pos: tuple[int, int]) -> dict:
    return {"line": pos[0] + 1, "column": pos[1] + 1}


def _artifact_uri(path: str) -> str:
    """Relative to the current folder where it can be (code scanning resolves it against the
    checkout), percent-encoded as RFC 3986 wants, as `Path.as_uri` encodes an absolute one."""
    if path == STDIN:
        return "stdin"
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return quote_from_bytes(os.fsencode(candidate.as_posix()))


def sarif(results: list[FileResult], rule_url: RuleUrl = _default_url) -> str:
    """A SARIF 2.1.0 log with one run; columns count code points, like the editor's."""
    index = {rule_id: n for n, rule_id in enumerate(RULES)}
    rules = [{"id": r.id, "shortDescription": {"text": r.summary}, "fullDescription": {"text": r.doc},
              "defaultConfiguration": {"level": _SARIF_LEVELS[r.severity]}} for r in RULES.values()]
    for rule in rules:
        if url := rule_url(rule["id"]):
            rule["helpUri"] = url
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pod-ls", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": [_sarif_result(path, f, index) for path, f in _findings(results)],
        }],
    }
    return json.dumps(log, indent=2)


def _sarif_result(path: str, f: Finding, index: dict[str, int]) -> dict:
    result = {
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [_sarif_location(path, f.start, f.end)],
    }
    if f.related:
        result["relatedLocations"] = [{"id": n, **_sarif_location(r.uri or path, r.start, r.end),
                                       "message": {"text": r.message}} for n, r in enumerate(f.related)]
    return result


def _sarif_location(path: str, start: tuple[int, int], end: tuple[int, int]) -> dict:
    return {"physicalLocation": {
        "artifactLocation": {"uri": _artifact_uri(path)},
        "region": {"startLine": start[0] + 1, "startColumn": start[1] + 1,
                   "endLine": end[0] + 1, "endColumn": end[1] + 1},
    }}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: list[FileResult]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the diff."""
    lines = []
    for path, f in _findings(results):
        properties = ",".join([
            f"file={_escape_property(path)}", f"line={f.start[0] + 1}", f"col={f.start[1] + 1}",
            f"endLine={f.end[0] + 1}", f"endColumn={f.end[1] + 1}", f"title={_escape_property(f.rule)}"])
        lines.append(f"::{_GITHUB_COMMANDS[f.severity]} {properties}::{_escape_data(f.message)}")
    return "\n".join(lines)


def summary(results: list[FileResult]) -> str:
    counts = {name: 0 for name in SEVERITY_NAMES.values()}
    for _, finding in _findings(results):
        counts[SEVERITY_NAMES[finding.severity]] += 1
    found = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
    return f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {found or 'no problems'}"
