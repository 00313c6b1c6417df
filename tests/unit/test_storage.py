"""Where the data lives, versions in one database, take-over of CSV folders, concurrent writers.

The former CSV store's atomic-rename and backup tests are replaced by the database's: a write is
one transaction, every version is kept, and several processes writing at once lose nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from observatoire import storage
from observatoire.schema import ACTEURS_COLUMNS
from observatoire.validation import load_dataset, to_canonical

NOW = dt.datetime(2026, 3, 1, 9, 30, 0)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """A fake per-user data folder, and no environment variable."""
    folder = tmp_path / "utilisateur"
    monkeypatch.setattr(storage, "user_data_dir", lambda: folder)
    monkeypatch.delenv(storage.ENV_VAR, raising=False)
    return folder


def _frame(*names):
    rows = [{"id": f"A{i}", "nom": n, "code_commune": "01001"} for i, n in enumerate(names)]
    return to_canonical(pd.DataFrame(rows), "acteurs")


# --- where the dashboard reads -------------------------------------------------------------


def test_the_dashboard_reads_the_demo_until_something_is_imported(user_dir):
    location = storage.resolve_data_dir()
    assert (location.origin, location.path) == ("demo", storage.DEMO_DATA_DIR)
    assert "démonstration" in location.label_fr


def _write(folder_or_store, frame, kind="acteurs", author="test"):
    store = (folder_or_store if isinstance(folder_or_store, storage.Store)
             else storage.open_store(folder_or_store))
    return store.write(kind, lambda current, version: (frame, {"file_name": "x.csv"}),
                       author=author)


def test_the_dashboard_reads_the_user_folder_once_a_dataset_is_there(user_dir):
    _write(user_dir, _frame("X"))
    location = storage.resolve_data_dir()
    assert (location.origin, location.path) == ("user", user_dir)
    assert str(user_dir) in location.label_fr


def test_the_environment_variable_wins_over_an_imported_user_folder(user_dir, tmp_path, monkeypatch):
    _write(user_dir, _frame("X"))
    monkeypatch.setenv(storage.ENV_VAR, str(tmp_path / "partage"))
    location = storage.resolve_data_dir()
    assert (location.origin, location.path) == ("env", tmp_path / "partage")
    assert storage.ENV_VAR in location.label_fr


def test_a_blank_environment_variable_is_ignored(user_dir, monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, "  ")
    assert storage.resolve_data_dir().origin == "demo"


def test_an_explicit_folder_wins_over_everything(user_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, str(tmp_path / "partage"))
    location = storage.resolve_data_dir(tmp_path / "choisi")
    assert (location.origin, location.path) == ("explicit", tmp_path / "choisi")


def test_the_default_user_folder_is_outside_the_repository():
    folder = storage.user_data_dir().resolve()
    repo = storage.DEMO_DATA_DIR.parent.resolve()
    assert repo not in folder.parents and folder.name == storage.APP_NAME


# --- where imports write ------------------------------------------------------------------


def test_imports_go_to_the_user_folder_by_default(user_dir):
    location = storage.import_target_dir()
    assert (location.origin, location.path) == ("user", user_dir)


def test_imports_follow_the_environment_variable(user_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, str(tmp_path / "partage"))
    assert storage.import_target_dir().path == tmp_path / "partage"


@pytest.mark.parametrize("how", ["explicit", "env", "subfolder"])
def test_imports_refuse_the_shipped_demo_folder(user_dir, monkeypatch, how):
    demo = storage.DEMO_DATA_DIR
    if how == "env":
        monkeypatch.setenv(storage.ENV_VAR, str(demo))
    with pytest.raises(storage.DataStoreError, match="jeu de démonstration livré"):
        if how == "explicit":
            storage.import_target_dir(demo / ".." / "data")
        elif how == "env":
            storage.import_target_dir()
        else:
            storage.import_target_dir(demo / "sous-dossier")


def test_opening_the_store_refuses_the_demo_folder_even_when_called_directly(user_dir, monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, str(storage.DEMO_DATA_DIR))
    with pytest.raises(storage.DataStoreError, match="démonstration"):
        storage.open_store()


def test_a_file_in_place_of_the_folder_is_refused_in_french(tmp_path):
    (tmp_path / "fichier").write_text("x")
    with pytest.raises(storage.DataStoreError, match="n'est pas un dossier"):
        storage.import_target_dir(tmp_path / "fichier")


# --- the database: versions, demonstration, take-over ------------------------------------------


def test_reading_creates_no_database_where_nothing_was_imported(tmp_path):
    assert len(storage.read_current(tmp_path / "vide", "acteurs")) == len(
        storage.read_demo("acteurs"))
    assert not (tmp_path / "vide").exists()


def test_the_sqlite_store_is_in_wal_mode(tmp_path):
    _write(tmp_path, _frame("X"))
    with sqlite3.connect(tmp_path / storage.DATABASE_FILE) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_write_is_a_version_and_the_previous_one_stays_readable(tmp_path):
    store = storage.open_store(tmp_path)
    first = _write(store, _frame("Ancien"), author="agent@region.fr")
    second = _write(store, _frame("Nouveau"))
    assert store.current().id == second.id == first.id + 1
    assert store.read("acteurs", first)["nom"].tolist() == ["Ancien"]
    assert store.read("acteurs", store.current())["nom"].tolist() == ["Nouveau"]
    assert [v.author for v in store.history()] == ["agent@region.fr", "test"]


def test_rows_round_trip_with_their_types(tmp_path):
    frame = storage.read_demo("acteurs")
    _write(tmp_path, frame)
    pd.testing.assert_frame_equal(storage.read_current(tmp_path, "acteurs"), frame)


def test_an_actors_import_keeps_the_projects_and_leaves_the_demo_whole(tmp_path):
    store = storage.open_store(tmp_path)
    first = _write(store, _frame("X"))
    assert (first.acteurs_rows, first.projets_rows) == (1, 0)  # the demo projects left with it
    projets = to_canonical(pd.DataFrame([{"id": "P1", "titre": "T", "porteur_id": "A0"}]),
                           "projets")
    _write(store, projets, kind="projets")
    third = _write(store, _frame("Y", "Z"))
    assert (third.acteurs_rows, third.projets_rows) == (2, 1)
    assert store.read("projets", third)["id"].tolist() == ["P1"]


def test_back_to_demo_then_restore_brings_the_imported_rows_back(tmp_path):
    store = storage.open_store(tmp_path)
    imported = _write(store, _frame("X"))
    demo = store.back_to_demo(author="poste local")
    assert demo.demo and len(store.read("acteurs", store.current())) == len(
        storage.read_demo("acteurs"))
    restored = store.restore(imported.id, author="poste local")
    assert restored.restored_from == imported.id and not restored.demo
    assert store.read("acteurs", store.current())["nom"].tolist() == ["X"]
    assert [v.action for v in store.history()] == ["import", "démonstration", "restauration"]


def test_a_csv_folder_is_taken_over_without_losing_a_row(tmp_path):
    folder = tmp_path / "ancien"
    (folder / "historique").mkdir(parents=True)
    _frame("Très ancien").to_csv(folder / "historique" / "acteurs-20250101-090000-000000.csv",
                                 index=False)
    _frame("A", "B").to_csv(folder / "acteurs.csv", index=False)
    storage.read_demo("projets").head(7).to_csv(folder / "projets.csv", index=False)
    store = storage.open_store(folder).prepare()
    versions = store.history()
    assert [(v.action, v.kind) for v in versions] == [("reprise", "acteurs"), ("reprise", None)]
    current = store.current()
    assert store.read("acteurs", current)["nom"].tolist() == ["A", "B"]
    assert len(store.read("projets", current)) == 7
    assert store.read("acteurs", versions[0])["nom"].tolist() == ["Très ancien"]
    assert (folder / "acteurs.csv").is_file()  # nothing deleted
    # a second start takes nothing over again
    storage.dispose_engines()
    assert len(storage.open_store(folder).prepare().history()) == 2


def test_a_failing_write_changes_nothing(tmp_path):
    store = storage.open_store(tmp_path)
    _write(store, _frame("X"))

    def explode(current, version):
        raise ValueError("erreur au milieu")

    with pytest.raises(ValueError):
        store.write("acteurs", explode, author="test")
    assert len(store.history()) == 1
    assert store.read("acteurs", store.current())["nom"].tolist() == ["X"]


# --- several writers at once ----------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
WRITERS = 3
ROWS = 3000


def _distinct_actors(tag: str, n: int) -> pd.DataFrame:
    rows = [{"id": f"{tag}-{i}", "nom": f"Structure {tag} {i}", "code_commune": "69123"}
            for i in range(n)]
    return to_canonical(pd.DataFrame(rows), "acteurs")


def _cli(path, *extra, env=None):
    environment = {k: v for k, v in os.environ.items()
                   if k not in (storage.ENV_VAR, storage.DATABASE_ENV_VAR)}
    return subprocess.Popen(
        [sys.executable, "-m", "observatoire", "import", str(path), "--type", "acteurs", *extra],
        cwd=REPO, env={**environment, **(env or {})}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )


def _concurrent_merges(tmp_path, extra, env):
    first = tmp_path / "premier.csv"
    _distinct_actors("P", ROWS).to_csv(first, index=False)
    done = _cli(first, *extra, env=env)
    assert done.wait(120) == 0, done.stderr.read()
    files = []
    for k in range(WRITERS):
        files.append(tmp_path / f"envoi{k}.csv")
        _distinct_actors(f"W{k}", ROWS).to_csv(files[-1], index=False)
    processes = [_cli(f, "--mode", "fusionner", *extra, env=env) for f in files]
    outputs = [(p.wait(300), *p.communicate()) for p in processes]
    for code, out, err in outputs:
        assert code == 0, err
    return [__import__("json").loads(out) for _, out, _ in outputs]


def _check_every_row_landed(store, reports):
    current = store.read("acteurs", store.current())
    expected = {f"P-{i}" for i in range(ROWS)} | {
        f"W{k}-{i}" for k in range(WRITERS) for i in range(ROWS)}
    assert len(current) == (WRITERS + 1) * ROWS
    assert set(current["id"]) == expected
    # each report claims the version it wrote, and that version holds what it says
    totals = sorted(r["rows_total"] for r in reports)
    assert totals == [ROWS * (k + 2) for k in range(WRITERS)]
    history = store.history()
    for report in reports:
        version = next(v for v in history if v.id == report["version"])
        assert version.acteurs_rows == report["rows_total"]
        assert report["rows_added"] == ROWS and report["rows_unchanged"] == 0


def test_concurrent_merges_into_sqlite_lose_no_row(tmp_path):
    data_dir = tmp_path / "donnees"
    reports = _concurrent_merges(tmp_path, ["--data-dir", str(data_dir)], {})
    _check_every_row_landed(storage.open_store(data_dir), reports)


def test_concurrent_merges_into_postgresql_lose_no_row(tmp_path, pg_url):
    reports = _concurrent_merges(tmp_path, [], {storage.DATABASE_ENV_VAR: pg_url})
    _check_every_row_landed(storage.Store(pg_url), reports)


def _hold_sqlite_lock(folder: Path, release: threading.Event, held: threading.Event):
    conn = sqlite3.connect(folder / storage.DATABASE_FILE, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held.set()
    release.wait(60)
    conn.execute("ROLLBACK")
    conn.close()


def _hold_pg_lock(url: str, release: threading.Event, held: threading.Event):
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute("SELECT version_id FROM current WHERE id = 1 FOR UPDATE")
        held.set()
        release.wait(60)
        conn.rollback()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_import_that_cannot_get_the_lock_exits_2_and_changes_nothing(tmp_path, backend,
                                                                         request):
    if backend == "sqlite":
        data_dir = tmp_path / "donnees"
        store, extra, env = storage.open_store(data_dir), ["--data-dir", str(data_dir)], {}
        holder = _hold_sqlite_lock
        target = data_dir
    else:
        url = request.getfixturevalue("pg_url")
        store, extra, env = storage.Store(url), [], {storage.DATABASE_ENV_VAR: url}
        holder = _hold_pg_lock
        target = url
    _write(store, _frame("X"))
    path = tmp_path / "envoi.csv"
    _distinct_actors("W", 10).to_csv(path, index=False)
    release, held = threading.Event(), threading.Event()
    thread = threading.Thread(target=holder, args=(target, release, held))
    thread.start()
    try:
        assert held.wait(30)
        process = _cli(path, "--mode", "fusionner", *extra,
                       env={**env, storage.LOCK_TIMEOUT_ENV_VAR: "1"})
        code = process.wait(120)
        out, err = process.communicate()
    finally:
        release.set()
        thread.join()
    assert code == 2 and out == ""
    assert "Un autre import est en cours" in err and "Traceback" not in err
    assert len(store.history()) == 1
    assert store.read("acteurs", store.current())["nom"].tolist() == ["X"]


# --- the versions command ---------------------------------------------------------------------


def test_the_versions_command_lists_restores_and_goes_back_to_the_demo(tmp_path, capsys):
    from observatoire.versions_cli import main

    store = storage.open_store(tmp_path)
    first = _write(store, _frame("Ancien"))
    _write(store, _frame("Nouveau"))
    assert main(["--data-dir", str(tmp_path)]) == 0
    listed = __import__("json").loads(capsys.readouterr().out)
    assert listed["current"] == 2 and [v["id"] for v in listed["versions"]] == [1, 2]
    assert main(["--data-dir", str(tmp_path), "--restaurer", str(first.id)]) == 0
    assert store.read("acteurs", store.current())["nom"].tolist() == ["Ancien"]
    assert main(["--data-dir", str(tmp_path), "--demonstration"]) == 0
    assert store.current().demo and store.current().author.startswith("ligne de commande")
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "--restaurer", "99"]) == 2
    assert "Version 99 introuvable" in capsys.readouterr().err
    assert main(["--data-dir", str(storage.DEMO_DATA_DIR), "--demonstration"]) == 2


def test_reading_never_waits_for_a_running_import(tmp_path, monkeypatch):
    _write(tmp_path, _frame("X"))
    storage.dispose_engines()  # a process that starts while an import holds the write lock
    monkeypatch.setenv(storage.LOCK_TIMEOUT_ENV_VAR, "1")
    release, held = threading.Event(), threading.Event()
    thread = threading.Thread(target=_hold_sqlite_lock, args=(tmp_path, release, held))
    thread.start()
    try:
        assert held.wait(30)
        store = storage.open_store(tmp_path).prepare()
        version, acteurs, _ = store.snapshot()
        assert acteurs["nom"].tolist() == ["X"] and version.id == 1
    finally:
        release.set()
        thread.join()
    storage.dispose_engines()


# --- a database written before a column was added --------------------------------------------


def _older_database(store, reopen):
    """Drop the added columns, as a database created by an earlier version would be."""
    from observatoire.schema import ADDED_COLUMNS

    with store.engine.begin() as conn:
        for column in sorted(ADDED_COLUMNS):
            conn.exec_driver_sql(f"ALTER TABLE acteurs DROP COLUMN {column}")
    storage.dispose_engines()  # forgets which databases were checked
    return reopen()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_from_before_the_closure_column_is_upgraded_and_loses_nothing(
    tmp_path, backend, request
):
    if backend == "sqlite":
        reopen = lambda: storage.open_store(tmp_path)  # noqa: E731
    else:
        url = request.getfixturevalue("pg_url")
        reopen = lambda: storage.open_store(url=url)  # noqa: E731
    store = reopen()
    assert store.is_sqlite == (backend == "sqlite")
    _write(store, _frame("Ancien", "Autre"))
    store = _older_database(store, reopen)
    # opening it adds the column, empty: both actors are open
    frame = store.read("acteurs", store.prepare().current())
    assert frame["nom"].tolist() == ["Ancien", "Autre"]
    assert list(frame.columns) == ACTEURS_COLUMNS and frame["annee_fermeture"].isna().all()
    closed = _frame("Fermé")
    closed["annee_fermeture"] = pd.array([2020], dtype="Int64")
    _write(store, closed)
    assert store.read("acteurs", store.current())["annee_fermeture"].tolist() == [2020]
    assert store.read("acteurs", store.history()[0])["nom"].tolist() == ["Ancien", "Autre"]
