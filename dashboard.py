"""Entry point: ``streamlit run dashboard.py``."""

import streamlit as st

from observatoire import ui

st.set_page_config(page_title=ui.APP_TITLE, page_icon="🗺️", layout="wide")
ui.static_assets_ready()

pages = [
    st.Page("pages/vue_ensemble.py", title="Vue d'ensemble", icon="🏠", default=True),
]
st.navigation(pages).run()
