"""Where one document declares and uses the names that tie manifests together: Kubernetes
knowledge of which field names what (a mount names a volume, a probe a container port,
`$(VAR)` an env var, `configMapKeyRef` a ConfigMap and its key, a selector the labels of pod
templates). Here in kube/ rather than ide/ because it is what the API and the kubelet mean by
these fields; the editor features only read the result.

Each name's place is a `Site` (`sites`) in document-relative positions; selectors are read by
`labelsites`, and the objects a pod spec needs by `references`, as the checks read them (so
navigation and `missing-reference` agree on what a pod spec names). Links that cannot leave
one pod spec (volumes, container ports, env vars) are made here; what may be linked to another
document (objects, their keys, labels, a Service's target ports) is kept for `links`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from ...yaml.parse import split_lines
from ..locate import POD_SPEC_PATHS, PodSpecRef, document_kind, find_pod_specs, get_path, scalar_text
from .labelsites import map_selector, spec_selectors
from .references import pod_references
from .sites import (
    CLUSTER_SCOPED,
    CONFIG_MAP,
    CONFIG_MAP_KEY,
    DEFAULT_NAMESPACE,
    ENV,
    KEY_FIELDS,
    KEY_KINDS,
    LABEL_KEY,
    LABEL_VALUE,
    OBJECT_KINDS,
    PORT,
    PRIORITY_CLASS,
    SECRET,
    SECRET_KEY,
    SERVICE,
    VOLUME,
    DocumentNames,
    Label,
    ObjectDecl,
    ObjectRef,
    Site,
    Template,
    mappings,
    name_site,
)

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("httpGet", "tcpSocket")
EXPANDED = ("command", "args")
"""Container fields whose `$(VAR)` the kubelet expands (env values and subPathExpr too)."""
OTHER_REFS = {"priorityClassName": PRIORITY_CLASS, "subdomain": SERVICE}
"""What a pod spec names beyond the objects its Pods need to start (`references`)."""


SELECTOR_WORD = "elector"
"""What the text of a document with a label selector spells (selector, labelSelector)."""


def declaring_kinds(kind: str) -> tuple[str, ...]:
    """The kinds of document that declare a name of that kind for other documents: objects
    and their keys their own documents, labels and ports pod templates."""
    if kind in OBJECT_KINDS:
        return (kind,)
    if kind in (CONFIG_MAP_KEY, SECRET_KEY):
        return tuple(KEY_FIELDS)
    return tuple(POD_SPEC_PATHS)


def tying_kinds(kind: str) -> tuple[str, ...] | None:
    """The kinds of document that tie names of that kind in other documents together: a
    Service (its target ports), the object (its name and keys); None for labels, which any
    document with a selector ties. Where no document of a file does, a name's places stay in
    its own document."""
    if kind == PORT:
        return (SERVICE,)
    if kind in (LABEL_KEY, LABEL_VALUE):
        return None
    return declaring_kinds(kind)


def document_names(document: YamlDocument, declarations_only: bool = False,
                   kustomization: bool = False) -> DocumentNames:
    """The name sites of a parsed document (nothing for a broken one). `declarations_only`
    keeps what another document's names may point at (objects and their keys, pod templates
    with their labels and ports), a fraction of the work. A `kustomization` file's document
    declares the ConfigMaps and Secrets of its generators."""
    root = document.root
    if not isinstance(root, Mapping):
        return DocumentNames()
    kind = document_kind(root)
    if kustomization:
        names = DocumentNames(kind, scalar_text(root.get("namespace")) or DEFAULT_NAMESPACE)
        _generated(names, root)
        return names
    namespace = scalar_text(get_path(root, ("metadata", "namespace"))) or DEFAULT_NAMESPACE
    names = DocumentNames(kind, namespace)
    if kind in OBJECT_KINDS:
        _object(names, root, kind, namespace)
    if kind == SERVICE and not declarations_only:
        _service(names, root, namespace)
    for spec in find_pod_specs(document):
        reader = _PodSpec(names, spec, spec.namespace or namespace, document)  # a List's item has its own
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


def _generated(names: DocumentNames, root: Mapping) -> None:
    """A kustomization's `configMapGenerator` and `secretGenerator` entries, as the workspace
    model reads them: each a ConfigMap or Secret in its namespace or the kustomization's, with
    the keys of its `literals` (KEY=value) and `files` (key=path; a bare path's key is the file's
    name, which a rename could not change, so it is left out)."""
    for field_name, kind in (("configMapGenerator", CONFIG_MAP), ("secretGenerator", SECRET)):
        for entry in mappings(root.get(field_name)):
            site = names.add(name_site(entry.get("name"), kind, True))
            if site is None:
                continue
            declared = ObjectDecl(kind, scalar_text(entry.get("namespace")) or names.namespace, site)
            for source in ("literals", "files"):
                node = entry.get(source)
                for item in node.items if isinstance(node, Sequence) else []:
                    whole = name_site(item, KEY_KINDS[kind], True)
                    key = whole.name.partition("=")[0] if whole is not None and "=" in whole.name else ""
                    if key:
                        declared.keys.append(names.add(Site(
                            whole.kind, key, whole.start, (whole.start[0], whole.start[1] + len(key)), True,
                            embedded=True)))
            names.objects.append(declared)


def _service(names: DocumentNames, root: Mapping, namespace: str) -> None:
    spec = root.get("spec")
    if not isinstance(spec, Mapping):
        return
    selector = map_selector(names, spec.get("selector"), own=False, namespaces=frozenset({namespace}))
    if selector is None:
        return
    for port in mappings(spec.get("ports")):
        target = port.get("targetPort")
        if _is_port_name(target):
            selector.target_ports += [s for s in [names.add(name_site(target, PORT, False))] if s]


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
        spec_selectors(self.names, self.ref, self.namespace)

    def _volumes(self) -> dict[str, list[Site]]:
        declared: dict[str, list[Site]] = {}
        for volume in mappings(self.spec.get("volumes")):
            if site := self.names.add(name_site(volume.get("name"), VOLUME, True)):
                declared.setdefault(site.name, []).append(site)
        if self.ref.kind == "StatefulSet":  # a claim template is mounted by its name
            for claim in mappings(get_path(self.ref.root, ("spec", "volumeClaimTemplates"))):
                if site := self.names.add(name_site(get_path(claim, ("metadata", "name")), VOLUME, True)):
                    declared.setdefault(site.name, []).append(site)
        return declared

    def _object_ref(self, kind: str, name: Node | None, keys: tuple[Node, ...] = ()) -> None:
        site = self.names.add(name_site(name, kind, False))
        if site is None:
            return
        ref = ObjectRef(kind, None if kind in CLUSTER_SCOPED else self.namespace, site)
        ref.keys = [s for k in keys if (s := self.names.add(name_site(k, KEY_KINDS[kind], False)))]
        self.names.references.append(ref)

    def _references(self) -> None:
        """The objects the pod spec names, as the checks read them (`references`), and those
        it names for other ends: its PriorityClass, the Service of its subdomain (a
        StatefulSet's serviceName)."""
        for reference in pod_references(self.ref):
            self._object_ref(reference.kind, reference.name, reference.keys)
        for field_name, kind in OTHER_REFS.items():
            self._object_ref(kind, self.spec.get(field_name))
        if self.ref.kind == "StatefulSet":
            self._object_ref(SERVICE, get_path(self.ref.root, ("spec", "serviceName")))

    def _container(self, container: Mapping, volumes: dict[str, list[Site]]) -> None:
        for mounts in ("volumeMounts", "volumeDevices"):
            for mount in mappings(container.get(mounts)):
                if site := self.names.add(name_site(mount.get("name"), VOLUME, False)):
                    for declared in volumes.get(site.name, ()):
                        self.names.link(site, declared)
        self._ports(container)
        self._env(container)

    def _ports(self, container: Mapping) -> None:
        declared: dict[str, list[Site]] = {}
        for port in mappings(container.get("ports")):
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
        for entry in mappings(container.get("env")):
            self._expansions(entry.get("value"), before)
            if site := self.names.add(name_site(entry.get("name"), ENV, True)):
                before[site.name] = site
        for expanded in EXPANDED:
            node = container.get(expanded)
            for item in node.items if isinstance(node, Sequence) else []:
                self._expansions(item, before)
        for mount in mappings(container.get("volumeMounts")):
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
                 for port in mappings(container.get("ports"))
                 if (site := name_site(port.get("name"), PORT, True))]
        self.names.templates.append(Template(self.namespace, labels, ports))


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
                yield Site(ENV, name, (number, at + 2), (number, close), False, embedded=True)
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


def _is_port_name(node: Node | None) -> bool:
    return isinstance(node, Scalar) and node.tag == "str" and not node.value.isdigit()
