"""Vue d'ensemble: the 13 territories of the region."""

import streamlit as st

from observatoire import maps, ui

st.title(ui.APP_TITLE)
st.caption("Les 12 départements de la région, la Métropole de Lyon figurant à part du Rhône.")

departements = ui.layer("departements")
m = maps.territories_map(
    departements,
    tooltip_fields=("nom", "code"),
    tooltip_aliases=("Territoire", "Code"),
)
ui.show_map(m, key="carte-accueil")
