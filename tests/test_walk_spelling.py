"""The walk and the kustomize roles on strings (os.scandir, os.path) name, order and judge the
files exactly as the pathlib and os.walk code they replaced: every spelling of a path, every
kind of symlink."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pod_ls.analysis.scan import FileFilter, yaml_file_names, yaml_files
from pod_ls.kube.files.kustomize import Folders, kustomize_role

JOB = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"


def walked_as_before(folder: Path, exclude: list[str], max_size: int | None = None,
                     recursive: bool = True, include: list[str] | None = None) -> list[str]:
    """The walk as os.walk and pathlib did it."""
    wanted, found = FileFilter(exclude, include, max_size), []
    for directory, subdirs, files in os.walk(folder, followlinks=False):
        relative_dir = Path(directory).relative_to(folder)
        subdirs[:] = sorted(d for d in subdirs if wanted.enters((relative_dir / d).as_posix())) if recursive else []
        found += [str(Path(directory, name)) for name in sorted(files)
                  if wanted.reads(Path(directory, name), (relative_dir / name).as_posix())]
    return found


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    for name in ("base/job.yaml", "overlays/prod/job.yaml", "overlays/prod/patches/p.yaml", "b/big.yaml",
                 "node_modules/x/n.yaml", "loose.yaml", ".hidden.yaml", "sp ace.yml", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(JOB * (40 if "big" in name else 1))
    (tmp_path / "base" / "kustomization.yaml").write_text("resources: [job.yaml]\n")
    (tmp_path / "overlays" / "prod" / "kustomization.yml").write_text(
        "resources: [../../base]\npatchesStrategicMerge: [job.yaml]\npatches:\n- path: patches/p.yaml\n")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "job.yaml").symlink_to(tmp_path / "overlays" / "prod" / "job.yaml")
    (tmp_path / "links" / "base").symlink_to(tmp_path / "base")
    (tmp_path / "links" / "broken.yaml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "links" / "up").symlink_to(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("top", [".", "./", "links", "overlays//prod/", "ABSOLUTE"])
@pytest.mark.parametrize("options", [([],), (["node_modules"],), ([], None, False), ([], 200),
                                     ([], None, True, ["*.yml"]), (["prod"], None, True, ["*/*.yaml", "*.yml"]),
                                     (["overlays/prod"],), ([".*"],)])
def test_the_walk_names_the_files_as_before_in_the_same_order(tree: Path, top: str, options):
    folder = tree if top == "ABSOLUTE" else Path(top)
    before = walked_as_before(folder, *options)
    assert list(yaml_file_names(top if top != "ABSOLUTE" else str(tree), *options)) == before
    assert [str(path) for path in yaml_files(folder, *options)] == before


def test_a_folder_that_is_no_folder_yields_nothing(tree: Path):
    assert list(yaml_file_names("nothere", [])) == walked_as_before(Path("nothere"), []) == []


ROLES = {"base/job.yaml": (False, True), "overlays/prod/job.yaml": (True, False),
         "overlays/prod/patches/p.yaml": (True, False), "links/job.yaml": (True, False),
         "links/base/job.yaml": (False, True), "loose.yaml": (False, False), "links/up/base/job.yaml": (False, True)}


@pytest.mark.parametrize("name", list(ROLES))
def test_every_spelling_of_a_path_has_the_same_kustomize_role(tree: Path, name: str):
    spellings = [name, "./" + name, name.replace("/", "//"), name.replace("/", "/./"), str(tree / name)]
    folders = Folders()
    for spelling in spellings:
        assert kustomize_role(spelling) == kustomize_role(Path(spelling), folders) == ROLES[name], spelling


def test_a_symlink_loop_is_no_file_for_a_role(tree: Path):
    (tree / "links" / "loop").symlink_to(tree / "links" / "loop")
    with pytest.raises(RuntimeError):  # as Path.resolve says
        kustomize_role(Path("links/loop"))


def test_a_changed_kustomization_is_read_again_without_a_run(tree: Path):
    """The editor asks with folders=None: nothing is remembered from the last call."""
    assert kustomize_role(tree / "loose.yaml") == (False, False)
    (tree / "kustomization.yaml").write_text("patches:\n- path: loose.yaml\n")
    assert kustomize_role(tree / "loose.yaml") == (True, False)
    (tree / "kustomization.yaml").write_text("resources:\n- loose.yaml\n- base\n")
    assert kustomize_role(tree / "loose.yaml") == (False, True)
