"""The names that tie manifests together, as plain data: each place a name is written (a
`Site`), the links between places, and what one document declares and uses (`DocumentNames`).

`namesites` finds them in a document, `links` joins them across documents, of one file or of
several. Positions are document-relative (line, column) in code points until `links` shifts
them into their file (and names the file, for another file than the one asked about).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence

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
    """The file, for a site of another file than the one asked about (None)."""
    embedded: bool = False
    """The name is part of a longer string (the VAR of `$(VAR)`, the KEY of a generator's
    `KEY=value`): a new name is written there as it is, never quoted."""

    def shifted(self, lines: int, uri: str | None = None) -> Site:
        """The site `lines` further down, in file `uri` if given."""
        return Site(self.kind, self.name, (self.start[0] + lines, self.start[1]),
                    (self.end[0] + lines, self.end[1]), self.declares, uri or self.uri, self.embedded)


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

    kind: str | None = None
    """The document's kind, as written."""
    namespace: str = DEFAULT_NAMESPACE
    """Where the document's object is (a kustomization's: the namespace it sets)."""
    sites: dict[str, list[Site]] = field(default_factory=dict)
    """Every site by name (the links below only ever join sites of the same name)."""
    links: dict[str, list[Link]] = field(default_factory=dict)
    """Links made inside the document, by name."""
    objects: list[ObjectDecl] = field(default_factory=list)
    references: list[ObjectRef] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    selectors: list[Selector] = field(default_factory=list)

    def declares(self, kinds: tuple[str, ...]) -> bool:
        """Whether the document is of one of the kinds, or declares an object of one (a
        kustomization's generators declare ConfigMaps and Secrets)."""
        return self.kind in kinds or any(obj.kind in kinds for obj in self.objects)

    def add(self, site: Site | None) -> Site | None:
        if site is not None:
            self.sites.setdefault(site.name, []).append(site)
        return site

    def link(self, reference: Site, declaration: Site) -> None:
        self.links.setdefault(reference.name, []).append(Link(reference, declaration))


def name_site(node: Node | None, kind: str, declares: bool, any_tag: bool = False) -> Site | None:
    """The site of a one-line string scalar's text; None where the text is not the value as
    written (escapes) or spans lines. Keys may be of any tag (`y:` reads as a boolean). No name
    holds white space (an env var's might, but is never written so), and a value with some may be
    folded from other text (a U+2028 inside a plain scalar reads as a space)."""
    if not isinstance(node, Scalar) or node.start[0] != node.end[0] or not node.value \
            or any(char.isspace() for char in node.value):
        return None
    if node.tag != "str" and not (any_tag and node.tag != "null"):
        return None
    (line, start), end = node.start, node.end[1]
    if node.quoted:
        start, end = start + 1, end - 1
    if end - start != len(node.value):
        return None
    return Site(kind, node.value, (line, start), (line, end), declares)


def mappings(node: Node | None) -> list[Mapping]:
    """The mapping items of a YAML list; nothing for anything else."""
    return [item for item in node.items if isinstance(item, Mapping)] if isinstance(node, Sequence) else []
