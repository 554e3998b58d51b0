"""The tree the structure features read: from indentation where the YAML does not parse, and
re-spanned where aliases and merge keys share nodes."""

from __future__ import annotations

import time

from pod_ls.ide.structure.doctree import own_items, own_pairs, tree, tree_from_indentation
from pod_ls.yaml.nodes import Mapping, Scalar, Sequence
from pod_ls.yaml.parse import parse_document, split_lines


def shape(node):
    """The tree as plain Python values, each scalar as its text."""
    if isinstance(node, Mapping):
        return {key.value: shape(value) for key, value in node.items}
    if isinstance(node, Sequence):
        return [shape(item) for item in node.items]
    return node.value


def test_indentation_reads_mappings_lists_and_unindented_lists():
    text = "a:\n  b: 1\n  c:\n  - x\n  - k: v\n    j: w\nd: 2\n"
    assert shape(tree_from_indentation(split_lines(text))) == {"a": {"b": "1", "c": ["x", {"k": "v", "j": "w"}]},
                                                              "d": "2"}


def test_indentation_takes_half_typed_keys_block_scalars_and_open_flow():
    text = "spec:\n  ima\n  args: |\n    line one\n\n    line two\n  ports: [80,\n    81\n  name: x\n"
    root = tree_from_indentation(split_lines(text))
    assert list(shape(root)["spec"]) == ["ima", "args", "ports", "name"]
    spec = root.items[0][1]
    args, ports = spec.items[1][1], spec.items[2][1]
    assert (args.start, args.end, args.style) == ((2, 8), (5, 12), "|")
    assert (ports.start, ports.end) == ((6, 9), (7, 6))


def test_indentation_spans_end_where_the_text_ends():
    text = "a:\n  - b: 1\n    c: 2\n\n# trailing comment\n"
    root = tree_from_indentation(split_lines(text))
    assert root.end == (2, 8) and root.items[0][1].end == (2, 8)


def test_hostile_text_reads_without_recursion_or_delay():
    started = time.monotonic()
    for text in ("- " * 20_000, "a:\n" + "".join(" " * n + "b:\n" for n in range(1, 2_000)), "{{ x }}\n" * 1000,
                 "\t\tk: v\n\t- x\n", ": x\n- : y\n"):
        tree_from_indentation(split_lines(text))
    assert time.monotonic() - started < 5


def test_aliases_and_merge_keys_are_re_spanned_to_their_own_text():
    text = "x: &a\n  k: 1\n  l: 2\ny:\n  <<: *a\n  m: 3\nz: *a\n"
    root, plain = tree(parse_document(text))
    assert not plain
    y = root.items[1][1]
    assert y.end == (5, 6)
    assert [key.value for key, _ in own_pairs(y)] == ["m"]
    z_key, z_value = list(own_pairs(root))[2]
    assert z_key.value == "z" and z_value is None
    assert root.end == (6, 5)


def test_an_alias_bomb_is_copied_once_a_node():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 12):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]")
    started = time.monotonic()
    root, _ = tree(parse_document("\n".join(lines) + "\n"))
    assert time.monotonic() - started < 2
    assert [item for item in own_items(root.items[1][1])] == []
    assert isinstance(root.items[0][1].items[0], Scalar)
