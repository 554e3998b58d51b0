"""One `---` document's findings: every rule run on every pod spec in it, as the server, the
helper process and `pod-ls check` all need them, and the objects it declares. Below both the
analyzer and the helper, so neither imports the other to get it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..findings import Finding
from ..kube.files.kustomize import for_a_patch, has_directives, off_the_directives
from ..kube.files.substitution import held_back
from ..kube.files.templates import template_start
from ..kube.links.objects import KubeObject, objects_in
from ..kube.links.workspace_model import Asked, WorkspaceModel, WorkspaceView
from ..kube.locate import PodSpecRef, find_pod_specs
from ..kube.schema import Version, load_schema
from ..rules import DOCUMENT_CHECKS, WORKSPACE_DOCUMENT_CHECKS, RuleContext, checks_for, load_rules
from ..rules.document.syntax import INTERNAL, SYNTAX, TEMPLATE
from ..rules.workloads.unvalidated import as_validated_on_create
from ..yaml.nodes import Pos, YamlDocument
from ..yaml.parse import position_of

load_rules()
log = logging.getLogger(__name__)

_STATEMENT = re.compile(r"\{%[-+]?\s*\w")


@dataclass(slots=True)
class Linked:
    """Findings that depend on other documents, with what they depend on."""

    findings: list[Finding]
    seen: tuple[int, int]
    """The model's fingerprint they were found with: while it is the same, so are they."""
    asked: Asked
    """The questions asked of the model: if their answers are the same, so are the findings."""


@dataclass(slots=True)
class DocumentResult:
    own: list[Finding]
    """Document-relative, like every finding here."""
    linked: Linked
    objects: list[KubeObject]
    """File positions: the document's `line_offset` counts."""


def document_findings(document: YamlDocument, version: Version, workspace: WorkspaceModel,
                      uri: str = "", objects: list[KubeObject] | None = None) -> DocumentResult:
    """A document's own findings, those that depend on the workspace, and its objects (read
    here unless the caller already has them)."""
    objects = objects_in([document], uri) if objects is None else objects
    own, specs = own_findings(document, version, workspace)
    return DocumentResult(own, linked_findings(document, version, workspace, specs), objects)


def own_findings(document: YamlDocument, version: Version,
                 workspace: WorkspaceModel) -> tuple[list[Finding], list[PodSpecRef] | None]:
    """The findings of the checks that ask nothing of the workspace (the model is only what
    their context carries), and the document's pod specs, for `linked_findings` to reuse; no
    specs for a template or a document that does not parse."""
    if (template := template_start(document)) is not None:
        return [Finding(
            TEMPLATE.id, TEMPLATE.severity, "This document is a template ({{ }}): it is not checked until "
            "rendered (helm template ... | pod-ls check -)", template, (template[0], template[1] + 2))], None
    if document.error is not None:
        if (statement := _statement_start(document.text)) is not None:
            return [Finding(
                TEMPLATE.id, TEMPLATE.severity, "This document is a Jinja template ({% %}): it is not checked "
                "until rendered", statement, (statement[0], statement[1] + 2))], None
        error = document.error
        return [Finding(SYNTAX.id, SYNTAX.severity, error.message, error.start, error.end)], None
    own: list[Finding] = _all_guarded(DOCUMENT_CHECKS, document, version)
    specs = find_pod_specs(document)
    checks = checks_for(document.text).own if specs else []
    for spec in specs:
        context = RuleContext(spec, load_schema(), workspace, version)
        own += as_validated_on_create(_all_guarded(checks, context), spec)
    if has_directives(document):
        own = off_the_directives(for_a_patch(own), document)
    return held_back(own, document.text), specs


def linked_findings(document: YamlDocument, version: Version, workspace: WorkspaceModel,
                    specs: list[PodSpecRef] | None = None) -> Linked:
    """The findings of the checks that ask the workspace, and what they asked; `specs` are
    the document's pod specs when they were just found (with the views the checks kept)."""
    view = WorkspaceView(workspace)
    seen = workspace.fingerprint()
    if document.error is not None or template_start(document) is not None:
        return Linked([], seen, {})
    linked: list[Finding] = _all_guarded(WORKSPACE_DOCUMENT_CHECKS, document, view)
    specs = find_pod_specs(document) if specs is None else specs
    checks = checks_for(document.text).linked if specs else []
    for spec in specs:
        context = RuleContext(spec, load_schema(), view, version)
        linked += as_validated_on_create(_all_guarded(checks, context), spec)
    if has_directives(document):
        linked = off_the_directives(for_a_patch(linked), document)
    return Linked(held_back(linked, document.text), seen, view.asked)


def _all_guarded(checks: list[Callable[..., Iterable[Finding]]], *args: object) -> list[Finding]:
    """The findings of all the checks; if one raises, they are run again one by one (`_guarded`)
    so that only that one's findings are lost (a try per check costs a tenth of the rules' time)."""
    try:
        return [f for check in checks for f in check(*args)]
    except Exception:  # whatever it was, _guarded finds it again and reports it
        return [f for check in checks for f in _guarded(check, *args)]


def _guarded(check: Callable[..., Iterable[Finding]], *args: object) -> list[Finding]:
    """The check's findings. A check that raises (a bug in pod-ls) loses only its own findings,
    and says so where it was looking (the pod spec, or the document's start), so that one rule's
    bug never takes the file's other findings down."""
    try:
        return list(check(*args))
    except Exception as error:  # whatever the bug, the other checks' findings stand
        log.exception("check %s failed", check.__name__)
        context = args[0]
        start = context.spec.spec.start if isinstance(context, RuleContext) else (0, 0)
        return [Finding(INTERNAL.id, INTERNAL.severity, f"pod-ls failed in its check {check.__name__} here "
                        f"({type(error).__name__}: {error}); the other checks ran. This is a bug in pod-ls: please "
                        "report it", start, start)]


def _statement_start(text: str) -> Pos | None:
    """Where the first Jinja statement (`{% if %}`, `{% raw %}`) of a template is, if the text
    has one. Only a document that does not parse is taken for a template on this: `{%` in a
    quoted or block scalar of valid YAML is text (a ConfigMap holding a template)."""
    match = _STATEMENT.search(text) if "{%" in text else None
    return position_of(text, match.start()) if match is not None else None


