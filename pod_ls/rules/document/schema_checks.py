"""Checks of a pod spec against the bundled Kubernetes schema: field names, types, allowed
values and required fields. The schema and policy data say what is valid; this walk only
compares."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ...findings import Finding, Fix, Severity
from ...kube.files.kustomize import is_directive
from ...kube.gates import Gate, gate_of
from ...kube.locate import POD_SPEC_PATHS, document_kind, get_path, is_custom_resource
from ...kube.schema import Place, Schema, Version, format_version, load_schema
from ...yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from ...yaml.scalars import plain_tag
from .. import RuleContext, check, define, document_check, example_pod
from ..values import integer

UNKNOWN_FIELD = define(
    "unknown-field",
    Severity.ERROR,
    "field not known to the Kubernetes API at this place",
    "The API server rejects unknown fields (kubectl's strict field validation), and a "
    "misspelled optional field would otherwise be silently dropped.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        '      imagePullPolcy: IfNotPresent\n'),
)
WRONG_TYPE = define(
    "wrong-type",
    Severity.ERROR,
    "value of the wrong type for this field",
    "The API server cannot decode a number where a string is expected (or the reverse): "
    "quote numbers meant as strings, unquote numbers meant as numbers.",
)
INVALID_VALUE = define(
    "invalid-value",
    Severity.ERROR,
    "value not among the ones this field allows",
    "Policy fields accept a fixed set of values (case-sensitive); anything else is rejected.",
)
FIELD_DROPPED = define(
    "field-dropped",
    Severity.WARNING,
    "the API server drops this field: its feature gate is off by default in this version",
    "While a feature gate is off, the API server clears the field it guards before it validates "
    "the Pod: nothing under it is rejected, and nothing of it takes effect. Raise "
    "kubernetesVersion if the cluster is newer, or leave the field out.",
)
MISSING_REQUIRED = define(
    "missing-required",
    Severity.ERROR,
    "a required field is missing",
    "The API server rejects an object that lacks a required field, such as a container's "
    "name or image.",
)

# YAML 1.1 scalar types that each schema type accepts (null is always accepted).
_ACCEPTS: dict[str, frozenset[str]] = {
    "string": frozenset({"str", "timestamp"}),
    "integer": frozenset({"int"}),
    "number": frozenset({"int", "float"}),
    "boolean": frozenset({"bool"}),
    "int-or-string": frozenset({"str", "int"}),
    "quantity": frozenset({"str", "int", "float"}),
}
_SCALAR_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean",
                 "timestamp": "a date"}
_TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "a boolean (true or false)", "int-or-string": "an integer or a string",
               "quantity": "a quantity (e.g. 500m, 128Mi)", "object": "a mapping",
               "array": "a list"}


def suggest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """The closest known word, for a did-you-mean."""
    return next(iter(suggestions(word, choices)), None)


def suggestions(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """The known words close to `word`, closest first."""
    return list(_close_words(word, frozenset(choices)))


@lru_cache(maxsize=4096)
def _close_words(word: str, choices: frozenset[str]) -> tuple[str, ...]:
    """Kept: a misspelling copied into every document of a big file is matched once (the
    ranking depends on the words alone, not their order)."""
    close = difflib.get_close_matches(word, list(choices), n=5, cutoff=0.7)
    if not close:
        lowered = {c.lower(): c for c in choices}
        return (lowered[word.lower()],) if word.lower() in lowered else ()
    return tuple(close)


@dataclass(slots=True)
class _PlaceFacts:
    """What the walk asks about one place, worked out once: a big file visits each place
    thousands of times."""

    place: Place
    kind: str
    accepts: frozenset[str] | None
    allowed: dict[str, str]
    properties: dict[str, dict]
    checked: bool
    """Keys are checked against `properties` (a definition with properties, not a free map)."""
    required: list[str]
    items: _PlaceFacts | None
    """The facts of a list's items."""
    children: dict[str, _PlaceFacts] = field(default_factory=dict)
    """The facts of the keys met so far (known fields and map keys), by key."""
    as_is: frozenset[str] = frozenset()
    """The scalar tags `takes_as_is` lets through, where the place has a type."""
    since: Version | None = None
    """The Kubernetes version that brought the field, when newer than the oldest supported."""
    short: str = ""
    """The name of its definition, for messages (`_short`)."""
    takes_mapping: bool = False
    """A mapping here is walked (the place is an object, or of any type)."""
    bounds: tuple[int, int, int] | None = None
    """(bits, lowest, highest) of an int32 or int64 field: a number past them cannot be decoded."""
    gate: Gate | None = None
    """The feature gate without which the API server drops this field (`kube.gates`)."""

    def fits(self, node: Node) -> bool:
        """The node has a type this place takes, and a value it allows."""
        if isinstance(node, Scalar):
            return self.takes_as_is(node) or (self.accepts is not None and node.tag in self.accepts
                                              and (node.tag != "str" or node.value in self.allowed))
        return self.kind in ("any", "array" if isinstance(node, Sequence) else "object")

    def takes_as_is(self, node: Scalar) -> bool:
        """Nothing to check: a null, a place of any type, or an accepted type where no list of
        allowed values applies."""
        return node.tag in self.as_is or self.kind == "any"

    @classmethod
    def of(cls, schema: Schema, place: Place) -> _PlaceFacts:
        """The facts of `place`, worked out on the first visit."""
        facts = _FACTS.get(id(place))
        if facts is not None and facts.place is place:
            return facts
        kind = schema.type_of(place)
        properties = schema.properties(place)
        checked = schema.definition(place) is not None and bool(properties)
        items = schema.child(place, -1) if kind in ("array", "any") else None
        accepts, allowed = _ACCEPTS.get(kind), schema.allowed_values(place)
        bounds = _BOUNDS.get(place.field.get("format", "")) if kind == "integer" else None
        as_is = {"null"} | (accepts if accepts is not None and not allowed else set())
        facts = _FACTS[id(place)] = cls(
            place, kind, accepts, allowed, properties, checked, schema.validated_required(place) if checked else [],
            cls.of(schema, items) if items is not None else None,
            as_is=frozenset(as_is - {"int"} if bounds else as_is), bounds=bounds,
            since=schema.since(place), short=_short(place), takes_mapping=kind in ("object", "any"),
            gate=gate_of(place.owner, place.name) if place.map_key is None else None)
        return facts


