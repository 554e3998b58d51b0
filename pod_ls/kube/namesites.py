"""Where one document declares and uses the names that tie manifests together: Kubernetes
knowledge of which field names what (a mount names a volume, a probe a container port,
`$(VAR)` an env var, `configMapKeyRef` a ConfigMap and its key, a selector the labels of pod
templates). Here in kube/ rather than ide/ because it is what the API and the kubelet mean by
these fields; the editor features only read the result.

Each name's place is a `Site` in document-relative positions. Links that cannot leave one pod
spec (volumes, container ports, env vars) are made here; what may be linked to another
document (objects, their keys, labels, a Service's target ports) is kept for `links`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ..yaml.parse import split_lines
from .locate import POD_SPEC_PATHS, PodSpecRef, document_kind, find_pod_specs, get_path, scalar_text

VOLUME, PORT, ENV = "volume", "port", "env var"
CONFIG_MAP, SECRET, CLAIM = "ConfigMap", "Secret", "PersistentVolumeClaim"
SERVICE_ACCOUNT, PRIORITY_CLASS, SERVICE = "ServiceAccount", "PriorityClass", "Service"
CONFIG_MAP_KEY, SECRET_KEY = "ConfigMap key", "Secret key"
LABEL_KEY, LABEL_VALUE = "label key", "label value"
KEY_KINDS = {CONFIG_MAP: CONFIG_MAP_KEY, SECRET: SECRET_KEY}
"""The kind of name a key of each object kind is."""
KEY_FIELDS = {CONFIG_MAP: ("data", "binaryData"), SECRET: ("data", "stringData")}
OBJECT_KINDS = (CONFIG_MAP, SECRET, CLAIM, SERVICE_ACCOUNT, PRIORITY_CLASS, SERVICE)
CLUSTER_SCOPED = frozenset({PRIORITY_CLASS})
DEFAULT_NAMESPACE = "default"

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("httpGet", "tcpSocket")
EXPANDED = ("command", "args")
"""Container fields whose `$(VAR)` the kubelet expands (env values and subPathExpr too)."""
VOLUME_SOURCES = {"configMap": (CONFIG_MAP, "name"), "secret": (SECRET, "secretName"),
                  "persistentVolumeClaim": (CLAIM, "claimName")}
PROJECTED_SOURCES = {"configMap": CONFIG_MAP, "secret": SECRET}
KEY_REFS = {"configMapKeyRef": CONFIG_MAP, "secretKeyRef": SECRET}
ENV_FROM = {"configMapRef": CONFIG_MAP, "secretRef": SECRET}
SPEC_REFS = {"serviceAccountName": SERVICE_ACCOUNT, "serviceAccount": SERVICE_ACCOUNT,
             "priorityClassName": PRIORITY_CLASS, "subdomain": SERVICE}
AFFINITIES = ("podAffinity", "podAntiAffinity")
MAP_SELECTORS = frozenset({"ReplicationController", "Service"})
"""Kinds whose selector is a plain label map, not a LabelSelector."""


@dataclass(frozen=True, slots=True)
class Site:
    """One place where a name is written."""

    kind: str
    """What kind of name it is (VOLUME, PORT, CONFIG_MAP, LABEL_KEY...)."""
    name: str
    start: Pos
    end: Pos
    """The name's own text: inside the quotes, or the VAR of `$(VAR)`."""
    declares: bool
    """The place that gives the name (a volume's `name`), not one that uses it."""
    uri: str | None = None
    """The file, for a site another file's resolver found; None is the file asked about."""

    def shifted(self, lines: int) -> Site:
        return Site(self.kind, self.name, (self.start[0] + lines, self.start[1]),
                    (self.end[0] + lines, self.end[1]), self.declares, self.uri)


@dataclass(frozen=True, slots=True)
class Link:
    """A use of a name and the place that declares it."""

    reference: Site
    declaration: Site


@dataclass(slots=True)
class ObjectDecl:
    """A ConfigMap, Secret, PVC, ServiceAccount, PriorityClass or Service, with its keys."""

    kind: str
    namespace: str | None
    """None for cluster-scoped kinds."""
    site: Site
    keys: list[Site] = field(default_factory=list)


