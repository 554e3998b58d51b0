"""Pod templates the API server does not validate on create.

ValidatePodTemplateSpecForStatefulSet checks a StatefulSet template's labels and annotations
but leaves its pod spec out (a TODO in pkg/apis/apps/validation since 2016): the StatefulSet
is accepted, and what is wrong in its pod spec shows when the controller's Pods are refused.
There, what pod validation rejects is a warning, not an error; what the decoder refuses (an
unknown field, a wrong type) and what the StatefulSet's own validation checks stay errors.
"""

from __future__ import annotations

from dataclasses import replace

from ...findings import Finding, Severity
from ...kube.locate import PodSpecRef

NOT_VALIDATED_ON_CREATE = frozenset({"StatefulSet"})
DECODING = frozenset({"unknown-field", "wrong-type", "duplicate-key", "yaml-tag", "yaml-syntax"})
"""Refused while the manifest is decoded, before any validation."""
OWN_SPEC = frozenset({"statefulset-spec", "workload-selector", "selector-mismatch", "workload-restart-policy",
                      "pod-template", "api-version", "object-name", "object-meta", "label-syntax"})
"""Checked by the StatefulSet's own validation (ValidateStatefulSetSpec and its metadata)."""


def as_validated_on_create(findings: list[Finding], spec: PodSpecRef) -> list[Finding]:
    """The findings of one pod spec, with what its kind's create validation skips made warnings."""
    if spec.kind not in NOT_VALIDATED_ON_CREATE:
        return findings
    start, end = spec.spec.start, spec.spec.end
    return [_deferred(f) if (f.severity == Severity.ERROR and f.rule not in DECODING and f.rule not in OWN_SPEC
                             and start <= f.start <= end) else f
            for f in findings]


def _deferred(finding: Finding) -> Finding:
    return replace(finding, severity=Severity.WARNING,
                   message=f"{finding.message} (a StatefulSet's pod template is not validated on create: its "
                   "Pods will be refused)")
