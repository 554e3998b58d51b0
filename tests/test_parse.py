"""Parsing: positions, documents, errors, aliases, merge keys, flow style, line breaks."""

from __future__ import annotations

import contextlib
import gc
import time

import pytest

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings
from pod_ls.yaml.nodes import KeptRead
from pod_ls.yaml.parse import Mapping, Scalar, Sequence, parse_stream, split_documents, split_lines


def test_every_key_and_value_has_its_exact_range():
    [doc] = parse_stream("kind: Pod\nspec:\n  dnsPolicy: None\n")
    spec = doc.root.get("spec")
    key, value = spec.pair("dnsPolicy")
    assert (key.start, key.end) == ((2, 2), (2, 11))
    assert (value.start, value.end) == ((2, 13), (2, 17))
    assert value.value == "None" and value.tag == "str"


def test_documents_keep_file_lines():
    text = "kind: A\n---\nkind: B\n---\n# only a comment\n---\nkind: C\nx: 1\n"
    docs = parse_stream(text)
    assert [d.line_offset for d in docs] == [0, 1, 3, 5]
    kind = docs[3].root.pair("kind")[0]
    assert kind.start[0] + docs[3].line_offset == 6


def test_a_syntax_error_stays_in_its_document():
    text = "kind: Pod\nspec: {\n---\nkind: Service\nmetadata:\n  name: ok\n"
    bad, good = parse_stream(text)
    assert bad.root is None and bad.error is not None
    assert bad.error.start[0] in (1, 2)
    assert good.error is None and good.root.get("kind").value == "Service"


def test_syntax_error_range_is_on_the_offending_token():
    [doc] = parse_stream("a: b\n  c: d: e\n")
    assert doc.error.start == (1, 3)  # the second `:` on the line
    assert doc.error.end == (1, 4)
    assert "mapping values are not allowed" in doc.error.message


@pytest.mark.parametrize("text, start, end, opened", [
    ('kind: Pod\nmetadata:\n  name: "web\nspec: {}\n', (2, 8), (2, 12), "quoted scalar"),
    ("kind: Pod\nmetadata:\n  name: 'web\n\n", (2, 8), (2, 12), "quoted scalar"),
    ("kind: Pod\nspec:\n  containers: [{name: a, image: b}\n", (2, 14), (2, 21), "flow sequence"),
    ("kind: Pod\nmetadata: {name: a\n# the end\n", (1, 10), (1, 16), "flow mapping"),
], ids=["double", "single", "sequence", "mapping-then-a-comment"])
def test_a_quote_or_bracket_left_open_is_reported_where_it_opens(text, start, end, opened):
    """ruamel finds these at the end of the text; the error names and underlines the start."""
    [doc] = parse_stream(text)
    assert (doc.error.start, doc.error.end) == (start, end), doc.error
    assert opened in doc.error.message and doc.error.message.endswith("that starts here")


def test_directives_stay_with_their_document():
    assert [offset for offset, _ in split_documents("%YAML 1.1\n---\nkind: Pod\n")] == [0]


def test_dashes_inside_a_block_scalar_do_not_split():
    text = "a: |\n  ---\n  text\nb: 1\n"
    assert len(split_documents(text)) == 1
    [doc] = parse_stream(text)
    assert doc.root.get("a").value == "---\ntext\n"


def test_merge_keys_and_aliases_are_resolved():
    text = ("base: &probe\n  periodSeconds: 5\n  successThreshold: 1\n"
            "liveness:\n  <<: *probe\n  successThreshold: 3\n"
            "readiness: *probe\n")
    [doc] = parse_stream(text)
    liveness = doc.root.get("liveness")
    assert isinstance(liveness, Mapping)
    assert liveness.get("successThreshold").value == "3"  # own keys win over merged ones
    assert liveness.get("periodSeconds").value == "5"
    assert "<<" not in [k.value for k, _ in liveness.items]
    assert doc.root.get("readiness") is doc.root.get("base")


def test_merge_of_a_list_of_aliases():
    text = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n"
    [doc] = parse_stream(text)
    c = doc.root.get("c")
    assert {k.value for k, _ in c.items} == {"x", "y"}


def test_flow_style_and_kyaml():
    text = ('---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  spec: {\n    containers: [{\n'
            '      name: "app",  # comment\n      image: "nginx:1.27",\n    }],\n  },\n}\n')
    [doc] = parse_stream(text)
    containers = doc.root.get("spec").get("containers")
    assert isinstance(containers, Sequence) and containers.flow
    image = containers.items[0].get("image")
    assert image.start == (7, 13) and image.quoted


def test_crlf_positions_match_lf_positions():
    lf = "kind: Pod\nspec:\n  dnsPolicy: None\n"
    crlf = lf.replace("\n", "\r\n")
    [a], [b] = parse_stream(lf), parse_stream(crlf)
    va = a.root.get("spec").get("dnsPolicy")
    vb = b.root.get("spec").get("dnsPolicy")
    assert (va.start, va.end) == (vb.start, vb.end)
    assert split_lines(crlf)[2] == "  dnsPolicy: None"


