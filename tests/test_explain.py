"""Findings that explain themselves, in the domain: every rule has a section of docs/rules.md at
the anchor its link names, the examples there are reported, the other place a finding is about
is given with it, findings about deprecated fields say so, and `pod-ls check` reports it all."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.cli.check import FileResult
from pod_ls.cli.reports import sarif, to_json
from pod_ls.findings import Finding
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules import RULES, load_rules
from pod_ls.settings import Settings
from pod_ls.settings_files import DEFAULT_DOCS_URL, REPOSITORY

load_rules()
C = "containers:\n  - name: app\n    image: nginx:1.27\n"


def github_anchor(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger): lower case, punctuation but `-` and `_`
    dropped, each space a `-`."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> list[str]:
    """Every heading's anchor, a repeated one numbered as GitHub numbers it."""
    found: list[str] = []
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE):
        slug = base = github_anchor(heading)
        number = 0
        while slug in found:
            number += 1
            slug = f"{base}-{number}"
        found.append(slug)
    return found


def findings(text: str, settings: Settings | None = None) -> list[Finding]:
    return Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), settings or Settings()).findings


def of(rule: str, text: str) -> list[Finding]:
    return [f for f in findings(text) if f.rule == rule]


def at(text: str, pos: tuple[int, int], end: tuple[int, int]) -> str:
    lines = text.split("\n")
    assert pos[0] == end[0]
    return lines[pos[0]][pos[1]:end[1]]


def test_the_anchor_of_a_heading_is_github_s():
    assert github_anchor("pod-ls rules") == "pod-ls-rules"
    assert github_anchor("`api-version`") == "api-version"
    assert github_anchor("What it does?") == "what-it-does"
    assert anchors("# a\n## a\n## a\n") == ["a", "a-1", "a-2"]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_s_link_lands_on_its_own_section(rule_id):
    # Lower case letters, digits and dashes: what GitHub's slugger keeps as it is.
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule_id)
    url = Settings().rule_url(rule_id)
    page, _, anchor = url.partition("#")
    assert page == DEFAULT_DOCS_URL and page.endswith("/docs/rules.md")
    markdown = (ROOT / "docs" / "rules.md").read_text()
    assert anchor == rule_id and anchor in anchors(markdown)
    section = markdown.split(f"\n## {rule_id}\n", 1)[1].split("\n## ", 1)[0]
    rule = RULES[rule_id]
    assert rule.doc in section and f"Default severity: {rule.severity.name.lower()}" in section
    module = f"{rule.module.replace('.', '/')}.py"
    assert f"`{module}`" in section and (ROOT / module).exists()


def test_the_docs_url_is_the_repository_of_the_editor_extension():
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text())
    assert package["repository"]["url"].removesuffix(".git") == REPOSITORY
    assert package["contributes"]["configuration"]["properties"]["podls.docsUrl"]["default"] == DEFAULT_DOCS_URL
    assert DEFAULT_DOCS_URL.startswith(REPOSITORY + "/")


def test_the_docs_url_is_a_setting_and_empty_turns_links_off():
    assert Settings.model_validate({"docsUrl": "https://docs.example/rules"}).rule_url("x") == \
        "https://docs.example/rules#x"
    assert Settings.model_validate({"docsUrl": ""}).rule_url("image-tag") is None


def test_the_kubernetes_code_a_rule_ports_is_named():
    from pod_ls.cli.rules_doc import ported

    assert ported(RULES["containers-required"]) == "`validateContainers`"
    probes = ported(RULES["probe-handler"])
    assert "`validateProbe`" in probes and "named by its module" in probes
    assert ported(RULES["image-tag"]) == "none named"


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if r.example))
def test_every_example_in_the_docs_is_reported(rule_id):
    assert of(rule_id, RULES[rule_id].example)
    assert len([r for r in RULES.values() if r.example]) >= 8


# (rule, text, the reported text, the related place's text, its message)
DUPLICATES = [
    ("duplicate-name", wrap("Pod", C + "  - name: app\n    image: b:1\n"), "app", "app",
     "the first container name 'app'"),
    ("duplicate-name", wrap("Pod", C + "volumes:\n  - {name: v, emptyDir: {}}\n  - {name: v, emptyDir: {}}\n"),
     "v", "v", "the first volume name 'v'"),
    ("duplicate-key", wrap("Pod", C + "    image: b:1\n"), "image", "image", "the first one"),
    ("duplicate-env", wrap("Pod", C + "    env: [{name: A, value: x}, {name: A, value: y}]\n"), "A", "A",
     "'A' first set"),
    ("duplicate-host-port", wrap("Pod", C + "    ports: [{containerPort: 80, hostPort: 90}]\n  - name: b\n"
                                 "    image: b:1\n    ports: [{containerPort: 81, hostPort: 90}]\n"),
     "90", "90", "host port 90/TCP first"),
    ("sysctl", wrap("Pod", C + "securityContext:\n  sysctls: [{name: kernel.shm_rmid_forced, value: '1'},"
                    " {name: kernel.shm_rmid_forced, value: '0'}]\n"),
     "kernel.shm_rmid_forced", "kernel.shm_rmid_forced", "sysctl 'kernel.shm_rmid_forced' first set"),
    ("scheduling-gate", wrap("Pod", C + "schedulingGates: [{name: a.io/g}, {name: a.io/g}]\n"), "a.io/g", "a.io/g",
     "the first gate 'a.io/g'"),
    ("selector-mismatch", wrap("Deployment", C).replace("labels: {app: a}", "labels: {app: b}"), "b", "app",
     "what the selector wants"),
]


