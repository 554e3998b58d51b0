"""Text → findings: parse, find the pod specs, run every rule, apply the settings.

An `Analyzer` belongs to one document. It keeps the parse of each `---` document and the
findings that depend on that document alone, so an edit re-parses and re-checks only the
document it touched; rules that look at other files (Services) run on every call.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding
from .locate import PodSpecRef, find_pod_specs
from .nodes import YamlDocument
from .parse import StreamParser, split_lines
from .rules import CHECKS, RuleContext, load_rules
from .rules.syntax import SYNTAX
from .schema import Version, load_schema
from .services import ServiceLookup, find_services
from .settings import Settings
from .suppress import drop_suppressed

load_rules()


@dataclass(slots=True)
class Analysis:
    """The result for one version of a file; positions are file lines."""

    documents: list[YamlDocument]
    findings: list[Finding]
    services_changed: bool = False
    """The file's Services differ from what the index held: other files need a re-check."""


def _local_findings(document: YamlDocument, version: Version) -> list[Finding]:
    """Findings that depend on this document alone (document-relative positions)."""
    if document.error is not None:
        error = document.error
        return [Finding(SYNTAX.id, SYNTAX.severity, error.message, error.start, error.end)]
    schema = load_schema()
    found: list[Finding] = []
    for spec in find_pod_specs(document):
        context = RuleContext(spec, schema, ServiceLookup(), version)
        for check in CHECKS:
            if not check.uses_services:
                found.extend(check.function(context))
    return found


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
    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._parser = StreamParser()
        self._local: dict[tuple[str, Version], list[Finding]] = {}

    def parse(self, text: str) -> list[YamlDocument]:
        return self._parser.parse(text)

    def analyse(self, text: str, services: ServiceLookup, settings: Settings,
                documents: list[YamlDocument] | None = None) -> Analysis:
        """Findings for the whole file, after recording the file's own Services in `services`.

        Pass `documents` if `parse` was already called for this text.
        """
        if documents is None:
            documents = self.parse(text)
        changed = services.set(self.uri, find_services(documents, self.uri))
        local: dict[tuple[str, Version], list[Finding]] = {}
        findings: list[Finding] = []
        version = settings.version
        for document in documents:
            # A document's own findings depend on its text and the version alone: reuse them
            # while those are unchanged.
            cache_key = (document.text, version)
            relative = self._local.get(cache_key)
            if relative is None:
                relative = _local_findings(document, version)
            local[cache_key] = relative
            findings.extend(f.shifted(document.line_offset) for f in relative)
            for spec in find_pod_specs(document):
                findings.extend(f.shifted(document.line_offset)
                                for f in _service_findings(spec, services, version))
        self._local = local
        findings.sort(key=lambda f: (f.start, f.rule))
        if "pod-ls:" in text:
            findings = drop_suppressed(findings, split_lines(text))
        return Analysis(documents, _apply_settings(findings, settings), changed)
