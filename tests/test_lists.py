"""`kind: List` documents (what `kubectl get -o yaml` writes) are read item by item: every
item is checked as a document of its own, at its place in the file, and an edit re-reads only
the item it touched."""

from __future__ import annotations

import textwrap

import pytest
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.ide.hover import hover
from pod_ls.kube.files.lists import split_manifests
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.schema import load_schema
from pod_ls.settings import DEFAULT_MAX_CHECKED_CHARACTERS, Settings
from pod_ls.yaml.parse import split_lines

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
POD = wrap("Pod", "dnsPolicy: None\n" + C)
DEPLOYMENT = wrap("Deployment", "restartPolicy: Never\n" + C)


def as_list(objects: list[str], indent: int = 0, kind_first: bool = False) -> str:
    items = "".join(textwrap.indent("- " + textwrap.indent(o, "  ")[2:], " " * indent) for o in objects)
    if kind_first:
        return "apiVersion: v1\nkind: List\nitems:\n" + items
    return "apiVersion: v1\nitems:\n" + items + "kind: List\nmetadata:\n  resourceVersion: \"\"\n"


def findings(text: str):
    return Analyzer("file:///list.yaml").analyse(text, WorkspaceModel(), Settings()).findings


@pytest.mark.parametrize("indent, kind_first", [(0, False), (2, True), (4, False)],
                         ids=["kubectl-get", "indented-kind-first", "deeply-indented"])
def test_every_item_is_checked_where_it_stands(indent, kind_first):
    text = as_list([POD, DEPLOYMENT, POD], indent, kind_first)
    lines = split_lines(text)
    found = [(f.rule, lines[f.start[0]][f.start[1]:f.end[1]]) for f in findings(text)]
    assert found == [("dns-none-without-config", "None"), ("workload-restart-policy", "Never"),
                     ("dns-none-without-config", "None")]


def test_a_list_of_one_item_with_comments_between():
    text = "apiVersion: v1\nkind: List\nitems:\n# the one pod\n- " + textwrap.indent(POD, "  ")[2:] + "\n# end\n"
    assert [f.rule for f in findings(text)] == ["dns-none-without-config"]


def test_the_items_quick_fixes_stay_inside_the_list():
    """No headless Service is created after an item: a document there would cut the List."""
    pod = wrap("Pod", "hostname: h\nsubdomain: web\n" + C)
    [finding] = [f for f in findings(as_list([pod])) if f.rule == "subdomain-headless-service"]
    assert finding.fixes == ()


def test_other_documents_and_anchored_lists_are_left_whole():
    stream = POD + "---\n" + DEPLOYMENT
    assert split_manifests(stream) == [(0, POD), (POD.count("\n"), "---\n" + DEPLOYMENT)]
    anchored = as_list([POD.replace("name: p", "name: &n p"), POD.replace("name: p", "name: *n")])
    assert split_manifests(anchored) == [(0, anchored)]


def test_an_edit_rereads_only_its_item():
    analyzer = Analyzer("file:///list.yaml")
    text = as_list([POD.replace("name: p", f"name: p{n}") for n in range(50)])
    analyzer.analyse(text, WorkspaceModel(), Settings())
    before = analyzer.parse(text)
    edited = text.replace("name: p7\n", "name: p7x\n")
    analyzer.analyse(edited, WorkspaceModel(), Settings())
    after = analyzer.parse(edited)
    assert len(after) == 52
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a.root is not b.root]
    assert changed == [8]


def test_a_huge_list_is_bounded_and_read_in_steps():
    """A 10 MB `kubectl get pods -o yaml` is checked up to the bound, a step at a time."""
    pod = POD.replace("dnsPolicy: None\n", "dnsPolicy: None\n" + "  # padding\n" * 40)
    text = as_list([pod] * (10_000_000 // len(pod)))
    steps = list(Analyzer("file:///dump.yaml").steps(text, WorkspaceModel(), Settings(), batch=50))
    assert len(steps) > 10 and all(s.partial for s in steps[:-1])
    final = steps[-1].findings
    assert final[0].rule == "file-too-large"
    checked = sum(f.rule == "dns-none-without-config" for f in final)
    assert 0 < checked * len(pod) <= DEFAULT_MAX_CHECKED_CHARACTERS + 2 * len(pod)


def test_the_bound_is_a_setting():
    pod = POD.replace("dnsPolicy: None\n", "dnsPolicy: None\n" + "  # padding\n" * 40)
    text = as_list([pod] * 200)
    bounded = Settings.model_validate({"maxCheckedCharacters": 20 * len(pod)})
    findings = Analyzer("file:///dump.yaml").analyse(text, WorkspaceModel(), bounded).findings
    assert findings[0].rule == "file-too-large" and "maxCheckedCharacters" in findings[0].message
    assert 15 < sum(f.rule == "dns-none-without-config" for f in findings) < 25
    unbounded = Analyzer("file:///dump.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert sum(f.rule == "dns-none-without-config" for f in unbounded) == 200


def test_hover_inside_an_item_knows_the_pod():
    text = as_list([POD])
    lines = split_lines(text)
    line = lines.index("    dnsPolicy: None")
    analyzer = Analyzer("file:///list.yaml")
    found = hover(lines, line, 6, analyzer.parse(text), load_schema())
    assert found is not None and "DNS" in found.markdown


JSON_LIST = """{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "shop"},
   "spec": {"containers": [{"name": "a", "image": "nginx:1.27"}]}},
  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"},
   "spec": {"dnsPolicy": "None", "hostname": "h", "subdomain": "db",
            "containers": [{"name": "b", "image": "nginx:1.27"}]}},
  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "c"},
   "spec": {"selector": {"matchLabels": {"app": "c"}}, "template": {"metadata": {"labels": {"app": "c"}},
     "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "nginx:1.27"}]}}}}
]}
"""


def test_a_json_list_that_is_not_split_has_each_item_checked():
    """`kubectl get -o json` writes one flow document; each item's pod spec is checked in place
    (with its own kind), and no quick fix appends a YAML document after the JSON."""
    lines = split_lines(JSON_LIST)
    found = {(f.rule, lines[f.start[0]][f.start[1]:f.end[1]], f.start[0]): f for f in findings(JSON_LIST)}
    assert set(found) >= {("dns-none-without-config", '"None"', 4), ("workload-restart-policy", '"Never"', 8)}
    assert not [f for f in found.values() if f.start[0] in (1, 2)]
    assert all(not f.fixes or all("Service" not in fix.title for fix in f.fixes) for f in found.values())


def test_a_json_list_gives_each_item_its_own_pod_spec_kind_and_namespace():
    from pod_ls.kube.locate import find_pod_specs
    from pod_ls.yaml.parse import parse_stream

    [document] = parse_stream(JSON_LIST)
    specs = find_pod_specs(document)
    assert [(s.kind, s.namespace, s.root.start[0]) for s in specs] == [
        ("Pod", "shop", 1), ("Pod", None, 3), ("Deployment", None, 6)]
