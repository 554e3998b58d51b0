"""Property-based fuzzing (hypothesis) of navigation: random edits of real manifests never make
definition, references, highlight, rename or hover raise, and every place they give holds the
name's own text (so a rename's edits are exactly the name, never a neighbour)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from test_fuzz import POSITIONS, edited

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.ide.definition import definition
from pod_ls.ide.highlight import highlights
from pod_ls.ide.names import FileDocuments, NameIndex
from pod_ls.ide.references import references
from pod_ls.ide.rename import RenameRefused, prepare_rename, rename
from pod_ls.ide.target_hover import hover_with_target
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import split_lines


def _holds_its_name(lines: list[str], site) -> bool:
    (line, start), (end_line, end) = site.start, site.end
    return line == end_line and 0 <= line < len(lines) and lines[line][start:end] == site.name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(), POSITIONS)
def test_navigation_survives_any_edit(text, positions):
    """At random places and at the names the document holds."""
    parsed = Analyzer("file:///fuzz.yaml").parse(text)
    documents = FileDocuments.of(parsed)
    lines = split_lines(text)
    index = NameIndex()
    schema = load_schema()
    named = [(site.start[0] + d.line_offset, site.start[1] + offset) for d in parsed
             for sites in index.names(d).sites.values() for site in sites for offset in (0, 1)][:12]
    for line, column in [*positions, *named]:
        line %= len(lines)
        column %= len(lines[line]) + 1
        for site in definition(documents, line, column, index) + references(documents, line, column, True, index):
            assert _holds_its_name(lines, site), site
        for mark in highlights(documents, line, column, index):
            assert mark.start <= mark.end
        try:
            if prepare_rename(documents, line, column, index) is not None:
                edits = rename(lines, documents, line, column, "renamed", schema.latest, index)
                assert all(_holds_its_name(lines, site) for site, _ in edits)
                assert len({site.start for site, _ in edits}) == len(edits)
        except RenameRefused:
            pass
        hover_with_target(lines, line, column, documents, schema)
