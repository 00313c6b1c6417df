"""An import killed at any moment leaves the previous dataset, or the new one, whole.

With the database the write is one transaction: killed inside it (the write lock is held), the
database rolls it back on the next opening.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from observatoire import storage
from observatoire.build import demo

REPO = Path(__file__).resolve().parents[2]
ROWS = 20_000


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    old, _ = demo.generate(300, 10, seed=1, include_real=False)
    new, _ = demo.generate(ROWS, 10, seed=2, include_real=False)
    (base / "ancien.csv").write_bytes(demo.to_csv_bytes(old))
    (base / "nouveau.csv").write_bytes(demo.to_csv_bytes(new))
    return base


def _start(files: Path, data_dir: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != storage.ENV_VAR}
    return subprocess.Popen(
        [sys.executable, "-m", "observatoire", "import", str(files / "nouveau.csv"),
         "--type", "acteurs", "--data-dir", str(data_dir)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _prepare(files: Path, data_dir: Path) -> pd.DataFrame:
    from observatoire.importers import import_file

    import_file(files / "ancien.csv", "acteurs", data_dir)
    storage.dispose_engines()
    return storage.read_current(data_dir, "acteurs")


def _assert_whole(data_dir: Path, previous: pd.DataFrame) -> str:
    storage.dispose_engines()  # a fresh opening, as the next process would do
    current = storage.read_current(data_dir, "acteurs")
    if len(current) == len(previous) and current.equals(previous):
        return "ancien"
    assert len(current) == ROWS, f"version partielle : {len(current)} lignes"
    return "nouveau"


def _writing(data_dir: Path) -> bool:
    """Whether a writer holds the database's write lock right now."""
    conn = sqlite3.connect(data_dir / storage.DATABASE_FILE, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def test_a_kill_inside_the_write_transaction_keeps_the_previous_data(files, tmp_path):
    data_dir = tmp_path / "donnees"
    previous = _prepare(files, data_dir)
    process = _start(files, data_dir)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if _writing(data_dir):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "l'import a fini avant d'être tué"
    assert _assert_whole(data_dir, previous) == "ancien"


@pytest.mark.parametrize("attempt", range(4))
def test_a_kill_at_a_random_moment_never_leaves_a_partial_file(files, tmp_path, attempt):
    data_dir = tmp_path / "donnees"
    previous = _prepare(files, data_dir)
    process = _start(files, data_dir)
    time.sleep(random.Random(attempt).uniform(1.0, 12.0))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _assert_whole(data_dir, previous) in ("ancien", "nouveau")
