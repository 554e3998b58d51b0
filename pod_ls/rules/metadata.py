"""Label and annotation syntax, on the object and on its pod template."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..locate import get_path
from ..names import label_value_problem, qualified_name_problem
from ..nodes import Mapping, Scalar
from . import RuleContext, check, define

LABEL = define(
    "label-syntax", Severity.ERROR,
    "label keys and values, and annotation keys, must follow the Kubernetes syntax",
    "Keys are [prefix/]name with a DNS subdomain prefix and a name of at most 63 letters, "
    "digits, '-', '_' and '.'; label values are at most 63 such characters. The API server "
    "rejects anything else.")


def _metadata(ctx: RuleContext) -> Iterator[Mapping]:
    paths = {("metadata",), ctx.spec.path[:-1] + ("metadata",)}
    for path in sorted(paths):
        node = get_path(ctx.spec.root, path)
        if isinstance(node, Mapping):
            yield node


@check(LABEL)
def label_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for metadata in _metadata(ctx):
        for field in ("labels", "annotations"):
            entries = metadata.get(field)
            if not isinstance(entries, Mapping):
                continue
            for name, value in entries.items:
                if not isinstance(name, Scalar):
                    continue
                if problem := qualified_name_problem(name.value):
                    yield LABEL.hit(name, f"Invalid {field[:-1]} key '{name.value}': {problem}")
                if field == "labels" and isinstance(value, Scalar) and value.tag == "str":
                    if problem := label_value_problem(value.value):
                        yield LABEL.hit(value, f"Invalid label value '{value.value}': {problem}")
