"""Navigation in the 1000-Pod, 63k-line file of ../shared/tools/lspbench.py: definition,
references, document highlight, prepareRename + rename and hover, against a running pod-ls.

    python benchmarks/navigation.py [--reps 20]

The file is opened and its diagnostics awaited; then each request is timed at the middle Pod
on a volume mount, a probe's port, a ConfigMap's name (used by 125 Pods) and, for the floor,
a key that is no name; then again with a ConfigMap `web-config` and a Service that selects
the `web` Pods by label and targets their `http` port added at the end of the file, so that
the names are tied across documents (the ConfigMap's to 125 Pods, the port's to 125 Pods'
ports and probes). "first" is the first request of its kind there (the server reads the
documents that hold the name then), "median" and "max" are over the repetitions after it, and
"after an edit" is the same request right after a line is typed in another Pod (it waits for
the analysis of that edit to let it in).

Then across files: a workspace folder of 1,000 files on disk (`--files`), each a Deployment, its
Service and its ConfigMap in one namespace, every Deployment also taking the ConfigMap
`shared-config` that one more file declares. Once the scan is over, each request is timed from
an open file: references of `shared-config` (its 1,000 users are in files never opened: "first"
reads them), of a ConfigMap used by one file (the model's 1,000 pod files in its namespace are
the candidates, the one that holds the name is read), of a container port that every file's
Service targets by name, definition and hover from a use of `shared-config`, and a rename of it
(one edit over 1,001 files); "after a file changed" is the same request once one of the files
has changed on disk (its event sent). The server's RSS is given before and after.
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
sys.path.insert(0, str(HERE.parent))
LSPBENCH = HERE.parent.parent / "shared" / "tools" / "lspbench.py"
QUIET = 1.0
"""Seconds without a publish before the server is asked whether it is idle."""
IDLE_MS = 30
"""A hover on the first line answered this fast, twice in a row: the first analysis is over."""


TIES = """---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app.kubernetes.io/name: web}
  ports: [{port: 80, targetPort: http}]
"""
"""Objects that tie the names of the benchmark file's Pods across documents."""


def _places(lines: list[str]) -> dict[str, types.Position]:
    """The names to ask about, in the Pod at the middle of the file."""
    middle = len(lines) // 2
    def first(text: str, after: int = middle) -> int:
        return next(n for n in range(after, len(lines)) if lines[n].strip() == text)
    mounts = first("volumeMounts:")
    places = {
        "volume mount": (mounts + 1, "config"),
        "probe port": (first("port: http"), "http"),
        "ConfigMap name": (next(n for n in range(middle, len(lines)) if "name: web-config" in lines[n]),
                           "web-config"),
        "a key (no name)": (next(n for n in range(middle, len(lines)) if lines[n].strip().startswith("image:")),
                            "image"),
    }
    return {label: types.Position(line=line, character=lines[line].index(word) + 1)
            for label, (line, word) in places.items()}


REQUESTS = {
    "definition": lambda c, d, p: c.text_document_definition_async(
        types.DefinitionParams(text_document=d, position=p)),
    "references": lambda c, d, p: c.text_document_references_async(types.ReferenceParams(
        text_document=d, position=p, context=types.ReferenceContext(include_declaration=True))),
    "highlight": lambda c, d, p: c.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=d, position=p)),
    "prepareRename": lambda c, d, p: c.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=d, position=p)),
    "rename": lambda c, d, p: c.text_document_rename_async(
        types.RenameParams(text_document=d, position=p, new_name="renamed")),
    "hover": lambda c, d, p: c.text_document_hover_async(types.HoverParams(text_document=d, position=p)),
}


async def _timed(request) -> float:
    start = time.perf_counter()
    try:
        await request
    except Exception:  # a refused rename is an answer too
        pass
    return (time.perf_counter() - start) * 1000


async def measure(text: str, reps: int) -> list[tuple[str, str, float, float, float, float]]:
    client = LanguageClient("navigation-bench", "1")
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
    uri = "file:///navigation/large.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    lines = text.split("\n")
    document = types.TextDocumentIdentifier(uri=uri)
    await _idle(client, document, last_publish)
    rows = []
    version = 1
    for label, place in _places(lines).items():
        for name, request in REQUESTS.items():
            first = await _timed(request(client, document, place))
            warm = [await _timed(request(client, document, place)) for _ in range(reps)]
            version += 1
            _type_or_undo(client, uri, version, lines)
            after_edit = await _timed(request(client, document, place))
            rows.append((name, label, first, statistics.median(warm), max(warm), after_edit))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return rows


async def _idle(client: LanguageClient, document: types.TextDocumentIdentifier, last_publish: list[float]) -> None:
    """Wait until the file's first analysis is over, so that the first request of each kind
    measures navigation, not a request queued behind the analysis."""
    fast = 0
    while fast < 2:
        while time.perf_counter() - last_publish[0] < QUIET:
            await asyncio.sleep(0.1)
        took = await _timed(client.text_document_hover_async(types.HoverParams(
            text_document=document, position=types.Position(line=0, character=1))))
        fast = fast + 1 if took < IDLE_MS else 0


