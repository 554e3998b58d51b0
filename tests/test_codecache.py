"""The cache of generated code (`pod_ls.lsp.codecache`): code from the cache behaves as freshly
compiled code, a later run compiles nothing it already has, a broken or unwritable cache costs
only the compiling, and a real server start fills it and the next one takes everything from it."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from pathlib import Path

import attrs
from lsp_helpers import plain_client
from lsprotocol import types

from pod_ls.lsp.codecache import MODULES, CodeCache, cache_file, install

SOURCE = "def f(x: NotDefinedAnywhere) -> int:\n    return 1\n"


def test_code_inherits_the_future_imports_of_its_caller_as_compile_does(tmp_path: Path):
    # This module has `from __future__ import annotations`, so the annotation stays a string.
    cache = CodeCache(tmp_path / "code.marshal")
    namespace: dict = {}
    exec(cache.compile(SOURCE, "<generated f>", "exec"), namespace)
    assert namespace["f"].__annotations__["x"] == "NotDefinedAnywhere"
    try:
        exec(cache.compile(SOURCE, "<generated g>", "exec", dont_inherit=True), {})
    except NameError:
        pass
    else:
        raise AssertionError("without the inherited flag the annotation is evaluated")


def test_exec_runs_a_string_through_the_cache_in_the_callers_namespace(tmp_path: Path):
    cache = CodeCache(tmp_path / "code.marshal")
    namespace: dict = {}
    cache.exec("y = 2 * 21", namespace)
    assert namespace["y"] == 42 and cache.compiled == 1
    z = 1
    cache.exec("assert z == 1")  # no namespace: the caller's, as with exec
    assert z == 1


def test_a_second_run_takes_the_code_from_the_file(tmp_path: Path):
    path = tmp_path / "cache" / "code.marshal"
    first = CodeCache(path)
    first.compile("a = 1", "<one>", "exec")
    first.compile("b = 2", "<two>", "exec")
    assert first.compiled == 2
    first.save()
    assert path.exists() and first.compiled == 0

    second = CodeCache(path)
    namespace: dict = {}
    exec(second.compile("a = 1", "<one>", "exec"), namespace)
    assert namespace["a"] == 1 and second.compiled == 0
    second.compile("a = 1", "<another name>", "exec")  # the file name is in the code: compiled anew
    assert second.compiled == 1


def test_a_frozen_attrs_class_is_found_again_whatever_the_hash_seed(tmp_path: Path):
    cache = CodeCache(tmp_path / "code.marshal")
    script = "def __hash__(self):\n    return hash((\n        {},\n        self.x,\n    ))\n"
    first = cache.compile(script.format(-1032066118942043187), "<attrs generated methods P>", "exec")
    again = cache.compile(script.format(6059605838216673812), "<attrs generated methods P>", "exec")
    assert again is first and cache.compiled == 1
    cache.compile(script.format(1).replace("self.x", "self.y"), "<attrs generated methods P>", "exec")
    assert cache.compiled == 2


def test_a_broken_or_unwritable_cache_only_costs_the_compiling(tmp_path: Path):
    path = tmp_path / "code.marshal"
    for content in (b"", b"not marshal at all", bytes(16)):
        path.write_bytes(content)
        cache = CodeCache(path)
        namespace: dict = {}
        exec(cache.compile("c = 3", "<c>", "exec"), namespace)
        assert namespace["c"] == 3 and cache.compiled == 1
    blocked = tmp_path / "a file" / "code.marshal"
    blocked.parent.write_text("a file where the folder would be")
    cache = CodeCache(blocked)
    cache.compile("d = 4", "<d>", "exec")
    cache.save()  # no error
    assert not list(tmp_path.glob("*.tmp"))


def test_attrs_classes_made_after_install_go_through_the_cache(monkeypatch, tmp_path: Path):
    for name in MODULES:  # undone after the test: the modules get their own compile and exec back
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "compile", compile, raising=False)
        monkeypatch.setattr(module, "exec", exec, raising=False)
    cache = install(tmp_path / "code.marshal")

    @attrs.define
    class Point:
        x: int
        y: int = 0

    assert Point(1) == Point(1, 0) and "x=2, y=3" in repr(Point(2, 3))
    assert cache.compiled > 0


def test_the_cache_is_per_environment_in_the_users_cache_folder(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = cache_file()
    if sys.platform.startswith("linux"):
        assert path.parent == tmp_path / "pod-ls"
    assert sys.implementation.cache_tag in path.name


async def _session(env: dict[str, str], folder: Path) -> list[types.Diagnostic]:
    client, published = plain_client("codecache-test")

    await client.start_io(sys.executable, "-m", "pod_ls", env=env)
    try:
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=(folder / "pod.yaml").as_uri(), language_id="yaml", version=1,
            text=(Path(__file__).parent.parent / "examples" / "pod.yaml").read_text())))
        return await asyncio.wait_for(published, 20)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def test_a_server_start_fills_the_cache_and_the_next_one_compiles_nothing_new(tmp_path: Path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    first = asyncio.run(_session(env, tmp_path))
    [written] = (tmp_path / "cache" / "pod-ls").glob("code-*.marshal")
    stamp = written.stat().st_mtime_ns
    second = asyncio.run(_session(env, tmp_path))
    assert [d.code for d in second] == [d.code for d in first] and first
    assert written.stat().st_mtime_ns == stamp  # written only when something was compiled anew
