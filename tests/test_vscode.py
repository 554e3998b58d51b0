"""The VS Code extension (editors/vscode): its settings mirror the server's settings model, and
the server command of the packaged .vsix starts the real server, which answers over stdio.

CI builds the .vsix first (`npm ci && npm run build && npm run package` in editors/vscode);
without it the launch test is skipped.
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
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from pod_ls.settings import Settings

EXTENSION = ROOT / "editors" / "vscode"
VSIX = EXTENSION / "pod-ls.vsix"
CLIENT_ONLY = {"podls.server.path", "podls.server.python", "podls.trace.server"}


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
    manifest = json.loads((EXTENSION / "package.json").read_text())
    properties = manifest["contributes"]["configuration"]["properties"]
    assert set(properties) - CLIENT_ONLY == _setting_names(Settings, "podls.")
    defaults = Settings()
    assert properties["podls.workspace.exclude"]["default"] == defaults.workspace.exclude
    assert properties["podls.workspace.include"]["default"] == defaults.workspace.include
    assert properties["podls.workspace.maxFileSize"]["default"] == defaults.workspace.max_file_size
    assert properties["podls.maxCheckedCharacters"]["default"] == defaults.max_checked_characters
    from pod_ls.kube.schema import load_schema

    assert [v for v in properties["podls.kubernetesVersion"]["enum"] if v] == load_schema().versions
    commands = [c["command"] for c in manifest["contributes"]["commands"]]
    assert commands == ["podls.restart"]


@pytest.mark.skipif(not VSIX.exists() or shutil.which("node") is None,
                    reason="build the extension first: cd editors/vscode && npm ci && npm run build && npm run package")
def test_the_packaged_extension_starts_the_server(tmp_path: Path):
    with zipfile.ZipFile(VSIX) as vsix:
        manifest = json.loads(vsix.read("extension/package.json"))
        assert manifest["main"] == "./out/extension.js"
        assert "onLanguage:yaml" in manifest["activationEvents"]
        vsix.extract("extension/out/serverCommand.js", tmp_path)
    module = tmp_path / "extension" / "out" / "serverCommand.js"
    # Resolve the command exactly as the extension does, with this Python's pod-ls on PATH.
    script = f"console.log(JSON.stringify(require({json.dumps(str(module))}).serverCommand({{}}, process.env)))"
    env = {"PATH": str(Path(sys.executable).parent)}
    node = shutil.which("node") or "node"
    chosen = json.loads(subprocess.run([node, "-e", script], env=env, capture_output=True, text=True,
                                       check=True, timeout=30).stdout)
    assert chosen["reason"] == "pod-ls found on PATH" and chosen["args"] == ["--stdio"]
    diagnostics = asyncio.run(_diagnostics_from(chosen["command"], chosen["args"]))
    assert {str(d.code) for d in diagnostics} == {"subdomain-headless-service", "dns-none-without-config",
                                                  "unknown-field", "probe-success-threshold"}


async def _diagnostics_from(command: str, args: list[str]) -> list[types.Diagnostic]:
    client = LanguageClient("vscode-launch-test", "1")
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(params.diagnostics)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(command, *args)
    try:
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri="file:///vscode/pod.yaml", language_id="yaml", version=1,
            text=(ROOT / "examples" / "pod.yaml").read_text())))
        return await asyncio.wait_for(published, 20)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
