"""Data folder choice, atomic replacement, backups and import history."""

from __future__ import annotations

import datetime as dt
import json

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


def test_the_dashboard_reads_the_user_folder_once_a_dataset_is_there(user_dir):
    storage.write_dataset_atomic(_frame("X"), user_dir, "acteurs")
    location = storage.resolve_data_dir()
    assert (location.origin, location.path) == ("user", user_dir)
    assert str(user_dir) in location.label_fr


def test_the_environment_variable_wins_over_an_imported_user_folder(user_dir, tmp_path, monkeypatch):
    storage.write_dataset_atomic(_frame("X"), user_dir, "acteurs")
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


def test_writing_refuses_the_demo_folder_even_when_called_directly():
    with pytest.raises(storage.DataStoreError, match="démonstration"):
        storage.write_dataset_atomic(_frame("X"), storage.DEMO_DATA_DIR, "acteurs")


def test_a_file_in_place_of_the_folder_is_refused_in_french(tmp_path):
    (tmp_path / "fichier").write_text("x")
    with pytest.raises(storage.DataStoreError, match="n'est pas un dossier"):
        storage.import_target_dir(tmp_path / "fichier")


# --- atomic writing -------------------------------------------------------------------------


def test_a_first_write_creates_the_folder_and_keeps_no_backup(tmp_path):
    result = storage.write_dataset_atomic(_frame("X"), tmp_path / "neuf", "acteurs", now=NOW)
    assert result.path == tmp_path / "neuf" / "acteurs.csv" and result.backup is None
    assert load_dataset(result.path, "acteurs")["nom"].tolist() == ["X"]
    assert result.path.read_text(encoding="utf-8").splitlines()[0] == ",".join(ACTEURS_COLUMNS)


def test_a_rewrite_keeps_the_previous_version_in_a_dated_backup(tmp_path):
    storage.write_dataset_atomic(_frame("Ancien"), tmp_path, "acteurs", now=NOW)
    old = (tmp_path / "acteurs.csv").read_bytes()
    result = storage.write_dataset_atomic(_frame("Nouveau"), tmp_path, "acteurs", now=NOW)
    assert result.backup == tmp_path / "historique" / "acteurs-20260301-093000-000000.csv"
    assert result.backup.read_bytes() == old
    assert load_dataset(result.path, "acteurs")["nom"].tolist() == ["Nouveau"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_an_interrupted_write_leaves_the_previous_file_and_no_debris(tmp_path, monkeypatch, failing):
    storage.write_dataset_atomic(_frame("Ancien"), tmp_path, "acteurs", now=NOW)
    old = (tmp_path / "acteurs.csv").read_bytes()

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(storage.os, failing, broken)
    with pytest.raises(storage.WriteError) as caught:
        storage.write_dataset_atomic(_frame("Nouveau"), tmp_path, "acteurs", now=NOW)
    assert "impossible" in caught.value.message_fr and "intact" in caught.value.message_fr
    assert (tmp_path / "acteurs.csv").read_bytes() == old
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["acteurs.csv"]


# --- history ------------------------------------------------------------------------------------


def test_history_is_appended_and_read_back_in_order(tmp_path):
    storage.append_history(tmp_path, {"date": "2026-01-01", "type": "acteurs", "fichier": "é.csv"})
    storage.append_history(tmp_path, {"date": "2026-01-02", "type": "projets"})
    assert [e["type"] for e in storage.read_history(tmp_path)] == ["acteurs", "projets"]
    assert "é.csv" in (tmp_path / "historique.jsonl").read_text(encoding="utf-8")


def test_a_line_cut_by_a_crash_does_not_hide_the_rest_of_the_history(tmp_path):
    path = tmp_path / "historique.jsonl"
    path.write_text(json.dumps({"type": "acteurs"}) + "\n{\"type\": \"proj", encoding="utf-8")
    storage.append_history(tmp_path, {"type": "projets"})
    assert [e["type"] for e in storage.read_history(tmp_path)] == ["acteurs", "projets"]


def test_a_folder_without_history_has_an_empty_one(tmp_path):
    assert storage.read_history(tmp_path / "absent") == []
