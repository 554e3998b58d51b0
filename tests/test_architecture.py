"""The layers of ARCHITECTURE.md hold: each imports only the layers below it, only `lsp/` knows
pygls and lsprotocol, and no two modules import each other, even through a function's import."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pod_ls"
BELOW = {
    "yaml": set(),
    "findings": {"yaml"},
    "kube": {"yaml", "findings"},
    "settings_files": set(),
    "settings": {"yaml", "findings", "kube", "settings_files"},
    "rules": {"yaml", "findings", "kube"},
    "ide": {"yaml", "findings", "kube", "rules"},
    "analysis": {"yaml", "findings", "kube", "rules", "settings", "settings_files"},
    "lsp": {"pod_ls", "yaml", "findings", "kube", "settings", "settings_files", "rules", "ide", "analysis"},
    "cli": {"pod_ls", "yaml", "findings", "kube", "settings", "settings_files", "rules", "ide", "analysis", "lsp"},
    "__main__": {"cli"},
}
"""What each layer may import, besides itself ("pod_ls" is the package's own __init__)."""
PROTOCOL = {"pygls", "lsprotocol"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function, resolved to its full name."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


MODULES = {_module(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "pod_ls"


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted((module, target) for module, targets in MODULES.items() for target in targets
                   if target.startswith("pod_ls") and target in MODULES
                   and _layer(target) != _layer(module) and _layer(target) not in BELOW[_layer(module)])
    assert wrong == []


def test_only_the_lsp_layer_knows_the_protocol():
    wrong = sorted((module, target) for module, targets in MODULES.items() for target in targets
                   if target.split(".")[0] in PROTOCOL and _layer(module) != "lsp")
    assert wrong == []


def test_no_import_circles():
    graph = {module: {t for t in targets if t in MODULES and t != module and not _is_parent(t, module)}
             for module, targets in MODULES.items()}
    circles = []

    def visit(module: str, trail: list[str], done: set[str]) -> None:
        for target in graph[module]:
            if target in trail:
                circles.append(trail[trail.index(target):] + [target])
            elif target not in done:
                visit(target, [*trail, target], done)
        done.add(module)

    done: set[str] = set()
    for module in graph:
        if module not in done:
            visit(module, [module], done)
    assert circles == []


def _is_parent(package: str, module: str) -> bool:
    """A module's own package is imported with it (its __init__ runs first): not a circle."""
    return module.startswith(package + ".")
