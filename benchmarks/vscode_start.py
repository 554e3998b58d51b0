"""Time from opening a manifest in a fresh VS Code to its first diagnostics, with the extension's
own server: code-server with a clean profile (tests/code_server_session.py) is started once to
install the server, then started anew for each measured run, with the environment in place;
the time is from pressing Enter in Quick Open to the first error squiggle, Enter pressed 2 s
after the window shows (VS Code is often still starting its extensions then) and, in turn, once
VS Code has started (the extension, activated by the workspace's YAML files, shows its server
running), as when a person opens a file in a window that is up. Then the installed
server alone, over stdio as the extension starts it: from spawning it to the answer to
`initialize` and to the first diagnostics, and the CPU time it took, which does not grow with
the machine's load as the wall-clock times do. The load average is printed before each run:
other work on the machine slows VS Code and the server alike.

Needs what .ci/run installs (see the skip reasons of tests/test_code_server.py).

    python benchmarks/vscode_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from code_server_session import MISSING, browse, clean_profile  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "pod.yaml"


async def server_alone(python: Path, folder: Path) -> tuple[float, float]:
    """Seconds from spawning the server to its `initialize` answer and to its first diagnostics."""
    client = LanguageClient("vscode-start", "1")
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(time.perf_counter())

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    started = time.perf_counter()
    # As the extension runs it (editors/vscode/src/serverCommand.ts: bundledServer).
    await client.start_io(str(python), "-I", "-m", "pod_ls", "--stdio", cwd=python.parent.parent)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name)]))
    initialized = time.perf_counter()
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=(folder / "pod.yaml").as_uri(), language_id="yaml", version=1, text=EXAMPLE.read_text())))
    first = await asyncio.wait_for(published, 60)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return initialized - started, first - started


def _median(values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    return (f"median {statistics.median(values) * scale:.0f} {unit} "
            f"(min {min(values) * scale:.0f}, max {max(values) * scale:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if MISSING:
        sys.exit("not installed: " + "; ".join(MISSING))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        profile = clean_profile(Path(tmp))
        install, _ = browse(profile, "first-diagnostics.mjs", "pod.yaml")
        print(f"first start, installing the server: {install.get('firstSquiggleMs')} ms to the first squiggle")
        squiggles: dict[str, list[float]] = {"at once": [], "started": []}
        for run in range(args.runs):
            for when, measured in squiggles.items():
                load = os.getloadavg()[0]
                seen, browser = browse(profile, "first-diagnostics.mjs", "pod.yaml", when)
                if seen.get("firstSquiggleMs") is None:
                    sys.exit(f"no diagnostics: {browser[-2000:]}")
                measured.append(seen["firstSquiggleMs"] / 1000)
                waited = f", Enter {seen['startedMs'] + 2000} ms after the window showed" if "startedMs" in seen else ""
                print(f"  run {run + 1}, Enter {when}: {seen['firstSquiggleMs']} ms (load average {load:.1f}{waited})")
        early = profile.extension_log().count("Its process was started as the extension loaded")
        print(f"fresh VS Code, environment in place: open to first squiggle, Enter pressed 2 s after the "
              f"window showed {_median(squiggles['at once'])}; Enter pressed once VS Code had started "
              f"(pod-ls's status item running) {_median(squiggles['started'])}; the server was started as "
              f"the extension loaded in {early} of {2 * args.runs} runs")
        [python] = profile.environment.glob("server-*/bin/python")
        starts, firsts, cpus = [], [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start, first = asyncio.run(server_alone(python, profile.workspace))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            starts.append(start)
            firsts.append(first)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"the server alone: spawn to initialize answered {_median(starts)}; to first diagnostics "
          f"{_median(firsts)}; its CPU time, start to exit, {_median(cpus)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
