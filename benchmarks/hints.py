"""Inlay hints in the 1000-Pod, 63k-line file: a visible screen (what VS Code asks for) at ten
places, the whole file (what Neovim asks for, after each change: also measured after a one-line
edit), and both with the defaults switched off; the first screen is asked right after the file is
opened, before its analysis is done.

    python benchmarks/hints.py [--reps 20]
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
if not LSPBENCH.exists():  # a worktree outside /work
    LSPBENCH = Path("/work/shared/tools/lspbench.py")
SCREEN = 60
"""Lines an editor shows, and asks hints for."""


async def _timed(client: LanguageClient, uri: str, first: int, last: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=first, character=0), end=types.Position(line=last, character=0))))
    return (time.perf_counter() - t0) * 1000, len(hints or [])


async def measure(text: str, reps: int) -> dict:
    client = LanguageClient("hints", "1")
    analysed = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        analysed.set()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    # As VS Code and Neovim: tooltips are asked for when shown (inlayHint/resolve).
    hints = types.InlayHintClientCapabilities(
        resolve_support=types.ClientInlayHintResolveOptions(properties=["tooltip"]))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True),
        text_document=types.TextDocumentClientCapabilities(inlay_hint=hints))))
    client.initialized(types.InitializedParams())
    uri = "file:///hints/large.yaml"
    count = text.count("\n") + 1
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    result: dict = {"lines": count}
    result["cold_screen_at_end_ms"], _ = await _timed(client, uri, count - SCREEN, count)
    await asyncio.wait_for(analysed.wait(), 60)
    await asyncio.sleep(3)  # the rest of the first analysis, which shares the process
    for setting in (False, True):
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"podls": {"inlayHints": {"defaults": setting}}}))
        await asyncio.sleep(1)  # the re-check that a change of settings starts
        name = "on" if setting else "off"
        screens = [count * k // 10 for k in range(10)]
        timings = [await _timed(client, uri, first, first + SCREEN) for _ in range(reps) for first in screens]
        result[f"screen_{name}_ms"] = [ms for ms, _ in timings]
        result[f"screen_{name}_hints"] = statistics.median(n for _, n in timings)
        whole = [await _timed(client, uri, 0, count) for _ in range(max(reps // 4, 3))]
        result[f"file_{name}_ms"] = [ms for ms, _ in whole]
        result[f"file_{name}_hints"] = whole[0][1]
    edited = []
    for version in range(2, 2 + max(reps // 4, 3)):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=count // 2, character=0),
                                  end=types.Position(line=count // 2, character=0)), text="#")]))
        edited.append((await _timed(client, uri, 0, count))[0])
    result["file_after_edit_ms"] = edited
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="requests per screen position")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True,
                       capture_output=True)
        text = (Path(folder) / "large.yaml").read_text()
    result = asyncio.run(measure(text, args.reps))
    print(f"{result['lines']} lines; first screen at the end, right after opening: "
          f"{result['cold_screen_at_end_ms']:.1f} ms")
    for name in ("off", "on"):
        screen, whole = result[f"screen_{name}_ms"], result[f"file_{name}_ms"]
        print(f"defaults {name}: a {SCREEN}-line screen median {statistics.median(screen):.1f} ms, "
              f"max {max(screen):.1f} ({result[f'screen_{name}_hints']:.0f} hints); the whole file "
              f"median {statistics.median(whole):.0f} ms, max {max(whole):.0f} ({result[f'file_{name}_hints']} hints)")
    edited = result["file_after_edit_ms"]
    print(f"defaults on: the whole file after a one-line edit: median {statistics.median(edited):.0f} ms, "
          f"max {max(edited):.0f}")


if __name__ == "__main__":
    main()
