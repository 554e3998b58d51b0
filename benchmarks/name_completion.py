"""Completion of names from the workspace model in the 1000-Pod, 63k-line file of
../shared/tools/lspbench.py, against a running pod-ls.

    python benchmarks/name_completion.py [--reps 20]

The file gets a ConfigMap `web-config` (the name its web Pods mount), a registry Secret and a
Service that selects the `web` Pods by label at its end, and the middle Pod an env entry that
takes a key of `web-config`. Once the file is analysed, completion is timed at the middle Pod on
the ConfigMap name of its volume, on the `key: ` of that entry (nothing typed after), on its
`serviceAccountName` and `imagePullSecrets`, and on the Service's selector, whose label keys and
values come from the 1000 Pods; for the floor, on a field that names nothing (`image`). "first"
is the first request at the place, "median" and "max" over the repetitions after it, "after an
edit" the same request right after a line is typed in another Pod (it waits for the analysis of
that edit to let it in). The session's first completion, whatever its place, is slower than any
other; it is made and shown first, apart from the rows. Then the same places are completed in
this process, without the protocol and the server's other work: what a loaded machine does not
blur.
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
from navigation import LSPBENCH
from navigation import _idle as idle
from navigation import _type_or_undo as type_or_undo
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's pod_ls, for `in_process`

OBJECTS = """---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {LOG_LEVEL: info, FEATURES: all}
---
apiVersion: v1
kind: Secret
metadata: {name: registry, namespace: shop}
type: kubernetes.io/dockerconfigjson
data: {.dockerconfigjson: e30=}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector:
    app.kubernetes.io/name: web
  ports: [{port: 80, targetPort: http}]
"""
ENTRY = """        - name: FROM_CONFIG
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: \n"""
PULL = "  imagePullSecrets:\n    - name: \n"


def manifest(text: str) -> str:
    """The benchmark file with the objects above and, in its middle web Pod, the env entry and
    an `imagePullSecrets` entry."""
    lines = text.split("\n")
    middle = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].strip() == "name: web-config")
    start = max(n for n in range(middle) if lines[n] == "kind: Pod")
    env = next(n for n in range(start, middle) if lines[n].strip() == "env:")
    account = next(n for n in range(start, middle) if lines[n].strip().startswith("serviceAccountName:"))
    lines[env + 1:env + 1] = ENTRY.rstrip("\n").split("\n")
    lines[account + 1:account + 1] = PULL.rstrip("\n").split("\n")
    return "\n".join(lines) + OBJECTS


def places(lines: list[str]) -> dict[str, types.Position]:
    middle = len(lines) // 2
    def first(start: str, after: int = middle) -> int:
        return next(n for n in range(after, len(lines)) if lines[n].strip().startswith(start))
    key = max(n for n, line in enumerate(lines) if line == "              key: ")
    pod = max(n for n in range(key) if lines[n] == "kind: Pod")
    selector = max(n for n, line in enumerate(lines) if line.strip() == "app.kubernetes.io/name: web")
    at = {
        "ConfigMap name": (first("name: web-config", key), None),
        "configMapKeyRef key": (key, None),
        "serviceAccountName": (first("serviceAccountName:", pod), None),
        "imagePullSecrets name": (next(n for n in range(pod, key) if lines[n] == "    - name: "), None),
        "Service selector key": (selector, 4),
        "Service selector value": (selector, None),
        "a field that names nothing": (first("image:", key), None),
    }
    return {label: types.Position(line=line, character=len(lines[line]) if column is None else column)
            for label, (line, column) in at.items()}


async def timed(request) -> tuple[float, int]:
    start = time.perf_counter()
    result = await request
    return (time.perf_counter() - start) * 1000, len(result.items) if result is not None else 0


async def measure(text: str, reps: int) -> tuple[float, list[tuple[str, int, float, float, float, float]]]:
    client = LanguageClient("name-completion-bench", "1")
    last_publish = [time.perf_counter()]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        last_publish[0] = time.perf_counter()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True))))
    client.initialized(types.InitializedParams())
    uri = "file:///name-completion/large.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    lines = text.split("\n")
    document = types.TextDocumentIdentifier(uri=uri)
    await idle(client, document, last_publish)
    while not await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="configmap/web-config")):
        await asyncio.sleep(0.1)  # the analysis puts the file's objects in the model at its end
    at = places(lines)
    session_first, _ = await timed(client.text_document_completion_async(types.CompletionParams(
        text_document=document, position=at["a field that names nothing"])))
    rows = []
    version = 1
    for label, position in at.items():
        def request(position: types.Position = position):
            return client.text_document_completion_async(types.CompletionParams(
                text_document=document, position=position))
        first, count = await timed(request())
        warm = [(await timed(request()))[0] for _ in range(reps)]
        version += 1
        type_or_undo(client, uri, version, lines)
        after_edit, _ = await timed(request())
        rows.append((label, count, first, statistics.median(warm), max(warm), after_edit))
        await idle(client, document, last_publish)  # the edit's analysis is not the next row's
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return session_first, rows


def in_process(text: str, reps: int) -> dict[str, float]:
    """The median of `complete` itself at each place, with the file analysed into a model."""
    from pod_ls.analysis.analyzer import Analyzer
    from pod_ls.ide.completion.completion import WorkspaceNames, complete
    from pod_ls.kube.links.workspace_model import WorkspaceModel
    from pod_ls.kube.schema import load_schema
    from pod_ls.settings import Settings
    from pod_ls.yaml.parse import split_lines

    uri, model, analyzer, schema = "file:///name-completion/large.yaml", WorkspaceModel(), Analyzer(""), load_schema()
    analyzer.analyse(text, model, Settings())
    lines = split_lines(text)
    medians = {}
    for label, position in places(lines).items():
        documents = analyzer.parser.documents_between(text, position.line, position.line)
        took = []
        for _ in range(reps):
            start = time.perf_counter()
            complete(lines, position.line, position.character, documents, schema,
                     workspace=WorkspaceNames(model, uri))
            took.append((time.perf_counter() - start) * 1000)
        medians[label] = statistics.median(took)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True,
                       stdout=subprocess.DEVNULL)
        text = manifest((Path(folder) / "large.yaml").read_text())
    session_first, rows = asyncio.run(measure(text, args.reps))
    print(f"The session's first completion: {session_first:.1f} ms\n")
    alone = in_process(text, args.reps)
    print("| completion (63k-line file) at | items | first (ms) | median (ms) | max (ms) | after an edit (ms) "
          "| in process, median (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, count, first, median, worst, after_edit in rows:
        print(f"| {label} | {count} | {first:.1f} | {median:.1f} | {worst:.1f} | {after_edit:.1f} "
              f"| {alone[label]:.2f} |")


if __name__ == "__main__":
    main()
