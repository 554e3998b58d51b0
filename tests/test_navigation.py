"""End to end: definition, references, highlight, rename and hover on the names that tie a
file's manifests together, over stdio with VS Code's and Neovim's capabilities. Each test
closes the buffers it opened: the other open buffers are part of the workspace, and across
files see tests/test_navigation_files.py."""

from __future__ import annotations

import asyncio
import itertools

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_doc, prepare
from lsprotocol import types
from navigation_cases import MORE_SPEC, OBJECTS, SELECTING, USER_SPEC, pod_text, position, span, units
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import KINDS, wrap

pytestmark = pytest.mark.asyncio(loop_scope="module")
_numbers = itertools.count()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=["visual_studio_code", "neovim"],
    scope="module",
)
async def client(lsp_client: LanguageClient, request):
    """One server per capability set for the module; each test opens its own file."""
    prepare(lsp_client)
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param)))
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"
    lsp_client.capabilities_result = result.capabilities
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest.fixture(autouse=True)
def closes_its_buffers(client: LanguageClient):
    client.opened = []
    yield
    for uri in client.opened:
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))


def opened(client: LanguageClient, text: str) -> str:
    uri = f"file:///tmp/pod-ls-navigation/{next(_numbers)}.yaml"
    open_doc(client, uri, text)
    client.opened.append(uri)
    return uri


def at(client: LanguageClient, text: str, needle: str, word: str | None = None, nth: int = 0) -> types.Position:
    return position(text, needle, word, nth, encoding=client.encoding)


def where(client: LanguageClient, text: str, needle: str, word: str | None = None, nth: int = 0) -> types.Range:
    return span(text, needle, word, nth, encoding=client.encoding)


async def definition(client: LanguageClient, uri: str, pos: types.Position) -> list[types.Range]:
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
    assert all(location.uri == uri for location in found or [])
    return [location.range for location in found or []]


async def references(client: LanguageClient, uri: str, pos: types.Position, declaration: bool) -> list[types.Range]:
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos,
        context=types.ReferenceContext(include_declaration=declaration)))
    return [location.range for location in found or []]


async def rename(client: LanguageClient, uri: str, pos: types.Position, new_name: str) -> list[types.TextEdit]:
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos, new_name=new_name))
    assert list(edit.changes) == [uri]
    return sorted(edit.changes[uri], key=lambda e: (e.range.start.line, e.range.start.character))


