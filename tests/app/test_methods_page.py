"""« Données et méthode » documents issue 10's methods: families, evolution, rates, zones blanches."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def demo_data(monkeypatch, tmp_path):
    monkeypatch.delenv("OBSERVATOIRE_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_the_methods_page_states_thresholds_and_the_smoothing_formula():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/donnees_methode.py")
    at.run()
    assert not at.exception
    text = re.sub(r"[ \n]+", " ", "\n".join(m.value for m in at.markdown))
    for expected in ("hors familles de l'ESS", "moins de 2\u202f000 habitants",
                     "A = max(s² − m / n̄, 0)", "20 km par défaut", "partie AURA seulement"):
        assert expected in text, expected
