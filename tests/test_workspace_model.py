"""The workspace model's queries, and what its fingerprint and recorded answers keep."""

from __future__ import annotations

import pickle

from pod_ls.analysis.scan import objects_in_text
from pod_ls.kube.links.objects import Selector
from pod_ls.kube.links.workspace_model import WorkspaceModel, WorkspaceView


def config_map(name: str, namespace: str | None = None, keys: tuple[str, ...] = ("k",)) -> str:
    ns = f"  namespace: {namespace}\n" if namespace else ""
    data = "".join(f"  {k}: v\n" for k in keys)
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n{ns}data:\n{data}"


def deployment(name: str, labels: str, namespace: str = "shop") -> str:
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
            f"spec:\n  selector:\n    matchLabels: {labels}\n  template:\n    metadata:\n"
            f"      labels: {labels}\n    spec:\n      containers: [{{name: a, image: a}}]\n")


def model_of(**files: str) -> WorkspaceModel:
    model = WorkspaceModel()
    for name, text in files.items():
        uri = f"file:///w/{name}.yaml"
        model.set(uri, objects_in_text(text, uri))
    return model


def test_named_is_namespace_aware_and_lenient_where_none_is_written():
    model = model_of(a=config_map("cfg", "shop"), b=config_map("cfg", "billing"), c=config_map("cfg"))
    assert sorted(o.uri[-6:] for o in model.named("ConfigMap", "cfg", "shop")) == ["a.yaml", "c.yaml"]
    assert len(model.named("ConfigMap", "cfg")) == 3
    assert model.named("Secret", "cfg") == [] and model.named("ConfigMap", "other", "shop") == []


def test_in_file_of_kind_and_all():
    model = model_of(a=config_map("one") + "---\n" + config_map("two"), b=deployment("web", "{app: web}"))
    assert [o.name.text for o in model.in_file("file:///w/a.yaml")] == ["one", "two"]
    assert [o.name.text for o in model.of_kind("Deployment")] == ["web"]
    assert len(list(model.all())) == len(model) == 3
    assert sorted(model.uris()) == ["file:///w/a.yaml", "file:///w/b.yaml"]


def test_selected_by_matches_pod_template_labels_in_the_namespace():
    model = model_of(a=deployment("web", "{app: web, tier: front}"), b=deployment("db", "{app: db}", "data"))
    [service] = objects_in_text("kind: Service\nmetadata: {name: s, namespace: shop}\nspec:\n  selector: {app: web}\n",
                                "file:///w/s.yaml")
    assert [o.name.text for o in model.selected_by(service.selector, "shop")] == ["web"]
    assert model.selected_by(service.selector, "data") == []
    assert not model.selects_any(Selector(()), "shop")  # an empty selector picks nothing here


def test_keys_are_the_union_of_the_objects_of_that_name():
    model = model_of(base=config_map("cfg", keys=("a",)), overlay=config_map("cfg", keys=("b",)))
    assert model.keys("ConfigMap", "cfg", "shop") == {"a", "b"}
    assert model.keys("ConfigMap", "nothing") is None
    unknown = model_of(base=config_map("cfg"), empty="kind: ConfigMap\nmetadata: {name: cfg}\n")
    assert unknown.keys("ConfigMap", "cfg") is None


def test_the_fingerprint_changes_with_facts_not_positions():
    model = model_of(a=config_map("cfg"))
    before = model.fingerprint()
    uri = "file:///w/a.yaml"
    assert not model.set(uri, objects_in_text("# moved down\n" + config_map("cfg"), uri))
    assert model.fingerprint() == before and model.in_file(uri)[0].name.line == 4
    assert model.set(uri, objects_in_text(config_map("cfg", keys=("k", "new")), uri))
    assert model.fingerprint() != before
    assert model.forget(uri) and len(model) == 0 and not model.forget(uri)
    assert WorkspaceModel().fingerprint() != WorkspaceModel().fingerprint()  # models are told apart


def test_a_view_records_answers_that_stay_valid_until_they_change():
    model = model_of(a=config_map("cfg", "shop"), b=deployment("web", "{app: web}"))
    view = WorkspaceView(model)
    assert view.keys("ConfigMap", "cfg", "shop") == {"k"}
    assert view.named("Secret", "s", "shop") == []
    assert view.declares("ConfigMap", "shop")
    assert view.selects_any(model.of_kind("Deployment")[0].selector, "shop")
    claim = "kind: PersistentVolumeClaim\nmetadata: {name: data}\n"
    model.set("file:///w/other.yaml", objects_in_text(claim, "file:///w/other.yaml"))
    assert model.answers_same(view.asked)  # a change elsewhere leaves these answers as they were
    model.set("file:///w/s.yaml", objects_in_text("kind: Secret\nmetadata: {name: s}\n", "file:///w/s.yaml"))
    assert not model.answers_same(view.asked)


def test_a_pickled_model_answers_the_same_and_keeps_its_fingerprint():
    model = model_of(a=config_map("cfg", "shop"), b=deployment("web", "{app: web}"))
    copy = pickle.loads(pickle.dumps(model))
    assert copy.fingerprint() == model.fingerprint()
    assert copy.keys("ConfigMap", "cfg", "shop") == {"k"} and len(copy.of_kind("Deployment")) == 1


def test_a_packed_model_answers_the_same_and_can_still_change():
    """`pod-ls check` sends its workers the model with its indexes (`packed`)."""
    model = model_of(a=config_map("cfg", "shop"), b=deployment("web", "{app: web}"))
    copy = WorkspaceModel.unpacked(pickle.loads(pickle.dumps(model.packed())))
    assert copy.fingerprint() == model.fingerprint() and list(copy.all()) == list(model.all())
    assert copy.keys("ConfigMap", "cfg", "shop") == {"k"} and len(copy.of_kind("Deployment")) == 1
    assert copy.selects_any(model.of_kind("Deployment")[0].selector, "shop")
    copy.forget("file:///w/b.yaml")  # its index holds the very objects its files do
    assert copy.of_kind("Deployment") == [] and len(model.of_kind("Deployment")) == 1


def test_an_edit_that_replaces_one_object_keeps_every_index_right():
    uri = "file:///w/a.yaml"
    first = objects_in_text(config_map("one", "shop") + "---\n" + deployment("web", "{app: web}"), uri)
    model = WorkspaceModel()
    model.set(uri, first)
    renamed = objects_in_text(config_map("two", "shop"), uri)[0]
    assert model.set(uri, [renamed, first[1]])  # the Deployment is the same object
    assert model.named("ConfigMap", "one") == [] and model.named("ConfigMap", "two") == [renamed]
    assert model.of_kind("Deployment") == [first[1]] and len(model.of_kind("ConfigMap")) == 1
    assert model.declares("ConfigMap", "shop") and not model.declares("ConfigMap", "billing")
    assert not model.set(uri, [renamed, first[1]])
    model.forget(uri)
    assert not model.declares("ConfigMap") and model.of_kind("Deployment") == [] and len(model) == 0
