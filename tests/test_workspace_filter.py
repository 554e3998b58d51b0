"""The walk of a folder and the question about one file (a file event, a closed buffer) read
exactly the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pod_ls.analysis.scan import FileFilter, yaml_files

FILES = ["a.yaml", "b.yml", "c.txt", "big.yaml", "deploy/d.yaml", "deploy/skip.yaml", "deploy/x/e.yaml",
         "node_modules/f.yaml", "sub/node_modules/g.yaml", "sub/h.yaml", "sub/.git/i.yaml"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("kind: Service\n" + ("#" * 2000 if name == "big.yaml" else ""))
    (root / "linked").symlink_to(root / "sub", target_is_directory=True)  # not followed
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (tmp_path / "outside.yaml").write_text("kind: Service\n")
    return root


CANDIDATES = [*FILES, "linked/h.yaml", "sub/loop/a.yaml", "missing.yaml", "deploy", "../outside.yaml"]


@pytest.mark.parametrize(("exclude", "include", "max_size"), [
    ([".git", "node_modules"], None, None),
    ([".git", "node_modules"], [], 1000),
    (["deploy/x", "*/skip.yaml"], ["*.yaml"], None),
    (["sub"], ["deploy/*", "*.yml"], 10_000),
])
@pytest.mark.parametrize("recursive", [True, False])
def test_one_file_is_read_exactly_when_the_walk_reads_it(tree: Path, exclude, include, max_size, recursive):
    walked = set(yaml_files(tree, exclude, max_size, recursive, include))
    wanted = FileFilter(exclude, include, max_size)
    asked = {tree / name for name in CANDIDATES if wanted.walk_reads(tree, tree / name, recursive)}
    assert asked == walked
    assert walked  # each case reads some files and skips others
    assert len(walked) < len(FILES)
