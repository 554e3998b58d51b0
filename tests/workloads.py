"""Wrap a pod spec in every kind of object that carries one, at the right indentation."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

HEADERS = {
    "Pod": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n", 2),
    "PodTemplate": ("apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: t\ntemplate:\n  spec:\n", 4),
    "ReplicationController": ("apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: r\n"
                              "spec:\n  selector: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n"
                              "    spec:\n", 6),
    "Deployment": ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n"
                   "  selector:\n    matchLabels: {app: a}\n  template:\n"
                   "    metadata:\n      labels: {app: a}\n    spec:\n", 6),
    "ReplicaSet": ("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: r\nspec:\n"
                   "  selector:\n    matchLabels: {app: a}\n  template:\n"
                   "    metadata:\n      labels: {app: a}\n    spec:\n", 6),
    "StatefulSet": ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n"
                    "  serviceName: s\n  selector:\n    matchLabels: {app: a}\n  template:\n"
                    "    metadata:\n      labels: {app: a}\n    spec:\n", 6),
    "DaemonSet": ("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n"
                  "  selector:\n    matchLabels: {app: a}\n  template:\n"
                  "    metadata:\n      labels: {app: a}\n    spec:\n", 6),
    "Job": ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n", 6),
    "CronJob": ("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"
                "  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n", 10),
}
KINDS = list(HEADERS)


def wrap(kind: str, spec: str, namespace: str | None = None) -> str:
    """A `kind` object whose pod spec is `spec` (written at column 0)."""
    header, indent = HEADERS[kind]
    if namespace:
        header = header.replace("metadata:\n", f"metadata:\n  namespace: {namespace}\n", 1)
    return header + textwrap.indent(textwrap.dedent(spec), " " * indent)


def header_lines(kind: str, namespace: str | None = None) -> int:
    return wrap(kind, "", namespace).count("\n")


def bundle(count: int, after: Callable[[int], str]) -> str:
    """A release bundle's shape: `count` CRDs of 120 KB each (a long description wrapped over
    lines, as controller-gen writes them), each followed by the document `after(n)` gives."""
    description = "".join(f"\n          word{n} of a long wrapped description" for n in range(3_000))
    crd = ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x{n}.example.com\n"
           "spec:\n  group: example.com\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n"
           "        type: object\n        description: start" + description + "\n")
    return "---\n".join(crd.format(n=n) + "---\n" + after(n) for n in range(count))
