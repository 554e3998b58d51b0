"""Property-based fuzzing (hypothesis) of navigation: random edits of real manifests never make
definition, references, highlight, rename or hover raise, and every place they give holds the
name's own text (so a rename's edits are exactly the name, never a neighbour)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from test_fuzz import POSITIONS, edited

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.analysis.scan import objects_in_text
from pod_ls.ide.navigation.definition import definition
from pod_ls.ide.navigation.highlight import highlights
from pod_ls.ide.navigation.named_files import NamedFile
from pod_ls.ide.navigation.names import FileDocuments, NameIndex, Workspace
from pod_ls.ide.navigation.references import references
from pod_ls.ide.navigation.rename import RenameRefused, prepare_rename, rename
from pod_ls.ide.navigation.target_hover import hover_with_target
from pod_ls.kube.links.workspace_model import WorkspaceModel
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


POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default}
spec:
  serviceAccountName: app
  containers:
    - name: app
      image: nginx
      ports: [{name: http, containerPort: 80}]
      envFrom: [{configMapRef: {name: app-config}}]
      env:
        - name: A
          valueFrom: {secretKeyRef: {name: app-secret, key: password}}
"""


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_navigation_across_files_survives_any_other_file(text):
    """The Pod's names looked up in a workspace whose other file is any edit of a real
    manifest (with the objects the Pod names added): no request raises, every place holds
    its name in its own file's text."""
    other = text + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {x: y}\n"
    model = WorkspaceModel()
    model.set("file:///other.yaml", objects_in_text(other, "file:///other.yaml"))
    files = {"file:///other.yaml": NamedFile.on_disk("file:///other.yaml", other, False)}
    workspace = Workspace(model, "file:///pod.yaml", ["file:///other.yaml"], files.get)
    documents = FileDocuments.of(Analyzer("file:///pod.yaml").parse(POD))
    lines, index, schema = split_lines(POD), NameIndex(), load_schema()
    texts = {None: lines, "file:///other.yaml": split_lines(other)}
    for line, row in enumerate(lines):
        for column in range(0, len(row) + 1, 3):
            found = definition(documents, line, column, index, workspace)
            found += references(documents, line, column, True, index, workspace)
            assert all(_holds_its_name(texts[site.uri], site) for site in found), found
            try:
                for site, _ in rename(lines, documents, line, column, "renamed", schema.latest, index, workspace):
                    assert _holds_its_name(texts[site.uri], site)
            except RenameRefused:
                pass
            hover_with_target(lines, line, column, documents, schema, workspace)


def test_a_name_folded_from_a_line_separator_is_no_site():
    """Found by the fuzzer: ruamel reads U+2028 inside a plain scalar as a space, so the value
    `n g` is not the text `n\\u2028g`; no place may claim it (a rename would write elsewhere)."""
    text = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: n\u2028g\n---\napiVersion: v1\nkind: Pod\n"
            "metadata:\n  name: p\nspec:\n  subdomain: n\u2028g\n  containers:\n  - name: a\n    image: nginx:1.2\n")
    parsed = Analyzer("file:///fuzz.yaml").parse(text)
    documents, index = FileDocuments.of(parsed), NameIndex()
    assert definition(documents, 10, 14, index) == [] and references(documents, 3, 9, True, index) == []
