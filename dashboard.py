"""Entry point: ``streamlit run dashboard.py``."""

import streamlit as st

from observatoire import ui

st.set_page_config(page_title=ui.APP_TITLE, page_icon="🗺️", layout="wide")
ui.static_assets_ready()

# The file name of each page is its French URL slug.
PAGES = [
    st.Page("pages/vue_ensemble.py", title="Vue d'ensemble", icon=":material/home:", default=True),
    st.Page("pages/carte.py", title="Carte", icon=":material/map:", url_path="carte"),
    st.Page("pages/acteurs.py", title="Acteurs", icon=":material/groups:", url_path="acteurs"),
    st.Page("pages/projets.py", title="Projets", icon=":material/lightbulb:", url_path="projets"),
    st.Page("pages/portrait.py", title="Portrait de territoire", icon=":material/location_on:", url_path="portrait"),
    st.Page(
        "pages/donnees_methode.py", title="Données et méthode", icon=":material/menu_book:",
        url_path="donnees-methode",
    ),
]

page = st.navigation(PAGES)
ui.sidebar_filters()
page.run()
