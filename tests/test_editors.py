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


@pytest.mark.skipif(EMACS is None or not _has_eglot(),
                    reason="Emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot elpa-yaml-mode)")
def test_emacs_eglot_shows_diagnostics_hover_and_completion(tmp_path: Path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # a project root for eglot
    manifest = tmp_path / "pod.yaml"
    manifest.write_text((ROOT / "examples" / "pod.yaml").read_text())
    env = dict(os.environ)
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(tmp_path / "home"),
        "PODLS_EMACS_CONFIG": str(ROOT / "editors" / "emacs" / "pod-ls.el"),
        "PODLS_MANIFEST": str(manifest), "PODLS_HOVER_LINE": "9", "PODLS_HOVER_COL": "4",
    })
    run = subprocess.run([EMACS, "--batch", "-l", str(ROOT / "tests" / "emacs_session.el")], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    found = {(d["line"], d["text"].split("]")[0]) for d in result["diagnostics"]}
    assert found == {(9, "pod-ls [subdomain-headless-service"), (10, "pod-ls [dns-none-without-config"),
                     (14, "pod-ls [unknown-field"), (22, "pod-ls [probe-success-threshold")}
    assert result["hover"].startswith("**dnsPolicy** `string` · default `ClusterFirst`")
    assert result["completion"] == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]


def test_helix_configuration():
    config = tomllib.loads((ROOT / "editors" / "helix" / "languages.toml").read_text())
    server = config["language-server"]["pod-ls"]
    assert server["command"] == "pod-ls" and server["args"] == ["--stdio"]
    from pod_ls.settings import parse_settings

    settings, problem = parse_settings(server["config"])
    assert problem is None
    [yaml] = config["language"]
    assert yaml["name"] == "yaml" and "pod-ls" in yaml["language-servers"]