def applied(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """The text after the edits (positions in the client's units, edits apart)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert edit.range.start.line == edit.range.end.line
        line = lines[edit.range.start.line]
        start, end = (_column(line, p.character, encoding) for p in (edit.range.start, edit.range.end))
        lines[edit.range.start.line] = line[:start] + edit.new_text + line[end:]
    return "\n".join(lines)


def _column(line: str, count: int, encoding: str) -> int:
    return next(n for n in range(len(line) + 1) if units(line[:n], encoding) >= count)


# (cursor needle, cursor word, nth) -> (target needle, target word, nth), or None: no definition.
POD_LINKS = [
    pytest.param(("- name: data", "data", 0), ("- name: data", "data", 1), id="volumeMounts-to-volume"),
    pytest.param(("{name: data", "data", 0), ("- name: data", "data", 1), id="flow-mount-to-volume"),
    pytest.param(("{port: http}", "http", 0), ("- name: http", "http", 0), id="probe-port"),
    pytest.param(("/stop, port: http", "http", 0), ("- name: http", "http", 0), id="lifecycle-port"),
    pytest.param(("echo $(GREETING)", "GREETING", 0), ("- name: GREETING", "GREETING", 0), id="command-env"),
    pytest.param(("--level=$(LEVEL)", "LEVEL", 0), ("- name: LEVEL", "LEVEL", 0), id="args-env"),
    pytest.param(('"$(GREETING)-debug"', "GREETING", 0), ("- name: GREETING", "GREETING", 0), id="env-value-env"),
    pytest.param(("subPathExpr: $(GREETING)", "GREETING", 0), ("- name: GREETING", "GREETING", 0),
                 id="subPathExpr-env"),
    pytest.param(("$$(GREETING)", "GREETING", 0), None, id="escaped-is-no-reference"),
    pytest.param(("image: nginx", "nginx", 0), None, id="no-name"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("cursor", "target"), POD_LINKS)
async def test_definition_inside_a_pod_spec(client: LanguageClient, kind: str, cursor, target):
    text = pod_text(kind)
    uri = opened(client, text)
    found = await definition(client, uri, at(client, text, *cursor))
    assert found == ([where(client, text, *target)] if target else [])


async def test_an_env_value_sees_only_the_vars_before_it(client: LanguageClient):
    text = pod_text("Pod", "containers:\n  - name: a\n    image: a\n    env:\n      - name: FIRST\n"
                           "        value: $(SECOND)\n      - name: SECOND\n        value: x\n"
                           "    args: [$(SECOND)]\n")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "value: $(SECOND)", "SECOND")) == []
    assert await definition(client, uri, at(client, text, "[$(SECOND)]", "SECOND")) == [
        where(client, text, "- name: SECOND", "SECOND")]


async def test_a_statefulset_mounts_its_claim_templates(client: LanguageClient):
    text = pod_text("StatefulSet", "containers:\n  - name: db\n    image: postgres\n    volumeMounts:\n"
                                   "      - {name: pgdata, mountPath: /var/lib/postgresql}\n")
    text += "  volumeClaimTemplates:\n    - metadata: {name: pgdata}\n      spec: {accessModes: [ReadWriteOnce]}\n"
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "{name: pgdata, mountPath", "pgdata")) == [
        where(client, text, "- metadata: {name: pgdata}", "pgdata")]


# A use of an object (or of its key) in USER_SPEC -> its declaration in OBJECTS.
OBJECT_LINKS = [
    pytest.param(("serviceAccountName: runner", "runner"), ("{name: runner", "runner"), id="ServiceAccount"),
    pytest.param(("priorityClassName: urgent", "urgent"), ("{name: urgent}", "urgent"), id="PriorityClass"),
    pytest.param(("subdomain: web", "web"), ("{name: web,", "web"), id="Service-subdomain"),
    pytest.param(("[{name: creds}]", "creds"), ("{name: creds,", "creds"), id="imagePullSecret"),
    pytest.param(("configMapKeyRef: {name: settings", "settings"), ("{name: settings,", "settings"),
                 id="configMapKeyRef"),
    pytest.param(("key: LOG_LEVEL", "LOG_LEVEL"), ("  LOG_LEVEL: info", "LOG_LEVEL"), id="configMapKeyRef-key"),
    pytest.param(("{name: creds, key: password}", "creds"), ("{name: creds,", "creds"), id="secretKeyRef"),
    pytest.param(("key: password", "password"), ("  password: hunter2", "password"), id="secretKeyRef-key"),
    pytest.param(("configMapRef: {name: settings}", "settings"), ("{name: settings,", "settings"), id="envFrom"),
    pytest.param(("      name: settings", "settings"), ("{name: settings,", "settings"), id="configMap-volume"),
    pytest.param(("[{key: app.yaml", "app.yaml"), ("  app.yaml:", "app.yaml"), id="items-key"),
    pytest.param(("{claimName: storage}", "storage"), ("{name: storage,", "storage"), id="PVC"),
]


@pytest.mark.parametrize("kind", ["Pod", "Deployment", "StatefulSet", "CronJob"])
@pytest.mark.parametrize(("cursor", "target"), OBJECT_LINKS)
async def test_definition_of_an_object_in_the_same_file(client: LanguageClient, kind: str, cursor, target):
    text = OBJECTS + wrap(kind, USER_SPEC, namespace="shop")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, *cursor)) == [where(client, text, *target)]


@pytest.mark.parametrize(("cursor", "target"), OBJECT_LINKS)
async def test_objects_of_another_namespace_are_not_linked(client: LanguageClient, cursor, target):
    """Only the PriorityClass, which has no namespace, is the same object from namespace `other`."""
    text = OBJECTS + wrap("Deployment", USER_SPEC, namespace="other")
    uri = opened(client, text)
    expected = [where(client, text, *target)] if cursor[1] == "urgent" else []
    assert await definition(client, uri, at(client, text, *cursor)) == expected


async def test_no_namespace_is_the_default_namespace(client: LanguageClient):
    objects = OBJECTS.replace("namespace: shop", "namespace: default")
    text = objects + wrap("Pod", USER_SPEC)
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "serviceAccountName: runner", "runner")) == [
        where(client, text, "{name: runner", "runner")]


async def test_a_statefulset_service_name_is_its_service(client: LanguageClient):
    text = OBJECTS + wrap("StatefulSet", USER_SPEC, namespace="shop").replace("serviceName: s", "serviceName: web")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "serviceName: web", "web")) == [
        where(client, text, "{name: web,", "web")]


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"])
async def test_a_service_target_port_is_the_port_of_the_pods_it_selects(client: LanguageClient, kind: str):
    text = OBJECTS + wrap(kind, USER_SPEC, namespace="shop")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "targetPort: http", "http")) == [
        where(client, text, "{name: http, containerPort", "http")]
    unselected = text.replace("selector: {app: a}", "selector: {app: a, tier: db}")
    uri = opened(client, unselected)
    assert await definition(client, uri, at(client, unselected, "targetPort: http", "http")) == []


MORE_LINKS = [
    pytest.param(("[{name: certs, mountPath", "certs", 0), ("- name: certs", "certs", 0), id="init-container-mount"),
    pytest.param(("[{name: certs, mountPath", "certs", 1), ("- name: certs", "certs", 0),
                 id="ephemeral-container-mount"),
    pytest.param(("[{name: disk, devicePath", "disk", 0), ("- name: disk", "disk", 0), id="volumeDevices"),
    pytest.param(("{grpc: {port: admin}}", "admin", 0), ("[{name: admin,", "admin", 0), id="grpc-port"),
    pytest.param(("port: web}}", "web", 0), ("[{name: web,", "web", 0), id="httpGet-port"),
    pytest.param(("configMap: {name: settings", "settings", 0), ("{name: settings,", "settings", 0),
                 id="projected-configMap"),
    pytest.param(("[{key: LOG_LEVEL", "LOG_LEVEL", 0), ("  LOG_LEVEL: info", "LOG_LEVEL", 0),
                 id="projected-configMap-key"),
    pytest.param(("secret: {name: creds", "creds", 0), ("{name: creds,", "creds", 0), id="projected-secret"),
    pytest.param(("[{key: password, path: pw}]", "password", 0), ("  password: hunter2", "password", 0),
                 id="projected-secret-key"),
    pytest.param(("{secretName: creds", "creds", 0), ("{name: creds,", "creds", 0), id="secret-volume"),
    pytest.param(("[{key: password, path: p}]", "password", 0), ("  password: hunter2", "password", 0),
                 id="secret-volume-key"),
]


@pytest.mark.parametrize("kind", ["Pod", "DaemonSet", "Job", "PodTemplate"])
@pytest.mark.parametrize(("cursor", "target"), MORE_LINKS)
async def test_definition_in_every_container_list_and_volume_source(client: LanguageClient, kind: str,
                                                                    cursor, target):
    text = OBJECTS + wrap(kind, MORE_SPEC, namespace="shop")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, *cursor)) == [where(client, text, *target)]


async def test_a_service_targets_the_ports_of_sidecars_but_not_of_init_containers(client: LanguageClient):
    spec = MORE_SPEC.replace("initContainers:", "initContainers:\n  - name: setup\n    image: busybox\n"
                                                "    ports: [{name: setup, containerPort: 1}]")
    service = ("---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\n"
               "spec: {selector: {app: a}, ports: [{port: 1, targetPort: admin}, {port: 2, targetPort: setup}]}\n")
    text = wrap("ReplicationController", spec, namespace="shop") + service
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "targetPort: admin", "admin")) == [
        where(client, text, "[{name: admin,", "admin")]
    assert await definition(client, uri, at(client, text, "targetPort: setup", "setup")) == []


async def test_a_replication_controller_selector_is_a_label_map(client: LanguageClient):
    text = wrap("ReplicationController", MORE_SPEC)
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, ": a}", "a", 0)) == [where(client, text, ": a}", "a", 1)]


@pytest.mark.parametrize(("term", "linked"), [
    pytest.param("namespaces: [shop]", True, id="listed-namespace"),
    pytest.param("namespaces: [other]", False, id="other-namespace"),
    pytest.param("namespaceSelector: {}", True, id="every-namespace"),
    pytest.param("namespaceSelector: {matchLabels: {team: x}}", False, id="unknown-namespaces"),
])
async def test_affinity_terms_look_in_their_namespaces(client: LanguageClient, term: str, linked: bool):
    target = wrap("Deployment", "containers: [{name: a, image: a}]\n", namespace="shop")
    affinity = ("affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                f"      - topologyKey: zone\n        {term}\n"
                "        labelSelector: {matchExpressions: [{key: app, operator: Exists}]}\n"
                "containers: [{name: b, image: b}]\n")
    text = target + "---\n" + wrap("Pod", affinity, namespace="elsewhere")
    uri = opened(client, text)
    found = await definition(client, uri, at(client, text, "{key: app, operator: Exists}", "app"))
    assert found == ([where(client, text, "labels: {app: a}", "app")] if linked else [])


@pytest.mark.parametrize(("expression", "linked"), [
    pytest.param("{key: app, operator: NotIn, values: [b]}", True, id="NotIn-other-value"),
    pytest.param("{key: app, operator: NotIn, values: [a]}", False, id="NotIn-its-value"),
    pytest.param("{key: app, operator: Exists}", True, id="Exists"),
    pytest.param("{key: app, operator: DoesNotExist}", False, id="DoesNotExist"),
])
async def test_selector_operators(client: LanguageClient, expression: str, linked: bool):
    spec = ("topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule,\n"
            f"     labelSelector: {{matchLabels: {{app: a}}, matchExpressions: [{expression}]}}}}\n"
            "containers: [{name: b, image: b}]\n")
    text = wrap("Deployment", spec)
    uri = opened(client, text)
    found = await definition(client, uri, at(client, text, "labelSelector: {matchLabels: {app: a}", "app"))
    assert found == ([where(client, text, "labels: {app: a}", "app")] if linked else [])


SELECTOR_LINKS = [
    pytest.param(("matchLabels: {app: web}", "web", 0), ("        app: web", "web", 0), id="workload-matchLabels"),
    pytest.param(("matchLabels: {app: web}", "app", 0), ("        app: web", "app", 0), id="workload-label-key"),
    pytest.param(("values: [front, back]", "front", 0), ("tier: front", "front", 0), id="affinity-In-value"),
    pytest.param(("values: [front, back]", "back", 0), None, id="affinity-value-no-pod-has"),
    pytest.param(("{key: tier", "tier", 0), ("tier: front", "tier", 0), id="affinity-key"),
    pytest.param(("{matchLabels: {app: web}}", "web", 0), ("        app: web", "web", 0), id="topology-spread"),
    pytest.param(("selector: {app: web, tier: front}", "app", 0), ("        app: web", "app", 0),
                 id="service-selector"),
    pytest.param(("targetPort: http", "http", 0), ("- name: http", "http", 0), id="service-targetPort"),
    pytest.param(("selector: {app: web, tier: back}", "app", 0), None, id="service-that-selects-nothing"),
    pytest.param(("targetPort: http", "http", 1), None, id="targetPort-of-that-service"),
]


@pytest.mark.parametrize(("cursor", "target"), SELECTOR_LINKS)
async def test_definition_of_selectors(client: LanguageClient, cursor, target):
    uri = opened(client, SELECTING)
    found = await definition(client, uri, at(client, SELECTING, *cursor))
    assert found == ([where(client, SELECTING, *target)] if target else [])


async def test_references_with_and_without_the_declaration(client: LanguageClient):
    text = pod_text("Deployment")
    uri = opened(client, text)
    mounts = [where(client, text, "- name: data", "data"), where(client, text, "{name: data", "data")]
    volume = where(client, text, "- name: data", "data", 1)
    for needle, nth in (("- name: data", 0), ("{name: data", 0), ("- name: data", 1)):
        pos = at(client, text, needle, "data", nth)
        assert await references(client, uri, pos, True) == [*mounts, volume]
        assert await references(client, uri, pos, False) == mounts


async def test_references_of_a_label_reach_every_selector_that_picks_it(client: LanguageClient):
    uri = opened(client, SELECTING)
    found = await references(client, uri, at(client, SELECTING, "        app: web", "web"), False)
    assert found == [where(client, SELECTING, "matchLabels: {app: web}", "web"),
                     where(client, SELECTING, "{matchLabels: {app: web}}", "web"),
                     where(client, SELECTING, "selector: {app: web, tier: front}", "web")]


async def test_references_of_a_config_map_across_documents(client: LanguageClient):
    text = OBJECTS + wrap("CronJob", USER_SPEC, namespace="shop")
    uri = opened(client, text)
    found = await references(client, uri, at(client, text, "{name: settings,", "settings"), True)
    assert found == [where(client, text, "{name: settings,", "settings"),
                     where(client, text, "configMapKeyRef: {name: settings", "settings"),
                     where(client, text, "configMapRef: {name: settings}", "settings"),
                     where(client, text, "      name: settings", "settings")]


async def test_document_highlight_marks_declarations_as_writes(client: LanguageClient):
    text = pod_text("Job")
    uri = opened(client, text)
    found = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "$(LEVEL)", "LEVEL")))
    read, write = types.DocumentHighlightKind.Read, types.DocumentHighlightKind.Write
    assert [(h.range, h.kind) for h in found] == [(where(client, text, "$(LEVEL)", "LEVEL"), read),
                                                  (where(client, text, "- name: LEVEL", "LEVEL"), write)]


async def test_rename_is_advertised_with_prepare(client: LanguageClient):
    capabilities = client.capabilities_result
    assert capabilities.rename_provider == types.RenameOptions(prepare_provider=True)
    assert capabilities.definition_provider and capabilities.references_provider
    assert capabilities.document_highlight_provider


@pytest.mark.parametrize("kind", ["Pod", "Deployment", "StatefulSet", "CronJob"])
async def test_rename_a_volume_changes_every_mount(client: LanguageClient, kind: str):
    text = pod_text(kind)
    uri = opened(client, text)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "- name: data", "data")))
    assert prepared == types.PrepareRenamePlaceholder(range=where(client, text, "- name: data", "data"),
                                                      placeholder="data")
    edits = await rename(client, uri, at(client, text, "- name: data", "data", 1), "store")
    assert applied(text, edits, client.encoding) == text.replace("name: data", "name: store")


async def test_rename_an_env_var_changes_its_expansions_but_not_an_escaped_one(client: LanguageClient):
    text = pod_text("Deployment")
    uri = opened(client, text)
    edits = await rename(client, uri, at(client, text, "- name: GREETING", "GREETING"), "SALUTE")
    assert applied(text, edits, client.encoding) == text.replace("$(GREETING)", "$(SALUTE)").replace(
        "name: GREETING", "name: SALUTE").replace("$$(SALUTE)", "$$(GREETING)")


async def test_rename_quotes_a_name_that_would_read_as_something_else(client: LanguageClient):
    text = pod_text("Pod")
    uri = opened(client, text)
    edits = await rename(client, uri, at(client, text, "{port: http}", "http"), "yes")
    assert applied(text, edits, client.encoding) == text.replace("port: http", 'port: "yes"').replace(
        "name: http", 'name: "yes"')


async def test_rename_a_label_renames_the_selectors_that_pick_it(client: LanguageClient):
    uri = opened(client, SELECTING)
    edits = await rename(client, uri, at(client, SELECTING, "        app: web", "web"), "shop")
    changed = applied(SELECTING, edits, client.encoding)
    # The Service that selects no template is not tied to these labels: it stays as it was.
    assert changed == SELECTING.replace("app: web", "app: shop").replace("{app: shop, tier: back}",
                                                                         "{app: web, tier: back}")


@pytest.mark.parametrize(("needle", "word", "new_name", "message"), [
    pytest.param("- name: data", "data", "Data_1", "'Data_1' is not a valid volume name: it must consist of "
                 "lowercase letters", id="volume-DNS-label"),
    pytest.param("- name: http", "http", "web-http-endpoint", "it must be at most 15 characters",
                 id="port-IANA-name"),
    pytest.param("- name: GREETING", "GREETING", "A=B", "'A=B' is not a valid env var name", id="env-var-name"),
    pytest.param("- name: GREETING", "GREETING", "MY VAR", "cannot be written inside `$(…)`",
                 id="env-var-in-an-expansion"),
    pytest.param("- name: data", "data", "", "A volume name cannot be empty", id="empty"),
])
async def test_rename_to_an_invalid_name_is_refused_with_the_reason(client: LanguageClient, needle, word,
                                                                    new_name, message):
    text = pod_text("Deployment")
    uri = opened(client, text)
    with pytest.raises(JsonRpcException) as refused:
        await rename(client, uri, at(client, text, needle, word), new_name)
    assert message in refused.value.message
    assert refused.value.code == types.LSPErrorCodes.RequestFailed


async def test_prepare_rename_refuses_a_name_declared_nowhere(client: LanguageClient):
    text = wrap("Pod", USER_SPEC)
    uri = opened(client, text)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "claimName: storage",
                                                                              "storage")))
    assert "PersistentVolumeClaim 'storage' is declared nowhere in the workspace" in refused.value.message
    nothing = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "image: nginx", "nginx")))
    assert nothing is None


async def test_hover_on_a_port_shows_the_container_port(client: LanguageClient):
    text = OBJECTS + wrap("Deployment", USER_SPEC, namespace="shop")
    uri = opened(client, text)
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "targetPort: http", "http")))
    line = where(client, text, "{name: http, containerPort").start.line + 1
    assert found.contents.value.startswith(f"`containerPort 8080/TCP` of container `app` (line {line})")
    assert found.range == where(client, text, "targetPort: http", "http")


async def test_hover_on_a_config_map_name_shows_its_keys_and_line(client: LanguageClient):
    text = OBJECTS + wrap("Pod", USER_SPEC, namespace="shop")
    uri = opened(client, text)
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=at(client, text, "configMapRef: {name: settings}", "settings")))
    value = found.contents.value
    assert value.startswith("ConfigMap `settings` in namespace `shop` (line 3)\n\nkeys: `LOG_LEVEL`, `app.yaml`")
    assert "---" in value  # the field's own docs follow


async def test_hover_on_a_declaration_is_the_field_docs_alone(client: LanguageClient):
    text = pod_text("Pod")
    uri = opened(client, text)
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "- name: data", "data", 1)))
    assert "containerPort" not in found.contents.value and not found.contents.value.startswith("volume `")


async def test_a_syntax_error_in_another_document_leaves_the_links(client: LanguageClient):
    text = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n---\n" + pod_text("Deployment")
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "- name: data", "data")) == [
        where(client, text, "- name: data", "data", 1)]
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, "{port: http}", "http")))
    assert found.contents.value.startswith("`containerPort 8080/TCP` of container `app`")


@pytest.mark.parametrize("half", ["resources: {limits: ", 'imagePullPolicy: "Alw', "livenessProbe: tr: x"])
async def test_a_half_typed_line_leaves_the_rest_of_its_document(client: LanguageClient, half: str):
    text = pod_text("CronJob").replace("image: nginx\n", f"image: nginx\n{' ' * 14}{half}\n", 1)
    uri = opened(client, text)
    assert await definition(client, uri, at(client, text, "- name: data", "data")) == [
        where(client, text, "- name: data", "data", 1)]
    assert len(await references(client, uri, at(client, text, "- name: GREETING", "GREETING"), True)) == 4


async def test_flow_style_and_non_ascii_before_the_name(client: LanguageClient):
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {note: \"données 😀\"}}\n"
            "spec: {containers: [{image: nginx, name: \"ünï\", volumeMounts: [{mountPath: /données/😀, name: data}]}],"
            " volumes: [{hostPath: {path: /tmp/é😀}, name: data}]}\n")
    uri = opened(client, text)
    mount = where(client, text, "😀, name: data}", "data")
    volume = where(client, text, "é😀}, name: data}", "data")
    assert await definition(client, uri, at(client, text, "😀, name: data}", "data")) == [volume]
    assert await references(client, uri, at(client, text, "é😀}, name: data}", "data"), True) == [mount, volume]
    edits = await rename(client, uri, at(client, text, "😀, name: data}", "data"), "store")
    assert applied(text, edits, client.encoding) == text.replace("name: data", "name: store")


async def test_anchors_and_aliases(client: LanguageClient):
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx\n"
            "      volumeMounts: &mounts\n        - name: data\n          mountPath: /data\n"
            "    - name: b\n      image: nginx\n      volumeMounts: *mounts\n"
            "  volumes:\n    - &volume\n      name: data\n      emptyDir: {}\n")
    uri = opened(client, text)
    mount, volume = where(client, text, "- name: data", "data"), where(client, text, "  name: data", "data")
    assert await definition(client, uri, at(client, text, "- name: data", "data")) == [volume]
    assert await references(client, uri, at(client, text, "  name: data", "data"), True) == [mount, volume]
    edits = await rename(client, uri, at(client, text, "- name: data", "data"), "store")
    assert applied(text, edits, client.encoding) == text.replace("name: data", "name: store")


async def test_requests_where_there_is_nothing_answer_empty(client: LanguageClient):
    text = "apiVersion: v1\nkind: Pod\n---\n\n---\nnot: [yaml\n"
    uri = opened(client, text)
    beyond = types.Position(line=99, character=0)
    for pos in (types.Position(line=1, character=7), types.Position(line=3, character=0),
                types.Position(line=5, character=6), beyond):
        assert await definition(client, uri, pos) == []
        assert await references(client, uri, pos, True) == []
        assert await client.text_document_prepare_rename_async(types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=pos)) is None
    never_opened = "file:///tmp/pod-ls-navigation/never-opened.yaml"
    assert await definition(client, never_opened, beyond) == []


async def test_crlf_line_breaks(client: LanguageClient):
    text = pod_text("Deployment")
    uri = opened(client, text.replace("\n", "\r\n"))
    assert await definition(client, uri, at(client, text, "{name: data", "data")) == [
        where(client, text, "- name: data", "data", 1)]
    edits = await rename(client, uri, at(client, text, "{port: http}", "http"), "web")
    assert applied(text, edits, client.encoding) == text.replace("name: http", "name: web").replace(
        "port: http", "port: web")


async def test_expansions_in_block_and_quoted_scalars(client: LanguageClient):
    """A block scalar's header comment is no text of it; a double-quoted scalar with escapes is
    not read (its text is not its value), a miss rather than a wrong place."""
    text = pod_text("Pod", "containers:\n  - name: a\n    image: a\n    env:\n      - {name: DIR, value: /x}\n"
                           "    args:\n      - |  # $(DIR) in a comment\n        cd $(DIR) && ls\n"
                           "      - >-\n        folded $(DIR)\n        more\n      - 'single $(DIR) it''s'\n"
                           '      - "escaped $(DIR) \\t"\n')
    uri = opened(client, text)
    found = await references(client, uri, at(client, text, "{name: DIR", "DIR"), False)
    assert found == [where(client, text, "cd $(DIR)", "DIR"), where(client, text, "folded $(DIR)", "DIR"),
                     where(client, text, "'single $(DIR)", "DIR")]


async def test_references_of_a_container_port_reach_the_services_that_target_it(client: LanguageClient):
    uri = opened(client, SELECTING)
    found = await references(client, uri, at(client, SELECTING, "- name: http", "http"), True)
    assert found == [where(client, SELECTING, "- name: http", "http"),
                     where(client, SELECTING, "targetPort: http", "http")]


async def test_a_service_ties_the_ports_of_every_template_it_selects(client: LanguageClient):
    """Renaming a container port that a Service targets renames it in every pod the Service
    selects, and their probes, but not in a pod it does not select."""
    def deployment(name: str, app: str) -> str:
        return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n"
                f"  selector: {{matchLabels: {{app: {app}}}}}\n  template:\n    metadata: {{labels: {{app: {app}}}}}\n"
                "    spec:\n      containers:\n        - name: c\n          image: nginx\n"
                "          ports: [{name: http, containerPort: 80}]\n"
                "          readinessProbe: {tcpSocket: {port: http}}\n")
    service = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
               "spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n")
    tied = [deployment("one", "web"), service, deployment("two", "web")]
    apart = deployment("three", "db")
    text = "---\n".join([*tied, apart])
    uri = opened(client, text)
    edits = await rename(client, uri, at(client, text, "[{name: http,", "http"), "serve")
    assert applied(text, edits, client.encoding) == "---\n".join([*(d.replace("http", "serve") for d in tied), apart])
