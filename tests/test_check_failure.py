"""A check that raises (a bug in pod-ls) costs its own findings only: the document's other
findings stand, and an internal-error finding says where and what failed, in the analysis, in
the server over stdio and in `pod-ls check` (which exits 3 for it)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import TIMEOUT, open_and_wait, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules import CHECKS, DOCUMENT_CHECKS, Check
from pod_ls.settings import Settings

BROKEN_POD = wrap("Pod", "dnsPolicy: None\ncontainers:\n  - name: app\n    image: nginx:1.27\n")
"""A Pod with one real finding (dnsPolicy None without dnsConfig) for the checks that run."""

BREAK_A_CHECK = """
from pod_ls.rules import CHECKS, Check
def broken(ctx):
    raise KeyError("forced")
    yield
CHECKS.insert(0, Check(broken, (), False))
"""


@pytest.fixture
def failing_check():
    def broken(ctx):
        raise KeyError("forced")
        yield  # a generator, as checks are

    CHECKS.insert(0, Check(broken, (), False))
    yield
    CHECKS.pop(0)


@pytest.fixture
def failing_document_check():
    def broken_document(document, version):
        raise RecursionError("forced")

    DOCUMENT_CHECKS.insert(0, broken_document)
    yield
    DOCUMENT_CHECKS.pop(0)


def _findings(text: str) -> list:
    return Analyzer("file:///pod.yaml").analyse(text, WorkspaceModel(), Settings()).findings


def test_a_failing_check_leaves_the_other_findings_and_says_where(failing_check):
    findings = _findings(BROKEN_POD)
    assert "dns-none-without-config" in {f.rule for f in findings}
    [internal] = [f for f in findings if f.rule == "internal-error"]
    assert internal.start == (5, 2)  # the pod spec's first key
    assert "broken" in internal.message and "KeyError" in internal.message


def test_a_failing_document_check_leaves_the_pod_checks(failing_document_check):
    findings = _findings(BROKEN_POD)
    assert {"dns-none-without-config", "internal-error"} <= {f.rule for f in findings}


def test_nothing_fails_nothing_is_said():
    assert "internal-error" not in {f.rule for f in _findings(BROKEN_POD)}


def test_check_exits_3_on_a_failing_check_and_still_reports(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(BROKEN_POD)
    code = BREAK_A_CHECK + "from pod_ls.cli.main import main\nmain(sys.argv[1:])\n"
    run = subprocess.run([sys.executable, "-c", "import sys\n" + code, "check", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 3, (run.stdout, run.stderr)
    assert "[dns-none-without-config]" in run.stdout
    assert "internal error at " in run.stderr and "KeyError" in run.stderr and "Traceback" not in run.stderr


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[
    sys.executable, "-c", "import sys\n" + BREAK_A_CHECK + "from pod_ls.cli.main import main\nmain([])\n"]))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_server_publishes_the_other_findings(client: LanguageClient):
    diagnostics = await open_and_wait(client, "file:///tmp/pod.yaml", BROKEN_POD)
    codes = {d.code for d in diagnostics}
    assert {"dns-none-without-config", "internal-error"} <= codes, codes
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri="file:///tmp/pod.yaml"),
        position=types.Position(line=5, character=3)))
    assert hover is not None
