"""One `---` document's findings: every rule run on every pod spec in it, as the server, the
helper process and `pod-ls check` all need them. Below both the analyzer and the helper, so
neither imports the other to get it."""

from __future__ import annotations

import re

from ..findings import Finding
from ..kube.kustomize import for_a_patch, has_directives
from ..kube.locate import find_pod_specs
from ..kube.schema import Version, load_schema
from ..kube.services import ServiceLookup
from ..kube.substitution import held_back
from ..rules import CHECKS, DOCUMENT_CHECKS, RuleContext, load_rules
from ..rules.document.syntax import SYNTAX, TEMPLATE
from ..rules.workloads.unvalidated import as_validated_on_create
from ..yaml.nodes import Pos, YamlDocument
from ..yaml.parse import position_of

load_rules()

_TEMPLATE = re.compile(r"\{\{-?\s*[-.$\w(\"/]")


def document_findings(document: YamlDocument, version: Version, services: ServiceLookup
                      ) -> tuple[list[Finding], list[Finding]]:
    """A document's own findings, and those that depend on the Services (document-relative)."""
    if "{{" in document.text and (template := _template_start(document.text)) is not None:
        return [Finding(TEMPLATE.id, TEMPLATE.severity, "This document is a template ({{ }}): it is not "
                        "checked until rendered (helm template ... | pod-ls check -)", template,
                        (template[0], template[1] + 2))], []
    if document.error is not None:
        error = document.error
        return [Finding(SYNTAX.id, SYNTAX.severity, error.message, error.start, error.end)], []
    schema = load_schema()
    own: list[Finding] = [f for check in DOCUMENT_CHECKS for f in check(document, version)]
    linked: list[Finding] = []
    for spec in find_pod_specs(document):
        context = RuleContext(spec, schema, services, version)
        spec_own: list[Finding] = []
        spec_linked: list[Finding] = []
        for check in CHECKS:
            (spec_linked if check.uses_services else spec_own).extend(check.function(context))
        own += as_validated_on_create(spec_own, spec)
        linked += as_validated_on_create(spec_linked, spec)
    if has_directives(document):
        own, linked = for_a_patch(own), for_a_patch(linked)
    return held_back(own, document.text), held_back(linked, document.text)


def _template_start(text: str) -> Pos | None:
    """Where the first `{{ ... }}` of a template is, if the text has one."""
    match = _TEMPLATE.search(text)
    if match is None:
        return None
    return position_of(text, match.start())
