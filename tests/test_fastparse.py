"""The fast reader agrees with ruamel.yaml wherever it accepts a document, and hands everything
else to ruamel (Unsupported) instead of guessing."""

from __future__ import annotations

import pytest
from conftest import CORPUS
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from pod_ls.yaml.fastparse import Unsupported, parse_fast, read_fast
from pod_ls.yaml.fastscalars import _CORE_TAG, _plain_tag, kubectl_tag
from pod_ls.yaml.nodes import Mapping, Node, Scalar, Sequence
from pod_ls.yaml.parse import _parse_with_ruamel, parse_document, split_documents


def difference(a: Node | None, b: Node | None, path: str = "$", shared: dict | None = None) -> str | None:
    """Where two trees differ (type, position, value, tag, style, flow, which nodes are one
    node: an alias's), or None."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if a is None or b is None:
        return None
    shared = {} if shared is None else shared
    if id(a) in shared or id(b) in shared:
        return None if shared.get(id(a)) is b and shared.get(id(b)) is a else f"{path}: shared differently"
    shared[id(a)], shared[id(b)] = b, a
    if (a.start, a.end) != (b.start, b.end):
        return f"{path}: {a.start}-{a.end} vs {b.start}-{b.end}"
    if isinstance(a, Scalar):
        if (a.value, a.tag, a.style) != (b.value, b.tag, b.style):
            return f"{path}: {(a.value, a.tag, a.style)} vs {(b.value, b.tag, b.style)}"
        return None
    if a.flow != b.flow or len(a.items) != len(b.items):
        return f"{path}: flow or length"
    for n, (x, y) in enumerate(zip(a.items, b.items, strict=True)):
        if isinstance(a, Mapping):
            found = (difference(x[0], y[0], f"{path}.<key {n}>", shared)
                     or difference(x[1], y[1], f"{path}.{x[0].value}", shared))
        else:
            found = difference(x, y, f"{path}[{n}]", shared)
        if found:
            return found
    return None


def agree(text: str) -> bool:
    """True when the fast reader took the document (and then matched ruamel exactly)."""
    try:
        fast, plain = read_fast(text)
    except Unsupported:
        return False
    slow = _parse_with_ruamel(text, 0)
    assert slow.error is None, f"the fast reader accepted invalid YAML: {slow.error.message}\n{text}"
    assert difference(fast, slow.root) is None, difference(fast, slow.root)
    assert not plain or not has_duplicates_or_aliases(fast), "a plain document repeats a key or shares a node"
    return True


def has_duplicates_or_aliases(root: Node | None) -> bool:
    """A mapping repeats a key, or a node is reached twice (`YamlDocument.plain` promises neither)."""
    seen: set[int] = set()
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, Mapping):
            if node.has_duplicate_keys():
                return True
            todo += [part for pair in node.items for part in pair]
        elif isinstance(node, Sequence):
            todo += node.items
    return False


KYAML = {
    "flow-comments": "spec:\n  args: [ # what the agent is told\n    \"--a=1\", # the first\n    # a comment line\n"
                     "\n    b # plain, then a comment\n    , c\n    ] # after the closer\n  n: {\n    x: 1, # c\n"
                     "    y: # empty, then a comment\n    , z # no value\n    }\n",
    "flow-comment-lines": "{\n  apiVersion: \"v1\",\n  # a comment line in the root collection\n"
                          "  kind: \"Pod\", # and one after a comma\n  spec: {\n    containers: [{\n"
                          "      name: \"a\",\n      # before the closer\n    }],\n  },\n}\n",
    "flow-comment-before-the-closer": "a: {b: 1 # c\n  }\n",
    "flow-quoted-lines": "command: [\n  \"sh\",\n  \"-c\",\n  \"\\\n     items=(foo bar)\\n\\\n"
                         "     echo ${items[0]}  \\\n     done\\n\\\n    \",\n  \"one\n\n   two\n\n\n   three  \",\n"
                         "  'it''s\n    wrapped',\n"
                         "  \"\\\n\n    after a blank line\",\n  \"kept:\\ \n    \\  spaces\",\n"
                         "  \"a line\n    # that starts with a hash\",\n  {k: \"v\n    w\" # c\n  },\n ]\n",
    "block-quoted-lines": "a: \"x\\\n\n  y\"\nb: \"one\n  # two\"\n",
    "flow-closer-under-the-key": "spec:\n  command: [\n    \"/bin/sh\", \"-c\", \"sleep 180\"\n  ]\n"
                                 "  args: {\n    a: 1,\n  } # c\n  list:\n  - [\n    1,\n  ]\n  - {\n    b: 2\n  }\n",
    "flow-empty-values-before-a-comment": "a: {\n  g: # c\n  }\nh: {\n  i # c\n  }\n",
    "document-end": "kind: Pod\nmetadata:\n  name: a\n... # the end\n\n# a last comment\n",
    "document-end-after-a-list": "- a\n...\n",
}
"""What the Kubernetes website's KYAML and JSON-like examples write, and the fast reader takes:
comments and wrapped quoted scalars inside flow collections, a closing bracket under its key,
a `...` at the end."""

KYAML_REFUSED = {
    "comment-at-the-keys-indentation": "a: [\n  1,\n# c\n  2]\n",
    "comment-less-indented": "a:\n  b: [\n    1,\n # c\n    2]\n",
    "hash-right-after-a-comma": "x: [ a,# c\n  b ]\n",
    "hash-right-after-a-bracket": "x: [# c\n  a\n  ]\n",
    "hash-right-after-a-quote": "x: [\n  \"a\"#c\n  ]\n",
    "tab-in-a-comment": "a: [\n  1, # c\t d\n]\n",
    "tab-before-a-comment": "a: [\n  1, \t# c\n]\n",
    "quoted-continued-at-the-keys-indentation": "a:\n  b: [\n    \"x\n  y\"]\n",
    "quoted-continued-at-column-0": "x: [ \"a b\nc\" ]\n",
    "quoted-with-a-tab": "x: [ \"a\tb\n  c\" ]\n",
    "quoted-key-over-two-lines": "x: {\"a b\n  c\": 1}\n",
    "end-inside-a-quoted-scalar": "{\n  a: [\"x\n...\ny\"],\n}\n",
    "closer-less-indented-than-the-key": "a:\n  b: [\n    1,\n ]\n",
    "two-closers-under-the-key": "a:\n  b: [[\n    1,\n  ]]\n",
    "inner-closer-under-the-key": "a:\n  b: {\n    c: [\n      1,\n  ],\n  }\n",
    "closer-then-more": "a:\n  b: [\n    1,\n  ], 2\n",
    "closer-then-a-hash": "a:\n  b: [\n    1,\n  ]#x\n",
    "content-after-the-end": "a: 1\n...\nb: 2\n",
    "text-after-the-end-marker": "a: 1\n... x\n",
    "end-inside-a-flow": "a: [\n  1\n...\n]\n",
}
"""Near misses the fast reader leaves to ruamel: ruamel rejects them, reads them otherwise, or
takes what the YAML spec does not (flow lines at any indentation)."""

CASES = {
    **KYAML,
    "mapping": "a: 1\nb: text\nc:\nd: 'q''s'\ne: \"x\\ty\\u00e9\"\n",
    "sequence": "- a\n- b: 1\n  c: [1, {d: e}, \"f\"]\n-\n  g: h\n- {}\n",
    "compact-list": "spec:\n  containers:\n  - name: a\n    image: b\n  volumes: []\n",
    "comments": "# top\na: 1 # trailing\n  # indented comment\nb: 'x' # c\n\n\nc: d#not-a-comment\n",
    "yaml11": "a: yes\nb: 0755\nc: ~\nd: 1.5\ne: 2001-12-14\nf: None\ng: 1_000\nh: 0x1F\ni: 1e3\n",
    "urls": "image: registry:5000/a/b:1.2\nurl: http://example.com/x?y=1#frag\n",
    "literal": "a: |\n  line1\n    indented\n\n  line3\nb: |-\n  x\nc: |+\n  y\n\nd: 1\n",
    "folded": "a: >\n  one\n  two\n\n  three\nb: >-\n  x\n  y\n",
    "document-marker": "---\nkind: Pod\n...\n",
    "crlf": "a: 1\r\nb:\r\n  - c\r\n",
    "empty-values": "a:\nb:\n  c:\n  d: []\ne: {}\n",
    "quoted-keys": "\"a b\": 1\n'c': 2\nlabels: {\"app.kubernetes.io/name\": x}\n",
    "flow-trailing-comma": "a: [1, 2, ]\nb: {c: 1, }\n",
    "nested-seq-in-map": "a:\n  - b\n  -   c\n  - - d\n",
    "special-plain": "a: -1\nb: -x\nc: :x\nd: ?x\n",
    "multi-line-plain": "description: A long text\n  that wraps over\n\n  two paragraphs\n   and more.\nnext: 1\n"
                        "items:\n- one\n  two\n- true\n  false\nquoted: plain\n  'quotes' - and [brackets] {too}\n",
    "multi-line-quoted": "a: \"one  \n\n  two \\t \\\n  three\"\nb: 'it''s\n  wrapped'\nc: \"\\u00e9\n  x\" # c\n",
    "json": '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {\n    "containers": [\n      {"name": "a",'
            ' "image": "b:1"}\n    ],\n    "n": [1, 2.5, true, null]\n  }\n}\n',
    "kyaml": "{\n  apiVersion: v1,\n  metadata: {\n    name: \"x\",\n  },\n  spec: {\n    containers: [{\n"
             "      name: a,\n    }],\n  },\n}\n",
    "flow-after-a-key": "a: [\n    1,\n    2]\nb:\n  {c: 1,\n   d: 2}\n- x\n"[:-4],
    "white-space-tags": "a: 2001-12-14 21:59:43.10 -5\nb: 2001-12-14\n  21:59:43.10\nc: true and\n  false\n"
                        "d: null value\ne: 1 2\nf: .inf or\n  more\ng: yes\n  no\nh: -1 x\n",
    "escaped-single-quote": "a: \"it\\'s\"\nb: [\"x\\'y\", {c: \"\\'\"}]\nd: \"one\\'\n  two\"\n",
    "crd-description": "properties:\n  spec:\n    description: Spec defines the desired state; it is\n"
                       "      wrapped as the generators wrap it, with `code` and (parentheses).\n"
                       "    type: object\n    x-kubernetes-preserve-unknown-fields: true\n",
    "flow-empty-values-after-a-colon": "a: {b: ,c: 1}\nd: {\n  e:\n  }\nf: {g:   }\nh: {i , j: 1}\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_cases_agree_or_fall_back(text):
    agree(text)


def test_an_escaped_single_quote_is_go_yamls():
    """go-yaml (kubectl) reads `\\'` in double quotes as `'`; ruamel alone refused it, which gave
    the Kubernetes website's envars-file-container example a false syntax error."""
    text = "command: [\"sh\", \"-c\", \"echo \\'$(cat /x)\\'\"]\n"
    for read in (lambda t: parse_fast(t), lambda t: _parse_with_ruamel(t, 0).root):
        assert read(text).items[0][1].items[2].value == "echo '$(cat /x)'"


