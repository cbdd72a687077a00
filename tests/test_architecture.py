"""The package's shape: no import circles, a thin CLI, formats and engines behind their tables."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "digest"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules that `path` imports when it runs, at the top or inside functions
    (imports under `if TYPE_CHECKING:` are for the type checker only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from digest.x import y` is digest.x.y when y is a module, else digest.x
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                     for a in node.names]  # fmt: skip
        else:
            continue
        found.update(n for n in names if n in modules)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _runtime_imports(path, set(files)) - {name} for name, path in files.items()}


def test_the_package_has_no_import_circles() -> None:
    graph = import_graph()
    # Importing digest.x.y runs the package digest first; that edge is implicit, not a circle.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if node.startswith(nxt + "."):
                continue  # a module importing its own package's __init__
            if state.get(nxt) == 1:
                pytest.fail("import circle: " + " -> ".join([*stack[stack.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_walk_finds_imports_inside_functions() -> None:
    graph = import_graph()
    assert "digest.engines" in graph["digest.api"]  # imported inside summarize()
    assert "digest.page" in graph["digest.pipeline"]


def test_the_domain_never_imports_a_renderer() -> None:
    graph = import_graph()
    interface = ("digest.render", "digest.cli", "digest.api", "digest.options", "digest.config")  # may know formats
    for module, imports in graph.items():
        if module.startswith(interface):
            continue
        assert not {m for m in imports if m.startswith("digest.render")}, module


def test_the_cli_passes_no_locals() -> None:
    assert "locals()" not in (PACKAGE / "cli.py").read_text(encoding="utf-8")


def test_a_format_added_to_the_table_is_a_choice_of_every_command(tmp_path: Path) -> None:
    # Adding a format is adding a module under digest/render/ and a row in FORMATS: the CLI and
    # the config check take their choices from the table.
    code = (
        "import sys, types\n"
        "import digest.render as r\n"
        "m = types.ModuleType('digest.render.shout')\n"
        "m.render_documents = lambda results, mode, width: 'SHOUT %d\\n' % len(results)\n"
        "m.render_daily = lambda digest, width: 'DAILY\\n'\n"
        "sys.modules['digest.render.shout'] = m\n"
        "r.FORMATS['shout'] = r.Format('shout', '.txt')\n"
        "from digest.cli import run\n"
        "run()\n"
    )
    page = tmp_path / "page.txt"
    page.write_text("新区建设提速\n\n晚报讯 新区今年完成道路建设三十公里，新建学校两所。\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", code, "articles", str(page), "-f", "shout"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "SHOUT 1\n"
    config = tmp_path / "config.toml"
    config.write_text('format = "shout"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", code, "daily", str(page), "--config", str(config)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "DAILY\n"