@pytest.mark.parametrize(("rule", "text", "reported", "first", "message"), DUPLICATES,
                         ids=[f"{d[0]}-{n}" for n, d in enumerate(DUPLICATES)])
def test_a_finding_names_the_other_place_it_is_about(rule, text, reported, first, message):
    [finding] = of(rule, text)
    [place] = finding.related
    assert place.uri is None and place.message == message
    assert at(text, finding.start, finding.end) == reported
    assert at(text, place.start, place.end) == first
    assert place.start < finding.start or rule == "selector-mismatch"


def test_related_places_move_with_their_document():
    pod = wrap("Pod", C + "  - name: app\n    image: b:1\n")
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + pod
    [finding] = of("duplicate-name", text)
    assert at(text, finding.related[0].start, finding.related[0].end) == "app"
    assert finding.related[0].start[0] == 4 + pod.split("\n").index("    - name: app")


def test_the_service_a_subdomain_names_is_related_in_its_own_file():
    model = WorkspaceModel()
    service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n"
    Analyzer("file:///svc.yaml").analyse(service, model, Settings())
    pod = wrap("Pod", "hostname: h\nsubdomain: web\n" + C)
    [finding] = [f for f in Analyzer("file:///pod.yaml").analyse(pod, model, Settings()).findings
                 if f.rule == "subdomain-headless-service"]
    [place] = finding.related
    assert (place.uri, place.start, place.end) == ("file:///svc.yaml", (3, 8), (3, 11))


def test_a_statefulset_s_service_that_is_not_headless_is_reported():
    text = wrap("StatefulSet", C).replace("serviceName: s", "serviceName: web") + \
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n"
    [finding] = of("subdomain-headless-service", text)
    assert at(text, finding.start, finding.end) == "web" and finding.data["case"] == "not-headless"
    assert at(text, finding.related[0].start, finding.related[0].end) == "web"
    assert not of("subdomain-headless-service", text.replace("  ports: [{port: 80}]", "  clusterIP: None"))
    assert not of("subdomain-headless-service", wrap("StatefulSet", C))  # no Service here: made elsewhere
    assert "(<pod>.web)" in finding.message


def test_a_statefulset_template_s_subdomain_is_not_the_pods():
    """initIdentity (pkg/controller/statefulset) sets each Pod's subdomain to serviceName."""
    text = wrap("StatefulSet", "subdomain: other\n" + C).replace("serviceName: s", "serviceName: web") + \
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n"
    assert not of("subdomain-headless-service", text)


DEPRECATED = [
    ("deprecated-service-account", wrap("Pod", "serviceAccountName: a\nserviceAccount: b\n" + C)),
    ("seccomp-profile", wrap("Pod", C).replace(
        "  name: p\n", "  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: bogus\n")),
    ("apparmor-profile", wrap("Pod", C).replace(
        "  name: p\n", "  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: bogus\n")),
]


@pytest.mark.parametrize(("rule", "text"), DEPRECATED, ids=[d[0] for d in DEPRECATED])
def test_findings_about_deprecated_fields_say_so(rule, text):
    assert [f.deprecated for f in of(rule, text)] == [True]


def test_other_findings_are_not_deprecated():
    assert not any(f.deprecated for f in findings(wrap("Pod", "dnsPolicy: None\n" + C)))


def test_check_reports_links_and_related_places():
    text = wrap("Pod", C + "  - name: app\n    image: b:1\n")
    result = FileResult("pod.yaml", of("duplicate-name", text))
    [entry] = json.loads(to_json([result]))
    assert entry["url"] == f"{DEFAULT_DOCS_URL}#duplicate-name"
    assert entry["related"] == [{"path": "pod.yaml", "message": "the first container name 'app'",
                                 "start": {"line": 7, "column": 13}, "end": {"line": 7, "column": 16}}]
    assert "url" not in json.loads(to_json([result], rule_url=Settings(docs_url="").rule_url))[0]
    log = json.loads(sarif([result]))
    [run] = log["runs"]
    [found] = run["results"]
    assert found["relatedLocations"] == [{
        "id": 0, "physicalLocation": {"artifactLocation": {"uri": "pod.yaml"}, "region": {
            "startLine": 7, "startColumn": 13, "endLine": 7, "endColumn": 16}},
        "message": {"text": "the first container name 'app'"}}]
    assert {r["helpUri"] for r in run["tool"]["driver"]["rules"] if r["id"] == "duplicate-name"} == \
        {f"{DEFAULT_DOCS_URL}#duplicate-name"}
