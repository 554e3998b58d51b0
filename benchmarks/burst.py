"""A burst of 50 edits at typing speed in the 1000-Pod file, with hover and completion asked
between keystrokes: how fast requests are answered meanwhile, and which versions get
diagnostics (only current ones should). Then one change notification with 1,000 changes (a
multi-cursor edit on every Pod) and how long until the next hover is answered.

    python benchmarks/burst.py [--interval 0.04]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
LSPBENCH = HERE.parent.parent / "shared" / "tools" / "lspbench.py"


async def burst(text: str, interval: float, edits: int) -> dict:
    client = LanguageClient("burst", "1")
    published: list[tuple[float, int | None, int]] = []
    final = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published.append((time.perf_counter(), params.version, len(params.diagnostics)))
        if params.version == edits + 1:
            final.set()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True))))
    client.initialized(types.InitializedParams())
    uri = "file:///burst/large.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    await asyncio.sleep(4)  # let the first analysis finish
    lines = text.split("\n")
    line = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].strip().startswith("image:"))
    document = types.TextDocumentIdentifier(uri=uri)
    hover_ms, completion_ms = [], []
    start = time.perf_counter()
    for k in range(edits):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=k + 2),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=len(lines[line]) + k),
                                  end=types.Position(line=line, character=len(lines[line]) + k)), text="x")]))
        t0 = time.perf_counter()
        await client.text_document_hover_async(types.HoverParams(
            text_document=document, position=types.Position(line=line - 1, character=8)))
        hover_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        await client.text_document_completion_async(types.CompletionParams(
            text_document=document, position=types.Position(line=line + 1, character=6)))
        completion_ms.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(max(0.0, start + (k + 1) * interval - time.perf_counter()))
    await asyncio.wait_for(final.wait(), 30)
    done = time.perf_counter()
    images = [n for n, text in enumerate(lines) if text.strip().startswith("image:")][:1_000]
    t0 = time.perf_counter()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=edits + 2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=n, character=len(lines[n])),
                              end=types.Position(line=n, character=len(lines[n]))), text="y") for n in images]))
    await client.text_document_hover_async(types.HoverParams(
        text_document=document, position=types.Position(line=line - 1, character=8)))
    multi_cursor_ms = (time.perf_counter() - t0) * 1000
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    after = [(t, v) for t, v, _ in published if t >= start]
    versions = [v for _, v in after]
    return {
        "hover_ms": hover_ms, "completion_ms": completion_ms,
        "versions_published": len(set(versions)), "publishes": len(after),
        "in_order": versions == sorted(versions),
        "last_version_ms_after_last_edit": (done - (start + edits * interval)) * 1000,
        "multi_cursor_changes": len(images), "multi_cursor_ms": multi_cursor_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.04, help="seconds between keystrokes")
    parser.add_argument("--edits", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True,
                       capture_output=True)
        text = (Path(folder) / "large.yaml").read_text()
    result = asyncio.run(burst(text, args.interval, args.edits))
    for name in ("hover_ms", "completion_ms"):
        values = result[name]
        print(f"{name}: median {statistics.median(values):.1f}, max {max(values):.1f} over {len(values)}")
    print(f"diagnostics published for {result['versions_published']} of {args.edits} versions "
          f"({result['publishes']} publishes), in version order: {result['in_order']}")
    print(f"last version's diagnostics {result['last_version_ms_after_last_edit']:.0f} ms after the last keystroke")
    print(f"one didChange of {result['multi_cursor_changes']} changes, then a hover: answered after "
          f"{result['multi_cursor_ms']:.1f} ms")


if __name__ == "__main__":
    main()
