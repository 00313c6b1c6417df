"""The data page on a PostgreSQL store: imports, history and return to the demo all use it."""

from __future__ import annotations

import pytest
import streamlit as st

from observatoire import storage
from tests import registers
from tests.app.test_upload import data_page, metric, server_address, upload  # noqa: F401


@pytest.fixture
def shared(monkeypatch, tmp_path, pg_url):
    folder = tmp_path / "dossier"
    monkeypatch.setenv(storage.DATABASE_ENV_VAR, pg_url)
    monkeypatch.setenv(storage.ENV_VAR, str(folder))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield pg_url, folder
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_page_imports_lists_and_goes_back_to_the_demo_in_the_shared_database(shared,
                                                                                  tmp_path):
    url, folder = shared
    path = registers.rna_file(tmp_path)
    at = upload(data_page(), path.name, path.read_bytes())
    at.button(key="upload-confirmer").click().run()
    assert metric(at, "Acteurs en activité") == "4"
    history = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert history["Fichier"].tolist() == [path.name]
    assert history["Par"].tolist() == ["poste local"]
    at.button(key="revenir-demo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    store = storage.Store(url)
    assert [v.action for v in store.history()] == ["import", "démonstration"]
    assert not (folder / storage.DATABASE_FILE).exists()  # nothing went to a SQLite file