@dataclass(slots=True)
class ObjectRef:
    """A pod spec's use of an object's name, and of its keys where the same field names them."""

    kind: str
    namespace: str | None
    site: Site
    keys: list[Site] = field(default_factory=list)


@dataclass(slots=True)
class Label:
    key: Site
    value: Site | None
    """None where the value is no plain one-line string (then it selects nothing here)."""
    text: str


@dataclass(slots=True)
class Template:
    """A pod template (or a Pod): its namespace, labels and the ports a Service may target."""

    namespace: str
    labels: dict[str, Label]
    ports: list[Site]


@dataclass(slots=True)
class Requirement:
    key: str
    operator: str
    values: list[str]
    key_site: Site | None
    value_sites: list[Site]


@dataclass(slots=True)
class Selector:
    """A label selector and the pod templates it may pick."""

    requirements: list[Requirement]
    own: bool
    """A workload's selector: it picks its own template only."""
    namespaces: frozenset[str] | None
    """Where the pods it picks may be; None for every namespace."""
    target_ports: list[Site] = field(default_factory=list)
    """A Service's named target ports, resolved in the pods it selects."""


@dataclass(slots=True)
class DocumentNames:
    """Every name site of one document, and what it links to."""

    sites: dict[str, list[Site]] = field(default_factory=dict)
    """Every site by name (the links below only ever join sites of the same name)."""
    links: dict[str, list[Link]] = field(default_factory=dict)
    """Links made inside the document, by name."""
    objects: list[ObjectDecl] = field(default_factory=list)
    references: list[ObjectRef] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    selectors: list[Selector] = field(default_factory=list)

    def add(self, site: Site | None) -> Site | None:
        if site is not None:
            self.sites.setdefault(site.name, []).append(site)
        return site

    def link(self, reference: Site, declaration: Site) -> None:
        self.links.setdefault(reference.name, []).append(Link(reference, declaration))


def may_declare(document_kind: str | None, kind: str) -> bool:
    """Whether a document of that kind can declare a name of that kind for another document:
    objects and their keys are declared by their own documents, labels and ports by pod
    templates."""
    if kind in OBJECT_KINDS:
        return document_kind == kind
    if kind in (CONFIG_MAP_KEY, SECRET_KEY):
        return document_kind in KEY_FIELDS
    return document_kind in POD_SPEC_PATHS


def name_site(node: Node | None, kind: str, declares: bool, any_tag: bool = False) -> Site | None:
    """The site of a one-line string scalar's text; None where the text is not the value as
    written (escapes) or spans lines. Keys may be of any tag (`y:` reads as a boolean)."""
    if not isinstance(node, Scalar) or node.start[0] != node.end[0] or not node.value:
        return None
    if node.tag != "str" and not (any_tag and node.tag != "null"):
        return None
    (line, start), end = node.start, node.end[1]
    if node.quoted:
        start, end = start + 1, end - 1
    if end - start != len(node.value):
        return None
    return Site(kind, node.value, (line, start), (line, end), declares)


def document_names(document: YamlDocument, declarations_only: bool = False) -> DocumentNames:
    """The name sites of a parsed document (nothing for a broken one). `declarations_only`
    keeps what another document's names may point at (objects and their keys, pod templates
    with their labels and ports), a fraction of the work."""
    names = DocumentNames()
    root = document.root
    if not isinstance(root, Mapping):
        return names
    kind = document_kind(root)
    namespace = scalar_text(get_path(root, ("metadata", "namespace"))) or DEFAULT_NAMESPACE
    if kind in OBJECT_KINDS:
        _object(names, root, kind, namespace)
    if kind == SERVICE and not declarations_only:
        _service(names, root, namespace)
    for spec in find_pod_specs(document):
        reader = _PodSpec(names, spec, namespace, document)
        if declarations_only:
            reader.template()
        else:
            reader.read()
    return names


def _object(names: DocumentNames, root: Mapping, kind: str, namespace: str) -> None:
    site = names.add(name_site(get_path(root, ("metadata", "name")), kind, True))
    if site is None:
        return
    declared = ObjectDecl(kind, None if kind in CLUSTER_SCOPED else namespace, site)
    for section in KEY_FIELDS.get(kind, ()):
        data = root.get(section)
        if isinstance(data, Mapping):
            declared.keys += [s for key, _ in data.items
                              if (s := names.add(name_site(key, KEY_KINDS[kind], True, any_tag=True)))]
    names.objects.append(declared)


