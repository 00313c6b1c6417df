"""Déclaration d'accessibilité (RGAA 4.1 model): conformity, non-conformities and alternatives."""

import streamlit as st

from observatoire import sources, ui

ui.page_header("Déclaration d'accessibilité")
st.markdown(sources.accessibility_statement())
