"""Property-based fuzzing (hypothesis): random edits of real manifests and of the test
fixtures never make the domain layer raise, every finding and fix stays inside the text, and
the fast reader never disagrees with ruamel."""

from __future__ import annotations

from conftest import CORPUS, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fastparse import CASES, WEBSITE_KYAML, difference
from test_fastparse_anchors import ANCHORS, ANCHORS_REFUSED, DUPLICATES

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.ide.completion.completion import complete
from pod_ls.ide.fixes.quickfix import quick_fixes
from pod_ls.ide.hints import inlay_hints
from pod_ls.ide.hover import hover
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.schema import load_schema
from pod_ls.settings import Settings
from pod_ls.yaml.fastparse import Unsupported, parse_fast
from pod_ls.yaml.parse import _parse_with_ruamel, split_documents, split_lines

SOURCES = [(ROOT / "examples" / "pod.yaml").read_text(), *CASES.values(), *ANCHORS.values(), *ANCHORS_REFUSED.values(),
           *DUPLICATES.values()]
if CORPUS.is_dir():
    SOURCES += [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.yaml"))[::6]]
    SOURCES += [(CORPUS / name).read_bytes().decode("utf-8") for name in WEBSITE_KYAML]
PIECES = [":", ": ", "- ", "  ", "\n", "\r\n", "{", "}", "[", "]", ",", "&a ", "*a", "<<: ", "'", '"', "#",
          "---\n", "\t", "\x00", "|", ">-", "? ", "!!str ", "!!python/object ", "{{ .Values.x }}", "🚀", "\ufeff",
          "\\", "%YAML 1.1\n", "...\n", "yes", "0755", "null", "~", "=", "\u2028", "\n    ", "\\\n",
          " # c", "# c\n", "\n  # c\n", ",# c", "\n]", "\n  ]", "\n}", "\n\n", "  \\\n  ", "\\ ", "''", "\\\n\n",
          "... # c\n", "&b\n  ", "*b", "- *a\n", "<<: [*a, *b]\n", "<<: *a\n  ", "&a\n- ", "&", "*"]


@st.composite
def edited(draw) -> str:
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(0, 5))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "swap", "cut"]))
        if kind == "insert":
            text = text[:where] + draw(st.sampled_from(PIECES)) + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)):]
        elif kind == "cut":
            text = text[:where]
        else:
            lines = text.split("\n")
            if len(lines) > 1:
                a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


POSITIONS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 400)), max_size=6)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(), POSITIONS)
def test_the_domain_layer_survives_any_edit(text, positions):
    analyzer = Analyzer("file:///fuzz.yaml")
    analysis = analyzer.analyse(text, WorkspaceModel(), Settings())
    documents = analyzer.parse(text)
    lines = split_lines(text)
    for finding in analysis.findings:
        assert finding.start <= finding.end
        assert 0 <= finding.start[0] < len(lines) and finding.end[0] < len(lines)
        assert finding.end[1] <= len(lines[finding.end[0]]) or finding.end == finding.start
    for found in quick_fixes(analysis.findings, (0, 0), (len(lines), 0), text, lines, documents):
        for edit in found.fix.edits:
            assert edit.start <= edit.end and 0 <= edit.start[0] and edit.end[0] < len(lines)
            assert edit.end[1] <= len(lines[edit.end[0]])
    schema = load_schema()
    for line, column in positions:
        line %= len(lines)
        column %= len(lines[line]) + 1
        hover(lines, line, column, documents, schema)
        for item in complete(lines, line, column, documents, schema):
            assert 0 <= item.replace_start <= column
    inlay_hints(documents, schema)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_the_fast_reader_agrees_with_ruamel_or_steps_aside(text):
    for offset, chunk in split_documents(text):
        try:
            fast = parse_fast(chunk)
        except (Unsupported, IndexError, RecursionError):
            continue
        slow = _parse_with_ruamel(chunk, offset)
        assert slow.error is None, f"accepted invalid YAML: {slow.error.message}\n{chunk!r}"
        assert difference(fast, slow.root) is None, (difference(fast, slow.root), chunk)
