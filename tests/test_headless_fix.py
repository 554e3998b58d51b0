"""The fix for a subdomain or serviceName whose Service is there but not headless: `clusterIP:
None` in that Service's spec, in the Service's own file, with its comments, indentation, line
breaks and data kept (judged as every quick fix is, `fixing.judge`), and nothing offered
where None would be refused."""

from __future__ import annotations

import pytest
from fixing import apply_edits, data_changes, judge
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.ide.fixes.headless import headless_fixes
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.locate import document_at
from pod_ls.settings import Settings
from pod_ls.yaml.parse import parse_stream, split_lines

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
POD = wrap("Pod", "hostname: h\nsubdomain: web\n" + C)
SERVICE = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n"
           "  ports: [{port: 80}]\n")

SERVICES = {
    "block": SERVICE,
    "comments": "# the web Service\napiVersion: v1\nkind: Service\nmetadata:\n  name: web  # its name\n"
                "spec:  # what it serves\n  # the Pods it picks\n  selector:\n    app: web\n  ports:\n  - port: 80\n",
    "deep-indent": "apiVersion: v1\nkind: Service\nmetadata:\n    name: web\nspec:\n    ports:\n        - port: 80\n",
    "flow-spec": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n",
    "empty-cluster-ip": SERVICE.replace("spec:\n", "spec:\n  clusterIP: \"\"\n"),
    "cluster-ip-type": SERVICE.replace("spec:\n", "spec:\n  type: ClusterIP\n"),
    "second-document": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + SERVICE,
    "list-item": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n"
                 "    name: web\n  spec:\n    ports:\n    - port: 80\n",
    "crlf": SERVICE.replace("\n", "\r\n"),
    "no-final-newline": SERVICE.rstrip("\n"),
    "emoji": "# 🚀 service\n" + SERVICE.replace("name: web\n", "name: web  # ✨\n"),
}
REFUSED = {
    "node-port": SERVICE.replace("spec:\n", "spec:\n  type: NodePort\n"),
    "cluster-ips": SERVICE.replace("spec:\n", "spec:\n  clusterIPs: [10.0.0.9]\n"),
    "merged-spec": "x: &base {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                   "spec:\n  <<: *base\n",
}


def _analyse(pod: str, service: str, same_file: bool) -> tuple[list, dict[str, str]]:
    model = WorkspaceModel()
    files = {"file:///pod.yaml": pod + "---\n" + service if same_file else pod}
    if not same_file:
        files["file:///svc.yaml"] = service
        Analyzer("file:///svc.yaml").analyse(service, model, Settings())
    findings = Analyzer("file:///pod.yaml").analyse(files["file:///pod.yaml"], model, Settings()).findings
    return [f for f in findings if f.rule == "subdomain-headless-service"], files


def _read(files: dict[str, str]):
    def read(uri: str, line: int):
        text = files.get(uri)
        return None if text is None else (text, split_lines(text), document_at(parse_stream(text), line))
    return read


def _offered(pod: str, service: str, same_file: bool = False):
    findings, files = _analyse(pod, service, same_file)
    return [fix for f in findings for fix in headless_fixes(f, _read(files))], files


@pytest.mark.parametrize("name", list(SERVICES))
def test_the_service_in_another_file_is_made_headless(name):
    service = SERVICES[name]
    [found], _ = _offered(POD, service)
    assert found.uri == "file:///svc.yaml" and "recreate the Service" in found.fix.title
    assert not found.fix.preferred and not found.fix.safe
    after = apply_edits(service, list(found.fix.edits))
    assert not data_changes(service, after, list(found.fix.edits))
    assert ("\r\n" in service) == (after.count("\n") == after.count("\r\n"))
    assert after.endswith("\n") == service.endswith("\n")
    assert [line for line in after.splitlines() if "#" in line] == \
        [line for line in service.splitlines() if "#" in line]
    findings, _ = _analyse(POD, after, same_file=False)
    assert findings == [], after
    assert not [f for f in Analyzer("file:///svc.yaml").analyse(after, WorkspaceModel(), Settings()).findings
                if f.rule not in ("service-selects-nothing",)], after


@pytest.mark.parametrize("name", ["block", "comments", "flow-spec", "crlf", "emoji"])
def test_the_service_in_the_same_file_is_made_headless(name):
    service = SERVICES[name]
    pod = POD.replace("\n", "\r\n") if name == "crlf" else POD
    [found], files = _offered(pod, service, same_file=True)
    text = files["file:///pod.yaml"]
    assert found.uri == "file:///pod.yaml"
    after = apply_edits(text, list(found.fix.edits))
    assert judge(text, after, "subdomain-headless-service", found.fix), judge(text, after, "subdomain-headless-service",
                                                                               found.fix).problems


def test_a_statefulset_s_service_gets_the_fix_too():
    sts = wrap("StatefulSet", C).replace("serviceName: s", "serviceName: web")
    [found], _ = _offered(sts, SERVICE)
    assert apply_edits(SERVICE, list(found.fix.edits)) == SERVICE.replace("spec:\n", "spec:\n  clusterIP: None\n")


@pytest.mark.parametrize("name", list(REFUSED))
def test_no_fix_where_none_would_be_refused_or_not_all_of_the_spec_is_there(name):
    findings, files = _analyse(POD, REFUSED[name], same_file=False)
    assert findings and not [fix for f in findings for fix in headless_fixes(f, _read(files))]


def test_no_fix_for_a_missing_service_or_one_in_another_namespace():
    missing, _ = _offered(POD, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
    elsewhere, _ = _offered(wrap("Pod", "hostname: h\nsubdomain: web\n" + C, namespace="shop"),
                            SERVICE.replace("  name: web\n", "  name: web\n  namespace: other\n"))
    assert missing == [] and elsewhere == []


def test_a_service_file_that_is_gone_offers_nothing():
    findings, _ = _analyse(POD, SERVICE, same_file=False)
    assert [fix for f in findings for fix in headless_fixes(f, _read({}))] == []
