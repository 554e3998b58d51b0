"""Jobs: their own spec and its selector (Kubernetes' pkg/apis/batch/validation).

validateJobSpec runs on a Job's spec and on a CronJob's jobTemplate alike; a Job also gets
ValidateJobSpec's selector checks and ValidateJob's checks of the labels the API server
generates, a jobTemplate ValidateJobTemplateSpec's. A field that came behind a feature gate is
checked from the release that turned the gate on by default: before, the API server drops it
unread. The pod failure and success policies are in `job_policies`, CronJobs in `cronjob`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.names import dns_label_problem, dns_subdomain_problem
from ...kube.schema import Version
from ...kube.selectors import label_selector_problems
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import boolean, integer, key, mappings, text
from .batch_fields import (
    BACKOFF_LIMIT_PER_INDEX_SINCE,
    POD_FAILURE_POLICY_SINCE,
    job_spec_of,
    non_negative,
    object_name,
    one_of,
    set_value,
    string,
)

JOB_SPEC = define(
    "job-spec", Severity.ERROR,
    "a Job's own fields must hold values the API server accepts",
    "The API server rejects a Job (or a CronJob's jobTemplate) with a negative parallelism, "
    "completions, deadline, backoff limit or TTL, an Indexed Job without completions or past its "
    "limits, backoffLimitPerIndex or maxFailedIndexes without Indexed mode, an unknown "
    "completionMode or podReplacementPolicy, a managedBy that is no domain-prefixed path, and an "
    "Indexed Job whose last Pod's hostname (name-index) would be no DNS label.")
JOB_SELECTOR = define(
    "job-selector", Severity.ERROR,
    "a Job's selector is generated unless manualSelector is true",
    "Without manualSelector: true the API server generates the selector and the job-name and "
    "controller-uid labels, and rejects a selector of one's own, template labels that contradict "
    "the generated ones, and a name too long for the job-name label; with it the selector is "
    "required and must match the template's labels. A CronJob's jobTemplate may set neither.")

COMPLETION_MODES = ("NonIndexed", "Indexed")
POD_REPLACEMENT_POLICIES = ("Failed", "TerminatingOrFailed")

# validation.go's limits
MAX_INDEXED_PARALLELISM = 100_000
MAX_FAILED_INDEXES = 100_000
COMPLETIONS_SOFT_LIMIT = 100_000
HIGH_COMPLETIONS_LIMIT = 10_000
"""Parallelism and maxFailedIndexes above COMPLETIONS_SOFT_LIMIT completions with backoffLimitPerIndex."""
MAX_MANAGED_BY_LENGTH = 63
MAX_LABEL_VALUE_LENGTH = 63

# The first release with each feature gate on by default (or the check's first release).
POD_REPLACEMENT_POLICY_SINCE: Version = (1, 29)
MANAGED_BY_SINCE: Version = (1, 32)
INDEXED_HOSTNAME_CHECK_SINCE: Version = (1, 28)
PREFIXED_JOB_LABELS_SINCE: Version = (1, 27)
"""batch.kubernetes.io/job-name and batch.kubernetes.io/controller-uid, beside the legacy labels."""

_HTTP_PATH = re.compile(r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+")
_UNKNOWN = object()
"""A generated label's value that is not known before the object exists (the Job's uid)."""


# -- the Job spec (validateJobSpec)


@check(JOB_SPEC, needs=("Job",))
def job_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = job_spec_of(ctx)
    if spec is None:
        return
    per_index = ctx.version >= BACKOFF_LIMIT_PER_INDEX_SINCE
    counts = ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished")
    if per_index:
        counts += ("backoffLimitPerIndex", "maxFailedIndexes")
    yield from non_negative(JOB_SPEC, spec, counts)
    backoff_per_index = set_value(spec, "backoffLimitPerIndex") if per_index else None
    max_failed = set_value(spec, "maxFailedIndexes") if per_index else None
    if max_failed is not None and backoff_per_index is None:
        yield JOB_SPEC.missing(key(spec, "maxFailedIndexes") or max_failed,
                               "maxFailedIndexes needs backoffLimitPerIndex: set that too")
    mode_node = set_value(spec, "completionMode")
    mode = string(mode_node)
    yield from one_of(JOB_SPEC, mode_node, "completionMode", COMPLETION_MODES)
    if mode == "Indexed" and mode_node is not None:
        yield from _indexed_limits(spec, mode_node, backoff_per_index, max_failed)
        yield from _indexed_hostname(ctx, spec)
    elif mode_node is None or mode == "NonIndexed":
        for node, name in ((backoff_per_index, "backoffLimitPerIndex"), (max_failed, "maxFailedIndexes")):
            if node is not None:
                yield JOB_SPEC.hit(node, f"{name} requires completionMode: Indexed")
    if ctx.version >= POD_REPLACEMENT_POLICY_SINCE and (policy := set_value(spec, "podReplacementPolicy")) is not None:
        failure_policy = ctx.version >= POD_FAILURE_POLICY_SINCE and set_value(spec, "podFailurePolicy") is not None
        allowed = ("Failed",) if failure_policy else POD_REPLACEMENT_POLICIES
        for finding in one_of(JOB_SPEC, policy, "podReplacementPolicy", allowed):
            yield finding if not failure_policy else JOB_SPEC.hit(
                policy, "With a podFailurePolicy, podReplacementPolicy must be Failed",
                fixes=(Fix.replace_string(policy, "Failed", "Change to Failed"),))
    if ctx.version >= MANAGED_BY_SINCE and (managed_by := string(set_value(spec, "managedBy"))) is not None:
        problem = _domain_prefixed_path_problem(managed_by)
        if problem is None and len(managed_by) > MAX_MANAGED_BY_LENGTH:
            problem = f"must be at most {MAX_MANAGED_BY_LENGTH} characters (it has {len(managed_by)})"
        if problem is not None:
            yield JOB_SPEC.hit(spec.get("managedBy"), f"managedBy {problem}")


def _indexed_limits(spec: Mapping, mode_node: Node, backoff_per_index: Node | None,
                    max_failed: Node | None) -> Iterator[Finding]:
    parallelism, completions = integer(spec.get("parallelism")), integer(spec.get("completions"))
    failed = integer(max_failed)
    if set_value(spec, "completions") is None:
        yield JOB_SPEC.missing(mode_node, "An Indexed Job needs completions")
    if parallelism is not None and parallelism > MAX_INDEXED_PARALLELISM:
        yield JOB_SPEC.hit(spec.get("parallelism"), f"parallelism must be at most {MAX_INDEXED_PARALLELISM} "
                                                    "in an Indexed Job")
    if max_failed is not None and failed is not None:
        if completions is not None and failed > completions:
            yield JOB_SPEC.hit(max_failed, f"maxFailedIndexes must be at most completions ({completions})")
        if failed > MAX_FAILED_INDEXES:
            yield JOB_SPEC.hit(max_failed, f"maxFailedIndexes must be at most {MAX_FAILED_INDEXES}")
    if completions is None or completions <= COMPLETIONS_SOFT_LIMIT or backoff_per_index is None:
        return
    above = f"when completions are above {COMPLETIONS_SOFT_LIMIT} with backoffLimitPerIndex"
    if max_failed is None:
        yield JOB_SPEC.missing(spec.get("completions"), f"maxFailedIndexes must be set {above}")
    if parallelism is not None and parallelism > HIGH_COMPLETIONS_LIMIT:
        yield JOB_SPEC.hit(spec.get("parallelism"), f"parallelism must be at most {HIGH_COMPLETIONS_LIMIT} {above}")
    if max_failed is not None and failed is not None and failed > HIGH_COMPLETIONS_LIMIT:
        yield JOB_SPEC.hit(max_failed, f"maxFailedIndexes must be at most {HIGH_COMPLETIONS_LIMIT} {above}")


def _indexed_hostname(ctx: RuleContext, spec: Mapping) -> Iterator[Finding]:
    """ValidateJob: the last index's Pod is named `<job>-<completions-1>`, and its hostname
    must be a DNS label."""
    completions = integer(spec.get("completions"))
    name = object_name(ctx)
    if ctx.spec.kind != "Job" or ctx.version < INDEXED_HOSTNAME_CHECK_SINCE or not completions or completions < 1:
        return
    if name is not None and (problem := dns_label_problem(hostname := f"{name[1]}-{completions - 1}")):
        yield JOB_SPEC.hit(name[0], f"The Indexed Job's last Pod would get the hostname {hostname}, which {problem}")


def _domain_prefixed_path_problem(value: str) -> str | None:
    """apimachinery's IsDomainPrefixedPath ("acme.io/foo"), or None."""
    host, slash, path = value.partition("/")
    if not value:
        return "must not be empty"
    if not slash or not host or not path:
        return "must be a domain-prefixed path (such as 'acme.io/foo')"
    if (problem := dns_subdomain_problem(host)) is not None:
        return f"domain '{host}' {problem}"
    if not _HTTP_PATH.fullmatch(path):
        return f"path '{path}' may only hold letters, digits and /-._~%!$&'()*+,;=:"
    return None


