"""The upload flow of « Données et méthode » through AppTest: preview, confirm, history, restore.

The dashboard is taken as served on loopback (a personal machine, where the local user
manages); a network address without sign-in shows no import control.

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


@pytest.fixture(autouse=True)
def server_address():
    """As `make run` serves it: loopback only."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


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
    storage.dispose_engines()


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
    before = storage.read_current(data_dir, "acteurs")  # the CSV folder, taken over
    stamp = dataset.files_stamp(storage.resolve_data_dir())
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    assert at.selectbox(key="upload-format-0").value == "rna"
    summary = at.dataframe[next(i for i, d in enumerate(at.dataframe)
                                if "Nombre" in d.value.columns)].value
    counts = dict(zip(summary.iloc[:, 0], summary["Nombre"]))
    assert counts["Lignes acceptées"] == 5 and counts["Lignes rejetées"] == 1
    pd.testing.assert_frame_equal(storage.read_current(data_dir, "acteurs"), before)  # preview
    at.button(key="upload-confirmer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    written = storage.read_current(data_dir, "acteurs")
    assert sorted(written["id"]) == ["rna-W011000006", "rna-W381000005", "rna-W631000002",
                                     "rna-W691000001", "rna-W691000003"]
    assert dataset.files_stamp(storage.resolve_data_dir()) != stamp
    assert any("enregistré" in s.value for s in at.success)
    assert metric(at, "Acteurs en activité") == "4"
    history = storage.read_history(data_dir)
    assert history[-1]["format"] == "rna" and history[-1]["rows_accepted"] == 5
    assert history[-1]["author"] == "poste local"


def test_the_page_shows_the_import_history_with_french_headers(data_dir, tmp_path):
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    at.button(key="upload-confirmer").click().run()
    shown = [d.value for d in at.dataframe]
    history = next(d for d in shown if "Lignes acceptées" in getattr(d, "columns", []))
    assert history.iloc[0]["Fichier"] == path.name
    assert history.iloc[0]["Format"] == "rna" and history.iloc[0]["Lignes acceptées"] == 5

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
    assert metric(at, "Acteurs en activité") == "4"
    at.radio(key="restaurer-type").set_value("acteurs").run()
    at.button(key="restaurer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    demo = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    assert len(storage.read_current(data_dir, "acteurs")) == len(demo)
    assert storage.read_history(data_dir)[-1]["action"] == "restauration"


def test_the_page_says_imports_are_refused_when_the_demo_folder_is_the_target(monkeypatch):
    monkeypatch.setenv(storage.ENV_VAR, str(ROOT / "data"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = data_page()
    assert any("refusés" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "restaurer"]


def test_the_first_import_from_the_demo_says_what_changes_and_one_click_goes_back(
        monkeypatch, tmp_path):
    folder = tmp_path / "vide"
    monkeypatch.setenv(storage.ENV_VAR, str(folder))
    st.cache_data.clear()
    st.cache_resource.clear()
    demo = {k: len(pd.read_csv(ROOT / "data" / f"{k}.csv")) for k in ("acteurs", "projets")}
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    sentence = next(i.value for i in at.info if "Après l'import" in i.value)
    assert sentence.startswith(
        "Le tableau de bord montre aujourd'hui le jeu de démonstration : "
        f"{demo['acteurs']:,} acteurs et {demo['projets']} projets. "
        "Après l'import : 5 acteurs et 0 projet.".replace(",", "\u202f"))
    summary = at.dataframe[next(i for i, d in enumerate(at.dataframe)
                                if "Nombre" in d.value.columns)].value
    counts = dict(zip(summary.iloc[:, 0], summary["Nombre"]))
    assert counts["Lignes actuelles retirées"] == demo["acteurs"]
    at.button(key="upload-confirmer").click().run()
    assert (metric(at, "Acteurs en activité"), metric(at, "Projets")) == ("4", "0")
    at.button(key="revenir-demo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Projets") == f"{demo['projets']}"
    assert [h["action"] for h in storage.read_history(folder)] == ["import", "démonstration"]
    storage.dispose_engines()


def test_a_network_server_without_sign_in_shows_no_upload_control(data_dir):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    at = data_page()
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.key in ("restaurer", "revenir-demo", "upload-confirmer")]
    assert any("consultation est libre" in i.value for i in at.info)
    # reading stays open: the history is there
    assert any("Version" in d.value.columns for d in at.dataframe)


def test_any_earlier_version_can_be_made_current_again(data_dir, tmp_path):
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    at.button(key="upload-confirmer").click().run()
    assert metric(at, "Acteurs en activité") == "4"
    taken_over = storage.read_history(data_dir)[0]  # the demo CSV files, taken over
    at.selectbox(key="version-choisie").set_value(taken_over["id"]).run()
    at.button(key="retablir-version").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Acteurs en activité") == f"{taken_over['acteurs_rows']:,}".replace(",", "\u202f")
    last = storage.read_history(data_dir)[-1]
    assert (last["action"], last["restored_from"], last["author"]) == (
        "restauration", taken_over["id"], "poste local")
