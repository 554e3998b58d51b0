"""Test tables translated from Kubernetes' own validation tests.

Each `Case` names the Go test and the case it comes from (`TestValidateDeployment/"missing
selector"`) and holds a whole manifest. A case that the API server rejects marks the line of
the field the API names with `# <- rejected` at its end; pod-ls must report an error on that
line or the one next to it. A case without the mark is accepted: pod-ls must report no error
at all on it. Warnings and hints do not count either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Finding, Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings
from pod_ls.yaml.parse import split_lines

MARK = "# <- rejected"


@dataclass(frozen=True)
class Case:
    source: str
    """The Go test function and the name of its case."""
    yaml: str
    version: str = "1.37"
    """The kubernetesVersion to check with."""

    @property
    def rejected_line(self) -> int | None:
        lines = split_lines(self.yaml)
        return next((n for n, line in enumerate(lines) if line.rstrip().endswith(MARK)), None)


def errors(case: Case) -> list[Finding]:
    settings = Settings.model_validate({"kubernetesVersion": case.version})
    found = Analyzer("file:///case.yaml").analyse(case.yaml, WorkspaceModel(), settings).findings
    return [f for f in found if f.severity == Severity.ERROR]


def problem(case: Case) -> str | None:
    """What pod-ls gets wrong about the case, or None."""
    found = errors(case)
    line = case.rejected_line
    shown = [(f.start[0], f.rule, f.message) for f in found]
    if line is None:
        return f"accepted by the API server, but pod-ls reports {shown}" if found else None
    if not any(abs(f.start[0] - line) <= 1 for f in found):
        return f"rejected at line {line}, but pod-ls reports {shown or 'no error'}"
    return None


def case_ids(cases: list[Case]) -> list[str]:
    return [f"{c.source} [{'reject' if c.rejected_line is not None else 'accept'}]" for c in cases]
