"""documentSymbol, foldingRange and selectionRange on the 1000-Pod, 63k-line file, and how long
a hover sent right behind each of them waits.

Two moments: right after didOpen, as an editor asks for the outline while the first analysis
runs and part of the file is not parsed yet in the server ("cold"), and after that analysis
("warm"). Folding is asked with VS Code's capabilities (rangeLimit 5000) and Neovim's (no
limit); milliseconds, medians of `--reps` fresh servers (warm rows: of every request). The
baseline "cold hover alone" is a hover right after didOpen on a server asked nothing else.

    python benchmarks/structure.py [--reps 5] [--requests 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import converters
from pytest_lsp import client_capabilities

HERE = Path(__file__).resolve().parent
LSPBENCH = HERE.parent.parent / "shared" / "tools" / "lspbench.py"
URI = "file:///structure/large.yaml"
DOCUMENT = {"uri": URI}
DIAGNOSTICS = 320
_RESPONSE = re.compile(rb'\{"id": (\d+),')
"""A response to this client (its ids are numbers; the server's own requests have strings)."""
"""What the whole file gets (`pod-ls check`): its arrival ends the first analysis."""


class RawClient:
    """JSON-RPC by hand: a response's time is when its last byte arrives, before any parsing
    (pygls' client spends seconds building 15,000 symbols, and parsing one response first
    would delay the arrival of the next)."""

    def __init__(self) -> None:
        self.pending: dict[int, asyncio.Future] = {}
        self.next_id = 1
        self.diagnostics: dict[str, int] = {}
        self.analysed = asyncio.Event()

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pod_ls", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            limit=1 << 24)
        self.reader = asyncio.ensure_future(self._read())

    def _write(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while (line := await stream.readline()).strip():
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if not line:
                return
            body = await stream.readexactly(length)
            arrived = time.perf_counter()
            if (response := _RESPONSE.match(body)) is not None:  # read later: a big result would
                self.pending.pop(int(response.group(1))).set_result((arrived, body))  # delay the next
                continue
            message = json.loads(body)
            if "id" in message:  # the server's requests: configuration, registrations
                self._write({"jsonrpc": "2.0", "id": message["id"], "result": [None] * len(
                    message.get("params", {}).get("items", [])) if message["method"] == "workspace/configuration"
                    else None})
            elif message["method"] == "textDocument/publishDiagnostics":
                if len(message["params"]["diagnostics"]) >= DIAGNOSTICS:
                    self.analysed.set()

    async def request(self, method: str, params: dict) -> tuple[float, object]:
        """Milliseconds to the response, and its result."""
        msg_id, self.next_id = self.next_id, self.next_id + 1
        future = asyncio.get_running_loop().create_future()
        self.pending[msg_id] = future
        sent = time.perf_counter()
        self._write({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        arrived, body = await future
        return (arrived - sent) * 1000, json.loads(body).get("result")

    def notify(self, method: str, params: dict | None) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        await self.process.wait()
        self.reader.cancel()


async def with_hover(client: RawClient, method: str, params: dict, line: int) -> tuple[float, float, object]:
    """The request, and a hover sent right behind it: both their times."""
    hover = {"textDocument": DOCUMENT, "position": {"line": line, "character": 8}}
    (ms, result), (hover_ms, _) = await asyncio.gather(client.request(method, params),
                                                         client.request("textDocument/hover", hover))
    return ms, hover_ms, result


async def session(text: str, editor: str, requests: int, alone: bool = False) -> dict[str, list[float]]:
    client = RawClient()
    await client.start()
    capabilities = client_capabilities(editor)
    capabilities.text_document.diagnostic = None  # pushed diagnostics: the benchmark sees the analysis end
    unstructured = converters.get_converter().unstructure(capabilities)
    await client.request("initialize", {"processId": None, "rootUri": None, "capabilities": unstructured})
    client.notify("initialized", {})
    lines = text.split("\n")
    middle = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].strip().startswith("image:"))
    client.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "yaml", "version": 1,
                                                            "text": text}})
    requests_of = {
        "documentSymbol": ("textDocument/documentSymbol", {"textDocument": DOCUMENT}),
        "foldingRange": ("textDocument/foldingRange", {"textDocument": DOCUMENT}),
        "selectionRange": ("textDocument/selectionRange", {"textDocument": DOCUMENT, "positions": [
            {"line": middle, "character": 14}]}),
    }
    out: dict[str, list[float]] = {}
    counts = {}
    if alone:  # the baseline: a hover right after didOpen, with nothing in front of it
        out["cold hover alone"] = [(await client.request("textDocument/hover", {
            "textDocument": DOCUMENT, "position": {"line": middle - 1, "character": 8}}))[0]]
        await client.stop()
        return out
    for name in ("documentSymbol", "foldingRange"):
        ms, hover_ms, result = await with_hover(client, *requests_of[name], middle - 1)
        out[f"cold {name}"], out[f"cold hover behind {name}"] = [ms], [hover_ms]
        counts[name] = len(result or [])
    await asyncio.wait_for(client.analysed.wait(), 60)
    for _ in range(requests):
        for name, (method, params) in requests_of.items():
            ms, hover_ms, _ = await with_hover(client, method, params, middle - 1)
            out.setdefault(f"warm {name}", []).append(ms)
            out.setdefault(f"warm hover behind {name}", []).append(hover_ms)
    out["top-level symbols"], out["folds"] = [counts["documentSymbol"]], [counts["foldingRange"]]
    await client.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="fresh servers per editor")
    parser.add_argument("--requests", type=int, default=10, help="warm requests of each kind per server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(LSPBENCH), "--write-corpus", folder], check=True, capture_output=True)
        text = (Path(folder) / "large.yaml").read_text()
    for editor in ("visual_studio_code", "neovim"):
        rows: dict[str, list[float]] = {}
        for _ in range(args.reps):
            for alone in (True, False):
                for name, values in asyncio.run(session(text, editor, args.requests, alone)).items():
                    rows.setdefault(name, []).extend(values)
        print(f"{editor} ({text.count(chr(10)) + 1} lines)")
        for name, values in rows.items():
            print(f"  {name:36} median {statistics.median(values):7.1f}  max {max(values):7.1f}  (n={len(values)})")


if __name__ == "__main__":
    main()
