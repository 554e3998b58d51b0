"""A check that `needs` words runs only on documents that hold one of them (`rules.checks_for`).
That must never change a finding: run every check everywhere and compare, over the real corpus,
the examples and every rule's own example; and a field that only an escape spells is still
checked."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT

from pod_ls.analysis import document
from pod_ls.analysis.analyzer import Analyzer
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules import CHECKS, RULES, Selection, checks_for, load_rules
from pod_ls.settings import Settings

load_rules()


def _everything(text: str) -> Selection:
    return Selection([c.function for c in CHECKS if not c.uses_workspace],
                     [c.function for c in CHECKS if c.uses_workspace])


def _findings(text: str, version: str | None = None) -> list[tuple]:
    settings = Settings(kubernetesVersion=version) if version else Settings()
    analysis = Analyzer("file:///needs.yaml").analyse(text, WorkspaceModel(), settings)
    return [(f.rule, f.start, f.end, f.message) for f in analysis.findings]


def _texts() -> dict[str, str]:
    texts = {f"rule {rule.id}": rule.example for rule in RULES.values() if rule.example}
    texts |= {str(path.relative_to(ROOT)): path.read_text() for path in sorted((ROOT / "examples").rglob("*.yaml"))}
    if CORPUS.is_dir():
        texts |= {str(path.relative_to(CORPUS)): path.read_text(errors="replace")
                  for path in sorted(CORPUS.rglob("*.y*ml"))}
    return texts


TEXTS = _texts()

SPELLED = {
    "key escaped with \\u": ('kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a:1\n'
                             '    securityContext: {"\\u0073eccompProfile": {type: Localhost}}\n', "seccomp-profile"),
    "key escaped with \\x": ('kind: Pod\nspec:\n  securityContext:\n    "\\x73ysctls": [{name: "a b"}]\n'
                             "  containers:\n  - name: a\n    image: a:1\n", "sysctl"),
    "value escaped": ('kind: Pod\nspec:\n  os: {name: "windo\\x77s"}\n  hostPID: true\n  containers:\n'
                      "  - name: a\n    image: a:1\n", "os-specific-field"),
}
"""Fields and values that only an escape spells: no word of the check's `needs` is in the text."""


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_finding_changes_when_every_check_runs(name, monkeypatch):
    text = TEXTS[name]
    kept = _findings(text)
    monkeypatch.setattr(document, "checks_for", _everything)
    assert _findings(text) == kept


@pytest.mark.parametrize("name", sorted(SPELLED))
@pytest.mark.parametrize("version", ["1.29", None])
def test_fields_spelled_by_escapes_are_still_checked(name, version):
    text, rule = SPELLED[name]
    assert rule in {finding[0] for finding in _findings(text, version)}


def test_a_document_without_the_words_skips_the_checks():
    plain = checks_for("kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a:1\n")
    names = {f.__name__ for f in plain.own}
    assert "apparmor_profile" not in names and "hugepages" not in names
    assert "schema_checks" in names  # no needs: runs everywhere
    escaped = checks_for("kind: Pod\nmetadata:\n  name: \"a\\x62\"\n")
    assert len(escaped.own) + len(escaped.linked) == len(CHECKS)