@pytest.mark.parametrize("text", KYAML.values(), ids=KYAML.keys())
def test_kyaml_is_read_fast(text):
    assert agree(text)


@pytest.mark.parametrize("text", KYAML_REFUSED.values(), ids=KYAML_REFUSED.keys())
def test_kyaml_near_misses_go_to_ruamel(text):
    with pytest.raises(Unsupported):
        parse_fast(text)
    assert parse_document(text).root is not None or parse_document(text).error is not None


@pytest.mark.parametrize("text", [
    "a: !!str 1\n", "<<: {a: 1}\n", "a: b # comment\n  continued\n",
    "a: 'open\nquote'\n", "a: b\n  # c\n  d\n", "a: b\n  c: d\n", "? complex\n: key\n", "%YAML 1.1\n---\na: 1\n",
    "--- a: 1\n", "a:\n\t- b\n", "a: [1,\n2]\n", "{a: b\n  c}\n", "-: ::", "{a{b: 1}}\n",
    "a: {kind:, b: 1}\n", "a: [1? , 2]\n", "a: b: c\n", "- - a\n", "a: [:1, 2]\n", "a: {?x: 1}\n",
    "{\n  a\n  : 1\n}\n", "{\n  \"a\"\n  : 1\n}\n", "a: {\tb: 1}\n", "a: [x\t, b]\n", "---# c\na: 1\n",
    "...\n", "# c\n...\n", "a: >-# c\n  x\n", "a: |# c\n  x\n", "a: |-\n \n  y\n", "a: -\n\n  1\n",
    "a: :\n\n  1\n",
    "a: >\n \n  y\nb: 1\n",
])
def test_the_rest_goes_to_ruamel(text):
    with pytest.raises(Unsupported):
        parse_fast(text)
    # ... and parse_document still gives ruamel's answer.
    assert parse_document(text).root is not None or parse_document(text).error is not None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
