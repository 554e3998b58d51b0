"""The Pod subdomain needs a headless Service of the same name."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Related, Severity
from ...kube.links.objects import KubeObject
from ...kube.locate import PodSpecRef, get_path
from ...yaml.nodes import Mapping, Scalar
from ...yaml.scalars import string_scalar
from .. import RuleContext, check, define, example_pod
from ..values import end_of, text

SUBDOMAIN_SERVICE = define(
    "subdomain-headless-service",
    Severity.WARNING,
    "subdomain must name a headless Service in the Pod's namespace",
    "A Pod gets the DNS name <hostname>.<subdomain>.<namespace>.svc only when a Service named "
    "like the subdomain, with clusterIP: None, exists in its namespace; otherwise the name "
    "silently never resolves.",
    example=(
        example_pod("web") +
        "  hostname: web-0\n"
        "  subdomain: web\n"
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  selector: {app: web}\n"
        '  ports: [{port: 80}]\n'),
)


@check(SUBDOMAIN_SERVICE, uses_workspace=True, needs=("subdomain", "serviceName"))
def subdomain_headless_service(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.spec.spec.get("subdomain")
    subdomain = text(node)
    if ctx.spec.kind == "StatefulSet":
        # The controller sets each Pod's subdomain to serviceName (initIdentity): the
        # template's own is never used.
        yield from _service_name(ctx)
        return
    if not subdomain or node is None:
        return
    namespace = ctx.spec.namespace
    candidates = ctx.workspace.named("Service", subdomain)
    # A manifest without a namespace goes wherever it is applied: it may be the Pod's.
    local = ctx.workspace.named("Service", subdomain, namespace)
    where = f" in namespace '{namespace}'" if namespace else ""
    if any(s.headless for s in local):
        return
    if local:
        yield SUBDOMAIN_SERVICE.hit(
            node,
            f"Service '{subdomain}' is not headless: set its spec.clusterIP to None, or the Pod "
            "gets no DNS record under this subdomain",
            related=_places(local, "the Service, without clusterIP: None"),
            service=subdomain, namespace=namespace, case="not-headless")
    elif candidates:
        others = ", ".join(sorted({f"'{s.namespace_text}'" for s in candidates}))
        yield SUBDOMAIN_SERVICE.hit(
            node,
            f"Service '{subdomain}' is in another namespace ({others}), not{where or ' here'}: "
            "the Pod gets no DNS record under this subdomain",
            related=_places(candidates, "the Service, in another namespace"),
            service=subdomain, namespace=namespace, case="other-namespace")
    else:
        yield SUBDOMAIN_SERVICE.missing(
            node,
            f"No Service named '{subdomain}' found{where}: subdomain needs a headless Service "
            "(clusterIP: None) of that name for the Pod to get a DNS record",
            fixes=_create_service(ctx.spec, subdomain, namespace),
            service=subdomain, namespace=namespace, case="missing")


def _service_name(ctx: RuleContext) -> Iterator[Finding]:
    """A StatefulSet's Pods take its serviceName as their subdomain. Only a Service of that
    name that is there and not headless is reported: the Service of a StatefulSet is often
    made elsewhere (a chart, an operator), and since 1.33 serviceName may be left out."""
    node = get_path(ctx.spec.root, ("spec", "serviceName"))
    name = text(node)
    if not name or node is None:
        return
    local = ctx.workspace.named("Service", name, ctx.spec.namespace)
    if local and not any(s.headless for s in local):
        yield SUBDOMAIN_SERVICE.hit(
            node,
            f"Service '{name}' is not headless: set its spec.clusterIP to None, or the StatefulSet's "
            f"Pods get no DNS records (<pod>.{name})",
            related=_places(local, "the Service, without clusterIP: None"),
            service=name, namespace=ctx.spec.namespace, case="not-headless")


MAX_RELATED = 3
"""Services named at most: a file of a thousand copies of a Pod and its Service must not send a
thousand places with each of its thousand findings."""


def _places(services: list[KubeObject], message: str) -> tuple[Related, ...]:
    return tuple(Related(message, s.name.start, s.name.end, s.uri) for s in services[:MAX_RELATED])


def _pod_labels(spec: PodSpecRef) -> list[tuple[str, str]]:
    metadata = get_path(spec.root, spec.path[:-1] + ("metadata",))
    labels = metadata.get("labels") if isinstance(metadata, Mapping) else None
    if not isinstance(labels, Mapping):
        return []
    return [(k.value, text(v) or "") for k, v in labels.items if isinstance(k, Scalar)]


def _create_service(spec: PodSpecRef, name: str, namespace: str | None) -> tuple[Fix, ...]:
    """A new document after this one: a headless Service selecting the Pod's labels. None
    for an item of a List (its root is indented, or inside the List's document when JSON):
    a document after it would cut the List."""
    if spec.root.start[1] > 0 or spec.root is not spec.document.root:
        return ()
    lines = ["---", "apiVersion: v1", "kind: Service", "metadata:", f"  name: {string_scalar(name)}"]
    if namespace:
        lines.append(f"  namespace: {string_scalar(namespace)}")
    lines += ["spec:", "  clusterIP: None"]
    labels = _pod_labels(spec)
    if labels:
        lines.append("  selector:")
        lines += [f"    {string_scalar(k)}: {string_scalar(v)}" for k, v in labels]
    at = end_of(spec.document)
    return (Fix(f"Create a headless Service '{name}'", (Edit(at, at, "\n".join(lines) + "\n"),)),)
