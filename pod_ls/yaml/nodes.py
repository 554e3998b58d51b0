"""The nodes of a parsed YAML document: what every other module reads.

Positions are 0-based (line, column) in code points, relative to the document's first line.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

Pos = tuple[int, int]
PathKey = str | int
"""A step in a document path: a mapping key, or a sequence index (-1 when unknown)."""


@dataclass(slots=True, eq=False)
class Node:
    start: Pos
    end: Pos


@dataclass(slots=True, eq=False)
class Scalar(Node):
    value: str
    tag: str = "str"
    """Resolved YAML 1.1 type: str, int, float, bool, null, timestamp, or a custom tag."""
    style: str | None = None
    """None for plain scalars, a quote character, `|` or `>`."""

    @property
    def quoted(self) -> bool:
        return self.style in ("'", '"')


@dataclass(slots=True, eq=False)
class Mapping(Node):
    items: list[tuple[Node, Node]] = field(default_factory=list)
    """Key/value pairs in order, merge keys (`<<`) already resolved into plain pairs."""
    flow: bool = False
    _index: dict[str, tuple[Node, Node]] | None = field(default=None, repr=False, compare=False)
    """Each key's first pair, built on the first lookup (items are final by then)."""
    tag: str | None = None
    """A tag other than YAML's own map tags, such as python/object (never constructed)."""

    def _build_index(self) -> dict[str, tuple[Node, Node]]:
        index: dict[str, tuple[Node, Node]] = {}
        for pair in self.items:
            if isinstance(pair[0], Scalar):
                index.setdefault(pair[0].value, pair)
        self._index = index
        return index

    def get(self, key: str) -> Node | None:
        pair = (self._index or self._build_index()).get(key)
        return None if pair is None else pair[1]

    def pair(self, key: str) -> tuple[Node, Node] | None:
        return (self._index or self._build_index()).get(key)

    def has_duplicate_keys(self) -> bool:
        """Two scalar keys with the same value (kubectl refuses the document)."""
        index = self._index or self._build_index()
        return len(index) < len(self.items) and len(index) < sum(isinstance(k, Scalar) for k, _ in self.items)


@dataclass(slots=True, eq=False)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)
    flow: bool = False
    tag: str | None = None
    """A tag other than YAML's own sequence tags, such as python/object/apply (never constructed)."""


@dataclass(slots=True)
class SyntaxProblem:
    message: str
    start: Pos
    end: Pos


@dataclass(slots=True, eq=False)
class YamlDocument:
    """One document of a YAML stream."""

    text: str
    line_offset: int
    """File line of this document's first line."""
    root: Node | None
    error: SyntaxProblem | None = None
    plain: bool = False
    """Read by the fast reader: no node is shared (no aliases), every tag is a core one and no
    mapping repeats a key."""

    @property
    def line_count(self) -> int:
        text = self.text
        return text.count("\n") + text.count("\r") - text.count("\r\n") + 1 if "\r" in text else text.count("\n") + 1


def collect_cycles_less_often() -> None:
    """Reading a big file makes a few hundred thousand nodes, none in a cycle; at Python's
    default pace the cycle collector rescans them over and over, a third of the reading time.
    Freed nodes go by reference counting all the same. For every process that reads YAML."""
    gc.set_threshold(100_000, 20, 20)


class KeptRead:
    """The collector's part in a big first read: the few hundred thousand nodes it makes live
    as long as the file stays open, and the cycle collector would scan them two or three
    times while they are made (a tenth of the read) and in every full collection after. In
    this block it is off; a read that is kept (`keep()`) is then frozen (`gc.freeze`: out of
    the collector's scans, still freed by reference counting), any other resumes it as it was.

    A read dropped half-way is never frozen: its cancellation's traceback holds the document
    in a cycle that only the collector frees. A kept one freezes the little cyclic garbage
    made meanwhile (a few dozen objects a read) with it."""

    def __init__(self) -> None:
        self._kept = False
        self._enabled = False

    def __enter__(self) -> KeptRead:
        self._enabled = gc.isenabled()
        gc.disable()
        return self

    def keep(self) -> None:
        self._kept = True

    def __exit__(self, kind: object, *_: object) -> None:
        if self._kept and kind is None:
            gc.freeze()
        if self._enabled:
            gc.enable()
