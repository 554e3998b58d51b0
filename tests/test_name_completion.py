"""Name completion from cursor-marked text (‸ is the cursor) and a workspace model, without a
server: the cases the end-to-end tests leave out, and hostile text that must never raise."""

from __future__ import annotations

import pytest
from conftest import split_cursor
from workloads import wrap

from pod_ls.ide.completion.completion import WorkspaceNames, complete
from pod_ls.kube.links.objects import objects_in
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import parse_stream, split_lines

ROOT = "file:///work/my%20repo"
FILES = {
    f"{ROOT}/base/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-cfg, namespace: shop}\n"
                                "data: {LOG: info}\n",
    f"{ROOT}/overlay/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-cfg, namespace: shop}\n"
                                   "data: {EXTRA: x}\n",
    f"{ROOT}/gen/kustomization.yaml": "namespace: shop\nconfigMapGenerator:\n  - name: from-env\n    envs: [a.env]\n",
    f"{ROOT}/classes.yaml": "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\n",
    f"{ROOT}/rc.yaml": "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: shop}\nspec:\n"
                       "  selector: {app: legacy}\n  template:\n    metadata: {labels: {app: legacy}}\n",
}
URI = f"{ROOT}/pod.yaml"


def model_of(files: dict[str, str]) -> WorkspaceModel:
    model = WorkspaceModel()
    for uri, text in files.items():
        model.set(uri, objects_in(parse_stream(text), uri))
    return model


def items(marked: str, files: dict[str, str] = FILES, analysed: str | None = None):
    """The reference items at ‸; the buffer's objects in the model are those of `analysed` (its
    last analysis), or of the text itself."""
    text, line, column = split_cursor(marked)
    model = model_of({**files, URI: analysed if analysed is not None else text})
    found = complete(split_lines(text), line, column, parse_stream(text), load_schema(),
                     workspace=WorkspaceNames(model, URI, (ROOT,)))
    return sorted((i for i in found if i.kind == "reference"), key=lambda i: (i.sort_text or i.label, i.label))


def labels(marked: str, **kwargs) -> list[str]:
    return [i.label for i in items(marked, **kwargs)]


VOLUME = "volumes:\n  - name: v\n    configMap:\n      name: ‸\n"


def test_a_name_in_several_files_is_one_item_with_every_file_and_all_keys():
    [app, generated] = items(wrap("Pod", VOLUME, "shop"))
    assert app.detail == "ConfigMap · base/config.yaml +1"
    assert "`EXTRA`, `LOG`" in app.documentation and "`overlay/config.yaml`" in app.documentation
    assert generated.label == "from-env" and "filled in elsewhere" in generated.documentation
    assert generated.detail == "ConfigMap · gen/kustomization.yaml"  # a path in a folder with a space


def test_a_cluster_scoped_kind_has_no_namespace():
    [high] = items(wrap("Pod", "priorityClassName: ‸\n", "shop"))
    assert high.detail == "PriorityClass · classes.yaml" and "namespace" not in high.documentation


def test_a_replication_controller_selector_is_a_label_map():
    rc = "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r, namespace: shop}\nspec:\n" \
         "  selector:\n    app: ‸\n  template:\n    metadata: {labels: {app: mine}}\n"
    assert labels(rc) == ["mine", "legacy"]


def test_the_cursor_document_counts_as_it_reads_now():
    now = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n" \
          "  selector:\n    matchLabels: {app: ‸}\n  template:\n    metadata: {labels: {app: new}}\n"
    before = now.replace("app: new", "app: old").replace("‸", "")
    assert labels(now, analysed=before) == ["new", "legacy"]


def test_a_namespace_that_cannot_be_told_marks_nothing():
    marked = wrap("Pod", VOLUME, "${NAMESPACE}")
    assert all("would not resolve" not in i.detail for i in items(marked))


def test_keys_through_an_anchor_and_in_crlf():
    marked = wrap("Pod", "containers:\n  - name: a\n    env:\n      - name: X\n        valueFrom:\n"
                         "          configMapKeyRef:\n            name: &cfg app-cfg\n            key: ‸\n"
                         "      - name: Y\n        valueFrom:\n          configMapKeyRef: {name: *cfg, key: LOG}\n",
                  "shop")
    assert labels(marked) == ["EXTRA", "LOG"]
    assert labels(marked.replace("\n", "\r\n")) == ["EXTRA", "LOG"]


def test_keys_of_a_config_map_in_another_namespace_are_marked():
    marked = wrap("Pod", "volumes:\n  - name: v\n    configMap:\n      name: app-cfg\n      items:\n"
                         "        - key: ‸\n", "billing")
    assert [i.detail for i in items(marked)] == [
        "key of ConfigMap app-cfg in shop, not billing: would not resolve · overlay/config.yaml",
        "key of ConfigMap app-cfg in shop, not billing: would not resolve · base/config.yaml"]


def test_without_the_model_nothing_is_added():
    text, line, column = split_cursor(wrap("Pod", VOLUME, "shop"))
    assert not [i for i in complete(split_lines(text), line, column, parse_stream(text), load_schema())
                if i.kind == "reference"]


HOSTILE = [
    wrap("Pod", VOLUME, "shop"),
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: [}\n",
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector:\n    matchLabels: &l {a: b}\n"
    "  template: {metadata: {labels: *l}}\n",
    "kind: Pod\nspec:\n\tvolumes:\n  - configMap: {name: \t}\n",
    "kind: Pod\nmetadata: {namespace: [a]}\nspec:\n  imagePullSecrets: [{name: }, 3, [x]]\n",
    "kind: Pod\nspec:\n  containers:\n  - env:\n    - valueFrom:\n        secretKeyRef: {name: {a: b}, key: }\n",
    "kind: Deployment\nspec:\n  selector:\n    matchExpressions:\n      - key: [\n        values:\n          - \n",
    "{kind: Pod, spec: {volumes: [{configMap: {name: \"é😀\", items: [{key: }]}}]}}\n",
    "kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      selector:\n        matchLabels:\n          ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_raises(text: str):
    """Every cursor place of every prefix of the text."""
    model = model_of({**FILES, URI: text})
    schema = load_schema()
    for end in range(len(text) + 1):
        prefix = text[:end]
        lines = split_lines(prefix)
        documents = parse_stream(prefix)
        for line, line_text in enumerate(lines):
            for column in {0, len(line_text) // 2, len(line_text)}:
                complete(lines, line, column, documents, schema, workspace=WorkspaceNames(model, URI, (ROOT,)))


def test_an_object_with_no_namespace_written_goes_where_it_is_applied():
    files = {f"{ROOT}/anywhere.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: anywhere}\ndata: {A: b}\n"}
    [anywhere] = items(wrap("Pod", VOLUME, "billing"), files=files)
    assert anywhere.detail == "ConfigMap · anywhere.yaml"
    assert anywhere.documentation.startswith("**ConfigMap** `anywhere` in namespace (none written)")
