"""A release bundle as operators ship them: CustomResourceDefinitions whose schemas carry long
descriptions wrapped over lines, RBAC, and one Deployment, about 3 MB. Times, side by side in
one run, the editor's open → final diagnostics for pod-ls and yaml-language-server (nothing
else asked meanwhile), then hover and completion asked of pod-ls while its first read runs (in
runs of their own), and `pod-ls check` of the bundle.

    npm ci --prefix benchmarks
    python benchmarks/bundle.py [--reps 3] [--megabytes 3] [--file BUNDLE]

`--file` times a bundle of your own (a real operator's install.yaml) instead of the generated one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from run import compile_package

HERE = Path(__file__).resolve().parent
YLS = HERE / "node_modules" / ".bin" / "yaml-language-server"
WORDS = ("the field is used by the controller when it reconciles the resource and reports status "
         "conditions; if unset, the default applies. See `spec.template` and (for example) the "
         "'Always' or \"IfNotPresent\" values; must be a DNS-1123 label: lowercase, digits and dashes").split()
QUIET = 2.0
"""Seconds without a publish after which the diagnostics count as final."""


def description(rng: random.Random, indent: int) -> str:
    """A controller-gen description: a multi-line plain scalar wrapped at 80 columns."""
    text = "Field " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60))).replace(": ", " ").rstrip(":")
    lines = textwrap.wrap(text, 80 - indent, break_on_hyphens=False)
    pad = " " * (indent + 2)
    return f"{' ' * indent}description: {lines[0]}\n" + "".join(f"{pad}{line}\n" for line in lines[1:])


def properties(rng: random.Random, indent: int, depth: int, budget: list[int]) -> str:
    out = []
    for n in range(rng.randint(3, 9)):
        if budget[0] <= 0:
            break
        name = f"field{budget[0]}x{n}{rng.choice(['Name', 'Spec', 'Ref', 'Policy', 'Seconds'])}"
        block = f"{' ' * indent}{name}:\n" + description(rng, indent + 2)
        budget[0] -= len(block)
        if depth < 4 and rng.random() < 0.35:
            block += (f"{' ' * (indent + 2)}properties:\n" + properties(rng, indent + 4, depth + 1, budget)
                      + f"{' ' * (indent + 2)}type: object\n")
        else:
            kind = rng.choice(["string", "integer", "boolean", "string"])
            block += f"{' ' * (indent + 2)}type: {kind}\n"
            if kind == "string" and rng.random() < 0.2:
                block += f"{' ' * (indent + 2)}enum:\n{' ' * (indent + 2)}- Always\n{' ' * (indent + 2)}- Never\n"
        out.append(block)
    return "".join(out)


def crd(rng: random.Random, plural: str, size: int) -> str:
    head = textwrap.dedent(f"""\
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          annotations:
            controller-gen.kubebuilder.io/version: v0.16.1
          name: {plural}.example.com
        spec:
          group: example.com
          names:
            kind: {plural.capitalize()[:-1]}
            listKind: {plural.capitalize()[:-1]}List
            plural: {plural}
            singular: {plural[:-1]}
          scope: Namespaced
          versions:
          - name: v1
            schema:
              openAPIV3Schema:
        """)
    budget = [size]
    body = description(rng, 10) + "          properties:\n"
    while budget[0] > 0:
        body += properties(rng, 12, 0, budget)
    return head + body + "          type: object\n      served: true\n      storage: true\n"


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
  namespace: operators
spec:
  replicas: 1
  selector:
    matchLabels: {app: operator}
  template:
    metadata:
      labels: {app: operator}
    spec:
      serviceAccountName: operator
      containers:
      - name: manager
        image: example.com/operator:v1.2.3
        args: [--leader-elect]
        ports:
        - {name: metrics, containerPort: 8080}
        livenessProbe:
          httpGet: {path: /healthz, port: 8081}
        resources:
          limits: {cpu: 500m, memory: 128Mi}
          requests: {cpu: 10m, memory: 64Mi}
"""
RBAC = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: operator
  namespace: operators
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
- apiGroups: [example.com]
  resources: ['*']
  verbs: [get, list, watch, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: operator
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator}
subjects:
- {kind: ServiceAccount, name: operator, namespace: operators}
"""


def bundle(megabytes: float, seed: int = 7) -> str:
    """About `megabytes` of CRDs (15 of them), then the RBAC and the Deployment."""
    rng = random.Random(seed)
    each = int(megabytes * 1_000_000 / 15)
    crds = [crd(rng, f"widget{n}s", each) for n in range(15)]
    return "---\n".join([*crds, RBAC, DEPLOYMENT])


async def open_to_final(command: list[str], text: str, settings: dict,
                        requests: list[float] | None = None) -> float:
    """Milliseconds from didOpen to the last publish before a quiet period; with `requests`,
    hover and completion are asked in the Deployment while the first read runs, and their
    times (ms) are added to it."""
    client = LanguageClient("bundle-bench", "1")
    last = [0.0]
    opened = [0.0]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        last[0] = time.perf_counter()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list:
        return [settings.get(item.section or "", None) for item in params.items]

    await client.start_io(*command)
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True))))
    client.initialized(types.InitializedParams())
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
    await asyncio.sleep(1.0)
    opened[0] = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri="file:///bundle/install.yaml", language_id="yaml", version=1, text=text)))
    if requests is not None:
        lines = text.split("\n")
        image = next(n for n, line in enumerate(lines) if line.strip().startswith("image: example.com"))
        document = types.TextDocumentIdentifier(uri="file:///bundle/install.yaml")
        while not last[0] and time.perf_counter() < opened[0] + 60:
            start = time.perf_counter()
            await client.text_document_hover_async(types.HoverParams(
                text_document=document, position=types.Position(line=image, character=9)))
            await client.text_document_completion_async(types.CompletionParams(
                text_document=document, position=types.Position(line=image + 1, character=8)))
            requests.append((time.perf_counter() - start) * 1000 / 2)
    deadline = opened[0] + 120
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
        if last[0] and time.perf_counter() - last[0] > QUIET:
            break
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return (last[0] - opened[0]) * 1000 if last[0] else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--file", type=Path, help="a bundle of your own instead of the generated one")
    args = parser.parse_args()
    compile_package()
    text = args.file.read_text() if args.file else bundle(args.megabytes)
    servers = {"pod-ls": ([sys.executable, "-m", "pod_ls"], {})}
    if YLS.exists():
        servers["yaml-language-server"] = ([str(YLS), "--stdio"], {"yaml": {"validate": True}})
    times: dict[str, list[float]] = {name: [] for name in servers}
    during: list[float] = []
    for _ in range(args.reps):
        for name, (command, settings) in servers.items():
            times[name].append(asyncio.run(open_to_final(command, text, settings)))
    # Apart: answering requests delays the read a little, and only pod-ls is asked.
    for _ in range(args.reps):
        asyncio.run(open_to_final(servers["pod-ls"][0], text, {}, during))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "install.yaml"
        path.write_text(text)
        check = []
        for _ in range(args.reps):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pod_ls", "check", str(path)], capture_output=True, check=False)
            check.append((time.perf_counter() - start) * 1000)
    print(f"bundle: {len(text) / 1e6:.1f} MB, {text.count(chr(10)):,} lines, {text.count('---') + 1} documents")
    for name, values in times.items():
        runs = [round(v) for v in values]
        print(f"open → final diagnostics, {name}: median {statistics.median(values):.0f} ms {runs}")
    if len(times) == 2:
        ratio = statistics.median(times["pod-ls"]) / statistics.median(times["yaml-language-server"])
        print(f"ratio pod-ls / yaml-language-server: {ratio:.2f}")
    if during:
        print(f"pod-ls hover and completion while the first read runs: median {statistics.median(during):.1f} ms, "
              f"max {max(during):.1f} ms over {len(during)}")
    print(f"pod-ls check of the bundle (process start included): median {statistics.median(check):.0f} ms")
    print(json.dumps({"open_final_ms": times, "check_ms": check, "requests_during_read_ms": during}))


if __name__ == "__main__":
    main()
