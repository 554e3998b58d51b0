"""A real VS Code: code-server from a clean profile, with the packaged .vsix installed and no
pod-ls on PATH, driven by headless Chromium (tests/code_server_session.py). The extension
installs its own server (from the wheel it carries, dependencies from a local wheel index, so
offline), the Problems panel shows the four findings, a broken podls.server.path gives one
notification and a stopped status, and fixing it brings the server back without a restart.
A later start, with the environment in place, runs the server that the extension started as
its code loaded. Screenshots of the status bar item are kept in build/test-artifacts/code-server.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from code_server_session import MISSING, browse, clean_profile
from conftest import ROOT

from pod_ls import __version__

ARTIFACTS = ROOT / "build" / "test-artifacts" / "code-server"


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {'; '.join(MISSING)}")
def test_vscode_installs_the_server_shows_the_problems_and_recovers(tmp_path: Path):
    profile = clean_profile(tmp_path)
    # The working server keeps its log, to show if the test fails.
    log = tmp_path / "pod-ls.log"
    fixed = tmp_path / "pod-ls"
    fixed.write_text(f'#!/bin/sh\nexec "{Path(sys.executable).parent / "pod-ls"}" -v --log-file "{log}" "$@"\n')
    fixed.chmod(0o755)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    seen, browser = browse(profile, "scenario.mjs", "pod.yaml", str(profile.settings_file), "/nonexistent/pod-ls",
                           str(fixed), str(ARTIFACTS))
    (ARTIFACTS / "seen.json").write_text(json.dumps(seen, indent=2))
    extension_log = profile.extension_log()
    code_server = (tmp_path / "code-server.log").read_text(errors="replace")
    story = (f"browser: {browser[-2000:]}\nseen: {seen}\ncode-server: {code_server[-2000:]}"
             f"\nextension log: {extension_log[-4000:]}\npod-ls log: {log.read_text()[-2000:] if log.exists() else ''}")
    assert seen.get("opened"), story
    # Installed from the wheel the .vsix carries, into the extension's own storage.
    assert (profile.environment / f"server-{__version__}" / "pod-ls-extension.json").exists(), story
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
    assert f"Starting {fixed} --stdio (podls.server.path)" in extension_log, story
    for name in ("running", "stopped", "recovered"):
        assert (ARTIFACTS / f"status-{name}.png").stat().st_size > 0

    # The next start, back on the extension's own server: it was spawned as the extension's code
    # loaded, before VS Code activated it, and the client took that process.
    settings = json.loads(profile.settings_file.read_text())
    del settings["podls.server.path"]
    profile.settings_file.write_text(json.dumps(settings))
    again, browser = browse(profile, "first-diagnostics.mjs", "pod.yaml")
    extension_log = profile.extension_log()
    story = f"browser: {browser[-2000:]}\nseen: {again}\nextension log: {extension_log[-4000:]}"
    assert again.get("firstSquiggleMs") is not None, story
    python = profile.environment / f"server-{__version__}" / "bin" / "python"
    assert f"Starting {python} -I -m pod_ls --stdio (the extension's own server" in extension_log, story
    assert extension_log.count("Its process was started as the extension loaded") == 1, story
