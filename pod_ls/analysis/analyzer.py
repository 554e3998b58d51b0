"""Text → findings: parse, find the pod specs, run every rule, apply the settings.

An `Analyzer` belongs to one document. It keeps the parse of each `---` document, its
findings and its objects, so an edit re-parses and re-checks only the document it touched;
findings that depend on other files are redone when the answers they got from the workspace
model change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from ..findings import Finding, Severity
from ..kube.files.kustomize import for_a_patch, for_a_resource
from ..kube.files.lists import split_manifests
from ..kube.links.objects import KubeObject, objects_in
from ..kube.links.workspace_model import WorkspaceModel
from ..kube.locate import PodSpecRef
from ..kube.schema import Version
from ..rules.document.syntax import TOO_LARGE
from ..rules.suppress import Silenced, drop_suppressed, silenced_rules
from ..yaml.nodes import YamlDocument
from ..yaml.parse import StreamParser, split_lines
from .document import DocumentResult, Linked, document_findings, linked_findings, own_findings
from .helper import Helper, Share


class AnalysisSettings(Protocol):
    """What the analysis asks of the settings: the model (`pod_ls.settings.Settings`) in the
    editor, plain data (`cli.check_settings.CheckSettings`) in `pod-ls check`."""

    @property
    def version(self) -> Version: ...

    @property
    def max_checked_characters(self) -> int: ...

    def severity(self, rule_id: str, default: Severity) -> Severity | None: ...



STEP_CHARACTERS = 100_000
"""With `batch`, a step also ends after this many characters read: a bundle's CRDs are few
documents of 100-500 KB each, and requests must not wait for all of them."""
HELPER_MINIMUM = 100
"""Documents to read before a share of them goes to the helper process (fewer are quick)..."""
HELPER_MINIMUM_CHARACTERS = 300_000
"""... unless they are this long together: a release bundle is a few big CRDs."""


@dataclass(slots=True)
class Analysis:
    """The result for one version of a file; positions are file lines."""

    found: list[Finding] | Callable[[], list[Finding]]
    """As found, in no order and before the settings and suppressions apply; for a partial
    result, the function that gathers them (most partial results are never looked at)."""
    silenced: Silenced | None
    """The rules silenced by comments (`# pod-ls: disable=`), if the file has any."""
    settings: AnalysisSettings
    model_changed: frozenset[tuple] = frozenset()
    """The parts of the model that the file's objects changed: files that asked about them
    need a re-check."""
    partial: bool = False
    """The findings of only some of the file's documents so far."""
    patch: bool = False
    """The file is a kustomize patch: findings about absent fields are the base's business."""
    resource: bool = False
    """The file is a kustomize base: the selector its labels transformer writes may be absent."""
    _findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        """In order, without the silenced ones, with the settings' severities; worked out when
        first asked for (most partial results never are)."""
        if self._findings is None:
            found = self.found() if callable(self.found) else self.found
            if self.patch:
                found = for_a_patch(found)
            elif self.resource:
                found = for_a_resource(found)
            ordered = sorted(found, key=lambda f: (f.start, f.rule))
            if self.silenced:
                ordered = drop_suppressed(ordered, self.silenced)
            self._findings = _apply_settings(ordered, self.settings)
        return self._findings


