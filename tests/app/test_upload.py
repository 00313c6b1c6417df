"""The upload flow of « Données et méthode » through AppTest: preview, confirm, history, restore.

AppTest 1.67 sets a file_uploader's value with `set_value((name, bytes, mime))`, so the page is
driven exactly as a person would (no session_state injection needed).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from observatoire import dataset, storage
from tests import registers
from tests.conftest import ROOT


@pytest.fixture
def data_dir(monkeypatch, tmp_path):
    """An import folder pre-filled with the demo files, read by the dashboard."""
    folder = tmp_path / "donnees"
    folder.mkdir()
    for name in ("acteurs.csv", "projets.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    monkeypatch.setenv(storage.ENV_VAR, str(folder))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield folder
    st.cache_data.clear()
    st.cache_resource.clear()


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/donnees_methode.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, data: bytes, key: str = "upload-fichier-0") -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_an_rna_upload_is_detected_previewed_and_written_only_on_confirm(data_dir, tmp_path):
    before = (data_dir / "acteurs.csv").read_bytes()
    stamp = dataset.files_stamp(storage.resolve_data_dir())
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    assert at.selectbox(key="upload-format-0").value == "rna"
    summary = at.dataframe[next(i for i, d in enumerate(at.dataframe)
                                if "Nombre" in d.value.columns)].value
    counts = dict(zip(summary.iloc[:, 0], summary["Nombre"]))
    assert counts["Lignes acceptées"] == 4 and counts["Lignes rejetées"] == 1
    assert (data_dir / "acteurs.csv").read_bytes() == before  # preview writes nothing
    at.button(key="upload-confirmer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    written = pd.read_csv(data_dir / "acteurs.csv", dtype=str)
    assert sorted(written["id"]) == ["rna-W011000006", "rna-W381000005", "rna-W631000002",
                                     "rna-W691000001"]
    assert dataset.files_stamp(storage.resolve_data_dir()) != stamp
    assert any("enregistré" in s.value for s in at.success)
    assert metric(at, "Acteurs") == "4"
    history = storage.read_history(data_dir)
    assert history[-1]["format"] == "rna" and history[-1]["rows_accepted"] == 4


def test_the_page_shows_the_import_history_with_french_headers(data_dir, tmp_path):
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    at.button(key="upload-confirmer").click().run()
    shown = [d.value for d in at.dataframe]
    history = next(d for d in shown if "Lignes acceptées" in getattr(d, "columns", []))
    assert history.iloc[0]["Fichier"] == path.name
    assert history.iloc[0]["Format"] == "rna" and history.iloc[0]["Lignes acceptées"] == 4

def test_a_file_with_rejections_offers_them_for_download(data_dir, tmp_path):
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    assert any(b.label == "Télécharger les lignes rejetées (CSV)" for b in at.get("download_button"))


def test_an_unusable_upload_gives_a_french_error_and_no_button(data_dir):
    at = upload(data_page(), "vide.csv", b"nom;code_commune\n")
    assert any("Import impossible" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "upload-confirmer"]


def test_restoring_the_previous_version_brings_back_the_demo_rows(data_dir, tmp_path):
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    at.button(key="upload-confirmer").click().run()
    assert metric(at, "Acteurs") == "4"
    at.radio(key="restaurer-type").set_value("acteurs").run()
    at.button(key="restaurer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    demo = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    assert len(pd.read_csv(data_dir / "acteurs.csv", dtype=str)) == len(demo)
    assert storage.read_history(data_dir)[-1]["action"] == "restauration"


def test_the_page_says_imports_are_refused_when_the_demo_folder_is_the_target(monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, str(ROOT / "data"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = data_page()
    assert any("refusés" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "restaurer"]
