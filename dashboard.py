"""Entry point: ``streamlit run dashboard.py``."""

import streamlit as st

from observatoire import ui

st.set_page_config(page_title=ui.APP_TITLE, page_icon="🗺️", layout="wide")
ui.static_assets_ready()

# The file name of each page is its French URL slug (Streamlit derives the address from it,
# also in its legacy pages/ mode, so a deep link works even on a freshly started server).
PAGES = [
    st.Page("pages/vue_ensemble.py", title="Vue d'ensemble", icon=":material/home:", default=True),
    st.Page("pages/carte.py", title="Carte", icon=":material/map:"),
    st.Page("pages/acteurs.py", title="Acteurs", icon=":material/groups:"),
    st.Page("pages/projets.py", title="Projets", icon=":material/lightbulb:"),
    st.Page("pages/portrait.py", title="Portrait de territoire", icon=":material/location_on:"),
    st.Page("pages/evolution.py", title="Évolution", icon=":material/timeline:",
            url_path="evolution"),
    st.Page("pages/comparer.py", title="Comparer", icon=":material/compare_arrows:",
            url_path="comparer"),
    st.Page(
        "pages/donnees_methode.py", title="Données et méthode", icon=":material/menu_book:",
        url_path="donnees-methode",
    ),
    st.Page("pages/accessibilite.py", title="Accessibilité", icon=":material/accessibility:"),
]

page = st.navigation(PAGES)
ui.sidebar_filters(page.url_path)
page.run()
ui.keep_view(page.url_path)