_BOUNDS = {"int32": (32, -(2**31), 2**31 - 1), "int64": (64, -(2**63), 2**63 - 1)}
_FACTS: dict[int, _PlaceFacts] = {}
"""By id of the place; the facts hold their place, so the id is not reused."""


class _Walk:
    def __init__(self, schema: Schema, version: Version, shared_nodes: bool,
                 skip: frozenset[int] = frozenset(), required_in: frozenset[str] | None = None,
                 values: bool = True) -> None:
        self.schema = schema
        self.version = version
        self.findings: list[Finding] = []
        self.seen: set[int] | None = set() if shared_nodes else None
        self.skip = skip
        """Nodes (by id) walked elsewhere: the pod spec, which its own check walks."""
        self.required_in = required_in
        """The definitions whose required fields are checked; None for all of them."""
        self.values = values
        """Whether values are checked against the allowed ones (types are always checked)."""

    def node(self, node: Node, facts: _PlaceFacts, anchor: Node) -> None:
        """Check `node` against the place of `facts`; `anchor` is where to report what is missing."""
        if self.seen is not None:
            # Aliases share nodes: check each once, which also bounds alias bombs.
            if id(node) in self.seen:
                return
            self.seen.add(id(node))
        kind = facts.kind
        if isinstance(node, Scalar):
            if not facts.takes_as_is(node):
                self.scalar(node, facts)
        elif isinstance(node, Mapping):
            if kind in ("object", "any"):
                self.mapping(node, facts, anchor)
            else:
                self.mismatch(anchor if node.flow is False else node, kind, "a mapping")
        elif isinstance(node, Sequence):
            if kind in ("array", "any"):
                self.sequence(node, facts)
            else:
                self.mismatch(anchor if node.flow is False else node, kind, "a list")

    def sequence(self, node: Sequence, facts: _PlaceFacts) -> None:
        """The items of a list at a place that takes one."""
        if (items := facts.items) is not None:
            plain = self.seen is None and items.takes_mapping
            for item in node.items:
                if plain and type(item) is Mapping:  # the commonest case, without a visit
                    self.mapping(item, items, item.items[0][0] if item.items else item)
                else:
                    self.node(item, items, _first_key(item) or item)

    def rename(self, word: str, value: Node, mapping: Mapping, facts: _PlaceFacts) -> tuple[str | None, bool]:
        """The field a misspelt key most likely means, preferring one that takes the value (a
        rename must not trade an unknown field for a wrong type or value), and whether it does."""
        present = {k.value for k, _ in mapping.items if isinstance(k, Scalar)}
        close = suggestions(word, [p for p in facts.properties if p not in present])
        for name in close:
            child = self.schema.child(facts.place, name)
            if child is not None and _PlaceFacts.of(self.schema, child).fits(value):
                return name, True
        return (close[0], False) if close else (None, False)

    def mismatch(self, node: Node, expected: str, got: str) -> None:
        self.findings.append(WRONG_TYPE.hit(
            node, f"Expected {_TYPE_NAMES.get(expected, expected)}, got {got}"))

    def scalar(self, node: Scalar, facts: _PlaceFacts) -> None:
        kind, accepted = facts.kind, facts.accepts
        if facts.bounds is not None and (number := integer(node)) is not None:
            bits, lowest, highest = facts.bounds
            if not lowest <= number <= highest:
                self.findings.append(WRONG_TYPE.hit(
                    node, f"`{node.value}` does not fit in this field's {bits}-bit integer: the API server "
                    f"cannot decode it (at most {highest})"))
            return
        if accepted is None:  # an object or list written as a scalar
            self.mismatch(node, kind, f"{_SCALAR_NAMES.get(node.tag, 'a scalar')} `{node.value}`")
            return
        if node.tag not in accepted and node.tag in _SCALAR_NAMES \
                and not (node.tag == "float" and "int" in accepted and integer(node) is not None):
            hint = ""
            if kind == "string" and not node.quoted:
                hint = f": quote it (\"{node.value}\")"
            elif node.quoted:
                hint = ": remove the quotes"
            fixes: tuple[Fix, ...] = ()
            if node.style is None and kind in ("string", "int-or-string", "quantity"):
                fixes = (Fix.replace(node, json.dumps(node.value), "Quote the value", safe=True),)
            elif node.quoted and kind in ("integer", "number", "boolean") and plain_tag(node.value) in accepted:
                fixes = (Fix.replace(node, node.value, "Remove the quotes", safe=True),)
            self.findings.append(WRONG_TYPE.hit(
                node, f"Expected {_TYPE_NAMES[kind]}, got {_SCALAR_NAMES[node.tag]} `{node.value}`{hint}",
                fixes=fixes))
            return
        allowed = facts.allowed
        if allowed and self.values and node.tag == "str" and node.value not in allowed:
            valid = ", ".join(f"`{v}`" for v in allowed if v) or "`\"\"`"
            guess = suggest(node.value, [v for v in allowed if v])
            hint = f" Did you mean `{guess}`?" if guess else ""
            fixes = (Fix.replace_string(node, guess, f"Change to {guess}"),) if guess else ()
            self.findings.append(INVALID_VALUE.hit(
                node, f"`{node.value}` is not a valid {facts.place.name}: expected "
                f"{'one of ' if len(allowed) > 1 else ''}{valid}.{hint}",
                fixes=fixes, suggestion=guess))

    def dropped(self, key: Scalar, value: Node, gate: Gate) -> None:
        """A field the API server clears unvalidated: nothing under it is checked."""
        if gate.warned_elsewhere or (isinstance(value, Scalar) and value.tag == "null"):
            return
        self.findings.append(FIELD_DROPPED.hit(
            key, f"The API server drops {key.value} here ({gate.name} is off by default in Kubernetes "
                 f"{format_version(self.version)}, on from {format_version(gate.on)}): {gate.effect}"))

    def mapping(self, node: Mapping, facts: _PlaceFacts, anchor: Node) -> None:
        place, children = facts.place, facts.children
        plain, skip, version = self.seen is None, self.skip, self.version
        for key, value in node.items:
            if type(key) is not Scalar:
                continue
            known = children.get(key.value)
            if known is None:
                child = self.schema.child(place, key.value)
                if child is not None:
                    known = _PlaceFacts.of(self.schema, child)
                    if len(children) < 1000:  # not misspellings, nor endless map keys
                        children[key.value] = known
            if known is None:
                if facts.checked and not is_directive(key.value):
                    guess, fitting = self.rename(key.value, value, node, facts)
                    hint = f" Did you mean `{guess}`?" if guess else ""
                    fixes = (Fix.replace_string(key, guess, f"Rename to {guess}", preferred=fitting),) if guess else ()
                    # In a patch, `key: null` deletes the field: it leaves the key absent.
                    deletes = isinstance(value, Scalar) and value.tag == "null"
                    self.findings.append(UNKNOWN_FIELD.hit(
                        key, f"Unknown field `{key.value}` in {_short(place)}.{hint}",
                        fixes=fixes, suggestion=guess, **({"absent": True} if deletes else {})))
                continue
            if known.since is not None and known.since > version:
                since = format_version(known.since)
                self.findings.append(UNKNOWN_FIELD.hit(
                    key, f"`{key.value}` needs Kubernetes {since} or newer (kubernetesVersion is "
                    f"{format_version(version)})", since=since))
            elif known.gate is not None and version < known.gate.on:
                self.dropped(key, value, known.gate)
                continue
            if plain:  # the commonest cases, decided without a visit
                value_type = type(value)
                if value_type is Scalar:
                    if value.tag not in known.as_is and known.kind != "any" and id(value) not in skip:
                        self.scalar(value, known)
                    continue
                if value_type is Mapping and known.takes_mapping:
                    if id(value) not in skip:
                        self.mapping(value, known, key)
                    continue
                if value_type is Sequence and known.kind in ("array", "any"):
                    if id(value) not in skip:
                        self.sequence(value, known)
                    continue
            if id(value) not in skip:
                self.node(value, known, key)
        required = facts.required
        if not required or (self.required_in is not None and facts.short not in self.required_in):
            return
        for name in required:
            if node.pair(name) is None:
                self.findings.append(MISSING_REQUIRED.missing(
                    anchor, f"Missing required field `{name}` in {facts.short}", field=name))