def _type_or_undo(client: LanguageClient, uri: str, version: int, lines: list[str]) -> None:
    """Type a space at the end of a line a quarter into the file, or take it away again."""
    line = len(lines) // 4
    end = len(lines[line])
    typing = version % 2 == 0
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=end),
                              end=types.Position(line=line, character=end if typing else end + 1)),
            text=" " if typing else "")]))


SHARED = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: shared-config, namespace: shop}
data: {MODE: fast}
"""


def app_file(n: int) -> str:
    """A Deployment, its Service and its ConfigMap; the Deployment also takes `shared-config`."""
    name = f"app-{n:05}"
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop}}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}, tier: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/{name}:1.0
          ports: [{{name: http, containerPort: 8080}}]
          readinessProbe: {{httpGet: {{path: /ready, port: http}}}}
          envFrom: [{{configMapRef: {{name: shared-config}}}}]
          env:
            - name: LEVEL
              valueFrom: {{configMapKeyRef: {{name: cfg-{n:05}, key: level}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: http}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: cfg-{n:05}, namespace: shop}}
data: {{level: info}}
"""


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


async def measure_workspace(folder: Path, files: int, reps: int) -> tuple[list[tuple], float, float]:
    """The cross-file rows, and the server's RSS (MB) before the first request and after all."""
    from pod_ls.lsp.paths import path_to_uri

    (folder / "apps").mkdir()
    for n in range(files):
        (folder / "apps" / f"app-{n:05}.yaml").write_text(app_file(n))
    (folder / "shared.yaml").write_text(SHARED)
    client = LanguageClient("navigation-bench", "1")

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(folder), name="bench")]))
    client.initialized(types.InitializedParams())
    middle = files // 2
    shared, app = folder / "shared.yaml", folder / "apps" / f"app-{middle:05}.yaml"
    for path in (shared, app):
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=path_to_uri(path), language_id="yaml", version=1, text=path.read_text())))
    last = f"configmap/cfg-{files - 1:05}"
    while not await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=last)):
        await asyncio.sleep(0.2)
    await _settled(client, types.TextDocumentIdentifier(uri=path_to_uri(app)))
    rss_before = _rss_mb(client._server.pid)

    def on(path: Path, needle: str, word: str) -> tuple[types.TextDocumentIdentifier, types.Position]:
        text = path.read_text().split("\n")
        line = next(n for n, t in enumerate(text) if needle in t)
        return types.TextDocumentIdentifier(uri=path_to_uri(path)), types.Position(
            line=line, character=text[line].index(needle) + needle.index(word) + 1)

    cases = [
        ("references", "shared-config (1,000 users)", on(shared, "name: shared-config", "shared-config")),
        ("references", "a ConfigMap used by one file", on(app, "{name: cfg-", "cfg-")),
        ("references", "a container port every Service targets", on(app, "{name: http,", "http")),
        ("definition", "shared-config from a use", on(app, "{name: shared-config}", "shared-config")),
        ("hover", "shared-config from a use", on(app, "{name: shared-config}", "shared-config")),
        ("rename", "shared-config (1,001 files)", on(shared, "name: shared-config", "shared-config")),
    ]
    rows = []
    other = folder / "apps" / f"app-{(middle + 1) % files:05}.yaml"
    for name, label, (document, position) in cases:
        first = await _timed(REQUESTS[name](client, document, position))
        warm = [await _timed(REQUESTS[name](client, document, position)) for _ in range(reps)]
        other.write_text(other.read_text() + "# changed\n")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path_to_uri(other), type=types.FileChangeType.Changed)]))
        after = await _timed(REQUESTS[name](client, document, position))
        rows.append((name, label, first, statistics.median(warm), max(warm), after))
    rss_after = _rss_mb(client._server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return rows, rss_before, rss_after


async def _settled(client: LanguageClient, document: types.TextDocumentIdentifier) -> None:
    """Wait until hovers are answered fast twice in a row: the analyses after the scan are over."""
    fast = 0
    while fast < 2:
        took = await _timed(client.text_document_hover_async(types.HoverParams(
            text_document=document, position=types.Position(line=0, character=1))))
        fast = fast + 1 if took < IDLE_MS else 0
        await asyncio.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--only-workspace", action="store_true", help="skip the 63k-line file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows, before, after = asyncio.run(measure_workspace(Path(folder), args.files, args.reps))
    print(f"| request ({args.files:,}-file workspace) | on | first (ms) | median (ms) | max (ms) "
          "| after a file changed (ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for name, label, first, median, worst, after_change in rows:
        print(f"| {name} | {label} | {first:.1f} | {median:.1f} | {worst:.1f} | {after_change:.1f} |")
    print(f"\nserver RSS: {before:.0f} MB before the first request, {after:.0f} MB after them\n")
    if args.only_workspace:
        return
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True,
                       stdout=subprocess.DEVNULL)
        text = (Path(folder) / "large.yaml").read_text()
    print("| request (63k-line file) | on | first (ms) | median (ms) | max (ms) | after an edit (ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for suffix, where in (("", ""), (TIES, ", tied across documents")):
        for name, label, first, median, worst, after_edit in asyncio.run(measure(text + suffix, args.reps)):
            print(f"| {name} | {label}{where} | {first:.1f} | {median:.1f} | {worst:.1f} | {after_edit:.1f} |")


if __name__ == "__main__":
    main()