def _service(names: DocumentNames, root: Mapping, namespace: str) -> None:
    spec = root.get("spec")
    if not isinstance(spec, Mapping):
        return
    selector = map_selector(names, spec.get("selector"), own=False, namespaces=frozenset({namespace}))
    if selector is None:
        return
    for port in _mappings(spec.get("ports")):
        target = port.get("targetPort")
        if _is_port_name(target):
            selector.target_ports += [s for s in [names.add(name_site(target, PORT, False))] if s]


def map_selector(names: DocumentNames, node: Node | None, own: bool,
                 namespaces: frozenset[str] | None) -> Selector | None:
    """A plain label map used as a selector (a Service's, a ReplicationController's)."""
    if not isinstance(node, Mapping) or not node.items:
        return None
    requirements = [_requirement(names, key, "In", [value]) for key, value in node.items]
    if any(r is None for r in requirements):
        return None
    selector = Selector([r for r in requirements if r], own, namespaces)
    names.selectors.append(selector)
    return selector


def label_selector(names: DocumentNames, node: Node | None, own: bool,
                   namespaces: frozenset[str] | None) -> None:
    """A metav1.LabelSelector: matchLabels and matchExpressions, all of them required."""
    if not isinstance(node, Mapping):
        return
    requirements: list[Requirement | None] = []
    labels = node.get("matchLabels")
    if isinstance(labels, Mapping):
        requirements += [_requirement(names, key, "In", [value]) for key, value in labels.items]
    for expression in _mappings(node.get("matchExpressions")):
        values = expression.get("values")
        requirements.append(_requirement(names, expression.get("key"), scalar_text(expression.get("operator")),
                                         values.items if isinstance(values, Sequence) else []))
    if requirements and all(requirements):
        names.selectors.append(Selector([r for r in requirements if r], own, namespaces))


def _requirement(names: DocumentNames, key: Node | None, operator: str | None,
                 values: list[Node]) -> Requirement | None:
    """None where a part is not plain text: a selector half understood selects nothing here."""
    texts = [v.value for v in values if isinstance(v, Scalar)]
    if not isinstance(key, Scalar) or operator not in ("In", "NotIn", "Exists", "DoesNotExist") \
            or len(texts) != len(values):
        return None
    sites = [names.add(name_site(v, LABEL_VALUE, False)) for v in values] if operator == "In" else []
    return Requirement(key.value, operator, texts, names.add(name_site(key, LABEL_KEY, False, any_tag=True)),
                       [s for s in sites if s])


