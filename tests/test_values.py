"""Values read as kubectl's YAML 1.1 decoder reads them before the API server sees them."""

from __future__ import annotations

import pytest

from pod_ls.rules.values import integer
from pod_ls.yaml.parse import parse_document


@pytest.mark.parametrize(("written", "read"), [
    ("0", 0), ("7", 7), ("420", 420), ("0644", 420), ("0755", 493), ("-12", -12), ("+3", 3), ("1_000", 1000),
    ("0x1f", 31), ("-0x1f", -31), ("0b101", 5), ("1:30", 90), ("'12'", None), ("12.5", None), ("true", None),
])
def test_integers_as_yaml_1_1_reads_them(written, read):
    document = parse_document(f"value: {written}\n")
    assert integer(document.root.get("value")) == read
