"""A Service whose selector picks no Pod of the workspace."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.links.objects import service_selector
from ...kube.links.workspace_model import WorkspaceView
from ...kube.locate import document_kind, get_path, scalar_text
from ...yaml.nodes import Mapping, YamlDocument
from .. import define, workspace_document_check
from . import placeholder

SERVICE_SELECTS_NOTHING = define(
    "service-selects-nothing", Severity.INFO,
    "a Service's selector should match the labels of a Pod or pod template",
    "A Service sends traffic only to the Pods whose labels its selector matches; when no Pod, "
    "Deployment, StatefulSet or other pod template of the workspace has them (a typo in a "
    "label, a renamed app), it has no endpoints and connections to it are refused.")

CONTROLLER_LABELS = frozenset({
    "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash",
    "pod-template-hash", "job-name", "controller-uid", "batch.kubernetes.io/job-name",
    "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-completion-index"})
"""Labels the controllers put on the Pods they create, not in any template: a Service that
selects one Pod of a StatefulSet by `statefulset.kubernetes.io/pod-name` matches no template."""


@workspace_document_check
def service_selects_nothing(document: YamlDocument, workspace: WorkspaceView) -> Iterator[Finding]:
    root = document.root
    if document_kind(root) != "Service" or not isinstance(root, Mapping):
        return
    pair = root.get("spec").pair("selector") if isinstance(root.get("spec"), Mapping) else None
    if pair is None or scalar_text(get_path(root, ("spec", "type"))) == "ExternalName":
        return
    service = service_selector(root)
    if service is None:
        return
    selector, namespace = service
    if selector.empty or any(placeholder(k.text + v.text) for k, v in selector.labels) \
            or any(k.text in CONTROLLER_LABELS for k, _ in selector.labels):
        return
    if workspace.selects_any(selector, namespace):
        return
    labels = ", ".join(f"{k.text}={v.text}" for k, v in selector.labels)
    yield SERVICE_SELECTS_NOTHING.hit(
        pair[0], f"No Pod or pod template in the workspace has the labels this Service selects ({labels}): "
        "it has no endpoints unless its Pods are created elsewhere", labels=labels)
