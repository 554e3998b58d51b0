"""What `pod-ls check` reads: globs through symlinked folders, paths that are pipes or devices,
and stdin's bytes, decoded exactly as a file's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
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


def test_glob_does_not_follow_a_symlink_loop(tmp_path: Path):
    apps = tmp_path / "apps"
    apps.mkdir()
    (apps / "pod.yaml").write_text(BAD_POD)
    (apps / "again").symlink_to(".", target_is_directory=True)
    run = pod_ls("check", "apps/**/*.yaml", cwd=tmp_path)
    assert finding_lines(run) == ["apps/pod.yaml:6:14: error [dns-none-without-config] dnsPolicy is None but "
                                  "there is no dnsConfig: add dnsConfig.nameservers"]
    assert run.stdout.decode().endswith("1 file checked: 1 error\n")


def test_glob_ends_with_two_symlink_loops(tmp_path: Path):
    apps = tmp_path / "apps"
    (apps / "team").mkdir(parents=True)
    (apps / "team" / "pod.yaml").write_text(BAD_POD)
    (apps / "up").symlink_to(".", target_is_directory=True)
    (apps / "team" / "up").symlink_to("..", target_is_directory=True)
    run = pod_ls("check", "apps/**/*.yaml", cwd=tmp_path, timeout=20)
    assert [line.split(":")[0] for line in finding_lines(run)] == ["apps/team/pod.yaml"]


def test_glob_yields_a_file_reached_through_a_symlinked_folder_once(tmp_path: Path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "pod.yaml").write_text(BAD_POD)
    (tmp_path / "overlay").mkdir()
    (tmp_path / "overlay" / "base").symlink_to("../base", target_is_directory=True)
    run = pod_ls("check", "**/*.yaml", cwd=tmp_path)
    assert [line.split(":")[0] for line in finding_lines(run)] == ["base/pod.yaml"]


def test_dev_stdin_is_read():
    run = pod_ls("check", "/dev/stdin", stdin=EXAMPLE.read_bytes())
    assert run.returncode == 1
    assert "/dev/stdin:22:27: error [probe-success-threshold]" in run.stdout.decode()


def test_process_substitution_is_read():
    """`pod-ls check <(helm template ...)`: the shell passes a pipe as /dev/fd/N."""
    read_end, write_end = os.pipe()
    os.write(write_end, BAD_POD.encode())  # far below a pipe's buffer
    os.close(write_end)
    try:
        run = pod_ls("check", f"/dev/fd/{read_end}", pass_fds=(read_end,))
    finally:
        os.close(read_end)
    assert [line.split(":", 1)[1] for line in finding_lines(run)] == [
        "6:14: error [dns-none-without-config] dnsPolicy is None but there is no dnsConfig: add "
        "dnsConfig.nameservers"]


def test_named_pipe_is_read(tmp_path: Path):
    fifo = tmp_path / "rendered.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(BAD_POD,), daemon=True)
    writer.start()
    run = pod_ls("check", str(fifo))
    if writer.is_alive():  # the pipe was never opened: let the writer go
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    writer.join(10)
    assert [line.split(":", 1)[1] for line in finding_lines(run)] == [
        "6:14: error [dns-none-without-config] dnsPolicy is None but there is no dnsConfig: add "
        "dnsConfig.nameservers"]


def test_a_character_device_is_read():
    run = pod_ls("check", "/dev/null")
    assert run.returncode == 0 and run.stdout.decode() == "1 file checked: no problems\n"


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
