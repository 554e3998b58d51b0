"""Indexing a workspace of 20,000 YAML files in the background: how fast hover and completion
are answered while the scan runs, how long the scan takes, how fast workspace symbols are
after it, and the server's memory with the model built.

Each file holds a Deployment, a Service and a ConfigMap (71 lines, 20 namespaces). Hover and
completion are asked one after the other in an open Pod from `initialized` until the last
file's ConfigMap shows up in workspace symbols (looked for once a second).

    python benchmarks/index.py [--files 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pod_ls.lsp.paths import path_to_uri  # noqa: E402

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: ns-0
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: LEVEL
          valueFrom:
            configMapKeyRef: {name: cfg-00000, key: level}

"""


def manifest(n: int) -> str:
    name, namespace = f"app-{n:05}", f"ns-{n % 20}"
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
  labels: {{app: {name}, tier: web}}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
        tier: web
    spec:
      serviceAccountName: {name}
      containers:
        - name: web
          image: registry.example.com/{name}:1.0.{n}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LEVEL
              valueFrom:
                configMapKeyRef:
                  name: cfg-{n:05}
                  key: level
          readinessProbe:
            httpGet: {{path: /ready, port: http}}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{memory: 256Mi}}
          volumeMounts:
            - name: config
              mountPath: /etc/app
      volumes:
        - name: config
          configMap:
            name: cfg-{n:05}
            items:
              - key: app.conf
                path: app.conf
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {namespace}
spec:
  selector:
    app: {name}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-{n:05}
  namespace: {namespace}
  labels:
    app: {name}
data:
  level: info
  app.conf: |
    listen 8080
    workers 4
"""


def write_workspace(folder: Path, files: int) -> None:
    for n in range(files):
        sub = folder / f"team-{n // 1000:02}"
        sub.mkdir(exist_ok=True)
        (sub / f"app-{n:05}.yaml").write_text(manifest(n))


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


async def timed(request) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = await request
    return (time.perf_counter() - t0) * 1000, result


async def run(folder: Path, files: int) -> dict:
    client = LanguageClient("index-bench", "1")

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "pod_ls")
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(folder), name="bench")]))
    started = time.perf_counter()
    client.initialized(types.InitializedParams())
    uri = path_to_uri(folder / "probe.yaml")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=POD)))
    document = types.TextDocumentIdentifier(uri=uri)
    last = f"configmap/cfg-{files - 1:05}"
    # The first request waits for the modules that `initialized` loads; the scan starts then.
    first_ms, _ = await timed(client.text_document_hover_async(types.HoverParams(
        text_document=document, position=types.Position(line=8, character=8))))
    hover_ms, completion_ms = [], []
    slow: list[tuple[float, str, float]] = []
    rss_before = rss_mb(pid)
    next_look = time.perf_counter()
    while True:
        elapsed, _ = await timed(client.text_document_hover_async(types.HoverParams(
            text_document=document, position=types.Position(line=8, character=8))))
        hover_ms.append(elapsed)
        slow += [(time.perf_counter() - started, "hover", elapsed)] if elapsed > 50 else []
        elapsed, _ = await timed(client.text_document_completion_async(types.CompletionParams(
            text_document=document, position=types.Position(line=14, character=4))))
        completion_ms.append(elapsed)
        slow += [(time.perf_counter() - started, "completion", elapsed)] if elapsed > 50 else []
        if time.perf_counter() >= next_look:  # a look over the whole model: once a second
            next_look = time.perf_counter() + 1
            if await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=last)):
                break
        await asyncio.sleep(0.02)
    scan_s = time.perf_counter() - started
    await asyncio.sleep(1)  # the re-check of the open Pod after the scan
    symbol_ms = [(await timed(client.workspace_symbol_async(types.WorkspaceSymbolParams(query=q))))[0]
                 for q in ("configmap/cfg-12345", "deploy", "svc/app-1999", "")]
    rss_after = rss_mb(pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"first_ms": first_ms, "scan_s": scan_s, "hover_ms": hover_ms, "completion_ms": completion_ms,
            "symbol_ms": symbol_ms, "rss_before": rss_before, "rss_after": rss_after, "slow": slow}


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{name}: median {statistics.median(values):.1f} ms, p95 {p95:.1f}, max {max(values):.1f} "
            f"over {len(values)} requests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        t0 = time.perf_counter()
        write_workspace(folder, args.files)
        print(f"wrote {args.files} files in {time.perf_counter() - t0:.1f} s")
        result = asyncio.run(run(folder, args.files))
    print(f"first hover (waits for start-up): {result['first_ms']:.0f} ms")
    print(f"scan until the last file's ConfigMap is a workspace symbol: {result['scan_s']:.1f} s")
    print(summary("hover during the scan", result["hover_ms"]))
    print(summary("completion during the scan", result["completion_ms"]))
    print("over 50 ms: " + (", ".join(f"{what} {ms:.0f} ms at {at:.1f} s" for at, what, ms in result["slow"])
                            or "none"))
    print("workspace/symbol after it (cfg-12345, deploy, svc/app-1999, empty query): "
          + ", ".join(f"{ms:.1f} ms" for ms in result["symbol_ms"]))
    print(f"server RSS: {result['rss_before']:.0f} MB before the scan, {result['rss_after']:.0f} MB with "
          f"{3 * args.files} objects in the model")


if __name__ == "__main__":
    main()
