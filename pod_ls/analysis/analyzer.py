"""Text → findings: parse, find the pod specs, run every rule, apply the settings.

An `Analyzer` belongs to one document. It keeps the parse of each `---` document and its
findings, so an edit re-parses and re-checks only the document it touched; findings that
depend on other files' Services are redone when those change.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding
from ..kube.kustomize import for_a_patch
from ..kube.lists import split_manifests
from ..kube.schema import Version
from ..kube.services import ServiceLookup, find_services, may_declare_services
from ..rules.document.syntax import TOO_LARGE
from ..rules.suppress import Silenced, drop_suppressed, silenced_rules
from ..settings import DEFAULT_MAX_CHECKED_CHARACTERS
from ..yaml.nodes import YamlDocument
from ..yaml.parse import StreamParser, split_lines
from .document import document_findings
from .helper import Helper, Share

if TYPE_CHECKING:
    from ..settings import Settings

MAX_ANALYSED_CHARACTERS = DEFAULT_MAX_CHECKED_CHARACTERS
"""Documents starting after this many characters of a file are not checked by default (the
user is told); the workspace scan reads no further for Services."""


STEP_CHARACTERS = 100_000
"""With `batch`, a step also ends after this many characters read: a bundle's CRDs are few
documents of 100-500 KB each, and requests must not wait for all of them."""
HELPER_MINIMUM = 100
"""Documents to read before a share of them goes to the helper process (fewer are quick)."""


@dataclass(slots=True)
class Analysis:
    """The result for one version of a file; positions are file lines."""

    found: list[Finding]
    """As found, in no order and before the settings and suppressions apply."""
    silenced: Silenced | None
    """The rules silenced by comments (`# pod-ls: disable=`), if the file has any."""
    settings: Settings
    services_changed: bool = False
    """The file's Services differ from what the index held: other files need a re-check."""
    partial: bool = False
    """The findings of only some of the file's documents so far."""
    patch: bool = False
    """The file is a kustomize patch: findings about absent fields are the base's business."""
    _findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        """In order, without the silenced ones, with the settings' severities; worked out when
        first asked for (most partial results never are)."""
        if self._findings is None:
            ordered = sorted(for_a_patch(self.found) if self.patch else self.found, key=lambda f: (f.start, f.rule))
            if self.silenced:
                ordered = drop_suppressed(ordered, self.silenced)
            self._findings = _apply_settings(ordered, self.settings)
        return self._findings


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
        self.patch = False
        """The file is listed as a patch by a kustomization (the caller knows the file system)."""
        self.parser = StreamParser(split_manifests)
        self._own: dict[tuple[str, Version], list[Finding]] = {}
        self._linked: dict[tuple[str, Version], tuple[frozenset, list[Finding]]] = {}
        """Findings that depend on the Services, with the Services they saw: one entry a
        document, so renaming a Service again and again does not pile up old entries."""

    def parse(self, text: str) -> list[YamlDocument]:
        return self.parser.parse(text)

    def analyse(self, text: str, services: ServiceLookup, settings: Settings,
                documents: list[YamlDocument] | None = None, helper: Helper | None = None) -> Analysis:
        """Findings for the whole file, after recording the file's own Services in `services`.

        Pass `documents` if `parse` was already called for this text.
        """
        *_, final = self.steps(text, services, settings, documents, helper=helper)
        return final

    def steps(self, text: str, services: ServiceLookup, settings: Settings,
              documents: list[YamlDocument] | None = None,
              batch: int | None = None, helper: Helper | None = None) -> Iterator[Analysis]:
        """The analysis in steps of `batch` documents (or STEP_CHARACTERS read, whichever comes
        first): a partial Analysis after each step (the findings of the documents done so far),
        then the final one. The server publishes the first step of a big file early and stops
        when the text changes underneath; without `batch` there is one step.

        A document's findings are kept while its text, the Kubernetes version and (for the
        findings that depend on them) the Services are unchanged, so an edit re-reads only
        the document it touched. With a `helper`, a big read is shared with it.
        """
        chunks = [(d.line_offset, d.text) for d in documents] if documents is not None else self.parser.split(text)
        version = settings.version
        checked, too_large = _bounded(chunks, len(text), settings.max_checked_characters)
        parsed: dict[int, YamlDocument] = dict(enumerate(documents)) if documents is not None else {}

        def document(index: int) -> YamlDocument:
            if index not in parsed:
                parsed[index] = self.parser.document(*checked[index])
            return parsed[index]

        # The file's own Services first: any document's findings may depend on them.
        changed = services.set(self.uri, find_services(
            [document(i) for i, (_, chunk) in enumerate(checked) if may_declare_services(chunk)], self.uri))
        known = services.fingerprint()

        def cached(chunk: str) -> tuple[list[Finding], list[Finding]] | None:
            own, linked = self._own.get((chunk, version)), self._linked.get((chunk, version))
            if own is None or linked is None or (linked[0] is not known and linked[0] != known):
                return None
            return own, linked[1]

        def remember(chunk: str, result: tuple[list[Finding], list[Finding]]) -> None:
            self._own[(chunk, version)] = result[0]
            self._linked[(chunk, version)] = (known, result[1])

        missing = [i for i, (_, chunk) in enumerate(checked) if cached(chunk) is None]
        suppressions = (silenced_rules(split_lines(text), lambda line: self.parser.documents_between(text, line, line))
                        if "pod-ls:" in text else None)
        share = (Share(helper, version, services, checked, missing)
                 if helper is not None and helper.running and len(missing) >= HELPER_MINIMUM else None)
        started = time.monotonic()
        findings: list[Finding] = [too_large] if too_large else []
        done = read = 0  # documents and characters read since the last step
        for index, (offset, chunk) in enumerate(checked):
            if share is not None and not share.take(index):
                continue
            result = cached(chunk)
            if result is None:
                # Kept at once: an analysis stopped by a newer text still leaves its work.
                result = document_findings(document(index), version, services)
                remember(chunk, result)
                read += len(chunk)
            findings.extend(_shifted(result, offset))
            done += 1
            if batch and (done >= batch or read >= STEP_CHARACTERS) and index + 1 < len(checked):
                done = read = 0
                yield Analysis(list(findings), suppressions, settings, partial=True, patch=self.patch)
        if share is not None:
            # The helper's last jobs were sent before this loop ended; wait somewhat longer
            # than the loop took, then read here what it has not answered.
            deadline = time.monotonic() + 1 + (time.monotonic() - started)
            waiting = Analysis(list(findings), suppressions, settings, partial=True, patch=self.patch)
            while not share.wait(0.005 if batch else 0.1) and time.monotonic() < deadline:
                if batch:
                    yield waiting
            for index, result in share.results():
                offset, chunk = checked[index]
                if result is None:
                    result = document_findings(document(index), version, services)
                remember(chunk, result)
                findings.extend(_shifted(result, offset))
        current = {chunk for _, chunk in checked}
        self._own = {key: value for key, value in self._own.items() if key[0] in current}
        self._linked = {key: value for key, value in self._linked.items() if key[0] in current}
        self.parser.forget_older()
        yield Analysis(findings, suppressions, settings, changed, patch=self.patch)


def _bounded(chunks: list[tuple[int, str]], size: int, limit: int) -> tuple[list[tuple[int, str]], Finding | None]:
    """The documents to check: those that start within `limit` characters; for the rest, a
    finding that says they are not checked and how to check them."""
    read = 0
    for index, (_, chunk) in enumerate(chunks):
        if read > limit:
            return chunks[:index], Finding(
                TOO_LARGE.id, TOO_LARGE.severity,
                f"This file has {size:,} characters: only its first {index} of {len(chunks)} documents "
                f"({read:,} characters) are checked. Raise the maxCheckedCharacters setting to check "
                "them all, or run pod-ls check on the file", (0, 0), (0, 0))
        read += len(chunk)
    return chunks, None


def _shifted(result: tuple[list[Finding], list[Finding]], lines: int) -> Iterator[Finding]:
    for part in result:
        for finding in part:
            yield finding.shifted(lines)
