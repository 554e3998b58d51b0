"""Time from opening a manifest in a fresh VS Code to its first diagnostics, with the extension's
own server: code-server with a clean profile (tests/code_server_session.py) is started once to
install the server, then started anew for each measured run, with the environment in place.
Reports the time from pressing Enter in Quick Open to the first error squiggle, and the time
the extension logs from its activation to the first diagnostics.

Needs what .ci/run installs (see the skip reasons of tests/test_code_server.py).

    python benchmarks/vscode_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from code_server_session import MISSING, browse, clean_profile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if MISSING:
        sys.exit("not installed: " + "; ".join(MISSING))
    with tempfile.TemporaryDirectory() as tmp:
        profile = clean_profile(Path(tmp))
        install, _ = browse(profile, "first-diagnostics.mjs", "pod.yaml")
        print(f"first start, installing the server: {install.get('firstSquiggleMs')} ms to the first squiggle")
        squiggles, activations = [], []
        for _ in range(args.runs):
            seen, browser = browse(profile, "first-diagnostics.mjs", "pod.yaml")
            if seen.get("firstSquiggleMs") is None:
                sys.exit(f"no diagnostics: {browser[-2000:]}")
            squiggles.append(seen["firstSquiggleMs"])
        activations = [int(ms) for ms in re.findall(r"First diagnostics (\d+) ms after the extension was activated",
                                                    profile.extension_log())][1:]
    print(f"fresh VS Code, environment in place, {args.runs} runs: open to first squiggle "
          f"median {statistics.median(squiggles):.0f} ms (min {min(squiggles)}, max {max(squiggles)})")
    if activations:
        print(f"extension activation to first diagnostics: median {statistics.median(activations):.0f} ms "
              f"(min {min(activations)}, max {max(activations)})")


if __name__ == "__main__":
    main()