# -- the selector (ValidateJobSpec, validateGeneratedSelector, ValidateJobTemplateSpec)


@check(JOB_SELECTOR, needs=("Job",))
def job_selector(ctx: RuleContext) -> Iterator[Finding]:
    spec = job_spec_of(ctx)
    if spec is None:
        return
    selector = set_value(spec, "selector")
    manual_node = spec.get("manualSelector")
    manual = boolean(manual_node) is True
    if ctx.spec.kind == "CronJob":
        if selector is not None:
            yield JOB_SELECTOR.hit(key(spec, "selector") or selector, "A jobTemplate may not set a selector: "
                                   "the API server generates one for every Job the CronJob creates")
        if manual and manual_node is not None:
            yield JOB_SELECTOR.hit(manual_node, "manualSelector must be false or unset in a jobTemplate",
                                   fixes=(Fix.replace(manual_node, "false", "Set manualSelector to false", safe=True),))
        return
    for node, message in label_selector_problems(selector, ctx.version):
        yield JOB_SELECTOR.hit(node, message)
    labels_at, labels = _template_labels(ctx)
    if manual and manual_node is not None:
        if selector is None:
            yield JOB_SELECTOR.missing(manual_node, "With manualSelector: true the Job needs a selector")
        elif isinstance(selector, Mapping) and _matches(selector, {k: text(v) or "" for k, (_, v) in labels.items()}) \
                is False:
            yield JOB_SELECTOR.hit(labels_at, "The Job's selector does not match its template's labels")
        return
    yield from _generated_labels(ctx, spec, selector, labels)


