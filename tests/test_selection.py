"""Selection ranges from cursor-marked text (‸ is the cursor): the text each step selects."""

from __future__ import annotations

import pytest
from conftest import CORPUS, split_cursor

from pod_ls.ide.structure.selection import selection_ranges
from pod_ls.yaml.parse import parse_stream, split_lines


def selected(marked: str) -> list[str]:
    """The text of each range around the cursor, innermost first."""
    text, line, column = split_cursor(marked)
    lines = split_lines(text)
    [chain] = selection_ranges(lines, parse_stream(text), [(line, column)])
    out = []
    for (start_line, start_col), (end_line, end_col) in chain:
        if start_line == end_line:
            out.append(lines[start_line][start_col:end_col])
        else:
            out.append("\n".join([lines[start_line][start_col:], *lines[start_line + 1:end_line],
                                  lines[end_line][:end_col]]))
    return out


POD = """\
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: app
    image: ngi‸nx
    command: [sh, -c, echo hi]
"""


def test_from_the_value_out_to_the_document():
    item = "name: app\n    image: nginx\n    command: [sh, -c, echo hi]"
    assert selected(POD) == [
        "nginx",
        "image: nginx",
        item,
        "- " + item,
        "containers:\n  - " + item,
        "spec:\n  containers:\n  - " + item,
        POD.replace("‸", "").rstrip("\n"),
    ]


def test_a_key_then_its_pair():
    assert selected(POD.replace("image: ngi‸nx", "ima‸ge: nginx"))[:2] == ["image", "image: nginx"]


def test_a_word_inside_a_flow_item_then_the_item_then_the_list():
    chain = selected(POD.replace("‸", "").replace("echo hi", "echo h‸i"))
    assert chain[:4] == ["hi", "echo hi", "[sh, -c, echo hi]", "command: [sh, -c, echo hi]"]


def test_each_range_holds_the_one_before():
    text, line, column = split_cursor(POD)
    [chain] = selection_ranges(split_lines(text), parse_stream(text), [(line, column)])
    for inner, outer in zip(chain, chain[1:], strict=False):
        assert outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def test_the_chain_stops_at_its_own_document():
    text = "kind: A\n---\nkind: B\nspec:\n  x: ‸1\n"
    assert selected(text) == ["1", "x: 1", "spec:\n  x: 1", "kind: B\nspec:\n  x: 1", "---\nkind: B\nspec:\n  x: 1"]


def test_broken_yaml_reads_the_place_from_indentation():
    text = "kind: Pod\nspec:\n  containers:\n  - name: a\n    ima‸g\n    ports: [80\n"
    assert parse_stream(text.replace("‸", ""))[0].error is not None
    assert selected(text)[:3] == ["imag", "name: a\n    imag\n    ports: [80", "- name: a\n    imag\n    ports: [80"]


def test_through_an_alias_the_pair_is_where_the_alias_is_written():
    text = "a: &x\n  b: 1\nc: *‸x\n"
    assert selected(text) == ["*x", "c: *x", "a: &x\n  b: 1\nc: *x"]


def test_non_ascii_and_crlf_in_code_points():
    text = "kind: Pod\r\nmetadata:\r\n  name: caf‸é\r\n"
    assert selected(text)[:2] == ["café", "name: café"]


def test_outside_every_document_the_empty_range():
    text = "# only a comment\n"
    lines = split_lines(text)
    assert selection_ranges(lines, parse_stream(text), [(0, 3), (5, 0)]) == [[((0, 3), (0, 3))], [((5, 0), (5, 0))]]


CORPUS_FILES = sorted(CORPUS.rglob("*.yaml"))[:60] if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not found")
def test_every_line_of_real_manifests_has_a_nested_chain():
    for path in CORPUS_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = split_lines(text)
        points = [(n, len(line) // 2) for n, line in enumerate(lines)]
        for point, chain in zip(points, selection_ranges(lines, parse_stream(text), points), strict=True):
            assert chain[0][0] <= point <= chain[0][1], path
            for inner, outer in zip(chain, chain[1:], strict=False):
                assert outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer, path
