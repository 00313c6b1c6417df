"""The repository names no path of one particular machine."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", "static", ".pytest_cache"}
# an absolute path into a home, a workspace or a temporary folder only exists on one machine
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|home|Users|root|tmp|mnt|srv)/")
def _files() -> list[Path]:
    """Tracked files; without git (an unpacked archive), every file outside generated folders."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        return [ROOT / name for name in listed.stdout.decode("utf-8").split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
            paths += [Path(folder) / name for name in files if name != ".git"]
        return paths


def _text_files():
    for path in _files():
        try:
            yield path, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # parquet and other binary files


def test_the_pattern_catches_a_machine_path_and_spares_urls_and_relative_paths():
    assert MACHINE_PATH.search('Path("/wo' + 'rk/shared/reference/x.md")')
    assert not MACHINE_PATH.search("https://exemple.fr/work/x shared/reference/x.md ~/tmp/x")


def test_no_file_names_an_absolute_path_of_a_machine():
    found = []
    for path, text in _text_files():
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(text.splitlines(), start=1):
            if MACHINE_PATH.search(line):
                found.append(f"{relative}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)
