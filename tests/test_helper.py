"""The helper process that takes half of a big read: it finds exactly what the server would
find alone, and when it is gone, slow or killed, the server does the work itself."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, codes, next_publish, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import bundle, wrap

from pod_ls.analysis.analyzer import HELPER_MINIMUM, Analyzer
from pod_ls.analysis.document import document_findings
from pod_ls.analysis.helper import Helper, Share, cores
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings
from pod_ls.yaml.parse import parse_document, split_documents

needs_two_cores = pytest.mark.skipif(cores() < 2, reason="the helper only starts with two cores or more")

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
SPECS = [
    "dnsPolicy: None\n" + C,
    "terminationGracePeriodSecond: 3\n" + C,
    "hostname: h\nsubdomain: db\n" + C,
    "hostname: h\nsubdomain: nowhere\n" + C,
    "restartPolicy: Sometimes\n" + C,
    C + "    livenessProbe:\n      exec: {command: [true]}\n      successThreshold: 3\n",
]
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n"


def big_file(count: int = 3 * HELPER_MINIMUM) -> str:
    """Pods and Deployments with a problem each, a headless Service near the end and a broken
    document in the middle."""
    documents = [wrap(("Pod", "Deployment")[n % 2], SPECS[n % len(SPECS)]).replace("name: app", f"name: app{n}", 1)
                 for n in range(count)]
    documents[count // 2] = "kind: Pod\nspec: [unclosed\n"
    documents.insert(count - 3, SERVICE)
    return "---\n".join(documents)


def facts(findings) -> list[tuple]:
    return sorted((f.start, f.end, f.rule, f.message, f.severity, f.fixes) for f in findings)


@pytest.fixture
def helper():
    helper = Helper()
    helper.start()
    yield helper
    helper.close()


def alone(text: str) -> list[tuple]:
    return facts(Analyzer("file:///big.yaml").analyse(text, WorkspaceModel(), Settings()).findings)


@needs_two_cores
def test_the_helper_answers_what_the_server_would_find(helper: Helper):
    chunks = split_documents(big_file(20))
    services = WorkspaceModel()
    pending = helper.submit((1, 30), services, chunks)
    assert pending is not None and helper.wait(pending, 30)
    assert pending.results == [document_findings(parse_document(chunk, offset), (1, 30), services)
                               for offset, chunk in chunks]


@needs_two_cores
def test_a_shared_read_finds_what_a_lone_read_finds(helper: Helper):
    text = big_file()
    expected = alone(text)
    assert {f[2] for f in expected} >= {"dns-none-without-config", "unknown-field", "yaml-syntax", "invalid-value",
                                        "subdomain-headless-service", "probe-success-threshold"}
    analyzer = Analyzer("file:///big.yaml")
    assert facts(analyzer.analyse(text, WorkspaceModel(), Settings(), helper=helper).findings) == expected
    # ... and an edit after it reuses both halves.
    edited = text.replace("name: app7\n", "name: app7b\n", 1)
    assert facts(analyzer.analyse(edited, WorkspaceModel(), Settings(), helper=helper).findings) == alone(edited)


@needs_two_cores
def test_steps_while_the_helper_works_end_with_every_finding(helper: Helper):
    text = big_file()
    analyses = list(Analyzer("file:///big.yaml").steps(text, WorkspaceModel(), Settings(), batch=10, helper=helper))
    assert all(a.partial for a in analyses[:-1]) and not analyses[-1].partial
    assert facts(analyses[-1].findings) == alone(text)


@needs_two_cores
def test_a_helper_killed_mid_job_leaves_the_work_to_the_server(helper: Helper):
    text = big_file()
    steps = Analyzer("file:///big.yaml").steps(text, WorkspaceModel(), Settings(), batch=10, helper=helper)
    next(steps)
    helper._process.kill()
    *_, final = steps
    assert facts(final.findings) == alone(text)
    assert not helper.running


@needs_two_cores
def test_a_helper_that_does_not_read_never_blocks_the_server():
    helper = Helper()
    helper.start(["sleep", "60"])  # takes nothing from its stdin
    try:
        text = big_file()
        chunks = split_documents(text)
        started = time.monotonic()
        pending = helper.submit((1, 30), WorkspaceModel(), chunks * 20)  # far more than a pipe holds
        assert pending is not None and not helper.wait(pending, 0.2)
        assert time.monotonic() - started < 5
        assert facts(Analyzer("file:///big.yaml").analyse(text, WorkspaceModel(), Settings(), helper=helper)
                     .findings) == alone(text)
    finally:
        helper.close()


def test_without_a_helper_process_the_server_does_the_work():
    helper = Helper()  # never started
    text = big_file()
    assert helper.submit((1, 30), WorkspaceModel(), []) is None
    assert facts(Analyzer("file:///big.yaml").analyse(text, WorkspaceModel(), Settings(), helper=helper).findings) \
        == alone(text)


@needs_two_cores
def test_an_abandoned_read_does_not_mix_its_answer_into_the_next(helper: Helper):
    text = big_file()
    analyzer = Analyzer("file:///big.yaml")
    steps = analyzer.steps(text, WorkspaceModel(), Settings(), batch=10, helper=helper)
    next(steps)
    steps.close()  # a newer text arrived
    edited = text.replace("dnsPolicy: None", "dnsPolicy: Default")
    assert facts(analyzer.analyse(edited, WorkspaceModel(), Settings(), helper=helper).findings) == alone(edited)
    assert helper.running


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, ValueError, IndexError):
            pass
    return found


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual_studio_code")))
    yield


@needs_two_cores
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
async def test_the_server_shares_a_big_file_with_its_helper_which_ends_with_it(client: LanguageClient):
    server = client._server.pid
    deadline = time.monotonic() + TIMEOUT
    while not (helpers := [p for p, command in _children(server) if "pod_ls.analysis.helper" in command]):
        assert time.monotonic() < deadline, "no helper process"
        await asyncio.sleep(0.05)
    text = big_file()
    since = len(client.published)
    open_doc(client, "file:///tmp/helper/big.yaml", text)
    expected = alone(text)
    final = await next_publish(client, "file:///tmp/helper/big.yaml", since,
                               predicate=lambda d: len(d) == len(expected))
    assert codes(final) == {f[2] for f in expected}
    await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    deadline = time.monotonic() + TIMEOUT
    cmdline = Path(f"/proc/{helpers[0]}/cmdline")
    while cmdline.exists() and "pod_ls.analysis.helper" in cmdline.read_text():
        assert time.monotonic() < deadline, "the helper outlived the server"
        await asyncio.sleep(0.05)


@needs_two_cores
def test_a_bundle_of_a_few_big_documents_is_shared_too(helper: Helper):
    text = bundle(6, lambda n: wrap("Pod", SPECS[n % len(SPECS)]))
    chunks = split_documents(text)
    assert len(chunks) < HELPER_MINIMUM and len(text) > 400_000
    share = Share(helper, (1, 30), WorkspaceModel(), chunks, list(range(len(chunks))))
    # Two jobs out at once, each one CRD (and the small Pod after it): not the whole back half.
    assert [len(indices) for _, indices in share.jobs] == [2, 2]
    assert facts(Analyzer("file:///bundle.yaml").analyse(text, WorkspaceModel(), Settings(), helper=helper)
                 .findings) == alone(text)
