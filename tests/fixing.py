"""Applying quick fixes as an editor does, and judging what they did to the file: it still
parses, the finding is gone and no other came, every comment and line break is kept, and the
data changed only where the fix wrote."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Edit, Finding, Fix
from pod_ls.ide.fixes.quickfix import QuickFix, quick_fixes
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.locate import document_at, scalar_at
from pod_ls.settings import Settings
from pod_ls.yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from pod_ls.yaml.parse import line_starts, parse_stream, split_lines


def apply_edits(text: str, edits: list[Edit]) -> str:
    """The text after the edits (code-point positions), applied from the last one back."""
    starts = [*line_starts(text), len(text) + 1]
    lines = split_lines(text)

    def offset(line: int, column: int) -> int:
        assert 0 <= line < len(lines) and 0 <= column <= len(lines[line]), (line, column, "outside the text")
        return starts[line] + column

    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:offset(*edit.start)] + edit.text + text[offset(*edit.end):]
    return text


def edits_from_client(text: str, edits) -> list[Edit]:
    """LSP TextEdits (UTF-16 columns, as VS Code counts) as code-point edits of `text`."""
    lines = split_lines(text)

    def column(line: int, units: int) -> int:
        assert 0 <= line < len(lines), f"line {line} is outside the text"
        count = 0
        for index, char in enumerate(lines[line]):
            if count >= units:
                assert count == units, "a position inside a surrogate pair"
                return index
            count += 2 if ord(char) > 0xFFFF else 1
        assert units <= count, f"column {units} is past the end of line {line}"
        return len(lines[line])

    return [Edit((e.range.start.line, column(e.range.start.line, e.range.start.character)),
                 (e.range.end.line, column(e.range.end.line, e.range.end.character)), e.new_text) for e in edits]


def analyse(text: str) -> list[Finding]:
    return Analyzer("file:///fix.yaml").analyse(text, WorkspaceModel(), Settings()).findings


def offered_fixes(text: str) -> list[QuickFix]:
    """Every fix offered for every finding of the text, as the code action handler offers them."""
    analyzer = Analyzer("file:///fix.yaml")
    findings = analyzer.analyse(text, WorkspaceModel(), Settings()).findings
    lines = split_lines(text)
    documents = analyzer.parse(text)
    return [found for finding in findings
            for found in quick_fixes([finding], finding.start, finding.end, text, lines, documents)]


@dataclass
class Verdict:
    problems: list[str]

    def __bool__(self) -> bool:
        return not self.problems


def judge(before: str, after: str, rule: str, fix: Fix) -> Verdict:
    """What is wrong with `after`, the text that applying `fix` for a `rule` finding to `before` gave."""
    problems = []
    old, new = analyse(before), analyse(after)
    if any(f.rule == "yaml-syntax" for f in new) and not any(f.rule == "yaml-syntax" for f in old):
        problems.append("the YAML no longer parses: " + next(f.message for f in new if f.rule == "yaml-syntax"))
    counts_before, counts_after = Counter(f.rule for f in old), Counter(f.rule for f in new)
    if counts_after[rule] >= counts_before[rule]:
        problems.append(f"the {rule} finding is still there")
    grown = {r: n - counts_before[r] for r, n in counts_after.items() if n > counts_before[r]}
    # A rename the value does not fit is offered, not preferred: it trades the name for the value.
    traded = (not fix.preferred and fix.title.startswith("Rename to")
              and grown in ({"wrong-type": 1}, {"invalid-value": 1}))
    # An object moved to the apiVersion that serves it is checked as that version checks it
    # (apps/v1 wants a selector that extensions/v1beta1 defaulted): what shows then is its own.
    revealed = rule == "api-version"
    if grown and not traded and not revealed:
        problems.append(f"new findings: {grown}")
    kept = comments(after)
    lost = [c for c in comments(before) if not any(k.startswith(c) for k in kept)]  # a directive may follow
    if lost or len(kept) < len(comments(before)):
        problems.append(f"comments lost: {list(lost)}")
    if breaks(after) - breaks(before) and breaks(before):
        problems.append(f"line breaks {breaks(after) - breaks(before)} in a file of {breaks(before)}")
    if ends_with_break(before) != ends_with_break(after):
        problems.append("the final line break changed")
    problems += data_changes(before, after, list(fix.edits))
    return Verdict(problems)


def comments(text: str) -> list[str]:
    """Each comment of the text, from its `#` to the end of its line."""
    found = []
    documents = parse_stream(text)
    for number, line in enumerate(split_lines(text)):
        document = document_at(documents, number)
        for column, char in enumerate(line):
            if char != "#" or (column and not line[column - 1].isspace()):
                continue
            if document is not None and scalar_at(document.root, (number - document.line_offset, column)):
                continue
            found.append(line[column:])
            break
    return found


def breaks(text: str) -> set[str]:
    crlf = text.count("\r\n")
    kinds = set()
    if crlf:
        kinds.add("\r\n")
    if text.count("\n") > crlf:
        kinds.add("\n")
    if text.count("\r") > crlf:
        kinds.add("\r")
    return kinds


def ends_with_break(text: str) -> bool:
    return text.endswith(("\n", "\r"))


def data_changes(before: str, after: str, edits: list[Edit]) -> list[str]:
    """Changes to the data that no edit wrote: a value changed or a key gone where no edit
    replaced text (insertions may only add), and every document but an added one compared."""
    old, new = _contents(parse_stream(before)), _contents(parse_stream(after))
    if len(new) < len(old) or len(new) > len(old) + 1:
        return [f"{len(old)} documents became {len(new)}"]
    problems = []
    replaced = [e for e in edits if e.start != e.end]
    if len(new) == len(old) + 1:
        # A new document: find it, and check that what it names reads as strings.
        added = next((i for i in range(len(new)) if i >= len(old) or not _same(old[i], new[i])), len(old))
        problems += _strings_where_names_go(new[added])
        new = new[:added] + new[added + 1:]
    for before_doc, after_doc in zip(old, new, strict=True):
        problems += _differences(before_doc.root, after_doc.root, before_doc.line_offset, replaced, "")
    return problems


def _contents(documents: list[YamlDocument]) -> list[YamlDocument]:
    return [d for d in documents if d.root is not None or d.error is not None]


def _same(a: YamlDocument, b: YamlDocument) -> bool:
    return not _differences(a.root, b.root, a.line_offset, [], "")


def _written(node: Node, offset: int, edits: list[Edit]) -> bool:
    start, end = (node.start[0] + offset, node.start[1]), (node.end[0] + offset, node.end[1])
    return any(e.start < end and start < e.end for e in edits)


def _differences(old: Node | None, new: Node | None, offset: int, edits: list[Edit], path: str) -> list[str]:
    if old is None or new is None:
        return [] if old is new else [f"{path or '/'}: document root changed"]
    if _written(old, offset, edits) and isinstance(old, Scalar):
        return []
    if type(old) is not type(new):
        return [] if _written(old, offset, edits) else [f"{path}: {type(old).__name__} became {type(new).__name__}"]
    if isinstance(old, Scalar):
        assert isinstance(new, Scalar)
        if (old.value, old.tag) != (new.value, new.tag):
            return [f"{path}: {old.value!r} ({old.tag}) became {new.value!r} ({new.tag})"]
        return []
    if isinstance(old, Sequence):
        assert isinstance(new, Sequence)
        if len(old.items) != len(new.items):
            return [f"{path}: {len(old.items)} items became {len(new.items)}"]
        return [p for i, (a, b) in enumerate(zip(old.items, new.items, strict=True))
                for p in _differences(a, b, offset, edits, f"{path}/{i}")]
    assert isinstance(old, Mapping) and isinstance(new, Mapping)
    problems = []
    later = _pairs_by_key(new)
    for key, value in old.items:
        name = key.value if isinstance(key, Scalar) else repr(key)
        pair = later[name].pop(0) if later.get(name) else None  # a repeated key: its next pair
        if pair is None:
            if not _written(key, offset, edits):
                problems.append(f"{path}/{name}: gone")
            continue
        problems += _differences(value, pair[1], offset, edits, f"{path}/{name}")
    return problems


def _pairs_by_key(mapping: Mapping) -> dict[str, list[tuple[Node, Node]]]:
    pairs: dict[str, list[tuple[Node, Node]]] = {}
    for key, value in mapping.items:
        pairs.setdefault(key.value if isinstance(key, Scalar) else repr(key), []).append((key, value))
    return pairs


def _strings_where_names_go(document: YamlDocument) -> list[str]:
    root = document.root
    if not isinstance(root, Mapping):
        return ["the added document is not a mapping"]
    wanted: list[tuple[str, Node | None]] = []
    metadata = root.get("metadata")
    if isinstance(metadata, Mapping):
        wanted += [(f"metadata.{k}", metadata.get(k)) for k in ("name", "namespace")]
    spec = root.get("spec")
    selector = spec.get("selector") if isinstance(spec, Mapping) else None
    if isinstance(selector, Mapping):
        wanted += [(f"selector key {k.value!r}", k) for k, _ in selector.items if isinstance(k, Scalar)]
        wanted += [(f"selector value of {k.value!r}", v) for k, v in selector.items if isinstance(k, Scalar)]
    return [f"{where} reads as {getattr(node, 'tag', type(node).__name__)}"
            for where, node in wanted if node is not None and not (isinstance(node, Scalar) and node.tag == "str")]
