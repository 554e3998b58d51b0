"""The real-world manifests in ../shared/corpus/real (skipped when the folder is absent):
every file is analysed without an exception, the Pod rules stay silent on valid specs, hover
and completion answer everywhere, and `pod-ls check` gives exactly the findings pinned in
corpus_findings.txt, each reviewed as what the API server (or the run time) does to that
manifest. A change of findings is a change to review: run `python tests/test_corpus.py` to
write the new list, and read its diff."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.ide.completion.completion import complete
from pod_ls.ide.hover import hover
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.locate import find_pod_specs
from pod_ls.kube.schema import load_schema
from pod_ls.settings import Settings
from pod_ls.yaml.parse import split_lines

FILES = sorted(CORPUS.rglob("*.yaml")) if CORPUS.is_dir() else []
PINNED = Path(__file__).with_name("corpus_findings.txt")
POD_RULES = {"probe-success-threshold", "dns-none-without-config", "subdomain-headless-service"}
pytestmark = pytest.mark.skipif(not FILES, reason=f"corpus not found at {CORPUS}")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def test_the_corpus_is_there():
    assert len(FILES) > 300


def test_every_file_is_analysed_and_the_pod_rules_stay_silent():
    services = WorkspaceModel()
    analyzers = {path: Analyzer(str(path)) for path in FILES}
    for path, analyzer in analyzers.items():  # Services first, as the workspace scan does
        analyzer.analyse(_read(path), services, Settings())
    fired = []
    for path, analyzer in analyzers.items():
        analysis = analyzer.analyse(_read(path), services, Settings())
        fired += [(path.name, f.rule, f.start) for f in analysis.findings if f.rule in POD_RULES]
        text_lines = split_lines(_read(path))
        for f in analysis.findings:
            assert 0 <= f.start[0] <= f.end[0] < len(text_lines) + 1
    assert fired == []


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_hover_and_completion_answer_on_every_line(path: Path):
    text = _read(path)
    lines = split_lines(text)
    documents = Analyzer(str(path)).parse(text)
    schema = load_schema()
    hovers = 0
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        for column in {indent, indent + 2, len(line)}:
            hovers += hover(lines, number, column, documents, schema) is not None
            complete(lines, number, column, documents, schema)
    if any(find_pod_specs(d) for d in documents):
        assert hovers > 0


def check_the_corpus() -> list[str]:
    """`pod-ls check` over the corpus as CI runs it: one line per finding, path relative to the corpus."""
    run = subprocess.run([sys.executable, "-m", "pod_ls", "check", "--format", "json", "--severity", "hint",
                          str(CORPUS)], capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    report = run.stdout[:run.stdout.rindex("]") + 1]
    return sorted(f"{Path(f['path']).relative_to(CORPUS)}:{f['start']['line'] + 1}:{f['start']['column'] + 1} "
                  f"{f['severity']} {f['rule']}" for f in json.loads(report))


def test_check_gives_the_pinned_findings():
    found = check_the_corpus()
    pinned = PINNED.read_text().splitlines()
    assert [line for line in found if line not in pinned] == [], "new findings: review them, then re-pin"
    assert [line for line in pinned if line not in found] == [], "findings gone: review, then re-pin"


if __name__ == "__main__":
    PINNED.write_text("".join(line + "\n" for line in check_the_corpus()))
