"""apiVersion and kind: a kind under a group/version that does not serve it, and versions
removed before the chosen kubernetesVersion. `kubectl apply` refuses both before anything
reaches the cluster ("no matches for kind ... in version ...")."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.schema import Version, format_version, load_schema, parse_version
from ...yaml.nodes import Mapping, Scalar, YamlDocument
from .. import define, document_check

API_VERSION = define(
    "api-version", Severity.ERROR,
    "the apiVersion does not serve this kind in the chosen Kubernetes version",
    "Each kind is served under given group/versions; beta versions are removed a few releases "
    "after their successor (extensions/v1beta1, apps/v1beta2, batch/v1beta1 CronJob, "
    "autoscaling/v2beta2...). Kubernetes' own groups are checked; custom resources are not.")


@document_check
def api_version_serves_kind(document: YamlDocument, version: Version) -> Iterator[Finding]:
    root = document.root
    if not isinstance(root, Mapping):
        return
    api_node, kind_node = root.get("apiVersion"), root.get("kind")
    if not (isinstance(api_node, Scalar) and api_node.tag == "str" and isinstance(kind_node, Scalar)
            and kind_node.tag == "str" and kind_node.value):
        return
    api, kind = api_node.value, kind_node.value
    group = api.rpartition("/")[0] if "/" in api else ""
    schema = load_schema()
    if kind == "List" or schema.serves(api, kind, version) or not schema.built_in_group(group):
        return
    served = schema.api_versions_serving(kind, version)
    target = format_version(version)
    if served:
        why = f"{kind} is served as {' or '.join(served)}, not {api}, in Kubernetes {target}"
        fixes = tuple(Fix.replace_string(api_node, v, f"Change to {v}") for v in served)
        yield API_VERSION.hit(api_node, why, fixes=fixes)
        return
    spans = [span for kinds in schema.served.values() if (span := kinds.get(kind))]
    if spans and all(parse_version(first) > version for first, _ in spans):
        since = min(first for first, _ in spans)
        yield API_VERSION.hit(kind_node, f"{kind} is served from Kubernetes {since} on (kubernetesVersion is {target})")
    elif spans:
        last = max(last for _, last in spans)
        yield API_VERSION.hit(kind_node, f"{kind} is no longer served: Kubernetes {last} was the last to serve it")
    # A kind no Kubernetes API has (a kubeconfig's Config, a tool's own file) is not ours to judge.
