"""What `pod-ls check` reads: globs through symlinked folders, paths that are pipes or devices,
and stdin's bytes, decoded exactly as a file's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from workloads import wrap

EXAMPLE = ROOT / "examples" / "pod.yaml"
BAD_POD = wrap("Pod", "dnsPolicy: None\ncontainers:\n  - name: app\n    image: nginx:1.27\n")


def pod_ls(*args: str, stdin: bytes | None = None, cwd: Path | None = None, pass_fds: tuple[int, ...] = (),
           timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pod_ls", *args], input=stdin, capture_output=True,
                          cwd=cwd, pass_fds=pass_fds, timeout=timeout)


def finding_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stdout.decode().splitlines() if "[dns-none-without-config]" in line]


def test_stdin_bytes_are_decoded_as_a_file_is(tmp_path: Path):
    """Invalid UTF-8 and a byte order mark: stdin and a file give the same findings."""
    manifest = b"\xef\xbb\xbf" + BAD_POD.replace("name: p\n", 'name: p\n  annotations:\n    note: "caf\xe9"\n').encode(
        "latin-1")
    (tmp_path / "pod.yaml").write_bytes(manifest)
    from_file = pod_ls("check", "--format", "json", "pod.yaml", cwd=tmp_path)
    from_stdin = pod_ls("check", "--format", "json", "-", stdin=manifest)

    def findings(run: subprocess.CompletedProcess) -> list[dict]:
        return [{k: v for k, v in f.items() if k != "path"} for f in json.loads(run.stdout)]

    assert [f["rule"] for f in findings(from_file)] == ["dns-none-without-config"]
    assert findings(from_stdin) == findings(from_file)
