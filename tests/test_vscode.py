"""The VS Code extension (editors/vscode): its settings mirror the server's settings model, the
.vsix carries what the marketplace shows and the server's wheel, and its packaged modules, run
for real, choose a server and install their own, which answers over stdio.

CI builds the .vsix and the local wheel index first (.ci/run); without them those tests skip and
say which command brings them.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from editor_setup import BUILD_VSIX, BUILD_WHEELHOUSE, VSCODE, VSIX, WHEELHOUSE, base_python, offline_pip
from lsp_helpers import plain_client
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from pod_ls import __version__
from pod_ls.settings import Settings

CLIENT_ONLY = {"podls.server.path", "podls.server.source", "podls.server.python", "podls.trace.server"}
NODE = shutil.which("node")
needs_vsix = pytest.mark.skipif(not VSIX.exists() or NODE is None, reason=f"no .vsix: run {BUILD_VSIX}")
FINDINGS = {"subdomain-headless-service", "dns-none-without-config", "unknown-field", "probe-success-threshold"}


def _setting_names(model: type, prefix: str) -> set[str]:
    names = set()
    for name, field in model.model_fields.items():
        alias = field.alias or name
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            names |= _setting_names(annotation, f"{prefix}{alias}.")
        else:
            names.add(f"{prefix}{alias}")
    return names


def test_extension_settings_mirror_the_server_settings():
    manifest = json.loads((VSCODE / "package.json").read_text())
    properties = manifest["contributes"]["configuration"]["properties"]
    assert set(properties) - CLIENT_ONLY == _setting_names(Settings, "podls.")
    defaults = Settings()
    assert properties["podls.workspace.exclude"]["default"] == defaults.workspace.exclude
    assert properties["podls.workspace.include"]["default"] == defaults.workspace.include
    assert properties["podls.workspace.maxFileSize"]["default"] == defaults.workspace.max_file_size
    assert properties["podls.maxCheckedCharacters"]["default"] == defaults.max_checked_characters
    from pod_ls.kube.schema import load_schema

    version = properties["podls.kubernetesVersion"]
    assert version["type"] == "string" and version["default"] == "" and None not in version["enum"]
    assert version["enum"] == ["", *load_schema().versions]
    assert len(version["enumItemLabels"]) == len(version["enum"])
    commands = [c["command"] for c in manifest["contributes"]["commands"]]
    assert commands == ["podls.restart", "podls.showLog"]
    assert manifest["version"] == __version__  # the environment is keyed on it


@needs_vsix
def test_the_vsix_carries_what_the_marketplace_shows_and_the_server():
    with zipfile.ZipFile(VSIX) as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        assert vsix.read("extension/LICENSE.txt").startswith(b"\n                                 Apache License")
        readme = vsix.read("extension/readme.md").decode()
    assert {"extension/out/extension.js", "extension/images/icon.png", "extension/changelog.md",
            f"extension/server/pod_ls-{__version__}-py3-none-any.whl"} <= names
    assert not any(name.startswith("extension/node_modules/") or name.startswith("extension/src/") for name in names)
    assert manifest["main"] == "./out/extension.js" and "onLanguage:yaml" in manifest["activationEvents"]
    assert manifest["icon"] == "images/icon.png" and manifest["repository"]["url"].startswith("https://")
    assert "## Getting started" in readme and "pod-ls: Show Server Log" in readme


def _extract(tmp_path: Path) -> Path:
    with zipfile.ZipFile(VSIX) as vsix:
        vsix.extractall(tmp_path, [n for n in vsix.namelist() if n.startswith("extension/")])
    return tmp_path / "extension"


def _node(script: str, env: dict[str, str]) -> dict:
    run = subprocess.run([NODE or "node", "-e", script], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@needs_vsix
def test_the_packaged_extension_starts_pod_ls_from_path(tmp_path: Path):
    module = _extract(tmp_path) / "out" / "serverCommand.js"
    # Resolve the command exactly as the extension does, with this Python's pod-ls on PATH.
    script = f"console.log(JSON.stringify(require({json.dumps(str(module))}).serverPlan({{}}, process.env)))"
    plan = _node(script, {"PATH": str(Path(sys.executable).parent)})
    assert plan["kind"] == "command" and plan["server"]["reason"] == "pod-ls found on PATH"
    diagnostics = asyncio.run(_diagnostics_from(plan["server"]["command"], plan["server"]["args"]))
    assert {str(d.code) for d in diagnostics} == FINDINGS


@needs_vsix
@pytest.mark.skipif(not WHEELHOUSE.is_dir(), reason=f"no local wheel index: run {BUILD_WHEELHOUSE}")
def test_the_packaged_extension_installs_its_own_server(tmp_path: Path):
    """With no pod-ls anywhere, the extension's environment module makes the environment from
    the wheel in the .vsix (dependencies from the local index, so offline), and reuses it."""
    extension = _extract(tmp_path)
    storage = tmp_path / "globalStorage"
    module = json.dumps(str(extension / "out" / "environment.js"))
    script = f"""
      const env = require({module});
      const wheel = env.bundledWheel({json.dumps(str(extension))});
      const storage = {json.dumps(str(storage))};
      env.createEnvironment(storage, "{__version__}", wheel, {json.dumps(base_python())}, (l) => console.error(l))
        .then((python) => console.log(JSON.stringify({{python,
          ready: env.readyEnvironment(storage, "{__version__}", wheel),
          otherVersion: env.readyEnvironment(storage, "9.9.9", wheel) ?? null}})));
    """
    result = _node(script, offline_pip({"PATH": "/usr/bin:/bin"}))
    assert result["ready"] == result["python"] == str(storage / f"server-{__version__}" / "bin" / "python")
    assert result["otherVersion"] is None
    diagnostics = asyncio.run(_diagnostics_from(result["python"], ["-m", "pod_ls", "--stdio"]))
    assert {str(d.code) for d in diagnostics} == FINDINGS


def test_cancelling_an_answered_request_is_not_a_warning(tmp_path: Path):
    """VS Code cancels hovers and completions as the cursor moves, mostly after they were
    answered: the server's log (the extension's output channel) stays free of warnings."""
    log = tmp_path / "pod-ls.log"

    async def session() -> None:
        def cancel_answered(client: LanguageClient) -> None:
            client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=1))
            client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="gone"))

        await _diagnostics_from(sys.executable, ["-m", "pod_ls", "--log-file", str(log)], before_open=cancel_answered)

    asyncio.run(session())
    assert "WARNING" not in log.read_text()


async def _diagnostics_from(command: str, args: list[str], before_open=None) -> list[types.Diagnostic]:
    client, published = plain_client("vscode-launch-test")

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(command, *args)
    try:
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        if before_open:
            before_open(client)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri="file:///vscode/pod.yaml", language_id="yaml", version=1,
            text=(ROOT / "examples" / "pod.yaml").read_text())))
        return await asyncio.wait_for(published, 20)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