def test_yaml_11_scalars_are_typed_as_kubectl_reads_them():
    [doc] = parse_stream("a: yes\nb: 'yes'\nc: 0755\nd: None\ne: null\nf: 1.5\n")
    tags = {k.value: v.tag for k, v in doc.root.items}
    assert tags == {"a": "bool", "b": "str", "c": "int", "d": "str", "e": "null", "f": "float"}


def test_unknown_tags_are_never_constructed():
    [doc] = parse_stream("a: !!python/object:os.system {}\nb: !custom x\n")
    assert doc.error is None
    assert isinstance(doc.root.get("b"), Scalar)


def test_deep_nesting_is_refused_cleanly():
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400)) + "  " * 400 + "x: 1\n"
    [doc] = parse_stream(text)
    assert doc.root is None and "too deep" in doc.error.message


@pytest.mark.parametrize("depth, deep", [(195, False), (250, True)])
def test_the_fast_reader_leaves_too_deep_documents_to_ruamel(depth, deep):
    """Indented one space a level, 250 levels fit Python's stack, and the fast reader took them
    although ruamel's tree is too deep; it leaves block collections past column 99 to ruamel."""
    text = "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, depth)) + " " * depth + "x: 1\n"
    [doc] = parse_stream(text)
    assert (doc.root is None and "too deep" in doc.error.message) if deep else doc.error is None


def test_a_block_sequence_of_alias_bombs_is_linear():
    lines = ["a0: &a0\n- x\n- x"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i}\n" + "\n".join([f"- *a{i - 1}"] * 10))
    [doc] = parse_stream("\n".join(lines) + "\n")
    assert doc.plain is False and doc.root.get("a29").items[0] is doc.root.get("a28")


def test_alias_bomb_is_linear():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    [doc] = parse_stream("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5
    assert doc.error is None


def test_empty_and_comment_only_text():
    assert [d.root for d in parse_stream("")] == [None]
    assert [d.root for d in parse_stream("# nothing\n")] == [None]


def test_crlf_documents_are_split():
    docs = parse_stream("kind: A\r\n---\r\nkind: B\r\n")
    assert [d.line_offset for d in docs] == [0, 1]
    assert [d.root.get("kind").value for d in docs] == ["A", "B"]


def test_only_lsp_line_breaks_split_documents():
    # \x0c and \u2028 are not line breaks for LSP: they must not shift document lines.
    text = "a: 'x\x0cy'\n---\nkind: B\n"
    assert [offset for offset, _ in split_documents(text)] == [0, 1]


def test_unicode_line_separators_do_not_shift_positions():
    [doc] = parse_stream("a: x\u2028y\nb: 1\n")
    key = doc.root.pair("b")[0]
    assert key.start == (1, 0)


def test_later_documents_are_read_as_yaml_11_too():
    # An anchor sends the document to ruamel, which forgets YAML 1.1 after an explicit `---`.
    [_, doc] = parse_stream("a: 1\n---\nx: &v yes\ny: *v\non: 1\n")
    assert doc.root.get("x").tag == "bool"
    assert [k.tag for k, _ in doc.root.items][-1] == "bool"


@pytest.mark.parametrize("text, rule, line", [
    ("apiVersion: v1\rkind: Pod\rmetadata:\r  name: {{ .Values.name }}\r", "template", 3),
    ("apiVersion: v1\rkind: Pod\rmetadata:\r  name: a\x07b\r", "yaml-syntax", 3),
    ("kind: Pod\r\nspec:\r  x: [[\r" + "[" * 250 + "\r", "yaml-syntax", 3),
], ids=["template", "reader-error", "deep-flow"])
def test_lone_cr_breaks_put_findings_on_their_line(text, rule, line):
    """Findings placed from a character offset count lone CRs as line breaks, as LSP does."""
    [finding] = [f for f in Analyzer("file:///cr.yaml").analyse(text, WorkspaceModel(), Settings()).findings
                 if f.rule == rule]
    assert finding.start[0] == line and split_lines(text)[line][finding.start[1]:finding.end[1]]


@pytest.mark.parametrize("kept, fails, frozen", [(True, False, True), (False, False, False), (True, True, False)])
def test_a_kept_read_is_frozen_and_any_other_gives_the_collector_back(kept, fails, frozen):
    """KeptRead: the collector is off while a big first read runs and on again after it;
    only a read that is kept and ends well is frozen (a dropped one is left to the collector,
    which alone frees the cycle that holds a cancelled read's document)."""
    before = gc.get_freeze_count()
    try:
        with contextlib.suppress(RuntimeError), KeptRead() as read:
            assert not gc.isenabled()
            made = [[n] for n in range(1000)]
            if kept:
                read.keep()
            if fails:
                raise RuntimeError
        assert gc.isenabled()
        assert (gc.get_freeze_count() >= before + len(made)) is frozen
    finally:
        gc.unfreeze()