def test_the_corpus_agrees():
    fast = total = 0
    for path in sorted(CORPUS.rglob("*.yaml")):
        for _, chunk in split_documents(path.read_bytes().decode("utf-8", errors="replace")):
            total += 1
            fast += agree(chunk)
    assert fast / total > 0.9, (fast, total)


@pytest.mark.parametrize("value", [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "NULL", "0755", "0o755", "0x1F",
    "0b101", "1_000", "-12", "+3", "1:30", "190:20:30.15", "1.5", "-.5", ".inf", "-.Inf", ".NaN", "6.8523015e+5",
    "1e3", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "=", "<<x", "nothing",
    "tomorrow", "one two", "0 1", "1 x", "x", ".x", "+x", "yes no", "nullable", "onion", "12abc"])
def test_plain_tags_are_ruamels(value):
    """The fast reader's own look-up of YAML 1.1's implicit types, against ruamel's, both as
    kubectl reads them (kubectl_tag)."""
    full = str(VersionedResolver(version=(1, 1)).resolve(ScalarNode, value, (True, False)))
    assert _plain_tag(value) == kubectl_tag(value, full[len(_CORE_TAG):] if full.startswith(_CORE_TAG) else full)


WEBSITE_KYAML = [f"k8s-website/{name}.yaml" for name in (
        "admin__konnectivity__konnectivity-agent", "admin__konnectivity__konnectivity-server",
        "pods__init-containers", "pods__pod-configmap-volume", "pods__probe__pod-with-http-healthcheck",
        "pods__probe__pod-with-tcp-socket-healthcheck", "pods__resource__pod-resize",
        "pods__restart-policy__restart-all-containers",  # comments inside flow collections
        "admin__logging__two-files-counter-pod-agent-sidecar",
        "admin__logging__two-files-counter-pod-streaming-sidecar",
        "application__job__indexed-job",  # wrapped double-quoted scalars with escaped line breaks
        "service__pod-with-graceful-termination",  # `]` under `command`
        "service__access__backend-deployment",  # `...`
)]
"""Corpus documents that went to ruamel until the fast reader took what they write."""


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
@pytest.mark.parametrize("name", WEBSITE_KYAML)
def test_the_websites_kyaml_examples_are_read_fast(name):
    for _, chunk in split_documents((CORPUS / name).read_bytes().decode("utf-8")):
        assert agree(chunk)