class _PodSpec:
    """The names of one pod spec: its volumes, containers, object references and selectors."""

    def __init__(self, names: DocumentNames, spec: PodSpecRef, namespace: str, document: YamlDocument) -> None:
        self.names, self.ref, self.spec, self.namespace = names, spec, spec.spec, namespace
        self.document = document
        self._lines: list[str] | None = None

    def read(self) -> None:
        volumes = self._volumes()
        for _, container in self.ref.containers():
            self._container(container, volumes)
        self._references()
        self.template()
        self._selectors()

    def _volumes(self) -> dict[str, list[Site]]:
        declared: dict[str, list[Site]] = {}
        for volume in _mappings(self.spec.get("volumes")):
            if site := self.names.add(name_site(volume.get("name"), VOLUME, True)):
                declared.setdefault(site.name, []).append(site)
            self._volume_source(volume)
        if self.ref.kind == "StatefulSet":  # a claim template is mounted by its name
            for claim in _mappings(get_path(self.ref.root, ("spec", "volumeClaimTemplates"))):
                if site := self.names.add(name_site(get_path(claim, ("metadata", "name")), VOLUME, True)):
                    declared.setdefault(site.name, []).append(site)
        return declared

    def _volume_source(self, volume: Mapping) -> None:
        for source, (kind, name_field) in VOLUME_SOURCES.items():
            if isinstance(body := volume.get(source), Mapping):
                self._object_ref(kind, body.get(name_field), body.get("items"))
        projected = get_path(volume, ("projected", "sources"))
        for item in _mappings(projected):
            for source, kind in PROJECTED_SOURCES.items():
                if isinstance(body := item.get(source), Mapping):
                    self._object_ref(kind, body.get("name"), body.get("items"))

    def _object_ref(self, kind: str, name: Node | None, items: Node | None = None,
                    key: Node | None = None) -> None:
        site = self.names.add(name_site(name, kind, False))
        if site is None:
            return
        ref = ObjectRef(kind, None if kind in CLUSTER_SCOPED else self.namespace, site)
        keys = [item.get("key") for item in _mappings(items)] + ([key] if key is not None else [])
        ref.keys = [s for k in keys if (s := self.names.add(name_site(k, KEY_KINDS[kind], False)))]
        self.names.references.append(ref)

    def _references(self) -> None:
        for field_name, kind in SPEC_REFS.items():
            if field_name == "serviceAccount" and self.spec.get("serviceAccountName") is not None:
                continue  # the deprecated field is ignored when the new one is set
            self._object_ref(kind, self.spec.get(field_name))
        for secret in _mappings(self.spec.get("imagePullSecrets")):
            self._object_ref(SECRET, secret.get("name"))
        if self.ref.kind == "StatefulSet":
            self._object_ref(SERVICE, get_path(self.ref.root, ("spec", "serviceName")))

    def _container(self, container: Mapping, volumes: dict[str, list[Site]]) -> None:
        for mounts in ("volumeMounts", "volumeDevices"):
            for mount in _mappings(container.get(mounts)):
                if site := self.names.add(name_site(mount.get("name"), VOLUME, False)):
                    for declared in volumes.get(site.name, ()):
                        self.names.link(site, declared)
        self._ports(container)
        self._env(container)

    def _ports(self, container: Mapping) -> None:
        declared: dict[str, list[Site]] = {}
        for port in _mappings(container.get("ports")):
            if site := self.names.add(name_site(port.get("name"), PORT, True)):
                declared.setdefault(site.name, []).append(site)
        for handler in _port_handlers(container):
            port = handler.get("port")
            if _is_port_name(port) and (site := self.names.add(name_site(port, PORT, False))):
                for target in declared.get(site.name, ()):
                    self.names.link(site, target)

    def _env(self, container: Mapping) -> None:
        """Env vars and the `$(VAR)` that expand them: an env value sees the vars before it,
        command, args and subPathExpr see them all; of two with a name the later counts."""
        before: dict[str, Site] = {}
        for entry in _mappings(container.get("env")):
            self._expansions(entry.get("value"), before)
            if site := self.names.add(name_site(entry.get("name"), ENV, True)):
                before[site.name] = site
            source = entry.get("valueFrom")
            for ref_field, kind in KEY_REFS.items():
                if isinstance(source, Mapping) and isinstance(ref := source.get(ref_field), Mapping):
                    self._object_ref(kind, ref.get("name"), key=ref.get("key"))
        for source in _mappings(container.get("envFrom")):
            for ref_field, kind in ENV_FROM.items():
                if isinstance(ref := source.get(ref_field), Mapping):
                    self._object_ref(kind, ref.get("name"))
        for expanded in EXPANDED:
            node = container.get(expanded)
            for item in node.items if isinstance(node, Sequence) else []:
                self._expansions(item, before)
        for mount in _mappings(container.get("volumeMounts")):
            self._expansions(mount.get("subPathExpr"), before)

    def _expansions(self, node: Node | None, declared: dict[str, Site]) -> None:
        if not isinstance(node, Scalar) or node.tag != "str" or "$(" not in node.value or not declared:
            return
        for site in expansion_sites(self.lines, node):
            if site.name in declared and (site := self.names.add(site)):
                self.names.link(site, declared[site.name])

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.document.text)
        return self._lines

    def template(self) -> None:
        path = self.ref.path[:-1] + ("metadata", "labels") if self.ref.kind != "Pod" else ("metadata", "labels")
        labels: dict[str, Label] = {}
        node = get_path(self.ref.root, path)
        for key, value in node.items if isinstance(node, Mapping) else []:
            key_site = self.names.add(name_site(key, LABEL_KEY, True, any_tag=True))
            if key_site is not None:
                labels[key_site.name] = Label(key_site, self.names.add(name_site(value, LABEL_VALUE, True)),
                                              scalar_text(value) or "")
        ports = [site for list_name, container in self.ref.containers() if _serves(list_name, container)
                 for port in _mappings(container.get("ports"))
                 if (site := name_site(port.get("name"), PORT, True))]
        self.names.templates.append(Template(self.namespace, labels, ports))

    def _selectors(self) -> None:
        kind, own = self.ref.kind, frozenset({self.namespace})
        if kind not in ("Pod", "PodTemplate"):
            selector = get_path(self.ref.root, POD_SPEC_PATHS[kind][:-2] + ("selector",))
            if kind in MAP_SELECTORS:
                map_selector(self.names, selector, own=True, namespaces=own)
            else:
                label_selector(self.names, selector, own=True, namespaces=own)
        for affinity in AFFINITIES:
            for term in _affinity_terms(get_path(self.spec, ("affinity", affinity))):
                label_selector(self.names, term.get("labelSelector"), own=False,
                               namespaces=_term_namespaces(term, self.namespace))
        for constraint in _mappings(self.spec.get("topologySpreadConstraints")):
            label_selector(self.names, constraint.get("labelSelector"), own=False, namespaces=own)


