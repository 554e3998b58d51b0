"""What the real-editor tests need that .ci/run installs, and how each one is named in a skip:
locally a missing piece skips its test with the command that brings it; `.ci/run` fails on
any such skip."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import ROOT

VSCODE = ROOT / "editors" / "vscode"
VSIX = VSCODE / "pod-ls.vsix"
BUILD_VSIX = "cd editors/vscode && npm ci && npm run build && npm run wheel && npm run package"
# The extension's wheel and its dependencies, so that its own install runs without a network.
WHEELHOUSE = ROOT / "build" / "wheelhouse"
BUILD_WHEELHOUSE = ("python -m pip download --only-binary=:all: --dest build/wheelhouse "
                    "editors/vscode/server/pod_ls-*.whl")


def offline_pip(env: dict[str, str]) -> dict[str, str]:
    """`env` with pip reading only the local wheel index and no configuration file."""
    return {**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE), "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def base_python() -> str:
    """The interpreter this virtual environment was made from: a Python with pip and venv but
    without pod-ls, as on a machine where nothing is installed yet."""
    return str(Path(getattr(sys, "_base_executable", sys.executable)).resolve())
