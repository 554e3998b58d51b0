"""Editor set-ups under editors/: Emacs (eglot, run for real in batch mode) and Helix (the
configuration's structure; Helix itself is not packaged for this machine)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

EMACS = shutil.which("emacs")


def _has_eglot() -> bool:
    return any(Path("/usr/share/emacs/site-lisp/elpa").glob("eglot-*"))


needs_emacs = pytest.mark.skipif(
    EMACS is None or not _has_eglot(),
    reason="Emacs with eglot is not installed: run apt-get install emacs-nox elpa-eglot elpa-yaml-mode")
# A user's own init: another server's section that pod-ls.el must keep, and pod-ls's settings.
USER_INIT = """(progn (setq-default eglot-workspace-configuration '(:yaml (:format (:enable t))))
                      (setq pod-ls-settings '(:rules (:image-tag "off"))))"""


def _emacs_session(tmp_path: Path, path: str, before: str = "") -> dict:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # a project root for eglot
    manifest = tmp_path / "pod.yaml"
    manifest.write_text((ROOT / "examples" / "pod.yaml").read_text())
    env = {**os.environ, "PATH": path, "HOME": str(tmp_path / "home"),
           "PODLS_EMACS_CONFIG": str(ROOT / "editors" / "emacs" / "pod-ls.el"), "PODLS_EMACS_BEFORE": before,
           "PODLS_MANIFEST": str(manifest), "PODLS_HOVER_LINE": "9", "PODLS_HOVER_COL": "4"}
    run = subprocess.run([EMACS or "emacs", "--batch", "-l", str(ROOT / "tests" / "emacs_session.el")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@needs_emacs
def test_emacs_eglot_shows_diagnostics_hover_and_completion(tmp_path: Path):
    result = _emacs_session(tmp_path, f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                            USER_INIT)
    found = {(d["line"], d["text"].split("]")[0]) for d in result["diagnostics"]}
    assert found == {(9, "pod-ls [subdomain-headless-service"), (10, "pod-ls [dns-none-without-config"),
                     (14, "pod-ls [unknown-field"), (22, "pod-ls [probe-success-threshold")}
    # pod-ls's section is added beside the user's other one, and is what eglot answers the server.
    assert result["configuration"] == {"yaml": {"format": {"enable": True}}, "podls": {"rules": {"image-tag": "off"}}}
    assert result["podls_section"] == [{"rules": {"image-tag": "off"}}]
    # Eglot without markdown-mode asks for plain text and shows it as it comes: no stars, no pipes.
    assert result["hover"].startswith("dnsPolicy string · default ClusterFirst\n"), result["hover"]
    assert "|" not in result["hover"] and "**" not in result["hover"]
    assert result["completion"] == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]
    # C-M-i completes from pod-ls (yaml-mode, a text mode, binds it to ispell's word completion).
    assert result["typed"] == "  dnsPolicy: ClusterFirstWithHostNet", result["typed"]


@needs_emacs
def test_emacs_says_plainly_that_pod_ls_is_missing(tmp_path: Path):
    path = os.pathsep.join(["/usr/bin", "/bin"])
    assert shutil.which("pod-ls", path=path) is None
    result = _emacs_session(tmp_path, path)
    assert result["server"] is False
    assert result["error"].startswith("pod-ls: ‘pod-ls’ is not on exec-path. Install it (python3 -m venv")
    assert "pip install pod-ls" in result["error"] and "pod-ls-command" in result["error"]


def test_helix_configuration():
    config = tomllib.loads((ROOT / "editors" / "helix" / "languages.toml").read_text())
    server = config["language-server"]["pod-ls"]
    assert server["command"] == "pod-ls" and server["args"] == ["--stdio"]
    from pod_ls.settings import parse_settings

    settings, problem = parse_settings(server["config"])
    assert problem is None
    [yaml] = config["language"]
    assert yaml["name"] == "yaml" and "pod-ls" in yaml["language-servers"]