def _template_labels(ctx: RuleContext) -> tuple[Node, dict[str, tuple[Scalar, Node]]]:
    """The Job template's labels, and where `spec.template.metadata.labels` is (or the nearest
    key on the way to it)."""
    node: Node = ctx.spec.root
    anchor: Node = ctx.spec.root
    for name in ("spec", "template", "metadata", "labels"):
        pair = node.pair(name) if isinstance(node, Mapping) else None
        if pair is None:
            return anchor, {}
        anchor, node = pair
    labels = {k.value: (k, v) for k, v in node.items if isinstance(k, Scalar)} if isinstance(node, Mapping) else {}
    return anchor, labels


def _generated_labels(ctx: RuleContext, spec: Mapping, selector: Node | None,
                      labels: dict[str, tuple[Scalar, Node]]) -> Iterator[Finding]:
    """The API server adds job-name and controller-uid labels to the template and selects on the
    uid; a template or selector of one's own must agree with them."""
    prefixed = ctx.version >= PREFIXED_JOB_LABELS_SINCE
    uid_labels = ("controller-uid", "batch.kubernetes.io/controller-uid")[:2 if prefixed else 1]
    name_labels = ("job-name", "batch.kubernetes.io/job-name")[:2 if prefixed else 1]
    named = object_name(ctx)
    for label in uid_labels:
        if label in labels:
            yield JOB_SELECTOR.hit(labels[label][0], f"The API server sets {label} to the new Job's uid: "
                                                     "remove this label, or set manualSelector: true")
    if named is None:
        return
    name_node, name = named
    for label in name_labels:
        if label in labels and (value := text(labels[label][1]) or "") != name:
            yield JOB_SELECTOR.hit(labels[label][1], f"{label} must be the Job's name, {name} (it is {value})")
    if len(name) > MAX_LABEL_VALUE_LENGTH:
        yield JOB_SELECTOR.hit(name_node, f"The API server copies the Job's name into its Pods' job-name label, "
                                          f"which holds at most {MAX_LABEL_VALUE_LENGTH} characters "
                                          f"(this name has {len(name)})")
    expected: dict[str, object] = {label: name for label in name_labels} | {label: _UNKNOWN for label in uid_labels}
    if isinstance(selector, Mapping) and _matches(selector, expected) is False:
        yield JOB_SELECTOR.hit(key(spec, "selector") or selector,
                               "This selector is not the one the API server generates (controller-uid of the "
                               "new Job): remove it, or set manualSelector: true")


def _matches(selector: Mapping, labels: dict[str, object]) -> bool | None:
    """Whether a LabelSelector selects `labels` (a value may be _UNKNOWN: present, but equal to
    nothing one can write); None when the selector cannot be read."""
    match_labels = selector.get("matchLabels")
    requirements: list[tuple[str, str, list[str]]] = []
    if isinstance(match_labels, Mapping):
        requirements += [(k.value, "In", [text(v) or ""]) for k, v in match_labels.items if isinstance(k, Scalar)]
    for expression in mappings(selector.get("matchExpressions")):
        label, operator = text(expression.get("key")), text(expression.get("operator"))
        values = expression.get("values")
        if label is None or operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return None
        requirements.append((label, operator, [text(v) or "" for v in values.items]
                             if isinstance(values, Sequence) else []))
    for label, operator, values in requirements:
        present = label in labels
        value = labels.get(label)
        matched = {"In": present and value in values, "NotIn": not present or value not in values,
                   "Exists": present, "DoesNotExist": not present}[operator]
        if not matched:
            return False
    return True
