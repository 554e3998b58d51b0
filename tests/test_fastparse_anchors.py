"""The fast reader's repeated keys, anchors, aliases and merge keys: the same tree as ruamel's
(an alias is its anchor's node), and documents that say they are not plain, so that the
YAML-level checks still walk them."""

from __future__ import annotations

import pytest
from test_fastparse import agree

from pod_ls.rules.document.yaml_checks import yaml_level
from pod_ls.yaml.fastparse import Unsupported, read_fast
from pod_ls.yaml.parse import parse_document

DUPLICATES = {
    "duplicate-at-the-root": "kind: Pod\nkind: Service\n",
    "duplicate-nested": "spec:\n  selector:\n    app: a\n  replicas: 1\n  selector:\n    app: b\n",
    "duplicate-in-a-list-item": "items:\n- name: a\n  image: x\n  name: b\n- name: c\n",
    "duplicate-three-times": "a: 1\nb: 2\na: 3\na: [4]\n",
    "duplicate-quoted-and-plain": "\"a\": 1\na: 2\n'a': 3\n",
    "duplicates-at-two-levels": "a:\n  b: 1\n  b: 2\na: 3\n",
    "two-documents-without-a-marker": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n"
                                      "apiVersion: v1\nkind: Service\nmetadata:\n  name: b\n",
}
"""Repeated keys in block mappings: both pairs stay, as in ruamel's tree."""


@pytest.mark.parametrize("text", DUPLICATES.values(), ids=DUPLICATES.keys())
def test_repeated_keys_are_read_fast_and_not_plain(text):
    assert agree(text)
    assert read_fast(text)[1] is False
    document = parse_document(text)
    assert document.plain is False and document.root.items


def test_a_repeated_key_finds_its_first_pair():
    root, _ = read_fast("a: 1\nb: 2\na: 3\n")
    assert root.get("a").value == "1" and root.pair("a")[0].start == (0, 0)
    assert root.has_duplicate_keys()


def test_a_repeated_key_in_a_flow_mapping_is_ruamels():
    with pytest.raises(Unsupported):
        read_fast("a: {b: 1, b: 2}\n")


ANCHORS = {
    "anchor-on-a-block-mapping": "a: &x\n  b: 1\n  c: [2]\nd: *x\n",
    "anchor-then-a-comment": "a: &x   # the defaults\n\n  # c\n  b: 1\nd: *x # again\n",
    "anchor-on-a-block-sequence": "a: &x\n  - 1\n  - b: 2\nc: *x\n",
    "anchor-on-an-indentless-sequence": "a: &x\n- 1\nc: *x\n",
    "anchor-on-scalars": "a: &p plain\nb: &m wrapped\n  over lines\nc: &q \"quoted\"\nd: &w 'one\n  two'\n"
                         "e: &l |\n  literal\nf: &f >-\n  folded\n  text\ng: *p\nh: *l\n",
    "anchor-on-flow-collections": "a: &s [1, 2]\nb: &m {c: 3}\nc: &o [\n  4,\n  ]\nd: *s\ne: *m\nf: *o\n",
    "anchor-on-a-sequence-item-mapping": "- &app\n  name: a\n  image: b\n- *app\n",
    "anchor-on-sequence-items": "- &x 1\n- &y\n  - 2\n- &z [3]\n- *x\n- *y\n- *z\n",
    "anchor-under-a-list-item-key": "- a: &x\n  - 1\n- b: *x\n",
    "anchor-names": "a: &a:b 1\nb: &c#d 2\nc: &é.f-g_h/1 3\nd: [1]\ne: *a:b\nf: *c#d\ng: *é.f-g_h/1\n",
    "anchor-without-an-alias": "metadata: &meta\n  name: a\nspec: {}\n",
    "labels-reused": "metadata:\n  labels: &labels\n    app: a\nspec:\n  selector:\n    matchLabels: *labels\n"
                     "  template:\n    metadata:\n      labels: *labels\n",
    "alias-of-a-scalar-ends-the-mapping-early": "a: &x 1\nb: 2\nc: *x\n",
    "merge-one": "base: &base\n  a: 1\n  b: 2\nmine:\n  <<: *base\n  c: 3\n",
    "merge-overriding": "base: &base\n  a: 1\n  b: 2\nmine:\n  b: 20\n  <<: *base\n  c: 3\n",
    "merge-list": "x: &x\n  a: 1\ny: &y\n  a: 2\n  b: 2\nz:\n  <<: [*x, *y]\n  c: 3\n",
    "merge-list-spaced": "x: &x\n  a: 1\nz:\n  <<: [ *x , *x ]   # twice\n  b: 1\n",
    "merge-keys-twice": "x: &x\n  a: 1\ny: &y\n  b: 2\nz:\n  <<: *x\n  c: 3\n  <<: *y\n",
    "merge-alone": "x: &x\n  a: 1\n  b:\nz:\n  << : *x\n",
    "merge-in-list-items": "- &c\n  name: app\n  image: a\n- <<: *c\n  name: sidecar\n- <<: *c\n",
    "merge-a-sequence-of-mappings": "x: &x\n  - a: 1\n  - b: 2\n    a: 5\n  - 7\nz:\n  <<: *x\n",
    "merge-a-scalar": "x: &x 1\nz:\n  <<: *x\n  c: 3\n",
    "merge-a-merged-mapping": "x: &x\n  a: 1\ny: &y\n  <<: *x\n  b: 2\nz:\n  <<: *y\n  c: 3\n",
    "merge-a-flow-mapping": "x: &x {a: 1, b: }\nz:\n  <<: *x\n",
    "merge-with-repeated-keys": "x: &x\n  a: 1\n  a: 2\nz:\n  c: 3\n  <<: *x\n  c: 4\n",
    "quoted-merge-key-is-a-key": "x: &x\n  a: 1\n\"<<\": *x\nz:\n  '<<': 1\n  <<: *x\n",
    "repeated-key-and-alias": "a: &x 1\nb: *x\nb: 2\nc:\n  d: 1\n  d: &y 2\ne: *y\n",
    "container-with-merge": "containers:\n  - &app-container\n    image: myapp:latest\n    resources: &resources\n"
                            "      limits:\n        cpu: \"1\"\n    env: &common-env\n      - name: LOG_LEVEL\n"
                            "        value: info\n  - <<: *app-container\n    name: sidecar\n"
                            "    resources: *resources\n"
                            "    env:\n      - <<: *common-env\n  - <<: *app-container\n    env: *common-env\n",
}
"""Anchors, aliases and merge keys the fast reader takes: the same tree as ruamel's."""

