"""Code actions in the 1000-Pod, 63k-line file, once it is analysed: the quick fixes at a
line (what the light bulb asks after each move of the cursor) and `source.fixAll` (its 143
probes at `successThreshold: 3` fixed, their documents checked again); then the same in the
fixed file, where nothing safe is left; and the size of the diagnostics published.

    python benchmarks/fix_all.py [--reps 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pytest_lsp import client_capabilities

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Edit, Finding
from pod_ls.ide.fixes.fix_all import apply
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

HERE = Path(__file__).resolve().parent
LSPBENCH = HERE.parent.parent / "shared" / "tools" / "lspbench.py"
if not LSPBENCH.exists():  # a worktree outside /work
    LSPBENCH = Path("/work/shared/tools/lspbench.py")


def findings_of(text: str) -> list[Finding]:
    return Analyzer("file:///fix-all/large.yaml").analyse(text, WorkspaceModel(), Settings()).findings


async def _actions(client: LanguageClient, uri: str, line: int, only: list[str] | None) -> tuple[float, list]:
    t0 = time.perf_counter()
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=80)),
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return (time.perf_counter() - t0) * 1000, actions or []


async def measure(text: str, reps: int) -> dict:
    client = LanguageClient("fix-all", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    await client.initialize_async(types.InitializeParams(capabilities=client_capabilities("visual_studio_code")))
    client.initialized(types.InitializedParams())
    result: dict = {}
    uri = "file:///fix-all/large.yaml"

    async def final(version: int, body: str) -> types.PublishDiagnosticsParams:
        """The publish of the whole file's findings (a big file's first step comes before)."""
        expected = len(findings_of(body))
        while True:
            params = await asyncio.wait_for(published.get(), 120)
            if params.version == version and len(params.diagnostics) == expected:
                return params

    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    body = text
    for version, name in ((1, "as generated"), (2, "after fixAll")):
        params = await final(version, body)
        result[f"{name}: diagnostics"] = len(params.diagnostics)
        result[f"{name}: publish bytes"] = len(json.dumps(client.protocol._converter.unstructure(params)))
        middle = text.count("\n") // 2
        result[f"{name}: quick fixes at a line (ms)"] = [(await _actions(client, uri, middle + k, None))[0]
                                                         for k in range(reps)]
        timings = [await _actions(client, uri, 0, [types.CodeActionKind.SourceFixAll]) for _ in range(reps)]
        result[f"{name}: fixAll (ms)"] = [ms for ms, _ in timings]
        actions = timings[0][1]
        result[f"{name}: fixAll edits"] = sum(len(a.edit.changes[uri]) for a in actions)
        if version == 1:
            edits = actions[0].edit.changes[uri]
            body = apply(body, [Edit((e.range.start.line, e.range.start.character),
                                     (e.range.end.line, e.range.end.character), e.new_text) for e in edits])
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                                 for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                                                 reverse=True)]))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10, help="requests of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True, capture_output=True)
        text = (Path(folder) / "large.yaml").read_text()
    for name, value in asyncio.run(measure(text, args.reps)).items():
        if isinstance(value, list):
            print(f"{name}: median {statistics.median(value):.1f}, max {max(value):.1f}")  # noqa: T201
        else:
            print(f"{name}: {value}")  # noqa: T201


if __name__ == "__main__":
    main()
