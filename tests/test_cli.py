"""The command line: `pod-ls check` and the server's options."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from workloads import wrap

EXAMPLE = ROOT / "examples" / "pod.yaml"
CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"


def pod_ls(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pod_ls", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=cwd)


def test_check_prints_findings_with_positions_and_fails():
    run = pod_ls("check", str(EXAMPLE))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert f"{EXAMPLE}:22:27: error [probe-success-threshold] livenessProbe.successThreshold must be 1" in run.stdout
    assert any(":10:14: error [dns-none-without-config]" in line for line in lines)
    assert any(":14:7: error [unknown-field]" in line and "imagePullPolicy" in line for line in lines)
    assert any(":9:14: warning [subdomain-headless-service]" in line for line in lines)
    assert lines[-1] == "1 file checked: 3 errors, 1 warning"


def test_check_reads_every_document_of_a_big_file(tmp_path: Path):
    """No bound in CI: the Pod after 7 MB of ConfigMap is checked (the editor stops earlier)."""
    data = "".join(f"    line {n} of a big file\n" for n in range(300_000))
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big.txt: |\n" + data
    assert len(config_map) > 7_000_000
    (tmp_path / "bundle.yaml").write_text(config_map + "---\n" + wrap("Pod", "dnsPolicy: None\n" + CONTAINER))
    run = pod_ls("check", str(tmp_path / "bundle.yaml"))
    assert "[dns-none-without-config]" in run.stdout and "file-too-large" not in run.stdout, run.stdout
    assert run.returncode == 1


def test_a_failure_of_pod_ls_itself_is_told_apart_from_findings(tmp_path: Path):
    """A bug (forced here: the analysis raises) exits 3 with the traceback's last line, never 1."""
    (tmp_path / "pod.yaml").write_text(wrap("Pod", CONTAINER))
    crash = ("import sys\nfrom pod_ls.analysis.analyzer import Analyzer\n"
             "def broken(*args, **kwargs):\n    raise KeyError('forced')\n"
             "Analyzer.analyse = broken\nfrom pod_ls.cli.main import main\nmain(sys.argv[1:])\n")
    run = subprocess.run([sys.executable, "-c", crash, "check", str(tmp_path)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 3, run.stderr
    assert "internal error: KeyError: 'forced'" in run.stderr and "Traceback" not in run.stderr


def test_a_reader_that_stops_early_ends_the_report_not_the_verdict(tmp_path: Path):
    """`pod-ls check . | head`: the report goes nowhere once the reader has gone; no internal
    error, and the exit code still says what was found."""
    for n in range(300):
        (tmp_path / f"pod{n}.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + CONTAINER))
    for fmt in ("text", "json"):
        check = subprocess.Popen([sys.executable, "-m", "pod_ls", "check", "--format", fmt, str(tmp_path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert check.stdout is not None and check.stdout.read(10)
        check.stdout.close()
        _, errors = check.communicate(timeout=60)
        assert check.returncode == 1 and b"internal error" not in errors, errors


def test_the_whole_report_reaches_a_pipe(tmp_path: Path):
    """The program ends without the interpreter's teardown (`run`), after writing everything."""
    for n in range(300):
        (tmp_path / f"pod{n}.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + CONTAINER))
    run = subprocess.run([sys.executable, "-m", "pod_ls", "check", "--format", "json", str(tmp_path)],
                         capture_output=True, timeout=60)
    assert run.returncode == 1 and len(json.loads(run.stdout)) == 300
    assert run.stderr.decode().endswith("300 files checked: 300 errors\n")


def test_check_clean_files_exit_zero(tmp_path: Path):
    (tmp_path / "ok.yaml").write_text(wrap("Deployment", CONTAINER))
    run = pod_ls("check", str(tmp_path))
    assert run.returncode == 0 and run.stdout == "1 file checked: no problems\n"


def test_check_severity_threshold(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "hostname: h\nsubdomain: nowhere\n" + CONTAINER))
    assert pod_ls("check", str(tmp_path)).returncode == 1
    assert pod_ls("check", "--severity", "error", str(tmp_path)).returncode == 0


def test_check_finds_services_in_other_files_and_skips_excluded_folders(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER))
    (tmp_path / "node_modules").mkdir()
    svc = "kind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n"
    (tmp_path / "node_modules" / "svc.yaml").write_text(svc)
    assert pod_ls("check", str(tmp_path)).returncode == 1
    (tmp_path / "svc.yml").write_text(svc)
    assert pod_ls("check", str(tmp_path)).returncode == 0


def test_check_json_and_stdin():
    run = pod_ls("check", "--format", "json", "-", stdin=EXAMPLE.read_text())
    findings = json.loads(run.stdout)
    assert {f["rule"] for f in findings} == {"probe-success-threshold", "dns-none-without-config",
                                             "unknown-field", "subdomain-headless-service"}
    probe = next(f for f in findings if f["rule"] == "probe-success-threshold")
    assert probe["path"] == "<stdin>" and probe["start"] == {"line": 22, "column": 27}


def test_check_reads_project_settings(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + CONTAINER))
    (tmp_path / ".pod-ls.json").write_text(json.dumps({"rules": {"dns-none-without-config": "off"}}))
    assert pod_ls("check", "pod.yaml", cwd=tmp_path).returncode == 0
    (tmp_path / ".pod-ls.json").write_text(json.dumps({"rules": {"dns-none-without-config": "sometimes"}}))
    run = pod_ls("check", "pod.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "Invalid pod-ls settings" in run.stderr


def test_check_usage_errors_exit_two(tmp_path: Path):
    assert pod_ls("check", str(tmp_path / "missing.yaml")).returncode == 2
    assert pod_ls("check").returncode == 2
    assert pod_ls("check", "--format", "xml", str(EXAMPLE)).returncode == 2


def test_version_and_help():
    run = pod_ls("--version")
    assert run.returncode == 0 and run.stdout.startswith("pod-ls ")
    assert "--tcp" in pod_ls("--help").stdout


def test_tcp_server_with_log_file(tmp_path: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_file = tmp_path / "pod-ls.log"
    server = subprocess.Popen([sys.executable, "-m", "pod_ls", "--tcp", "--host", "127.0.0.1", "--port",
                               str(port), "--log-file", str(log_file), "-vv"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        asyncio.run(_tcp_session(port))
        server.wait(timeout=10)
    finally:
        server.kill()
        stdout, _ = server.communicate()
    assert stdout == b""  # logs never go to stdout
    assert f"serving LSP on tcp 127.0.0.1:{port}" in log_file.read_text()


async def _tcp_session(port: int) -> None:
    client = LanguageClient("test", "1")
    for _ in range(100):
        try:
            await client.start_tcp("127.0.0.1", port)
            break
        except OSError:
            await asyncio.sleep(0.05)
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(params)

    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri="file:///tcp/pod.yaml", language_id="yaml", version=1, text=EXAMPLE.read_text())))
    params = await asyncio.wait_for(published, 10)
    assert len(params.diagnostics) == 4
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.sleep(0.2)
    await client.stop()