def _apply_settings(findings: list[Finding], settings: AnalysisSettings) -> list[Finding]:
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
        self.resource = False
        """The file is listed as a resource by a kustomization."""
        self.parser = StreamParser(split_manifests)
        self._own: dict[tuple[str, Version], list[Finding]] = {}
        self._linked: dict[tuple[str, Version], Linked] = {}
        """Findings that depend on the workspace, with what they asked of it: one entry a
        document, so renaming a Service again and again does not pile up old entries."""
        self._objects: dict[str, tuple[int, list[KubeObject]]] = {}
        """Each document's objects, with the file line it started at when they were read."""
        self._known: dict[str, tuple[int, list[KubeObject]]] = {}
        """Objects read by `objects` and not yet analysed."""
        self._specs: dict[str, list[PodSpecRef] | None] = {}
        """The pod specs of the documents `prepare` found own findings for, with the views the
        checks kept on them, for the checks that ask the workspace."""

    def parse(self, text: str) -> list[YamlDocument]:
        return self.parser.parse(text)

    def objects(self, documents: list[YamlDocument]) -> list[KubeObject]:
        """The objects of the parsed documents, remembered so that their analysis need not
        read them again (`pod-ls check` asks for the whole tree's before it checks any)."""
        found = []
        for document in documents:
            objects = objects_in([document], self.uri)
            self._known[document.text] = (document.line_offset, objects)
            found += objects
        return found

    def prepare(self, document: YamlDocument, version: Version, workspace: WorkspaceModel) -> None:
        """Find a document's own findings ahead of its analysis, which then only asks the
        workspace (a worker of `pod-ls check` does this while the model is still being put
        together). The document's objects must have been read by `objects`."""
        chunk = document.text
        known = self._known.pop(chunk, None)
        if known is None or (chunk, version) in self._own:
            return
        self._objects[chunk] = known
        self._own[(chunk, version)], self._specs[chunk] = own_findings(document, version, workspace)

    def asked_about(self, parts: frozenset[tuple]) -> bool:
        """Whether the findings kept depend on any of these parts of the workspace model."""
        return any(not parts.isdisjoint(linked.asked) for linked in self._linked.values())

    def analyse(self, text: str, workspace: WorkspaceModel, settings: AnalysisSettings,
                documents: list[YamlDocument] | None = None, helper: Helper | None = None) -> Analysis:
        """Findings for the whole file, after recording the file's own objects in `workspace`.

        Pass `documents` if `parse` was already called for this text.
        """
        *_, final = self.steps(text, workspace, settings, documents, helper=helper)
        return final

    def steps(self, text: str, workspace: WorkspaceModel, settings: AnalysisSettings,
              documents: list[YamlDocument] | None = None,
              batch: int | None = None, helper: Helper | None = None) -> Iterator[Analysis]:
        """The analysis in steps of `batch` documents (or STEP_CHARACTERS read, whichever comes
        first): a partial Analysis after each step (the findings of the documents done so far),
        then the final one. The server publishes the first step of a big file early and stops
        when the text changes underneath; without `batch` there is one step.

        A document's findings are kept while its text and the Kubernetes version are unchanged
        and (for those that depend on other files) the model answers as before, so an edit
        re-reads only the document it touched. With a `helper`, a big read is shared with it.
        The file's objects go into the model at the end; findings that asked about them are
        then found again.
        """
        chunks = [(d.line_offset, d.text) for d in documents] if documents is not None else self.parser.split(text)
        version = settings.version
        checked, too_large = _bounded(chunks, len(text), settings.max_checked_characters)
        parsed: dict[int, YamlDocument] = dict(enumerate(documents)) if documents is not None else {}

        def document(index: int) -> YamlDocument:
            if index not in parsed:
                parsed[index] = self.parser.document(*checked[index])
            return parsed[index]

        def valid(linked: Linked) -> bool:
            known = workspace.fingerprint()
            if linked.seen == known:
                return True
            if workspace.answers_same(linked.asked):
                linked.seen = known  # asked again only after the next change
                return True
            return False

        def own_kept(index: int) -> list[Finding] | None:
            """The document's own findings, if kept with its objects (moved to its place)."""
            offset, chunk = checked[index]
            own, objects = self._own.get((chunk, version)), self._objects.get(chunk)
            if own is None or objects is None:
                return None
            if objects[0] != offset:
                self._objects[chunk] = (offset, [obj.shifted(offset - objects[0]) for obj in objects[1]])
            return own

        def cached(index: int) -> tuple[list[Finding], Linked] | None:
            linked = self._linked.get((checked[index][1], version))
            # Findings to find again go to the helper too (with a big file, a ConfigMap that
            # its thousand Pods name was edited), so they are not all read here.
            if linked is None or not valid(linked) or (own := own_kept(index)) is None:
                return None
            return own, linked

        def linked_again(index: int) -> tuple[list[Finding], Linked] | None:
            """The kept own findings with the workspace's found anew (`prepare` kept them)."""
            own = own_kept(index)
            if own is None:
                return None
            chunk = checked[index][1]
            linked = self._linked[(chunk, version)] = linked_findings(document(index), version, workspace,
                                                                      self._specs.pop(chunk, None))
            return own, linked

        def known(index: int) -> list[KubeObject] | None:
            offset, chunk = checked[index]
            objects = self._known.pop(chunk, None)
            return objects[1] if objects is not None and objects[0] == offset else None

        def remember(index: int, result: DocumentResult) -> tuple[list[Finding], Linked]:
            offset, chunk = checked[index]
            self._own[(chunk, version)], self._linked[(chunk, version)] = result.own, result.linked
            self._objects[chunk] = (offset, result.objects)
            return result.own, result.linked

        missing = [i for i in range(len(checked)) if cached(i) is None]
        suppressions = (silenced_rules(split_lines(text), lambda line: self.parser.documents_between(text, line, line))
                        if "pod-ls:" in text else None)
        share = (Share(helper, version, workspace, checked, missing, self.uri)
                 if helper is not None and helper.running and (
                     len(missing) >= HELPER_MINIMUM
                     or sum(len(checked[i][1]) for i in missing) >= HELPER_MINIMUM_CHARACTERS) else None)
        started = time.monotonic()
        results: dict[int, tuple[list[Finding], Linked]] = {}

        def partial() -> Analysis:
            count = len(results)  # the documents done so far come first in it
            return Analysis(lambda: self._gathered(checked, islice(results.items(), count), too_large), suppressions,
                            settings, partial=True, patch=self.patch, resource=self.resource)

        done = read = 0  # documents and characters read since the last step
        for index in range(len(checked)):
            if share is not None and not share.take(index):
                continue
            # Kept at once: an analysis stopped by a newer text still leaves its work.
            found = cached(index) or linked_again(index)
            if found is None:
                found = remember(index, document_findings(document(index), version, workspace, self.uri,
                                                          known(index)))
                read += len(checked[index][1])
            results[index] = found
            done += 1
            if batch and (done >= batch or read >= STEP_CHARACTERS) and index + 1 < len(checked):
                done = read = 0
                yield partial()
        if share is not None:
            # The helper's last jobs were sent before this loop ended; wait somewhat longer
            # than the loop took, then read here what it has not answered.
            deadline = time.monotonic() + 1 + (time.monotonic() - started)
            waiting = partial()
            while not share.wait(0.005 if batch else 0.1) and time.monotonic() < deadline:
                if batch:
                    yield waiting
            for index, result in share.results():
                results[index] = remember(index, result or document_findings(
                    document(index), version, workspace, self.uri))
        changed = workspace.set(self.uri, [obj for _, chunk in checked for obj in self._objects[chunk][1]])
        for index, (own, linked) in results.items():
            if not valid(linked):  # it asked about what this file declares, and that changed
                linked = self._linked[(checked[index][1], version)] = linked_findings(document(index), version,
                                                                                      workspace)
                results[index] = own, linked
        current = {chunk for _, chunk in checked}
        self._own = {key: value for key, value in self._own.items() if key[0] in current}
        self._linked = {key: value for key, value in self._linked.items() if key[0] in current}
        self._objects = {key: value for key, value in self._objects.items() if key in current}
        self._known.clear()
        self._specs.clear()
        self.parser.forget_older()
        yield Analysis(self._gathered(checked, results.items(), too_large), suppressions, settings, changed,
                       patch=self.patch, resource=self.resource)

    @staticmethod
    def _gathered(checked: list[tuple[int, str]], results: Iterable[tuple[int, tuple[list[Finding], Linked]]],
                  too_large: Finding | None) -> list[Finding]:
        findings: list[Finding] = [too_large] if too_large else []
        for index, (own, linked) in results:
            offset = checked[index][0]
            findings.extend(_shifted(own, offset))
            findings.extend(_shifted(linked.findings, offset))
        return findings


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


def _shifted(findings: list[Finding], lines: int) -> Iterator[Finding]:
    for finding in findings:
        yield finding.shifted(lines)
