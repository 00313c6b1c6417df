"""Build-time code (observatoire.build) stays apart from what the running dashboard imports."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = "observatoire.build"
# what `python -m observatoire serve` runs: the entry point and its pages
APP_SCRIPTS = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]


def _module_file(name: str) -> Path | None:
    """The source file of an observatoire module or package, None for anything else."""
    if name != "observatoire" and not name.startswith("observatoire."):
        return None
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """Modules a file imports anywhere, function bodies included (lazy imports count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            # "from observatoire import demo" imports a module, not a name
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def reachable(start: list[Path]) -> set[str]:
    """Every observatoire module reachable by imports from the given files."""
    seen: set[str] = set()
    todo = [name for path in start for name in _imports(path)]
    while todo:
        name = todo.pop()
        # importing a.b.c runs a/__init__ and a/b/__init__ too
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            source = _module_file(prefix)
            if source is None or prefix in seen:
                continue
            seen.add(prefix)
            todo.extend(_imports(source))
    return seen


def test_the_graph_walk_does_see_a_build_import():
    # bench.py is a build-time tool that uses the demo generator: the walk must notice it
    found = reachable([ROOT / "observatoire" / "build" / "bench.py"])
    assert f"{BUILD}.demo" in found and f"{BUILD}.geo" in found


def test_nothing_the_dashboard_imports_reaches_the_build_package():
    found = reachable(APP_SCRIPTS)
    assert "observatoire.ui" in found and "observatoire.map_page" in found
    assert not {name for name in found if name == BUILD or name.startswith(BUILD + ".")}, sorted(found)


def test_importing_the_app_modules_loads_no_build_module():
    modules = sorted(name for name in reachable(APP_SCRIPTS) if _module_file(name))
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "observatoire.ui" in loaded
    assert not [name for name in loaded if name.startswith(BUILD)]


@pytest.mark.parametrize(
    ("module", "former"),
    [("demo", "demo.py"), ("geo", "geobuild.py"), ("reference", "real_actors.py")],
)
def test_build_tools_live_in_the_build_package(module, former):
    assert (ROOT / "observatoire" / "build" / f"{module}.py").is_file()
    assert not (ROOT / "observatoire" / former).exists()