ANCHORS_REFUSED = {
    "undefined-alias": "a: *x\n",
    "alias-before-its-anchor": "a: *x\nb: &x 1\n",
    "recursive-alias": "a: &x\n  b: *x\n",
    "recursive-alias-in-a-list": "a: &x\n  - 1\n  - *x\n",
    "recursive-merge": "a: &x\n  b: 1\n  c:\n    <<: *x\n",
    "anchor-on-an-empty-value": "a: &x\nb: *x\n",
    "anchor-on-an-empty-item": "- &x\n- 1\n",
    "anchor-at-the-end": "a: &x",
    "anchor-on-a-key": "&k a: 1\n",
    "anchor-on-a-nested-key": "a:\n  &k b: 1\nc: *k\n",
    "anchor-on-an-item-key": "- &x a: 1\n  b: 2\n- <<: *x\n",
    "anchor-on-the-root": "&x\na: 1\n",
    "anchor-defined-twice": "a: &x 1\nb: &x 2\nc: *x\n",
    "anchor-then-a-tab": "a: &x\t1\n",
    "anchor-without-a-name": "a: & 1\n",
    "anchor-then-a-brace": "a: &x{b: 1}\n",
    "two-anchors": "a: &x &y 1\n",
    "anchor-on-an-alias": "a: &y 1\nb: &x *y\n",
    "anchor-then-a-tag": "a: &x !!str 1\n",
    "anchor-then-a-pair": "a: &x b: 1\n",
    "alias-then-text": "a: &x 1\nb: *x y\n",
    "alias-in-a-flow-sequence": "a: &x 1\nb: [*x]\n",
    "alias-continued": "a: &x\n  b: 1\nc: *x\n  d: 2\n",
    "alias-as-a-key": "a: &x k\n*x : 1\n",
    "alias-in-a-flow-mapping": "a: &x 1\nb: {c: *x}\n",
    "anchor-in-a-flow-sequence": "a: [&x 1, *x]\n",
    "merge-of-nothing": "x: &x 1\nz:\n  <<: *x\n",
    "merge-of-an-empty-list": "z:\n  <<: []\n  c: 1\n",
    "merge-list-trailing-comma": "x: &x\n  a: 1\nz:\n  <<: [*x,]\n",
    "merge-list-then-a-hash": "x: &x\n  a: 1\nz:\n  <<: [*x]#c\n",
    "merge-of-a-flow-mapping": "z:\n  <<: {a: 1}\n",
    "merge-of-a-block-mapping": "z:\n  <<:\n    a: 1\n",
    "merge-of-a-plain-scalar": "z:\n  <<: a\n",
    "merge-list-over-lines": "x: &x\n  a: 1\nz:\n  <<: [*x,\n    *x]\n",
}
"""What the fast reader leaves to ruamel: errors, recursion, and the forms ruamel spans
otherwise or that need more than a line's look (an anchor on an empty value starts the empty
scalar at the '&'; a merge of nothing ends the mapping at the next token)."""


@pytest.mark.parametrize("text", ANCHORS.values(), ids=ANCHORS.keys())
def test_anchors_aliases_and_merges_are_read_fast_and_not_plain(text):
    assert agree(text)
    assert read_fast(text)[1] is False
    assert parse_document(text).plain is False


@pytest.mark.filterwarnings("ignore:\nfound duplicate anchor")
@pytest.mark.parametrize("text", ANCHORS_REFUSED.values(), ids=ANCHORS_REFUSED.keys())
def test_the_other_anchors_go_to_ruamel(text):
    with pytest.raises(Unsupported):
        read_fast(text)
    document = parse_document(text)
    assert document.root is not None or document.error is not None


def test_an_alias_is_its_anchors_node():
    root, _ = read_fast(ANCHORS["labels-reused"])
    labels = root.get("metadata").get("labels")
    assert labels.start == (1, 10)  # at the '&', as ruamel starts it
    assert root.get("spec").get("selector").get("matchLabels") is labels


def test_merged_pairs_follow_the_own_ones_without_the_keys_they_have():
    root, _ = read_fast(ANCHORS["merge-overriding"])
    mine = root.get("mine")
    assert [(key.value, value.value) for key, value in mine.items] == [("b", "20"), ("c", "3"), ("a", "1")]
    assert mine.items[2][0] is root.get("base").items[0][0]


def test_a_repeated_key_next_to_an_alias_is_reported():
    text = "a: &x 1\nb: *x\nb: 2\n"
    findings = list(yaml_level(parse_document(text), None))
    assert [finding.start for finding in findings] == [(2, 0)]
