"""Folding ranges from YAML text: which lines fold, and the client's limit."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from pod_ls.ide.structure.folding import folding_ranges
from pod_ls.yaml.parse import parse_stream, split_lines


def folds_of(text: str, limit: int | None = None) -> list[tuple[int, int, str | None]]:
    return [(f.start_line, f.end_line, f.kind) for f in folding_ranges(split_lines(text), parse_stream(text), limit)]


POD = """\
# A pod with a bit of everything.
# Second comment line.
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: app
    image: nginx
    args: [--port,
           "8080"]
    command:
    - sh
    - -c
    - |
      # not a comment: the script's own line
      # and another
      exec nginx
  - name: second
    image: busybox
"""


def test_a_pod_folds_its_mappings_lists_items_block_scalars_and_comments():
    assert folds_of(POD) == [
        (0, 1, "comment"),
        (4, 7, None),    # metadata:
        (6, 7, None),    # labels:
        (8, 22, None),   # spec:
        (9, 22, None),   # containers:
        (10, 20, None),  # - name: app
        (12, 13, None),  # args: [ ... ] over two lines
        (14, 20, None),  # command:
        (17, 20, None),  # - | (the block scalar)
        (21, 22, None),  # - name: second
    ]


def test_each_document_folds_from_its_marker():
    text = "kind: A\nx:\n  y: 1\n---\nkind: B\nz:\n  - 1\n  - 2\n"
    assert folds_of(text) == [(0, 2, None), (1, 2, None), (3, 7, None), (5, 7, None)]


def test_a_single_document_does_not_fold_whole():
    assert folds_of("kind: A\nx:\n  y: 1\n") == [(1, 2, None)]


def test_the_limit_drops_the_deepest_folds_first():
    all_folds = folds_of(POD)
    kept = folds_of(POD, limit=4)
    assert kept == [(0, 1, "comment"), (4, 7, None), (6, 7, None), (8, 22, None)]
    assert set(kept) <= set(all_folds)
    assert folds_of(POD, limit=0) == []


def test_broken_yaml_folds_by_indentation():
    text = "kind: Pod\nspec:\n  containers:\n  - name: a\n    imag\n    ports:\n    - containerPort: [80\n"
    assert parse_stream(text)[0].error is not None
    assert folds_of(text) == [(1, 6, None), (2, 6, None), (3, 6, None), (5, 6, None)]


def test_flow_style_over_several_lines_folds():
    text = "{kind: Pod,\n spec: {containers: [\n   {name: a,\n    image: b}]}}\n"
    assert folds_of(text) == [(1, 3, None), (2, 3, None)]


def test_anchors_fold_where_they_are_written_and_aliases_not_at_all():
    text = "a: &x\n  b: 1\n  c: 2\nd: *x\ne:\n  <<: *x\n  f: 3\n"
    assert folds_of(text) == [(0, 2, None), (4, 6, None)]


def test_crlf_and_comments_inside_lists():
    text = "a:\r\n  # one\r\n  # two\r\n  - 1\r\n  - 2\r\n"
    assert folds_of(text) == [(0, 4, None), (1, 2, "comment")]


@pytest.mark.parametrize("text", ["", "---\n", "# only\n# comments\n", "- " * 20_000, "[" * 5_000,
                                  "a: |\n", "\t- x\n\t\t- y\n", "? complex\n: key\n"])
def test_odd_text_never_raises(text):
    lines = split_lines(text)
    for fold in folding_ranges(lines, parse_stream(text)):
        assert 0 <= fold.start_line < fold.end_line < len(lines)


CORPUS_FILES = sorted(CORPUS.rglob("*.yaml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not found")
def test_every_real_manifest_folds_inside_its_text_one_fold_a_line():
    for path in CORPUS_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = split_lines(text)
        folds = folding_ranges(lines, parse_stream(text))
        starts = [f.start_line for f in folds]
        assert starts == sorted(set(starts)), path
        assert all(0 <= f.start_line < f.end_line < len(lines) for f in folds), path
