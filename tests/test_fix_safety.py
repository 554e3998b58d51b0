"""Every quick fix, applied to every finding of the real corpus and of a set of awkward files,
leaves YAML that parses, with the finding gone, no new finding, every comment and line break
kept, and the data changed only where the fix says (see `fixing.judge`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixing import analyse, apply_edits, judge, offered_fixes
from workloads import wrap

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
C = "containers:\n  - name: app\n    image: nginx:1.27\n"

BASES = {
    "dns-none-last-line": wrap("Pod", C + "dnsPolicy: None\n"),
    "dns-none-value-below": wrap("Pod", "dnsPolicy:\n    None\n" + C),
    "dns-config-without-nameservers": wrap("Deployment", "dnsPolicy: None\ndnsConfig:\n  searches: [a.local]\n" + C),
    "host-network-last-line": wrap("Pod", C + "hostNetwork: true\n"),
    "host-network-value-below": wrap("Pod", "hostNetwork:\n    true\n" + C),
    "host-network-cluster-first": wrap("Pod", "hostNetwork: true\ndnsPolicy: ClusterFirst  # cluster\n" + C),
    "job-without-restart-policy": wrap("Job", C),
    "deployment-restart-never": wrap("Deployment", "restartPolicy: Never\n" + C),
    "anchored-invalid-value": wrap("Pod", "dnsPolicy: &policy ClusterFirts\n" + C).replace(
        "  name: p\n", "  name: p\n  annotations:\n    policy: *policy\n"),
    "anchored-value-below": wrap("Pod", "dnsPolicy: &policy\n  ClusterFirts\n" + C).replace(
        "  name: p\n", "  name: p\n  annotations:\n    policy: *policy\n"),
    "anchored-duplicate-name": wrap("Pod", C + "  - name: &second app\n    image: b:1\n").replace(
        "  name: p\n", "  name: p\n  labels:\n    second: *second\n"),
    "duplicate-volume-needing-quotes": wrap("Pod", C + "volumes:\n  - {name: 'a: b', emptyDir: {}}\n"
                                            "  - {name: 'a: b', emptyDir: {}}\n"),
    "subdomain-names-needing-quotes": wrap("Pod", "hostname: h\nsubdomain: '123'\n" + C, namespace="'0x1f'").replace(
        "  name: p\n", "  name: p\n  labels:\n    'on': 'on'\n    '123': 'yes'\n"),
    "subdomain-on": wrap("Pod", "hostname: h\nsubdomain: 'on'\n" + C),
    "quoted-ports": wrap("Pod", C + "    ports:\n      - containerPort: \"*80\"\n      - containerPort: \"80: 1\"\n"
                         "      - containerPort: \"- 80\"\n      - containerPort: \"@80\"\n"
                         "      - containerPort: \"8080\"\n"),
    "quoted-bool-and-unquoted-string": wrap("Pod", "hostNetwork: 'true'\ndnsPolicy: Default\n" + C
                                            + "    env:\n      - {name: A, value: 8080}\n      - name: B\n"
                                            "        value: yes\n"),
    "misspelt-fields": wrap("Pod", C + "    imagePullPolcy: Always\n    livenesProbe: 3\n"),
    "flow-style": "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {dnsPolicy: None, hostNetwork: true,"
                  " containers: [{name: app, image: 'nginx:1.27', imagePullPolcy: Always}, {name: app, image: b}]}}\n",
    "merge-keys": "x-probe: &probe\n  exec: {command: [a]}\n  successThreshold: 3\n---\n" + wrap(
        "Pod", "containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      <<: {periodSeconds: 5}\n"
        "      exec: {command: [a]}\n      successThreshold: 3\n"),
    "multi-line-values": wrap("Pod", "dnsPolicy: None\ncontainers:\n  - name: app\n    image: nginx\n      latest\n"
                              "    imagePullPolicy: \"Alway\n      s\"\n    workingDir: |\n      /a\n"),
    "directive-inside-a-string": wrap("Pod", "containers:\n  - {name: app, image: \"x:1 # pod-ls: disable=unknown-"
                                      "field\", imagePullPolcy: Always}\n"),
    "tabs-in-comments": wrap("Pod", "#\tcomment\twith tabs\ndnsPolicy: None\t# tab before\n" + C),
    "kubectl-get-list": "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n"
                        "    hostname: h\n    subdomain: web\n    containers:\n    - name: app\n"
                        "      image: nginx:1.27\n    dnsPolicy: None\nkind: List\nmetadata: {}\n",
    "helm-like-job": "# Source: chart/templates/job.yaml\n" + wrap("Job", C) + "---\n# trailing\n",
}


def _variants(name: str, text: str) -> dict[str, str]:
    return {
        name: text,
        f"{name}-crlf": text.replace("\n", "\r\n"),
        f"{name}-no-final-newline": text.rstrip("\n"),
        f"{name}-crlf-no-final-newline": text.rstrip("\n").replace("\n", "\r\n"),
        f"{name}-emoji": "# 🚀 déploiement\n" + text.replace("\n", "  # ✨\n", 3),
    }


AWKWARD = {k: v for name, text in BASES.items() for k, v in _variants(name, text).items()}


def _failures(text: str) -> list[str]:
    failures = []
    offered = offered_fixes(text)
    for found in offered:
        after = apply_edits(text, list(found.fix.edits))
        verdict = judge(text, after, found.finding.rule, found.fix)
        if not verdict:
            failures.append(f"{found.finding.rule} / {found.fix.title}: {verdict.problems}\n--- after:\n{after}")
    return failures


@pytest.mark.parametrize("name", list(AWKWARD))
def test_every_fix_of_an_awkward_file_is_safe(name):
    text = AWKWARD[name]
    assert offered_fixes(text), "the file should offer fixes"
    failures = _failures(text)
    assert not failures, "\n\n".join(failures)


def test_every_fix_of_the_real_corpus_is_safe():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is not beside the checkout")
    failures, applied = [], 0
    for path in sorted(CORPUS.rglob("*.y*ml")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        applied += len(offered_fixes(text))
        failures += [f"{path.relative_to(CORPUS)}: {f}" for f in _failures(text)]
    assert applied > 300
    assert not failures, f"{len(failures)} of {applied} fixes break the file:\n" + "\n\n".join(failures[:20])


def test_no_directive_is_offered_where_it_would_become_text():
    """A finding whose line ends inside a string that goes on below offers no "Disable" fix:
    the comment would become part of the string."""
    offered = {(f.finding.rule, f.fix.title.startswith("Disable")) for f in offered_fixes(BASES["multi-line-values"])}
    assert ("dns-none-without-config", True) in offered
    assert ("image-tag", True) not in offered and ("invalid-value", True) not in offered
    assert ("invalid-value", False) in offered


def test_a_directive_inside_a_string_silences_nothing():
    text = BASES["directive-inside-a-string"]
    assert [f.rule for f in analyse(text)] == ["unknown-field"]
    [found] = [f for f in offered_fixes(text) if f.fix.title.startswith("Disable")]
    assert apply_edits(text, list(found.fix.edits)).endswith("Always}  # pod-ls: disable=unknown-field\n")
