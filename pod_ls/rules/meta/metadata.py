"""Labels and annotations, on the object and on its pod template (ValidateLabels,
ValidateAnnotations), and the annotations the API server reads on Pods
(ValidatePodSpecificAnnotations, but for seccomp and AppArmor, which `security` checks)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.locate import get_path
from ...kube.names import label_value_problem, qualified_name_problem
from ...yaml.nodes import Mapping, Scalar
from .. import RuleContext, check, define
from ..values import key, text

LABEL = define(
    "label-syntax", Severity.ERROR,
    "label keys and values, and annotation keys, must follow the Kubernetes syntax",
    "Keys are [prefix/]name with a DNS subdomain prefix and a name of at most 63 letters, "
    "digits, '-', '_' and '.' (annotation keys in any case); label values are at most 63 such "
    "characters; all annotations together take at most 256 KiB. The API server rejects "
    "anything else.")
POD_ANNOTATION = define(
    "pod-annotation", Severity.ERROR,
    "the annotations the API server reads on Pods must be valid",
    "The API server rejects a Pod or pod template whose kubernetes.io/config.mirror annotation "
    "comes without spec.nodeName, whose controller.kubernetes.io/pod-deletion-cost is no 32-bit "
    "integer written plainly, or whose scheduler.alpha.kubernetes.io/tolerations annotation is "
    "no JSON list of valid tolerations.")

ANNOTATIONS_SIZE_LIMIT = 256 * 1024
"""TotalAnnotationSizeLimitB: the bytes of all keys and values together."""
MIRROR_POD = "kubernetes.io/config.mirror"
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
TOLERATIONS = "scheduler.alpha.kubernetes.io/tolerations"
_INT32 = range(-2**31, 2**31)


def _metadata(ctx: RuleContext) -> Iterator[Mapping]:
    paths = {("metadata",), ctx.spec.path[:-1] + ("metadata",)}
    for path in sorted(paths):
        node = get_path(ctx.spec.root, path)
        if isinstance(node, Mapping):
            yield node


@check(LABEL, needs=("labels", "annotations"))
def label_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for metadata in _metadata(ctx):
        labels = metadata.get("labels")
        for name, value in labels.items if isinstance(labels, Mapping) else ():
            if not isinstance(name, Scalar):
                continue
            if problem := qualified_name_problem(name.value):
                yield LABEL.hit(name, f"Invalid label key '{name.value}': {problem}")
            if isinstance(value, Scalar) and value.tag == "str" and (problem := label_value_problem(value.value)):
                yield LABEL.hit(value, f"Invalid label value '{value.value}': {problem}")
        yield from _annotations(metadata)


def _annotations(metadata: Mapping) -> Iterator[Finding]:
    """ValidateAnnotations: keys are qualified names whatever their case, and the whole is bounded."""
    annotations = metadata.get("annotations")
    if not isinstance(annotations, Mapping):
        return
    size = 0
    for name, value in annotations.items:
        if not isinstance(name, Scalar):
            continue
        if problem := qualified_name_problem(name.value.lower()):
            yield LABEL.hit(name, f"Invalid annotation key '{name.value}': {problem}")
        size += len(name.value.encode()) + len((text(value) or "").encode())
    if size > ANNOTATIONS_SIZE_LIMIT:
        yield LABEL.hit(key(metadata, "annotations") or annotations,
                        f"The annotations take {size} bytes, more than the {ANNOTATIONS_SIZE_LIMIT} the API "
                        "server accepts")


@check(POD_ANNOTATION, needs=("annotations",))
def pod_annotations(ctx: RuleContext) -> Iterator[Finding]:
    """The annotations of the Pods: the Pod's own, or the template's (ValidatePodTemplateSpec
    reads them with the template's spec)."""
    annotations = get_path(ctx.spec.root, ctx.spec.path[:-1] + ("metadata", "annotations"))
    if not isinstance(annotations, Mapping):
        return
    mirror = annotations.pair(MIRROR_POD)
    if mirror is not None and not text(ctx.spec.spec.get("nodeName")):
        yield POD_ANNOTATION.hit(mirror[0], f"The {MIRROR_POD} annotation needs spec.nodeName: a mirror Pod "
                                            "belongs to the node that runs it")
    cost = annotations.get(DELETION_COST)
    if cost is not None and (problem := _deletion_cost_problem(text(cost) or "")):
        yield POD_ANNOTATION.hit(cost, f"{DELETION_COST} must be a 32-bit integer: {problem}")
    tolerations = annotations.get(TOLERATIONS)
    if tolerations is not None and (written := text(tolerations)):
        for problem in _toleration_problems(written):
            yield POD_ANNOTATION.hit(tolerations, f"Invalid {TOLERATIONS} annotation: {problem}")


def _deletion_cost_problem(value: str) -> str | None:
    """GetDeletionCostFromPodAnnotations: no '+', no leading zeros, then strconv.ParseInt(value, 10, 32)."""
    if not value or not (value[0] == "-" or value == "0" or "1" <= value[0] <= "9"):
        return f"'{value}' must start with '-' or a digit other than 0"
    digits = value[1:] if value[0] == "-" else value
    if not digits or not digits.isascii() or not digits.isdigit():
        return f"'{value}' is not a whole number"
    if int(value) not in _INT32:
        return f"{value} is outside -2147483648..2147483647"
    return None


def _toleration_problems(written: str) -> Iterator[str]:
    """GetTolerationsFromPodAnnotations (json.Unmarshal into []Toleration), then ValidateTolerations."""
    try:
        tolerations = json.loads(written)
    except ValueError as error:
        yield f"not JSON ({error})"
        return
    if tolerations is None:
        return
    if not isinstance(tolerations, list):
        yield "must be a JSON list of tolerations"
        return
    for number, item in enumerate(tolerations):
        fields = _json_toleration(item)
        if isinstance(fields, str):
            yield f"toleration {number}: {fields}"
            continue
        for problem in _toleration_value_problems(fields):
            yield f"toleration {number}: {problem}"


def _json_toleration(item: object) -> dict[str, object] | str:
    """The fields Go's decoder fills (names matched without case, unknown ones ignored), or why
    it fails."""
    if item is None:
        return {}
    if not isinstance(item, dict):
        return "must be a JSON object"
    fields: dict[str, object] = {}
    for name, value in item.items():
        field = {"key": "key", "operator": "operator", "value": "value", "effect": "effect",
                 "tolerationseconds": "tolerationSeconds"}.get(name.lower())
        if field is None or value is None:
            continue
        wanted_int = field == "tolerationSeconds"
        if wanted_int and not (isinstance(value, int) and not isinstance(value, bool)):
            return "tolerationSeconds must be a whole number"
        if not wanted_int and not isinstance(value, str):
            return f"{field} must be a string"
        fields[field] = value
    return fields


def _toleration_value_problems(fields: dict[str, object]) -> Iterator[str]:
    name, operator = str(fields.get("key", "")), str(fields.get("operator", ""))
    value, effect = str(fields.get("value", "")), str(fields.get("effect", ""))
    if name and (problem := qualified_name_problem(name)):
        yield f"key '{name}' {problem}"
    if not name and operator != "Exists":
        yield "operator must be Exists when the key is empty"
    if "tolerationSeconds" in fields and effect != "NoExecute":
        yield "effect must be NoExecute when tolerationSeconds is set"
    if operator in ("", "Equal") and (problem := label_value_problem(value)):
        yield f"value '{value}' {problem}"
    elif operator == "Exists" and value:
        yield "value must be empty when the operator is Exists"
    elif operator not in ("", "Equal", "Exists", "Gt", "Lt"):
        yield f"operator '{operator}' is not Equal or Exists"
    if effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
        yield f"effect '{effect}' is not NoSchedule, PreferNoSchedule or NoExecute"
