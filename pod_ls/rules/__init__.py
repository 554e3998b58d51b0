"""The rule registry: every check pod-ls makes, with its id, severity and docs.

A rule is declared once with `define` and checked by one small function registered with
`@check`; a function may serve several closely related rules (the schema walk does). Rules
see one pod spec at a time through a `RuleContext` and return findings; they know nothing
of the editor. A check that looks at other files through the workspace model says so
(`uses_workspace`, `@workspace_document_check`): its findings are kept only while the model
stays the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from types import GeneratorType
from typing import NamedTuple, TypeVar

from ..findings import Finding, Fix, Related, Severity
from ..kube.links.workspace_model import WorkspaceView
from ..kube.locate import PodSpecRef
from ..kube.schema import Schema, Version
from ..yaml.nodes import Node, YamlDocument


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    """One line: what the rule catches."""
    doc: str
    """Why it matters: what happens in the cluster otherwise."""
    module: str = ""
    """The module that defines it, whose docstring names the Kubernetes code it ports."""
    example: str = ""
    """A manifest it reports (shown in docs/rules.md; a test holds the rule to it)."""

    def hit(self, node: Node, message: str, *, severity: Severity | None = None,
            fixes: tuple[Fix, ...] = (), related: tuple[Related, ...] = (), deprecated: bool = False,
            **data: object) -> Finding:
        """A finding on `node`; `severity` overrides the default where context makes it milder;
        `related`: the other places involved; `deprecated`: about a deprecated field or value."""
        return Finding.at(node, self.id, severity or self.severity, message, fixes, related, deprecated, **data)

    def missing(self, node: Node, message: str, *, severity: Severity | None = None,
                fixes: tuple[Fix, ...] = (), **data: object) -> Finding:
        """A finding about something absent: a patch leaves that to the object it patches, so
        its findings of this kind are dropped (see `kustomize`)."""
        return self.hit(node, message, severity=severity, fixes=fixes, absent=True, **data)


@dataclass(frozen=True, slots=True)
class RuleContext:
    spec: PodSpecRef
    schema: Schema
    workspace: WorkspaceView
    """The objects of every file (see `kube.links.workspace_model` for its queries)."""
    version: Version
    """The Kubernetes version the user targets (kubernetesVersion)."""


CheckFunction = Callable[[RuleContext], Iterable[Finding]]
DocumentCheckFunction = Callable[[YamlDocument, Version], Iterable[Finding]]
WorkspaceDocumentCheckFunction = Callable[[YamlDocument, WorkspaceView], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    function: CheckFunction
    rules: tuple[Rule, ...]
    uses_workspace: bool
    """Its result depends on other documents, so it is never cached with the document."""
    needs: tuple[str, ...] = ()
    """Words of which the document's text holds one wherever the check can find anything (the
    fields it reads): elsewhere it is not run. Empty: it runs everywhere."""


RULES: dict[str, Rule] = {}
CHECKS: list[Check] = []
DOCUMENT_CHECKS: list[DocumentCheckFunction] = []
"""Checks of the YAML itself, run on every document whatever its kind."""
WORKSPACE_DOCUMENT_CHECKS: list[WorkspaceDocumentCheckFunction] = []
"""Checks of a document against the rest of the workspace, whatever its kind (a Service's
selector and the pod templates it should pick)."""


def example_pod(name: str) -> str:
    """The start of a rule's example Pod, up to its `spec:`: the example goes on with the spec."""
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n"


def define(rule_id: str, severity: Severity, summary: str, doc: str, example: str = "") -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} defined twice")
    module = sys._getframe(1).f_globals.get("__name__", "")
    RULES[rule_id] = rule = Rule(rule_id, severity, summary, doc, module, example)
    return rule


def check(*rules: Rule, uses_workspace: bool = False,
          needs: tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(function, rules, uses_workspace, needs))
        return function

    return register


class Selection(NamedTuple):
    """The checks to run on one document: its own, and those that ask the workspace."""

    own: list[CheckFunction]
    linked: list[CheckFunction]


class _Selector:
    """The selections made for the checks registered now (`CHECKS` may change, in tests)."""

    def __init__(self, checks: tuple[Check, ...]) -> None:
        self.checks = checks
        self.words = tuple(sorted({word for c in checks for word in c.needs}))
        self.selections: dict[frozenset[str], Selection] = {}
        """By the words of `needs` that a document holds: few sets occur."""
        self.last: tuple[str | None, Selection | None] = (None, None)
        """The last text and its selection (one tuple, read at once by any thread): a
        document's own and workspace checks ask in turn."""

    def select(self, text: str) -> Selection:
        last_text, last = self.last
        if text is last_text and last is not None:
            return last
        present = frozenset(self.words if "\\" in text else [word for word in self.words if word in text])
        found = self.selections.get(present)
        if found is None:
            if len(self.selections) > 1000:
                self.selections.clear()
            chosen = [c for c in self.checks if not c.needs or not present.isdisjoint(c.needs)]
            found = self.selections[present] = Selection([c.function for c in chosen if not c.uses_workspace],
                                                         [c.function for c in chosen if c.uses_workspace])
        self.last = text, found
        return found


_SELECTOR = [_Selector(())]


def checks_for(text: str) -> Selection:
    """The checks to run on a document with this text: those whose fields it may hold. Most
    rules are about fields that most manifests never write (AppArmor, hugepages, sysctls...):
    a word search is a fraction of walking the containers for them. An escape in a quoted key
    can spell any field, so a text with a backslash runs them all."""
    selector, checks = _SELECTOR[0], tuple(CHECKS)
    if selector.checks != checks:
        selector = _SELECTOR[0] = _Selector(checks)
    return selector.select(text)


View = TypeVar("View")


def per_spec(function: Callable[[RuleContext], View]) -> Callable[[RuleContext], View]:
    """A view of the pod spec that many checks read (its probes, hooks, env entries, volume
    sources): worked out once per spec and Kubernetes version and kept on the spec, where a
    dozen checks would each walk the containers again. A generator's items are kept as a
    tuple; callers read the view and never change it."""

    @wraps(function)
    def once(ctx: RuleContext) -> View:
        memo, key = ctx.spec.memo, (function, ctx.version)
        found = memo.get(key, memo)  # the memo itself: not worked out yet
        if found is memo:
            found = function(ctx)
            if type(found) is GeneratorType:
                found = tuple(found)
            memo[key] = found
        return found

    return once


def document_check(function: DocumentCheckFunction) -> DocumentCheckFunction:
    DOCUMENT_CHECKS.append(function)
    return function


def workspace_document_check(function: WorkspaceDocumentCheckFunction) -> WorkspaceDocumentCheckFunction:
    WORKSPACE_DOCUMENT_CHECKS.append(function)
    return function


def load_rules() -> None:
    """Import every rule module so that it registers itself."""
    from .containers import (  # noqa: F401
        containers,
        env,
        env_sources,
        images,
        mounts,
        ports,
        probes,
        resources,
        restart,
    )
    from .document import api_versions, schema_checks, syntax, yaml_checks  # noqa: F401
    from .links import keys, references, selectors  # noqa: F401
    from .meta import metadata, object_meta  # noqa: F401
    from .pod import (  # noqa: F401
        affinity,
        dns,
        names,
        os_fields,
        pod_resources,
        scheduling,
        security,
        subdomain,
        sysctls,
        volume_files,
        volumes,
    )
    from .workloads import apps, batch, cronjob, job_policies, unvalidated, workload, workload_fields  # noqa: F401
