"""Vue d'ensemble: key figures, the 13 territories, sectors, territory x sector matrix."""

import streamlit as st

from observatoire import charts, indicators, leaflet, tables, ui
from observatoire.formatting import Unit, fmt_eur, fmt_int

ui.page_header(
    "Vue d'ensemble",
    "Les acteurs de l'ESS et leurs projets d'innovation sociale dans les 13 territoires de la "
    "région (la Métropole de Lyon figure à part du Rhône), selon les filtres choisis.",
)
acteurs, projets = ui.filtered()
ui.closed_note()
figures = indicators.key_figures(acteurs, projets)

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Acteurs", fmt_int(figures["nb_acteurs"]))
c2.metric("Projets", fmt_int(figures["nb_projets"]))
c3.metric("Emplois (acteurs)", fmt_int(figures["emplois"]))
c4.metric("Aides aux projets", fmt_eur(figures["montant_aide_eur"]))
c5.metric("Acteurs non localisés", fmt_int(figures["nb_non_localises"]))

departements = ui.reference("departements")
left, right = st.columns([3, 2])
with left:
    st.header("Carte des territoires")
    indicator = st.radio(
        "Indicateur", indicators.MAP_INDICATORS, format_func=lambda k: indicators.get(k).label,
        horizontal=True, key="vue-indicateur",
    )
    table = indicators.territory_table(indicator, acteurs, projets, departements, "departements")
    m = leaflet.choropleth_map(
        ui.layer("departements"), table, indicator,
        highlight_codes=ui.current_filters().departements,
    )
    ui.show_map(m, key="carte-vue-" + indicator, height=520)
with right:
    st.header("Par territoire")
    twin = tables.territory_table(table)
    st.dataframe(tables.styled(twin), hide_index=True, width="stretch", height=480)
    ui.download_buttons(twin, f"territoires_{indicator}", key="vue-export", geojson=False)

st.header("Acteurs par secteur")
mix = indicators.sector_mix(acteurs)
st.altair_chart(charts.sector_bars(mix), width="stretch")

st.header("Acteurs par famille de l'ESS")
st.caption(
    "Famille déduite de la forme juridique ; les autres formes (sociétés commerciales non "
    "agréées ESUS, organismes publics, forme inconnue) sont comptées « hors familles de l'ESS »."
)
families = indicators.family_mix(acteurs)
left, right = st.columns([3, 2])
left.altair_chart(charts.sector_bars(families, category="Famille"), width="stretch")
families_table = tables.mix_table(families, "Famille")
right.dataframe(tables.styled(families_table, units={"Part (%)": Unit.RATE}),
                hide_index=True, width="stretch")
with right:
    ui.download_buttons(families_table, "familles", key="vue-familles-export", geojson=False)

st.header("Couverture : territoires × secteurs")
st.caption(
    "Nombre d'acteurs par territoire et par secteur ; les cases grises signalent un secteur "
    "sans aucun acteur dans le territoire."
)
matrix = indicators.sector_matrix(acteurs, departements)
matrix.index = departements.set_index("code").loc[matrix.index, "nom"]
matrix.index.name = "Territoire"
st.dataframe(
    matrix.style.apply(lambda _: tables.heat_styles(matrix), axis=None).format(fmt_int),
    width="stretch",
)
