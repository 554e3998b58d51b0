"""The fast reader's repeated keys, anchors, aliases and merge keys: the same tree as ruamel's
(an alias is its anchor's node), and documents that say they are not plain, so that the
YAML-level checks still walk them."""

from __future__ import annotations

import pytest
from test_fastparse import agree

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