def expansion_sites(lines: list[str], node: Scalar) -> Iterator[Site]:
    """The VAR of each `$(VAR)` in a string scalar, read from its text as the kubelet expands
    it (`$$` is an escaped `$`). Not in a double-quoted scalar with escapes, whose text is not
    its value."""
    (first, start), (last, end) = node.start, node.end
    if node.style in ("|", ">"):
        first, start = first + 1, 0  # the header line holds no content, maybe a comment
    for number in range(first, min(last, len(lines) - 1) + 1):
        line = lines[number]
        begin, stop = (start if number == first else 0), (end if number == last else len(line))
        if node.style == '"' and "\\" in line[begin:stop]:
            return
        at = begin
        while (at := line.find("$", at, stop)) >= 0:
            if line.startswith("$$", at):
                at += 2
                continue
            close = line.find(")", at + 2, stop) if line.startswith("$(", at) else -1
            if close < 0:
                at += 1
                continue
            name = line[at + 2:close]
            if name and f"$({name})" in node.value:
                yield Site(ENV, name, (number, at + 2), (number, close), False)
            at = close + 1


def _port_handlers(container: Mapping) -> Iterator[Mapping]:
    """The probe and lifecycle handlers that may name a port of the container."""
    hooks = container.get("lifecycle")
    for parent, names, handlers in ((container, PROBES, PROBE_HANDLERS),
                                    (hooks, ("postStart", "preStop"), LIFECYCLE_HANDLERS)):
        for name in names if isinstance(parent, Mapping) else ():
            if isinstance(action := parent.get(name), Mapping):
                yield from (h for handler in handlers if isinstance(h := action.get(handler), Mapping))


def _serves(list_name: str, container: Mapping) -> bool:
    """A container whose ports a Service's named targetPort finds: an app container, or a
    sidecar (an init container that keeps running)."""
    return list_name == "containers" or (
        list_name == "initContainers" and scalar_text(container.get("restartPolicy")) == "Always")


def _affinity_terms(affinity: Node | None) -> Iterator[Mapping]:
    if not isinstance(affinity, Mapping):
        return
    yield from _mappings(affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    for weighted in _mappings(affinity.get("preferredDuringSchedulingIgnoredDuringExecution")):
        if isinstance(term := weighted.get("podAffinityTerm"), Mapping):
            yield term


def _term_namespaces(term: Mapping, own: str) -> frozenset[str] | None:
    """Where an affinity term looks: its namespaces, every namespace for an empty
    namespaceSelector, its own pod's namespace when neither is set."""
    listed = term.get("namespaces")
    names = frozenset(v.value for v in listed.items if isinstance(v, Scalar)) \
        if isinstance(listed, Sequence) else frozenset()
    chooser = term.get("namespaceSelector")
    if isinstance(chooser, Mapping):
        return None if not chooser.items else names
    return names or frozenset({own})


def _is_port_name(node: Node | None) -> bool:
    return isinstance(node, Scalar) and node.tag == "str" and not node.value.isdigit()


def _mappings(node: Node | None) -> list[Mapping]:
    return [item for item in node.items if isinstance(item, Mapping)] if isinstance(node, Sequence) else []
