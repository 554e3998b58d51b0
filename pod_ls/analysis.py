"""Text → findings: parse, find the pod specs, run every rule, apply the settings.

An `Analyzer` belongs to one document. It keeps the parse of each `---` document and the
findings that depend on that document alone, so an edit re-parses and re-checks only the
document it touched; rules that look at other files (Services) run on every call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .findings import Finding
from .locate import PodSpecRef, find_pod_specs
from .nodes import Pos, YamlDocument
from .parse import StreamParser, split_lines
from .rules import CHECKS, DOCUMENT_CHECKS, RuleContext, load_rules
from .rules.syntax import SYNTAX, TEMPLATE, TOO_LARGE
from .schema import Version, load_schema
from .services import ServiceLookup, find_services
from .settings import Settings
from .suppress import drop_suppressed

load_rules()

_TEMPLATE = re.compile(r"\{\{-?\s*[-.$\w(\"/]")
MAX_ANALYSED_CHARACTERS = 2_000_000
"""Documents starting after this many characters of a file are not checked (the user is told)."""


@dataclass(slots=True)
class Analysis:
    """The result for one version of a file; positions are file lines."""

    documents: list[YamlDocument]
    findings: list[Finding]
    services_changed: bool = False
    """The file's Services differ from what the index held: other files need a re-check."""
    partial: bool = False
    """Only the first documents of the file, and no cross-file findings yet."""


def _local_findings(document: YamlDocument, version: Version) -> list[Finding]:
    """Findings that depend on this document alone (document-relative positions)."""
    if "{{" in document.text and (template := _template_start(document.text)) is not None:
        return [Finding(TEMPLATE.id, TEMPLATE.severity, "This document is a template ({{ }}): it is not "
                        "checked until rendered (helm template ... | pod-ls check -)", template,
                        (template[0], template[1] + 2))]
    if document.error is not None:
        error = document.error
        return [Finding(SYNTAX.id, SYNTAX.severity, error.message, error.start, error.end)]
    schema = load_schema()
    found: list[Finding] = [f for check in DOCUMENT_CHECKS for f in check(document)]
    for spec in find_pod_specs(document):
        context = RuleContext(spec, schema, ServiceLookup(), version)
        for check in CHECKS:
            if not check.uses_services:
                found.extend(check.function(context))
    return found


def _template_start(text: str) -> Pos | None:
    """Where the first `{{ ... }}` of a template is, if the text has one."""
    match = _TEMPLATE.search(text)
    if match is None:
        return None
    before = text[:match.start()]
    return before.count("\n"), match.start() - (before.rfind("\n") + 1)


def _service_findings(spec: PodSpecRef, services: ServiceLookup, version: Version) -> list[Finding]:
    context = RuleContext(spec, load_schema(), services, version)
    return [f for check in CHECKS if check.uses_services for f in check.function(context)]


def _apply_settings(findings: list[Finding], settings: Settings) -> list[Finding]:
    out = []
    seen = set()
    for finding in findings:
        severity = settings.severity(finding.rule, finding.severity)
        if severity is None:
            continue
        key = (finding.rule, finding.start, finding.end, finding.message)
        if key in seen:  # an aliased node is reached from several places
            continue
        seen.add(key)
        if severity != finding.severity:
            finding = finding.with_severity(severity)
        out.append(finding)
    return out


class Analyzer:
    """Analyses one file, again and again as it changes."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.parser = StreamParser()
        self._local: dict[tuple[str, Version], list[Finding]] = {}

    def parse(self, text: str) -> list[YamlDocument]:
        return self.parser.parse(text)

    def analyse(self, text: str, services: ServiceLookup, settings: Settings,
                documents: list[YamlDocument] | None = None) -> Analysis:
        """Findings for the whole file, after recording the file's own Services in `services`.

        Pass `documents` if `parse` was already called for this text.
        """
        *_, final = self.steps(text, services, settings, documents)
        return final

    def steps(self, text: str, services: ServiceLookup, settings: Settings,
              documents: list[YamlDocument] | None = None,
              batch: int | None = None) -> Iterator[Analysis]:
        """The analysis in steps of `batch` documents: a partial Analysis after each step (the
        findings of the documents read so far, without the cross-file ones), then the final
        one. The server publishes the first step of a big file early and stops when the text
        changes underneath; without `batch` there is one step.
        """
        chunks = [(d.line_offset, d.text) for d in documents] if documents is not None else self.parser.split(text)
        version = settings.version
        current: list[tuple[str, Version]] = []
        done: list[YamlDocument] = []
        findings: list[Finding] = []
        read = 0
        for index, (offset, chunk) in enumerate(chunks):
            if read > MAX_ANALYSED_CHARACTERS:
                findings.append(Finding(
                    TOO_LARGE.id, TOO_LARGE.severity,
                    f"This file has {len(text):,} characters: only its first {index} of {len(chunks)} "
                    f"documents ({read:,} characters) are checked", (0, 0), (0, 0)))
                break
            read += len(chunk)
            document = documents[index] if documents is not None else self.parser.document(offset, chunk)
            done.append(document)
            # A document's own findings depend on its text and the version alone: reuse them
            # while those are unchanged.
            cache_key = (document.text, version)
            relative = self._local.get(cache_key)
            if relative is None:
                # Kept at once: an analysis stopped by a newer text still leaves its work.
                relative = self._local[cache_key] = _local_findings(document, version)
            current.append(cache_key)
            findings.extend(f.shifted(document.line_offset) for f in relative)
            if batch and (index + 1) % batch == 0 and index + 1 < len(chunks):
                yield Analysis(list(done), self._finish(findings, text, settings), partial=True)
        self._local = {key: self._local[key] for key in current}
        self.parser.forget_older()
        changed = services.set(self.uri, find_services(done, self.uri))
        for document in done:
            for spec in find_pod_specs(document):
                findings.extend(f.shifted(document.line_offset)
                                for f in _service_findings(spec, services, version))
        yield Analysis(done, self._finish(findings, text, settings), changed)

    @staticmethod
    def _finish(findings: list[Finding], text: str, settings: Settings) -> list[Finding]:
        ordered = sorted(findings, key=lambda f: (f.start, f.rule))
        if "pod-ls:" in text:
            ordered = drop_suppressed(ordered, split_lines(text))
        return _apply_settings(ordered, settings)