REQUIRED_AROUND_THE_POD_SPEC = frozenset({"OwnerReference", "LabelSelectorRequirement"})
"""Outside the pod spec, the definitions whose required fields the walk checks. The workload
specs' own required fields (a selector, a schedule, a policy's rules) have rules ported from
their validation, with messages of their own; the path down to the pod spec is checked apart."""


@document_check
def object_schema(document: YamlDocument, version: Version) -> Iterator[Finding]:
    """The object around its pod spec, as strict decoding reads it (field names and types): the
    top-level fields, the metadata, a workload's own spec and the template's metadata. Their
    values are checked by the rules ported from the workloads' validation, which know what the
    v1 defaults fill in (an empty strategy type); the pod spec is walked by `schema_checks`,
    once per spec; `status` is dropped by the API server on create."""
    root = document.root
    kind = document_kind(root)
    if kind not in POD_SPEC_PATHS or not isinstance(root, Mapping) or is_custom_resource(root):
        return
    if all(root.get(name) is None for name in ("apiVersion", "metadata", POD_SPEC_PATHS[kind][0])):
        return  # no object: a chart's values.yaml choosing its workload (`kind: DaemonSet`)
    schema = load_schema()
    place = schema.root(kind)
    if place is None:
        return
    path = POD_SPEC_PATHS[kind]
    spec = get_path(root, path)
    skip = {id(node) for name in ("status",) if (node := root.get(name)) is not None}
    if isinstance(spec, Mapping):
        skip.add(id(spec))
    walk = _Walk(schema, version, shared_nodes=not document.plain, skip=frozenset(skip),
                 required_in=REQUIRED_AROUND_THE_POD_SPEC, values=False)
    walk.node(root, _PlaceFacts.of(schema, place), _first_key(root) or root)
    yield from walk.findings
    if not isinstance(spec, Mapping):
        yield from _missing_on_the_way(root, kind, path)


