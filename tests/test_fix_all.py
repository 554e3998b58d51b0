"""`source.fixAll` in the domain: every safe fix at once, as edits that do not overlap, that
leave a text in which nothing safe is left to fix (a second run changes nothing), and that
add no error, over the quick-fix test files and the real corpus."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import CORPUS
from fixing import apply_edits, judge
from test_fix_safety import AWKWARD
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Edit, Finding, Fix, Severity
from pod_ls.ide.fixes.fix_all import apply, fix_all
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

C = "containers:\n  - name: app\n    image: nginx:1.27\n"


def analyse(text: str, settings: Settings | None = None) -> list[Finding]:
    return Analyzer("file:///all.yaml").analyse(text, WorkspaceModel(), settings or Settings()).findings


def fix_edits(text: str, settings: Settings | None = None) -> list[Edit]:
    edits = fix_all(text, analyse(text, settings), lambda t: analyse(t, settings))
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False)), "edits overlap"
    return edits


def fixed(text: str, settings: Settings | None = None) -> str:
    return apply_edits(text, fix_edits(text, settings))


def errors(findings: list[Finding]) -> Counter:
    return Counter(f.rule for f in findings if f.severity == Severity.ERROR)


def test_every_safe_fix_of_a_file_at_once():
    text = wrap("Deployment", "restartPolicy: Never\n" + C + "    livenessProbe:\n      exec: {command: [a]}\n"
                "      successThreshold: 3\n    env:\n      - {name: PORT, value: 8080}\n    imagePullPolcy: Always\n"
                "volumes:\n  - name: v\n    configMap: {name: c, defaultMode: 644}\n")
    after = fixed(text)
    assert "restartPolicy: Always" in after and "successThreshold: 1" in after
    assert 'value: "8080"' in after and "defaultMode: 0644" in after
    assert "imagePullPolcy" in after, "a did-you-mean is a guess: left to the user"
    assert {f.rule for f in analyse(after)} == {"unknown-field"}
    assert fixed(after) == after


def test_a_line_is_removed_unasked_only_without_a_comment():
    text = wrap("Pod", "serviceAccountName: a\nserviceAccount: b\n" + C)
    assert "serviceAccount: b" not in fixed(text)
    commented = text.replace("serviceAccount: b", "serviceAccount: b  # the old one")
    assert fixed(commented) == commented


def test_a_value_an_alias_reads_too_is_left_to_the_user():
    probe = "      exec: {command: [a]}\n      successThreshold: &t 3\n"
    text = wrap("Pod", C + "    livenessProbe:\n" + probe + "    readinessProbe:\n      exec: {command: [a]}\n"
                "      successThreshold: *t\n")
    assert [fix.safe for f in analyse(text) for fix in f.fixes] == [True]
    assert fixed(text) == text


def test_nothing_safe_means_no_edit():
    text = wrap("Job", C)  # restartPolicy: OnFailure or Never, a choice
    assert analyse(text) and fix_all(text, analyse(text), analyse) == []


def test_a_rule_switched_off_is_not_fixed():
    text = wrap("Pod", C + "    livenessProbe:\n      exec: {command: [a]}\n      successThreshold: 3\n")
    off = Settings.model_validate({"rules": {"probe-success-threshold": "off"}})
    assert fixed(text, off) == text
    assert fixed(text.replace("successThreshold: 3", "successThreshold: 3  # pod-ls: disable=probe-success-threshold"))\
        .count("successThreshold: 3") == 1


def _finding(*edits: Edit) -> Finding:
    return Finding("x", Severity.ERROR, "m", edits[0].start, edits[0].end, fixes=(Fix("t", edits, safe=True),))


def test_a_fix_that_overlaps_another_waits_for_the_next_round():
    text = "a: 1\nc: 1\n"
    first, overlapping = _finding(Edit((0, 3), (0, 4), "2")), _finding(Edit((0, 0), (0, 4), "a: 3"))
    later = iter([[_finding(Edit((0, 0), (0, 1), "b"))], []])
    edits = fix_all(text, [first, overlapping], lambda _: next(later))
    assert apply(text, edits) == "b: 2\nc: 1\n"
    assert [(e.start, e.end) for e in edits] == [((0, 0), (1, 0))], "the changed lines, whole"


def test_an_insertion_where_another_edit_starts_waits_too():
    text = "a: 1\n"
    edits = fix_all(text, [_finding(Edit((0, 0), (0, 0), "b: 2\n")), _finding(Edit((0, 0), (0, 1), "c"))],
                    lambda _: [])
    assert apply(text, edits) == "b: 2\na: 1\n"


@pytest.mark.parametrize("name", list(AWKWARD))
def test_fix_all_of_an_awkward_file_is_safe_and_final(name):
    text = AWKWARD[name]
    edits = fix_edits(text)
    after = apply_edits(text, edits)
    if after == text:
        return
    verdict = judge(text, after, _fixed_rule(text, after), Fix("all", tuple(edits)))
    assert not [p for p in verdict.problems if "still there" not in p], verdict.problems
    assert not errors(analyse(after)) - errors(analyse(text))
    assert fixed(after) == after


def _fixed_rule(before: str, after: str) -> str:
    gone = Counter(f.rule for f in analyse(before)) - Counter(f.rule for f in analyse(after))
    return next(iter(gone), "none")


def test_fix_all_of_the_real_corpus_adds_no_error_and_is_final():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is not beside the checkout")
    changed, problems = 0, []
    for path in sorted(CORPUS.rglob("*.y*ml")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        after = fixed(text)
        if after == text:
            continue
        changed += 1
        if added := errors(analyse(after)) - errors(analyse(text)):
            problems.append(f"{path.relative_to(CORPUS)}: new errors {dict(added)}")
        if fixed(after) != after:
            problems.append(f"{path.relative_to(CORPUS)}: a second run changes it again")
    assert changed >= 2  # the corpus is mostly valid: few of its findings have one obvious fix
    assert not problems, "\n".join(problems)
