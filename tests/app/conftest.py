"""What every AppTest of the dashboard shares: the shipped demonstration with fresh caches."""

from __future__ import annotations

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def demo_data(monkeypatch, tmp_path):
    """The dashboard reads the shipped demonstration (no user folder), with fresh caches."""
    monkeypatch.delenv("OBSERVATOIRE_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