def _missing_on_the_way(root: Mapping, kind: str, path: tuple[str, ...]) -> Iterator[Finding]:
    """The first step of the path to the pod spec that is absent: without a pod spec (and its
    containers) the API server refuses the object. A step that is no mapping is a wrong type,
    which the walk reports."""
    node: Mapping = root
    for depth, name in enumerate(path):
        pair = node.pair(name)
        if pair is None:
            where = f"{'.'.join(path[:depth])} of the {kind}" if depth else f"the {kind}"
            anchor = node.items[0][0] if node.items else node
            holds = "the pod spec, with the containers" if depth == len(path) - 1 else "the pod template"
            yield MISSING_REQUIRED.missing(anchor, f"Missing required field `{name}` in {where}: it holds {holds}",
                                           field=name)
            return
        if not isinstance(pair[1], Mapping):
            return
        node = pair[1]


def _short(place: Place) -> str:
    ref = place.field.get("ref", "")
    return ref.rsplit(".", 1)[-1] or "this object"


def _first_key(node: Node) -> Node | None:
    if isinstance(node, Mapping) and node.items:
        return node.items[0][0]
    return None


@check(UNKNOWN_FIELD, WRONG_TYPE, INVALID_VALUE, MISSING_REQUIRED, FIELD_DROPPED)
def schema_checks(ctx: RuleContext) -> Iterator[Finding]:
    """The pod spec; what is around it is `object_schema`'s."""
    walk = _Walk(ctx.schema, ctx.version, shared_nodes=not ctx.spec.document.plain)
    path = ctx.spec.path
    place = ctx.schema.walk(ctx.spec.kind, path)
    parent = get_path(ctx.spec.root, path[:-1]) if len(path) > 1 else ctx.spec.root
    pair = parent.pair(path[-1]) if isinstance(parent, Mapping) else None
    if place is not None and pair is not None:
        walk.node(ctx.spec.spec, _PlaceFacts.of(ctx.schema, place), pair[0])
    return iter(walk.findings)
