"""Comparer: two to four territories of any level side by side, chosen by name, in the link."""

import streamlit as st

from observatoire import charts, comparison, evolution, levels, portrait, schema, tables, ui
from observatoire.formatting import Unit

ui.page_header(
    "Comparer des territoires",
    "Deux à quatre territoires de tout niveau côte à côte : chiffres clés, taux, familles de "
    "l'ESS, secteurs, évolution. Les filtres de secteur, type, forme, famille, dispositif et "
    "années s'appliquent à chacun ; le territoire des filtres n'est pas utilisé ici.",
)
references = {level: ui.reference(level) for level in levels.TERRITORIAL}
choices = comparison.options(references)
# the link's territories (views.VIEW_PARAMS, `territoires`), kept only when known here
selection, notices = comparison.parse(
    ",".join(st.session_state.get("comparer-territoires") or []), references)
for notice in notices:
    st.info(notice, icon="ℹ️")
st.session_state["comparer-territoires"] = selection
st.multiselect(
    "Territoires à comparer (tapez quelques lettres du nom ou le code)", list(choices),
    format_func=choices.get, max_selections=comparison.MAX_TERRITORIES,
    key="comparer-territoires", placeholder="Choisissez 2 à 4 territoires",
)
if len(selection) < 2:
    st.info("Choisissez au moins deux territoires, par exemple un département et une "
            "intercommunalité, ou quatre communes.", icon="ℹ️")
    st.stop()

data = ui.dataset()
acteurs, projets = portrait.region_frames(data.acteurs, data.projets, ui.current_filters())

st.header("Chiffres clés")
figures = comparison.key_figures(selection, acteurs, projets, references)
st.dataframe(tables.styled(figures), hide_index=True, width="stretch")
ui.download_buttons(figures, "comparaison_chiffres", key="comparer-chiffres", geojson=False)

for title, by, stem in (("Familles de l'ESS (part des acteurs, %)", "famille", "familles"),
                        ("Secteurs (part des acteurs, %)", "secteur", "secteurs")):
    st.header(title)
    shares = comparison.shares(selection, acteurs, references, by)
    st.dataframe(tables.styled(shares, units=dict.fromkeys(shares.columns[1:], Unit.RATE)),
                 hide_index=True, width="stretch", height=36 * (len(shares) + 1) + 4)
    ui.download_buttons(shares, f"comparaison_{stem}", key=f"comparer-{stem}", geojson=False)

st.header("Évolution des acteurs en activité au 31 décembre")
e1, e2 = st.columns([1, 3])
first = int(e1.number_input("Depuis l'année", min_value=schema.FIRST_CREATION_YEAR,
                            max_value=schema.current_year(), step=1, key="comparer-depuis"))
as_index = e2.toggle(f"Indice base 100 en {first}", value=True, key="comparer-indice")
history, _ = portrait.region_frames(data.history(), data.projets, ui.current_filters())
table = comparison.evolution_table(selection, history, projets, references, first)
st.altair_chart(
    charts.evolution_lines(comparison.evolution_chart_data(table, as_index),
                           "Indice base 100" if as_index else "Acteurs en activité"),
    width="stretch",
)
st.dataframe(tables.styled(table), hide_index=True, width="stretch")
ui.download_buttons(table, "comparaison_evolution", key="comparer-evolution", geojson=False)
