"""Every hostile file through every import path: a French sentence, never a traceback.

In process (``importers.table.import_file``) a file either gives a report whose counts add up or
raises one of the two documented errors with a French message; through the command line it exits
0 or 2 with no "Traceback" on stderr. Nothing is ever written outside the data folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from observatoire import storage
from observatoire.importers import import_file
from observatoire.reading import ReadError
from tests.robustness import hostile

REPO = Path(__file__).resolve().parents[2]
KINDS = ("acteurs", "projets")
# (type, format) of every import path; the registers describe structures, hence acteurs only
PATHS = [("acteurs", "modele"), ("projets", "modele"), ("acteurs", "sirene"), ("acteurs", "rna")]
FRENCH_HINTS = ("fichier", "colonne", "encodage", "classeur", "ligne", "tableau", "dossier",
                "introuvable", "vide", "impossible", "donnée")


def _looks_french(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in FRENCH_HINTS)


def _check_report(report) -> None:
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    for issue in [*report.errors, *report.warnings]:
        assert isinstance(issue.reason, str) and issue.reason
        assert "Traceback" not in issue.reason


@pytest.mark.parametrize("kind, fmt", PATHS)
@pytest.mark.parametrize("name", hostile.NAMES + hostile.REGISTER_NAMES)
def test_hostile_file_gives_a_report_or_a_french_refusal(tmp_path, name, kind, fmt):
    path = hostile.build(tmp_path / "entree", name)
    data_dir = tmp_path / "donnees"
    try:
        report = import_file(path, kind, data_dir, fmt=fmt)
    except (ReadError, storage.DataStoreError) as exc:
        assert _looks_french(exc.message_fr), exc.message_fr
        assert not data_dir.exists() or not any(data_dir.iterdir())
        return
    _check_report(report)
    written = {p.name for p in data_dir.iterdir()} if data_dir.exists() else set()
    # only the database (and SQLite's WAL companions), never a name taken from the input
    db = storage.DATABASE_FILE
    assert written <= {db, f"{db}-wal", f"{db}-shm"}


def test_the_corpus_holds_at_least_thirty_cases():
    assert len(hostile.NAMES) >= 30
    assert len(set(hostile.NAMES) | set(hostile.REGISTER_NAMES)) == len(hostile.NAMES) + len(
        hostile.REGISTER_NAMES
    )


def test_a_symlink_to_a_system_file_is_read_as_data_only(tmp_path):
    path = hostile.build(tmp_path, "lien_vers_etc_passwd")
    data_dir = tmp_path / "donnees"
    try:
        report = import_file(path, "acteurs", data_dir, dry_run=True)
    except ReadError as exc:
        assert _looks_french(exc.message_fr)
        return
    # read as a table with no recognised column it is refused above; if it ever passes, the
    # lines stay data: nothing written, nothing resolved outside the report
    assert report.rows_accepted == 0 or report.frame is not None


def test_a_traversal_display_name_cannot_move_the_written_file(tmp_path):
    path = hostile.build(tmp_path / "entree", "nom_avec_traversee")
    data_dir = tmp_path / "donnees"
    report = import_file(path, "acteurs", data_dir, display_name="../../../etc/passwd.csv")
    assert str(data_dir / storage.DATABASE_FILE) in report.written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["donnees", "entree"]


# --- The command line, in real subprocesses ------------------------------------------------------


def _run_cli(path: Path, kind: str, data_dir: Path, fmt: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # a poor console must not break messages
    env.pop(storage.ENV_VAR, None)
    return subprocess.run(
        [sys.executable, "-m", "observatoire", "import", str(path), "--type", kind,
         "--format", fmt, "--data-dir", str(data_dir)],
        cwd=REPO, capture_output=True, env=env, timeout=300, check=False,
    )


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory):
    """Every case through the command line once (two at a time: the machine has two cores)."""
    base = tmp_path_factory.mktemp("cli")

    def run(case):
        name, fmt = case
        folder = base / f"{name}-{fmt}"
        path = hostile.build(folder / "entree", name)
        return case, folder, _run_cli(path, "acteurs", folder / "donnees", fmt)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return {case: (folder, done) for case, folder, done in pool.map(run, CLI_CASES)}


# every hostile file as our table; the register-shaped ones (and a few others) as registers
CLI_CASES = [(name, "modele") for name in hostile.NAMES] + [
    (name, fmt) for fmt in ("sirene", "rna")
    for name in hostile.REGISTER_NAMES + ["octets_nuls", "zip_deguise", "lien_vers_etc_passwd"]
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[f"{n}-{f}" for n, f in CLI_CASES])
def test_the_command_line_never_shows_a_traceback(cli_results, case):
    folder, done = cli_results[case]
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert done.returncode in (0, 2), stderr
    if done.returncode == 2:
        assert stderr.startswith("Import impossible : ") and _looks_french(stderr), stderr
    else:
        report = json.loads(done.stdout.decode("utf-8"))
        assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]
        assert all(isinstance(e["reason"], str) for e in report["errors"])


# --- The upload page's engine (observatoire.upload), as the « Données et méthode » page calls it ---

UPLOAD_CASES = [name for name in hostile.NAMES + hostile.REGISTER_NAMES
                if not callable((hostile.cases() | hostile.register_cases())[name])]
HOSTILE_NAMES = ["../../etc/passwd.csv", "..\\..\\x.csv", "a" * 400 + ".csv", "\x00.csv",
                 "<img src=x onerror=alert(1)>.csv", ""]


# gzip and random bytes once crashed the format detection (strict cp1252 decoding)
@pytest.mark.parametrize("name", UPLOAD_CASES)
def test_the_upload_engine_gives_a_report_or_a_french_refusal(tmp_path, name):
    from observatoire import upload

    file_name, data = (hostile.cases() | hostile.register_cases())[name]
    fmt = upload.detect_format(data)
    stored = upload.store(data, file_name, tmp_path / "envois")
    assert (tmp_path / "envois") in stored.path.parents
    try:
        report = upload.run(stored, "acteurs", fmt, "remplacer", dry_run=True,
                            data_dir=tmp_path / "donnees")
    except upload.UploadRefused as exc:
        assert _looks_french(str(exc)), str(exc)
        return
    _check_report(report)


@pytest.mark.parametrize("file_name", HOSTILE_NAMES)
def test_an_uploaded_file_name_cannot_leave_the_upload_folder(tmp_path, file_name):
    from observatoire import upload

    stored = upload.store(b"nom;code_commune\nA;01001\n", file_name, tmp_path / "envois")
    assert stored.path.parent.parent == tmp_path / "envois"
    assert len(stored.path.name) <= 120 and "/" not in stored.path.name
