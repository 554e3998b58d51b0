"""The code that attrs, cattrs and dataclasses generate while the server starts, kept between
runs.

lsprotocol declares its 600 types with attrs, which writes each class's methods as source text
and compiles it; cattrs does the same for each message type it reads or writes, dataclasses for
pod-ls's own classes. Compiling that text, the same every time, was 40% of the server's CPU
from its spawn to the first diagnostics. Here those modules' `compile` and `exec` look the text
up first among the code objects that the last run left in the user's cache folder (marshal, as
in a .pyc): the same source, file name, mode and flags make the same code. What a run used is
written back when it has compiled something new, after start-up and at exit.

One part of that text changes from run to run: attrs writes the hash of the class's name, which
follows the process's hash seed, as the first item of a frozen class's `__hash__`. Any constant
does there (it only keeps classes with the same fields apart), so it does not count in the key.
"""

from __future__ import annotations
import __future__

import builtins
import hashlib
import importlib
import importlib.util
import logging
import marshal
import os
import re
import sys
import tempfile
import time
from contextlib import suppress
from functools import reduce
from operator import or_
from pathlib import Path
from types import CodeType

log = logging.getLogger(__name__)

MODULES = ("attr._make", "cattrs.gen", "dataclasses")
"""The modules whose `compile` and `exec` go through the cache."""
FUTURE_FLAGS = reduce(or_, (getattr(__future__, name).compiler_flag for name in __future__.all_feature_names))
"""The flags that `compile` takes from the code calling it (its `from __future__` imports)."""
SEEDED_HASH = re.compile(r"(return hash\(\(\s*)-?\d+,")
"""attrs' `__hash__` and the seeded constant it starts with."""
STALE_SECONDS = 30 * 24 * 3600
"""A cache file not used for this long belongs to an environment that is gone: it is removed."""


def cache_file() -> Path:
    """This environment's file in the user's cache folder: environments differ in their
    libraries, so each keeps its own."""
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to be found
        home = Path(tempfile.gettempdir())
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    environment = hashlib.blake2b(sys.prefix.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return base / "pod-ls" / f"code-{sys.implementation.cache_tag}-{environment}.marshal"


class CodeCache:
    """Code objects by what they were compiled from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored = self._read()
        """What the last run saved."""
        self._used: dict[bytes, CodeType] = {}
        """What this run compiled or took from `_stored`: what the next save writes."""
        self.compiled = 0
        """Code compiled since the last save, not found in the cache."""

    def _read(self) -> dict:
        magic = importlib.util.MAGIC_NUMBER
        try:
            data = self.path.read_bytes()
            if time.time() - self.path.stat().st_mtime > STALE_SECONDS / 2:
                os.utime(self.path)  # still in use: not stale
        except OSError:
            return {}
        if not data.startswith(magic):  # another Python's bytecode
            return {}
        try:
            codes = marshal.loads(memoryview(data)[len(magic):])
        except (ValueError, EOFError, TypeError):
            return {}
        return codes if isinstance(codes, dict) else {}

    def compile(self, source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
        """`builtins.compile`, from the cache when the source is a string."""
        if not dont_inherit:
            flags |= sys._getframe(1).f_code.co_flags & FUTURE_FLAGS
        return self._code(source, filename, mode, flags, optimize)

    def exec(self, source, globals=None, locals=None, /, **options):
        """`builtins.exec`, with a string compiled through the cache."""
        caller = sys._getframe(1)
        if globals is None:
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if isinstance(source, str):
            source = self._code(source, "<string>", "exec", caller.f_code.co_flags & FUTURE_FLAGS, -1)
        return builtins.exec(source, globals, locals, **options)

    def _code(self, source, filename, mode, flags: int, optimize: int):
        if not (isinstance(source, str) and isinstance(filename, str) and isinstance(mode, str)):
            return builtins.compile(source, filename, mode, flags, True, optimize)
        text = SEEDED_HASH.sub(r"\1#,", source) if "return hash((" in source else source
        key = hashlib.blake2b("\0".join((text, filename, mode, str(flags), str(optimize))).encode(
            "utf-8", "surrogatepass"), digest_size=16).digest()
        code = self._used.get(key) or self._stored.get(key)
        if not isinstance(code, CodeType):
            code = builtins.compile(source, filename, mode, flags, True, optimize)
            self.compiled += 1
        self._used[key] = code
        return code

    def save(self) -> None:
        """Write what this run used, if it compiled anything new; a failure only costs the
        next start the compiling."""
        if not self.compiled:
            return
        self.compiled = 0
        data = importlib.util.MAGIC_NUMBER + marshal.dumps(dict(self._used))
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
            os.replace(temporary, self.path)  # another server reading it sees the old file or the new
            temporary = None
            self._remove_stale()
        except OSError as error:
            log.debug("the code cache %s was not written: %s", self.path, error)
        finally:
            if temporary is not None:
                with suppress(OSError):
                    os.unlink(temporary)

    def _remove_stale(self) -> None:
        now = time.time()
        for sibling in self.path.parent.glob("code-*.marshal*"):
            with suppress(OSError):
                if now - sibling.stat().st_mtime > STALE_SECONDS:
                    sibling.unlink()


def install(path: Path | None = None) -> CodeCache:
    """Route the code generation of `MODULES` through a cache, before lsprotocol's types exist."""
    cache = CodeCache(path or cache_file())
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.compile = cache.compile
        module.exec = cache.exec
    return cache
